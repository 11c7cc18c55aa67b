"""Appointment check-in on the real stack: 张三's card on the simulated reader, the lookup
and the check-in against the embedded central server, the done screen shows the priority."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from kiosk.flows.state import Screen
from kiosk.journeys.steps.idcard import CardStep
from tests.test_ui_live import live, tap  # noqa: F401 - the live-stack fixture

ZHANG = "110101198506150035"


def test_appointment_priority_on_the_done_screen(live, qtbot):  # noqa: F811
    flow, w = live.flow, live.window
    qtbot.waitUntil(lambda: flow.function("ticket").available, timeout=20_000)
    tap(qtbot, w, "tile_ticket")
    tap(qtbot, w, "cat_police_household")
    assert flow.state.screen == "ticket.confirm"
    reader = live.manager.first("idcard")
    reader.mock.perform("place_card", card="resident")  # 张三, booked for 户政业务 today (demo data)
    qtbot.waitUntil(lambda: flow.journey.card.state is CardStep.READ, timeout=15_000)
    holder = flow.journey.card.holder
    assert holder.appointment_code and holder.priority_reason is None
    tap(qtbot, w, "btn_confirm")
    qtbot.waitUntil(lambda: flow.state.screen in ("ticket.done", "ticket.print_failed",
                                                   Screen.ERROR), timeout=30_000)
    assert flow.state.screen == "ticket.done", flow.state.error or flow.journey.printing.problem
    ticket = flow.journey.ticket
    assert ticket.priority == "appointment" and not ticket.offline
    shown = [lb.text() for lb in w.findChildren(QLabel) if lb.isVisibleTo(w)]
    assert any("预约优先" in text for text in shown), shown
