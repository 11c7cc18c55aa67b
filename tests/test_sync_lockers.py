"""``central.lockers``: the kiosk's compartment records over the one outbox, against the
reference server — drop-off opens a case, collect, load sends the SMS with the pickup code,
pickup by code and by ID card records the hand-over; reconciliation after a power cut flags
every difference; a lost board's compartments are never assigned."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from drivers.kinds.locker import Compartment, Door
from kiosk.central.store.staff_calls import staff_calls
from kiosk.services import ServiceUnavailable
from kiosk.sync.lockers import LockerRefused, new_case_number
from tests.waiting import wait_for

DEVICE = "locker"
ID_NUMBER = "11010519491231002X"  # fictitious


def board(**changes) -> dict[int, Compartment]:
    """Sixteen closed, empty compartments (1-8 S, 9-14 M, 15-16 L); ``changes``:
    ``c3=("open", True)`` — door and occupancy of compartment 3."""
    out = {}
    for n in range(1, 17):
        size = "S" if n <= 8 else "M" if n <= 14 else "L"
        door, occupied = changes.get(f"c{n}", ("closed", False))
        out[n] = Compartment(n, size, Door(door), occupied, True)
    return out


def deliver(facade) -> None:
    """Everything the outbox holds reaches the server (a slow answer is retried)."""
    assert wait_for(lambda: facade.relay.drain().claimed >= 0
                    and facade.outbox.status()["pending"] == 0, timeout=60, interval=0.05)


def server_view(central, n):
    [row] = central.rows("SELECT status, case_id, flag, door FROM locker_compartments "
                         "WHERE compartment = :n", n=n)
    return tuple(row)


def test_drop_off_collect_load_and_pick_up_by_code(facade, central):
    lk = facade.lockers
    assert lk.free_sizes(DEVICE, board()) == {"S": 8, "M": 6, "L": 2}
    n = lk.reserve(DEVICE, board(), "M", "dropoff")
    assert n == 9
    assert lk.records(DEVICE)[9].status == "opening"  # written before anything is unlocked
    assert lk.free_sizes(DEVICE, board())["M"] == 5
    receipt = lk.dropoff_done(DEVICE, 9, occupied=True, item_code="ssc-card-reissue",
                              applicant={"name": "李四", "id_number": ID_NUMBER},
                              mobile="13800138000")
    case_id = receipt["case_id"]
    assert len(case_id) == 12 and case_id.isdigit() and receipt["new_case"]
    rec = lk.records(DEVICE)[9]
    assert (rec.status, rec.case_id, rec.occupied, rec.flag) == ("dropoff", case_id, True, None)
    deliver(facade)  # reserved, the case, dropoff
    assert server_view(central, 9) == ("dropoff", case_id, None, "closed")
    assert facade.cases.progress(case_id)["status"] == "materials_in_locker"

    # staff: collect the materials, then load the finished certificate
    lk.open_for(DEVICE, 9, "collect")
    lk.collected(DEVICE, 9, occupied=False)
    assert lk.records(DEVICE)[9].status == "free"
    m = lk.reserve(DEVICE, board(), "S", "load", case_id=case_id)
    code = lk.loaded(DEVICE, m, occupied=True)
    assert len(code) == 6 and code.isdigit()
    assert lk.records(DEVICE)[m].has_code
    deliver(facade)
    assert server_view(central, m)[:2] == ("loaded", case_id)
    [sms] = central.app.store.lockers.sms(central.app.engine.connect(), case_id)
    assert sms["mobile"] == "13800138000" and code in sms["text"]
    assert facade.cases.progress(case_id)["status"] == "ready_for_pickup"

    # the citizen: a wrong code, then the right one
    with pytest.raises(LockerRefused) as err:
        lk.find_by_code(DEVICE, "000000" if code != "000000" else "111111")
    assert err.value.message_zh == "没有找到这个取件码，请核对短信"
    assert lk.find_by_code(DEVICE, code) == m
    lk.open_for(DEVICE, m, "pickup")
    done = lk.picked_up(DEVICE, m, holder="李*", occupied=False)
    assert done["case_id"] == case_id
    assert lk.records(DEVICE)[m].status == "free" and not lk.records(DEVICE)[m].has_code
    deliver(facade)
    assert facade.cases.progress(case_id)["status"] == "handed_over"
    events = [e["event"] for e in central.app.store.lockers.events(central.app.engine.connect())]
    assert events == ["reserved", "dropoff", "reserved", "collected", "reserved", "loaded",
                      "reserved", "picked_up"]
    with pytest.raises(LockerRefused):  # a used code opens nothing
        lk.find_by_code(DEVICE, code)


def test_pickup_by_id_card_asks_the_server(facade, central):
    lk = facade.lockers
    case_id = new_case_number()
    facade.cases.submit("ssc-card-reissue", {"name": "李四", "id_number": ID_NUMBER}, {},
                        case_id=case_id)
    n = lk.reserve(DEVICE, board(), "L", "load", case_id=case_id)
    lk.loaded(DEVICE, n, occupied=True)
    deliver(facade)
    assert lk.find_by_id(DEVICE, ID_NUMBER.lower()) == n
    with pytest.raises(LockerRefused) as err:
        lk.find_by_id(DEVICE, "110101199001010011")
    assert err.value.message_zh == "柜中没有您的待取件"
    central.stop()
    facade.link.set(False)
    with pytest.raises(ServiceUnavailable) as err:
        lk.find_by_id(DEVICE, ID_NUMBER)
    assert not isinstance(err.value, LockerRefused)
    assert "取件码" in err.value.message_zh  # the way on: the code from the SMS


def test_wrong_codes_lock_the_keypad_for_a_while(facade):
    lk = facade.lockers
    for _ in range(5):
        with pytest.raises(LockerRefused):
            lk.find_by_code(DEVICE, "123456")
    with pytest.raises(LockerRefused) as err:
        lk.find_by_code(DEVICE, "123456")
    assert "次数过多" in err.value.message_zh


def test_nothing_is_assigned_that_the_board_does_not_see_closed_and_empty(facade):
    lk = facade.lockers
    lost = {n: Compartment(n, c.size, Door.UNKNOWN, None, True) for n, c in board().items()}
    assert lk.free_sizes(DEVICE, lost) == {"S": 0, "M": 0, "L": 0}
    with pytest.raises(LockerRefused) as err:
        lk.reserve(DEVICE, lost, "S", "dropoff")
    assert err.value.message_zh == "暂时没有这么大的空柜格"
    # an open door, an item where none should be: skipped; a larger size serves instead
    odd = board(**{f"c{n}": ("open", False) for n in range(1, 9)})
    assert lk.reserve(DEVICE, odd, "S", "dropoff") == 9


def test_after_a_power_cut_every_difference_is_flagged_for_staff(facade, central):
    lk = facade.lockers
    lk.reconcile(DEVICE, board())  # the records start from what the board showed
    lk.reserve(DEVICE, board(), "S", "dropoff")  # 1: unlocked … then the power went
    held = lk.reserve(DEVICE, board(), "S", "dropoff")  # 2: a finished drop-off
    lk.dropoff_done(DEVICE, held, occupied=True, case_id="202503180001")
    # the board after the restart: 1 closed with materials, 2 emptied, 5 holding something
    after = board(c1=("closed", True), c2=("closed", False), c5=("closed", True),
                  c7=("open", False))
    raised = lk.reconcile(DEVICE, after)
    assert raised == [(1, "interrupted"), (2, "missing_item"), (5, "unexpected_item"),
                      (7, "door_open")]
    recs = lk.records(DEVICE)
    assert "opened for dropoff and not finished" in recs[1].flag_detail
    assert "item inside" in recs[1].flag_detail
    assert lk.reconcile(DEVICE, after) == []  # told once
    assert lk.free_sizes(DEVICE, after)["S"] == 4  # 3, 4, 6, 8: flagged ones are not given out
    deliver(facade)
    calls = [r[0] for r in central.rows(  # (a select: reasons are sealed)
        sa.select(staff_calls.c.reason).order_by(staff_calls.c.id))]
    assert calls == ["locker:locker:1:interrupted", "locker:locker:2:missing_item",
                     "locker:locker:5:unexpected_item", "locker:locker:7:door_open"]
    assert server_view(central, 1)[2] == "interrupted"
    # staff look: 1 held materials (kept as a drop-off), 5 emptied
    lk.open_for(DEVICE, 1, "check")
    lk.resolve(DEVICE, 1, occupied=True, emptied=False)
    lk.resolve(DEVICE, 5, occupied=False, emptied=True)
    recs = lk.records(DEVICE)
    assert (recs[1].status, recs[1].flag) == ("dropoff", None)
    assert (recs[5].status, recs[5].flag) == ("free", None)


def test_a_failed_unlock_goes_back_and_an_abandoned_opening_is_flagged(facade):
    lk = facade.lockers
    n = lk.reserve(DEVICE, board(), "S", "dropoff")
    lk.unlock_failed(DEVICE, n, "lock_not_released")
    rec = lk.records(DEVICE)[n]
    assert (rec.status, rec.flag) == ("free", "lock_failed")
    m = lk.reserve(DEVICE, board(), "S", "dropoff")
    assert m != n
    lk.abandon(DEVICE, m)
    assert lk.records(DEVICE)[m].flag == "interrupted"
    lk.alarm(DEVICE, 12, "door_forced", "opened with no unlock")
    assert not lk.alarm(DEVICE, 12, "door_forced")  # once
    assert lk.records(DEVICE)[12].flag == "door_forced"


def test_records_survive_a_restart(tmp_path, central):
    from kiosk.sync.central import build_central

    settings = central.settings(tmp_path)
    first = build_central(settings)
    n = first.lockers.reserve(DEVICE, board(), "M", "dropoff")
    first.close()  # the power goes
    again = build_central(settings)
    try:
        rec = again.lockers.records(DEVICE)[n]
        assert (rec.status, rec.purpose) == ("opening", "dropoff")
    finally:
        again.close()
