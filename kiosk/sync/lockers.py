"""The 24-hour locker's records (``central.lockers``): what each compartment holds, for whom,
and every change told to the server through the outbox.

A compartment's record lives in the kiosk database (``locker_compartments``) and changes in
the same transaction as the outbox entry that tells the server, so the two never disagree
and nothing is lost to a network outage. The record is written *before* a lock is released
(:meth:`Lockers.reserve`: status ``opening`` and what for): a power cut between the unlock
and the door closing leaves a trace the kiosk finds when it starts again.

Statuses: ``free``; ``opening`` (unlocked or about to be, ``purpose`` says for what:
dropoff, collect, load, pickup, check); ``dropoff`` (materials a citizen left, for a case);
``loaded`` (a finished certificate waiting for its citizen, behind a pickup code). A
``flag`` marks a difference staff must look at (an opening interrupted by a power cut, a
forced door, an item where none should be …); a flagged compartment is never assigned.

:meth:`Lockers.reconcile` compares what a board reports with the records whenever a board
answers (again) and flags what does not match. The door facts themselves (opened, closed,
lost) come from the device's events (:mod:`kiosk.locker_watch`); the journeys make the
business changes. One locker cabinet per kiosk is the model the journeys assume; the records
are kept per device name all the same.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa

from kiosk import protocol as P
from kiosk.privacy import mask_id
from kiosk.protocol import Err
from kiosk.services import ServiceUnavailable
from kiosk.sync.client import CentralClient, CentralError, Rejected, now_iso
from kiosk.sync.online import OnlineState
from kiosk.sync.outbox import Outbox
from kiosk.sync.relay import Relay
from kiosk.sync.schema import locker_compartments as table

log = logging.getLogger(__name__)

FREE, OPENING, DROPOFF, LOADED = "free", "opening", "dropoff", "loaded"
#: what an opening that fails (or is abandoned) leaves behind, by purpose
_PRIOR = {"dropoff": FREE, "load": FREE, "collect": DROPOFF, "pickup": LOADED}
#: wrong pickup codes allowed per window before the keypad is refused for a while
CODE_TRIES = 5
CODE_WINDOW_S = 600.0
CASE_DIGITS = 12
LOOKUP_TIMEOUT = (2.0, 3.0)


class LockerRefused(ServiceUnavailable):
    """The locker cannot do this (no free compartment, wrong code …): the same request gets
    the same answer. ``reason`` names which refusal it is, for the citizen's words."""

    retry = False

    def __init__(self, message_en: str, message_zh: str, *, reason: str,
                 detail: str = "") -> None:
        super().__init__(message_en, message_zh, detail=detail)
        self.reason = reason


@dataclass(frozen=True)
class Record:
    compartment: int
    size: str
    status: str
    purpose: str | None = None
    case_id: str | None = None
    door: str = "unknown"
    occupied: bool | None = None
    flag: str | None = None
    flag_detail: str | None = None
    since: float = 0.0
    prior: str | None = None
    has_code: bool = False

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("prior")
        return d


def new_case_number() -> str:
    """A case number a citizen can type: 12 random digits, never starting with 0."""
    return str(secrets.randbelow(9 * 10 ** (CASE_DIGITS - 1)) + 10 ** (CASE_DIGITS - 1))


