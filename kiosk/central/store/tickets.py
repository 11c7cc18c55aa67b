"""Queue tickets: numbers per category and day, online and offline ones, 补号, calling.

Counters move by one atomic ``UPDATE … SET last = last + 1 … RETURNING`` (on PostgreSQL the
row lock it takes queues concurrent takers until the commit; on SQLite the transaction
already holds the write lock from ``BEGIN IMMEDIATE``), never read-then-write, and a unique
constraint backs the invariant (one number per day).
"""
from __future__ import annotations

import logging
import math
import time
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk import protocol
from kiosk.central.catalogue import Catalogue, window_count
from kiosk.central.db import metadata
from kiosk.central.fields import ApiError, field, mobile, now_iso, parse_time, today
from kiosk.central.store import queue_counts
from kiosk.central.store.sealed import Sealed
from kiosk.protocol import Err

if TYPE_CHECKING:
    from kiosk.central.store.appointments import Appointments

log = logging.getLogger(__name__)

counters = sa.Table(
    "ticket_counters", metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("category", sa.String(protocol.CATEGORY_MAX), primary_key=True),
    sa.Column("last", sa.Integer, nullable=False),
)

tickets = sa.Table(
    "tickets", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("number", sa.String(protocol.TICKET_NUMBER_MAX), nullable=False),
    sa.Column("category", sa.String(protocol.CATEGORY_MAX), nullable=False),
    sa.Column("kiosk_id", sa.String(protocol.KIOSK_ID_MAX), nullable=False),
    sa.Column("offline", sa.Boolean, nullable=False, default=False),
    # waiting | called | served | missed | reissued | cancelled | expired (schemas/queue.py)
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("priority", sa.String(protocol.PRIORITY_REASON_MAX)),
    sa.Column("appointment_code", sa.String(protocol.APPOINTMENT_CODE_MAX)),
    sa.Column("mobile", Sealed("tickets.mobile")),  # for the SMS call; never logged
    sa.Column("issued_at", sa.String(protocol.TIMESTAMP_MAX), nullable=False),
    sa.Column("place", sa.Float, nullable=False),  # queue order within (category, rank)
    sa.Column("rank", sa.Integer, nullable=False),  # 0 priority, 1 normal
    sa.Column("reissued_from", sa.String(protocol.TICKET_NUMBER_MAX)),
    sa.Column("window", sa.String(protocol.WINDOW_MAX)),
    sa.Column("called_at", sa.String(protocol.TIMESTAMP_MAX)),
    sa.Column("idem_key", sa.String(200)),
    sa.Column("received_at", sa.Float, nullable=False),
    # Neither of these two leads with the day, so that no query has two indexes to choose
    # from: with today's estimates clamped to a row (no statistics yet, or a day newer than
    # the last ANALYZE) the planner took either and read the day's every ticket (0004).
    sa.UniqueConstraint("number", "day", name="uq_ticket_number_day"),
    # (rank, place, id) is the queue order: the next to call and the count of people ahead
    # within one second (queue_counts.ahead) are index ranges
    sa.Index("ix_ticket_queue", "category", "day", "status", "rank", "place", "id"),
    sa.Index("ix_ticket_idem", "kiosk_id", "idem_key"),
)


#: clock differences below this are NTP noise and a request's time in flight: not corrected
CLOCK_SLACK_S = 60.0


def clock_offset(kiosk_clock: str | None) -> float:
    """Seconds to add to the kiosk's timestamps to get this server's time, from the kiosk's
    clock at sending (0 when it did not say, said nonsense, or agrees within the slack).
    Right when the kiosk's clock was already off when it issued the ticket; a step between
    issuing and sending is not seen (the kiosk keeps no clock-independent age)."""
    if not kiosk_clock:
        return 0.0
    try:
        sent = datetime.fromisoformat(kiosk_clock)
        if sent.tzinfo is None:
            return 0.0
        offset = time.time() - sent.timestamp()
    except (ValueError, OverflowError, OSError):
        return 0.0
    return offset if abs(offset) > CLOCK_SLACK_S else 0.0


