"""The 社保卡补换卡 journey as a plain state machine (no Qt): every request it makes, answered by
hand — the happy path, the SMS path, and each failure point of the issue, which must end with
the card captured (or accounted for) and a report that says where it is."""
from __future__ import annotations

from datetime import date

import pytest

from drivers.core.apdu import CardRemovedError
from drivers.dispenser.errors import CardJammed, HopperEmpty
from drivers.idcard.card import check_char
from drivers.kinds.card_reader import CardRead
from drivers.ssc.errors import CardWriteFailed
from drivers.ssc.errors import WrongCard as WrongCardError
from kiosk.demo import DemoCard, demo_flow, demo_health
from kiosk.demo.ssc import (
    APPLICATION_ID,
    BLANK_CARD_ID,
    ID_NUMBER,
    demo_account,
    demo_application,
    demo_issue_card,
    demo_loss_report,
    demo_read_back,
    demo_script,
    demo_sms,
    demo_verified,
)
from kiosk.flows.state import Screen
from kiosk.sync.ssc import SscRefused


def health(**kw):
    return demo_health(**{"card_dispenser": True, "smartcard": True, **kw})


@pytest.fixture
def kiosk():
    flow, fx, clock = demo_flow(health=health())
    return flow, fx


def resident() -> DemoCard:
    body = ID_NUMBER[:17]
    return DemoCard(name="张三", birth_date=date(1985, 6, 15), id_number=body + check_char(body))


def to_confirm(flow, fx, *, photo="on_record", status="active") -> None:
    flow.open("ssc")
    assert flow.state.screen == "ssc.identify" and fx.armed.get("idcard")
    flow.device_event("idcard", CardRead("idcard", resident()))
    assert fx.last("ssc.lookup").kwargs == {"id_number": ID_NUMBER}
    fx.resolve("ssc.lookup", demo_account(status=status))
    assert flow.state.screen == "ssc.account"
    flow.journey.choose("lost")
    if status == "active":
        assert flow.state.screen == "ssc.loss"
        flow.journey.confirm_loss()
        assert fx.last("ssc.report_loss").args == (ID_NUMBER, {"method": "idcard"})
        fx.resolve("ssc.report_loss", demo_loss_report())
    fx.resolve("ssc.open_application", demo_application(photo=photo))
    if photo == "on_record":
        assert flow.state.screen == "ssc.photo"
        flow.journey.use_photo()
    assert flow.state.screen == "ssc.confirm"


def issue_to_ic(flow, fx) -> None:
    flow.journey.start_issue()
    assert flow.state.screen == "ssc.issuing" and flow.busy
    fx.resolve("ssc.interrupted", [])
    fx.resolve("card_dispenser.card_position", "none")
    fx.resolve("ssc.begin_dispense", None)
    fx.resolve("card_dispenser.to_ic_position", None)


def write_card(flow, fx) -> None:
    issue_to_ic(flow, fx)
    fx.resolve("smartcard.wait_card", b"\x3b")
    fx.resolve("smartcard.prepare_issue", demo_issue_card())
    assert fx.last("ssc.script").args[1]["card_id_code"] == BLANK_CARD_ID
    fx.resolve("ssc.script", demo_script())
    fx.resolve("smartcard.run_script", None)
    assert fx.last("smartcard.read_ssc").kwargs == {"select": False}


def reports(fx) -> list[tuple]:
    return [(r.args[1], r.kwargs.get("card_at")) for r in fx.requests if r.key == "ssc.report"]


def test_the_whole_reissue_with_the_id_card(kiosk):
    flow, fx = kiosk
    to_confirm(flow, fx)
    write_card(flow, fx)
    fx.resolve("smartcard.read_ssc", demo_read_back())
    assert fx.last("ssc.report").args == (APPLICATION_ID, "written")
    assert fx.last("ssc.report").kwargs["card_id_code"] == BLANK_CARD_ID
    fx.resolve("ssc.report", "r1")
    fx.resolve("ssc.at_gate", None)  # recorded before the card moves
    assert fx.kinds() == ["card_dispenser.eject"]
    fx.resolve("card_dispenser.eject", None)
    assert flow.state.screen == "ssc.take" and flow.busy
    assert fx.last("card_dispenser.wait_taken").args == (flow.journey.take_timeout_s,)
    flow.journey.simulate_take()
    assert fx.mock_actions[-1] == ("card_dispenser", "take_card", {})
    fx.resolve("card_dispenser.wait_taken", True)
    fx.resolve("ssc.report", "r2")
    assert reports(fx) == [("written", None), ("taken", "citizen")]
    assert flow.state.screen == "ssc.printing"
    receipt = fx.printed[-1]
    assert receipt.outcome == "taken" and receipt.card_number_masked == "B******01"
    fx.resolve("printer.print", None)
    assert flow.state.screen == "ssc.done" and not flow.busy
    flow.journey.finish()
    assert flow.state.screen == Screen.HOME and flow.journey is None


