"""24-hour lockers: each kiosk's compartments as its events describe them, the events
themselves, the cases they touch, and the SMS a loaded certificate sends.

A kiosk tells every change of a compartment (``POST /v1/lockers/events``, through its
outbox, so in order per compartment and exactly once): reserved, dropoff, collected, loaded,
picked_up, flagged, resolved … The server keeps the latest state of each compartment and the
event log; a drop-off, a collection, a loading and a hand-over also become events of their
case. A ``loaded`` event carries the pickup code: the server sends it to the case's mobile
number (here: the ``sms_messages`` table stands in for the SMS gateway). The pickup lookup
(``POST /v1/lockers/pickup-lookup``) tells a kiosk which of its compartments hold a
certificate for the ID number in the body.
"""
from __future__ import annotations

import time

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk import protocol
from kiosk.central.db import metadata
from kiosk.central.fields import ApiError, field, now_iso
from kiosk.central.store.cases import case_events, cases
from kiosk.central.store.sealed import Sealed
from kiosk.protocol import Err

locker_compartments = sa.Table(
    "locker_compartments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kiosk_id", sa.String(protocol.KIOSK_ID_MAX), nullable=False),
    sa.Column("device", sa.String(protocol.LOCKER_DEVICE_MAX), nullable=False),
    sa.Column("compartment", sa.Integer, nullable=False),
    sa.Column("size", sa.String(2), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("case_id", sa.String(protocol.UUID_MAX)),
    sa.Column("door", sa.String(8), nullable=False),
    sa.Column("occupied", sa.Boolean),
    sa.Column("flag", sa.String(protocol.LOCKER_FLAG_MAX)),
    sa.Column("updated_at", sa.String(protocol.TIMESTAMP_MAX), nullable=False),
    sa.UniqueConstraint("kiosk_id", "device", "compartment", name="uq_locker_compartment"),
)

