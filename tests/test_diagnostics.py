"""The diagnostics mode (维护模式): behind the staff gate only, walked as a state machine and by
taps on the real widgets over the real stack (simulated devices, the reference server, the
Qt bridge, kiosk.admin): gesture, wrong PINs → lockout, right PIN, health check, supplies,
release a parked entry, a fault switch, and back to citizens by itself."""
from __future__ import annotations

import argparse
from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from drivers.core.status import DeviceState
from kiosk.demo import demo_flow
from kiosk.demo.diagnostics import answer
from kiosk.flows.staff import DEMO_PIN, StaffAuth, hash_pin
from kiosk.flows.state import Screen

PIN = "975310"


def login(flow, pin=DEMO_PIN):
    flow.staff_gesture()
    for ch in pin:
        flow.staff_key(ch)
    flow.staff_submit()


def staff_flow(**kw):
    flow, fx, clock = demo_flow(**kw)
    flow.staff_auth = StaffAuth(demo=True, monotonic=clock.monotonic)
    return flow, fx, clock


def resolve_admin(fx):
    """Answer every pending admin request with the demo answers."""
    for p in list(fx.pending):
        if p.request.target == "admin" and p.request.op != "opened":
            fx.resolve(p.kind, answer(p.request.op))


# ---------------------------------------------------------------------- as a state machine
def test_a_citizen_cannot_reach_it():
    flow, fx, _ = staff_flow()
    assert "diagnostics" not in [s.name for s in flow.tiles()]
    assert "diagnostics" in [s.name for s in flow.tiles("staff")]
    flow.open("diagnostics")
    assert flow.state.screen == Screen.HOME and flow.journey is None
    assert not [r for r in fx.requests if r.target == "admin"]


def test_pages_ask_the_admin_services_and_actions_carry_their_arguments():
    flow, fx, _ = staff_flow()
    login(flow)
    flow.open("diagnostics")
    j = flow.journey
    assert flow.state.screen == "diagnostics.menu"
    assert fx.last("admin.opened").target == "admin"  # the audit trail notes the opening
    j.open_page("devices")
    assert "admin.devices" in fx.kinds()
    resolve_admin(fx)
    assert j.selected_device == "printer"
    j.select_device("idcard")
    j.check("external")
    assert fx.last("admin.check").args == ("idcard", "external") and j.busy
    fx.resolve("admin.check", dict(answer("check"), device="idcard"))
    assert not j.busy and j.notice.code == "done" and j.report["ok"]
    j.back()
    j.open_page("supplies")
    resolve_admin(fx)
    j.paper_new("printer")
    assert fx.last("admin.set_supply").args == ("printer", "paper", "new")
    fx.fail("admin.set_supply", RuntimeError("printer: no counters"))
    assert j.notice.code == "failed" and "no counters" in j.notice.detail
    j.refill_hopper("dispenser")
    assert flow.state.screen == "diagnostics.hopper"
    for ch in "05000":  # four digits at most
        j.hopper.key(ch)
    j.hopper_confirm()
    assert fx.last("admin.set_supply").args == ("dispenser", "card_hopper", 500)
    fx.resolve("admin.set_supply", answer("supplies")[1])
    assert flow.state.screen == "diagnostics.supplies"
    j.back()
    j.open_page("outbox")
    resolve_admin(fx)
    assert j.selected_entry == 17
    j.select_entry(21)
    j.release()
    assert fx.last("admin.release").args == (21,)
    fx.resolve("admin.release", 1)
    j.sync()
    assert fx.last("admin.force_sync").args == ()
    fx.resolve("admin.force_sync", {"woken": 3, "reachable": True})
    j.back()
    j.open_page("faults")
    resolve_admin(fx)
    j.toggle_fault("printer", "near_end")  # on in the demo answer: switched off
    j.toggle_fault("printer", "cover_open")  # busy: the second tap waits
    assert fx.last("admin.set_fault").args == ("printer", "near_end", False)
    fx.resolve("admin.set_fault", answer("faults")[0])
    j.toggle_fault("printer", "cover_open")
    assert fx.last("admin.set_fault").args == ("printer", "cover_open", True)


def test_no_fault_switches_on_real_hardware_and_the_mode_ends_when_idle():
    flow, fx, clock = staff_flow(mock=False, idle_timeout_s=60, countdown_s=10)
    login(flow)
    flow.open("diagnostics")
    j = flow.journey
    assert "faults" not in j.pages()
    j.open_page("faults")
    assert flow.state.screen == "diagnostics.menu"
    j.open_page("logs")
    resolve_admin(fx)
    assert j.data["logs"]
    clock.advance(71)
    flow.tick()
    assert flow.state.screen == Screen.HOME and not flow.state.staff and flow.journey is None
    assert j.data == {}  # wiped with the session


# ---------------------------------------------------------------------- by taps, live
DEVICES = """
[idcard]
driver = "sam_idcard"
mock = true
sim_card = "none"

[printer]
driver = "escpos"
mock = true
"""


@pytest.fixture
def live(settings_env, central, qtbot):
    from kiosk.ui.app import build_kiosk

    devices = settings_env / "devices.toml"
    devices.write_text(DEVICES)
    args = argparse.Namespace(mock=True, devices=str(devices), config=None, windowed=True,
                              fullscreen=False)
    settings = central.settings(settings_env)
    settings.staff.pin_hash = hash_pin(PIN)
    settings.staff.lockout_after = 3
    settings.staff.lockout_s = 1
    kiosk = build_kiosk(args, settings, clock=lambda: datetime(2025, 3, 18, 10, 0))
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    yield kiosk
    kiosk.close()


