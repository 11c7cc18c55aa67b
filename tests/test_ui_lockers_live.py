"""The locker journeys by taps on the real widgets, in mock mode: the kerong_cu driver on its
simulated cabinet (a pty), the ID reader and printer simulators, the kiosk's outbox and the
reference central server — at night, when only the 24-hour zone is open.

A citizen drops materials off (the door left open: reminded, then staff told), a door is
forced with nobody at the screen, staff collect the drop-off and load the finished
certificate, the citizen picks it up with the code from the SMS; the cabinet is lost while a
door stands open; and the power goes between an unlock and the door closing, which the next
start finds and staff resolve.
"""
from __future__ import annotations

import argparse
from datetime import datetime

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from drivers.locker.layout import Layout
from drivers.locker.simulator import LockerSimulator
from kiosk.central.store.lockers import sms_messages
from kiosk.central.store.staff_calls import staff_calls
from kiosk.flows.staff import DEMO_PIN
from kiosk.flows.state import Screen
from kiosk.journeys import spec_of
from kiosk.journeys.lockers.door import DoorState
from kiosk.journeys.steps.idcard import CardStep
from tests.waiting import wait_for

#: (selects: these columns are sealed, kiosk/central/store/sealed.py)
REASONS = sa.select(staff_calls.c.reason)

NIGHT = datetime(2025, 3, 18, 22, 40)  # a Tuesday night: the hall is closed
DEVICES = """
[idcard]
driver = "sam_idcard"
mock = true
sim_card = "none"

[printer]
driver = "escpos"
mock = true

[locker]
driver = "kerong_cu"
mock = true
poll_interval = 0.1
left_open_s = {left_open_s}
open_confirm_s = 0.5
"""
WAIT = 20_000  # ms: generous, never a synchronisation by sleeping
# (qtbot.waitUntil takes a callback returning None as passing: every condition here is a bool)


def build(settings_env, central, qtbot, *, left_open_s=60.0):
    from kiosk.ui.app import build_kiosk

    devices = settings_env / "devices.toml"
    devices.write_text(DEVICES.format(left_open_s=left_open_s))
    args = argparse.Namespace(mock=True, devices=str(devices), config=None, windowed=True,
                              fullscreen=False)
    settings = central.settings(settings_env)
    # the locker journeys only: what is tested here does not depend on the others' screens
    journeys = [spec_of(f"kiosk.journeys.lockers.{name}") for name in ("dropoff", "pickup",
                                                                         "staff")]
    kiosk = build_kiosk(args, settings, clock=lambda: NIGHT, journeys=journeys)
    # (not qtbot.addWidget: Kiosk.close deletes the window, the fixture closes every kiosk)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    return kiosk


@pytest.fixture
def make(settings_env, central, qtbot):
    made = []

    def make_kiosk(**kw):
        k = build(settings_env, central, qtbot, **kw)
        made.append(k)
        return k

    yield make_kiosk
    for k in made:
        if not getattr(k, "powered_off", False):
            k.close()


def tap(qtbot, window, name):
    found = [b for b in window.findChildren(QAbstractButton, name) if b.isVisibleTo(window)]
    assert len(found) == 1, f"{name}: {len(found)} visible"
    assert found[0].isEnabled(), f"{name} is greyed out"
    qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def shown(window, name) -> str:
    found = [w for w in window.findChildren(QLabel, name) if w.isVisibleTo(window)]
    return found[0].text() if found else ""


def type_keys(qtbot, window, digits):
    for d in digits:
        tap(qtbot, window, f"key_{d}")


def to_open_door(k, qtbot, *, mobile="13800138000"):
    """投递材料 by taps, up to the open door; returns the compartment."""
    flow, w = k.flow, k.window
    qtbot.waitUntil(lambda: flow.function("locker_dropoff").available, timeout=WAIT)
    tap(qtbot, w, "tile_locker_dropoff")
    assert flow.state.screen == "locker_dropoff.idcard"
    tap(qtbot, w, "btn_simulate_card")  # mock only: lays a test card on the reader
    qtbot.waitUntil(lambda: flow.journey.card.state is CardStep.READ, timeout=WAIT)
    tap(qtbot, w, "btn_next")
    qtbot.waitUntil(lambda: bool(flow.journey.items), timeout=WAIT)
    tap(qtbot, w, "item_fund-withdraw-retire")
    type_keys(qtbot, w, mobile)
    tap(qtbot, w, "btn_next")
    assert flow.state.screen == "locker_dropoff.size"
    qtbot.waitUntil(lambda: flow.journey.sizes is not None, timeout=WAIT)
    tap(qtbot, w, "size_M")
    qtbot.waitUntil(lambda: flow.journey.door.state is DoorState.OPEN, timeout=WAIT)
    assert flow.state.screen == "locker_dropoff.door"
    return flow.journey.door.compartment


