"""The Qt bridge: slow work never runs on the Qt thread, results always come back on it."""
from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from drivers.core.events import EventBus
from drivers.core.status import DeviceState, DeviceStatus, StatusChanged
from kiosk.demo import DemoQueueService, FakeClock, demo_flow
from kiosk.flows.effects import Request
from kiosk.flows.state import Screen
from kiosk.ui.bridge import (
    DeviceEvents,
    Dispatcher,
    HealthMonitor,
    QtEffects,
    route_device_event,
)


class GatedHandle:
    """A device handle whose jobs finish on another thread once ``gate`` is set: a call that
    waited for its job would never return, so returning at all proves it did not."""

    def __init__(self, kind: str, fail: Exception | None = None) -> None:
        self.kind = kind
        self.name = kind
        self.gate = threading.Event()
        self.gate.set()
        self.fail = fail
        self.is_mock = True
        self.connected = True
        self.status = DeviceStatus(DeviceState.ONLINE, {"paper": "ok"})
        self.ops: list[str] = []
        self.mock = None

    def submit(self, op, fn) -> Future:
        self.ops.append(op)
        future: Future = Future()

        def finish():
            self.gate.wait()
            if self.fail is not None:
                future.set_exception(self.fail)
            else:
                future.set_result(f"{op} done")

        threading.Thread(target=finish, daemon=True).start()
        return future

    def client(self):
        handle = self

        class Client:
            def __getattr__(self, op):
                return lambda *a, **kw: handle.submit(op, None)

        return Client()


class Manager:
    def __init__(self, *handles) -> None:
        self.handles = {h.name: h for h in handles}
        self.events = EventBus()

    def by_kind(self, kind):
        return [h for h in self.handles.values() if h.kind == kind]


class Document:
    """A print document whose layout is not the point here."""

    def job(self):
        return "job"


def central(service=None):
    from kiosk.demo import DemoCentral

    return DemoCentral(service or DemoQueueService())


@pytest.fixture
def pool():
    p = ThreadPoolExecutor(2)
    yield p
    p.shutdown(wait=False, cancel_futures=True)


def wait_for(qtbot, cond, timeout=5000):
    qtbot.waitUntil(lambda: bool(cond()), timeout=timeout)


def test_results_arrive_on_the_qt_thread_and_calls_return_at_once(qapp, qtbot, pool):
    printer = GatedHandle("printer")
    printer.gate.clear()  # the printer does not finish until the test says so
    fx = QtEffects(Dispatcher(), pool, Manager(printer), central())
    seen = []
    main = threading.current_thread()
    fx.request(Request("central", "queue", "take_ticket", ("tax",)),
               lambda t: seen.append(("ticket", t.number, threading.current_thread())),
               lambda e: seen.append(("error", e)))
    fx.request(Request("print", "printer", "print", (Document(),)),
               lambda r: seen.append(("printed", r, threading.current_thread())),
               lambda e: seen.append(("error", e)))
    assert ("printed" not in {s[0] for s in seen})  # returned while the printer still works
    printer.gate.set()
    wait_for(qtbot, lambda: len(seen) == 2)
    assert {s[0] for s in seen} == {"ticket", "printed"}
    assert all(s[-1] is main for s in seen)
    assert printer.ops == ["print"]


def test_device_requests_go_through_the_kinds_contract(qapp, qtbot, pool):
    reader = GatedHandle("idcard")
    fx = QtEffects(Dispatcher(), pool, Manager(reader), central())
    got = []
    fx.request(Request("device", "idcard", "arm"), got.append, got.append)
    wait_for(qtbot, lambda: got)
    assert reader.ops == ["arm"] and got == ["arm done"]


