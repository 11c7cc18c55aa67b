"""The take-a-ticket and 补号 journeys as plain state machines (no Qt)."""
from __future__ import annotations

from datetime import date

import pytest

from drivers.core.errors import DeviceTimeout
from drivers.core.status import Recovery
from drivers.idcard.sw3 import sw3_error
from drivers.kinds.card_reader import CardLeftOnReader, CardRead
from kiosk.demo import DemoCard, demo_flow, demo_health, fictitious_id
from kiosk.flows import Action, Screen
from kiosk.journeys.steps.idcard import CardStep
from kiosk.services import ServiceUnavailable


def type_digits(entry, digits):
    for d in digits:
        entry.key(d)


def read_card(flow, card):
    flow.device_event("idcard", CardRead("idcard", card))


def to_confirm(flow, effects, *, card=None, mobile="13800138000", category="police_household"):
    """取号 → the service → (card, SMS offers) → the confirm screen."""
    flow.open("ticket")
    j = flow.journey
    assert flow.state.screen == "ticket.category"
    assert effects.idcard_armed  # a card placed from now on is picked up
    j.choose_category(category)
    assert flow.state.screen == "ticket.confirm"
    if card is not None:
        read_card(flow, card)
        effects.resolve_service()  # appointment lookup
    if mobile:
        j.add_mobile()
        assert flow.state.screen == "ticket.mobile"
        type_digits(j.mobile, mobile)
        j.mobile_next()
    assert flow.state.screen == "ticket.confirm"
    return j


def taken(effects) -> dict:
    return dict(effects.last("queue.take_ticket").kwargs)


def test_the_simplest_ticket_is_three_taps():
    flow, effects, _ = demo_flow()
    flow.open("ticket")  # 1
    flow.journey.choose_category("tax")  # 2
    flow.journey.confirm()  # 3
    effects.resolve_service()
    effects.resolve("printer.print")
    assert flow.state.screen == "ticket.done" and not effects.idcard_armed


def test_whole_journey_without_card_or_mobile():
    flow, effects, _ = demo_flow()
    seen = []
    flow.subscribe(lambda st: seen.append(st.screen))
    j = to_confirm(flow, effects, mobile="")
    assert j.progress == (2, 3)
    j.confirm()
    assert flow.state.screen == "ticket.working" and j.working == "taking"
    assert taken(effects)["mobile"] is None and taken(effects)["priority_reason"] is None
    effects.resolve_service()
    assert j.working == "printing"
    effects.resolve("printer.print")
    assert flow.state.screen == "ticket.done"
    t = j.ticket
    assert t.number.startswith("C") and t.floor == 1 and t.windows == "C01–C12"
    assert t.ahead is not None and t.est_wait_min is not None
    assert "ticket.working" in seen
    j.finish()
    assert flow.state.screen == Screen.HOME and flow.journey is None


def test_elderly_card_gives_priority_and_card_data_is_wiped_after_use():
    flow, effects, _ = demo_flow()
    card = DemoCard(birth_date=date(1948, 5, 12))  # 76 on the fake clock's date
    flow.open("ticket")
    j = flow.journey
    j.choose_category("social_security")
    read_card(flow, card)
    assert j.card.state is CardStep.LOOKING_UP and not j.can_confirm
    assert not card.wiped  # still needed for the appointment lookup
    effects.resolve_service()
    assert card.wiped and j.can_confirm
    holder = j.card.holder
    assert holder.age == 76 and holder.priority_reason == "elderly_70"
    assert holder.masked_name == "张*"
    j.confirm()
    assert taken(effects)["priority_reason"] == "elderly_70"
    effects.resolve_service()
    effects.resolve("printer.print")
    assert j.ticket.priority == "elderly_70" and j.ticket.ahead <= 1


def test_younger_citizen_gets_no_priority():
    flow, effects, _ = demo_flow()
    j = to_confirm(flow, effects, card=DemoCard(name="李四", birth_date=date(1990, 1, 1)))
    assert j.card.holder.priority_reason is None
    j.confirm()
    assert taken(effects)["priority_reason"] is None


def test_appointment_is_checked_in():
    flow, effects, _ = demo_flow()
    card = DemoCard(name="李四", birth_date=date(1990, 1, 1))
    effects.service.appointments[(card.id_number, "business")] = "YY-0042"
    j = to_confirm(flow, effects, card=card, category="business")
    assert j.card.holder.appointment_code == "YY-0042"
    j.confirm()
    assert taken(effects)["appointment_code"] == "YY-0042"


