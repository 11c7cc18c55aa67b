"""The three locker journeys as plain state machines (no Qt): drop off at night, pick up by
code and by ID card, staff collect/load/resolve — with a door left open, a forced door, a
lock that does not release, a board lost mid-journey and a session dropped mid-opening."""
from __future__ import annotations

from datetime import date, datetime

from drivers.kinds.locker import BoardLost, Compartment, Door, DoorClosed, DoorForced, DoorLeftOpen
from drivers.locker.errors import LockNotReleased
from kiosk.demo import DemoCard, FakeClock, demo_flow, demo_health
from kiosk.demo.lockers import DEMO_CASE, DEMO_CODE, demo_board
from kiosk.flows import Action, Screen
from kiosk.flows.staff import DEMO_PIN, StaffAuth
from kiosk.journeys import spec_of
from kiosk.journeys.lockers.door import DoorState
from kiosk.journeys.steps.idcard import CardStep

NIGHT = datetime(2025, 3, 18, 22, 40)  # a Tuesday night: the hall is closed
SPECS = [spec_of(m) for m in ("kiosk.journeys.lockers.dropoff", "kiosk.journeys.lockers.pickup",
                              "kiosk.journeys.lockers.staff")]


def locker_flow(**health):
    flow, fx, clock = demo_flow(clock=FakeClock(NIGHT), journeys=SPECS,
                                health=demo_health(locker=True, **health),
                                staff_auth=StaffAuth("", demo=True))
    return flow, fx, fx.central.lockers


def card(flow, c):
    from drivers.kinds.card_reader import CardRead

    flow.device_event("idcard", CardRead("idcard", c))


def keys(entry, digits):
    for d in digits:
        entry.key(d)


def door(flow, event):
    flow.device_event("locker", event)


def to_door(flow, fx, *, size="M", case_number=None):
    """投递材料 → card → an item (or a case number) → no SMS → size → unlocked."""
    flow.open("locker_dropoff")
    j = flow.journey
    fx.resolve_service()  # the items
    assert flow.state.screen == "locker_dropoff.idcard" and fx.idcard_armed
    card(flow, DemoCard(name="王五", birth_date=date(1980, 2, 3)))
    assert j.card.state is CardStep.READ
    j.idcard_next()
    assert flow.state.screen == "locker_dropoff.item" and len(j.visible_items()) == 6
    if case_number:
        j.have_case_number()
        keys(j.case_no, case_number)
        j.case_next()
        fx.resolve_service()
    else:
        j.choose_item("ssc-card-reissue")
        assert flow.state.screen == "locker_dropoff.mobile"
        j.skip_mobile()
    assert flow.state.screen == "locker_dropoff.size" and j.sizes is None
    fx.resolve("locker.compartments", demo_board())
    fx.resolve_service()  # free sizes
    assert j.sizes == {"S": 8, "M": 6, "L": 2}
    j.choose_size(size)
    fx.resolve_service()  # reserve: recorded before anything is unlocked
    n = j.door.compartment
    assert flow.state.screen == "locker_dropoff.door" and j.door.state is DoorState.UNLOCKING
    assert fx.last("locker.unlock").args == (n,)
    fx.resolve("locker.unlock", Compartment(n, size, Door.OPEN, False, True))
    assert j.door.state is DoorState.OPEN
    return j, n


def test_drop_off_at_night_with_a_receipt():
    flow, fx, lockers = locker_flow()
    assert flow.function("locker_dropoff").available  # 24 h
    j, n = to_door(flow, fx)
    assert n == 9 and lockers.recs[9].status == "opening" and j.progress == (4, 4)
    door(flow, DoorClosed("locker", 9, True))
    assert flow.state.screen == "locker_dropoff.working" and j.working == "recording"
    fx.resolve_service()  # dropoff_done
    receipt = fx.printed[-1]
    assert receipt.compartment == 9 and receipt.case_id == j.receipt["case_id"]
    assert "王*" in str(receipt.lines())
    fx.resolve("printer.print")
    assert flow.state.screen == "locker_dropoff.done"
    rec = lockers.recs[9]
    assert (rec.status, rec.case_id) == ("dropoff", j.receipt["case_id"])
    applicant = fx.last("lockers.dropoff_done").kwargs["applicant"]
    assert applicant["name"] == "王五" and j._applicant is None  # handed over, then forgotten
    j.finish()
    assert flow.state.screen == Screen.HOME


