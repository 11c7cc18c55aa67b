"""Between the Qt thread and everything slow: devices, the queue server, the disk.

- :class:`Dispatcher` runs a callable on the Qt thread, posted from any thread (a queued
  signal). Every result reaches the flow through it, so the flow only ever runs on the Qt
  thread and nothing on the Qt thread waits: futures are never ``.result()``-ed there.
- :class:`QtEffects` implements the flow's :class:`~kiosk.flows.effects.Effects` with the
  device manager (worker threads), a thread pool for the queue service, and the printer.
- :class:`DeviceEvents` re-posts device events (card read, status changed) to the Qt thread.
- :class:`HealthMonitor` turns device statuses, server reachability and free disk into the
  flow's :class:`~kiosk.flows.availability.Health`.
"""
from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Executor, Future

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from drivers.core.errors import NotReady
from kiosk.flows.availability import Health, device_health
from kiosk.flows.effects import TicketRequest

log = logging.getLogger(__name__)


class Dispatcher(QObject):
    _posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the Qt thread soon. Safe from any thread."""
        try:
            self._posted.emit(fn)
        except RuntimeError:  # the kiosk is shutting down: nobody is left to tell
            log.debug("result after shutdown dropped")

    @staticmethod
    def _run(fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception:  # noqa: BLE001 - a failing handler must not take the UI down
            log.exception("UI callback failed")

    def deliver(self, future: Future, done: Callable, failed: Callable) -> None:
        """When ``future`` finishes (on whatever thread), call done/failed on the Qt thread."""

        def finished(f: Future) -> None:
            try:
                exc = f.exception()
            except CancelledError as cancelled:
                exc = cancelled
            if exc is not None:
                self.post(lambda: failed(exc))
            else:
                result = f.result()
                self.post(lambda: done(result))

        future.add_done_callback(finished)


def _event_name(event: object) -> str:
    return type(event).__name__


class DeviceEvents(QObject):
    """Device events, re-emitted on the Qt thread (the bus calls us on worker threads)."""

    event = Signal(object)

    def __init__(self, manager) -> None:
        super().__init__()
        self._unsubscribe = manager.events.subscribe(self.event.emit)

    def close(self) -> None:
        self._unsubscribe()


class QtEffects:
    def __init__(self, dispatcher: Dispatcher, pool: Executor, manager, service, *,
                 hall_name: str = "", hall_name_en: str = "", kiosk_id: str = "") -> None:
        self.dispatcher = dispatcher
        self.pool = pool
        self.manager = manager
        self.service = service
        self.hall_name = hall_name
        self.hall_name_en = hall_name_en
        self.kiosk_id = kiosk_id

    def _in_pool(self, fn: Callable[[], object], done: Callable, failed: Callable) -> None:
        self.dispatcher.deliver(self.pool.submit(fn), done, failed)

    def _device(self, kind: str):
        return self.manager.first(kind) if self.manager is not None else None

    # ------------------------------------------------------------------ ID card
    def _idcard_op(self, op: str) -> None:
        handle = self._device("idcard")
        if handle is None:
            return

        def call(device):
            fn = getattr(device, op, None)
            return fn() if fn is not None else None  # readers that watch whenever enabled

        future = handle.submit(op, call)
        self.dispatcher.deliver(future, lambda _: None,
                                lambda exc: log.warning("idcard %s failed: %s", op, exc))

    def arm_idcard(self) -> None:
        self._idcard_op("arm")

    def disarm_idcard(self) -> None:
        self._idcard_op("disarm")

    def simulate_card(self) -> None:
        """Mock mode: lay the simulator's test card (a citizen over 70) on the reader."""
        handle = self._device("idcard")
        sim = getattr(handle, "simulator", None)
        place = getattr(sim, "place_card", None)
        if place is None:
            log.warning("simulate card: the ID reader is not a simulator")
            return
        cards = getattr(sim, "cards", {})
        which = "resident_senior" if "resident_senior" in cards else "resident"
        self._in_pool(lambda: place(which), lambda _: None,
                      lambda exc: log.warning("simulate card failed: %s", exc))

    # ------------------------------------------------------------------ queue service
    def take_ticket(self, request: TicketRequest, done, failed) -> None:
        self._in_pool(lambda: self.service.take_ticket(
            request.category, priority_reason=request.priority_reason,
            appointment_code=request.appointment_code, mobile=request.mobile), done, failed)

    def reissue(self, number: str, done, failed) -> None:
        self._in_pool(lambda: self.service.reissue(number), done, failed)

    def find_appointment(self, id_number: str, category: str, done, failed) -> None:
        lookup = getattr(self.service, "find_appointment", None)
        if lookup is None:  # a service without appointments: nothing to check in
            self.dispatcher.post(lambda: done(None))
            return
        self._in_pool(lambda: lookup(id_number, category), done, failed)

    def call_staff(self, reason: str, ticket_number: str | None) -> None:
        log.warning("STAFF CALL from kiosk %s: %s%s", self.kiosk_id, reason,
                    f" (ticket {ticket_number})" if ticket_number else "")
        notify = getattr(self.service, "call_staff", None)
        if notify is not None:
            self._in_pool(lambda: notify(reason, ticket_number), lambda _: None,
                          lambda exc: log.warning("staff call not delivered: %s", exc))

    # ------------------------------------------------------------------ printer
    def print_ticket(self, ticket, done, failed) -> None:
        handle = self._device("printer")
        if handle is None:
            self.dispatcher.post(lambda: failed(NotReady("no printer configured",
                                                         message_zh="没有配置打印机")))
            return

        def submit() -> Future:
            from kiosk.printing import queue_ticket_job

            job = queue_ticket_job(ticket, hall_name=self.hall_name,
                                   hall_name_en=self.hall_name_en)
            return handle.submit("print_ticket", job)

        # building the job (layout, Chinese raster) runs in the pool; printing on the device
        # worker; both answer on the Qt thread
        self._in_pool(submit, lambda printing: self.dispatcher.deliver(printing, done, failed),
                      failed)


