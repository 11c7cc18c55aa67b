"""The take-a-ticket journey as a plain state machine (no Qt)."""
from __future__ import annotations

from datetime import date

import pytest

from drivers.core.errors import DeviceTimeout
from kiosk.flows import Action, Fn, Screen
from kiosk.flows.demo import DemoCard, demo_flow, demo_health, fictitious_id
from kiosk.flows.state import CardStep, Working
from kiosk.services import ServiceUnavailable


def type_digits(flow, digits):
    for d in digits:
        flow.key(d)


def to_confirm(flow, effects, *, card=None, mobile="13800138000", category="police_household"):
    flow.open_function(Fn.TICKET)
    assert flow.state.screen is Screen.CATEGORY
    flow.choose_category(category)
    assert flow.state.screen is Screen.IDCARD
    assert effects.armed
    if card is not None:
        flow.card_read(card)
        effects.resolve_service()  # appointment lookup
        flow.skip_idcard()
    else:
        flow.skip_idcard()
    assert not effects.armed
    assert flow.state.screen is Screen.MOBILE
    if mobile:
        type_digits(flow, mobile)
        flow.mobile_next()
    else:
        flow.skip_mobile()
    assert flow.state.screen is Screen.CONFIRM


def test_whole_journey_without_card_or_mobile():
    flow, effects, _ = demo_flow()
    seen = []
    flow.subscribe(lambda st: seen.append(st.screen))
    to_confirm(flow, effects, mobile="")
    flow.confirm()
    assert flow.state.screen is Screen.WORKING
    assert flow.session.working is Working.TAKING
    assert effects.requests[-1].mobile is None and effects.requests[-1].priority_reason is None
    effects.resolve_service()
    assert flow.session.working is Working.PRINTING
    effects.resolve("print_ticket")
    st = flow.state
    assert st.screen is Screen.DONE
    t = st.session.ticket
    assert t.number.startswith("C") and t.floor == 1 and t.windows == "C01–C12"
    assert t.ahead is not None and t.est_wait_min is not None
    assert Screen.WORKING in seen
    flow.finish()
    assert flow.state.screen is Screen.HOME and flow.session is None


def test_elderly_card_gives_priority_and_card_data_is_wiped_after_use():
    flow, effects, _ = demo_flow()
    card = DemoCard(birth_date=date(1948, 5, 12))  # 76 on the fake clock's date
    flow.open_function(Fn.TICKET)
    flow.choose_category("social_security")
    flow.card_read(card)
    assert flow.session.card_step is CardStep.LOOKING_UP
    assert not card.wiped  # still needed for the appointment lookup
    effects.resolve_service()
    assert card.wiped
    holder = flow.session.holder
    assert holder.age == 76 and holder.priority_reason == "elderly_70"
    assert holder.masked_name == "张*"
    flow.skip_idcard()
    flow.skip_mobile()
    flow.confirm()
    assert effects.requests[-1].priority_reason == "elderly_70"
    effects.resolve_service()
    effects.resolve("print_ticket")
    assert flow.session.ticket.priority == "elderly_70"
    assert flow.session.ticket.ahead <= 1


def test_younger_citizen_gets_no_priority():
    flow, effects, _ = demo_flow()
    to_confirm(flow, effects, card=DemoCard(name="李四", birth_date=date(1990, 1, 1)))
    assert flow.session.holder.priority_reason is None
    flow.confirm()
    assert effects.requests[-1].priority_reason is None


def test_appointment_is_checked_in():
    flow, effects, _ = demo_flow()
    card = DemoCard(name="李四", birth_date=date(1990, 1, 1))
    effects.service.appointments[(card.id_number, "business")] = "YY-0042"
    to_confirm(flow, effects, card=card, category="business")
    assert flow.session.holder.appointment_code == "YY-0042"
    flow.confirm()
    assert effects.requests[-1].appointment_code == "YY-0042"


def test_card_outside_the_id_step_is_wiped_and_ignored():
    flow, effects, _ = demo_flow()
    card = DemoCard()
    flow.card_read(card)
    assert card.wiped and flow.session is None and flow.state.screen is Screen.HOME


def test_mobile_validation():
    flow, effects, _ = demo_flow()
    flow.open_function(Fn.TICKET)
    flow.choose_category("tax")
    flow.skip_idcard()
    type_digits(flow, "1280013800")  # 10 digits: not yet
    flow.mobile_next()
    assert flow.state.screen is Screen.MOBILE
    flow.key("0")
    flow.mobile_next()  # 11 digits but starts 12: not a mainland mobile
    assert flow.state.screen is Screen.MOBILE
    flow.key("9")  # a 12th digit is refused
    assert flow.session.mobile == "12800138000"
    flow.clear_input()
    type_digits(flow, "1390013900")
    flow.backspace()
    type_digits(flow, "00")
    assert flow.session.mobile == "13900139000"
    flow.mobile_next()
    assert flow.state.screen is Screen.CONFIRM
    flow.confirm()
    assert effects.requests[-1].mobile == "13900139000"


def test_back_navigation():
    flow, effects, _ = demo_flow()
    to_confirm(flow, effects)
    flow.back()
    assert flow.state.screen is Screen.MOBILE
    flow.back()
    assert flow.state.screen is Screen.IDCARD and effects.armed
    flow.back()
    assert flow.state.screen is Screen.CATEGORY and not effects.armed
    flow.back()
    assert flow.state.screen is Screen.HOME