def test_drop_off_for_an_existing_case_number():
    flow, fx, lockers = locker_flow()
    j, n = to_door(flow, fx, case_number=DEMO_CASE, size="S")
    assert j.case_id == DEMO_CASE and j.case_known is True
    assert fx.last("lockers.reserve").kwargs["case_id"] == DEMO_CASE
    door(flow, DoorClosed("locker", n, True))
    fx.resolve_service()
    assert fx.last("lockers.dropoff_done").kwargs["applicant"] is None
    assert j.receipt["case_id"] == DEMO_CASE


def test_an_unknown_case_number_is_said_and_offline_is_accepted():
    flow, fx, lockers = locker_flow()
    flow.open("locker_dropoff")
    fx.resolve_service()  # the items
    j = flow.journey
    card(flow, DemoCard())
    j.idcard_next()
    j.have_case_number()
    keys(j.case_no, "111122223333")
    j.case_next()
    fx.resolve_service()
    assert flow.state.screen == "locker_dropoff.case_no" and j.notice.code == "case_unknown"
    lockers.known_cases = None  # the server cannot be reached
    j.case_next()
    fx.resolve_service()
    assert flow.state.screen == "locker_dropoff.size" and j.case_known is None


def test_door_left_open_reminds_then_tells_staff():
    flow, fx, _ = locker_flow()
    j, n = to_door(flow, fx)
    door(flow, DoorLeftOpen("locker", n, 30.0, 1))
    assert j.door.notice.code == "door_remind" and not fx.staff_calls
    door(flow, DoorLeftOpen("locker", n, 60.0, 2))
    assert j.door.notice.code == "door_staff_told"
    assert fx.last("staff.call").args == (f"locker:locker:{n}:left_open",)
    door(flow, DoorLeftOpen("locker", n, 90.0, 3))
    assert len([r for r in fx.requests if r.key == "staff.call"]) == 1  # told once
    assert flow.state.countdown is None  # an open door keeps the session alive
    door(flow, DoorClosed("locker", n, True))
    fx.resolve_service()
    assert j.receipt is not None


def test_a_lock_that_does_not_release_offers_another_compartment():
    flow, fx, lockers = locker_flow()
    flow.open("locker_dropoff")
    fx.resolve_service()
    j = flow.journey
    card(flow, DemoCard())
    j.idcard_next()
    j.choose_item("tax-invoice")
    j.skip_mobile()
    fx.resolve("locker.compartments", demo_board())
    fx.resolve_service()
    j.choose_size("S")
    fx.resolve_service()
    fx.fail("locker.unlock", LockNotReleased("locker: compartment 1 still closed"))
    assert flow.state.screen == Screen.ERROR and flow.state.error.code == "door_not_opened"
    fx.resolve_service()  # unlock_failed: flagged for staff
    assert lockers.recs[1].flag == "lock_failed"
    flow.act(Action.RETRY)
    fx.resolve("locker.compartments", demo_board())
    fx.resolve_service()
    assert j.sizes["S"] == 7  # the flagged one is not offered again
    j.choose_size("S")
    fx.resolve_service()
    assert j.door.compartment == 2


def test_the_board_lost_while_the_door_is_open():
    flow, fx, lockers = locker_flow()
    j, n = to_door(flow, fx)
    door(flow, BoardLost("locker", 0, tuple(range(1, 17))))
    assert flow.state.screen == Screen.ERROR and flow.state.error.code == "locker_lost"
    assert Action.STAFF in flow.state.error.actions
    fx.resolve_service()  # abandon: recorded for staff
    assert lockers.recs[n].flag == "interrupted"


