"""The staff gate: a hidden gesture, a PIN checked against a slow hash, lockout, audit lines,
staff journeys only behind it, and back to citizens when the session ends."""
from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from kiosk.demo import demo_flow, demo_health
from kiosk.flows.staff import DEMO_PIN, StaffAuth, check_pin_hash, hash_pin, verify_pin
from kiosk.flows.state import Screen
from kiosk.journeys import load_journeys
from kiosk.journeys.base import JourneySpec, Tile

PIN = "135791"
HASH = hash_pin(PIN, salt=b"fictitious-salt!")


def staff_spec():
    return JourneySpec(name="staff_probe", tile=Tile("巡检", ""), flow="tests.sample_journey."
                       "flow:CodeJourney", screens="tests.sample_journey.screens",
                       audience="staff")


def flow_with_staff(**kw):
    specs = [*load_journeys(entry_points_too=False), staff_spec()]
    return demo_flow(journeys=specs, staff_auth=StaffAuth(HASH, 3, 300), **kw)


def enter(flow, pin):
    for ch in pin:
        flow.staff_key(ch)
    flow.staff_submit()


def test_pin_hash_round_trip_and_format():
    assert HASH.startswith("scrypt$16384$8$1$")
    assert verify_pin(PIN, HASH) and not verify_pin("135790", HASH)
    check_pin_hash(HASH)
    with pytest.raises(ValueError, match="not a staff PIN hash"):
        check_pin_hash("1234")
    with pytest.raises(ValueError, match="6–12 digits"):
        hash_pin("12ab56")


def test_gesture_pin_staff_home_and_leave(caplog):
    caplog.set_level(logging.WARNING, logger="kiosk.audit")
    flow, fx, clock = flow_with_staff()
    assert "staff_probe" not in [s.name for s in flow.tiles()]  # not on the citizens' home
    assert [s.name for s in flow.tiles("staff")][-1:] == ["staff_probe"]
    flow.open("staff_probe")
    assert flow.state.screen == Screen.HOME  # a citizen cannot reach it
    flow.staff_gesture()
    assert flow.state.screen == Screen.STAFF_LOGIN
    enter(flow, PIN)
    assert flow.state.staff and flow.state.screen == Screen.STAFF_HOME
    assert PIN not in caplog.text and "staff login on" in caplog.text
    flow.open("staff_probe")
    assert flow.state.screen == "staff_probe.code"
    flow.go_home()  # a staff journey returns to the staff screen
    assert flow.state.screen == Screen.STAFF_HOME
    flow.leave_staff()
    assert not flow.state.staff and flow.state.screen == Screen.HOME


def test_wrong_pins_lock_the_pad_and_are_audited(caplog):
    caplog.set_level(logging.WARNING, logger="kiosk.audit")
    flow, fx, clock = flow_with_staff()
    flow.staff_gesture()
    for _ in range(2):
        enter(flow, "000000")
        assert flow.state.staff_message == "wrong"
    enter(flow, "000000")
    assert flow.state.staff_message == "locked"
    enter(flow, PIN)  # even the right PIN, while locked
    assert flow.state.staff_message == "locked" and not flow.state.staff
    assert caplog.text.count("staff login failed") == 3 and "locked" in caplog.text


def test_staff_mode_ends_when_idle_and_is_not_kicked_out_by_device_faults():
    flow, fx, clock = flow_with_staff(idle_timeout_s=60, countdown_s=10)
    flow.staff_gesture()
    enter(flow, PIN)
    flow.update_health(demo_health(printer=False, idcard=False))  # everything down
    assert flow.state.screen == Screen.STAFF_HOME  # staff are there to fix it
    clock.advance(71)
    flow.tick()
    assert not flow.state.staff and flow.state.screen == Screen.OUT_OF_SERVICE


def test_no_pin_configured_keeps_the_gate_shut_except_the_demo_pin():
    flow, _, _ = demo_flow(staff_auth=StaffAuth(""))
    flow.staff_gesture()
    assert flow.state.staff_message == "disabled"
    enter(flow, DEMO_PIN)
    assert not flow.state.staff
    demo, _, _ = demo_flow(staff_auth=StaffAuth("", demo=True))
    demo.staff_gesture()
    enter(demo, DEMO_PIN)
    assert demo.state.staff


def test_long_press_on_the_hall_name_opens_the_pad(qtbot):
    from PySide6.QtCore import QPoint, Qt

    from kiosk.ui.app import make_app
    from kiosk.ui.i18n import Translations
    from kiosk.ui.window import KioskWindow

    flow, _, _ = flow_with_staff()
    w = KioskWindow(flow, Translations(make_app()))
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    w.staff_press.timer.setInterval(50)  # the real hold is 3 s; the mechanism is the same
    qtbot.mousePress(w.topbar.hall, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.waitUntil(lambda: flow.state.screen == Screen.STAFF_LOGIN, timeout=5000)
    qtbot.mouseRelease(w.topbar.hall, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert w.screens[Screen.STAFF_LOGIN].isVisible()
    w.shutdown()


def test_hash_pin_command_prints_a_settings_line():
    result = subprocess.run([sys.executable, "-m", "kiosk", "staff", "hash-pin", "--stdin"],
                            input="13579135\n", capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    line = result.stdout.splitlines()[1]
    assert line.startswith('pin_hash = "scrypt$')
    assert verify_pin("13579135", line.split('"')[1])
    bad = subprocess.run([sys.executable, "-m", "kiosk", "staff", "hash-pin", "--stdin"],
                         input="12\n", capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "6–12 digits" in bad.stderr
