"""The kiosk shell without Qt: idle timeout wipe, out of service, hours, devices going down,
availability derived from what journeys declare."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from drivers.core.status import DeviceState, DeviceStatus
from drivers.kinds.card_reader import CardRead
from kiosk.config import OfficeHoursSection
from kiosk.demo import DemoCard, FakeClock, demo_flow, demo_health
from kiosk.flows import Action, OfficeHours, Screen
from kiosk.flows.availability import Health, Reason, device_health, evaluate
from kiosk.journeys import load_journeys
from kiosk.journeys.steps.idcard import CardStep


def start_ticket(flow, category="tax"):
    flow.open("ticket")
    flow.journey.choose_category(category)
    return flow.journey


def test_idle_countdown_then_wipe_and_reset():
    flow, effects, clock = demo_flow(idle_timeout_s=90, countdown_s=20)
    flow.toggle_language()
    flow.toggle_elder()
    j = start_ticket(flow)
    card = DemoCard()
    flow.device_event("idcard", CardRead("idcard", card))
    effects.resolve_service()
    j.add_mobile()
    for d in "13800138000":
        j.mobile.key(d)
    clock.advance(179)  # elder mode: twice the quiet period
    flow.tick()
    assert flow.state.countdown is None
    clock.advance(1)
    flow.tick()
    assert flow.state.countdown == 20
    clock.advance(5)
    flow.tick()
    assert flow.state.countdown == 15
    flow.touch()  # "still here"
    assert flow.state.countdown is None and flow.state.screen == "ticket.mobile"
    clock.advance(200)
    flow.tick()
    st = flow.state
    assert st.screen == Screen.HOME
    assert st.journey is None and st.lang == "zh_CN" and not st.elder and st.countdown is None
    assert card.wiped and j.mobile.value == "" and j.card.holder is None


def test_nothing_to_time_out_on_a_fresh_home_screen():
    flow, effects, clock = demo_flow()
    versions = flow.state.version
    clock.advance(1000)
    flow.tick()
    assert flow.state.countdown is None and flow.state.version == versions


def test_language_chosen_on_home_resets_after_idle():
    flow, _, clock = demo_flow(idle_timeout_s=60, countdown_s=10)
    flow.set_language("en")
    clock.advance(75)
    flow.tick()
    assert flow.state.lang == "zh_CN"


def test_no_timeout_while_printing_and_a_result_returns_home_without_asking():
    flow, effects, clock = demo_flow(idle_timeout_s=60, countdown_s=10, result_timeout_s=30)
    j = start_ticket(flow)
    j.confirm()
    effects.resolve_service()
    clock.advance(500)  # a very slow printer
    flow.tick()
    assert flow.state.screen == "ticket.working" and flow.state.countdown is None
    effects.resolve("printer.print")
    assert flow.state.screen == "ticket.done"
    clock.advance(29)
    flow.tick()
    assert flow.state.screen == "ticket.done" and flow.state.countdown is None
    clock.advance(1)
    flow.tick()
    # no "still there?" over a finished ticket: home, wiped
    assert flow.state.screen == Screen.HOME and flow.journey is None


def test_all_devices_down_is_out_of_service_and_recovers():
    flow, effects, _ = demo_flow()
    j = start_ticket(flow)
    card = DemoCard()
    flow.device_event("idcard", CardRead("idcard", card))
    flow.update_health(demo_health(printer=False, idcard=False))
    assert flow.state.screen == Screen.OUT_OF_SERVICE
    assert flow.journey is None and card.wiped and not effects.idcard_armed
    assert j.card.holder is None
    assert flow.state.availability.out_of_service.subject == "devices"
    flow.update_health(demo_health(printer=True, idcard=False))
    assert flow.state.screen == Screen.HOME


def test_disk_below_reserve_stops_only_what_writes_locally():
    # issue 19: a full disk must not stop what needs no local write (a ticket the server
    # confirms, the guide); an offline ticket needs the outbox, so it stops
    flow, _, _ = demo_flow(health=demo_health(disk_free_mb=50))
    assert flow.state.screen == Screen.HOME
    assert flow.state.availability.out_of_service is None
    assert flow.function("ticket").available and flow.function("guide").available
    flow.update_health(demo_health(disk_free_mb=50, server=False))
    assert flow.function("ticket").reason == Reason("disk", "low")
    assert flow.function("guide").available
    flow.update_health(demo_health(disk_free_mb=5000, server=False))
    assert flow.function("ticket").available


@pytest.mark.parametrize("code", ["full", "read_only", "damaged", "key_missing"])
def test_storage_fault_stops_offline_tickets_with_its_own_words(code):
    import dataclasses

    from kiosk.ui.texts import reason_text

    offline = dataclasses.replace(demo_health(server=False), storage=code)
    flow, _, _ = demo_flow(health=offline)
    assert flow.state.screen == Screen.HOME
    assert flow.function("ticket").reason == Reason("storage", code)
    assert flow.function("guide").available
    assert "存储" in reason_text(Reason("storage", code)) or "数据" in reason_text(
        Reason("storage", code))
    online = dataclasses.replace(demo_health(server=True), storage=code)
    flow.update_health(online)  # the server confirms tickets: nothing local is needed
    assert flow.function("ticket").available


def test_out_of_service_waits_for_a_print_and_keeps_the_number_on_screen():
    flow, effects, _ = demo_flow()
    j = start_ticket(flow)
    j.confirm()
    effects.resolve_service()
    flow.update_health(demo_health(printer=False, idcard=False))
    assert flow.state.screen == "ticket.working"  # not interrupted
    effects.fail("printer.print", RuntimeError("printer gone"))
    assert flow.state.screen == "ticket.print_failed"
    assert j.ticket is not None
    j.finish()
    assert flow.state.screen == Screen.OUT_OF_SERVICE


def test_printer_going_down_mid_journey_tells_the_citizen_at_once():
    flow, effects, _ = demo_flow()
    j = start_ticket(flow)
    j.add_mobile()
    j.mobile.key("1")
    flow.update_health(demo_health(printer="paper_out"))
    st = flow.state
    assert st.screen == Screen.ERROR
    assert (st.error.code, st.error.subject, st.error.problem) == ("device_lost", "printer",
                                                                   "paper_out")
    assert set(st.error.actions) == {Action.STAFF, Action.HOME}
    assert st.journey is None and j.mobile.value == ""  # the typed digit is gone too
    flow.act(Action.HOME)
    assert flow.state.screen == Screen.HOME
    assert not flow.function("ticket").available


def test_id_reader_going_down_says_so_and_coming_back_offers_the_card_again():
    flow, effects, _ = demo_flow()
    j = start_ticket(flow)
    assert effects.idcard_armed
    flow.update_health(demo_health(idcard=False))
    assert flow.state.screen == "ticket.confirm" and j.card.state is CardStep.UNAVAILABLE
    assert j.card.notice.code == "idcard_lost" and not effects.idcard_armed
    flow.update_health(demo_health())  # the reader is back, by itself
    assert j.card.state is CardStep.WAITING and effects.idcard_armed
    j.confirm()
    assert flow.state.screen == "ticket.working"


def test_no_id_reader_still_three_taps_with_a_note():
    flow, effects, _ = demo_flow(health=demo_health(idcard=False))
    j = start_ticket(flow)
    assert flow.state.screen == "ticket.confirm"
    assert j.card.notice.code == "idcard_unavailable" and effects.arm_count == 0


def test_after_hours_ticket_shows_next_opening_and_guide_stays():
    clock = FakeClock(datetime(2025, 3, 18, 17, 30))  # Tuesday after closing
    flow, effects, _ = demo_flow(clock=clock)
    st = flow.function("ticket")
    assert not st.available and st.reason.subject == "hours"
    assert st.opens_at == datetime(2025, 3, 19, 9, 0)
    assert flow.function("guide").available
    flow.open("ticket")
    assert flow.state.screen == Screen.HOME
    clock.now = datetime(2025, 3, 19, 9, 0)
    flow.tick()
    assert flow.function("ticket").available


def test_closing_time_mid_journey_lets_the_citizen_finish():
    clock = FakeClock(datetime(2025, 3, 18, 11, 59, 30))
    flow, effects, _ = demo_flow(clock=clock)
    start_ticket(flow)
    clock.advance(60)
    flow.tick()
    assert flow.state.screen == "ticket.confirm"


def test_server_offline_greys_out_reissue_only():
    flow, _, _ = demo_flow(health=demo_health(server=False))
    assert flow.function("ticket").available  # offline numbering
    st = flow.function("reissue")
    assert not st.available and st.reason.subject == "server"


def test_no_categories_yet_greys_out_ticket_taking():
    flow, _, _ = demo_flow()
    flow.set_categories([])
    assert flow.function("ticket").reason.subject == "catalogue"


def test_staff_call_from_any_screen():
    flow, effects, _ = demo_flow()
    flow.call_staff()
    assert effects.staff_calls == [("home", None)] and flow.state.staff_called
    flow.dismiss_staff()
    assert not flow.state.staff_called


def test_guide_shows_one_floor_at_a_time():
    flow, _, _ = demo_flow()
    flow.open("guide")
    j = flow.journey
    floors = j.floors()
    assert flow.state.screen == "guide.floors" and j.floor == floors[0] and len(floors) > 1
    j.show_floor(floors[1])
    assert j.floor == floors[1]
    j.show_floor(99)  # no such floor: ignored
    assert j.floor == floors[1] and not j.here  # the kiosk stands on floor 1
    zone = j.zones()[0][0]
    j.choose_zone(zone)
    assert j.zone == zone
    j.choose_zone("Z")  # not on this floor: ignored
    assert j.zone == zone
    j.show_floor(floors[0])
    assert j.here and j.zone is None
    flow.back()
    assert flow.state.screen == Screen.HOME


def test_office_hours_holidays_and_make_up_days():
    hours = OfficeHours.from_settings(OfficeHoursSection(
        holidays=["2025-10-01", "2025-10-02"], workdays=["2025-09-28"]))
    assert hours.is_open(datetime(2025, 9, 30, 9, 0))
    assert not hours.is_open(datetime(2025, 9, 30, 12, 30))  # lunch
    assert hours.next_open(datetime(2025, 9, 30, 12, 30)) == datetime(2025, 9, 30, 13, 0)
    assert not hours.is_open(datetime(2025, 10, 1, 10, 0))
    assert hours.next_open(datetime(2025, 9, 30, 17, 0)) == datetime(2025, 10, 3, 9, 0)
    assert hours.is_open(datetime(2025, 9, 28, 10, 0))  # a Sunday make-up working day
    assert hours.next_open(datetime(2025, 10, 3, 18, 0)) == datetime(2025, 10, 6, 9, 0)
    assert hours.closes_at(datetime(2025, 10, 3, 10, 0)) == datetime(2025, 10, 3, 12, 0)
    assert hours.is_working_day(date(2025, 10, 3))


def test_device_status_mapping_on_every_axis_a_kind_declares():
    st = DeviceStatus(DeviceState.USER_ERROR, {"paper": "out"})
    assert device_health("p", "printer", st).problem == "paper_out"
    near = device_health("p", "printer", DeviceStatus(DeviceState.ONLINE, {"paper": "near_end"}))
    assert near.up and near.warning == "paper_near_end"
    assert device_health("p", "printer", DeviceStatus(DeviceState.BUSY)).up
    off = DeviceStatus(DeviceState.OFFLINE)
    assert device_health("i", "idcard", off, starting=True).problem == "starting"
    assert device_health("i", "idcard", off).problem == "offline"
    # a dispenser online but with an empty hopper or a full reject bin cannot issue cards
    empty = DeviceStatus(DeviceState.ONLINE, {"card_hopper": "empty", "reject_bin": "ok"})
    assert device_health("d", "card_dispenser", empty).problem == "hopper_empty"
    full = DeviceStatus(DeviceState.ONLINE, {"card_hopper": "ok", "reject_bin": "full"})
    assert device_health("d", "card_dispenser", full).problem == "reject_bin_full"
    low = DeviceStatus(DeviceState.ONLINE, {"card_hopper": "low", "reject_bin": "ok"})
    assert device_health("d", "card_dispenser", low).up
    # unknown is not ok, but it does not stop a device whose state says it answers
    assert device_health("d", "card_dispenser", DeviceStatus(DeviceState.ONLINE)).up
    # devices still starting do not put the kiosk out of service
    hours = OfficeHours.from_settings(OfficeHoursSection())
    specs = load_journeys(entry_points_too=False)
    starting = Health((device_health("i", "idcard", off, starting=True),
                       device_health("p", "printer", off, starting=True)))
    now = datetime(2025, 3, 18, 10)
    assert evaluate(starting, hours, now, specs).out_of_service is None
    assert evaluate(Health(), hours, now, specs).out_of_service is not None


def test_elder_mode_gets_more_time_before_still_there():
    flow, _, clock = demo_flow(idle_timeout_s=60, countdown_s=10)
    flow.toggle_elder()
    flow.open("guide")
    clock.advance(61)
    flow.tick()
    assert flow.state.countdown is None  # normal mode would ask now
    clock.advance(60)
    flow.tick()
    assert flow.state.countdown is not None


def test_out_of_service_keeps_what_still_works_reachable():
    flow, _, _ = demo_flow(health=demo_health(printer=False, idcard=False))
    assert flow.state.screen == Screen.OUT_OF_SERVICE
    flow.open("ticket")  # needs the printer: not from here
    assert flow.state.screen == Screen.OUT_OF_SERVICE
    flow.open("guide")
    assert flow.state.screen == "guide.floors"
    flow.update_health(demo_health(printer=False, idcard=False, server=False))
    assert flow.state.screen == "guide.floors"  # still works: not kicked out
    flow.go_home()
    assert flow.state.screen == Screen.OUT_OF_SERVICE


def test_outside_hours_the_tile_says_whether_the_day_is_over_or_has_not_begun():
    from datetime import datetime

    from kiosk.ui.texts import reason_text

    hours = Reason("hours", "closed")
    morning, evening = datetime(2026, 12, 1, 8, 10), datetime(2026, 12, 1, 18, 30)
    assert reason_text(hours, datetime(2026, 12, 1, 9, 0), morning) == "现在不取号，今天 09:00开始"
    assert reason_text(hours, datetime(2026, 12, 1, 13, 0), datetime(2026, 12, 1, 12, 5)) == \
        "现在不取号，今天 13:00开始"  # lunch
    assert reason_text(hours, datetime(2026, 12, 2, 9, 0), evening) == \
        "今日取号已结束，下次取号：明天 09:00"
    # a journey that hands out no numbers (a photo, a police certificate) speaks of service
    assert reason_text(hours, datetime(2026, 12, 1, 13, 0), datetime(2026, 12, 1, 12, 5),
                       tickets=False) == "现在暂停办理，今天 13:00开始"
    assert reason_text(hours, datetime(2026, 12, 2, 9, 0), evening, tickets=False) == \
        "今日已停止办理，下次办理：明天 09:00"


def test_only_journeys_that_hand_out_numbers_speak_of_tickets():
    from kiosk.journeys import load_journeys

    tickets = {s.name for s in load_journeys() if s.issues_tickets}
    assert {"ticket", "reissue", "scan"} <= tickets
    assert not tickets & {"ssc", "portrait", "police", "traffic_fines", "cases"}