def staff_login(k, qtbot):
    k.flow.staff_gesture()  # the long press on the hall name (tested in test_staff_gate)
    type_keys(qtbot, k.window, DEMO_PIN)
    tap(qtbot, k.window, "btn_staff_enter")
    assert k.flow.state.screen == Screen.STAFF_HOME


def records(k):
    return k.central.lockers.records("locker")


def test_drop_off_collect_load_and_pick_up_by_taps(make, central, qtbot):
    k = make(left_open_s=0.4)
    flow, w = k.flow, k.window
    cabinet = k.manager.get("locker").simulator
    n = to_open_door(k, qtbot)
    assert n == 9 and shown(w, "compartment_number") == "9号柜"
    assert records(k)[9].status == "opening"  # recorded before the lock was released
    # the citizen dawdles: reminded, then staff are told
    qtbot.waitUntil(lambda: flow.journey.door.staff_told, timeout=WAIT)
    assert "已通知工作人员" in shown(w, "notice")
    assert flow.state.countdown is None
    tap(qtbot, w, "btn_simulate_drop")  # mock: materials in, door closed
    qtbot.waitUntil(lambda: flow.state.screen == "locker_dropoff.done", timeout=WAIT)
    case_id = flow.journey.receipt["case_id"]
    assert shown(w, "case_number").replace(" ", "") == case_id
    printer = k.manager.get("printer").simulator
    assert wait_for(lambda: len(printer.pages) >= 1, timeout=10)
    assert records(k)[9].status == "dropoff" and cabinet.items[9]
    tap(qtbot, w, "btn_done")
    assert flow.state.screen == Screen.HOME
    assert wait_for(lambda: central.rows(
        "SELECT status FROM cases WHERE case_id = :c", c=case_id) == [("materials_in_locker",)],
        timeout=15)
    assert wait_for(lambda: ("locker:locker:9:left_open",) in central.rows(REASONS), timeout=15)

    # 3 a.m.: a door is forced with nobody at the screen — recorded, flagged, staff called
    cabinet.perform("force_door", compartment=5)
    assert wait_for(lambda: records(k).get(5) and records(k)[5].flag == "door_forced",
                    timeout=10)
    assert wait_for(lambda: ("locker:locker:5:door_forced",) in central.rows(REASONS),
                    timeout=15)
    cabinet.perform("close_door", compartment=5)

    # the morning: staff collect the drop-off, later load the finished certificate
    staff_login(k, qtbot)
    tap(qtbot, w, "tile_locker_staff")
    qtbot.waitUntil(lambda: bool(flow.journey.view), timeout=WAIT)
    assert "柜门被强行打开" in w.findChild(QAbstractButton, "compartment_5").accessibleName()
    tap(qtbot, w, "btn_collect_all")
    qtbot.waitUntil(lambda: flow.journey.door.state is DoorState.OPEN, timeout=WAIT)
    assert flow.journey.door.compartment == 9
    tap(qtbot, w, "btn_simulate_close")  # mock: materials taken out, door closed
    qtbot.waitUntil(lambda: flow.state.screen == "locker_staff.overview"
                    and bool(flow.journey.view), timeout=WAIT)
    assert records(k)[9].status == "free" and not cabinet.items[9]
    tap(qtbot, w, "compartment_5")  # the forced door: staff look, nothing inside
    tap(qtbot, w, "btn_check")
    qtbot.waitUntil(lambda: flow.journey.door.state is DoorState.OPEN, timeout=WAIT)
    tap(qtbot, w, "btn_simulate_close")
    qtbot.waitUntil(lambda: flow.state.screen == "locker_staff.resolve", timeout=WAIT)
    tap(qtbot, w, "btn_emptied")
    qtbot.waitUntil(lambda: flow.state.screen == "locker_staff.overview", timeout=WAIT)
    assert records(k)[5].flag is None
    tap(qtbot, w, "btn_load")
    type_keys(qtbot, w, case_id)
    tap(qtbot, w, "btn_next")
    qtbot.waitUntil(lambda: flow.state.screen == "locker_staff.size"
                    and flow.journey.sizes is not None, timeout=WAIT)
    tap(qtbot, w, "size_S")
    qtbot.waitUntil(lambda: flow.journey.door.state is DoorState.OPEN, timeout=WAIT)
    m = flow.journey.door.compartment
    tap(qtbot, w, "btn_simulate_close")  # mock: certificate in, door closed
    qtbot.waitUntil(lambda: flow.state.screen == "locker_staff.overview"
                    and records(k)[m].status == "loaded", timeout=WAIT)
    texts = sa.select(sms_messages.c.text).where(sms_messages.c.case_id == case_id)
    assert wait_for(lambda: central.rows(texts), timeout=15)
    [(sms,)] = central.rows(texts)
    code = sms.split("取件码 ")[1][:6]
    tap(qtbot, w, "btn_back")
    assert flow.state.screen == Screen.STAFF_HOME
    flow.leave_staff()

    # the citizen picks up with the code from the SMS
    tap(qtbot, w, "tile_locker_pickup")
    tap(qtbot, w, "btn_use_code")
    type_keys(qtbot, w, "000000")
    tap(qtbot, w, "btn_open")
    qtbot.waitUntil(lambda: "没有找到这个取件码" in shown(w, "notice"), timeout=WAIT)
    qtbot.keyClicks(w.screens["locker_pickup.code"], code)  # a QR scanner types the code
    assert flow.journey.code.digits == code
    tap(qtbot, w, "btn_open")
    qtbot.waitUntil(lambda: flow.journey.door.state is DoorState.OPEN, timeout=WAIT)
    assert flow.journey.door.compartment == m
    tap(qtbot, w, "btn_simulate_take")
    qtbot.waitUntil(lambda: flow.state.screen == "locker_pickup.done", timeout=WAIT)
    assert records(k)[m].status == "free"
    assert wait_for(lambda: central.rows(
        "SELECT status FROM cases WHERE case_id = :c", c=case_id) == [("handed_over",)],
        timeout=15)


