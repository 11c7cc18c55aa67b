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
from drivers.core.status import DeviceErrorEvent, StatusChanged
from kiosk.flows.availability import Health, device_health
from kiosk.flows.effects import Request
from kiosk.services import ServiceUnavailable, hall_by_category

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


class DeviceEvents(QObject):
    """Device events, re-emitted on the Qt thread (the bus calls us on worker threads)."""

    event = Signal(object)

    def __init__(self, manager) -> None:
        super().__init__()
        self._unsubscribe = manager.events.subscribe(self.event.emit)

    def close(self) -> None:
        self._unsubscribe()


class QtEffects:
    """The flows' requests, carried out off the Qt thread; answers come back on it.

    ``device``: an operation of the kind's contract on the first working device of that kind
    (its worker thread); ``central``: an operation of a central domain (the pool);
    ``print``: a kiosk.printing document laid out in the pool, printed on the device's
    worker; ``mock``: a simulator's scenario action (mock devices only).
    """

    def __init__(self, dispatcher: Dispatcher, pool: Executor, manager, central,
                 admin=None) -> None:
        self.dispatcher = dispatcher
        self.pool = pool
        self.manager = manager
        self.central = central
        self.admin = admin  # kiosk.admin.Admin: the diagnostics mode's services

    def request(self, request: Request, done, failed) -> None:
        try:
            handler = getattr(self, f"_{request.target}")
            handler(request, done, failed)
        except Exception as exc:  # noqa: BLE001 - a bad request is an answer, not a crash
            self.dispatcher.post(lambda err=exc: failed(err))

    def _in_pool(self, fn: Callable[[], object], done: Callable, failed: Callable) -> None:
        self.dispatcher.deliver(self.pool.submit(fn), done, failed)

    def _handle(self, kind: str):
        """The first device of ``kind`` that works, else the first configured, else None."""
        handles = self.manager.by_kind(kind) if self.manager is not None else []
        for h in handles:
            if h.connected:
                return h
        return handles[0] if handles else None

    def _no_device(self, kind: str, failed) -> None:
        self.dispatcher.post(lambda: failed(NotReady(f"no {kind} device configured",
                                                     message_zh="没有配置该设备")))

    def _device(self, r: Request, done, failed) -> None:
        handle = self._handle(r.name)
        if handle is None:
            self._no_device(r.name, failed)
            return
        future = getattr(handle.client(), r.op)(*r.args, **r.kwargs)
        self.dispatcher.deliver(future, done, failed)

    def _central(self, r: Request, done, failed) -> None:
        if self.central is None:
            raise ServiceUnavailable("no central service", "中心系统暂时无法连接")
        domain = getattr(self.central, r.name)
        op = getattr(domain, r.op)
        self._in_pool(lambda: op(*r.args, **r.kwargs), done, failed)

    def _print(self, r: Request, done, failed) -> None:
        handle = self._handle(r.name)
        if handle is None:
            self._no_device(r.name, failed)
            return
        document = r.args[0]

        def submit() -> Future:
            # laying out (templates, Chinese raster) runs in the pool, printing on the
            # device's worker; both answer on the Qt thread
            return handle.submit("print", document.job())

        self._in_pool(submit, lambda printing: self.dispatcher.deliver(printing, done, failed),
                      failed)

    def _mock(self, r: Request, done, failed) -> None:
        handle = self._handle(r.name)
        control = getattr(handle, "mock", None) if handle is not None else None
        if control is None:
            log.warning("mock %s.%s: that device is not a simulator", r.name, r.op)
            return
        self._in_pool(lambda: control.perform(r.op, **dict(r.kwargs)), done, failed)

    def _admin(self, r: Request, done, failed) -> None:
        from kiosk.admin import OPERATIONS, AdminError

        if self.admin is None or r.op not in OPERATIONS:
            raise AdminError(f"no technician service {r.op!r} here")
        op = getattr(self.admin, r.op)
        self._in_pool(lambda: op(*r.args, **r.kwargs), done, failed)


class HealthMonitor(QObject):
    """Keeps the flow's Health current: device events now, server and disk every few s."""

    def __init__(self, flow, manager, central, dispatcher: Dispatcher, pool: Executor, *,
                 data_dir, disk_reserve_mb: float, grace_s: float = 20.0,
                 poll_ms: int = 5000) -> None:
        super().__init__()
        self.flow = flow
        self.manager = manager
        self.central = central
        self.dispatcher = dispatcher
        self.pool = pool
        self.data_dir = data_dir
        self.disk_reserve_mb = disk_reserve_mb
        self.started = time.monotonic()
        self.grace_s = grace_s
        self.server_online: bool | None = None
        self.disk_free_mb: float | None = None
        self.storage: str | None = None  # the outbox's storage fault code (kiosk.sync.storage)
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
            out.append(device_health(h.name, h.kind, h.status, h.is_mock,
                                     starting=starting and not h.connected))
        return tuple(out)

    def refresh(self) -> None:
        self.flow.update_health(Health(self.devices(), self.server_online, self.disk_free_mb,
                                       float(self.disk_reserve_mb), self.storage))

    def poll(self) -> None:
        """Server reachability and free disk, measured off the Qt thread."""
        self.refresh()  # also ends the start-up grace period on time
        if self._polling:
            return
        self._polling = True

        def measure():
            online = None
            if self.central is not None:
                try:
                    online = bool(self.central.online())
                except Exception:  # noqa: BLE001 - unreachable is an answer, not a crash
                    online = False
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                free = shutil.disk_usage(self.data_dir).free / 1e6
            except OSError as exc:
                log.warning("cannot measure free space in %s: %s", self.data_dir, exc)
                free = None
            try:
                categories = tuple(self.central.queue.categories()) if self.central else None
            except Exception as exc:  # noqa: BLE001 - keep the last catalogue
                log.warning("catalogue not available: %s", exc)
                categories = None
            try:
                storage = self.central.storage_state() if self.central is not None else None
            except Exception:  # noqa: BLE001 - a central without it (test doubles)
                storage = None
            hall = None
            if online and self.central is not None:
                try:
                    hall = hall_by_category(self.central.queue.hall_state())
                except Exception as exc:  # noqa: BLE001 - the tiles just show no queue figures
                    log.debug("hall state not available: %s", exc)
            return online, free, categories, hall, storage

        def done(result):
            self._polling = False
            self.server_online, self.disk_free_mb, categories, hall, self.storage = result
            if hall is not None and hall != self.flow.state.hall:
                self.flow.set_hall(hall)
            elif not self.server_online and self.flow.state.hall:
                self.flow.set_hall({})  # stale figures would mislead
            # a new catalogue replaces the tiles only between citizens, never under a finger
            if (categories and categories != self.flow.state.categories
                    and self.flow.journey is None):
                self.flow.set_categories(categories)
            self.refresh()

        def failed(exc):
            self._polling = False
            log.warning("health poll failed: %s", exc)

        self.dispatcher.deliver(self.pool.submit(measure), done, failed)


def route_device_event(flow, monitor: HealthMonitor, manager, event: object) -> None:
    """Dispatch a device event on its type: status changes to the health monitor, error
    events and the kinds' own events (card read, card removed …) to the flow."""
    if isinstance(event, StatusChanged):
        monitor.refresh()
        return
    kind = _kind_of(manager, getattr(event, "device", ""))
    if isinstance(event, DeviceErrorEvent):
        flow.device_error(kind, event.operation, event.error, str(event.recovery))
    elif kind:
        flow.device_event(kind, event)


def _kind_of(manager, name: str) -> str:
    handle = manager.handles.get(name) if manager is not None else None
    return handle.kind if handle is not None else ""