def test_typed_id_number_needs_the_sms_code(kiosk):
    flow, fx = kiosk
    flow.open("ssc")
    j = flow.journey
    j.type_id()
    assert flow.state.screen == "ssc.id_number" and not fx.armed.get("idcard")
    for ch in ID_NUMBER[:-1] + "X":  # a wrong check character: not accepted
        j.id_entry.key(ch)
    j.id_next()
    assert flow.state.screen == "ssc.id_number"
    j.id_entry.backspace()
    j.id_entry.key(ID_NUMBER[-1])
    j.id_next()
    fx.resolve("ssc.send_code", demo_sms())
    assert flow.state.screen == "ssc.code"
    for ch in "111111":
        j.code.key(ch)
    j.code_next()
    fx.fail("ssc.check_code", SscRefused("ssc_code_wrong", "wrong"))
    assert flow.state.screen == "ssc.code" and j.problem == "ssc_code_wrong"
    assert j.code.value == ""
    for ch in "246813":
        j.code.key(ch)
    j.code_next()
    fx.resolve("ssc.check_code", demo_verified())
    assert j.identity == {"method": "sms", "token": "1900000000.demo"}
    fx.resolve("ssc.lookup", demo_account())
    assert flow.state.screen == "ssc.account"


def test_a_write_failure_captures_the_card_and_offers_another(kiosk):
    flow, fx = kiosk
    to_confirm(flow, fx)
    issue_to_ic(flow, fx)
    fx.resolve("smartcard.wait_card", b"\x3b")
    fx.resolve("smartcard.prepare_issue", demo_issue_card())
    fx.resolve("ssc.script", demo_script())
    fx.fail("smartcard.run_script", CardWriteFailed("ssc: write 07: SW 6581", 0x6581))
    assert fx.kinds() == ["card_dispenser.capture"]  # the card goes to the bin first
    fx.resolve("card_dispenser.capture", True)
    r = fx.last("ssc.report")
    assert r.args == (APPLICATION_ID, "failed")
    assert r.kwargs["card_at"] == "reject_bin" and r.kwargs["card_id_code"] == BLANK_CARD_ID
    assert r.kwargs["reason"] == "write_failed"
    fx.resolve("ssc.report", "r")
    j = flow.journey
    assert flow.state.screen == "ssc.failed" and j.can_retry and not flow.busy
    j.start_issue()  # another blank card
    assert flow.state.screen == "ssc.issuing" and j.runs == 2
    fx.resolve("ssc.interrupted", [])
    assert fx.kinds() == ["card_dispenser.card_position"]


@pytest.mark.parametrize("error,card_at,retry", [
    (HopperEmpty("dispenser: the hopper is empty"), "none", False),
    (CardJammed("dispenser: card jammed (error 10)"), "jammed", False),
])
def test_dispenser_failures_report_where_the_card_is(kiosk, error, card_at, retry):
    flow, fx = kiosk
    to_confirm(flow, fx)
    flow.journey.start_issue()
    fx.resolve("ssc.interrupted", [])
    fx.resolve("card_dispenser.card_position", "none")
    fx.resolve("ssc.begin_dispense", None)
    fx.fail("card_dispenser.to_ic_position", error)
    assert "card_dispenser.capture" not in fx.kinds()  # nothing to capture / cannot
    assert fx.last("ssc.report").kwargs["card_at"] == card_at
    fx.resolve("ssc.report", "r")
    assert flow.state.screen == "ssc.failed" and flow.journey.can_retry is retry


def test_card_pulled_from_the_contacts_mid_write_is_captured(kiosk):
    flow, fx = kiosk
    to_confirm(flow, fx)
    issue_to_ic(flow, fx)
    fx.resolve("smartcard.wait_card", b"\x3b")
    fx.fail("smartcard.prepare_issue", CardRemovedError("reader: card removed"))
    fx.resolve("card_dispenser.capture", True)
    assert reports(fx) == [("failed", "reject_bin")]


def test_a_read_back_that_differs_is_not_handed_out(kiosk):
    flow, fx = kiosk
    to_confirm(flow, fx)
    write_card(flow, fx)
    fx.resolve("smartcard.read_ssc", demo_read_back(card_number="B00000002"))
    fx.resolve("card_dispenser.capture", True)
    assert reports(fx) == [("failed", "reject_bin")]
    assert fx.last("ssc.report").kwargs["reason"] == "verify"
    assert "card_dispenser.eject" not in [r.key for r in fx.requests]


def test_a_card_left_at_the_gate_is_captured_and_kept(kiosk):
    flow, fx = kiosk
    to_confirm(flow, fx)
    write_card(flow, fx)
    fx.resolve("smartcard.read_ssc", demo_read_back())
    fx.resolve("ssc.report", "r1")
    fx.resolve("ssc.at_gate", None)
    fx.resolve("card_dispenser.eject", None)
    fx.resolve("card_dispenser.wait_taken", False)  # the citizen walked away
    assert flow.state.screen == "ssc.issuing" and flow.journey.working == "capturing"
    fx.resolve("card_dispenser.capture", True)
    assert reports(fx) == [("written", None), ("retained", "reject_bin")]
    fx.resolve("ssc.report", "r2")
    assert fx.printed[-1].outcome == "retained"
    fx.resolve("printer.print", None)
    assert flow.state.screen == "ssc.done" and flow.journey.run.outcome == "retained"


