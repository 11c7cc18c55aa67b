"""交通违法缴款 as a plain state machine: the identity check (demo camera with the real blink
analysers), the person's fines from the demo police side, one paid by QR code through the
shared payment step (demo payment service), the receipt — and the server side: the fines of
a verified person, paid through the payment service."""
from __future__ import annotations

from datetime import date

import cv2

from drivers.kinds.card_reader import CardRead
from kiosk.demo import DemoCard, demo_flow, demo_health
from kiosk.demo.camera import DemoCamera


def verified(printer=True):
    flow, fx, clock = demo_flow(health=demo_health(camera=True, printer=printer))
    flow.open("traffic_fines")
    assert flow.state.screen == "traffic_fines.id_card"
    flow.device_event("idcard", CardRead("idcard", DemoCard(name="张三",
                                                            birth_date=date(1985, 6, 15))))
    fx.resolve("idcard.decode_photo", type("R", (), {"available": False})())
    flow.journey.identity.agree()
    DemoCamera("portrait_blinking").run(
        fx, lambda: flow.state.screen == "traffic_fines.id_checking")
    fx.resolve_service()  # the face check: match
    assert flow.state.screen == "traffic_fines.loading"
    fx.resolve_service()  # the fines
    assert flow.state.screen == "traffic_fines.fines"
    return flow, fx, clock


def test_pay_a_fine_by_qr_then_receipt():
    flow, fx, clock = verified()
    j = flow.journey
    assert [f.notice for f in j.unpaid] == ["3201022611000123", "3201022611000456"]
    j.pay("3201022611000123")
    fx.resolve_service()  # the order for the fine's decision number
    assert flow.state.screen == "traffic_fines.pay" and j.payment.order.amount_fen == 20000
    fx.central.payments.pay(j.payment.order.order_id)
    fx.resolve_service()  # the poll: paid
    assert flow.state.screen == "traffic_fines.printing"
    fx.resolve("printer.print", None)
    assert flow.state.screen == "traffic_fines.done"
    j.finish()
    assert flow.state.screen == "home" and j.verified is None and j.fines == []


def test_no_unpaid_fines_says_so():
    flow, fx, clock = demo_flow(health=demo_health(camera=True))
    fx.central.police.fines = []
    flow.open("traffic_fines")
    flow.device_event("idcard", CardRead("idcard", DemoCard()))
    fx.resolve("idcard.decode_photo", type("R", (), {"available": False})())
    flow.journey.identity.agree()
    DemoCamera("portrait_blinking").run(
        fx, lambda: flow.state.screen == "traffic_fines.id_checking")
    fx.resolve_service()
    fx.resolve_service()
    assert flow.state.screen == "traffic_fines.fines" and flow.journey.unpaid == []
    flow.journey.pay("3201022611000123")  # nothing to pay: nothing happens
    assert flow.state.screen == "traffic_fines.fines"


def test_the_server_lists_a_verified_persons_fines_and_the_payment_marks_them(facade,
                                                                              central):
    from importlib.resources import files

    from kiosk.services import ServiceUnavailable

    zhang = "110101198506150035"  # the ID-card simulator's 张三
    image = cv2.imread(str(files("skimage.data").joinpath("astronaut.png")))
    ok = facade.identity.compare_face(zhang, cv2.imencode(".jpg", image)[1].tobytes())
    fines = facade.police.traffic_fines(zhang, ok.verification)
    assert [(f.notice, f.amount_fen, f.paid) for f in fines] == [
        ("3201022611000123", 20000, False), ("3201022611000456", 15000, False)]
    assert fines[0].points == 6 and fines[0].plate == "苏A·D1234"
    try:
        facade.police.traffic_fines(zhang, "0.bad")
    except ServiceUnavailable as exc:
        assert exc.code == "identity_not_verified"
    else:
        raise AssertionError("fines without a check")
    other = facade.police.traffic_fines("11010119900101002X", {"method": "fingerprint",
                                                               "score": 99})
    assert other == []
    # paid through the payment service: the police side shows it paid
    order = facade.payments.create(notice="3201022611000123", journey="traffic_fines")
    with central.app.engine.begin() as conn:
        central.app.store.payments.pay(conn, order.order_id, "pay-test-0001")
    fines = facade.police.traffic_fines(zhang, ok.verification)
    assert [f.paid for f in fines] == [True, False]