def _hash_code(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def _door(c) -> str:
    return str(getattr(c, "door", "unknown")) if c is not None else "unknown"


class Lockers:
    def __init__(self, kiosk_id: str, outbox: Outbox, relay: Relay, client: CentralClient,
                 link: OnlineState, *, staff=None, cases=None, catalogue=None,
                 clock=time.time) -> None:
        self.kiosk_id = kiosk_id
        self.outbox, self.relay, self.client, self.link = outbox, relay, client, link
        self.staff = staff  # StaffCalls: flags raised with nobody at the kiosk call staff
        self.cases = cases  # Cases: a drop-off for a service item opens a case
        self.catalogue = catalogue  # CatalogueCache: the items materials can be dropped for
        self.clock = clock
        self._tries: dict[str, list[float]] = {}
        self._tries_lock = threading.Lock()

    # ------------------------------------------------------------------ reading
    def items(self) -> list[dict]:
        """The service items a citizen may drop paper materials off for (the guide's list,
        with each item's materials), from the cached catalogue: works offline."""
        items = self.catalogue.items() if self.catalogue is not None else []
        return [{"code": i["code"], "name": i.get("name", ""), "name_en": i.get("name_en", ""),
                 "category": i.get("category", ""),
                 "materials": [{"name": m.get("name", ""), "name_en": m.get("name_en", "")}
                               for m in i.get("materials", [])]} for i in items]

    def records(self, device: str) -> dict[int, Record]:
        """The kiosk's records of ``device``'s compartments, by number ({} before any)."""
        with self.outbox.engine.connect().execution_options(begin_mode="deferred") as conn, \
                conn.begin():
            rows = conn.execute(sa.select(table).where(table.c.device == device)
                                .order_by(table.c.compartment)).all()
        return {r.compartment: _record(r._mapping) for r in rows}

    def view(self, device: str, board: Mapping[int, Any]) -> list[dict]:
        """Each compartment as the board reports it and as the records say (staff screens)."""
        recs = self.records(device)
        out = []
        for n, c in sorted(board.items()):
            rec = recs.get(n) or Record(n, c.size, FREE)
            out.append({**rec.to_dict(), "door": _door(c), "occupied": c.occupied,
                        "sensed": c.sensed, "known": _door(c) != "unknown"})
        return out

    def free_sizes(self, device: str, board: Mapping[int, Any]) -> dict[str, int]:
        """How many compartments of each size could be assigned now."""
        recs = self.records(device)
        counts = dict.fromkeys(P.LOCKER_SIZES, 0)
        for n, c in board.items():
            if _assignable(recs.get(n), c):
                counts[c.size] = counts.get(c.size, 0) + 1
        return counts

    # ------------------------------------------------------------------ openings
    def reserve(self, device: str, board: Mapping[int, Any], size: str, purpose: str, *,
                case_id: str | None = None) -> int:
        """Pick a free compartment of ``size`` (or the next larger one) and record it as
        being opened for ``purpose`` — before anything is unlocked. Returns its number."""
        if purpose not in ("dropoff", "load"):
            raise ValueError(f"reserve is for dropoff or load, not {purpose!r}")
        order = P.LOCKER_SIZES[P.LOCKER_SIZES.index(size):] if size in P.LOCKER_SIZES \
            else P.LOCKER_SIZES

        def work(tx) -> int:
            recs = {r.compartment: r for r in _rows(tx, device)}
            for want in order:
                for n, c in sorted(board.items()):
                    if c.size == want and _assignable(recs.get(n), c):
                        self._put(tx, device, n, c.size, recs.get(n), status=OPENING,
                                  purpose=purpose, prior=FREE, case_id=case_id,
                                  door=_door(c), occupied=c.occupied)
                        self._event(tx, device, n, "reserved", purpose=purpose, case_id=case_id)
                        return n
            raise LockerRefused("No compartment of that size is free now.",
                                "暂时没有这么大的空柜格", reason="no_compartment",
                                detail=f"{device}: no free compartment of size {size}+")

        n = self.outbox.write(work)
        self.relay.kick()
        log.info("%s: compartment %d reserved for %s", device, n, purpose)
        return n

    def open_for(self, device: str, n: int, purpose: str) -> Record:
        """Record that compartment ``n`` is being opened for ``purpose`` — before the unlock:
        ``collect`` (a drop-off), ``pickup`` (a loaded certificate), or ``check`` (staff look
        into a flagged compartment: its record stays as it is until they resolve it)."""
        def work(tx) -> Record:
            rec = _one(tx, device, n)
            if purpose == "check":
                self._event(tx, device, n, "reserved", purpose=purpose, by="staff",
                            case_id=rec.case_id if rec else None)
                return rec or Record(n, "M", FREE)
            want = {"collect": DROPOFF, "pickup": LOADED}[purpose]
            if rec is None or rec.status != want:
                raise LockerRefused("This compartment does not hold that.", "这个柜格里没有对应的物品",
                                    reason="not_held",
                                    detail=f"{device}: {n} is "
                                           f"{rec.status if rec else 'unrecorded'}, not {want}")
            self._put(tx, device, n, rec.size, rec, status=OPENING, purpose=purpose,
                      prior=rec.status)
            self._event(tx, device, n, "reserved", purpose=purpose, case_id=rec.case_id)
            return rec

        rec = self.outbox.write(work, check_reserve=False)
        self.relay.kick()
        return rec

    def unlock_failed(self, device: str, n: int, code: str = "") -> None:
        """The unlock did not open the door: back to what it held, flagged for staff."""
        self._back(device, n, "lock_failed", f"unlock failed ({code})" if code else "unlock failed")

    def abandon(self, device: str, n: int,
                why: str = "journey ended before the door closed") -> None:
        """The journey that opened ``n`` ended before it finished: staff must look."""
        def work(tx) -> bool:
            rec = _one(tx, device, n)
            if rec is None or rec.status != OPENING:
                return False
            self._put(tx, device, n, rec.size, rec, flag="interrupted", flag_detail=why)
            self._event(tx, device, n, "flagged", flag="interrupted", detail=why,
                        case_id=rec.case_id)
            return True

        if self.outbox.write(work, check_reserve=False):
            self.relay.kick()
            self._call_staff(device, n, "interrupted")

    def release(self, device: str, n: int) -> None:
        """An opening that did not happen after all (nothing was unlocked)."""
        def work(tx) -> None:
            rec = _one(tx, device, n)
            if rec is not None and rec.status == OPENING:
                self._put(tx, device, n, rec.size, rec, status=rec.prior or FREE, purpose=None,
                          prior=None, case_id=rec.case_id if rec.prior in (DROPOFF, LOADED)
                          else None)
                self._event(tx, device, n, "released")

        self.outbox.write(work, check_reserve=False)
        self.relay.kick()

    def _back(self, device: str, n: int, flag: str, detail: str) -> None:
        def work(tx) -> None:
            rec = _one(tx, device, n)
            if rec is None:
                return
            prior = rec.prior or _PRIOR.get(rec.purpose or "", FREE)
            keep_case = prior in (DROPOFF, LOADED)
            self._put(tx, device, n, rec.size, rec, status=prior, purpose=None, prior=None,
                      case_id=rec.case_id if keep_case else None, flag=flag,
                      flag_detail=detail[:P.LOCKER_DETAIL_MAX])
            self._event(tx, device, n, "flagged", flag=flag, detail=detail)

        self.outbox.write(work, check_reserve=False)
        self.relay.kick()
        self._call_staff(device, n, flag)

    # ------------------------------------------------------------------ drop-off
    def dropoff_done(self, device: str, n: int, *, occupied: bool | None,
                     case_id: str | None = None, item_code: str | None = None,
                     applicant: dict | None = None, mobile: str | None = None) -> dict:
        """The citizen closed the door on their materials. A drop-off for a service item
        opens its case (``item_code`` with the applicant); one for a case number attaches to
        it. Returns the receipt: case number, compartment, time."""
        new_case = case_id is None
        case_id = case_id or new_case_number()
        if new_case:
            if self.cases is None or not item_code:
                raise ValueError("a drop-off without a case number needs a service item")
            applicant = dict(applicant or {})
            if mobile:
                applicant["mobile"] = mobile
            self.cases.submit(item_code, applicant, {"channel": "locker_dropoff",
                                                     "compartment": n}, case_id=case_id)
        at = now_iso()

        def work(tx) -> None:
            rec = _one(tx, device, n)
            size = rec.size if rec else "M"
            # no item sensed behind a closed door: recorded, but staff check it
            empty = occupied is False
            self._put(tx, device, n, size, rec, status=DROPOFF, purpose=None, prior=None,
                      case_id=case_id, door="closed", occupied=occupied,
                      flag="empty_dropoff" if empty else None,
                      flag_detail="the sensor saw nothing after the drop-off" if empty else None)
            self._event(tx, device, n, "dropoff", case_id=case_id, by="citizen",
                        item_code=item_code)

        self.outbox.write(work, check_reserve=False)
        self.relay.kick()
        log.info("%s: materials for case %s dropped off in compartment %d", device, case_id, n)
        return {"case_id": case_id, "compartment": n, "at": at, "new_case": new_case}

    def check_case(self, case_id: str) -> bool | None:
        """Whether the server knows ``case_id``: True/False, None when it cannot say now."""
        if not self.link.should_try():
            return None
        try:
            self.client.case(case_id)
        except Rejected as exc:
            self.link.set(True)
            return False if exc.status == 404 else None
        except CentralError:
            self.link.set(False)
            return None
        self.link.set(True)
        return True

    # ------------------------------------------------------------------ staff
    def collected(self, device: str, n: int, *, occupied: bool | None) -> None:
        """Staff took the drop-off out and closed the door."""
        def work(tx) -> None:
            rec = _one(tx, device, n)
            case_id = rec.case_id if rec else None
            left = occupied is True
            self._put(tx, device, n, rec.size if rec else "M", rec, status=FREE, purpose=None,
                      prior=None, case_id=None, door="closed", occupied=occupied,
                      flag="unexpected_item" if left else None,
                      flag_detail="something is still inside after collecting" if left else None)
            self._event(tx, device, n, "collected", case_id=case_id, by="staff")

        self.outbox.write(work, check_reserve=False)
        self.relay.kick()

    def loaded(self, device: str, n: int, *, occupied: bool | None) -> str:
        """Staff put the finished certificate in and closed the door: a pickup code is made
        (its hash kept here, the code sent to the server for the citizen's SMS). Returns it."""
        code = f"{secrets.randbelow(10 ** P.PICKUP_CODE_LEN):0{P.PICKUP_CODE_LEN}d}"
        salt = secrets.token_hex(8)

        def work(tx) -> None:
            rec = _one(tx, device, n)
            if rec is None or rec.case_id is None:
                raise LockerRefused("This compartment was not opened for a case.",
                                    "这个柜格没有对应的办件", reason="not_held",
                                    detail=f"{device}: {n} has no case")
            empty = occupied is False
            self._put(tx, device, n, rec.size, rec, status=LOADED, purpose=None, prior=None,
                      door="closed", occupied=occupied, code_hash=_hash_code(code, salt),
                      code_salt=salt, flag="empty_load" if empty else None,
                      flag_detail="the sensor saw nothing after loading" if empty else None)
            self._event(tx, device, n, "loaded", case_id=rec.case_id, by="staff",
                        pickup_code=code)

        self.outbox.write(work, check_reserve=False)
        self.relay.kick()
        return code

    def resolve(self, device: str, n: int, *, occupied: bool | None, emptied: bool) -> None:
        """Staff looked into a flagged compartment: ``emptied`` — they took out whatever was
        there (it is free now); otherwise what it held stays, and only the flag goes. An
        interrupted load is always emptied: its certificate is loaded again (a new code)."""
        def work(tx) -> None:
            rec = _one(tx, device, n)
            if rec is None:
                return
            if emptied or (rec.status == OPENING and rec.purpose == "load"):
                status, case_id = FREE, None
            elif rec.status == OPENING:
                status = DROPOFF if rec.purpose == "dropoff" and occupied is not False \
                    else rec.prior or FREE
                case_id = rec.case_id if status in (DROPOFF, LOADED) else None
            else:
                status, case_id = rec.status, rec.case_id
            code = {} if status == LOADED else {"code_hash": None, "code_salt": None}
            self._put(tx, device, n, rec.size, rec, status=status, purpose=None, prior=None,
                      case_id=case_id, door="closed", occupied=occupied, flag=None,
                      flag_detail=None, **code)
            self._event(tx, device, n, "resolved", case_id=case_id, by="staff",
                        detail="emptied" if status == FREE else f"kept as {status}")

        self.outbox.write(work, check_reserve=False)
        self.relay.kick()

    def technician_open(self, device: str, n: int) -> None:
        """A technician opens ``n`` from the command line: recorded (and flagged, so staff
        confirm what it holds afterwards) before the lock is released."""
        def work(tx) -> None:
            rec = _one(tx, device, n)
            self._put(tx, device, n, rec.size if rec else "M", rec, flag="technician_open",
                      flag_detail="opened with `kiosk locker open`")
            self._event(tx, device, n, "technician_open", by="technician",
                        flag="technician_open")

        self.outbox.write(work, check_reserve=False)
        self.relay.kick()

    # ------------------------------------------------------------------ pickup
    def find_by_code(self, device: str, code: str) -> int:
        """The compartment a pickup code opens. Wrong codes are counted: after a few, the
        keypad is refused for a while (a code is short)."""
        now = self.clock()
        with self._tries_lock:
            tries = [t for t in self._tries.get(device, []) if now - t < CODE_WINDOW_S]
            self._tries[device] = tries
            if len(tries) >= CODE_TRIES:
                raise LockerRefused("Too many wrong codes. Please ask the staff or try later.",
                                    "取件码输错次数过多，请稍后再试或联系工作人员",
                                    reason="too_many_tries",
                                    detail=f"{device}: {len(tries)} wrong codes")
        with self.outbox.engine.connect().execution_options(begin_mode="deferred") as conn, \
                conn.begin():
            rows = conn.execute(sa.select(table).where(
                (table.c.device == device) & (table.c.status == LOADED)
                & table.c.code_hash.is_not(None))).all()
        for r in rows:
            if hmac.compare_digest(_hash_code(code, r.code_salt or ""), r.code_hash):
                if r.flag:
                    raise LockerRefused("This compartment needs the staff first.",
                                        "该柜格需要工作人员处理，请联系工作人员",
                                        reason="needs_staff",
                                        detail=f"{device}: {r.compartment} flagged {r.flag}")
                return int(r.compartment)
        with self._tries_lock:
            self._tries.setdefault(device, []).append(now)
        raise LockerRefused("No pickup has this code. Please check the SMS.",
                            "没有找到这个取件码，请核对短信", reason="no_code",
                            detail=f"{device}: no such code")

    def find_by_id(self, device: str, id_number: str) -> int:
        """The compartment holding a certificate for this citizen (asked of the server: it
        knows whose case is whose). The ID number goes only in a POST body."""
        masked = mask_id(id_number)
        if not self.link.should_try():
            raise ServiceUnavailable("The case system cannot be reached now: please use the "
                                     "pickup code from the SMS.",
                                     "暂时无法连接办件系统，请使用短信中的取件码",
                                     detail="server offline")
        try:
            data = self.client.call("POST", P.LOCKER_PICKUP_LOOKUP,
                                    body={"kiosk_id": self.kiosk_id, "id_number": id_number},
                                    timeout=LOOKUP_TIMEOUT, deadline_s=sum(LOOKUP_TIMEOUT) + 1
                                    ).data
        except Rejected as exc:
            self.link.set(True)
            if exc.status == 404 and exc.code == Err.NO_PICKUP:
                log.info("no pickup waits for %s", masked)
                raise LockerRefused("Nothing is waiting for you in this cabinet.",
                                    "柜中没有您的待取件", reason="no_pickup",
                                    detail="no pickup") from None
            raise ServiceUnavailable("The case system cannot be reached now: please use the "
                                     "pickup code from the SMS.",
                                     "暂时无法连接办件系统，请使用短信中的取件码",
                                     detail=f"pickup lookup refused: {exc}") from None
        except CentralError as exc:
            self.link.set(False)
            raise ServiceUnavailable("The case system cannot be reached now: please use the "
                                     "pickup code from the SMS.",
                                     "暂时无法连接办件系统，请使用短信中的取件码",
                                     detail=f"pickup lookup failed: {exc}") from None
        self.link.set(True)
        recs = self.records(device)
        for item in (data or {}).get("compartments", []):
            rec = recs.get(item.get("compartment")) if item.get("device") == device else None
            if rec is not None and rec.status == LOADED and rec.case_id == item.get("case_id") \
                    and not rec.flag:
                return rec.compartment
        raise LockerRefused("Nothing is waiting for you in this cabinet.",
                            "柜中没有您的待取件", reason="no_pickup",
                            detail="server and records disagree")

    def picked_up(self, device: str, n: int, *, holder: str, occupied: bool | None) -> dict:
        """The citizen took the certificate and closed the door: the hand-over (who — masked —
        and when) goes to the server."""
        at = now_iso()

        def work(tx) -> str | None:
            rec = _one(tx, device, n)
            case_id = rec.case_id if rec else None
            left = occupied is True
            self._put(tx, device, n, rec.size if rec else "M", rec, status=FREE, purpose=None,
                      prior=None, case_id=None, door="closed", occupied=occupied,
                      code_hash=None, code_salt=None,
                      flag="unexpected_item" if left else None,
                      flag_detail="something was left after the pickup" if left else None)
            self._event(tx, device, n, "picked_up", case_id=case_id, by="citizen",
                        holder=holder[:40])
            return case_id

        case_id = self.outbox.write(work, check_reserve=False)
        self.relay.kick()
        return {"case_id": case_id, "compartment": n, "at": at}

    # ------------------------------------------------------------------ door facts
    def door(self, device: str, n: int, door: str, occupied: bool | None) -> None:
        """A door opened or closed (the device's events): the record follows."""
        def work(tx) -> None:
            rec = _one(tx, device, n)
            if rec is not None:
                tx.execute("UPDATE locker_compartments SET door = ?, occupied = ?, "
                           "updated_at = ? WHERE device = ? AND compartment = ?",
                           (door, _b(occupied), self.clock(), device, n))

        self.outbox.write(work, check_reserve=False)

    def alarm(self, device: str, n: int, flag: str, detail: str = "") -> bool:
        """A forced door, a door left open: flagged and told (once per flag)."""
        def work(tx) -> bool:
            rec = _one(tx, device, n)
            if rec is not None and rec.flag == flag:
                return False
            size = rec.size if rec else "M"
            self._put(tx, device, n, size, rec, flag=flag, flag_detail=detail or None,
                      door="open")
            self._event(tx, device, n, "flagged", flag=flag, detail=detail,
                        case_id=rec.case_id if rec else None)
            return True

        raised = self.outbox.write(work, check_reserve=False)
        if raised:
            self.relay.kick()
        return raised

    def board_lost(self, device: str, compartments) -> None:
        def work(tx) -> None:
            for n in compartments:
                tx.execute("UPDATE locker_compartments SET door = 'unknown', occupied = NULL, "
                           "updated_at = ? WHERE device = ? AND compartment = ?",
                           (self.clock(), device, n))

        self.outbox.write(work, check_reserve=False)

    def reconcile(self, device: str, board: Mapping[int, Any]) -> list[tuple[int, str]]:
        """Compare what the board reports now with the records (at start-up, and whenever a
        board answers again) and flag every difference for staff. Compartments the board
        does not see (unknown) are left as recorded. Returns the flags raised."""
        raised: list[tuple[int, str]] = []

        def work(tx) -> None:
            recs = {r.compartment: r for r in _rows(tx, device)}
            for n, c in sorted(board.items()):
                if _door(c) == "unknown":
                    continue
                rec = recs.get(n)
                if rec is None:
                    self._put(tx, device, n, c.size, None, status=FREE, door=_door(c),
                              occupied=c.occupied)
                    rec = _one(tx, device, n)
                flag, detail = _difference(rec, _door(c), c.occupied)
                if flag and rec.flag is None:
                    self._put(tx, device, n, rec.size, rec, flag=flag, flag_detail=detail,
                              door=_door(c), occupied=c.occupied)
                    self._event(tx, device, n, "flagged", flag=flag, detail=detail,
                                case_id=rec.case_id)
                    raised.append((n, flag))
                else:
                    tx.execute("UPDATE locker_compartments SET door = ?, occupied = ?, "
                               "size = ?, updated_at = ? WHERE device = ? AND compartment = ?",
                               (_door(c), _b(c.occupied), c.size, self.clock(), device, n))

        self.outbox.write(work, check_reserve=False)
        if raised:
            self.relay.kick()
            log.warning("%s: records and boards differ: %s", device,
                        ", ".join(f"{n} {f}" for n, f in raised))
            for n, flag in raised:
                self._call_staff(device, n, flag)
        return raised

    def flagged(self, device: str) -> dict[int, Record]:
        return {n: r for n, r in self.records(device).items() if r.flag}

    # ------------------------------------------------------------------ internals
    def _call_staff(self, device: str, n: int, flag: str) -> None:
        if self.staff is None:
            return
        try:
            self.staff.call(f"locker:{device}:{n}:{flag}"[:P.STAFF_CALL_REASON_MAX])
        except Exception as exc:  # noqa: BLE001 - the flag itself is recorded already
            log.warning("staff call for %s %d (%s) not queued: %s", device, n, flag, exc)

    def _put(self, tx, device: str, n: int, size: str, rec: Record | None, **changes) -> None:
        """Insert or update one compartment's record inside ``tx``."""
        now = self.clock()
        code = {k: changes.pop(k) for k in ("code_hash", "code_salt") if k in changes}
        base = {"size": size, "status": rec.status if rec else FREE,
                "purpose": rec.purpose if rec else None, "prior": rec.prior if rec else None,
                "case_id": rec.case_id if rec else None, "door": rec.door if rec else "unknown",
                "occupied": rec.occupied if rec else None, "flag": rec.flag if rec else None,
                "flag_detail": rec.flag_detail if rec else None}
        values = {**base, **changes}
        values["occupied"] = _b(values["occupied"])
        values["since"] = now if rec is None or values["status"] != rec.status else rec.since
        values["updated_at"] = now
        if rec is None:
            tx.insert(table, device=device, compartment=n, **values,
                      code_hash=code.get("code_hash"), code_salt=code.get("code_salt"))
            return
        values.update(code)
        sets = ", ".join(f"{k} = ?" for k in values)
        tx.execute(f"UPDATE locker_compartments SET {sets} WHERE device = ? AND compartment = ?",
                   (*values.values(), device, n))

    def _event(self, tx, device: str, n: int, event: str, **extra) -> None:
        row = _one(tx, device, n)
        body: dict[str, Any] = {
            "event_id": uuid.uuid4().hex, "kiosk_id": self.kiosk_id, "device": device,
            "compartment": n, "size": row.size if row else "M", "event": event,
            "status": row.status if row else FREE, "door": row.door if row else "unknown",
            "occupied": row.occupied if row else None, "at": now_iso(),
        }
        body.update({k: v for k, v in extra.items() if v is not None and v != ""})
        if "detail" in body:
            body["detail"] = str(body["detail"])[:P.LOCKER_DETAIL_MAX]
        tx.add("locker_event", P.LOCKER_EVENTS, body, stream=f"locker:{device}:{n}",
               ref=body.get("case_id") or f"{device}:{n}")


# ---------------------------------------------------------------------- helpers
_COLUMNS = ("compartment", "size", "status", "purpose", "case_id", "door", "occupied", "flag",
            "flag_detail", "since", "prior", "code_hash")


def _rows(tx, device: str) -> list[Record]:
    cur = tx.execute(f"SELECT {', '.join(_COLUMNS)} FROM locker_compartments WHERE device = ? "
                     "ORDER BY compartment", (device,))
    return [_record(dict(zip(_COLUMNS, row, strict=True))) for row in cur.fetchall()]


def _one(tx, device: str, n: int) -> Record | None:
    cur = tx.execute(f"SELECT {', '.join(_COLUMNS)} FROM locker_compartments "
                     "WHERE device = ? AND compartment = ?", (device, n))
    row = cur.fetchone()
    return None if row is None else _record(dict(zip(_COLUMNS, row, strict=True)))


def _record(m) -> Record:
    occ = m["occupied"]
    return Record(int(m["compartment"]), m["size"], m["status"], m["purpose"], m["case_id"],
                  m["door"], None if occ is None else bool(occ), m["flag"], m["flag_detail"],
                  float(m["since"]), m["prior"], bool(m.get("code_hash")))


def _b(value: bool | None) -> int | None:
    return None if value is None else int(bool(value))


def _assignable(rec: Record | None, c) -> bool:
    """Free in the records, not flagged, and the board sees it closed and empty."""
    if c is None or _door(c) != "closed" or c.occupied is True:
        return False
    return rec is None or (rec.status == FREE and rec.flag is None)


def _difference(rec: Record, door: str, occupied: bool | None) -> tuple[str | None, str]:
    """A flag (and its words for staff) when the board contradicts the record."""
    seen = f"door {door}, " + ("no sensor" if occupied is None else
                                "item inside" if occupied else "empty")
    if rec.status == OPENING:
        return "interrupted", f"opened for {rec.purpose} and not finished; board: {seen}"
    if rec.status == FREE and occupied is True:
        return "unexpected_item", f"free in the records; board: {seen}"
    if rec.status in (DROPOFF, LOADED) and occupied is False:
        return "missing_item", f"{rec.status} in the records; board: {seen}"
    if door == "open":
        return "door_open", f"{rec.status} in the records; board: {seen}"
    return None, ""
