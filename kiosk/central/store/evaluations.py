"""Service evaluations (好差评): a score of 1..5 for a ticket, a case or the kiosk itself, with
the journey it was given at the end of, the reasons of a low score (``tags``) and a comment
made of preset phrases; :meth:`Evaluations.summary` counts them per journey."""
from __future__ import annotations

import json
import time

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk import protocol
from kiosk.central.db import metadata
from kiosk.central.fields import ApiError, field
from kiosk.central.store.sealed import Sealed
from kiosk.protocol import Err

evaluations = sa.Table(
    "evaluations", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("evaluation_id", sa.String(protocol.UUID_MAX), nullable=False, unique=True),
    sa.Column("kiosk_id", sa.String(protocol.KIOSK_ID_MAX), nullable=False),
    sa.Column("subject_type", sa.String(10), nullable=False),
    sa.Column("subject", sa.String(protocol.EVALUATION_SUBJECT_MAX), nullable=False),
    sa.Column("journey", sa.String(protocol.EVALUATION_JOURNEY_MAX), nullable=False,
              server_default=""),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("tags", sa.Text, nullable=False),
    sa.Column("comment", Sealed("evaluations.comment"), nullable=False),
    sa.Column("at", sa.String(protocol.TIMESTAMP_MAX), nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
)


LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}


def upgrade(engine) -> None:
    """A database made before evaluations named their journey gets the column (SQLite and
    PostgreSQL both add a column with a default in place)."""
    columns = {c["name"] for c in sa.inspect(engine).get_columns("evaluations")}
    if "journey" not in columns:
        with engine.begin() as conn:
            conn.execute(sa.text("ALTER TABLE evaluations ADD COLUMN journey "
                                 f"VARCHAR({protocol.EVALUATION_JOURNEY_MAX}) "
                                 "NOT NULL DEFAULT ''"))


class Evaluations:
    def summary(self, conn: Connection) -> list[dict]:
        """Per journey: how many ratings, how many of each level, the average, the reasons
        given (most frequent first)."""
        rows = conn.execute(sa.select(evaluations.c.journey, evaluations.c.score,
                                      evaluations.c.tags)).all()
        out: dict[str, dict] = {}
        for journey, score, tags in rows:
            j = out.setdefault(journey or "", {"journey": journey or "",
                                               "count": 0, "scores": {str(s): 0 for s in
                                                                      (5, 4, 3, 2, 1)},
                                               "reasons": {}})
            j["count"] += 1
            j["scores"][str(score)] += 1
            for t in json.loads(tags or "[]"):
                j["reasons"][t] = j["reasons"].get(t, 0) + 1
        result = []
        for j in sorted(out.values(), key=lambda j: j["journey"]):
            total = sum(int(s) * n for s, n in j["scores"].items())
            j["average"] = round(total / j["count"], 2)
            j["reasons"] = dict(sorted(j["reasons"].items(), key=lambda kv: (-kv[1], kv[0])))
            result.append(j)
        return result

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
        if len(tags) > protocol.EVALUATION_TAGS_MAX or any(len(t) > 40 for t in tags):
            raise ApiError(400, Err.INVALID, "at most 10 tags of up to 40 characters")
        journey = field(body, "journey", str, max_len=protocol.EVALUATION_JOURNEY_MAX,
                        optional=True) or ""
        comment = field(body, "comment", str, max_len=protocol.EVALUATION_COMMENT_MAX,
                        optional=True) or ""
        if conn.execute(sa.select(evaluations.c.id).where(
                evaluations.c.evaluation_id == evaluation_id)).first() is not None:
            raise ApiError(422, Err.EVALUATION_EXISTS, f"evaluation {evaluation_id} already stored")
        conn.execute(evaluations.insert().values(
            evaluation_id=evaluation_id, kiosk_id=kiosk_id, subject_type=subject_type,
            subject=subject, journey=journey, score=score,
            tags=json.dumps(tags, ensure_ascii=False),
            comment=comment, at=field(body, "at", str, max_len=protocol.TIMESTAMP_MAX),
            received_at=time.time()))
        return {"evaluation_id": evaluation_id, "recorded": True}
