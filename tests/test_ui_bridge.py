"""The Qt bridge: slow work never runs on the Qt thread, results always come back on it."""
from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QCoreApplication

from drivers.core.events import EventBus
from drivers.core.status import DeviceState, DeviceStatus, StatusChanged
from kiosk.flows.availability import Fn
from kiosk.flows.demo import DemoQueueService, FakeClock, demo_flow
from kiosk.flows.effects import TicketRequest
from kiosk.flows.state import Screen
from kiosk.ui.bridge import (
    DeviceEvents,
    Dispatcher,
    HealthMonitor,
    QtEffects,
    route_device_event,
)


class SlowHandle:
    """A device handle whose jobs finish on another thread after ``delay`` seconds."""

    def __init__(self, kind: str, delay: float = 0.3, fail: Exception | None = None) -> None:
        self.config = SimpleNamespace(kind=kind)
        self.name = kind
        self.delay = delay
        self.fail = fail
        self.is_mock = True
        self.status = DeviceStatus(DeviceState.ONLINE, {"paper": "ok"})
        self.worker = SimpleNamespace(wait_connected=lambda timeout: True)
        self.ops: list[str] = []
        self.simulator = None

    def submit(self, op, fn) -> Future:
        self.ops.append(op)
        future: Future = Future()

        def finish():
            time.sleep(self.delay)
            if self.fail is not None:
                future.set_exception(self.fail)
            else:
                future.set_result(f"{op} done")

        threading.Thread(target=finish, daemon=True).start()
        return future


class Manager:
    def __init__(self, *handles) -> None:
        self.handles = {h.name: h for h in handles}
        self.events = EventBus()

    def first(self, kind):
        return next((h for h in self.handles.values() if h.config.kind == kind), None)


@pytest.fixture
def pool():
    p = ThreadPoolExecutor(2)
    yield p
    p.shutdown(wait=False, cancel_futures=True)


def wait_for(qtbot, cond, timeout=5000):
    qtbot.waitUntil(lambda: bool(cond()), timeout=timeout)


def test_results_arrive_on_the_qt_thread_and_calls_return_at_once(qapp, qtbot, pool,
                                                                  monkeypatch):
    import kiosk.printing

    monkeypatch.setattr(kiosk.printing, "queue_ticket_job", lambda ticket, **kw: "job")
    printer = SlowHandle("printer", delay=0.5)
    fx = QtEffects(Dispatcher(), pool, Manager(printer), DemoQueueService())
    seen = []
    main = threading.current_thread()
    t0 = time.perf_counter()
    fx.take_ticket(TicketRequest("tax"),
                   lambda t: seen.append(("ticket", t.number, threading.current_thread())),
                   lambda e: seen.append(("error", e)))
    fx.print_ticket(SimpleNamespace(number="T001"),
                    lambda r: seen.append(("printed", r, threading.current_thread())),
                    lambda e: seen.append(("error", e)))
    assert time.perf_counter() - t0 < 0.2  # neither call waited for the work
    assert seen == []
    wait_for(qtbot, lambda: len(seen) == 2)
    assert {s[0] for s in seen} == {"ticket", "printed"}
    assert all(s[-1] is main for s in seen)
    assert printer.ops == ["print_ticket"]


def test_failures_come_back_as_exceptions(qapp, qtbot, pool, monkeypatch):
    import kiosk.printing
    from kiosk.printing import PaperOut

    monkeypatch.setattr(kiosk.printing, "queue_ticket_job", lambda ticket, **kw: "job")
    fx = QtEffects(Dispatcher(), pool, Manager(SlowHandle("printer", 0.05, PaperOut("out"))),
                   DemoQueueService())
    errors = []
    fx.print_ticket(SimpleNamespace(number="T001"), errors.append, errors.append)
    fx.reissue("Z999", errors.append, errors.append)
    wait_for(qtbot, lambda: len(errors) == 2)
    assert {type(e).__name__ for e in errors} == {"PaperOut", "ServiceUnavailable"}