def test_a_card_outside_a_journey_is_wiped_and_ignored():
    flow, effects, _ = demo_flow()
    card = DemoCard()
    read_card(flow, card)
    assert card.wiped and flow.journey is None and flow.state.screen == Screen.HOME


def test_a_card_placed_while_choosing_is_used_after_the_choice():
    flow, effects, _ = demo_flow()
    card = DemoCard(birth_date=date(1948, 5, 12))
    effects.service.appointments[(card.id_number, "tax")] = "YY-0007"
    flow.open("ticket")
    read_card(flow, card)
    j = flow.journey
    assert j.card.holder.priority_reason == "elderly_70" and not card.wiped
    assert effects.kinds() == []  # the look-up waits for the service
    j.choose_category("tax")
    assert j.card.state is CardStep.LOOKING_UP and effects.kinds() == ["appointments.find"]
    effects.resolve_service()
    assert card.wiped and j.card.holder.appointment_code == "YY-0007"
    j.confirm()
    assert taken(effects)["appointment_code"] == "YY-0007"


def test_once_printing_the_card_is_no_longer_taken():
    flow, effects, _ = demo_flow()
    j = to_confirm(flow, effects, mobile="")
    j.confirm()
    late = DemoCard()
    read_card(flow, late)
    assert late.wiped and j.card.holder is None


def test_card_left_on_the_reader_asks_to_place_it_again():
    flow, effects, _ = demo_flow()
    flow.open("ticket")
    flow.device_event("idcard", CardLeftOnReader("idcard"))
    assert flow.journey.card.notice.code == "card_left"


@pytest.mark.parametrize("error, recovery", [
    (sw3_error(0x32, "idcard: select card"), Recovery.RETRY),  # authentication failed
    (DeviceTimeout("idcard: watch: no reply"), Recovery.RESET),  # unplugged mid-read
])
def test_a_failed_read_while_waiting_is_told_with_its_recovery(error, recovery):
    flow, effects, _ = demo_flow()
    flow.open("ticket")
    j = flow.journey
    j.choose_category("tax")
    flow.device_error("idcard", "watch", error, recovery)
    assert flow.state.screen == "ticket.confirm"
    assert j.card.notice.code == "device_error"
    assert j.card.notice.subject == "idcard" and j.card.notice.recovery == str(recovery)
    j.confirm()  # a way on: a ticket without the card
    assert flow.state.screen == "ticket.working"


def test_a_status_poll_failure_is_not_the_citizens_business():
    flow, effects, _ = demo_flow()
    flow.open("ticket")
    flow.journey.choose_category("tax")
    flow.device_error("idcard", "status", DeviceTimeout("idcard: status"), Recovery.RESET)
    assert flow.journey.card.notice is None


def test_mobile_validation():
    flow, effects, _ = demo_flow()
    flow.open("ticket")
    j = flow.journey
    j.choose_category("tax")
    j.add_mobile()
    type_digits(j.mobile, "1280013800")  # 10 digits: not yet
    j.mobile_next()
    assert flow.state.screen == "ticket.mobile"
    j.mobile.key("0")
    j.mobile_next()  # 11 digits but starts 12: not a mainland mobile
    assert flow.state.screen == "ticket.mobile"
    j.mobile.key("9")  # a 12th digit is refused
    assert j.mobile.value == "12800138000"
    j.mobile.clear()
    type_digits(j.mobile, "1390013900")
    j.mobile.backspace()
    type_digits(j.mobile, "00")
    assert j.mobile.value == "13900139000"
    j.mobile_next()
    assert flow.state.screen == "ticket.confirm"
    j.confirm()
    assert taken(effects)["mobile"] == "13900139000"


@pytest.mark.parametrize("number, ok", [
    ("+447700900123", True),  # UK, E.164
    ("+8613800138000", True),  # +86 and a mainland mobile
    ("+8612345", False),  # +86 must be a mainland mobile
    ("+0123456789", False),  # no country code starts with 0
    ("+1234567", False),  # too short
])
def test_international_numbers_for_the_sms(number, ok):
    flow, effects, _ = demo_flow()
    flow.open("ticket")
    j = flow.journey
    j.choose_category("tax")
    j.add_mobile()
    type_digits(j.mobile, number)
    assert j.mobile.value == number
    j.mobile_next()
    assert (flow.state.screen == "ticket.confirm") is ok


def test_back_navigation_and_the_keypad_leaves_the_number_as_it_was():
    flow, effects, _ = demo_flow()
    j = to_confirm(flow, effects)
    j.add_mobile()
    j.mobile.key("9")
    flow.back()  # Back from the keypad: the number as it was before
    assert flow.state.screen == "ticket.confirm" and j.mobile.value == "13800138000"
    j.skip_mobile()  # "no SMS"
    assert j.mobile.value == ""
    flow.back()
    assert flow.state.screen == "ticket.category" and effects.idcard_armed
    flow.back()
    assert flow.state.screen == Screen.HOME and not effects.idcard_armed


