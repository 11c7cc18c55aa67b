"""The card-management protocol end to end: the kiosk's ``central.ssc`` against the reference
server — identity (ID card or SMS code), the loss report and the issue's reports through the
outbox (durable, delivered once), the application's state through every report, the rules
that keep a card from being unaccounted for, and the recovery plan after a crash."""
from __future__ import annotations

import uuid

import pytest

from drivers.ssc.holders import HOLDERS, blank_card
from kiosk import protocol as P
from kiosk.journeys.ssc.recovery import plan
from kiosk.services import ServiceUnavailable
from kiosk.sync.client import new_key
from kiosk.sync.relay import Backoff
from kiosk.sync.ssc import SscRefused

ZHANG = HOLDERS["zhangsan"].id_number
WANG = HOLDERS["wangwu"].id_number
IDCARD = {"method": "idcard"}


def drain(facade) -> None:
    report = facade.relay.drain_once()
    assert report.parked == 0 and report.error == "", report


def card_status(central, number: str) -> str:
    return central.rows("SELECT status FROM ssc_cards WHERE card_number = :n", n=number)[0][0]


def blank(generation: int = 3) -> dict:
    b = blank_card(generation)
    return {"card_id_code": b.card_id_code, "version": f"{generation}.00", "blank": True,
            "challenge": "0011223344556677", "atr": b.atr.hex().upper()}


def opened(facade, id_number: str = ZHANG, reason: str = "lost") -> dict:
    loss = facade.ssc.report_loss(id_number, IDCARD) if reason == "lost" else None
    return facade.ssc.open_application(id_number, reason, IDCARD, loss_report=loss)


def test_lookup_by_id_number_and_by_card_number(facade, central):
    acc = facade.ssc.lookup(id_number=ZHANG)
    assert acc["person"]["name_masked"] == "张*" and acc["person"]["photo_on_record"]
    assert acc["cards"] == [{"card_number_masked": "A******11", "status": "active",
                             "generation": 2, "issue_date": "2016-03-01",
                             "expiry_date": "2026-03-01"}]
    assert acc["application"] is None
    assert facade.ssc.lookup(card_number="A00000022")["person"]["name_masked"] == "李*"
    with pytest.raises(SscRefused, match="no social-security card record") as exc:
        facade.ssc.lookup(id_number="11010119900101001X")
    assert exc.value.code == P.Err.SSC_UNKNOWN_PERSON and exc.value.retry is False
    assert "没有查到" in exc.value.message_zh
    central.stop()
    with pytest.raises(ServiceUnavailable, match="card lookup") as exc:
        facade.ssc.lookup(id_number=ZHANG)
    assert exc.value.retry and "连接不上" in exc.value.message_zh


def test_sms_code_proves_the_typed_id_number(facade, central):
    sent = facade.ssc.send_code(WANG)
    assert sent["mobile_masked"] == "138****0033" and len(sent["demo_code"]) == 6
    assert facade.ssc.send_code(WANG)["demo_code"] == sent["demo_code"]  # no SMS storm
    wrong = "000000" if sent["demo_code"] != "000000" else "111111"
    with pytest.raises(SscRefused) as exc:
        facade.ssc.check_code(WANG, wrong)
    assert exc.value.code == P.Err.SSC_CODE_WRONG
    token = facade.ssc.check_code(WANG, sent["demo_code"])["token"]
    with pytest.raises(SscRefused) as exc:  # a code is used once
        facade.ssc.check_code(WANG, sent["demo_code"])
    assert exc.value.code == P.Err.SSC_CODE_EXPIRED
    app = facade.ssc.open_application(WANG, "damaged", {"method": "sms", "token": token})
    assert app["business_type"] == "07" and app["state"] == "open"
    with pytest.raises(SscRefused) as exc:
        facade.ssc.open_application(ZHANG, "damaged", {"method": "sms", "token": token})
    assert exc.value.code == P.Err.SSC_NOT_VERIFIED  # a proof is for its own person only
    # nothing about the code check is stored: lookups are never idempotency records
    assert central.count("idempotency_keys", "WHERE path LIKE '%verification%'") == 0