def test_the_cabinet_lost_while_the_door_is_open(make, central, qtbot):
    k = make()
    flow, w = k.flow, k.window
    cabinet = k.manager.get("locker").simulator
    n = to_open_door(k, qtbot)
    cabinet.inject("silent")  # the cabinet's power or cable goes while the door is open
    qtbot.waitUntil(lambda: flow.state.screen == Screen.ERROR, timeout=WAIT)
    assert flow.state.error.code == "locker_lost"
    assert "停止响应" in shown(w, "title")
    assert wait_for(lambda: records(k)[n].flag == "interrupted", timeout=10)
    tap(qtbot, w, "btn_staff")
    tap(qtbot, w, "btn_home")
    # never "free" while unknown: the tiles say why the locker cannot be used
    qtbot.waitUntil(lambda: not flow.function("locker_dropoff").available, timeout=WAIT)
    cabinet.clear("silent")
    qtbot.waitUntil(lambda: flow.function("locker_dropoff").available, timeout=WAIT)


def test_a_power_cut_between_unlock_and_door_closed(make, central, qtbot, settings_env):
    k = make()
    n = to_open_door(k, qtbot)
    cabinet = k.manager.get("locker").simulator
    cabinet.perform("put_item", compartment=n)  # the materials go in … and the power goes
    state_file = cabinet.state_file
    k.close()
    k.powered_off = True
    # during the outage the citizen pushes the door shut (the cabinet keeps its state)
    dark = LockerSimulator("locker", layout=Layout.parse(), state_file=state_file)
    dark.close_door(n)

    k2 = make()
    flow, w = k2.flow, k2.window
    assert wait_for(lambda: records(k2)[n].flag == "interrupted", timeout=15)
    rec = records(k2)[n]
    assert rec.status == "opening" and "door closed, item inside" in rec.flag_detail
    assert wait_for(lambda: (f"locker:locker:{n}:interrupted",) in central.rows(REASONS),
                    timeout=15)
    qtbot.waitUntil(lambda: flow.function("locker_dropoff").available, timeout=WAIT)
    staff_login(k2, qtbot)
    tap(qtbot, w, "tile_locker_staff")
    qtbot.waitUntil(lambda: bool(flow.journey.view), timeout=WAIT)
    tap(qtbot, w, f"compartment_{n}")
    assert "断电" in shown(w, "row_flag")
    tap(qtbot, w, "btn_check")
    qtbot.waitUntil(lambda: flow.journey.door.state is DoorState.OPEN, timeout=WAIT)
    tap(qtbot, w, "btn_simulate_close")
    qtbot.waitUntil(lambda: flow.state.screen == "locker_staff.resolve", timeout=WAIT)
    assert flow.journey.seen_occupied is True
    tap(qtbot, w, "btn_kept")  # the materials are there: kept, to be collected
    qtbot.waitUntil(lambda: records(k2)[n].flag is None, timeout=WAIT)
    assert records(k2)[n].status == "dropoff"
