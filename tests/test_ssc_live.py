"""社保卡补换卡 on the whole mock-mode stack, by taps: the Qt window and bridge, the real drivers
on their simulators (ID card reader and printer on ptys, the CRT-591 dispenser on a pty, the
social-security card reader through the real pcscd and vpcd with the virtual card, the
dispenser's cards going into it), and the reference central server. Every failure point
leaves every card accounted for — in the citizen's hand, the reject bin or flagged jammed —
and the server's application state right."""
from __future__ import annotations

import argparse
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.flows.state import Screen
from tests.pcscd import card_present, pcscd  # noqa: F401 - fixture
from tests.waiting import wait_for

READER = "Virtual PCD 00 00"
DEVICES = """
[idcard]
driver = "sam_idcard"
mock = true
sim_card = "none"

[printer]
driver = "escpos"
mock = true

[smartcard]
driver = "pcsc_ssc"
mock = true
timeout = 3.0

[card_dispenser]
driver = "crt591"
mock = true
sim_reader = "smartcard"
sim_move_delay = 0.05
"""


@pytest.fixture
def live(pcscd, settings_env, central, qtbot):
    from kiosk.ui.app import build_kiosk

    assert wait_for(lambda: not card_present(READER), timeout=10)
    devices = settings_env / "devices.toml"
    devices.write_text(DEVICES)
    args = argparse.Namespace(mock=True, devices=str(devices), config=None, windowed=True,
                              fullscreen=False)
    settings = central.settings(settings_env)
    kiosk = build_kiosk(args, settings, clock=lambda: datetime(2025, 3, 18, 10, 0))
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    yield kiosk
    # the window makes the journeys' screens on idle turns (prewarm): let it finish, its
    # next turn would otherwise find the window gone (kiosk/ui/window.py, not this journey)
    qtbot.waitUntil(lambda: not kiosk.window._pending, timeout=30_000)
    kiosk.close()
    assert wait_for(lambda: not card_present(READER), timeout=10)


def tap(qtbot, window, name, timeout=20_000):
    def ready():
        found = [b for b in window.findChildren(QAbstractButton, name)
                 if b.isVisibleTo(window) and b.isEnabled()]
        return len(found) == 1

    qtbot.waitUntil(ready, timeout=timeout)
    button = next(b for b in window.findChildren(QAbstractButton, name) if b.isVisibleTo(window))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def screen(live) -> str:
    return str(live.flow.state.screen)


def to_confirm(live, qtbot) -> None:
    flow, w = live.flow, live.window
    qtbot.waitUntil(lambda: flow.function("ssc").available, timeout=30_000)
    tap(qtbot, w, "tile_ssc")
    assert screen(live) == "ssc.identify"
    tap(qtbot, w, "btn_simulate_card")  # 张三's ID card on the reader simulator
    qtbot.waitUntil(lambda: screen(live) in ("ssc.account", Screen.ERROR), timeout=20_000)
    assert screen(live) == "ssc.account", flow.state.error
    tap(qtbot, w, "btn_lost")
    tap(qtbot, w, "btn_confirm_loss")
    qtbot.waitUntil(lambda: screen(live) == "ssc.photo", timeout=20_000)
    tap(qtbot, w, "btn_use_photo")
    assert screen(live) == "ssc.confirm"


def server_view(live) -> dict:
    j = live.flow.journey
    assert wait_for(lambda: not live.central.outbox.owes(j.application_id), timeout=20)
    return live.central.ssc.application(j.application_id)


def test_reissue_by_taps_on_the_mock_stack(live, qtbot):
    flow, w = live.flow, live.window
    printer = live.manager.first("printer")
    printed = len(printer.simulator.pages)
    to_confirm(live, qtbot)
    tap(qtbot, w, "btn_start_issue")
    qtbot.waitUntil(lambda: screen(live) in ("ssc.take", "ssc.failed"), timeout=60_000)
    assert screen(live) == "ssc.take", flow.journey.run.failure
    mech = live.manager.first("card_dispenser").simulator.mech
    assert mech.position == "gate" and mech.card.to_card().full_name == "张三"
    tap(qtbot, w, "btn_simulate_take")  # the citizen takes the card
    qtbot.waitUntil(lambda: screen(live) == "ssc.done", timeout=30_000)
    j = flow.journey
    assert j.run.outcome == "taken" and j.printing.problem is None
    assert len(printer.simulator.pages) == printed + 1  # the receipt
    view = server_view(live)
    assert view["state"] == "delivered" and view["cards"][0]["outcome"] == "taken"
    taken = mech.taken[0].to_card()
    assert taken.card_number == j.run.expect["card_number"] and taken.id_number.endswith("35")
    assert (mech.picked, mech.accounted()) == (1, 1)
    assert live.central.ssc.interrupted() == []
    tap(qtbot, w, "btn_done")
    assert flow.state.screen == Screen.HOME