def test_an_interrupted_issue_is_settled_before_the_next_card(kiosk):
    flow, fx = kiosk
    to_confirm(flow, fx)
    flow.journey.start_issue()
    fx.resolve("ssc.interrupted", [{"application_id": "old", "stage": "bound",
                                    "card_id_code": BLANK_CARD_ID}])
    fx.resolve("card_dispenser.card_position", "ic")  # the half-made card is still there
    fx.resolve("card_dispenser.capture", True)
    r = fx.last("ssc.report")
    assert r.args == ("old", "failed") and r.kwargs["card_at"] == "reject_bin"
    fx.resolve("ssc.report", "r")
    fx.resolve("card_dispenser.card_position", "none")
    assert fx.kinds() == ["ssc.begin_dispense"]


def test_photo_missing_stops_before_any_card(kiosk):
    flow, fx = kiosk
    flow.open("ssc")
    flow.device_event("idcard", CardRead("idcard", resident()))
    fx.resolve("ssc.lookup", demo_account(status="lost"))
    flow.journey.choose("lost")  # already reported lost: no loss step
    fx.resolve("ssc.open_application", demo_application(photo="missing"))
    assert flow.state.screen == "ssc.photo" and flow.journey.photo_missing
    flow.journey.use_photo()
    assert flow.state.screen == "ssc.photo"
    flow.journey.cancel()
    assert fx.last("ssc.report").args == (APPLICATION_ID, "cancelled")
    assert flow.state.screen == Screen.HOME


def test_a_fee_due_goes_to_the_placeholder_step(kiosk):
    flow, fx = kiosk
    flow.open("ssc")
    flow.device_event("idcard", CardRead("idcard", resident()))
    fx.resolve("ssc.lookup", demo_account(status="lost"))
    flow.journey.choose("lost")
    fx.resolve("ssc.open_application", demo_application(photo="not_needed", fee_fen=2000))
    assert flow.state.screen == "ssc.fee"


def test_the_server_refusing_is_told_without_a_card(kiosk):
    flow, fx = kiosk
    flow.open("ssc")
    flow.device_event("idcard", CardRead("idcard", resident()))
    fx.fail("ssc.lookup", SscRefused("ssc_unknown_person", "404"))
    assert flow.state.screen == Screen.ERROR
    assert flow.state.error.code == "ssc_refused"
    assert "没有查到" in flow.state.error.message_zh


def test_the_journey_needs_the_dispenser_and_the_reader():
    flow, _, _ = demo_flow(health=health(card_dispenser="hopper_empty"))
    status = flow.function("ssc")
    assert not status.available and status.reason.problem == "hopper_empty"
    flow, _, _ = demo_flow(health=health(server=False))
    assert flow.function("ssc").reason.subject == "server"
    flow, _, _ = demo_flow(health=health())
    assert flow.function("ssc").available


# ---------------------------------------------------------------------------- 社保卡查询
def test_query_my_card_with_the_social_security_card(kiosk):
    from drivers.kinds.smart_card import SscCardRead

    flow, fx = kiosk
    flow.open("ssc_query")
    assert flow.state.screen == "ssc_query.insert"
    assert fx.armed.get("smartcard") and fx.armed.get("idcard")
    card = demo_read_back(card_number="A00000022", name="", id_number="", holder_locked=True)
    flow.device_event("smartcard", SscCardRead("smartcard", card))
    assert card.wiped and not fx.armed.get("smartcard") and not fx.armed.get("idcard")
    assert fx.last("ssc.lookup").kwargs == {"card_number": "A00000022"}
    fx.resolve("ssc.lookup", demo_account(status="lost", application=demo_application()))
    assert flow.state.screen == "ssc_query.result" and flow.journey.by == "ssc"
    flow.journey.finish()
    assert flow.state.screen == Screen.HOME


def test_query_my_card_with_the_id_card_and_a_wrong_card_first(kiosk):
    flow, fx = kiosk
    flow.open("ssc_query")
    flow.device_error("smartcard", "read_ssc", WrongCardError("reader: SELECT SSSE", 0x6A82),
                      "retry")
    assert flow.journey.reader_notice.detail == "wrong_card"
    flow.device_event("idcard", CardRead("idcard", resident()))
    assert fx.last("ssc.lookup").kwargs == {"id_number": ID_NUMBER}
    fx.fail("ssc.lookup", SscRefused("ssc_unknown_person", "404"))
    assert flow.state.screen == Screen.ERROR and flow.state.error.code == "ssc_query_refused"
