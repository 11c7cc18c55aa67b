"""An in-memory stand-in for ``central.lockers`` (tests, screenshots), and a demo board.

It keeps the same records and refusals as :class:`kiosk.sync.lockers.Lockers` without a
database or a server: enough to drive the locker journeys into every state. The real thing
is tested against the reference server in ``tests/test_sync_lockers.py``.
"""
from __future__ import annotations

import threading
from dataclasses import replace

from drivers.kinds.locker import Compartment, Door
from kiosk.sync.lockers import (
    DROPOFF,
    FREE,
    LOADED,
    OPENING,
    LockerRefused,
    Record,
    _assignable,
    _difference,
)

DEMO_ITEMS = [
    {"code": "ssc-card-reissue", "name": "社会保障卡补领", "name_en": "Social security card "
     "replacement", "category": "hr_ssc",
     "materials": [{"name": "居民身份证", "name_en": "Resident ID card"},
                   {"name": "近期免冠照片", "name_en": "Recent photo"}]},
    {"code": "fund-withdraw-retire", "name": "离退休提取住房公积金",
     "name_en": "Housing fund withdrawal on retirement", "category": "fund",
     "materials": [{"name": "离退休证明", "name_en": "Retirement certificate"}]},
    {"code": "property-info-query", "name": "不动产登记资料查询",
     "name_en": "Property registration records", "category": "property",
     "materials": [{"name": "查询申请表", "name_en": "Application form"}]},
    {"code": "business-change", "name": "企业变更登记", "name_en": "Company change "
     "registration", "category": "business",
     "materials": [{"name": "变更登记申请书", "name_en": "Application"},
                   {"name": "股东会决议", "name_en": "Shareholders' resolution"}]},
    {"code": "tax-invoice", "name": "代开增值税普通发票", "name_en": "Issuing a VAT invoice on behalf",
     "category": "tax", "materials": [{"name": "合同或协议", "name_en": "Contract"}]},
    {"code": "police-no-record", "name": "无犯罪记录证明", "name_en": "No-criminal-record "
     "certificate", "category": "police_household",
     "materials": [{"name": "申请表", "name_en": "Application form"}]},
    {"code": "hukou-move", "name": "户口迁移", "name_en": "Household registration transfer",
     "category": "police_household", "materials": [{"name": "准迁证", "name_en": "Permit"}]},
]

DEMO_CODE = "246813"  # the demo's pickup code (fictitious)
DEMO_CASE = "202503180007"


def demo_board(**changes) -> dict[int, Compartment]:
    """A KR-CU16 cabinet: 1-8 S, 9-14 M, 15-16 L, every door closed and empty;
    ``c12=("open", True)`` changes compartment 12's door and item."""
    out = {}
    for n in range(1, 17):
        size = "S" if n <= 8 else "M" if n <= 14 else "L"
        door, occupied = changes.get(f"c{n}", ("closed", False))
        out[n] = Compartment(n, size, Door(door), occupied, True)
    return out