def test_a_session_dropped_with_the_door_open_leaves_it_flagged():
    flow, fx, lockers = locker_flow()
    j, n = to_door(flow, fx)
    flow.staff_gesture()  # staff take over the screen while the door stands open
    assert flow.journey is None
    fx.resolve_service()
    assert lockers.recs[n].flag == "interrupted"


def test_a_forced_door_elsewhere_does_not_disturb_the_citizen():
    flow, fx, _ = locker_flow()
    j, n = to_door(flow, fx)
    door(flow, DoorForced("locker", 3))
    assert flow.state.screen == "locker_dropoff.door" and j.door.state is DoorState.OPEN


def test_no_compartment_of_any_fitting_size():
    flow, fx, _ = locker_flow()
    flow.open("locker_dropoff")
    fx.resolve_service()
    j = flow.journey
    card(flow, DemoCard())
    j.idcard_next()
    j.choose_item("tax-invoice")
    j.skip_mobile()
    full = demo_board(**{f"c{n}": ("closed", True) for n in range(1, 17)})
    fx.resolve("locker.compartments", full)
    fx.resolve_service()
    assert j.sizes == {"S": 0, "M": 0, "L": 0}
    j.choose_size("S")
    assert not fx.kinds()  # nothing asked: there is nothing to give


def test_pick_up_by_code_and_something_left_inside():
    flow, fx, lockers = locker_flow()
    lockers.stage(12, "loaded", case_id=DEMO_CASE, code=DEMO_CODE)
    flow.open("locker_pickup")
    j = flow.journey
    assert flow.state.screen == "locker_pickup.identify" and fx.idcard_armed
    j.use_code()
    keys(j.code, "000000")
    j.code_next()
    fx.resolve_service()
    assert j.notice.code == "no_code" and j.code.value == ""
    keys(j.code, DEMO_CODE)
    j.code_next()
    fx.resolve_service()  # find_by_code
    fx.resolve_service()  # open_for pickup: recorded before the unlock
    assert lockers.recs[12].status == "opening"
    fx.resolve("locker.unlock", Compartment(12, "M", Door.OPEN, True, True))
    assert flow.state.screen == "locker_pickup.door"
    door(flow, DoorClosed("locker", 12, True))  # closed, but the sensor still sees something
    assert j.still_inside and j.notice.code == "still_inside"
    j.open_again()
    fx.resolve("locker.unlock", Compartment(12, "M", Door.OPEN, True, True))
    door(flow, DoorClosed("locker", 12, False))
    fx.resolve_service()  # picked_up
    assert flow.state.screen == "locker_pickup.done" and j.done["case_id"] == DEMO_CASE
    assert lockers.recs[12].status == "free"


def test_pick_up_by_id_card():
    flow, fx, lockers = locker_flow()
    citizen = DemoCard(name="赵六", birth_date=date(1975, 7, 7))
    lockers.stage(15, "loaded", size="L", case_id=DEMO_CASE, code=DEMO_CODE)
    lockers.pickups[citizen.id_number] = 15
    flow.open("locker_pickup")
    j = flow.journey
    stranger = DemoCard(name="钱七", birth_date=date(1990, 1, 1))
    card(flow, stranger)
    fx.resolve_service()
    assert j.card.notice.code == "no_pickup" and j.card.state is CardStep.WAITING
    card(flow, citizen)
    fx.resolve_service()
    fx.resolve_service()
    fx.resolve("locker.unlock", Compartment(15, "L", Door.OPEN, True, True))
    door(flow, DoorClosed("locker", 15, False))
    fx.resolve_service()
    assert fx.last("lockers.picked_up").kwargs["holder"] == "赵*"