def test_failures_come_back_as_exceptions(qapp, qtbot, pool):
    from kiosk.printing import PaperOut

    fx = QtEffects(Dispatcher(), pool, Manager(GatedHandle("printer", PaperOut("out"))),
                   central())
    errors = []
    fx.request(Request("print", "printer", "print", (Document(),)), errors.append,
               errors.append)
    fx.request(Request("central", "queue", "reissue", ("Z999",)), errors.append, errors.append)
    fx.request(Request("central", "queue", "no_such_operation"), errors.append, errors.append)
    wait_for(qtbot, lambda: len(errors) == 3)
    assert {type(e).__name__ for e in errors} == {"PaperOut", "Refused", "AttributeError"}


def test_no_printer_configured_fails_the_print_not_the_kiosk(qapp, qtbot, pool):
    fx = QtEffects(Dispatcher(), pool, Manager(), central())
    errors = []
    fx.request(Request("print", "printer", "print", (Document(),)), errors.append,
               errors.append)
    wait_for(qtbot, lambda: errors)
    assert errors[0].code == "not_ready"


def test_device_events_reach_the_flow_on_the_qt_thread(qapp, qtbot, pool):
    from drivers.kinds.card_reader import CardRead
    from kiosk.demo import DemoCard

    printer, reader = GatedHandle("printer"), GatedHandle("idcard")
    manager = Manager(printer, reader)
    flow, fx, clock = demo_flow()
    monitor = HealthMonitor(flow, manager, central(), Dispatcher(), pool,
                            data_dir=Path("/tmp"),
                            disk_reserve_mb=0, grace_s=0, poll_ms=60_000)
    events = DeviceEvents(manager)
    threads = []

    def route(e):
        threads.append(threading.current_thread())
        route_device_event(flow, monitor, manager, e)

    events.event.connect(route)
    flow.open("ticket")
    flow.journey.choose_category("tax")
    card = DemoCard()
    card_read = CardRead("idcard", card)
    worker = threading.Thread(target=lambda: manager.events.publish(card_read))
    worker.start()
    worker.join()
    wait_for(qtbot, lambda: flow.journey.card.holder is not None)
    assert threads == [threading.main_thread()]
    # the printer runs out of paper: its worker publishes a status change
    old = printer.status
    printer.status = DeviceStatus(DeviceState.USER_ERROR, {"paper": "out"})
    change = StatusChanged("printer", old, printer.status, printer.status.diff(old))
    threading.Thread(target=lambda: manager.events.publish(change)).start()
    wait_for(qtbot, lambda: flow.state.screen == Screen.ERROR)
    assert flow.state.error.problem == "paper_out"
    events.close()
    monitor.stop()


def test_health_monitor_start_up_grace_and_disk_reserve(qapp, qtbot, pool, tmp_path):
    printer, reader = GatedHandle("printer"), GatedHandle("idcard")
    for h in (printer, reader):
        h.status = DeviceStatus(DeviceState.OFFLINE)
        h.connected = False
    flow, fx, clock = demo_flow(clock=FakeClock())
    monitor = HealthMonitor(flow, Manager(printer, reader), central(), Dispatcher(),
                            pool, data_dir=tmp_path, disk_reserve_mb=0, grace_s=60,
                            poll_ms=60_000)
    monitor.refresh()
    assert flow.state.screen == Screen.HOME  # starting, not out of service
    assert flow.function("ticket").reason.problem == "starting"
    monitor.grace_s = 0
    monitor.refresh()
    assert flow.state.screen == Screen.OUT_OF_SERVICE
    for h in (printer, reader):
        h.status = DeviceStatus(DeviceState.ONLINE, {"paper": "ok"})
    monitor.disk_reserve_mb = 10**12  # more than any disk has
    monitor.poll()
    # (issue 19: a full disk stops what writes locally — offline tickets — not the kiosk)
    wait_for(qtbot, lambda: flow.state.screen == Screen.HOME and monitor.disk_free_mb is not None)
    assert flow.state.availability.out_of_service is None
    assert flow.function("guide").available
    monitor.disk_reserve_mb = 0
    monitor.poll()
    wait_for(qtbot, lambda: flow.state.screen == Screen.HOME)
    monitor.stop()
    QCoreApplication.processEvents()
