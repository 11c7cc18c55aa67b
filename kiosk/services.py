"""Interfaces between the citizen flows (UI) and the services behind them.

The UI's state machine depends on these shapes only; ``kiosk.sync`` implements the queue
service against the central server (with offline fallback), ``kiosk.printing`` prints.
Dataclasses here hold no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Category:
    code: str  # e.g. "police", stable across catalogue versions
    name: str  # Chinese
    name_en: str
    zone: str  # zone code
    zone_name: str
    zone_name_en: str
    floor: int
    windows: str  # e.g. "A01–A20"
    prefix: str = ""  # the letter its numbers start with ("C" for C023): the 补号 keypad's keys
    description: str = ""  # what it covers, one short line (Chinese)
    description_en: str = ""


@dataclass(frozen=True)
class Ticket:
    number: str  # printed and called, e.g. "C023" (offline: kiosk prefix, e.g. "K1-C023")
    category: str  # category code
    category_name: str
    category_name_en: str
    floor: int
    windows: str
    issued_at: datetime
    offline: bool = False
    ahead: int | None = None  # None: unknown (offline)
    est_wait_min: int | None = None
    priority: str | None = None  # e.g. "elderly_70", "appointment"
    reissued_from: str | None = None  # 补号: the missed number this one replaces
    track_url: str = ""  # QR on the ticket: follow the queue on a phone
    kiosk_id: str = ""
    extra: dict = field(default_factory=dict)


def hall_by_category(state: dict) -> dict:
    """The queue server's hall state → {category code: {"waiting", "issued", "est_wait_min"}}."""
    out = {}
    for zone in state.get("zones", ()):
        for c in zone.get("categories", ()):
            out[c["code"]] = {"waiting": int(c.get("waiting", 0)),
                              "issued": int(c.get("issued", 0)),
                              "est_wait_min": c.get("est_wait_min")}
    return out


class ServiceUnavailable(Exception):
    """The service cannot do this now.

    ``message_en``/``message_zh`` are plain words for the citizen's screen; ``detail`` is the
    technical reason for the log and the technician's CLI (``str()`` gives it).
    """

    #: whether trying again can help (False: the server said no — a refusal, not an outage)
    retry = True

    def __init__(self, message_en: str, message_zh: str, *, detail: str = "") -> None:
        super().__init__(detail or message_en)
        self.message_en, self.message_zh, self.detail = message_en, message_zh, detail


class QueueService(Protocol):
    def categories(self) -> list[Category]: ...

    def take_ticket(
        self,
        category: str,
        *,
        priority_reason: str | None = None,
        appointment_code: str | None = None,
        mobile: str | None = None,
    ) -> Ticket: ...

    def reissue(self, number: str) -> Ticket:
        """补号: a new ticket for a missed number, keeping its place (no re-queue)."""
        ...

    def online(self) -> bool: ...