def test_the_loss_report_is_durable_and_applied_once(facade, central):
    facade.relay.backoff = Backoff(base_s=0.0, cap_s=0.0)  # retried at once in this test
    report = facade.ssc.report_loss(ZHANG, IDCARD)
    assert facade.outbox.owes(report["report_id"])  # stored, not yet sent
    assert card_status(central, "A00000011") == "active"
    central.stop()
    assert facade.relay.drain_once().delivered == 0  # the network is down: kept
    central.start()
    drain(facade)
    assert not facade.outbox.owes(report["report_id"])
    assert card_status(central, "A00000011") == "lost"
    # the same report again (a replay with another key): still one report
    body = {"report_id": report["report_id"], "kiosk_id": facade.kiosk_id, "id_number": ZHANG,
            "identity": IDCARD, "at": report["at"]}
    reply = facade.client.call("POST", P.SSC_LOSS_REPORTS, body=body, idempotency_key=new_key())
    assert reply.data["applied"] is True
    assert central.count("ssc_loss_reports") == 1


def test_an_application_opens_with_the_loss_report_still_in_the_outbox(facade, central):
    app = opened(facade)  # the report is queued, the application carries it too
    assert app["business_type"] == "03" and app["card_number_masked"].startswith("B")
    assert card_status(central, "A00000011") == "lost"
    drain(facade)  # the outbox's copy arrives: nothing changes
    assert central.count("ssc_loss_reports") == 1
    # the person's open application is found again, whatever id a kiosk sends
    again = facade.ssc.open_application(ZHANG, "lost", IDCARD)
    assert again["application_id"] == app["application_id"] and again["resumed"]


def test_script_binding_rules(facade, central):
    app = opened(facade)
    aid = app["application_id"]
    first = blank()
    facade.ssc.begin_dispense(aid)
    script = facade.ssc.script(aid, first)
    assert script["steps"][0]["label"] == "authenticate"
    assert script["expect"]["card_number"].startswith("B")
    assert facade.ssc.application(aid)["state"] == "card_bound"
    assert facade.ssc.interrupted() == [{"application_id": aid, "stage": "bound",
                                         "card_id_code": first["card_id_code"]}]
    assert facade.ssc.script(aid, first)["card_id_code"] == first["card_id_code"]  # again
    with pytest.raises(SscRefused) as exc:  # a second card before the first one's fate
        facade.ssc.script(aid, blank())
    assert exc.value.code == P.Err.SSC_CARD_OUTSTANDING
    facade.ssc.report(aid, "failed", card_id_code=first["card_id_code"],
                      reason="write_failed", card_at="reject_bin")
    second = blank()
    facade.ssc.begin_dispense(aid)
    facade.ssc.script(aid, second)  # waits for the failure report to be delivered first
    view = facade.ssc.application(aid)
    assert view["state"] == "card_bound" and view["attempts"] == 2
    assert [c["outcome"] for c in view["cards"]] == ["failed", "bound"]
    assert view["cards"][0]["card_at"] == "reject_bin"
    used = {**blank(), "card_id_code": HOLDERS["lisi"].card().card_id_code}
    facade.ssc.report(aid, "failed", card_id_code=second["card_id_code"], card_at="reject_bin")
    drain(facade)
    with pytest.raises(SscRefused) as exc:  # a personalised card's chip is no blank card
        facade.ssc.script(aid, used)
    assert exc.value.code == P.Err.SSC_CARD_USED


def test_reports_move_the_application_and_the_cards(facade, central):
    app = opened(facade)
    aid = app["application_id"]
    card = blank()
    facade.ssc.begin_dispense(aid)
    new_number = facade.ssc.script(aid, card)["expect"]["card_number"]
    facade.ssc.report(aid, "written", card_id_code=card["card_id_code"], atr=card["atr"])
    facade.ssc.at_gate(aid)
    assert facade.ssc.interrupted()[0]["stage"] == "at_gate"
    drain(facade)
    assert facade.ssc.application(aid)["state"] == "written"
    assert card_status(central, new_number) == "active"
    assert card_status(central, "A00000011") == "replaced"
    facade.ssc.report(aid, "taken", card_at="citizen")
    assert facade.ssc.interrupted() == []  # closed locally in the same transaction
    drain(facade)
    assert facade.ssc.application(aid)["state"] == "delivered"
    assert facade.ssc.lookup(id_number=ZHANG)["application"]["state"] == "delivered"


