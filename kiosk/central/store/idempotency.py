"""Idempotency records: one per (kiosk, Idempotency-Key), holding the answer given.

A key is claimed (state ``running``) in a short transaction of its own; the business change
and :meth:`Idempotency.finish` (state ``done``, the answer) then commit together. The rules
that read these records (replay, 409, 422, taking over an abandoned claim) are the API's
(``kiosk/central/api.py``); this module only stores them.
"""
from __future__ import annotations

import time

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk import protocol
from kiosk.central.db import metadata
from kiosk.central.store.sealed import Sealed

idempotency = sa.Table(
    "idempotency_keys", metadata,
    sa.Column("kiosk_id", sa.String(protocol.KIOSK_ID_MAX), primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("method", sa.String(8), nullable=False),
    sa.Column("path", sa.String(300), nullable=False),
    sa.Column("body_hash", sa.String(64), nullable=False),
    sa.Column("state", sa.String(10), nullable=False),  # running | done
    sa.Column("status", sa.Integer),
    # the answer given, which may carry personal data (an SSC card's script): sealed
    sa.Column("response", Sealed("idempotency_keys.response")),
    sa.Column("created_at", sa.Float, nullable=False, index=True),
    sa.Column("updated_at", sa.Float, nullable=False),
)
MAX_PATH = idempotency.c.path.type.length

_FINISH = idempotency.update().where(
    (idempotency.c.kiosk_id == sa.bindparam("b_kiosk"))
    & (idempotency.c.key == sa.bindparam("b_key"))
).values(state="done", status=sa.bindparam("b_status"), response=sa.bindparam("b_response"),
         updated_at=sa.bindparam("b_at"))


def _one(kiosk_id: str, key: str):
    return (idempotency.c.kiosk_id == kiosk_id) & (idempotency.c.key == key)


class Idempotency:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @staticmethod
    def get(conn: Connection, kiosk_id: str, key: str):
        return conn.execute(sa.select(idempotency).where(_one(kiosk_id, key))).first()

    @staticmethod
    def get_many(conn: Connection, kiosk_id: str, keys: list[str]) -> list:
        return conn.execute(sa.select(idempotency).where(
            (idempotency.c.kiosk_id == kiosk_id) & idempotency.c.key.in_(keys))).all()

    @staticmethod
    def claim(conn: Connection, kiosk_id: str, claims: list[tuple[str, str, str]],
              method: str = "POST") -> None:
        """Insert ``running`` records for (key, path, body hash) triples in one statement;
        IntegrityError when one of the keys exists (a twin claimed it meanwhile)."""
        now = time.time()
        conn.execute(idempotency.insert(), [{
            "kiosk_id": kiosk_id, "key": key, "method": method, "path": path,
            "body_hash": digest, "state": "running", "created_at": now, "updated_at": now}
            for key, path, digest in claims])

    @staticmethod
    def take_over(conn: Connection, kiosk_id: str, key: str) -> None:
        """An abandoned ``running`` claim is this request's now."""
        conn.execute(idempotency.update().where(_one(kiosk_id, key)).values(updated_at=time.time()))

    @staticmethod
    def finish(conn: Connection, kiosk_id: str, key: str, status: int, body: bytes) -> None:
        Idempotency.finish_many(conn, [(kiosk_id, key, status, body)])

    @staticmethod
    def finish_many(conn: Connection, answers: list[tuple[str, str, int, bytes]]) -> None:
        now = time.time()
        conn.execute(_FINISH, [{"b_kiosk": k, "b_key": key, "b_status": status,
                                "b_response": body.decode(), "b_at": now}
                               for k, key, status, body in answers])

    @staticmethod
    def release(conn: Connection, kiosk_id: str, key: str) -> None:
        """Forget a claim whose request failed (the kiosk's retry runs it afresh)."""
        conn.execute(idempotency.delete().where(
            _one(kiosk_id, key) & (idempotency.c.state == "running")))

    def purge(self, retention_days: float) -> int:
        cutoff = time.time() - retention_days * 86400
        with self.engine.begin() as conn:
            return conn.execute(idempotency.delete().where(
                idempotency.c.created_at < cutoff)).rowcount
