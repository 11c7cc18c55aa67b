"""Service evaluations (好差评): a score of 1..5 for a ticket, a case or the kiosk itself."""
from __future__ import annotations

import json
import time

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk import protocol
from kiosk.central.db import metadata
from kiosk.central.fields import ApiError, field
from kiosk.protocol import Err

evaluations = sa.Table(
    "evaluations", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("evaluation_id", sa.String(protocol.UUID_MAX), nullable=False, unique=True),
    sa.Column("kiosk_id", sa.String(protocol.KIOSK_ID_MAX), nullable=False),
    sa.Column("subject_type", sa.String(10), nullable=False),
    sa.Column("subject", sa.String(protocol.EVALUATION_SUBJECT_MAX), nullable=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("tags", sa.Text, nullable=False),
    sa.Column("comment", sa.String(protocol.EVALUATION_COMMENT_MAX), nullable=False),
    sa.Column("at", sa.String(protocol.TIMESTAMP_MAX), nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
)


class Evaluations:
    def record(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        evaluation_id = field(body, "evaluation_id", str, max_len=protocol.UUID_MAX)
        score = field(body, "score", int)
        if score not in protocol.SCORES:
            raise ApiError(400, Err.INVALID, "score must be 1..5")
        subject_type = field(body, "subject_type", str)
        if subject_type not in protocol.EVALUATION_SUBJECTS:
            raise ApiError(400, Err.INVALID, "subject_type must be ticket, case or kiosk")
        subject = field(body, "subject", str, max_len=protocol.EVALUATION_SUBJECT_MAX)
        tags = body.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ApiError(400, Err.INVALID, "tags must be a list of strings")
        comment = field(body, "comment", str, max_len=protocol.EVALUATION_COMMENT_MAX,
                        optional=True) or ""
        if conn.execute(sa.select(evaluations.c.id).where(
                evaluations.c.evaluation_id == evaluation_id)).first() is not None:
            raise ApiError(422, Err.EVALUATION_EXISTS, f"evaluation {evaluation_id} already stored")
        conn.execute(evaluations.insert().values(
            evaluation_id=evaluation_id, kiosk_id=kiosk_id, subject_type=subject_type,
            subject=subject, score=score, tags=json.dumps(tags, ensure_ascii=False),
            comment=comment, at=field(body, "at", str, max_len=protocol.TIMESTAMP_MAX),
            received_at=time.time()))
        return {"evaluation_id": evaluation_id, "recorded": True}
