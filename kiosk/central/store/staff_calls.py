"""Staff calls: a citizen pressed "call staff" on a kiosk (delivered through its outbox)."""
from __future__ import annotations

import time
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk import protocol
from kiosk.central.db import metadata
from kiosk.central.fields import ApiError, day_of, field, today
from kiosk.central.store.sealed import Sealed
from kiosk.protocol import Err

staff_calls = sa.Table(
    "staff_calls", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("call_id", sa.String(protocol.UUID_MAX), nullable=False, unique=True),
    sa.Column("kiosk_id", sa.String(protocol.KIOSK_ID_MAX), nullable=False),
    # free text a citizen may have typed a name into: sealed (store/sealed.py)
    sa.Column("reason", Sealed("staff_calls.reason"), nullable=False),
    sa.Column("ticket_number", sa.String(protocol.TICKET_NUMBER_MAX)),
    sa.Column("at", sa.String(protocol.TIMESTAMP_MAX), nullable=False),  # when it was pressed
    sa.Column("day", sa.String(10), nullable=False, index=True),
    sa.Column("received_at", sa.Float, nullable=False),
)


class StaffCalls:
    def record(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        call_id = field(body, "call_id", str, max_len=protocol.UUID_MAX)
        reason = field(body, "reason", str, max_len=protocol.STAFF_CALL_REASON_MAX)
        number = field(body, "ticket_number", str, max_len=protocol.TICKET_NUMBER_MAX,
                       optional=True)
        at = field(body, "at", str, max_len=protocol.TIMESTAMP_MAX)
        day = day_of(at, "at")
        existing = conn.execute(sa.select(staff_calls).where(
            staff_calls.c.call_id == call_id)).first()
        if existing is None:
            conn.execute(staff_calls.insert().values(
                call_id=call_id, kiosk_id=kiosk_id, reason=reason, ticket_number=number, at=at,
                day=day, received_at=time.time()))
        elif existing.kiosk_id != kiosk_id:
            raise ApiError(422, Err.CALL_EXISTS, f"staff call {call_id} belongs to another kiosk")
        return {"call_id": call_id, "recorded": True, "reason": reason, "ticket_number": number}

    def list_day(self, conn: Connection, day: str | None = None) -> list[dict]:
        rows = conn.execute(sa.select(staff_calls).where(staff_calls.c.day == (day or today()))
                            .order_by(staff_calls.c.id)).all()
        return [{"call_id": r.call_id, "kiosk_id": r.kiosk_id, "reason": r.reason,
                 "ticket_number": r.ticket_number, "at": r.at,
                 "received_at": datetime.fromtimestamp(r.received_at).astimezone()
                 .isoformat(timespec="seconds")} for r in rows]
