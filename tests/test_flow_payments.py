"""便民缴费 and its payment step as plain state machines (demo doubles answer by hand): paid →
receipt; expired → a new code; the citizen's cancel → cancelled, or paid when the payer was
quicker; a payment after the cancel shows the refund; a number the server does not know
goes back to the keypad; a dropped journey cancels its payable order."""
from __future__ import annotations

import pytest

from kiosk.demo import demo_flow
from kiosk.demo.payment_scenes import NOTICE
from kiosk.flows.state import Screen
from kiosk.journeys.steps import payment as P
from kiosk.services import ServiceUnavailable


def answer(fx, key: str) -> None:
    """Answer the oldest pending ``key`` request from the demo central (others wait)."""
    p = next(p for p in fx.pending if p.kind == key)
    fx.pending.remove(p)
    r = p.request
    try:
        value = getattr(getattr(fx.central, r.name), r.op)(*r.args, **r.kwargs)
    except Exception as exc:  # noqa: BLE001 - handed to the flow like the real thing
        p.failed(exc)
    else:
        p.done(value)


@pytest.fixture
def paying():
    """The fine's QR code is on screen."""
    flow, fx, clock = demo_flow()
    flow.open("payments")
    j = flow.journey
    for d in NOTICE:
        j.entry.key(d)
    j.next()
    assert (flow.state.screen, j.payment.phase) == ("payments.pay", P.CREATING)
    assert fx.last("payments.create").kwargs == {"notice": NOTICE, "journey": "payments"}
    fx.resolve_service()
    assert j.payment.phase == P.WAITING and j.busy  # no "still there?" while paying
    return flow, fx, clock


def test_paid_prints_the_receipt(paying):
    flow, fx, clock = paying
    j = flow.journey
    assert j.payment.seconds_left == 300
    clock.advance(61)
    assert j.payment.seconds_left == 239
    fx.resolve_service()  # a poll: still waiting …
    assert fx.kinds() == ["payments.status"]  # … and the next one asked
    assert fx.last("payments.status").kwargs == {"wait_s": P.POLL_S}
    fx.central.payments.pay(j.payment.order.order_id)
    fx.resolve_service()
    assert flow.state.screen == "payments.printing" and j.payment.phase == P.PAID
    receipt = fx.printed[-1]
    assert (receipt.item, receipt.amount_fen, receipt.payer) == \
        ("交通违法罚款（闯红灯）", 20000, "张*")
    fx.resolve("printer.print")
    fx.resolve_service()
    assert flow.state.screen == "payments.done"
    assert fx.central.payments.receipts == [j.payment.order.order_id]
    assert fx.kinds() == []  # no more polling


def test_expired_offers_a_new_code(paying):
    flow, fx, clock = paying
    j = flow.journey
    first = j.payment.order.order_id
    fx.central.payments.expire(first)
    fx.resolve_service()
    assert j.payment.phase == P.EXPIRED and not j.busy
    j.payment.again()
    answer(fx, "payments.create")
    assert j.payment.phase == P.WAITING and j.payment.order.order_id != first


def test_cancel_then_a_late_payment_shows_the_refund(paying):
    flow, fx, clock = paying
    j = flow.journey
    order_id = j.payment.order.order_id
    j.payment.cancel()
    assert j.payment.phase == P.CANCELLING
    fx.resolve_service()  # the poll that was on its way: stale, ignored
    fx.resolve_service()  # the cancel
    assert j.payment.phase == P.CANCELLED and not j.payment.refund
    fx.central.payments.pay(order_id)  # the payer's app paid after the cancel
    fx.resolve_service()  # the kiosk still looks while the citizen is there
    assert j.payment.phase == P.CANCELLED and j.payment.refund
    assert fx.printed == []  # never a receipt for a payment that is refunded
    assert fx.kinds() == []


