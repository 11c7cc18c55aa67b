"""The kiosk shell without Qt: idle timeout wipe, out of service, hours, devices going down."""
from __future__ import annotations

from datetime import date, datetime

from drivers.core.status import DeviceState, DeviceStatus
from kiosk.config import OfficeHoursSection
from kiosk.flows import Action, Fn, OfficeHours, Screen
from kiosk.flows.availability import Health, device_health, evaluate
from kiosk.flows.demo import DemoCard, FakeClock, demo_flow, demo_health
from kiosk.flows.state import CardStep


def test_idle_countdown_then_wipe_and_reset():
    flow, effects, clock = demo_flow(idle_timeout_s=90, countdown_s=20)
    flow.toggle_language()
    flow.toggle_elder()
    flow.open_function(Fn.TICKET)
    flow.choose_category("tax")
    card = DemoCard()
    flow.card_read(card)
    effects.resolve_service()
    flow.skip_idcard()
    for d in "13800138000":
        flow.key(d)
    clock.advance(89)
    flow.tick()
    assert flow.state.countdown is None
    clock.advance(1)
    flow.tick()
    assert flow.state.countdown == 20
    clock.advance(5)
    flow.tick()
    assert flow.state.countdown == 15
    flow.touch()  # "still here"
    assert flow.state.countdown is None and flow.state.screen is Screen.MOBILE
    clock.advance(110)
    flow.tick()
    st = flow.state
    assert st.screen is Screen.HOME
    assert st.session is None and st.lang == "zh_CN" and not st.elder and st.countdown is None
    assert card.wiped


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


def test_no_timeout_while_printing_and_quiet_period_restarts_after():
    flow, effects, clock = demo_flow(idle_timeout_s=60, countdown_s=10, done_timeout_s=30)
    flow.open_function(Fn.TICKET)
    flow.choose_category("tax")
    flow.skip_idcard()
    flow.skip_mobile()
    flow.confirm()
    effects.resolve_service()
    clock.advance(500)  # a very slow printer
    flow.tick()
    assert flow.state.screen is Screen.WORKING and flow.state.countdown is None
    effects.resolve("print_ticket")
    assert flow.state.screen is Screen.DONE
    clock.advance(29)
    flow.tick()
    assert flow.state.countdown is None
    clock.advance(2)
    flow.tick()
    assert flow.state.countdown is not None
    clock.advance(10)
    flow.tick()
    assert flow.state.screen is Screen.HOME


def test_all_critical_devices_down_is_out_of_service_and_recovers():
    flow, effects, _ = demo_flow()
    flow.open_function(Fn.TICKET)
    flow.choose_category("tax")
    card = DemoCard()
    flow.card_read(card)
    flow.update_health(demo_health(printer=False, idcard=False))
    assert flow.state.screen is Screen.OUT_OF_SERVICE
    assert flow.session is None and card.wiped and not effects.armed
    assert flow.state.availability.out_of_service.subject == "devices"
    flow.open_function(Fn.GUIDE)  # nothing to tap here
    assert flow.state.screen is Screen.OUT_OF_SERVICE
    flow.update_health(demo_health(printer=True, idcard=False))
    assert flow.state.screen is Screen.HOME


def test_disk_below_reserve_is_out_of_service():
    flow, _, _ = demo_flow(health=demo_health(disk_free_mb=50))
    assert flow.state.screen is Screen.OUT_OF_SERVICE
    assert flow.state.availability.out_of_service.subject == "disk"
    flow.update_health(demo_health(disk_free_mb=5000))
    assert flow.state.screen is Screen.HOME


def test_out_of_service_waits_for_a_print_and_keeps_the_number_on_screen():
    flow, effects, _ = demo_flow()
    flow.open_function(Fn.TICKET)
    flow.choose_category("tax")
    flow.skip_idcard()
    flow.skip_mobile()
    flow.confirm()
    effects.resolve_service()
    flow.update_health(demo_health(printer=False, idcard=False))
    assert flow.state.screen is Screen.WORKING  # not interrupted
    effects.fail("print_ticket", RuntimeError("printer gone"))
    assert flow.state.screen is Screen.PRINT_FAILED
    assert flow.session.ticket is not None
    flow.act(Action.HOME)
    assert flow.state.screen is Screen.OUT_OF_SERVICE