def test_a_write_failure_is_captured_and_the_retry_works(live, qtbot):
    flow, w = live.flow, live.window
    to_confirm(live, qtbot)
    reader = live.manager.first("smartcard").simulator
    reader.inject("write_fail", after=2)
    tap(qtbot, w, "btn_start_issue")
    qtbot.waitUntil(lambda: screen(live) == "ssc.failed", timeout=60_000)
    run = flow.journey.run
    assert run.failure == "write_failed" and run.card_at == "reject_bin"
    mech = live.manager.first("card_dispenser").simulator.mech
    assert len(mech.rejected) == 1 and mech.card is None
    view = server_view(live)
    assert view["state"] == "open" and view["cards"][0]["card_at"] == "reject_bin"
    reader.clear("write_fail")
    tap(qtbot, w, "btn_retry")  # another blank card
    qtbot.waitUntil(lambda: screen(live) in ("ssc.take", "ssc.failed"), timeout=60_000)
    assert screen(live) == "ssc.take", flow.journey.run.failure
    tap(qtbot, w, "btn_simulate_take")
    qtbot.waitUntil(lambda: screen(live) == "ssc.done", timeout=30_000)
    view = server_view(live)
    assert view["state"] == "delivered" and view["attempts"] == 2
    assert [c["outcome"] for c in view["cards"]] == ["failed", "taken"]
    assert (mech.picked, mech.accounted()) == (2, 2)


@pytest.mark.parametrize("fault,failure,card_at", [
    ("jam", "card_jam", "jammed"),
    ("empty_mid_job", "hopper_empty", "none"),
])
def test_dispenser_failures_by_taps(live, qtbot, fault, failure, card_at):
    flow, w = live.flow, live.window
    to_confirm(live, qtbot)
    dispenser = live.manager.first("card_dispenser").simulator
    dispenser.inject(fault)
    tap(qtbot, w, "btn_start_issue")
    qtbot.waitUntil(lambda: screen(live) == "ssc.failed", timeout=60_000)
    run = flow.journey.run
    assert (run.failure, run.card_at) == (failure, card_at)
    assert not flow.journey.can_retry  # staff first: no retry button
    assert [b.objectName() for b in w.findChildren(QAbstractButton, "btn_retry")
            if b.isVisibleTo(w)] == []
    view = server_view(live)
    assert view["state"] == "open"
    mech = dispenser.mech
    if fault == "jam":
        assert mech.jammed and mech.card is not None  # the stuck card: staff take it out
        assert view["cards"][-1]["card_at"] == "jammed"
    else:
        assert mech.picked == 0 and mech.accounted() == 0
    tap(qtbot, w, "btn_staff")
    assert live.flow.state.staff_called


def test_a_card_left_at_the_gate_is_captured_and_the_receipt_says_so(live, qtbot):
    flow, w = live.flow, live.window
    to_confirm(live, qtbot)
    flow.journey.take_timeout_s = 0.5  # nobody comes for it
    tap(qtbot, w, "btn_start_issue")
    qtbot.waitUntil(lambda: screen(live) in ("ssc.done", "ssc.failed"), timeout=60_000)
    j = flow.journey
    assert j.run.outcome == "retained" and j.run.card_at == "reject_bin"
    assert "回收保管" in w.screens["ssc.done"].title.text()
    mech = live.manager.first("card_dispenser").simulator.mech
    assert len(mech.rejected) == 1 and mech.rejected[0].to_card().full_name == "张三"
    assert server_view(live)["state"] == "retained"


def test_query_my_card_by_inserting_it(live, qtbot):
    flow, w = live.flow, live.window
    qtbot.waitUntil(lambda: flow.function("ssc_query").available and
                    flow.health.kind_up("smartcard"), timeout=30_000)
    tap(qtbot, w, "tile_ssc_query")
    assert screen(live) == "ssc_query.insert"
    tap(qtbot, w, "btn_simulate_ssc")  # 李四's third-generation card into the reader
    qtbot.waitUntil(lambda: screen(live) in ("ssc_query.result", Screen.ERROR),
                    timeout=20_000)
    assert screen(live) == "ssc_query.result", flow.state.error
    assert flow.journey.by == "ssc"
    labels = w.screens["ssc_query.result"]
    from PySide6.QtWidgets import QLabel

    card = labels.findChild(QLabel, "row_card").text()
    assert card == "A******22"
    tap(qtbot, w, "btn_done")
    assert screen(live) == Screen.HOME
