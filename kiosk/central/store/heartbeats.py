"""Kiosk heartbeats: the last one each kiosk sent (backlog, disk, device health) and a count."""
from __future__ import annotations

import json
import time

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
