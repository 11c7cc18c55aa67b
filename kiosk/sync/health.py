"""Heartbeats (``central.health``): the kiosk tells the server how it is, once a minute.

The body carries the outbox backlog, free disk space, the catalogue version, the relay's
failures and whatever ``set_extra`` adds (the UI adds device health).
"""
from __future__ import annotations

import shutil
from collections.abc import Callable

from kiosk.sync.catalogue import CatalogueCache
from kiosk.sync.client import CentralClient, now_iso
from kiosk.sync.online import OnlineState
from kiosk.sync.outbox import Outbox
from kiosk.sync.relay import Relay


class Health:
    def __init__(self, kiosk_id: str, outbox: Outbox, relay: Relay, client: CentralClient,
                 catalogue: CatalogueCache, link: OnlineState) -> None:
        self.kiosk_id = kiosk_id
        self.outbox, self.relay, self.client = outbox, relay, client
        self.catalogue = catalogue
        self.link = link
        self._extra: Callable[[], dict] | None = None

    def set_extra(self, extra: Callable[[], dict] | None) -> None:
        """``extra()`` is merged into every heartbeat (called on the relay's thread)."""
        self._extra = extra

    def heartbeat_body(self) -> dict:
        try:
            free_mb = shutil.disk_usage(self.outbox.data_dir).free / 1e6
        except OSError:
            free_mb = None
        body = {"kiosk_id": self.kiosk_id, "at": now_iso(), "backlog": self.outbox.status(),
                "disk_free_mb": None if free_mb is None else round(free_mb),
                "disk_reserve_mb": self.outbox.disk_reserve_mb,
                "catalogue_etag": self.catalogue.etag, "relay_failures": self.relay.failures}
        extra = self._extra
        if extra is not None:
            try:
                body.update(extra())
            except Exception as exc:  # noqa: BLE001 - device health is best effort
                body["extra_error"] = str(exc)
        return body

    def send_heartbeat(self) -> dict:
        """Send one heartbeat now (raises CentralError when the server cannot be reached)."""
        return self.client.heartbeat(self.kiosk_id, self.heartbeat_body())

    def periodic(self) -> None:
        """The relay's periodic task: beat unless the server is known to be down."""
        if not self.link.known_down:
            self.send_heartbeat()