class DemoLockers:
    """``central.lockers`` in memory. ``known_cases``: the case numbers the "server" knows
    (None: it cannot be reached); ``pickups``: ID number → compartment waiting for them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.recs: dict[int, Record] = {}
        self.codes: dict[int, str] = {}
        self.known_cases: set[str] | None = {DEMO_CASE}
        self.pickups: dict[str, int] = {}
        self.events: list[tuple[str, int]] = []
        self._next_case = 202503180100

    # ---------------------------------------------------------------- reading
    def items(self) -> list[dict]:
        return [dict(i) for i in DEMO_ITEMS]

    def records(self, device: str = "locker") -> dict[int, Record]:
        return dict(self.recs)

    def view(self, device: str, board) -> list[dict]:
        out = []
        for n, c in sorted(board.items()):
            rec = self.recs.get(n) or Record(n, c.size, FREE)
            out.append({**rec.to_dict(), "door": str(c.door), "occupied": c.occupied,
                        "sensed": c.sensed, "known": c.known})
        return out

    def free_sizes(self, device: str, board) -> dict[str, int]:
        counts = {"S": 0, "M": 0, "L": 0}
        for n, c in board.items():
            if _assignable(self.recs.get(n), c):
                counts[c.size] += 1
        return counts

    # ---------------------------------------------------------------- changes
    def _set(self, n: int, size: str = "M", **changes) -> Record:
        rec = self.recs.get(n) or Record(n, size, FREE)
        rec = replace(rec, **changes)
        self.recs[n] = rec
        return rec

    def reserve(self, device, board, size, purpose, *, case_id=None) -> int:
        with self._lock:
            order = ("S", "M", "L")[("S", "M", "L").index(size):]
            for want in order:
                for n, c in sorted(board.items()):
                    if c.size == want and _assignable(self.recs.get(n), c):
                        self._set(n, c.size, status=OPENING, purpose=purpose, prior=FREE,
                                  case_id=case_id)
                        self.events.append(("reserved", n))
                        return n
        raise LockerRefused("No compartment of that size is free now.", "暂时没有这么大的空柜格",
                            reason="no_compartment")

    def open_for(self, device, n, purpose) -> Record:
        rec = self.recs.get(n) or Record(n, "M", FREE)
        if purpose != "check":
            want = {"collect": DROPOFF, "pickup": LOADED}[purpose]
            if rec.status != want:
                raise LockerRefused("This compartment does not hold that.", "这个柜格里没有对应的物品",
                                    reason="not_held")
            self._set(n, status=OPENING, purpose=purpose, prior=rec.status)
        self.events.append(("reserved", n))
        return rec

    def unlock_failed(self, device, n, code="") -> None:
        rec = self.recs.get(n)
        if rec is not None:
            self._set(n, status=rec.prior or FREE, purpose=None, flag="lock_failed")
        self.events.append(("flagged", n))

    def abandon(self, device, n, why="") -> None:
        rec = self.recs.get(n)
        if rec is not None and rec.status == OPENING:
            self._set(n, flag="interrupted", flag_detail=why or "journey ended")
            self.events.append(("flagged", n))

    def dropoff_done(self, device, n, *, occupied, case_id=None, item_code=None, applicant=None,
                     mobile=None) -> dict:
        new = case_id is None
        if new:
            self._next_case += 1
            case_id = str(self._next_case)
        self._set(n, status=DROPOFF, purpose=None, prior=None, case_id=case_id, door="closed",
                  occupied=occupied)
        self.events.append(("dropoff", n))
        return {"case_id": case_id, "compartment": n, "at": "2025-03-18T22:41:00+08:00",
                "new_case": new}

    def check_case(self, case_id: str) -> bool | None:
        return None if self.known_cases is None else case_id in self.known_cases

    def collected(self, device, n, *, occupied) -> None:
        self._set(n, status=FREE, purpose=None, prior=None, case_id=None, occupied=occupied)
        self.events.append(("collected", n))

    def loaded(self, device, n, *, occupied) -> str:
        self._set(n, status=LOADED, purpose=None, prior=None, occupied=occupied, has_code=True)
        self.codes[n] = DEMO_CODE
        self.events.append(("loaded", n))
        return DEMO_CODE

    def resolve(self, device, n, *, occupied, emptied) -> None:
        rec = self.recs.get(n) or Record(n, "M", FREE)
        status = FREE if emptied else (DROPOFF if rec.status == OPENING
                                       and rec.purpose == "dropoff" else rec.status)
        self._set(n, status=status, purpose=None, prior=None, flag=None, flag_detail=None,
                  case_id=None if status == FREE else rec.case_id)
        self.events.append(("resolved", n))

    def find_by_code(self, device, code: str) -> int:
        for n, c in self.codes.items():
            if c == code and self.recs.get(n) and self.recs[n].status == LOADED:
                return n
        raise LockerRefused("No pickup has this code. Please check the SMS.",
                            "没有找到这个取件码，请核对短信", reason="no_code")

    def find_by_id(self, device, id_number: str) -> int:
        n = self.pickups.get(id_number)
        if n is None:
            raise LockerRefused("Nothing is waiting for you in this cabinet.", "柜中没有您的待取件",
                                reason="no_pickup")
        return n

    def picked_up(self, device, n, *, holder, occupied) -> dict:
        rec = self.recs.get(n) or Record(n, "M", FREE)
        self._set(n, status=FREE, case_id=None, purpose=None, prior=None, has_code=False,
                  flag="unexpected_item" if occupied else None)
        self.codes.pop(n, None)
        self.events.append(("picked_up", n))
        return {"case_id": rec.case_id, "compartment": n, "at": "2025-03-18T22:45:00+08:00"}

    def reconcile(self, device, board) -> list[tuple[int, str]]:
        raised = []
        for n, c in sorted(board.items()):
            if not c.known:
                continue
            rec = self.recs.get(n) or Record(n, c.size, FREE)
            flag, detail = _difference(rec, str(c.door), c.occupied)
            if flag and rec.flag is None:
                self._set(n, c.size, flag=flag, flag_detail=detail)
                raised.append((n, flag))
        return raised

    def alarm(self, device, n, flag, detail="") -> bool:
        self._set(n, flag=flag, flag_detail=detail or None)
        return True

    # ---------------------------------------------------------------- staging
    def stage(self, n: int, status: str, *, size: str = "M", case_id: str | None = None,
              flag: str | None = None, code: str | None = None, purpose: str | None = None,
              detail: str | None = None) -> None:
        """Put a record in place (tests, screenshots)."""
        self._set(n, size, status=status, case_id=case_id, flag=flag, purpose=purpose,
                  flag_detail=detail, has_code=code is not None,
                  prior=FREE if status == OPENING else None)
        if code is not None:
            self.codes[n] = code
