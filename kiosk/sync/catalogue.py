"""The kiosk's copy of the central catalogue, so guides and categories work offline.

Refreshed with ``If-None-Match``: an unchanged catalogue costs one 304. The copy lives in
the kiosk database (one row, replaced in one transaction) and in memory. A kiosk in demo
mode that has never reached a server starts from the catalogue the reference server ships
(its copy in ``kiosk/defaults/demo_catalogue.json``, regenerated with ``kiosk-central
catalogue``; a test checks it is what the server serves).
"""
from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from kiosk import protocol
from kiosk.services import Category, ServiceUnavailable
from kiosk.sync.client import BadResponse, CentralClient, CentralError
from kiosk.sync.outbox import Outbox
from kiosk.sync.schema import catalogue_cache

log = logging.getLogger(__name__)

DEMO_CATALOGUE = Path(__file__).resolve().parents[1] / "defaults" / "demo_catalogue.json"


def demo_catalogue() -> dict:
    """The reference server's catalogue document as shipped with the kiosk (demo seed)."""
    return json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))


def categories_from_document(doc: dict | None) -> list[Category]:
    """The categories of a catalogue document, each with its zone's floor and ticket prefix."""
    if not doc:
        return []
    zones = {z["code"]: z for z in doc.get("zones", [])}
    out = []
    for c in doc.get("categories", []):
        z = zones.get(c["zone"], {})
        out.append(Category(c["code"], c["name"], c.get("name_en", ""), c["zone"],
                            z.get("name", ""), z.get("name_en", ""), int(z.get("floor", 0)),
                            c.get("windows", ""), c.get("prefix", ""),
                            c.get("description", ""), c.get("description_en", "")))
    return out


class CatalogueCache:
    def __init__(self, outbox: Outbox, client: CentralClient, *, seed_demo: bool = False) -> None:
        self.outbox = outbox
        self.client = client
        self.seed_demo = seed_demo
        self._lock = threading.Lock()
        self._doc: dict | None = None
        self._etag: str | None = None
        self.fetched_at: float | None = None
        self.source = "none"  # none | cache | server | demo
        self._confirmed = False  # a 304 confirmed the cached copy
        self._load()

    def _load(self) -> None:
        row = None
        if self.outbox.readable:  # (not when the storage is damaged)
            try:
                with self.outbox.engine.connect() as conn:
                    row = conn.execute(sa.select(catalogue_cache)
                                       .where(catalogue_cache.c.id == 1)).first()
            except sa.exc.DBAPIError as exc:
                log.error("catalogue cache unreadable (%s); waiting for the server", exc)
        if row is not None:
            try:
                self._doc, self._etag = json.loads(row.body), row.etag
                self.fetched_at, self.source = row.fetched_at, "cache"
                return
            except ValueError:
                log.error("catalogue cache unreadable; waiting for the server")
        if self.seed_demo:
            self._doc, self._etag, self.source = demo_catalogue(), None, "demo"

    def refresh(self) -> str:
        """Ask the server: "updated" or "not_modified". Raises CentralError when unreachable."""
        reply = self.client.catalogue(self._etag)
        now = time.time()
        if reply.status == 304:
            self._confirmed = True
            self._store(lambda conn: conn.execute(catalogue_cache.update().where(
                catalogue_cache.c.id == 1).values(checked_at=now)))
            return "not_modified"
        doc = reply.data
        if not isinstance(doc, dict) or not isinstance(doc.get("categories"), list) \
                or not isinstance(doc.get("zones"), list):
            raise BadResponse(f"GET {protocol.CATALOGUE}: not a catalogue document")
        etag = reply.headers.get("etag")
        body = json.dumps(doc, ensure_ascii=False)

        def store(conn) -> None:
            conn.execute(catalogue_cache.delete())
            conn.execute(catalogue_cache.insert().values(
                id=1, etag=etag, fetched_at=now, checked_at=now, body=body))

        self._store(store)
        with self._lock:
            self._doc, self._etag, self.fetched_at, self.source = doc, etag, now, "server"
        log.info("catalogue updated from the server (%d categories, %d items)",
                 len(doc["categories"]), len(doc.get("items", [])))
        return "updated"

    def _store(self, fn) -> None:
        """Keep the copy for offline use; when the storage cannot take it (full, read-only,
        damaged) the copy in memory still serves this run."""
        try:
            self.outbox.write_core(fn)
        except ServiceUnavailable as exc:
            log.warning("catalogue not cached on disk: %s", exc)

    def try_refresh(self) -> str:
        try:
            return self.refresh()
        except CentralError as exc:
            log.info("catalogue not refreshed (%s); using the %s copy", exc, self.source)
            return "unreachable"

    @property
    def document(self) -> dict | None:
        with self._lock:
            return self._doc

    @property
    def from_server(self) -> bool:
        """True once this copy came from (or was confirmed by) a server in this process."""
        return self.source == "server" or self._confirmed

    @property
    def etag(self) -> str | None:
        return self._etag

    def categories(self) -> list[Category]:
        """The categories citizens choose from, each with its ticket prefix."""
        return categories_from_document(self.document)

    def category_record(self, code: str) -> dict | None:
        doc = self.document or {}
        return next((c for c in doc.get("categories", []) if c["code"] == code), None)

    def items(self, category: str | None = None) -> list[dict]:
        doc = self.document or {}
        return [i for i in doc.get("items", []) if category is None or i["category"] == category]

    def item(self, code: str) -> dict | None:
        return next((i for i in self.items() if i["code"] == code), None)
