"""Heartbeats (``central.health``): the kiosk tells the server how it is — durably, through the
outbox, every ``interval_s`` and soon after every state change.

The body carries the outbox backlog and its oldest age, free disk space, the catalogue
version, the relay's failures and whatever ``set_extra`` adds (the running kiosk adds device
states, supplies and counters, version, uptime and the last restart's reason:
:meth:`kiosk.admin.Admin.heartbeat_extra`). Never personal data.

A heartbeat is an outbox entry like any other, so one written while the server is away is
delivered when it is back, and the server sees the kiosk's state at that moment. At most one
heartbeat waits in the outbox at a time: while one is pending, the next is not written (a
kiosk offline for a day leaves one, not 1,440); once it is delivered, a due or changed state
is written at the relay's next look (every ``check_s``).
"""
from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable

import sqlalchemy as sa

from kiosk import protocol as P
from kiosk.sync.catalogue import CatalogueCache
from kiosk.sync.client import CentralClient, CentralError, now_iso
from kiosk.sync.online import OnlineState
from kiosk.sync.outbox import Outbox
from kiosk.sync.relay import Relay
from kiosk.sync.schema import outbox as outbox_table

log = logging.getLogger(__name__)

HEARTBEAT_KIND = "heartbeat"
#: how often the relay looks whether a heartbeat is due or the state changed
CHECK_S = 1.0


class Health:
    def __init__(self, kiosk_id: str, outbox: Outbox, relay: Relay, client: CentralClient,
                 catalogue: CatalogueCache, link: OnlineState, *,
                 interval_s: float = 60.0, monotonic: Callable[[], float] = time.monotonic
                 ) -> None:
        self.kiosk_id = kiosk_id
        self.outbox, self.relay, self.client = outbox, relay, client
        self.catalogue = catalogue
        self.link = link
        self.interval_s = interval_s
        self.monotonic = monotonic
        self._extra: Callable[[], dict] | None = None
        self._more: dict[str, Callable[[], dict]] = {}  # add_extra(): the appliance's fields
        self._lock = threading.Lock()
        self._changed = True  # the first look after start writes one
        self._due = 0.0
        self._pending_id: int | None = None  # the heartbeat entry written last
        self.written = 0  # heartbeats written to the outbox by this process

    def set_extra(self, extra: Callable[[], dict] | None) -> None:
        """``extra()`` is merged into every heartbeat (called on the relay's thread)."""
        self._extra = extra

    def add_extra(self, name: str, extra: Callable[[], dict] | None) -> None:
        """Another source of fields merged into every heartbeat, beside :meth:`set_extra`'s
        (kiosk.appliance: the last restart's reason, the nightly maintenance's results).
        ``None`` removes it."""
        if extra is None:
            self._more.pop(name, None)
        else:
            self._more[name] = extra

    def state_changed(self) -> None:
        """A device or supply changed: beat soon (any thread; cheap)."""
        with self._lock:
            self._changed = True
        self.relay.kick()

    @property
    def change_noted(self) -> bool:
        """A state change waits to be reported (the next look writes a heartbeat)."""
        with self._lock:
            return self._changed

    def heartbeat_body(self) -> dict:
        try:
            free_mb = shutil.disk_usage(self.outbox.data_dir).free / 1e6
        except OSError:
            free_mb = None
        body = {"kiosk_id": self.kiosk_id, "at": now_iso(), "backlog": self.outbox.status(),
                "disk_free_mb": None if free_mb is None else round(free_mb),
                "disk_reserve_mb": self.outbox.disk_reserve_mb,
                "catalogue_etag": self.catalogue.etag, "relay_failures": self.relay.failures,
                "interval_s": self.interval_s,
                # a damaged, full or read-only storage, a key restored from its backup: the
                # hall's technicians hear of it here (kiosk.sync.storage)
                "storage": self.outbox.storage_report()}
        extra = self._extra
        if extra is not None:
            try:
                body.update(extra())
            except Exception as exc:  # noqa: BLE001 - device health is best effort
                body["extra_error"] = str(exc)
        for name, more in list(self._more.items()):
            try:
                body.update(more())
            except Exception as exc:  # noqa: BLE001 - best effort, like the above
                body[f"{name}_error"] = str(exc)
        return body

    def send_heartbeat(self) -> dict:
        """Send one heartbeat now, past the outbox (raises CentralError when the server
        cannot be reached). The running kiosk beats through :meth:`periodic`."""
        return self.client.heartbeat(self.kiosk_id, self.heartbeat_body())

    def beat(self) -> int:
        """Write one heartbeat into the outbox now; its entry id. Uses the disk reserve if
        it must: "disk low" is what the server most needs to hear."""
        body = self.heartbeat_body()
        path = P.path(P.HEARTBEATS, kiosk_id=self.kiosk_id)
        entry = self.outbox.write(
            lambda tx: tx.add(HEARTBEAT_KIND, path, body, ref=HEARTBEAT_KIND),
            check_reserve=False)
        with self._lock:
            self._pending_id = entry.id
        self.written += 1
        return entry.id

    def _waiting(self) -> bool:
        """The last heartbeat written is still in the outbox, not yet delivered or parked."""
        with self._lock:
            entry_id = self._pending_id
        if entry_id is None:
            return False
        with self.outbox.engine.connect() as conn:
            status = conn.execute(sa.select(outbox_table.c.status)
                                  .where(outbox_table.c.id == entry_id)).scalar()
        if status != "pending":
            with self._lock:
                if self._pending_id == entry_id:
                    self._pending_id = None
            return False
        return True

    def periodic(self) -> None:
        """The relay's periodic task (every CHECK_S): write a heartbeat when one is due or the
        state changed, unless the previous one still waits to be delivered."""
        now = self.monotonic()
        with self._lock:
            wanted = self._changed or now >= self._due
        if self.outbox.fault is not None:
            # the outbox is out of service: the alert goes straight to the server (it is
            # what the server most needs to hear), as often as heartbeats are due
            if not wanted:
                return
            with self._lock:
                self._changed = False
                self._due = now + self.interval_s
            try:
                self.send_heartbeat()
            except CentralError as exc:
                log.info("heartbeat (storage out of service) not sent: %s", exc)
            return
        if not wanted or self._waiting():
            return
        with self._lock:
            self._due = now + self.interval_s  # (a failed write is tried at the next due time)
            self._changed = False
        try:
            self.beat()
        except Exception:
            with self._lock:
                self._changed = True  # …or sooner, once a change made it worth it
            raise
        self.relay.kick()
