"""Everything the kiosk says to the central servers, by domain, over one outbox.

    central = build_central(settings)   # opens the outbox; nothing is sent yet
    central.start()                     # the relay thread: delivery, probe, catalogue, heartbeat
    central.queue.take_ticket("tax")    # kiosk.services.QueueService
    central.appointments.find(id_number, "tax")
    central.appointments.by_code("YY20250318001"); central.certificates.verify("DZZZ-…")
    central.staff.call("print_failed:paper_out", "T003")
    central.cases.submit(...); central.evaluations.submit(...)
    central.lockers.reserve(...)        # 24-hour locker records (kiosk.sync.lockers)
    central.ssc.lookup(id_number=…)     # social-security cards (kiosk.sync.ssc)
    central.payments.create(notice=…)  # payment by QR (kiosk.sync.payments)
    central.health.set_extra(lambda: {...})
    central.close()

The domains (:mod:`.queue`, :mod:`.appointments`, :mod:`.staff`, :mod:`.cases`,
:mod:`.evaluations`, :mod:`.health`) share the outbox, its relay, the HTTP client, the
catalogue cache and one :class:`OnlineState`. Their methods may block on the network — the
UI calls them off the Qt thread — but never longer than the configured timeouts; their
refusals are :class:`kiosk.services.ServiceUnavailable` with words for the citizen.
"""
from __future__ import annotations

import logging
import time

from kiosk.config import Settings
from kiosk.sync.appointments import Appointments
from kiosk.sync.cases import Cases
from kiosk.sync.catalogue import CatalogueCache
from kiosk.sync.certificates import Certificates
from kiosk.sync.client import CentralClient, CentralError
from kiosk.sync.evaluations import Evaluations
from kiosk.sync.guides import Guides
from kiosk.sync.health import CHECK_S as HEARTBEAT_CHECK_S
from kiosk.sync.health import Health
from kiosk.sync.lockers import Lockers
from kiosk.sync.online import OnlineState
from kiosk.sync.outbox import Outbox
from kiosk.sync.payments import Payments
from kiosk.sync.queue import QueueService
from kiosk.sync.relay import Backoff, Relay
from kiosk.sync.ssc import SscCards
from kiosk.sync.staff import StaffCalls

log = logging.getLogger(__name__)

PROBE_INTERVAL_S = 10.0
#: until the server first answers, for this long after start, it is probed this often: a
#: server starting beside the kiosk (the demo's child process, a hall powering up) is found
#: within a second, not after PROBE_INTERVAL_S
STARTUP_PROBE_S = 30.0
STARTUP_PROBE_INTERVAL_S = 0.5
CATALOGUE_INTERVAL_S = 600.0
#: the catalogue task looks this often whether a refresh is due (or the copy is not the
#: server's yet: then it refreshes as soon as the server answers)
CATALOGUE_CHECK_S = 5.0
HEARTBEAT_INTERVAL_S = 60.0
#: the catalogue refresh and the first heartbeat wait this long after start: the kiosk's
#: first frame comes first (the cached or shipped catalogue serves meanwhile)
STARTUP_QUIET_S = 5.0