def test_failed_print_keeps_the_number_and_offers_reprint_and_staff():
    flow, effects, _ = demo_flow()
    j = to_confirm(flow, effects)
    j.confirm()
    effects.resolve_service()
    number = j.ticket.number
    effects.fail("printer.print", DeviceTimeout("printer: no answer within 3.0s"))
    assert flow.state.screen == "ticket.print_failed"
    assert j.ticket.number == number and j.printing.problem == "printer_offline"
    flow.call_staff()
    assert effects.staff_calls[-1] == ("ticket.print_failed:printer_offline", number)
    assert flow.state.staff_called
    flow.dismiss_staff()
    j.reprint()
    assert flow.state.screen == "ticket.working"
    assert effects.printed[-1].ticket.number == number and len(effects.printed) == 2
    effects.resolve("printer.print")
    assert flow.state.screen == "ticket.done" and j.printing.reprints == 1


def test_no_reprint_while_the_printer_is_down():
    flow, effects, _ = demo_flow()
    j = to_confirm(flow, effects)
    j.confirm()
    effects.resolve_service()
    flow.update_health(demo_health(printer="paper_out"))
    effects.fail("printer.print", DeviceTimeout("paper out"))
    assert flow.state.screen == "ticket.print_failed"
    assert not j.printing.can_reprint
    j.reprint()
    assert flow.state.screen == "ticket.print_failed" and "printer.print" not in effects.kinds()


def test_service_error_offers_retry_with_the_services_own_words():
    flow, effects, _ = demo_flow()
    j = to_confirm(flow, effects)
    j.confirm()
    effects.fail("queue.take_ticket", ServiceUnavailable("queue closed for today", "今日号已取完"))
    st = flow.state
    assert st.screen == Screen.ERROR
    assert st.error.message_zh == "今日号已取完" and Action.RETRY in st.error.actions
    assert st.error.journey == "ticket" and st.error.code == "ticket_failed"
    flow.act(Action.RETRY)
    assert st.screen == "ticket.working" and effects.kinds() == ["queue.take_ticket"]
    effects.resolve_service()
    effects.resolve("printer.print")
    assert flow.state.screen == "ticket.done"


def test_unexpected_exception_becomes_a_plain_error(caplog):
    flow, effects, _ = demo_flow()
    j = to_confirm(flow, effects)
    j.confirm()
    effects.fail("queue.take_ticket", RuntimeError("boom"))
    assert flow.state.screen == Screen.ERROR
    assert flow.state.error.code == "ticket_failed"
    assert flow.state.error.actions[0] is Action.RETRY
    assert flow.state.error.message_zh is None  # the UI shows its own plain words
    assert "boom" in caplog.text  # the technician gets the detail


def test_reissue_missed_number():
    flow, effects, _ = demo_flow()
    missed = effects.service.take_ticket("police_household")
    flow.open("reissue")
    j = flow.journey
    assert flow.state.screen == "reissue.entry"
    assert "C" in j.prefixes() and "P" in j.prefixes()
    type_digits(j.number, missed.number)
    assert j.number.value == missed.number
    j.confirm()
    effects.resolve_service()
    effects.resolve("printer.print")
    t = j.ticket
    assert flow.state.screen == "reissue.done"
    assert t.reissued_from == missed.number and t.number != missed.number
    assert t.ahead == 1  # keeps its place: no re-queue at the back


def test_reissue_letters_come_from_the_catalogue_prefixes():
    flow, effects, _ = demo_flow()
    flow.open("reissue")
    expected = tuple(sorted({c.prefix for c in flow.state.categories}))
    assert flow.journey.prefixes() == expected and "I" not in expected


def test_reissue_unknown_number_is_a_plain_error():
    flow, effects, _ = demo_flow()
    flow.open("reissue")
    j = flow.journey
    type_digits(j.number, "C9")
    j.confirm()  # incomplete: nothing happens
    assert flow.state.screen == "reissue.entry"
    type_digits(j.number, "999")  # a 4th digit is refused
    assert j.number.value == "C999"
    j.number.key("P")  # a letter replaces the prefix
    assert j.number.value == "P999"
    j.confirm()
    effects.resolve_service()
    assert flow.state.screen == Screen.ERROR
    assert flow.state.error.code == "reissue_failed_refused"
    assert "P999" in flow.state.error.message_zh
    # retrying the same number cannot help: the main way on is to correct it
    assert flow.state.error.actions[0] is Action.BACK and Action.RETRY not in flow.state.error.actions
    flow.act(Action.BACK)
    assert flow.state.screen == "reissue.entry" and j.number.value == "P999"