class Tickets:
    def __init__(self, catalogue: Catalogue, appointments: Appointments, *,
                 public_url: str = "") -> None:
        self.catalogue = catalogue
        self.appointments = appointments  # a ticket with an appointment code checks it in
        self.public_url = public_url.rstrip("/")

    def _next_seq(self, conn: Connection, day: str, category: str) -> int:
        bump = (counters.update()
                .where((counters.c.day == day) & (counters.c.category == category))
                .values(last=counters.c.last + 1).returning(counters.c.last))
        seq = conn.execute(bump).scalar()
        if seq is not None:
            return seq
        try:  # the day's first take in this category creates its counter
            with conn.begin_nested():
                conn.execute(counters.insert().values(day=day, category=category, last=1))
            return 1
        except sa.exc.IntegrityError:  # a concurrent first take created it (PostgreSQL)
            return conn.execute(bump).scalar_one()

    def issue(self, conn: Connection, kiosk_id: str, body: dict, idem_key: str) -> dict:
        cat = self.catalogue.require_category(body.get("category"))
        priority = field(body, "priority_reason", str, max_len=protocol.PRIORITY_REASON_MAX,
                         optional=True)
        appointment = field(body, "appointment_code", str, max_len=protocol.APPOINTMENT_CODE_MAX,
                            optional=True)
        number_mobile = mobile(body)
        day = today()
        seq = self._next_seq(conn, day, cat["code"])
        number = f"{cat['prefix']}{seq:03d}"
        if appointment:  # refused (and the counter bump rolled back) unless it can check in
            self.appointments.check_in(conn, appointment, cat["code"], day, number, kiosk_id)
        now = time.time()
        rank = 0 if (priority or appointment) else 1
        conn.execute(tickets.insert().values(
            day=day, number=number, category=cat["code"], kiosk_id=kiosk_id, offline=False,
            status="waiting", priority="appointment" if appointment else priority,
            appointment_code=appointment, mobile=number_mobile, issued_at=now_iso(), place=now,
            rank=rank, idem_key=idem_key, received_at=now))
        queue_counts.move(conn, day, cat["code"], rank, now, +1)
        return self.view(conn, day, number)

    def record_offline(self, conn: Connection, kiosk_id: str, body: dict, *,
                       kiosk_clock: str | None = None) -> dict:
        """Reconcile a ticket the kiosk issued while the queue server was unreachable.
        ``kiosk_clock``: the kiosk's clock when it sent this (the Kiosk-Clock header)."""
        cat = self.catalogue.require_category(body.get("category"))
        number = field(body, "number", str, max_len=protocol.TICKET_NUMBER_MAX)
        if protocol.OFFLINE_SEPARATOR not in number:  # no collision with a server number
            raise ApiError(400, Err.INVALID,
                           "offline numbers carry the kiosk prefix (e.g. K01-C001)")
        issued_at = field(body, "issued_at", str, max_len=protocol.TIMESTAMP_MAX)
        try:
            issued = parse_time(issued_at)
        except ValueError:
            raise ApiError(400, Err.INVALID, "issued_at is not an ISO date-time") from None
        day = issued.date().isoformat()
        priority = field(body, "priority_reason", str, max_len=protocol.PRIORITY_REASON_MAX,
                         optional=True)
        appointment = field(body, "appointment_code", str, max_len=protocol.APPOINTMENT_CODE_MAX,
                            optional=True)
        number_mobile = mobile(body)
        existing = conn.execute(sa.select(tickets).where(
            (tickets.c.day == day) & (tickets.c.number == number))).first()
        if existing is not None:
            if existing.kiosk_id != kiosk_id:
                raise ApiError(422, Err.OFFLINE_NUMBER_TAKEN,
                               f"{number} is already held by kiosk {existing.kiosk_id}: "
                               "two kiosks share an offline prefix")
            return self.view(conn, day, number)
        superseded = body.get("supersedes_key")
        if isinstance(superseded, str) and superseded:
            # the online attempt this offline ticket replaced may have reached us after all:
            # its number would be called with nobody there, so it is cancelled (first: an
            # appointment it checked in is then free for this ticket)
            queue_counts.leave_all(conn, conn.execute(tickets.update().where(
                (tickets.c.kiosk_id == kiosk_id) & (tickets.c.idem_key == superseded)
                & (tickets.c.offline.is_(False)) & (tickets.c.status == "waiting")
            ).values(status="cancelled").returning(tickets.c.day, tickets.c.category,
                                                   tickets.c.rank, tickets.c.place)).all())
        if appointment:
            # the citizen holds a printed ticket already: never refuse it (the outbox would
            # park it); without a valid check-in it keeps only its other priority
            try:
                self.appointments.check_in(conn, appointment, cat["code"], day, number, kiosk_id)
            except ApiError as exc:
                log.info("central: offline ticket %s: appointment not checked in (%s)",
                         number, exc.code)
                appointment = None
        # the citizen has been waiting since issued_at: queue them by that time, not arrival —
        # in this server's time: the kiosk's clock may be off (stepped by NTP, a technician)
        place = min(issued.timestamp() + clock_offset(kiosk_clock), time.time())
        status = "waiting" if day == today() else "expired"
        rank = 0 if (priority or appointment) else 1
        conn.execute(tickets.insert().values(
            day=day, number=number, category=cat["code"], kiosk_id=kiosk_id, offline=True,
            status=status, priority="appointment" if appointment else priority,
            appointment_code=appointment, mobile=number_mobile, issued_at=issued_at, place=place,
            rank=rank, received_at=time.time()))
        if status == "waiting":
            queue_counts.move(conn, day, cat["code"], rank, place, +1)
        return self.view(conn, day, number)

    def void(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        """Cancel a ticket the kiosk never printed: found by the take's Idempotency-Key (its
        answer may never have reached the kiosk) or, for an offline ticket, by day and
        number. Only a waiting ticket is cancelled; an unknown one is no error (the take
        never reached the server)."""
        take_key = field(body, "take_key", str, max_len=200, optional=True)
        number = field(body, "number", str, max_len=protocol.TICKET_NUMBER_MAX, optional=True)
        day = field(body, "day", str, max_len=10, optional=True)
        if not take_key and not (number and day):
            raise ApiError(400, Err.INVALID, "name the ticket: take_key, or day and number")
        cond = tickets.c.kiosk_id == kiosk_id
        cond &= (tickets.c.idem_key == take_key) if take_key and not number else (
            (tickets.c.day == day) & (tickets.c.number == number))
        row = conn.execute(sa.select(tickets).where(cond).limit(1)).first()
        if row is None:
            return {"voided": False, "found": False}
        # only if still waiting (a racing void or call moved it: counted out once)
        voided = row.status == "waiting" and self._leave(conn, row, "cancelled")
        if voided:
            log.info("central: ticket %s of kiosk %s voided (never printed)", row.number,
                     kiosk_id)
        return {"voided": voided, "found": True, "number": row.number, "day": row.day,
                "status": "cancelled" if voided else row.status}

    def _row(self, conn: Connection, day: str, number: str):
        row = conn.execute(sa.select(tickets).where(
            (tickets.c.day == day) & (tickets.c.number == number))).first()
        if row is None:
            raise ApiError(404, Err.UNKNOWN_TICKET, f"no ticket {number} on {day}")
        return row

    def _ahead(self, conn: Connection, row) -> int | None:
        if row.status != "waiting":
            return None
        return queue_counts.ahead(conn, tickets, row)  # constant time (see queue_counts)

    @staticmethod
    def _leave(conn: Connection, row, status: str, **values) -> bool:
        """Move a waiting ticket to ``status``, counted out of its queue; False when it was
        no longer waiting (a concurrent request moved it first)."""
        done = conn.execute(tickets.update().where(
            (tickets.c.id == row.id) & (tickets.c.status == "waiting")
        ).values(status=status, **values))
        if done.rowcount != 1:
            return False
        queue_counts.move(conn, row.day, row.category, row.rank, row.place, -1)
        return True

    def est_wait_min(self, category: str, ahead: int | None) -> int | None:
        if ahead is None:
            return None
        cat = self.catalogue.category(category)
        return math.ceil(ahead * cat["avg_service_min"] / window_count(cat["windows"]))

    def track_url(self, day: str, number: str, base: str = "") -> str:
        page = protocol.path(protocol.TRACK_PAGE, day=day, number=number)
        return f"{(self.public_url or base).rstrip('/')}{page}"

    def view(self, conn: Connection, day: str, number: str) -> dict:
        row = self._row(conn, day, number)
        cat = self.catalogue.category(row.category) or {}
        zone = self.catalogue.zone(cat.get("zone", "")) or {}
        ahead = self._ahead(conn, row)
        return {
            "number": row.number, "day": row.day, "category": row.category,
            "category_name": cat.get("name", ""), "category_name_en": cat.get("name_en", ""),
            "zone": cat.get("zone", ""), "floor": zone.get("floor", 0),
            "windows": cat.get("windows", ""), "issued_at": row.issued_at,
            "status": row.status, "offline": bool(row.offline), "kiosk_id": row.kiosk_id,
            "ahead": ahead, "est_wait_min": self.est_wait_min(row.category, ahead),
            "priority": row.priority, "reissued_from": row.reissued_from,
            "window": row.window,
            "track_path": protocol.path(protocol.TRACK_PAGE, day=row.day, number=row.number),
        }

    def reissue(self, conn: Connection, kiosk_id: str, day: str, number: str,
                idem_key: str) -> dict:
        """补号: a new number for a missed ticket, placed where the missed one stood."""
        old = self._row(conn, day, number)
        if old.status not in ("missed", "called"):
            raise ApiError(422, Err.NOT_MISSED,
                           f"{number} is {old.status}: only a called or missed number is re-issued")
        cat = self.catalogue.require_category(old.category)
        seq = self._next_seq(conn, day, cat["code"])
        new_number = f"{cat['prefix']}{seq:03d}"
        moved = conn.execute(tickets.update().where(
            (tickets.c.id == old.id) & tickets.c.status.in_(("missed", "called"))
        ).values(status="reissued"))
        if moved.rowcount != 1:  # a concurrent 补号 of the same number re-issued it first
            raise ApiError(422, Err.NOT_MISSED, f"{number} is reissued: re-issued already")
        conn.execute(tickets.insert().values(
            day=day, number=new_number, category=old.category, kiosk_id=kiosk_id, offline=False,
            status="waiting", priority=old.priority, appointment_code=old.appointment_code,
            mobile=old.mobile, issued_at=now_iso(), place=old.place, rank=old.rank,
            reissued_from=old.number, idem_key=idem_key, received_at=time.time()))
        queue_counts.move(conn, day, old.category, old.rank, old.place, +1)
        return self.view(conn, day, new_number)

    def call_next(self, conn: Connection, category: str, window: str) -> dict | None:
        self.catalogue.require_category(category)
        if len(window) > protocol.WINDOW_MAX:
            raise ApiError(400, Err.INVALID,
                           f"window longer than {protocol.WINDOW_MAX} characters")
        day = today()
        row = conn.execute(sa.select(tickets).where(
            (tickets.c.day == day) & (tickets.c.category == category)
            & (tickets.c.status == "waiting")
        ).order_by(tickets.c.rank, tickets.c.place, tickets.c.id).limit(1)
            .with_for_update()).first()
        if row is None:
            return None
        # (the row is locked FOR UPDATE and still waiting: it moves)
        self._leave(conn, row, "called", window=window,
                    # to the microsecond: the hall displays list calls in the order they were made
                    called_at=datetime.now().astimezone().isoformat(timespec="microseconds"))
        return self.view(conn, day, row.number)

    def mark_missed(self, conn: Connection, day: str, number: str) -> dict:
        row = self._row(conn, day, number)
        if row.status != "called":
            raise ApiError(422, Err.NOT_CALLED, f"{number} is {row.status}, not called")
        conn.execute(tickets.update().where(tickets.c.id == row.id).values(status="missed"))
        return self.view(conn, day, number)

    def hall_state(self, conn: Connection) -> dict:
        day = today()
        waiting = queue_counts.waiting_by_category(conn, day)
        codes = [c["code"] for c in self.catalogue.document["categories"]]
        issued = dict(conn.execute(  # (by category first: ix_ticket_queue)
            sa.select(tickets.c.category, sa.func.count())
            .where(tickets.c.category.in_(codes) & (tickets.c.day == day))
            .group_by(tickets.c.category)).all())
        zones = []
        for z in self.catalogue.document["zones"]:
            cats = []
            for c in self.catalogue.document["categories"]:
                if c["zone"] != z["code"]:
                    continue
                n = int(waiting.get(c["code"], 0))
                cats.append({"code": c["code"], "waiting": n,
                             "issued": int(issued.get(c["code"], 0)),
                             "est_wait_min": self.est_wait_min(c["code"], n)})
            zones.append({"code": z["code"], "name": z["name"], "floor": z["floor"],
                          "waiting": sum(c["waiting"] for c in cats), "categories": cats})
        return {"day": day, "at": now_iso(), "zones": zones}

    def list_day(self, conn: Connection, day: str | None = None) -> list[dict]:
        rows = conn.execute(sa.select(tickets).where(tickets.c.day == (day or today()))
                            .order_by(tickets.c.category, tickets.c.place, tickets.c.id)).all()
        return [{"number": r.number, "category": r.category, "kiosk_id": r.kiosk_id,
                 "offline": bool(r.offline), "status": r.status, "issued_at": r.issued_at,
                 "priority": r.priority, "reissued_from": r.reissued_from} for r in rows]