class Central:
    def __init__(self, settings: Settings, outbox: Outbox, client: CentralClient, *,
                 backoff: Backoff | None = None, relay_options: dict | None = None,
                 probe_interval_s: float = PROBE_INTERVAL_S,
                 catalogue_interval_s: float = CATALOGUE_INTERVAL_S,
                 heartbeat_interval_s: float = HEARTBEAT_INTERVAL_S) -> None:
        self.settings = settings
        self.kiosk_id = settings.kiosk.id
        self.outbox = outbox
        self.client = client
        self.link = OnlineState()
        self.probe_interval_s = probe_interval_s
        self.catalogue_interval_s = catalogue_interval_s
        self._started_at = time.monotonic()
        self._next_probe = 0.0
        self._next_catalogue = 0.0
        self.catalogue = CatalogueCache(outbox, client, seed_demo=not settings.production)
        quiet = min(STARTUP_QUIET_S, catalogue_interval_s, heartbeat_interval_s)
        opts: dict = {"periodic": [
            (min(probe_interval_s, STARTUP_PROBE_INTERVAL_S), self._periodic_probe),
            (min(catalogue_interval_s, CATALOGUE_CHECK_S), self._periodic_catalogue, quiet),
            # (the health domain writes a beat when due or changed: it looks every second)
            (min(heartbeat_interval_s, HEARTBEAT_CHECK_S), self._periodic_heartbeat, quiet)]}
        opts.update(relay_options or {})
        self.relay = Relay(outbox, client, backoff=backoff, on_online=self.link.set, **opts)
        self.link.on_up.append(self._server_back)
        k = self.kiosk_id
        self.queue = QueueService(settings, outbox, client, self.relay, self.link, self.catalogue)
        self.appointments = Appointments(settings, client, self.link)
        self.certificates = Certificates(settings, client, self.link)
        self.staff = StaffCalls(k, outbox, self.relay)
        self.cases = Cases(k, outbox, self.relay, client, self.catalogue)
        self.evaluations = Evaluations(k, outbox, self.relay)
        self.health = Health(k, outbox, self.relay, client, self.catalogue, self.link,
                             interval_s=heartbeat_interval_s)
        self.lockers = Lockers(k, outbox, self.relay, client, self.link, staff=self.staff,
                               cases=self.cases, catalogue=self.catalogue)
        self.ssc = SscCards(settings, outbox, self.relay, client, self.link)  # 社保卡
        self.payments = Payments(settings, outbox, client, self.link)  # 便民缴费
        self.guides = Guides(settings, client, self.link)  # 办事指南 (kiosk.sync.guides)
        from kiosk.sync.identity import Identity
        from kiosk.sync.police import Police

        self.identity = Identity(settings, client, self.link)  # 人证核验
        self.police = Police(settings, client, self.link)  # 公安自助证明
        from kiosk.sync.documents import Documents  # 自助打印 (kiosk.sync.documents)

        self.documents = Documents(settings, outbox, self.relay, client, self.link)

    # ------------------------------------------------------------------ life cycle
    def start(self) -> Central:
        """Start the relay thread (delivery, online probe, catalogue refresh, heartbeats)."""
        self._started_at = time.monotonic()
        # tickets an earlier run issued but never printed (it died first): voided, so the
        # hall never calls a number nobody holds
        self.queue.ledger.reconcile()
        self.relay.start()
        return self

    def close(self) -> None:
        """Stop the relay thread and close the database (safe to call twice)."""
        self.relay.stop()
        self.client.close()
        self.outbox.close()

    def __enter__(self) -> Central:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def storage_state(self) -> str | None:
        """None when the kiosk's storage works; else "damaged", "full", "read_only",
        "key_missing", "key_mismatch" or "io_error" (kiosk.sync.storage)."""
        return self.outbox.storage_state()

    # ------------------------------------------------------------------ reachability
    def online(self) -> bool:
        """The server answered the last exchange (tickets are issued by it now)."""
        return self.link.online()

    def probe(self) -> bool:
        """Ask the server now (``GET /v1/health``). When it answers: online, the relay stops
        backing off, and a kiosk without any catalogue fetches one. Called periodically
        while offline, and by whoever learns the server just came up."""
        try:
            self.client.health()
        except CentralError:
            self.link.set(False)
            return False
        self.link.set(True)
        self._server_back()  # (also when the link was up: whoever calls knows it just came up)
        if self.catalogue.document is None:
            self.catalogue.try_refresh()
        return True

    def _server_back(self) -> None:
        """The server answers again: what waits in the outbox goes now, not at the end of
        the backoff each entry got in the outage (up to minutes after a long one)."""
        if self.outbox.fault is None:
            try:
                self.outbox.wake()
            except Exception as exc:  # noqa: BLE001 - a storage fault: the relay's drain says
                log.warning("outbox not woken after the outage: %s", exc)
        self.relay.resume_after_outage()
        self.relay.kick()

    def _periodic_probe(self) -> None:
        if self.link.known_up:
            return
        now = time.monotonic()
        starting = not self.link.ever_up and now - self._started_at < STARTUP_PROBE_S
        if not starting and now < self._next_probe:
            return
        self._next_probe = now + self.probe_interval_s
        self.probe()

    def _periodic_catalogue(self) -> None:
        if self.link.known_down:
            return
        now = time.monotonic()
        if self.catalogue.from_server and now < self._next_catalogue:
            return
        self._next_catalogue = now + self.catalogue_interval_s
        self.catalogue.refresh()

    def _periodic_heartbeat(self) -> None:
        self.health.periodic()


def build_central(settings: Settings, **kw) -> Central:
    """The kiosk's central facade for these settings (not started: ``start()`` runs the relay).

    A damaged, full or read-only storage or a missing key does not stop it: the outbox
    comes back out of service (``central.storage_state()`` says why), the functions that
    need no local write go on, the others refuse in plain words."""
    kw.setdefault("heartbeat_interval_s", float(settings.central.heartbeat_interval_s))
    outbox = Outbox.open(settings.data_dir, disk_reserve_mb=settings.kiosk.disk_reserve_mb,
                         key_backup_dir=settings.key_backup_dir, degraded_ok=True)
    try:
        client = CentralClient.from_settings(settings)
    except BaseException:
        outbox.close()
        raise
    return Central(settings, outbox, client, **kw)
