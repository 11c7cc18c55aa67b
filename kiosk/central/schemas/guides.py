"""The contract of the service guides (办事指南): every item's guide with the broad themes
and life events to browse by (~700 items, an ETag of its own), and one item by its code.

Handlers: :mod:`kiosk.central.guides`; the data ``demo_guides.json``.
"""
from __future__ import annotations

from pydantic import Field

from kiosk import protocol as P
from kiosk.central.schemas import Operation
from kiosk.central.schemas.common import Model
from kiosk.central.schemas.queue import READ_ERRORS, Material


class Named(Model):
    """A theme or a life event to browse the guides by."""
    code: str
    name: str
    name_en: str


class GuideTimeLimit(Model):
    """The statutory and promised time to decide, in working days."""
    legal_days: int = Field(description="statutory limit in working days")
    promised_days: int = Field(description="the hall's promise; 0 = on the spot")
    note: str | None = None
    note_en: str | None = None


class GuideItem(Model):
    """One service item's guide: conditions, materials, process, legal basis, time limits,
    fees, where (Chinese and English)."""
    code: str
    name: str
    name_en: str
    category: str = Field(description="the ticket category (catalogue)")
    zone: str
    floor: int | None = None
    windows: str | None = None
    certificate_windows: str | None = None
    theme: str = Field(description="one of the broad categories")
    life_events: list[str] = Field(default_factory=list)
    popularity: int | None = Field(None, description="0–999; ranks search ties")
    self_service: bool = False
    conditions: list[str] = Field(default_factory=list)
    conditions_en: list[str] = Field(default_factory=list)
    materials: list[Material]
    accept_missing: bool = Field(False, description="容缺受理: some materials may follow")
    process: list[str] = Field(default_factory=list)
    process_en: list[str] = Field(default_factory=list)
    legal_basis: list[str] = Field(default_factory=list)
    time_limit: GuideTimeLimit
    fees: str | None = None
    fees_en: str | None = None
    online_url: str | None = None
    notes: list[str] = Field(default_factory=list)
    notes_en: list[str] = Field(default_factory=list)


class Guides(Model):
    """Every service item's guide, with the themes and life events."""
    schema_: int = Field(alias="schema", examples=[P.GUIDES_SCHEMA])
    themes: list[Named]
    life_events: list[Named]
    items: list[GuideItem]


OPERATIONS = {
    ("GET", P.GUIDES): Operation(
        "getGuides", "Every service item's guide (办事指南), with the themes and life events",
        ("catalogue",), answers={200: Guides, 304: None}, errors=READ_ERRORS,
        description="Apart from the catalogue (about 1 MB for 700 items) with an ETag of its "
                    "own: send the last one in If-None-Match; an unchanged set answers 304."),
    ("GET", P.GUIDE): Operation(
        "getGuide", "One service item's guide", ("catalogue",), answers={200: GuideItem},
        errors=READ_ERRORS + (404,)),
}
