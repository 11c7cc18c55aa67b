"""The catalogue the central server publishes: zones, categories, service items with guides.

Zones and categories are the demo hall's (``demo_hall.toml``), service items and their
guides come from ``demo_items.toml``, both beside this module. The document's ETag is a hash
of its canonical JSON, so it changes exactly when the content does and an unchanged
catalogue costs the kiosk one 304.
"""
from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kiosk import protocol
from kiosk.central.fields import ApiError
from kiosk.protocol import Err

DEMO_HALL = Path(__file__).parent / "demo_hall.toml"
DEMO_ITEMS = Path(__file__).parent / "demo_items.toml"


class CatalogueError(Exception):
    pass


@dataclass(frozen=True)
class Catalogue:
    document: dict
    body: bytes  # canonical JSON, what GET /v1/catalogue sends
    etag: str  # quoted, as in the header

    def category(self, code: str) -> dict | None:
        return self._categories.get(code)

    def require_category(self, code) -> dict:
        """The category ``code``, or a 404 the kiosk shows as "not offered here"."""
        cat = self._categories.get(code) if isinstance(code, str) else None
        if cat is None:
            raise ApiError(404, Err.UNKNOWN_CATEGORY, f"no category {code!r} in the catalogue")
        return cat

    def has_item(self, code: str) -> bool:
        return code in self._items

    def zone(self, code: str) -> dict | None:
        return self._zones.get(code)

    @cached_property
    def _categories(self) -> dict:
        return {c["code"]: c for c in self.document["categories"]}

    @cached_property
    def _items(self) -> dict:
        return {i["code"]: i for i in self.document["items"]}

    @cached_property
    def _zones(self) -> dict:
        return {z["code"]: z for z in self.document["zones"]}


def canonical_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


_RANGE = re.compile(r"^([A-Z]+)(\d+)\s*[–-]\s*([A-Z]+)?(\d+)$")


def window_count(windows: str) -> int:
    """``"A01–A10"`` → 10; a single window or anything unparsable → 1."""
    m = _RANGE.match(windows.strip())
    if not m:
        return 1
    return max(1, int(m.group(4)) - int(m.group(2)) + 1)


def build_document(hall: dict, items: list[dict]) -> dict:
    zones = []
    for z in hall["zones"]:
        zones.append({k: z[k] for k in ("code", "name", "name_en", "floor", "acceptance_windows",
                                         "certificate_windows", "items") if k in z})
    zone_codes = {z["code"] for z in zones}
    categories = []
    for c in hall["categories"]:
        if c["zone"] not in zone_codes:
            raise CatalogueError(f"category {c['code']}: unknown zone {c['zone']!r}")
        categories.append({
            "code": c["code"], "zone": c["zone"], "prefix": c["prefix"], "name": c["name"],
            "name_en": c["name_en"], "windows": c["windows"],
            "avg_service_min": c.get("avg_service_min", 10),
            # what the category covers, one short line for its tile (helps choose one)
            **{k: c[k] for k in ("description", "description_en") if c.get(k)},
        })
    prefixes = [c["prefix"] for c in categories]
    if len(set(prefixes)) != len(prefixes):
        raise CatalogueError("two categories share a ticket prefix")
    by_code = {c["code"]: c for c in categories}
    out_items = []
    for it in items:
        cat = by_code.get(it.get("category"))
        if cat is None:
            raise CatalogueError(f"item {it.get('code')}: unknown category {it.get('category')!r}")
        guide = {k: it.get(k) for k in ("conditions", "materials", "process", "legal_basis",
                                         "time_limit", "fees", "notes")}
        guide["windows"] = it.get("windows") or cat["windows"]
        out_items.append({"code": it["code"], "category": cat["code"], "zone": cat["zone"],
                          "name": it["name"], "name_en": it["name_en"],
                          "self_service": bool(it.get("self_service", False)), "guide": guide})
    h = hall["hall"]
    return {
        "schema": protocol.CATALOGUE_SCHEMA,
        "hall": {"name": h["name"], "name_en": h["name_en"],
                 "office_hours": h.get("office_hours", [])},
        "zones": zones,
        "categories": categories,
        "items": out_items,
    }


def make_catalogue(document: dict) -> Catalogue:
    body = canonical_json(document)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return Catalogue(document, body, etag)


def load_catalogue(hall_path: Path = DEMO_HALL, items_path: Path = DEMO_ITEMS) -> Catalogue:
    try:
        hall = tomllib.loads(Path(hall_path).read_text(encoding="utf-8"))
        items = tomllib.loads(Path(items_path).read_text(encoding="utf-8")).get("items", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"cannot load the catalogue: {exc}") from None
    return make_catalogue(build_document(hall, items))
