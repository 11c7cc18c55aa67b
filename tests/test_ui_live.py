"""The real stack under the UI: simulated ID reader and printer speaking their protocols on
ptys, the queue service against the embedded central server, the Qt bridge in between.

A citizen taps through a ticket; the card comes from the reader simulator, the ticket goes
to the virtual printer; then the printer runs out of paper mid-session.
"""
from __future__ import annotations

import argparse
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.flows.state import Screen
from kiosk.journeys.steps.idcard import CardStep

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
    """The kiosk on simulated devices against the reference server (its own, in this test
    process: the kiosk side never starts it)."""
    from kiosk.ui.app import build_kiosk

    devices = settings_env / "devices.toml"
    devices.write_text(DEVICES)
    args = argparse.Namespace(mock=True, devices=str(devices), config=None, windowed=True,
                              fullscreen=False)
    settings = central.settings(settings_env)
    # office hours are configuration: pin the wall clock inside them (a Tuesday morning)
    kiosk = build_kiosk(args, settings, clock=lambda: datetime(2025, 3, 18, 10, 0))
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    yield kiosk
    kiosk.close()


def tap(qtbot, window, name):
    found = [b for b in window.findChildren(QAbstractButton, name) if b.isVisibleTo(window)]
    assert len(found) == 1 and found[0].isEnabled(), name
    qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def test_ticket_on_simulated_devices(live, qtbot):
    flow, w = live.flow, live.window
    assert w.banner.isVisible()  # mock devices are always shown as such
    qtbot.waitUntil(lambda: flow.function("ticket").available, timeout=20_000)
    printer = live.manager.first("printer")
    printed_before = len(printer.simulator.pages)
    tap(qtbot, w, "tile_ticket")
    code = flow.state.categories[0].code
    tap(qtbot, w, f"cat_{code}")
    assert flow.state.screen == "ticket.confirm"
    tap(qtbot, w, "btn_simulate_card")  # mock only: lays the senior test card on the reader
    qtbot.waitUntil(lambda: flow.journey.card.state is CardStep.READ, timeout=15_000)
    holder = flow.journey.card.holder
    assert holder.age >= 70 and holder.priority_reason == "elderly_70"
    tap(qtbot, w, "btn_confirm")
    qtbot.waitUntil(lambda: flow.state.screen in ("ticket.done", "ticket.print_failed",
                                                   Screen.ERROR), timeout=30_000)
    assert flow.state.screen == "ticket.done", flow.state.error or flow.journey.printing.problem
    assert len(printer.simulator.pages) == printed_before + 1
    tap(qtbot, w, "btn_done")
    assert flow.state.screen == Screen.HOME

    # the printer runs out of paper while the next citizen is choosing
    tap(qtbot, w, "tile_ticket")
    printer.simulator.inject("paper_out")
    qtbot.waitUntil(lambda: flow.state.screen == Screen.ERROR, timeout=20_000)
    assert flow.state.error.subject == "printer"
    tap(qtbot, w, "btn_home")
    assert not w.findChild(QAbstractButton, "tile_ticket").isEnabled()
    printer.simulator.clear("paper_out")
    qtbot.waitUntil(lambda: flow.function("ticket").available, timeout=20_000)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_failing_card_in_waiting_mode_is_told_with_a_way_on(live, qtbot, lang):
    """The reader's real driver and simulator: a card that fails authentication while the
    reader waits, then the reader unplugged mid-journey — each in plain words, with Skip."""
    from PySide6.QtWidgets import QLabel

    flow, w = live.flow, live.window
    qtbot.waitUntil(lambda: flow.function("ticket").available, timeout=20_000)
    flow.set_language(lang)
    tap(qtbot, w, "tile_ticket")
    tap(qtbot, w, f"cat_{flow.state.categories[0].code}")
    reader = live.manager.first("idcard").mock
    reader.inject("auth_fail")
    reader.perform("place_card", card="resident")
    notice = w.screens["ticket.confirm"].findChild(QLabel, "notice")
    qtbot.waitUntil(lambda: notice.isVisibleTo(w) and bool(notice.text()), timeout=15_000)
    words = {"zh_CN": "没有通过验证", "en": "could not be verified"}[lang]
    assert words in notice.text()
    assert flow.journey.card.notice.detail == "auth_failed"
    reader.clear("auth_fail")
    reader.perform("remove_card")
    reader.inject("unplug")  # the reader's cable comes out while the citizen waits
    qtbot.waitUntil(lambda: flow.journey.card.state is CardStep.UNAVAILABLE, timeout=20_000)
    words = {"zh_CN": "停止工作", "en": "stopped"}[lang]
    qtbot.waitUntil(lambda: words in notice.text(), timeout=5_000)
    tap(qtbot, w, "btn_confirm")  # the way on: a ticket without the card
    qtbot.waitUntil(lambda: flow.state.screen == "ticket.done", timeout=30_000)
    reader.clear("unplug")