def test_a_refusal_offers_no_retry_but_an_outage_does():
    from kiosk.sync.queue import TicketRefused

    flow, effects, _ = demo_flow()
    j = to_confirm(flow, effects, mobile="")
    j.confirm()
    effects.fail("queue.take_ticket", TicketRefused("Numbers for this service are used up.",
                                                    "该业务今日号已取完"))
    assert flow.state.error.code == "ticket_failed_refused"
    assert Action.RETRY not in flow.state.error.actions


def test_double_tap_on_confirm_takes_one_ticket():
    flow, effects, _ = demo_flow()
    j = to_confirm(flow, effects)
    j.confirm()
    j.confirm()
    assert effects.kinds() == ["queue.take_ticket"]


def test_late_result_after_going_home_is_ignored():
    flow, effects, _ = demo_flow()
    flow.open("ticket")
    flow.journey.choose_category("tax")
    card = DemoCard()
    read_card(flow, card)
    flow.go_home()
    assert card.wiped and flow.state.reminder == "idcard"  # still on the reader: called out
    effects.resolve_service()  # the appointment answer arrives after the citizen left
    assert flow.state.screen == Screen.HOME and flow.journey is None


def test_elder_mode_pages_categories():
    flow, effects, _ = demo_flow()
    flow.open("ticket")
    j = flow.journey
    assert len(j.visible_categories()) == 11 and j.page_count() == 1
    flow.toggle_elder()
    assert j.page_count() == 3 and len(j.visible_categories()) == 4
    # the busiest services first: most citizens want those
    issued = {code: h["issued"] for code, h in flow.state.hall.items()}
    first = [c.code for c in j.visible_categories()]
    assert [issued[c] for c in first] == sorted(issued.values(), reverse=True)[:4]
    j.page_next()
    j.page_next()
    j.page_next()
    assert j.page == 2 and len(j.visible_categories()) == 3
    flow.toggle_elder()  # back to one page: the page index follows
    j.visible_categories()
    assert j.page == 0


def test_fictitious_id_check_digit():
    number = fictitious_id(date(1948, 5, 12))
    assert len(number) == 18
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    assert number[-1] == "10X98765432"[total % 11]


@pytest.mark.parametrize("problem", ["paper_out", False])
def test_printer_down_before_start_greys_out_ticket_taking(problem):
    flow, effects, _ = demo_flow(health=demo_health(printer=problem))
    st = flow.function("ticket")
    assert not st.available and st.reason.subject == "printer"
    assert flow.function("guide").available
    flow.open("ticket")
    assert flow.state.screen == Screen.HOME


def test_a_forgotten_card_is_called_out_and_never_used_by_the_next_citizen():
    from drivers.kinds.card_reader import CardRemoved

    flow, effects, _ = demo_flow()
    card = DemoCard(birth_date=date(1948, 5, 12))
    j = to_confirm(flow, effects, card=card, mobile="")
    j.confirm()
    assert effects.idcard_armed  # still watching: the card lies on the reader
    effects.resolve_service()
    effects.resolve("printer.print")
    j.finish()  # the citizen walks away, card still there
    assert flow.state.reminder == "idcard" and card.wiped
    flow.open("ticket")  # the next citizen
    flow.device_event("idcard", CardLeftOnReader("idcard"))
    assert flow.journey.card.notice is None  # not told about a stranger's card
    flow.device_event("idcard", CardRemoved("idcard"))
    assert flow.state.reminder is None


def test_a_card_lifted_before_the_end_is_not_called_out():
    from drivers.kinds.card_reader import CardRemoved

    flow, effects, _ = demo_flow()
    j = to_confirm(flow, effects, card=DemoCard(), mobile="")
    flow.device_event("idcard", CardRemoved("idcard"))
    j.confirm()
    assert not effects.idcard_armed
    effects.resolve_service()
    effects.resolve("printer.print")
    j.finish()
    assert flow.state.reminder is None


def test_the_next_citizen_can_hand_a_forgotten_card_to_staff():
    flow, effects, _ = demo_flow()
    j = to_confirm(flow, effects, card=DemoCard(), mobile="")
    flow.go_home()
    assert flow.state.reminder == "idcard"
    flow.hand_card_to_staff()
    assert flow.state.reminder is None and not effects.idcard_armed
    assert effects.staff_calls[-1] == ("idcard_left_on_reader", None)