class HealthMonitor(QObject):
    """Keeps the flow's Health current: device events now, server and disk every few s."""

    def __init__(self, flow, manager, service, dispatcher: Dispatcher, pool: Executor, *,
                 data_dir, disk_reserve_mb: float, grace_s: float = 20.0,
                 poll_ms: int = 5000) -> None:
        super().__init__()
        self.flow = flow
        self.manager = manager
        self.service = service
        self.dispatcher = dispatcher
        self.pool = pool
        self.data_dir = data_dir
        self.disk_reserve_mb = disk_reserve_mb
        self.started = time.monotonic()
        self.grace_s = grace_s
        self.server_online: bool | None = None
        self.disk_free_mb: float | None = None
        self._polling = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def devices(self):
        if self.manager is None:
            return ()
        starting = time.monotonic() - self.started < self.grace_s
        out = []
        for h in self.manager.handles.values():
            connected = h.worker.wait_connected(0)
            out.append(device_health(h.name, h.config.kind, h.status, h.is_mock,
                                     starting=starting and not connected))
        return tuple(out)

    def refresh(self) -> None:
        self.flow.update_health(Health(self.devices(), self.server_online, self.disk_free_mb,
                                       float(self.disk_reserve_mb)))

    def poll(self) -> None:
        """Server reachability and free disk, measured off the Qt thread."""
        self.refresh()  # also ends the start-up grace period on time
        if self._polling:
            return
        self._polling = True

        def measure():
            online = None
            check = getattr(self.service, "online", None)
            if check is not None:
                try:
                    online = bool(check())
                except Exception:  # noqa: BLE001 - unreachable is an answer, not a crash
                    online = False
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                free = shutil.disk_usage(self.data_dir).free / 1e6
            except OSError as exc:
                log.warning("cannot measure free space in %s: %s", self.data_dir, exc)
                free = None
            try:
                categories = tuple(self.service.categories())
            except Exception as exc:  # noqa: BLE001 - keep the last catalogue
                log.warning("catalogue not available: %s", exc)
                categories = None
            return online, free, categories

        def done(result):
            self._polling = False
            self.server_online, self.disk_free_mb, categories = result
            # a new catalogue replaces the tiles only between citizens, never under a finger
            if (categories and categories != self.flow.state.categories
                    and self.flow.session is None):
                self.flow.set_categories(categories)
            self.refresh()

        def failed(exc):
            self._polling = False
            log.warning("health poll failed: %s", exc)

        self.dispatcher.deliver(self.pool.submit(measure), done, failed)


def route_device_event(flow, monitor: HealthMonitor, event: object) -> None:
    """Card events to the flow, status changes to the health monitor."""
    name = _event_name(event)
    if name == "CardRead":
        flow.card_read(event.card)
    elif name == "CardRemoved":
        flow.card_removed()
    elif name == "CardLeftOnReader":
        flow.card_left_on_reader()
    elif name == "StatusChanged":
        monitor.refresh()
