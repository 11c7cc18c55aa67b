"""便民缴费 against the reference server: an order's states (paid, expired, cancelled), a
payment after the kiosk's cancel (a refund request, never a second charge), the payer's page
(literal HTML form), a restart mid-payment (a new kiosk-side Central finds the open order and
settles it), and the demo command line."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid

import pytest
import requests

from kiosk.sync.central import build_central
from kiosk.sync.payments import PaymentRefused

FINE = "3201022611000123"  # demo: 交通违法罚款（闯红灯）, ¥200.00, 张*
FEE = "11010126000000001234"  # demo: 不动产登记费, ¥80.00


def _pay(central, order_id: str, payment_id: str | None = None) -> dict:
    """The payer's side, as the page's form posts it."""
    with central.app.engine.begin() as conn:
        return central.store.payments.pay(conn, order_id, payment_id or uuid.uuid4().hex)


def _expire(central, order_id: str) -> None:
    with central.app.engine.begin() as conn:
        central.store.payments.expire(conn, order_id)


def _payments(central, order_id: str) -> list[tuple]:
    return central.rows("SELECT outcome, amount_fen FROM payment_events WHERE order_id = :o "
                        "ORDER BY at", o=order_id)


def test_an_order_for_a_notice_is_priced_by_the_server_and_paid_once(facade, central):
    order = facade.payments.create(notice=FINE, journey="payments")
    assert (order.state, order.amount_fen, order.item, order.payer, order.kind) == \
        ("created", 20000, "交通违法罚款（闯红灯）", "张*", "fine")
    assert order.pay_url == f"{central.url}/pay/{order.order_id}"
    assert 0 < order.seconds_left <= 300
    assert facade.payments.record(order.order_id)["state"] == "open"  # written before asked
    assert facade.payments.status(order.order_id).state == "created"

    first = _pay(central, order.order_id, "pay-1")
    assert first["outcome"] == "paid" and first["state"] == "paid"
    again = _pay(central, order.order_id, "pay-1")  # the same payment reported twice
    assert again["outcome"] == "paid" and again["replayed"] is True
    second = _pay(central, order.order_id, "pay-2")  # a second, distinct payment: refunded
    assert second["outcome"] == "refund_requested" and second["state"] == "paid"
    assert _payments(central, order.order_id) == [("paid", 20000), ("refund_requested", 20000)]

    now = facade.payments.status(order.order_id)
    assert now.paid and now.refund and now.paid_at
    record = facade.payments.record(order.order_id)
    assert (record["state"], record["outcome"], record["receipt"]) == ("closed", "paid", "owed")
    facade.payments.receipt_printed(order.order_id)
    assert facade.payments.record(order.order_id)["receipt"] == "printed"
    with pytest.raises(PaymentRefused) as refused:  # the notice is paid: no second order
        facade.payments.create(notice=FINE)
    assert refused.value.code == "notice_paid" and "无需重复缴费" in refused.value.message_zh


def test_an_unknown_notice_is_refused_and_leaves_no_open_record(facade):
    with pytest.raises(PaymentRefused) as refused:
        facade.payments.create(notice="3201022611999999")
    assert refused.value.code == "unknown_notice"
    assert facade.payments.records(open_only=True) == []


def test_paid_after_cancel_is_a_refund_request_never_a_charge(facade, central):
    order = facade.payments.create(notice=FEE)
    page = requests.get(order.pay_url, timeout=5)  # the payer's phone opened the page …
    payment_id = re.search(r"name=payment_id value=(\w+)", page.text).group(1)
    cancelled = facade.payments.cancel(order.order_id)  # … the citizen cancels at the kiosk
    assert cancelled.state == "cancelled" and not cancelled.refund
    # … and the payer's app completes the payment afterwards
    paid = requests.post(order.pay_url, data={"payment_id": payment_id}, timeout=5)
    assert paid.status_code == 200
    assert 'id=outcome data-outcome=refund_requested' in paid.text
    assert "款项将原路退回" in paid.text
    now = facade.payments.status(order.order_id)
    assert (now.state, now.refund, now.paid) == ("cancelled", True, False)
    assert facade.payments.record(order.order_id)["outcome"] == "refund"
    assert _payments(central, order.order_id) == [("refund_requested", 8000)]
    # the notice is still unpaid: a new order for it is payable
    assert facade.payments.create(notice=FEE).state == "created"


def test_a_cancel_after_the_payment_is_answered_paid(facade, central):
    order = facade.payments.create(notice=FINE)
    _pay(central, order.order_id)  # the payer was quicker than the cancel
    answer = facade.payments.cancel(order.order_id)
    assert answer.paid and not answer.refund  # treated as paid: the receipt is owed
    assert facade.payments.record(order.order_id)["receipt"] == "owed"


def test_an_expired_order_takes_no_payment(facade, central):
    order = facade.payments.create(item="证明打印费", amount_fen=500, journey="certificates")
    assert (order.item, order.amount_fen, order.kind) == ("证明打印费", 500, "fee")
    _expire(central, order.order_id)
    assert facade.payments.status(order.order_id).state == "expired"
    late = _pay(central, order.order_id)
    assert (late["state"], late["outcome"], late["refund"]) == \
        ("expired", "refund_requested", "requested")


def test_one_notice_cannot_be_paid_through_two_orders(facade, central):
    old = facade.payments.create(notice=FINE)  # a citizen walked away and came back
    new = facade.payments.create(notice=FINE)
    assert facade.payments.status(old.order_id).state == "cancelled"
    assert _pay(central, new.order_id)["outcome"] == "paid"
    assert _pay(central, old.order_id)["outcome"] == "refund_requested"
    charged = central.rows("SELECT COUNT(*) FROM payment_events e JOIN payment_orders o "
                           "ON o.order_id = e.order_id WHERE o.notice = :n AND "
                           "e.outcome = 'paid'", n=FINE)
    assert charged == [(1,)]


def test_creating_is_idempotent(facade, central):
    body = {"order_id": uuid.uuid4().hex, "notice": FEE}
    headers = {"Authorization": f"Bearer {central.token('KSK-T-01')}",
               "Content-Type": "application/json", "Idempotency-Key": body["order_id"]}
    first = requests.post(central.url + "/v1/payments/orders", data=json.dumps(body),
                          headers=headers, timeout=5)
    replay = requests.post(central.url + "/v1/payments/orders", data=json.dumps(body),
                           headers=headers, timeout=5)
    assert first.status_code == replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    assert central.count("payment_orders") == 1


def test_the_pay_page_is_a_plain_form(facade, central):
    order = facade.payments.create(notice=FINE)
    page = requests.get(order.pay_url, timeout=5)
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<p class=amount id=amount>¥200.00</p>" in page.text
    assert "<form method=post><input type=hidden name=payment_id value=" in page.text
    assert "<script" not in page.text
    paid = requests.post(order.pay_url, data={"payment_id": "phone-1"}, timeout=5)
    assert "id=outcome data-outcome=paid" in paid.text
    assert requests.get(central.url + "/pay/nothing", timeout=5).status_code == 404


def test_a_restart_mid_payment_settles_every_open_order(tmp_path, central):
    settings = central.settings(tmp_path)
    first = build_central(settings)
    waiting = first.payments.create(notice=FEE, journey="payments")  # QR on screen …
    paid = first.payments.create(notice=FINE, journey="payments")
    first.close()  # … and the kiosk dies; meanwhile one of them is paid on a phone
    _pay(central, paid.order_id)

    again = build_central(settings)  # the next start (JourneySpec.recover)
    try:
        from kiosk.journeys.payments.recovery import run_at_start

        done = {d["order_id"]: d for d in run_at_start(None, again)}
        assert done[waiting.order_id]["outcome"] == "cancelled"
        assert done[paid.order_id]["outcome"] == "paid"
        assert done[paid.order_id]["receipt"] == "owed"  # staff print it: kiosk pay --receipt
        assert again.payments.records(open_only=True) == []
        assert again.payments.status(waiting.order_id).state == "cancelled"
        assert _pay(central, waiting.order_id)["outcome"] == "refund_requested"
        assert run_at_start(None, again) == []  # nothing left
    finally:
        again.close()


def test_an_open_order_the_server_cannot_be_asked_about_stays_open(tmp_path, central):
    settings = central.settings(tmp_path)
    k = build_central(settings)
    try:
        order = k.payments.create(notice=FEE)
        central.stop()
        assert k.payments.resolve_open() == []
        assert [r["order_id"] for r in k.payments.records(open_only=True)] == [order.order_id]
        central.start()
        assert k.payments.resolve_open()[0]["outcome"] == "cancelled"
    finally:
        k.close()


def _central_cli(central, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk.central", *args, "--db", central.db_url],
                          capture_output=True, text=True, timeout=120)


def test_kiosk_central_pay_forces_paid_and_expired(facade, central, tmp_path):
    order = facade.payments.create(notice=FINE)
    out = _central_cli(central, "--data-dir", str(tmp_path / "c"), "pay", order.order_id,
                       "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert (doc["state"], doc["outcome"]) == ("paid", "paid")
    other = facade.payments.create(notice=FEE)
    out = _central_cli(central, "--data-dir", str(tmp_path / "c"), "pay", other.order_id,
                       "--expire")
    assert out.returncode == 0 and "expired" in out.stdout
    assert facade.payments.status(other.order_id).state == "expired"
    out = _central_cli(central, "--data-dir", str(tmp_path / "c"), "pay", "nope")
    assert out.returncode == 2 and "no payment order nope" in out.stderr