def test_a_card_left_at_the_gate_is_kept_at_the_hall(facade, central):
    aid = opened(facade, WANG, "damaged")["application_id"]  # 07: the same number
    card = blank()
    facade.ssc.begin_dispense(aid)
    facade.ssc.script(aid, card)
    facade.ssc.report(aid, "written", card_id_code=card["card_id_code"])
    facade.ssc.report(aid, "retained", reason="not taken in time", card_at="reject_bin")
    drain(facade)
    assert facade.ssc.application(aid)["state"] == "retained"
    assert card_status(central, "A00000033") == "at_hall"
    rows = central.rows("SELECT card_id_code FROM ssc_cards WHERE card_number = 'A00000033'")
    assert rows[0][0] == card["card_id_code"]  # the same number on the new chip


def test_a_written_card_that_never_reached_the_citizen_is_voided(facade, central):
    aid = opened(facade)["application_id"]
    card = blank()
    facade.ssc.begin_dispense(aid)
    number = facade.ssc.script(aid, card)["expect"]["card_number"]
    facade.ssc.report(aid, "written", card_id_code=card["card_id_code"])
    facade.ssc.report(aid, "failed", card_id_code=card["card_id_code"], reason="eject",
                      card_at="jammed")
    drain(facade)
    assert card_status(central, number) == "cancelled"
    view = facade.ssc.application(aid)
    assert view["state"] == "open" and view["cards"][0]["card_at"] == "jammed"
    # and the next blank card carries the same new number
    card2 = blank()
    facade.ssc.begin_dispense(aid)
    assert facade.ssc.script(aid, card2)["expect"]["card_number"] == number
    facade.ssc.report(aid, "written", card_id_code=card2["card_id_code"])
    drain(facade)
    assert card_status(central, number) == "active"


def test_cancelling_before_a_card(facade, central):
    aid = opened(facade)["application_id"]
    facade.ssc.report(aid, "cancelled", reason="the citizen stopped")
    drain(facade)
    assert facade.ssc.application(aid)["state"] == "cancelled"
    assert facade.ssc.interrupted() == []


def test_a_report_for_a_card_the_server_never_bound_is_recorded_not_parked(facade, central):
    aid = opened(facade)["application_id"]
    facade.ssc.begin_dispense(aid)  # the power went before the script request
    facade.ssc.report(aid, "failed", card_id_code=blank()["card_id_code"],
                      reason="interrupted", card_at="reject_bin")
    drain(facade)  # accepted: a refusal would park a report the kiosk cannot fix
    view = facade.ssc.application(aid)
    assert view["state"] == "open" and view["cards"][0]["outcome"] == "failed"


def test_another_kiosk_cannot_take_over_a_card_in_work(facade, central, tmp_path):
    from kiosk.sync.central import build_central

    aid = opened(facade)["application_id"]
    facade.ssc.begin_dispense(aid)
    facade.ssc.script(aid, blank())
    other = build_central(central.settings(tmp_path, "KSK-T-02"))
    try:
        with pytest.raises(SscRefused) as exc:
            other.ssc.open_application(ZHANG, "lost", IDCARD, application_id=uuid.uuid4().hex)
        assert exc.value.code == P.Err.SSC_APPLICATION_BUSY
        assert "另一台自助机" in exc.value.message_zh
    finally:
        other.close()


@pytest.mark.parametrize("stage,position,expected", [
    ("dispensing", "ic", (True, "failed", "reject_bin")),
    ("dispensing", "none", (False, "failed", "none")),
    ("bound", "gate", (True, "failed", "reject_bin")),
    ("bound", "jammed", (False, "failed", "jammed")),
    ("written", "ic", (True, "retained", "reject_bin")),
    ("written", "none", (False, "failed", "unknown")),
    ("written", "jammed", (False, "retained", "jammed")),
    ("at_gate", "gate", (True, "retained", "reject_bin")),
    ("at_gate", "none", (False, "taken", "citizen")),
    ("at_gate", "ic", (True, "retained", "reject_bin")),
])
def test_the_recovery_plan(stage, position, expected):
    p = plan(stage, position)
    assert (p.capture, p.report, p.card_at) == expected
    assert p.reason.startswith("interrupted")
    failed = p.after_capture_failed()
    assert failed.card_at == "jammed" and failed.report == p.report and not failed.capture