locker_events = sa.Table(
    "locker_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(protocol.UUID_MAX), nullable=False, unique=True),
    sa.Column("kiosk_id", sa.String(protocol.KIOSK_ID_MAX), nullable=False),
    sa.Column("device", sa.String(protocol.LOCKER_DEVICE_MAX), nullable=False),
    sa.Column("compartment", sa.Integer, nullable=False),
    sa.Column("event", sa.String(20), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("case_id", sa.String(protocol.UUID_MAX), index=True),
    sa.Column("flag", sa.String(protocol.LOCKER_FLAG_MAX)),
    sa.Column("detail", sa.String(protocol.LOCKER_DETAIL_MAX)),
    sa.Column("by", sa.String(20)),
    sa.Column("holder", sa.String(40)),  # who took a certificate (masked name)
    sa.Column("at", sa.String(protocol.TIMESTAMP_MAX), nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
)

#: the SMS the reference server would send (it has no gateway): what, to whom, when
sms_messages = sa.Table(
    "sms_messages", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(protocol.UUID_MAX), index=True),
    sa.Column("mobile", Sealed("sms_messages.mobile")),
    sa.Column("text", Sealed("sms_messages.text"), nullable=False),  # holds the pickup code
    sa.Column("at", sa.String(protocol.TIMESTAMP_MAX), nullable=False),
)

#: an event's effect on its case: (case status, note)
_CASE_STEPS = {
    "dropoff": ("materials_in_locker", "材料已投入自助文件柜 {n} 号柜 / materials dropped off "
                                       "(compartment {n})"),
    "collected": ("materials_collected", "工作人员已取出材料 / materials collected by staff"),
    "loaded": ("ready_for_pickup", "证件已放入自助文件柜 {n} 号柜，已短信通知取件码 / ready "
                                   "for pickup (compartment {n}), code sent by SMS"),
    "picked_up": ("handed_over", "已从自助文件柜取件（{holder}）/ collected from the locker"),
}


def _bool(body: dict, key: str) -> bool | None:
    value = body.get(key)
    if value is not None and not isinstance(value, bool):
        raise ApiError(400, Err.INVALID, f"field {key!r} must be true, false or null")
    return value


class Lockers:
    def record(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        event_id = field(body, "event_id", str, max_len=protocol.UUID_MAX)
        device = field(body, "device", str, max_len=protocol.LOCKER_DEVICE_MAX)
        n = field(body, "compartment", int)
        if not 1 <= n <= 10_000:
            raise ApiError(400, Err.INVALID, "compartment must be 1 to 10000")
        event = field(body, "event", str)
        if event not in protocol.LOCKER_EVENT_KINDS:
            raise ApiError(400, Err.INVALID, f"event must be one of {protocol.LOCKER_EVENT_KINDS}")
        status = field(body, "status", str)
        if status not in protocol.LOCKER_STATUSES:
            raise ApiError(400, Err.INVALID, f"status must be one of {protocol.LOCKER_STATUSES}")
        size = field(body, "size", str)
        if size not in protocol.LOCKER_SIZES:
            raise ApiError(400, Err.INVALID, f"size must be one of {protocol.LOCKER_SIZES}")
        door = field(body, "door", str, max_len=8)
        occupied = _bool(body, "occupied")
        case_id = field(body, "case_id", str, max_len=protocol.UUID_MAX, optional=True)
        flag = field(body, "flag", str, max_len=protocol.LOCKER_FLAG_MAX, optional=True)
        detail = field(body, "detail", str, max_len=protocol.LOCKER_DETAIL_MAX, optional=True)
        holder = field(body, "holder", str, max_len=40, optional=True)
        by = field(body, "by", str, max_len=20, optional=True)
        at = field(body, "at", str, max_len=protocol.TIMESTAMP_MAX)
        code = field(body, "pickup_code", str, max_len=protocol.PICKUP_CODE_LEN, optional=True)
        if event == "loaded" and (code is None or not code.isdigit()):
            raise ApiError(400, Err.INVALID, "a loaded event carries its digit pickup_code")
        existing = conn.execute(sa.select(locker_events.c.kiosk_id).where(
            locker_events.c.event_id == event_id)).first()
        if existing is not None:
            if existing.kiosk_id != kiosk_id:
                raise ApiError(422, Err.LOCKER_EVENT_EXISTS,
                               f"locker event {event_id} belongs to another kiosk")
            return self._answer(conn, kiosk_id, device, n, event_id)
        case = None
        if case_id is not None:
            case = conn.execute(sa.select(cases.c.case_id, cases.c.mobile).where(
                cases.c.case_id == case_id)).first()
        conn.execute(locker_events.insert().values(
            event_id=event_id, kiosk_id=kiosk_id, device=device, compartment=n, event=event,
            status=status, case_id=case_id, flag=flag,
            detail=detail if case_id is None or case is not None
            else (f"unknown case; {detail}" if detail else "unknown case")
            [:protocol.LOCKER_DETAIL_MAX],
            by=by, holder=holder, at=at, received_at=time.time()))
        key = (locker_compartments.c.kiosk_id == kiosk_id) & \
            (locker_compartments.c.device == device) & (locker_compartments.c.compartment == n)
        values = {"size": size, "status": status, "case_id": case_id, "door": door,
                  "occupied": occupied, "flag": flag, "updated_at": at}
        if conn.execute(locker_compartments.update().where(key).values(**values)).rowcount == 0:
            conn.execute(locker_compartments.insert().values(kiosk_id=kiosk_id, device=device,
                                                             compartment=n, **values))
        step = _CASE_STEPS.get(event)
        if step is not None and case is not None:
            case_status, note = step
            conn.execute(cases.update().where(cases.c.case_id == case_id)
                         .values(status=case_status))
            conn.execute(case_events.insert().values(
                case_id=case_id, at=now_iso(), status=case_status,
                note=note.format(n=n, holder=holder or "")[:200]))
            if event == "loaded":
                conn.execute(sms_messages.insert().values(
                    case_id=case_id, mobile=case.mobile, at=now_iso(),
                    text=f"【政务服务】您的办件 {case_id} 已办结，请到自助文件柜 {n} 号柜取件，"
                         f"取件码 {code}。刷身份证或输入取件码即可开柜。"))
        return self._answer(conn, kiosk_id, device, n, event_id)

    def _answer(self, conn: Connection, kiosk_id: str, device: str, n: int,
                event_id: str) -> dict:
        row = conn.execute(sa.select(locker_compartments).where(
            (locker_compartments.c.kiosk_id == kiosk_id)
            & (locker_compartments.c.device == device)
            & (locker_compartments.c.compartment == n))).first()
        return {"event_id": event_id, "recorded": True,
                "compartment": _view(row) if row is not None else None}

    def pickups(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        """The loaded compartments of this kiosk whose case belongs to the ID number."""
        id_number = field(body, "id_number", str, max_len=protocol.ID_NUMBER_MAX).strip().upper()
        rows = conn.execute(
            sa.select(locker_compartments.c.device, locker_compartments.c.compartment,
                      locker_compartments.c.case_id)
            .join(cases, cases.c.case_id == locker_compartments.c.case_id)
            .where((locker_compartments.c.kiosk_id == kiosk_id)
                   & (locker_compartments.c.status == "loaded")
                   & (cases.c.applicant_id_number == id_number))  # a keyed hash
            .order_by(locker_compartments.c.device, locker_compartments.c.compartment)).all()
        if not rows:
            raise ApiError(404, Err.NO_PICKUP, "nothing waits for this citizen at this kiosk")
        return {"compartments": [{"device": r.device, "compartment": r.compartment,
                                  "case_id": r.case_id} for r in rows]}

    def view(self, conn: Connection, kiosk_id: str) -> dict:
        rows = conn.execute(sa.select(locker_compartments).where(
            locker_compartments.c.kiosk_id == kiosk_id).order_by(
            locker_compartments.c.device, locker_compartments.c.compartment)).all()
        return {"kiosk_id": kiosk_id, "compartments": [_view(r) for r in rows]}

    def events(self, conn: Connection, kiosk_id: str | None = None) -> list[dict]:
        q = sa.select(locker_events).order_by(locker_events.c.id)
        if kiosk_id:
            q = q.where(locker_events.c.kiosk_id == kiosk_id)
        return [{"event_id": r.event_id, "kiosk_id": r.kiosk_id, "device": r.device,
                 "compartment": r.compartment, "event": r.event, "status": r.status,
                 "case_id": r.case_id, "flag": r.flag, "detail": r.detail, "by": r.by,
                 "holder": r.holder, "at": r.at} for r in conn.execute(q).all()]

    def sms(self, conn: Connection, case_id: str | None = None) -> list[dict]:
        q = sa.select(sms_messages).order_by(sms_messages.c.id)
        if case_id:
            q = q.where(sms_messages.c.case_id == case_id)
        return [{"case_id": r.case_id, "mobile": r.mobile, "text": r.text, "at": r.at}
                for r in conn.execute(q).all()]


def _view(row) -> dict:
    return {"device": row.device, "compartment": row.compartment, "size": row.size,
            "status": row.status, "case_id": row.case_id, "door": row.door,
            "occupied": row.occupied, "flag": row.flag, "updated_at": row.updated_at}