def test_printer_going_down_mid_journey_tells_the_citizen_at_once():
    flow, effects, _ = demo_flow()
    flow.open_function(Fn.TICKET)
    flow.choose_category("tax")
    flow.skip_idcard()
    flow.key("1")
    flow.update_health(demo_health(printer="paper_out"))
    st = flow.state
    assert st.screen is Screen.ERROR
    assert (st.error.code, st.error.subject, st.error.problem) == ("device_lost", "printer",
                                                                   "paper_out")
    assert set(st.error.actions) == {Action.STAFF, Action.HOME}
    assert st.session is None  # the typed digit is gone too
    flow.act(Action.HOME)
    assert flow.state.screen is Screen.HOME
    assert not flow.function(Fn.TICKET).available


def test_id_reader_going_down_during_the_id_step_skips_it_with_a_note():
    flow, effects, _ = demo_flow()
    flow.open_function(Fn.TICKET)
    flow.choose_category("tax")
    assert effects.armed
    flow.update_health(demo_health(idcard=False))
    s = flow.session
    assert flow.state.screen is Screen.IDCARD and s.card_step is CardStep.UNAVAILABLE
    assert s.notice == "idcard_lost" and not effects.armed
    flow.skip_idcard()
    assert flow.state.screen is Screen.MOBILE


def test_no_id_reader_skips_the_id_step():
    flow, effects, _ = demo_flow(health=demo_health(idcard=False))
    flow.open_function(Fn.TICKET)
    flow.choose_category("tax")
    assert flow.state.screen is Screen.MOBILE
    assert flow.session.notice == "idcard_unavailable" and effects.arm_count == 0
    flow.back()
    assert flow.state.screen is Screen.CATEGORY


def test_after_hours_ticket_shows_next_opening_and_guide_stays():
    clock = FakeClock(datetime(2025, 3, 18, 17, 30))  # Tuesday after closing
    flow, effects, _ = demo_flow(clock=clock)
    st = flow.function(Fn.TICKET)
    assert not st.available and st.reason.subject == "hours"
    assert st.opens_at == datetime(2025, 3, 19, 9, 0)
    assert flow.function(Fn.GUIDE).available
    flow.open_function(Fn.TICKET)
    assert flow.state.screen is Screen.HOME
    clock.now = datetime(2025, 3, 19, 9, 0)
    flow.tick()
    assert flow.function(Fn.TICKET).available


def test_closing_time_mid_journey_lets_the_citizen_finish():
    clock = FakeClock(datetime(2025, 3, 18, 11, 59, 30))
    flow, effects, _ = demo_flow(clock=clock)
    flow.open_function(Fn.TICKET)
    flow.choose_category("tax")
    clock.advance(60)
    flow.tick()
    assert flow.state.screen is Screen.IDCARD


def test_server_offline_greys_out_reissue_only():
    flow, _, _ = demo_flow(health=demo_health(server=False))
    assert flow.function(Fn.TICKET).available  # offline numbering
    st = flow.function(Fn.REISSUE)
    assert not st.available and st.reason.subject == "server"


def test_no_categories_yet_greys_out_ticket_taking():
    flow, _, _ = demo_flow()
    flow.set_categories([])
    assert flow.function(Fn.TICKET).reason.subject == "catalogue"


def test_staff_call_from_any_screen():
    flow, effects, _ = demo_flow()
    flow.call_staff()
    assert effects.staff_calls == [("home", None)] and flow.state.staff_called
    flow.dismiss_staff()
    assert not flow.state.staff_called


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


def test_device_status_mapping():
    st = DeviceStatus(DeviceState.USER_ERROR, {"paper": "out"})
    assert device_health("p", "printer", st).problem == "paper_out"
    assert device_health("p", "printer", DeviceStatus(DeviceState.BUSY)).up
    off = DeviceStatus(DeviceState.OFFLINE)
    assert device_health("i", "idcard", off, starting=True).problem == "starting"
    assert device_health("i", "idcard", off).problem == "offline"
    # devices still starting do not put the kiosk out of service
    hours = OfficeHours.from_settings(OfficeHoursSection())
    starting = Health((device_health("i", "idcard", off, starting=True),
                       device_health("p", "printer", off, starting=True)))
    assert evaluate(starting, hours, datetime(2025, 3, 18, 10)).out_of_service is None
    assert evaluate(Health(), hours, datetime(2025, 3, 18, 10)).out_of_service is not None