def test_failed_print_keeps_the_number_and_offers_reprint_and_staff():
    flow, effects, _ = demo_flow()
    to_confirm(flow, effects)
    flow.confirm()
    effects.resolve_service()
    number = flow.session.ticket.number
    effects.fail("print_ticket", DeviceTimeout("printer: no answer within 3.0s"))
    st = flow.state
    assert st.screen is Screen.PRINT_FAILED
    assert st.session.ticket.number == number
    assert st.session.print_problem == "printer_offline"
    flow.act(Action.STAFF)
    assert effects.staff_calls[-1] == ("ticket_print_failed:printer_offline", number)
    assert flow.state.staff_called
    flow.dismiss_staff()
    flow.act(Action.REPRINT)
    assert flow.state.screen is Screen.WORKING
    assert effects.printed[-1].number == number and len(effects.printed) == 2
    effects.resolve("print_ticket")
    assert flow.state.screen is Screen.DONE and flow.session.reprints == 1


def test_no_reprint_while_the_printer_is_down():
    flow, effects, _ = demo_flow()
    to_confirm(flow, effects)
    flow.confirm()
    effects.resolve_service()
    flow.update_health(demo_health(printer="paper_out"))
    effects.fail("print_ticket", DeviceTimeout("paper out"))
    assert flow.state.screen is Screen.PRINT_FAILED
    assert not flow.can_reprint
    flow.reprint()
    assert flow.state.screen is Screen.PRINT_FAILED and "print_ticket" not in effects.kinds()


def test_service_error_offers_retry_with_the_services_own_words():
    flow, effects, _ = demo_flow()
    to_confirm(flow, effects)
    flow.confirm()
    effects.fail("take_ticket", ServiceUnavailable("queue closed for today", "今日号已取完"))
    st = flow.state
    assert st.screen is Screen.ERROR
    assert st.error.message_zh == "今日号已取完" and Action.RETRY in st.error.actions
    flow.act(Action.RETRY)
    assert st.screen is Screen.WORKING and effects.kinds() == ["take_ticket"]
    effects.resolve_service()
    effects.resolve("print_ticket")
    assert flow.state.screen is Screen.DONE


def test_unexpected_exception_becomes_a_plain_error(caplog):
    flow, effects, _ = demo_flow()
    to_confirm(flow, effects)
    flow.confirm()
    effects.fail("take_ticket", RuntimeError("boom"))
    assert flow.state.screen is Screen.ERROR
    assert flow.state.error.code == "ticket_failed"
    assert flow.state.error.message_zh is None  # the UI shows its own plain words
    assert "boom" in caplog.text  # the technician gets the detail


def test_reissue_missed_number():
    flow, effects, _ = demo_flow()
    missed = effects.service.take_ticket("police_household")
    flow.open_function(Fn.REISSUE)
    assert flow.state.screen is Screen.REISSUE
    assert "C" in flow.ticket_prefixes and "P" in flow.ticket_prefixes
    for ch in missed.number:
        flow.key(ch)
    assert flow.session.number == missed.number
    flow.confirm()
    effects.resolve_service()
    effects.resolve("print_ticket")
    t = flow.session.ticket
    assert flow.state.screen is Screen.DONE
    assert t.reissued_from == missed.number and t.number != missed.number
    assert t.ahead == 1  # keeps its place: no re-queue at the back


def test_reissue_unknown_number_is_a_plain_error():
    flow, effects, _ = demo_flow()
    flow.open_function(Fn.REISSUE)
    for ch in "C9":
        flow.key(ch)
    flow.confirm()  # incomplete: nothing happens
    assert flow.state.screen is Screen.REISSUE
    flow.key("9")
    flow.key("9")
    flow.key("9")  # a 4th digit is refused
    assert flow.session.number == "C999"
    flow.key("P")  # a letter replaces the prefix
    assert flow.session.number == "P999"
    flow.confirm()
    effects.resolve_service()
    assert flow.state.screen is Screen.ERROR
    assert flow.state.error.code == "reissue_failed"
    assert "P999" in flow.state.error.message_zh


def test_double_tap_on_confirm_takes_one_ticket():
    flow, effects, _ = demo_flow()
    to_confirm(flow, effects)
    flow.confirm()
    flow.confirm()
    assert effects.kinds() == ["take_ticket"]


def test_late_result_after_going_home_is_ignored():
    flow, effects, _ = demo_flow()
    flow.open_function(Fn.TICKET)
    flow.choose_category("tax")
    card = DemoCard()
    flow.card_read(card)
    flow.go_home()
    assert card.wiped
    effects.resolve_service()  # the appointment answer arrives after the citizen left
    assert flow.state.screen is Screen.HOME and flow.session is None


def test_elder_mode_pages_categories():
    flow, effects, _ = demo_flow()
    flow.open_function(Fn.TICKET)
    assert len(flow.visible_categories()) == 11 and flow.page_count() == 1
    flow.toggle_elder()
    assert flow.page_count() == 2 and len(flow.visible_categories()) == 6
    flow.page_next()
    assert [c.code for c in flow.visible_categories()][-1] == "employment"
    flow.page_next()
    assert flow.session.page == 1
    flow.toggle_elder()  # back to one page: the page index follows
    assert flow.session.page == 0


def test_fictitious_id_check_digit():
    number = fictitious_id(date(1948, 5, 12))
    assert len(number) == 18
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    assert number[-1] == "10X98765432"[total % 11]


@pytest.mark.parametrize("problem", ["paper_out", False])
def test_printer_down_before_start_greys_out_ticket_taking(problem):
    flow, effects, _ = demo_flow(health=demo_health(printer=problem))
    st = flow.function(Fn.TICKET)
    assert not st.available and st.reason.subject == "printer"
    assert flow.function(Fn.GUIDE).available
    flow.open_function(Fn.TICKET)
    assert flow.state.screen is Screen.HOME