def test_cancel_answered_paid_is_treated_as_paid(paying):
    flow, fx, clock = paying
    j = flow.journey
    fx.central.payments.pay(j.payment.order.order_id)  # paid just before the tap
    j.payment.cancel()
    fx.resolve("payments.status", j.payment.order)  # (the stale poll)
    fx.resolve_service()  # the cancel answers: paid
    assert j.payment.phase == P.PAID and flow.state.screen == "payments.printing"


def test_a_failed_cancel_keeps_watching_the_order(paying):
    flow, fx, clock = paying
    j = flow.journey
    j.payment.cancel()
    fx.resolve("payments.status", j.payment.order)
    fx.fail("payments.cancel", ServiceUnavailable("down", "连不上"))
    assert j.payment.phase == P.WAITING and j.payment.connection_problem
    assert fx.kinds() == ["payments.status"]


def test_a_lost_poll_is_retried_and_said(paying):
    flow, fx, clock = paying
    j = flow.journey
    fx.fail("payments.status", ServiceUnavailable("down", "连不上"))
    assert j.payment.connection_problem and fx.kinds() == ["payments.status"]
    fx.resolve_service()
    assert not j.payment.connection_problem


@pytest.mark.parametrize("number, problem", [("3201022611999999", "unknown_notice"),
                                             ("32010226", "too_short")])
def test_a_wrong_number_goes_back_to_the_keypad(number, problem):
    flow, fx, clock = demo_flow()
    flow.open("payments")
    j = flow.journey
    for d in number:
        j.entry.key(d)
    j.next()
    if problem != "too_short":
        fx.resolve_service()
    assert flow.state.screen == "payments.notice" and j.problem == problem
    assert not j.busy


def test_a_paid_notice_is_said_at_the_keypad(paying):
    flow, fx, clock = paying
    fx.central.payments.pay(flow.journey.payment.order.order_id)
    flow.end_session("next citizen")
    fx.pending.clear()
    flow.open("payments")
    j = flow.journey
    for d in NOTICE:
        j.entry.key(d)
    j.next()
    fx.resolve_service()
    assert j.problem == "notice_paid"


def test_a_server_that_cannot_be_asked_is_the_error_screen_with_retry():
    flow, fx, clock = demo_flow()
    flow.open("payments")
    j = flow.journey
    for d in NOTICE:
        j.entry.key(d)
    j.next()
    fx.fail("payments.create", ServiceUnavailable("down", "缴费系统暂时连接不上"))
    assert flow.state.screen == Screen.ERROR and flow.state.error.code == "payment_failed"
    assert not j.busy
    flow.act(flow.state.error.actions[0])  # retry
    answer(fx, "payments.create")
    assert j.payment.phase == P.WAITING


def test_dropping_the_journey_cancels_its_payable_order(paying):
    flow, fx, clock = paying
    order_id = flow.journey.payment.order.order_id
    flow.end_session("staff")  # (home is hidden while paying; the session can still end)
    assert fx.last("payments.cancel").args == (order_id,)
    fx.resolve("payments.status", None)  # (stale poll: ignored)
    fx.resolve_service()
    assert fx.central.payments.orders[order_id]["state"] == "cancelled"


def test_the_receipt_bytes_carry_the_order():
    from datetime import datetime

    from drivers.printer.commands import EscPosBuilder
    from kiosk.printing.jobs import job_bytes

    order_id = "5232d7c15f08472a854769ecaefcb135"
    receipt = P.PaymentReceipt(order_id, "交通违法罚款（闯红灯）", "Traffic fine (red light)",
                               20000, "张*", "2025-03-18T10:25:00+08:00", "市政务服务中心",
                               datetime(2025, 3, 18, 10, 25))
    data = job_bytes(receipt.job(), EscPosBuilder())
    assert "缴费凭证".encode("gbk") in data
    assert b" Order 5232d7c1 5f08472a 854769ec aefcb135\n" in data  # grouped: read out
    # GS ( k: the QR code's data stored (fn 80), 32 bytes + 3: pL=0x23 pH=0
    assert b"\x1d(k\x23\x001P0" + order_id.encode() in data
