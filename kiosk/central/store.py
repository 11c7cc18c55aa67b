"""The reference central server's storage (SQLAlchemy Core): SQLite by default, PostgreSQL by URL.

Every operation takes a Connection inside a transaction the caller opened, so the API layer
can put a business change and its idempotency record in one commit. Nothing here depends on
a dialect: counters move by one atomic ``UPDATE … SET n = n + 1 … RETURNING`` (on PostgreSQL
the row lock it takes queues concurrent takers until the commit; on SQLite the transaction
already holds the write lock from ``BEGIN IMMEDIATE``), never read-then-write, and unique
constraints back every invariant (one number per day, one case per case id, one record per
idempotency key). PostgreSQL runs at READ COMMITTED: a statement that waited for a lock sees
the row as the other transaction committed it, which is what the counters rely on.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import math
import time
import tomllib
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.central.catalogue import Catalogue, window_count

log = logging.getLogger(__name__)
metadata = sa.MetaData()

idempotency = sa.Table(
    "idempotency_keys", metadata,
    sa.Column("kiosk_id", sa.String(64), primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("method", sa.String(8), nullable=False),
    sa.Column("path", sa.String(300), nullable=False),
    sa.Column("body_hash", sa.String(64), nullable=False),
    sa.Column("state", sa.String(10), nullable=False),  # running | done
    sa.Column("status", sa.Integer),
    sa.Column("response", sa.Text),
    sa.Column("created_at", sa.Float, nullable=False, index=True),
    sa.Column("updated_at", sa.Float, nullable=False),
)

counters = sa.Table(
    "ticket_counters", metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("category", sa.String(40), primary_key=True),
    sa.Column("last", sa.Integer, nullable=False),
)

tickets = sa.Table(
    "tickets", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("number", sa.String(40), nullable=False),
    sa.Column("category", sa.String(40), nullable=False),
    sa.Column("kiosk_id", sa.String(64), nullable=False),
    sa.Column("offline", sa.Boolean, nullable=False, default=False),
    sa.Column("status", sa.String(12), nullable=False),  # waiting|called|served|missed|reissued|cancelled
    sa.Column("priority", sa.String(40)),
    sa.Column("appointment_code", sa.String(40)),
    sa.Column("mobile", sa.String(20)),  # for the SMS call; never logged
    sa.Column("issued_at", sa.String(40), nullable=False),
    sa.Column("place", sa.Float, nullable=False),  # queue order within (category, rank)
    sa.Column("rank", sa.Integer, nullable=False),  # 0 priority, 1 normal
    sa.Column("reissued_from", sa.String(40)),
    sa.Column("window", sa.String(10)),
    sa.Column("called_at", sa.String(40)),
    sa.Column("idem_key", sa.String(200)),
    sa.Column("received_at", sa.Float, nullable=False),
    sa.UniqueConstraint("day", "number", name="uq_ticket_day_number"),
    sa.Index("ix_ticket_queue", "day", "category", "status"),
    sa.Index("ix_ticket_idem", "kiosk_id", "idem_key"),
)

cases = sa.Table(
    "cases", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(64), nullable=False, unique=True),
    sa.Column("kiosk_id", sa.String(64), nullable=False),
    sa.Column("item_code", sa.String(80), nullable=False),
    sa.Column("applicant_name", sa.String(80)),
    sa.Column("applicant_id_number", sa.String(40)),
    sa.Column("mobile", sa.String(20)),
    sa.Column("form", sa.Text, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("submitted_at", sa.String(40), nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
)

case_events = sa.Table(
    "case_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(64), nullable=False, index=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("note", sa.String(200), nullable=False, default=""),
)

attachments = sa.Table(
    "attachments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),  # arrival order
    sa.Column("attachment_id", sa.String(64), nullable=False, unique=True),
    sa.Column("case_id", sa.String(64), nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("content_type", sa.String(80), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
)

evaluations = sa.Table(
    "evaluations", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("evaluation_id", sa.String(64), nullable=False, unique=True),
    sa.Column("kiosk_id", sa.String(64), nullable=False),
    sa.Column("subject_type", sa.String(10), nullable=False),
    sa.Column("subject", sa.String(64), nullable=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("tags", sa.Text, nullable=False),
    sa.Column("comment", sa.String(500), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
)

heartbeats = sa.Table(
    "kiosk_heartbeats", metadata,
    sa.Column("kiosk_id", sa.String(64), primary_key=True),
    sa.Column("last_at", sa.Float, nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
)

appointments = sa.Table(
    "appointments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(40), nullable=False, unique=True),
    sa.Column("category", sa.String(40), nullable=False),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("slot", sa.String(20), nullable=False),  # e.g. "09:30-10:00"
    # HMAC-SHA256 of the citizen's ID number under a key derived from the server secret: a
    # plain hash of an ID number (region, birth date, 3 digits) is no secret, a keyed one is
    sa.Column("id_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),  # booked | checked_in
    sa.Column("ticket_number", sa.String(40)),
    sa.Column("checked_in_at", sa.String(40)),
    sa.Column("kiosk_id", sa.String(64)),  # the kiosk that checked it in
    sa.Column("demo", sa.Boolean, nullable=False, default=False),
    sa.Index("ix_appointment_lookup", "id_hash", "day"),
)

staff_calls = sa.Table(
    "staff_calls", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("call_id", sa.String(64), nullable=False, unique=True),
    sa.Column("kiosk_id", sa.String(64), nullable=False),
    sa.Column("reason", sa.String(120), nullable=False),
    sa.Column("ticket_number", sa.String(40)),
    sa.Column("at", sa.String(40), nullable=False),  # when the citizen pressed the button
    sa.Column("day", sa.String(10), nullable=False, index=True),
    sa.Column("received_at", sa.Float, nullable=False),
)

ATTACHMENT_KINDS = ("scan", "portrait", "document", "photo")
DEMO_APPOINTMENTS = Path(__file__).parent / "demo_appointments.toml"
_ID_KEY_LABEL = b"kiosk-central/appointment-id-number/v1"


def derive_id_key(secret: bytes) -> bytes:
    """The key appointment ID numbers are hashed under: derived, so the token-signing key
    itself never doubles as a hashing key."""
    return hmac.new(secret, _ID_KEY_LABEL, hashlib.sha256).digest()


def normalise_id_number(id_number: str) -> str:
    return id_number.strip().upper()


def load_demo_appointments(path: Path = DEMO_APPOINTMENTS) -> list[dict]:
    return tomllib.loads(Path(path).read_text(encoding="utf-8")).get("appointments", [])
MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024


class ApiError(Exception):
    """A deterministic refusal: stored as the idempotent answer and sent as ``{"error": …}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def body(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}


