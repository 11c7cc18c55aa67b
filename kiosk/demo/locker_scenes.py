"""The locker journeys' scenes for ``kiosk ui screenshots`` and the screen rules tests
(:mod:`kiosk.ui.scenes` lists them): each drives a demo flow, with the in-memory
``central.lockers`` (:mod:`kiosk.demo.lockers`) and a demo cabinet, to one state of 投递材料,
自助取件 or 文件柜管理 — by the same calls taps and device events make."""
from __future__ import annotations

from datetime import date, datetime

from drivers.kinds.card_reader import CardRead
from drivers.kinds.locker import BoardLost, Compartment, Door, DoorClosed, DoorLeftOpen
from kiosk.demo import DemoCard
from kiosk.demo.lockers import DEMO_CASE, DEMO_CODE, demo_board

#: health for the locker scenes: the demo devices and a cabinet
LOCKER = {"locker": True}
#: a Tuesday night: the hall is closed, the 24-hour zone is not
NIGHT = datetime(2025, 3, 18, 22, 40)


def _card(flow, name="王五", birth=date(1980, 2, 3)) -> None:
    flow.device_event("idcard", CardRead("idcard", DemoCard(name=name, birth_date=birth)))


def dropoff_idcard(flow, fx, clock) -> None:
    flow.open("locker_dropoff")
    fx.resolve_service()  # the items


def dropoff_item(flow, fx, clock) -> None:
    dropoff_idcard(flow, fx, clock)
    _card(flow)
    flow.journey.idcard_next()


def dropoff_case_number(flow, fx, clock) -> None:
    dropoff_item(flow, fx, clock)
    flow.journey.have_case_number()
    for d in DEMO_CASE[:8]:
        flow.journey.case_no.key(d)


def dropoff_size(flow, fx, clock) -> None:
    dropoff_item(flow, fx, clock)
    flow.journey.choose_item("ssc-card-reissue")
    flow.journey.skip_mobile()
    fx.resolve("locker.compartments", demo_board(**{f"c{n}": ("closed", True)
                                                    for n in range(15, 17)}))
    fx.resolve_service()  # free sizes: the large ones are full


def dropoff_door(flow, fx, clock, *, left_open: int = 0) -> None:
    dropoff_size(flow, fx, clock)
    flow.journey.choose_size("M")
    fx.resolve_service()
    n = flow.journey.door.compartment
    fx.resolve("locker.unlock", Compartment(n, "M", Door.OPEN, False, True))
    for count in range(1, left_open + 1):
        flow.device_event("locker", DoorLeftOpen("locker", n, 30.0 * count, count))


def dropoff_door_reminded(flow, fx, clock) -> None:
    dropoff_door(flow, fx, clock, left_open=1)


def dropoff_door_staff_told(flow, fx, clock) -> None:
    dropoff_door(flow, fx, clock, left_open=2)


def dropoff_done(flow, fx, clock) -> None:
    dropoff_door(flow, fx, clock)
    flow.device_event("locker", DoorClosed("locker", flow.journey.door.compartment, True))
    fx.resolve_service()
    fx.resolve("printer.print")


def dropoff_board_lost(flow, fx, clock) -> None:
    dropoff_door(flow, fx, clock)
    flow.device_event("locker", BoardLost("locker", 0, tuple(range(1, 17))))


def pickup_identify(flow, fx, clock) -> None:
    fx.central.lockers.stage(12, "loaded", case_id=DEMO_CASE, code=DEMO_CODE)
    flow.open("locker_pickup")


def pickup_code_wrong(flow, fx, clock) -> None:
    pickup_identify(flow, fx, clock)
    flow.journey.use_code()
    for d in "135790":
        flow.journey.code.key(d)
    flow.journey.code_next()
    fx.resolve_service()
    for d in DEMO_CODE[:3]:
        flow.journey.code.key(d)


def pickup_door(flow, fx, clock, *, still_inside: bool = False) -> None:
    pickup_identify(flow, fx, clock)
    flow.journey.use_code()
    for d in DEMO_CODE:
        flow.journey.code.key(d)
    flow.journey.code_next()
    fx.resolve_service()
    fx.resolve_service()
    fx.resolve("locker.unlock", Compartment(12, "M", Door.OPEN, True, True))
    if still_inside:
        flow.device_event("locker", DoorClosed("locker", 12, True))


def pickup_still_inside(flow, fx, clock) -> None:
    pickup_door(flow, fx, clock, still_inside=True)


def pickup_done(flow, fx, clock) -> None:
    pickup_door(flow, fx, clock)
    flow.device_event("locker", DoorClosed("locker", 12, False))
    fx.resolve_service()


def _staff(flow) -> None:
    from kiosk.flows.staff import DEMO_PIN, StaffAuth

    flow.staff_auth = StaffAuth(demo=True)
    flow.staff_gesture()
    for ch in DEMO_PIN:
        flow.staff_key(ch)
    flow.staff_submit()


def staff_overview(flow, fx, clock) -> None:
    lockers = fx.central.lockers
    lockers.stage(3, "dropoff", size="S", case_id="202503180101")
    lockers.stage(10, "dropoff", case_id="202503180102")
    lockers.stage(12, "loaded", case_id=DEMO_CASE, code=DEMO_CODE)
    lockers.stage(7, "opening", size="S", purpose="dropoff", flag="interrupted",
                  detail="opened for dropoff and not finished; board: door closed, item inside")
    lockers.stage(5, "free", size="S", flag="door_forced", detail="opened with no unlock")
    _staff(flow)
    flow.open("locker_staff")
    fx.resolve("locker.compartments", demo_board(c3=("closed", True), c10=("closed", True),
                                                 c12=("closed", True), c7=("closed", True),
                                                 c5=("open", False)))
    fx.resolve_service()


def staff_detail(flow, fx, clock) -> None:
    staff_overview(flow, fx, clock)
    flow.journey.select(7)


def staff_resolve(flow, fx, clock) -> None:
    staff_detail(flow, fx, clock)
    flow.journey.check()
    fx.resolve_service()
    fx.resolve("locker.unlock", Compartment(7, "S", Door.OPEN, True, True))
    flow.device_event("locker", DoorClosed("locker", 7, True))