def visible(window, name):
    found = [b for b in window.findChildren(QAbstractButton, name) if b.isVisibleTo(window)]
    assert len(found) == 1, f"{name}: {len(found)} visible"
    return found[0]


def tap(qtbot, window, name):
    b = visible(window, name)
    assert b.isEnabled(), f"{name} is greyed out"
    qtbot.mouseClick(b, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def type_pin(qtbot, window, pin):
    for ch in pin:
        tap(qtbot, window, f"key_{ch}")
    tap(qtbot, window, "btn_staff_enter")


def text_of(window, screen, name):
    return window.screens[screen].findChild(QLabel, name).text()


def test_diagnostics_walked_by_taps_on_the_real_stack(live, central, qtbot):
    qtbot.waitUntil(lambda: live.admin is not None, timeout=10_000)  # after the first frame
    flow, w, admin = live.flow, live.window, live.admin
    printer = live.manager.get("printer")
    qtbot.waitUntil(lambda: printer.status.state is DeviceState.ONLINE, timeout=20_000)
    assert not [b for b in w.findChildren(QAbstractButton, "tile_diagnostics")
                if b.isVisibleTo(w)]  # not on the citizens' home screen

    # the hidden gesture: a long press on the hall name
    w.staff_press.timer.setInterval(50)
    qtbot.mousePress(w.topbar.hall, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.waitUntil(lambda: flow.state.screen == Screen.STAFF_LOGIN, timeout=5000)
    qtbot.mouseRelease(w.topbar.hall, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    for _ in range(2):
        type_pin(qtbot, w, "000000")
        assert flow.state.staff_message == "wrong"
    type_pin(qtbot, w, "000000")
    assert flow.state.staff_message == "locked"
    type_pin(qtbot, w, PIN)  # refused while locked, even the right PIN
    assert not flow.state.staff and "锁定" in text_of(w, Screen.STAFF_LOGIN, "staff_message")
    qtbot.waitUntil(lambda: flow.staff_auth.locked_for() == 0, timeout=5000)
    type_pin(qtbot, w, PIN)
    assert flow.state.staff and flow.state.screen == Screen.STAFF_HOME

    tap(qtbot, w, "tile_diagnostics")
    assert flow.state.screen == "diagnostics.menu"

    # a health check: the external one prints a test ticket on the virtual printer
    tap(qtbot, w, "page_devices")
    qtbot.waitUntil(lambda: "devices" in flow.journey.data, timeout=10_000)
    tap(qtbot, w, "dev_printer")
    printed = printer.simulator.printer.pages_printed
    tap(qtbot, w, "btn_check_external")
    qtbot.waitUntil(lambda: flow.journey.report is not None, timeout=20_000)
    assert flow.journey.report["ok"], flow.journey.report
    assert printer.simulator.printer.pages_printed == printed + 1
    assert "GS r" in text_of(w, "diagnostics.devices", "row_capabilities")
    tap(qtbot, w, "btn_back")

    # supplies: a new paper roll
    tap(qtbot, w, "page_supplies")
    qtbot.waitUntil(lambda: "supplies" in flow.journey.data, timeout=10_000)
    tap(qtbot, w, "btn_paper_printer")
    qtbot.waitUntil(lambda: not flow.journey.busy and flow.journey.notice is not None,
                    timeout=10_000)
    assert flow.journey.notice.code == "done"
    qtbot.waitUntil(lambda: (flow.journey.data.get("supplies") or [{}])[0].get("value") == 0,
                    timeout=10_000)
    tap(qtbot, w, "btn_back")

    # the outbox: the server refuses a staff call once (422): parked; released, delivered
    central.faults.inject("error", status=422, count=1, path="/v1/batch")
    live.central.staff.call("diag_test", None)
    qtbot.waitUntil(lambda: live.central.outbox.status()["parked"] == 1, timeout=20_000)
    tap(qtbot, w, "page_outbox")
    qtbot.waitUntil(lambda: flow.journey.selected_entry is not None, timeout=10_000)
    entry = flow.journey.selected_entry
    tap(qtbot, w, "btn_release")
    qtbot.waitUntil(lambda: live.central.outbox.status()["parked"] == 0
                    and live.central.outbox.status()["pending"] == 0, timeout=20_000)
    assert central.count("staff_calls") == 1
    tap(qtbot, w, "btn_back")

    # in mock mode: a fault switch on the virtual printer
    tap(qtbot, w, "page_faults")
    qtbot.waitUntil(lambda: "faults" in flow.journey.data, timeout=10_000)
    tap(qtbot, w, "fault_printer_paper_out")
    qtbot.waitUntil(lambda: printer.status.supplies.get("paper") == "out", timeout=10_000)
    qtbot.waitUntil(lambda: visible(w, "fault_printer_paper_out").text().startswith("✓"),
                    timeout=10_000)

    # everything the technician did is in the audit trail, where it came from, no PIN
    actions = [e["action"] for e in admin.audit_entries(20)]
    for a in ("staff_login_failed", "staff_pad_locked", "staff_login_refused", "staff_login",
              "diagnostics_opened", "health_check", "supplies_set", "outbox_release",
              "mock_fault"):
        assert a in actions, (a, actions)
    assert f"(entry {entry})" in admin.audit_entries(20)[actions.index("outbox_release")][
        "detail"]
    assert not any(PIN in e["detail"] for e in admin.audit_entries(50))

    # left alone, the mode ends by itself and the kiosk is the citizens' again
    flow.idle_timeout_s, flow.countdown_s = 1, 1
    qtbot.waitUntil(lambda: flow.state.screen in (Screen.HOME, Screen.OUT_OF_SERVICE)
                    and not flow.state.staff, timeout=15_000)
    assert flow.journey is None
