"""Kiosk heartbeats: the last one each kiosk sent (backlog, disk, device health) and a count."""
from __future__ import annotations

import json
import time
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk import protocol
from kiosk.central.db import metadata
from kiosk.central.fields import now_iso

heartbeats = sa.Table(
    "kiosk_heartbeats", metadata,
    sa.Column("kiosk_id", sa.String(protocol.KIOSK_ID_MAX), primary_key=True),
    sa.Column("last_at", sa.Float, nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
)


class Heartbeats:
    def record(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        text = json.dumps(body, ensure_ascii=False)[:20000]
        now = time.time()
        # beats come through the kiosk's outbox: one written earlier can arrive after a newer
        # one (released from parked, say). It still says the kiosk is alive; its state is
        # kept only when it is not older than the state already held
        values = {"last_at": now, "count": heartbeats.c.count + 1}
        held = conn.execute(sa.select(heartbeats.c.body)
                            .where(heartbeats.c.kiosk_id == kiosk_id)).scalar()
        if held is None or not _older(body.get("at"), _at_of(held)):
            values["body"] = text
        # count + 1 in the statement: a count read first and written back loses concurrent beats
        beat = heartbeats.update().where(heartbeats.c.kiosk_id == kiosk_id).values(**values)
        if conn.execute(beat).rowcount == 0:
            try:
                with conn.begin_nested():
                    conn.execute(heartbeats.insert().values(kiosk_id=kiosk_id, last_at=now,
                                                            count=1, body=text))
            except sa.exc.IntegrityError:  # a concurrent first beat created the row
                conn.execute(beat)
        return {"kiosk_id": kiosk_id, "server_time": now_iso()}


def _at_of(text: str):
    try:
        return json.loads(text).get("at")
    except (ValueError, AttributeError):
        return None


def _older(at, than) -> bool:
    """True when the ISO time ``at`` is before ``than`` (unknown or unparsable: not older)."""
    try:
        return datetime.fromisoformat(str(at)) < datetime.fromisoformat(str(than))
    except (TypeError, ValueError):
        return False
