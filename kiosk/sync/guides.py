"""The service guides on the kiosk (``central.guides``): fetched apart from the catalogue,
kept on disk for offline use, searched in memory.

    index = central.guides.index()     # a kiosk.guides.GuideIndex (off the Qt thread)

``index()`` asks the server at most every ``REFRESH_S`` (``If-None-Match``: an unchanged set
is one 304), keeps the last good copy in ``<data_dir>/guides/guides.json`` (written to a
temporary file, fsynced, renamed: a power cut leaves the old copy or the new one), and
builds the search index once per version. When the server cannot be asked the copy on disk
serves; with neither, the guides are unavailable (one ServiceUnavailable with words).
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path

from typing import TYPE_CHECKING

from kiosk import protocol as P
from kiosk.config import Settings
from kiosk.services import ServiceUnavailable
from kiosk.sync.client import CentralClient, CentralError
from kiosk.sync.online import OnlineState

if TYPE_CHECKING:  # (pypinyin's dictionaries take ~0.25 s to import: not before the first frame)
    from kiosk.guides import GuideIndex

log = logging.getLogger(__name__)

#: how often the kiosk asks whether the guides changed (they change with the hall's catalogue)
REFRESH_S = 600.0
#: the citizen waits while the guides load for the first time: short timeouts of our own
CONNECT_S, READ_S = 2.0, 10.0


class Guides:
    def __init__(self, settings: Settings, client: CentralClient, link: OnlineState, *,
                 cache_dir: Path | None = None, refresh_s: float = REFRESH_S) -> None:
        self.settings = settings
        self.client = client
        self.link = link
        self.cache = (cache_dir or settings.data_dir / "guides") / "guides.json"
        self.refresh_s = refresh_s
        self._lock = threading.Lock()
        self._index: GuideIndex | None = None
        self._etag: str | None = None
        self._checked = -1e18  # monotonic time of the last answer from the server
        self.source = "none"  # none | cache | server

    def index(self) -> GuideIndex:
        """The guides' search index, as fresh as the server allows (may block on the network
        for a few seconds; call it off the Qt thread)."""
        with self._lock:
            if self._index is None:
                self._load_cache()
            if time.monotonic() - self._checked >= self.refresh_s:
                self._refresh()
            if self._index is None:
                raise ServiceUnavailable("no service guides yet (server unreachable, no copy)",
                                         "办事指南暂时无法加载，请稍后再试或咨询工作人员")
            return self._index

    def _load_cache(self) -> None:
        try:
            saved = json.loads(self.cache.read_text(encoding="utf-8"))
            from kiosk.guides import GuideIndex

            self._index = GuideIndex(saved["document"])
            self._etag, self.source = saved.get("etag"), "cache"
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.error("guides copy %s unreadable (%s); waiting for the server", self.cache, exc)

    def _refresh(self) -> None:
        hdrs = {"If-None-Match": self._etag} if self._etag and self._index else {}
        try:
            reply = self.client.call("GET", P.GUIDES, headers=hdrs, timeout=(CONNECT_S, READ_S),
                                     deadline_s=CONNECT_S + READ_S + 5.0)
        except CentralError as exc:
            log.info("guides not refreshed (%s); %s", exc,
                     f"using the {self.source} copy" if self._index else "no copy yet")
            return
        self.link.set(True)
        self._checked = time.monotonic()
        if reply.status == 304:
            return
        doc = reply.data
        if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
            log.error("GET %s: not a guides document; keeping the %s copy", P.GUIDES,
                      self.source)
            return
        from kiosk.guides import GuideIndex

        self._index = GuideIndex(doc)
        self._etag, self.source = reply.headers.get("etag"), "server"
        log.info("service guides updated from the server (%d items)", len(doc["items"]))
        self._save({"etag": self._etag, "document": doc})

    def _save(self, data: dict) -> None:
        """Keep the copy for offline use; a full or read-only disk costs only that."""
        tmp = self.cache.with_suffix(".tmp")
        try:
            self.cache.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as f:
                f.write(json.dumps(data, ensure_ascii=False).encode())
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.cache)
        except OSError as exc:
            log.warning("guides not kept on disk (%s); the copy in memory serves this run", exc)