def test_no_printer_configured_fails_the_print_not_the_kiosk(qapp, qtbot, pool):
    fx = QtEffects(Dispatcher(), pool, Manager(), DemoQueueService())
    errors = []
    fx.print_ticket(SimpleNamespace(number="T001"), errors.append, errors.append)
    wait_for(qtbot, lambda: errors)
    assert errors[0].code == "not_ready"


def test_service_without_appointments_checks_nothing_in(qapp, qtbot, pool):
    service = SimpleNamespace(categories=lambda: [])
    fx = QtEffects(Dispatcher(), pool, Manager(), service)
    got = []
    fx.find_appointment("110101194805120011", "tax", got.append, got.append)
    wait_for(qtbot, lambda: got)
    assert got == [None]


def test_device_events_reach_the_flow_on_the_qt_thread(qapp, qtbot, pool):
    from drivers.idcard.events import CardRead
    from kiosk.flows.demo import DemoCard

    printer, reader = SlowHandle("printer"), SlowHandle("idcard")
    manager = Manager(printer, reader)
    flow, fx, clock = demo_flow()
    monitor = HealthMonitor(flow, manager, DemoQueueService(), Dispatcher(), pool,
                            data_dir=Path("/tmp"),
                            disk_reserve_mb=0, grace_s=0, poll_ms=60_000)
    events = DeviceEvents(manager)
    threads = []

    def route(e):
        threads.append(threading.current_thread())
        route_device_event(flow, monitor, e)

    events.event.connect(route)
    flow.open_function(Fn.TICKET)
    flow.choose_category("tax")
    card = DemoCard()
    card_read = CardRead("idcard", card)
    worker = threading.Thread(target=lambda: manager.events.publish(card_read))
    worker.start()
    worker.join()
    wait_for(qtbot, lambda: flow.session.holder is not None)
    assert threads == [threading.main_thread()]
    # the printer runs out of paper: its worker publishes a status change
    old = printer.status
    printer.status = DeviceStatus(DeviceState.USER_ERROR, {"paper": "out"})
    change = StatusChanged("printer", old, printer.status, printer.status.diff(old))
    threading.Thread(target=lambda: manager.events.publish(change)).start()
    wait_for(qtbot, lambda: flow.state.screen is Screen.ERROR)
    assert flow.state.error.problem == "paper_out"
    events.close()
    monitor.stop()


def test_health_monitor_start_up_grace_and_disk_reserve(qapp, qtbot, pool, tmp_path):
    printer, reader = SlowHandle("printer"), SlowHandle("idcard")
    for h in (printer, reader):
        h.status = DeviceStatus(DeviceState.OFFLINE)
        h.worker = SimpleNamespace(wait_connected=lambda timeout: False)
    flow, fx, clock = demo_flow(clock=FakeClock())
    monitor = HealthMonitor(flow, Manager(printer, reader), DemoQueueService(), Dispatcher(),
                            pool, data_dir=tmp_path, disk_reserve_mb=0, grace_s=60,
                            poll_ms=60_000)
    monitor.refresh()
    assert flow.state.screen is Screen.HOME  # starting, not out of service
    assert flow.function(Fn.TICKET).reason.problem == "starting"
    monitor.grace_s = 0
    monitor.refresh()
    assert flow.state.screen is Screen.OUT_OF_SERVICE
    for h in (printer, reader):
        h.status = DeviceStatus(DeviceState.ONLINE, {"paper": "ok"})
    monitor.disk_reserve_mb = 10**12  # more than any disk has
    monitor.poll()
    wait_for(qtbot, lambda: flow.state.availability.out_of_service is not None
             and flow.state.availability.out_of_service.subject == "disk")
    monitor.disk_reserve_mb = 0
    monitor.poll()
    wait_for(qtbot, lambda: flow.state.screen is Screen.HOME)
    monitor.stop()
    QCoreApplication.processEvents()
