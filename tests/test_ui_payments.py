"""便民缴费 walked by taps on the real stack (simulated printer, the reference server, the Qt
bridge), in Chinese and in English: the notice number on the keypad, the QR code on screen —
read back from the screen's pixels, it is the order's payer link —, the payment made on the
payer's side, the receipt out of the virtual printer, Done, the rating sent once."""
from __future__ import annotations

import numpy as np
import pytest
import sqlalchemy as sa
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from kiosk.flows.state import Screen
from kiosk.journeys.steps import payment as P
from kiosk.qr.reader import QrReader
from tests.test_ui_live import live, tap  # noqa: F401 - the live-stack fixture

FINE = "3201022611000123"  # demo: 交通违法罚款（闯红灯）, ¥200.00


def _shown(w) -> list[str]:
    return [lb.text() for lb in w.findChildren(QLabel) if lb.isVisibleTo(w)]


def _qr_text(widget) -> list[str]:
    img = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    frame = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(),
                                                             img.bytesPerLine())
    return [c.text for c in QrReader().read_all(np.ascontiguousarray(frame[:, :img.width()]))]


@pytest.mark.parametrize("lang, title, paid", [("zh_CN", "请扫码支付", "缴费成功"),
                                               ("en", "Scan to pay", "Payment done")])
def test_pay_a_fine_by_taps(live, qtbot, central, lang, title, paid):  # noqa: F811
    flow, w = live.flow, live.window
    qtbot.waitUntil(lambda: flow.function("payments").available, timeout=20_000)
    printer = live.manager.first("printer")
    printed_before = len(printer.simulator.pages)
    flow.set_language(lang)
    tap(qtbot, w, "tile_payments")
    assert flow.state.screen == "payments.notice"
    for d in FINE:
        tap(qtbot, w, f"key_{d}")
    tap(qtbot, w, "btn_next")
    step = flow.journey.payment
    qtbot.waitUntil(lambda: step.phase == P.WAITING, timeout=20_000)
    assert w.screens["payments.pay"].title.text() == title
    assert "¥200.00" in _shown(w)
    # (this screen's own: other journeys' payment screens have a "payment_qr" too)
    qr = w.screens["payments.pay"].findChild(type(w.screens["payments.pay"].qr), "payment_qr")
    assert _qr_text(qr) == [step.order.pay_url]  # what a phone's camera reads

    with central.app.engine.begin() as conn:  # the payer pays on the phone
        central.store.payments.pay(conn, step.order.order_id, "phone-1")
    qtbot.waitUntil(lambda: flow.state.screen in ("payments.done", "payments.print_failed",
                                                   Screen.ERROR), timeout=30_000)
    assert flow.state.screen == "payments.done", flow.journey.printing.problem
    assert w.screens["payments.done"].title.text() == paid
    assert len(printer.simulator.pages) == printed_before + 1
    order_id = step.order.order_id
    qtbot.waitUntil(lambda: live.central.payments.record(order_id)["receipt"] == "printed",
                    timeout=10_000)

    tap(qtbot, w, "btn_done")
    assert flow.state.screen == "payments.rate"
    tap(qtbot, w, "rate_2")
    tap(qtbot, w, "btn_rate_submit")  # a low rating needs its reason first
    assert flow.state.screen == "payments.rate"
    tap(qtbot, w, "reason_slow")
    tap(qtbot, w, "phrase_needed_help")
    tap(qtbot, w, "btn_rate_submit")
    assert flow.state.screen == Screen.HOME
    qtbot.waitUntil(lambda: central.count("evaluations") == 1, timeout=30_000)
    from kiosk.central.store.evaluations import evaluations as table

    assert central.rows(sa.select(table.c.journey, table.c.score, table.c.tags,
                                  table.c.comment)) == [("payments", 2, '["slow"]', "需要人工帮助")]
    assert central.rows("SELECT state FROM payment_orders") == [("paid",)]


def test_cancel_on_screen_cancels_at_the_server(live, qtbot, central):  # noqa: F811
    flow, w = live.flow, live.window
    qtbot.waitUntil(lambda: flow.function("payments").available, timeout=20_000)
    tap(qtbot, w, "tile_payments")
    for d in FINE:
        tap(qtbot, w, f"key_{d}")
    tap(qtbot, w, "btn_next")
    step = flow.journey.payment
    qtbot.waitUntil(lambda: step.phase == P.WAITING, timeout=20_000)
    assert not w.topbar.home.isVisible()  # while paying, the way out is the cancel button
    tap(qtbot, w, "btn_pay_cancel")
    qtbot.waitUntil(lambda: step.phase == P.CANCELLED, timeout=20_000)
    assert central.rows("SELECT state FROM payment_orders") == [("cancelled",)]
    assert "这笔订单已经取消，没有扣款。" in _shown(w)
    with central.app.engine.begin() as conn:  # the payer's app pays anyway, late
        central.store.payments.pay(conn, step.order.order_id, "phone-late")
    qtbot.waitUntil(lambda: step.refund, timeout=20_000)
    assert any("原路退款" in t for t in _shown(w))
    tap(qtbot, w, "btn_home")
    assert flow.state.screen == Screen.HOME