def test_pick_up_without_a_reader_starts_at_the_code():
    flow, fx, _ = locker_flow(idcard=False)
    assert flow.function("locker_pickup").available
    assert not flow.function("locker_dropoff").available  # identifying needs the card
    flow.open("locker_pickup")
    assert flow.state.screen == "locker_pickup.code" and flow.journey.notice.code == "use_code"


def staff_flow(**kw):
    flow, fx, lockers = locker_flow(**kw)
    flow.staff_gesture()
    for d in DEMO_PIN:
        flow.staff_key(d)
    flow.staff_submit()
    assert flow.state.screen == Screen.STAFF_HOME
    return flow, fx, lockers


def test_staff_collect_all_then_load_a_certificate():
    flow, fx, lockers = staff_flow()
    lockers.stage(3, "dropoff", size="S", case_id="202503180101")
    lockers.stage(10, "dropoff", case_id="202503180102")
    flow.open("locker_staff")
    j = flow.journey
    board = demo_board(c3=("closed", True), c10=("closed", True))
    fx.resolve("locker.compartments", board)
    fx.resolve_service()  # the view
    assert j.to_collect() == [3, 10]
    j.collect_all()
    for n in (3, 10):
        fx.resolve_service()  # open_for collect
        fx.resolve("locker.unlock", Compartment(n, "M", Door.OPEN, True, True))
        assert flow.state.screen == "locker_staff.door" and j.door.compartment == n
        door(flow, DoorClosed("locker", n, False))
        fx.resolve_service()  # collected
    assert flow.state.screen == "locker_staff.overview"
    assert j.notice.code == "collected_all" and j.notice.subject == "2"
    assert lockers.recs[3].status == lockers.recs[10].status == "free"
    fx.resolve("locker.compartments", demo_board())
    fx.resolve_service()
    # load the finished certificate of a case
    j.load()
    keys(j.case_no, DEMO_CASE)
    j.case_next()
    fx.resolve_service()
    assert flow.state.screen == "locker_staff.size"
    fx.resolve("locker.compartments", demo_board())
    fx.resolve_service()
    j.choose_size("S")
    fx.resolve_service()
    fx.resolve("locker.unlock", Compartment(1, "S", Door.OPEN, False, True))
    door(flow, DoorClosed("locker", 1, True))
    fx.resolve_service()  # loaded: the code goes to the server, which sends the SMS
    assert lockers.recs[1].status == "loaded" and j.notice.code == "loaded"


def test_staff_resolve_a_compartment_flagged_after_a_power_cut():
    flow, fx, lockers = staff_flow()
    lockers.stage(7, "opening", size="S", purpose="dropoff", flag="interrupted",
                  detail="opened for dropoff and not finished; board: door closed, item inside")
    flow.open("locker_staff")
    j = flow.journey
    fx.resolve("locker.compartments", demo_board(c7=("closed", True)))
    fx.resolve_service()
    j.select(7)
    assert flow.state.screen == "locker_staff.detail"
    j.check()
    fx.resolve_service()  # open_for check
    fx.resolve("locker.unlock", Compartment(7, "S", Door.OPEN, True, True))
    door(flow, DoorClosed("locker", 7, True))
    assert flow.state.screen == "locker_staff.resolve" and j.seen_occupied is True
    j.resolve(emptied=False)  # the materials are there: kept as a drop-off
    fx.resolve_service()
    assert (lockers.recs[7].status, lockers.recs[7].flag) == ("dropoff", None)
    assert flow.state.screen == "locker_staff.overview"


def test_the_board_lost_before_the_door_makes_the_journey_stop():
    flow, fx, _ = locker_flow()
    flow.open("locker_dropoff")
    fx.resolve_service()
    flow.update_health(demo_health(locker=False))
    assert flow.state.screen == Screen.ERROR and flow.state.error.code == "device_lost"
    assert flow.state.error.subject == "locker"
