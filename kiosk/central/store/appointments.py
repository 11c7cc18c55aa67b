"""Appointments (预约): looked up by the citizen's ID number, checked in with a ticket.

ID numbers are never stored: a row keeps an HMAC-SHA256 of the number under a key derived
from the server secret (a plain hash of an ID number — region, birth date, 3 digits — is no
secret, a keyed one is).
"""
from __future__ import annotations

import hashlib
import hmac
import tomllib
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk import protocol
from kiosk.central.catalogue import Catalogue
from kiosk.central.db import metadata
from kiosk.central.fields import ApiError, field, now_iso, today
from kiosk.central.store.tickets import tickets
from kiosk.protocol import Err

appointments = sa.Table(
    "appointments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(protocol.APPOINTMENT_CODE_MAX), nullable=False, unique=True),
    sa.Column("category", sa.String(protocol.CATEGORY_MAX), nullable=False),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("slot", sa.String(20), nullable=False),  # e.g. "09:30-10:00"
    sa.Column("id_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),  # booked | checked_in
    sa.Column("ticket_number", sa.String(protocol.TICKET_NUMBER_MAX)),
    sa.Column("checked_in_at", sa.String(protocol.TIMESTAMP_MAX)),
    sa.Column("kiosk_id", sa.String(protocol.KIOSK_ID_MAX)),  # the kiosk that checked it in
    sa.Column("demo", sa.Boolean, nullable=False, default=False),
    sa.Index("ix_appointment_lookup", "id_hash", "day"),
)

DEMO_APPOINTMENTS = Path(__file__).resolve().parents[1] / "demo_appointments.toml"
_ID_KEY_LABEL = b"kiosk-central/appointment-id-number/v1"


def derive_id_key(secret: bytes) -> bytes:
    """The key appointment ID numbers are hashed under: derived, so the token-signing key
    itself never doubles as a hashing key."""
    return hmac.new(secret, _ID_KEY_LABEL, hashlib.sha256).digest()


def normalise_id_number(id_number: str) -> str:
    return id_number.strip().upper()


def load_demo_appointments(path: Path = DEMO_APPOINTMENTS) -> list[dict]:
    return tomllib.loads(Path(path).read_text(encoding="utf-8")).get("appointments", [])


class Appointments:
    def __init__(self, engine: Engine, catalogue: Catalogue, id_key: bytes | None = None) -> None:
        self.engine = engine
        self.catalogue = catalogue
        #: HMAC key for ID numbers (CentralApp sets it from the server secret)
        self.id_key = id_key

    def id_hash(self, id_number: str) -> str:
        if self.id_key is None:
            raise RuntimeError("the store has no ID-number key (CentralApp sets it)")
        return hmac.new(self.id_key, normalise_id_number(id_number).encode(),
                        hashlib.sha256).hexdigest()

    def add(self, conn: Connection, *, code: str, category: str, day: str, slot: str,
            id_number: str, demo: bool = False) -> None:
        self.catalogue.require_category(category)
        conn.execute(appointments.insert().values(
            code=code, category=category, day=day, slot=slot, id_hash=self.id_hash(id_number),
            status="booked", demo=demo))

    def seed_demo(self, day: str, entries: list[dict] | None = None) -> int:
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
                        self.add(conn, code=code, category=e["category"], day=day,
                                 slot=e["slot"], id_number=e["id_number"], demo=True)
                    added += 1
                except sa.exc.IntegrityError:  # a concurrent seeder added it
                    pass
        return added

    @staticmethod
    def view(row) -> dict:
        return {"code": row.code, "category": row.category, "day": row.day, "slot": row.slot,
                "status": row.status, "ticket_number": row.ticket_number}

    def find(self, conn: Connection, body: dict) -> dict:
        """Today's open appointment for an ID number (and category, when given)."""
        id_number = field(body, "id_number", str, max_len=protocol.ID_NUMBER_MAX)
        category = field(body, "category", str, max_len=protocol.CATEGORY_MAX, optional=True)
        # (a blank number is a well-formed one nobody booked with: 404 below, like any other)
        q = sa.select(appointments).where(
            (appointments.c.id_hash == self.id_hash(id_number))
            & (appointments.c.day == today()) & (appointments.c.status == "booked"))
        if category:
            code = self.catalogue.require_category(category)["code"]
            q = q.where(appointments.c.category == code)
        row = conn.execute(q.order_by(appointments.c.slot, appointments.c.code).limit(1)).first()
        if row is None:  # (the message never repeats the ID number)
            raise ApiError(404, Err.NO_APPOINTMENT, "no open appointment today for this ID number"
                           + (f" in {category}" if category else ""))
        return self.view(row)

    def by_code(self, conn: Connection, code: str) -> dict:
        """One appointment by its code (a scanned appointment QR code), any day and status:
        the kiosk says "that was yesterday" or "already checked in" in words."""
        if not code or len(code) > protocol.APPOINTMENT_CODE_MAX:
            raise ApiError(400, Err.INVALID, f"an appointment code has 1 to "
                                             f"{protocol.APPOINTMENT_CODE_MAX} characters")
        row = conn.execute(sa.select(appointments).where(appointments.c.code == code)).first()
        if row is None:
            raise ApiError(404, Err.UNKNOWN_APPOINTMENT, f"no appointment {code}")
        return self.view(row)

    def check_in(self, conn: Connection, code: str, category: str, day: str, number: str,
                 kiosk_id: str) -> None:
        """Mark appointment ``code`` checked in by ticket ``number``, or refuse with a 4xx."""
        row = conn.execute(sa.select(appointments).where(appointments.c.code == code)).first()
        if row is None:
            raise ApiError(404, Err.UNKNOWN_APPOINTMENT, f"no appointment {code}")
        if row.day != day:
            raise ApiError(422, Err.APPOINTMENT_OTHER_DAY, f"appointment {code} is for {row.day}")
        if row.category != category:
            raise ApiError(422, Err.APPOINTMENT_OTHER_CATEGORY,
                           f"appointment {code} is for {row.category}, not {category}")
        # one statement decides (two kiosks checking the same code in: one wins); a ticket
        # that was cancelled (an online attempt its offline replacement superseded) frees it
        cancelled = sa.select(tickets.c.number).where(  # (the appointment's category: an index)
            (tickets.c.category == category) & (tickets.c.day == day)
            & (tickets.c.status == "cancelled"))
        done = conn.execute(appointments.update().where(
            (appointments.c.id == row.id)
            & ((appointments.c.status == "booked") | appointments.c.ticket_number.in_(cancelled))
        ).values(status="checked_in", ticket_number=number, checked_in_at=now_iso(),
                 kiosk_id=kiosk_id))
        if done.rowcount != 1:
            raise ApiError(422, Err.APPOINTMENT_USED, f"appointment {code} was already checked "
                                                      f"in (ticket {row.ticket_number})")

    def list_day(self, conn: Connection, day: str | None = None) -> list[dict]:
        rows = conn.execute(sa.select(appointments).where(appointments.c.day == (day or today()))
                            .order_by(appointments.c.slot, appointments.c.code)).all()
        return [self.view(r) for r in rows]