def normalise_url(url: str) -> str:
    """``postgresql://`` / ``postgres://`` without a driver name → psycopg (3), the driver this
    project installs (SQLAlchemy 2.0 would otherwise pick psycopg2; ``postgres`` it rejects)."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return url


def open_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL, synchronous=FULL and BEGIN IMMEDIATE."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        from kiosk.sync.db import install_sqlite_pragmas

        db_path = sa.engine.make_url(url).database
        if db_path and db_path != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, pool_size=16, max_overflow=16,
                                  connect_args={"timeout": 30, "check_same_thread": False})
        install_sqlite_pragmas(engine)
    else:
        engine = sa.create_engine(url, pool_size=16, max_overflow=16, pool_pre_ping=True,
                                  isolation_level="READ COMMITTED")
    metadata.create_all(engine)
    return engine


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def today() -> str:
    return date.today().isoformat()


def _req(body: dict, key: str, kind: type, *, max_len: int | None = None, optional=False):
    value = body.get(key)
    if value is None:
        if optional:
            return None
        raise ApiError(400, "invalid", f"missing field {key!r}")
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        raise ApiError(400, "invalid", f"field {key!r} must be {kind.__name__}")
    if max_len is not None and isinstance(value, str) and len(value) > max_len:
        raise ApiError(400, "invalid", f"field {key!r} longer than {max_len}")
    return value


def _mobile(body: dict) -> str | None:
    mobile = _req(body, "mobile", str, max_len=20, optional=True)
    if mobile is not None and not (mobile.isdigit() and len(mobile) == 11 and mobile[0] == "1"):
        raise ApiError(400, "invalid", "mobile must be an 11-digit mainland number")
    return mobile


class CentralStore:
    def __init__(self, engine: Engine, catalogue: Catalogue, *, public_url: str = "",
                 id_key: bytes | None = None) -> None:
        self.engine = engine
        self.catalogue = catalogue
        self.public_url = public_url.rstrip("/")
        #: HMAC key for appointment ID numbers (CentralApp sets it from the server secret)
        self.id_key = id_key

    # ------------------------------------------------------------------ tickets
    def _category(self, code) -> dict:
        cat = self.catalogue.category(code) if isinstance(code, str) else None
        if cat is None:
            raise ApiError(404, "unknown_category", f"no category {code!r} in the catalogue")
        return cat

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

    def issue_ticket(self, conn: Connection, kiosk_id: str, body: dict, idem_key: str) -> dict:
        cat = self._category(body.get("category"))
        priority = _req(body, "priority_reason", str, max_len=40, optional=True)
        appointment = _req(body, "appointment_code", str, max_len=40, optional=True)
        mobile = _mobile(body)
        day = today()
        seq = self._next_seq(conn, day, cat["code"])
        number = f"{cat['prefix']}{seq:03d}"
        if appointment:  # refused (and the counter bump rolled back) unless it can check in
            self.check_in(conn, appointment, cat["code"], day, number, kiosk_id)
        now = time.time()
        rank = 0 if (priority or appointment) else 1
        conn.execute(tickets.insert().values(
            day=day, number=number, category=cat["code"], kiosk_id=kiosk_id, offline=False,
            status="waiting", priority="appointment" if appointment else priority,
            appointment_code=appointment, mobile=mobile, issued_at=now_iso(), place=now,
            rank=rank, idem_key=idem_key, received_at=now))
        return self.ticket_view(conn, day, number)

    def record_offline_ticket(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        """Reconcile a ticket the kiosk issued while the queue server was unreachable."""
        cat = self._category(body.get("category"))
        number = _req(body, "number", str, max_len=40)
        if "-" not in number:  # server numbers never contain '-': no collision possible
            raise ApiError(400, "invalid", "offline numbers carry the kiosk prefix (e.g. K01-C001)")
        issued_at = _req(body, "issued_at", str, max_len=40)
        try:
            issued = datetime.fromisoformat(issued_at)
        except ValueError:
            raise ApiError(400, "invalid", "issued_at is not an ISO date-time") from None
        day = issued.date().isoformat()
        priority = _req(body, "priority_reason", str, max_len=40, optional=True)
        appointment = _req(body, "appointment_code", str, max_len=40, optional=True)
        mobile = _mobile(body)
        existing = conn.execute(sa.select(tickets).where(
            (tickets.c.day == day) & (tickets.c.number == number))).first()
        if existing is not None:
            if existing.kiosk_id != kiosk_id:
                raise ApiError(422, "offline_number_taken",
                               f"{number} is already held by kiosk {existing.kiosk_id}: "
                               "two kiosks share an offline prefix")
            return self.ticket_view(conn, day, number)
        superseded = body.get("supersedes_key")
        if isinstance(superseded, str) and superseded:
            # the online attempt this offline ticket replaced may have reached us after all:
            # its number would be called with nobody there, so it is cancelled (first: an
            # appointment it checked in is then free for this ticket)
            conn.execute(tickets.update().where(
                (tickets.c.kiosk_id == kiosk_id) & (tickets.c.idem_key == superseded)
                & (tickets.c.offline.is_(False)) & (tickets.c.status == "waiting")
            ).values(status="cancelled"))
        if appointment:
            # the citizen holds a printed ticket already: never refuse it (the outbox would
            # park it); without a valid check-in it keeps only its other priority
            try:
                self.check_in(conn, appointment, cat["code"], day, number, kiosk_id)
            except ApiError as exc:
                log.info("central: offline ticket %s: appointment not checked in (%s)",
                         number, exc.code)
                appointment = None
        # the citizen has been waiting since issued_at: queue them by that time, not arrival
        place = issued.timestamp()
        status = "waiting" if day == today() else "expired"
        conn.execute(tickets.insert().values(
            day=day, number=number, category=cat["code"], kiosk_id=kiosk_id, offline=True,
            status=status, priority="appointment" if appointment else priority,
            appointment_code=appointment, mobile=mobile, issued_at=issued_at, place=place,
            rank=0 if (priority or appointment) else 1, received_at=time.time()))
        return self.ticket_view(conn, day, number)

    def _ticket_row(self, conn: Connection, day: str, number: str):
        row = conn.execute(sa.select(tickets).where(
            (tickets.c.day == day) & (tickets.c.number == number))).first()
        if row is None:
            raise ApiError(404, "unknown_ticket", f"no ticket {number} on {day}")
        return row

    def _ahead(self, conn: Connection, row) -> int | None:
        if row.status != "waiting":
            return None
        q = sa.select(sa.func.count()).select_from(tickets).where(
            (tickets.c.day == row.day) & (tickets.c.category == row.category)
            & (tickets.c.status == "waiting")
            & ((tickets.c.rank < row.rank)
               | ((tickets.c.rank == row.rank) & ((tickets.c.place < row.place)
                                                   | ((tickets.c.place == row.place)
                                                      & (tickets.c.id < row.id))))))
        return int(conn.execute(q).scalar_one())

    def est_wait_min(self, category: str, ahead: int | None) -> int | None:
        if ahead is None:
            return None
        cat = self.catalogue.category(category)
        return math.ceil(ahead * cat["avg_service_min"] / window_count(cat["windows"]))

    def track_url(self, day: str, number: str, base: str = "") -> str:
        return f"{(self.public_url or base).rstrip('/')}/t/{day}/{number}"

    def ticket_view(self, conn: Connection, day: str, number: str) -> dict:
        row = self._ticket_row(conn, day, number)
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
            "window": row.window, "track_path": f"/t/{row.day}/{row.number}",
        }

    def reissue(self, conn: Connection, kiosk_id: str, day: str, number: str, idem_key: str) -> dict:
        """补号: a new number for a missed ticket, placed where the missed one stood."""
        old = self._ticket_row(conn, day, number)
        if old.status not in ("missed", "called"):
            raise ApiError(422, "not_missed",
                           f"{number} is {old.status}: only a called or missed number is re-issued")
        cat = self._category(old.category)
        seq = self._next_seq(conn, day, cat["code"])
        new_number = f"{cat['prefix']}{seq:03d}"
        conn.execute(tickets.update().where(tickets.c.id == old.id).values(status="reissued"))
        conn.execute(tickets.insert().values(
            day=day, number=new_number, category=old.category, kiosk_id=kiosk_id, offline=False,
            status="waiting", priority=old.priority, appointment_code=old.appointment_code,
            mobile=old.mobile, issued_at=now_iso(), place=old.place, rank=old.rank,
            reissued_from=old.number, idem_key=idem_key, received_at=time.time()))
        return self.ticket_view(conn, day, new_number)

    def call_next(self, conn: Connection, category: str, window: str) -> dict | None:
        self._category(category)
        if len(window) > tickets.c.window.type.length:
            raise ApiError(400, "invalid",
                           f"window longer than {tickets.c.window.type.length} characters")
        day = today()
        row = conn.execute(sa.select(tickets).where(
            (tickets.c.day == day) & (tickets.c.category == category)
            & (tickets.c.status == "waiting")
        ).order_by(tickets.c.rank, tickets.c.place, tickets.c.id).limit(1).with_for_update()).first()
        if row is None:
            return None
        conn.execute(tickets.update().where(tickets.c.id == row.id).values(
            status="called", window=window, called_at=now_iso()))
        return self.ticket_view(conn, day, row.number)

    def mark_missed(self, conn: Connection, day: str, number: str) -> dict:
        row = self._ticket_row(conn, day, number)
        if row.status != "called":
            raise ApiError(422, "not_called", f"{number} is {row.status}, not called")
        conn.execute(tickets.update().where(tickets.c.id == row.id).values(status="missed"))
        return self.ticket_view(conn, day, number)

    def hall_state(self, conn: Connection) -> dict:
        day = today()
        waiting = dict(conn.execute(
            sa.select(tickets.c.category, sa.func.count()).where(
                (tickets.c.day == day) & (tickets.c.status == "waiting")
            ).group_by(tickets.c.category)).all())
        issued = dict(conn.execute(
            sa.select(tickets.c.category, sa.func.count()).where(tickets.c.day == day)
            .group_by(tickets.c.category)).all())
        zones = []
        for z in self.catalogue.document["zones"]:
            cats = []
            for c in self.catalogue.document["categories"]:
                if c["zone"] != z["code"]:
                    continue
                n = int(waiting.get(c["code"], 0))
                cats.append({"code": c["code"], "waiting": n, "issued": int(issued.get(c["code"], 0)),
                             "est_wait_min": self.est_wait_min(c["code"], n)})
            zones.append({"code": z["code"], "name": z["name"], "floor": z["floor"],
                          "waiting": sum(c["waiting"] for c in cats), "categories": cats})
        return {"day": day, "at": now_iso(), "zones": zones}

    def list_tickets(self, conn: Connection, day: str | None = None) -> list[dict]:
        day = day or today()
        rows = conn.execute(sa.select(tickets).where(tickets.c.day == day)
                            .order_by(tickets.c.category, tickets.c.place, tickets.c.id)).all()
        return [{"number": r.number, "category": r.category, "kiosk_id": r.kiosk_id,
                 "offline": bool(r.offline), "status": r.status, "issued_at": r.issued_at,
                 "priority": r.priority, "reissued_from": r.reissued_from} for r in rows]

    # ------------------------------------------------------------------ appointments
    def id_hash(self, id_number: str) -> str:
        if self.id_key is None:
            raise RuntimeError("the store has no ID-number key (CentralApp sets it)")
        return hmac.new(self.id_key, normalise_id_number(id_number).encode(),
                        hashlib.sha256).hexdigest()

    def add_appointment(self, conn: Connection, *, code: str, category: str, day: str,
                        slot: str, id_number: str, demo: bool = False) -> None:
        self._category(category)
        conn.execute(appointments.insert().values(
            code=code, category=category, day=day, slot=slot, id_hash=self.id_hash(id_number),
            status="booked", demo=demo))

    def seed_demo_appointments(self, day: str, entries: list[dict] | None = None) -> int:
        """Give the demo cards their appointments for ``day`` (once; concurrent callers and
        restarts find them there). Returns how many were added."""
        compact = day.replace("-", "")
        added = 0
        with self.engine.begin() as conn:
            for e in entries if entries is not None else load_demo_appointments():
                code = f"YY{compact}{e['suffix']}"
                if conn.execute(sa.select(appointments.c.id).where(
                        appointments.c.code == code)).first() is not None:
                    continue
                try:
                    with conn.begin_nested():
                        self.add_appointment(conn, code=code, category=e["category"], day=day,
                                             slot=e["slot"], id_number=e["id_number"], demo=True)
                    added += 1
                except sa.exc.IntegrityError:  # a concurrent seeder added it
                    pass
        return added

    @staticmethod
    def appointment_view(row) -> dict:
        return {"code": row.code, "category": row.category, "day": row.day, "slot": row.slot,
                "status": row.status, "ticket_number": row.ticket_number}

    def find_appointment(self, conn: Connection, body: dict) -> dict:
        """Today's open appointment for an ID number (and category, when given)."""
        id_number = _req(body, "id_number", str, max_len=40)
        category = _req(body, "category", str, max_len=40, optional=True)
        if not normalise_id_number(id_number):
            raise ApiError(400, "invalid", "id_number is empty")
        q = sa.select(appointments).where(
            (appointments.c.id_hash == self.id_hash(id_number))
            & (appointments.c.day == today()) & (appointments.c.status == "booked"))
        if category:
            q = q.where(appointments.c.category == self._category(category)["code"])
        row = conn.execute(q.order_by(appointments.c.slot, appointments.c.code).limit(1)).first()
        if row is None:  # (the message never repeats the ID number)
            raise ApiError(404, "no_appointment", "no open appointment today for this ID number"
                           + (f" in {category}" if category else ""))
        return self.appointment_view(row)

    def check_in(self, conn: Connection, code: str, category: str, day: str, number: str,
                 kiosk_id: str) -> None:
        """Mark appointment ``code`` checked in by ticket ``number``, or refuse with a 4xx."""
        row = conn.execute(sa.select(appointments).where(appointments.c.code == code)).first()
        if row is None:
            raise ApiError(404, "unknown_appointment", f"no appointment {code}")
        if row.day != day:
            raise ApiError(422, "appointment_other_day", f"appointment {code} is for {row.day}")
        if row.category != category:
            raise ApiError(422, "appointment_other_category",
                           f"appointment {code} is for {row.category}, not {category}")
        # one statement decides (two kiosks checking the same code in: one wins); a ticket
        # that was cancelled (an online attempt its offline replacement superseded) frees it
        cancelled = sa.select(tickets.c.number).where(
            (tickets.c.day == day) & (tickets.c.status == "cancelled"))
        done = conn.execute(appointments.update().where(
            (appointments.c.id == row.id)
            & ((appointments.c.status == "booked") | appointments.c.ticket_number.in_(cancelled))
        ).values(status="checked_in", ticket_number=number, checked_in_at=now_iso(),
                 kiosk_id=kiosk_id))
        if done.rowcount != 1:
            raise ApiError(422, "appointment_used",
                           f"appointment {code} was already checked in (ticket {row.ticket_number})")

    def list_appointments(self, conn: Connection, day: str | None = None) -> list[dict]:
        rows = conn.execute(sa.select(appointments).where(appointments.c.day == (day or today()))
                            .order_by(appointments.c.slot, appointments.c.code)).all()
        return [self.appointment_view(r) for r in rows]

    # ------------------------------------------------------------------ staff calls
    def record_staff_call(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        call_id = _req(body, "call_id", str, max_len=64)
        reason = _req(body, "reason", str, max_len=120)
        number = _req(body, "ticket_number", str, max_len=40, optional=True)
        at = _req(body, "at", str, max_len=40)
        try:
            day = datetime.fromisoformat(at).date().isoformat()
        except ValueError:
            raise ApiError(400, "invalid", "at is not an ISO date-time") from None
        existing = conn.execute(sa.select(staff_calls).where(
            staff_calls.c.call_id == call_id)).first()
        if existing is None:
            conn.execute(staff_calls.insert().values(
                call_id=call_id, kiosk_id=kiosk_id, reason=reason, ticket_number=number, at=at,
                day=day, received_at=time.time()))
        elif existing.kiosk_id != kiosk_id:
            raise ApiError(422, "call_exists", f"staff call {call_id} belongs to another kiosk")
        return {"call_id": call_id, "recorded": True, "reason": reason, "ticket_number": number}

    def list_staff_calls(self, conn: Connection, day: str | None = None) -> list[dict]:
        rows = conn.execute(sa.select(staff_calls).where(staff_calls.c.day == (day or today()))
                            .order_by(staff_calls.c.id)).all()
        return [{"call_id": r.call_id, "kiosk_id": r.kiosk_id, "reason": r.reason,
                 "ticket_number": r.ticket_number, "at": r.at,
                 "received_at": datetime.fromtimestamp(r.received_at).astimezone()
                 .isoformat(timespec="seconds")} for r in rows]

    # ------------------------------------------------------------------ cases
    def create_case(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        case_id = _req(body, "case_id", str, max_len=64)
        item_code = _req(body, "item_code", str, max_len=80)
        if not any(i["code"] == item_code for i in self.catalogue.document["items"]):
            raise ApiError(404, "unknown_item", f"no service item {item_code!r}")
        applicant = body.get("applicant") or {}
        if not isinstance(applicant, dict):
            raise ApiError(400, "invalid", "applicant must be an object")
        form = body.get("form") or {}
        if not isinstance(form, dict):
            raise ApiError(400, "invalid", "form must be an object")
        submitted_at = _req(body, "submitted_at", str, max_len=40)
        exists = conn.execute(sa.select(cases.c.kiosk_id).where(cases.c.case_id == case_id)).first()
        if exists is not None:
            raise ApiError(422, "case_exists", f"case {case_id} was already submitted")
        conn.execute(cases.insert().values(
            case_id=case_id, kiosk_id=kiosk_id, item_code=item_code,
            applicant_name=str(applicant.get("name", ""))[:80],
            applicant_id_number=str(applicant.get("id_number", ""))[:40],
            mobile=_mobile(applicant) if applicant.get("mobile") else None,
            form=json.dumps(form, ensure_ascii=False), status="received",
            submitted_at=submitted_at, received_at=time.time()))
        conn.execute(case_events.insert().values(case_id=case_id, at=now_iso(), status="received",
                                                 note="已受理 / received"))
        for i, att in enumerate(body.get("attachments") or []):
            self._add_attachment(conn, case_id, att, default_seq=i)
        return self.case_view(conn, case_id)

    def _add_attachment(self, conn: Connection, case_id: str, att, default_seq: int = 0) -> dict:
        if not isinstance(att, dict):
            raise ApiError(400, "invalid", "an attachment must be an object")
        attachment_id = _req(att, "attachment_id", str, max_len=64)
        kind = _req(att, "kind", str)
        if kind not in ATTACHMENT_KINDS:
            raise ApiError(400, "invalid", f"attachment kind must be one of {ATTACHMENT_KINDS}")
        try:
            data = base64.b64decode(_req(att, "data_b64", str), validate=True)
        except (binascii.Error, ValueError):
            raise ApiError(400, "invalid", "data_b64 is not base64") from None
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise ApiError(413, "too_large", f"attachment larger than {MAX_ATTACHMENT_BYTES} bytes")
        digest = hashlib.sha256(data).hexdigest()
        if _req(att, "sha256", str) != digest:
            raise ApiError(400, "checksum", "attachment sha256 does not match its data")
        seq = att.get("seq", default_seq)
        if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq < 2**31:
            raise ApiError(400, "invalid", "seq must be an integer from 0 to 2^31-1")
        if conn.execute(sa.select(attachments.c.id).where(
                attachments.c.attachment_id == attachment_id)).first() is not None:
            raise ApiError(422, "attachment_exists", f"attachment {attachment_id} already stored")
        conn.execute(attachments.insert().values(
            attachment_id=attachment_id, case_id=case_id, seq=seq, kind=kind,
            name=str(att.get("name", kind))[:120],
            content_type=str(att.get("content_type", "application/octet-stream"))[:80],
            sha256=digest, size=len(data), data=data, received_at=time.time()))
        return {"attachment_id": attachment_id, "case_id": case_id, "seq": seq,
                "size": len(data), "sha256": digest}

    def add_attachment(self, conn: Connection, kiosk_id: str, case_id: str, body: dict) -> dict:
        if conn.execute(sa.select(cases.c.id).where(cases.c.case_id == case_id)).first() is None:
            raise ApiError(404, "unknown_case", f"no case {case_id}")
        return self._add_attachment(conn, case_id, body)

    def case_view(self, conn: Connection, case_id: str) -> dict:
        row = conn.execute(sa.select(cases).where(cases.c.case_id == case_id)).first()
        if row is None:
            raise ApiError(404, "unknown_case", f"no case {case_id}")
        events = conn.execute(sa.select(case_events).where(case_events.c.case_id == case_id)
                              .order_by(case_events.c.id)).all()
        n_att = conn.execute(sa.select(sa.func.count()).select_from(attachments)
                             .where(attachments.c.case_id == case_id)).scalar_one()
        return {"case_id": row.case_id, "item_code": row.item_code, "status": row.status,
                "submitted_at": row.submitted_at, "attachments": int(n_att),
                "events": [{"at": e.at, "status": e.status, "note": e.note} for e in events]}

    # ------------------------------------------------------------------ evaluations, heartbeats
    def record_evaluation(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        evaluation_id = _req(body, "evaluation_id", str, max_len=64)
        score = _req(body, "score", int)
        if not 1 <= score <= 5:
            raise ApiError(400, "invalid", "score must be 1..5")
        subject_type = _req(body, "subject_type", str)
        if subject_type not in ("ticket", "case", "kiosk"):
            raise ApiError(400, "invalid", "subject_type must be ticket, case or kiosk")
        subject = _req(body, "subject", str, max_len=64)
        tags = body.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ApiError(400, "invalid", "tags must be a list of strings")
        comment = _req(body, "comment", str, max_len=500, optional=True) or ""
        if conn.execute(sa.select(evaluations.c.id).where(
                evaluations.c.evaluation_id == evaluation_id)).first() is not None:
            raise ApiError(422, "evaluation_exists", f"evaluation {evaluation_id} already stored")
        conn.execute(evaluations.insert().values(
            evaluation_id=evaluation_id, kiosk_id=kiosk_id, subject_type=subject_type,
            subject=subject, score=score, tags=json.dumps(tags, ensure_ascii=False),
            comment=comment, at=_req(body, "at", str, max_len=40), received_at=time.time()))
        return {"evaluation_id": evaluation_id, "recorded": True}

    def record_heartbeat(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        text = json.dumps(body, ensure_ascii=False)[:20000]
        now = time.time()
        # count + 1 in the statement: a count read first and written back loses concurrent beats
        beat = heartbeats.update().where(heartbeats.c.kiosk_id == kiosk_id).values(
            last_at=now, count=heartbeats.c.count + 1, body=text)
        if conn.execute(beat).rowcount == 0:
            try:
                with conn.begin_nested():
                    conn.execute(heartbeats.insert().values(kiosk_id=kiosk_id, last_at=now,
                                                            count=1, body=text))
            except sa.exc.IntegrityError:  # a concurrent first beat created the row
                conn.execute(beat)
        return {"kiosk_id": kiosk_id, "server_time": now_iso()}

    # ------------------------------------------------------------------ maintenance
    def purge_idempotency(self, retention_days: float) -> int:
        cutoff = time.time() - retention_days * 86400
        with self.engine.begin() as conn:
            return conn.execute(idempotency.delete().where(idempotency.c.created_at < cutoff)).rowcount
