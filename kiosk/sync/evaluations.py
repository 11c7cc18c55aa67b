"""Service evaluations (``central.evaluations``, 好差评): delivered through the outbox."""
from __future__ import annotations

import time
import uuid

from kiosk import protocol as P
from kiosk.services import ServiceUnavailable
from kiosk.sync import schema
from kiosk.sync.client import now_iso
from kiosk.sync.outbox import Outbox
from kiosk.sync.relay import Relay


class EvaluationRefused(ServiceUnavailable):
    """The evaluation is not one the server would take (score, subject type)."""

    retry = False  # the server answered no: the same request would get the same answer


class Evaluations:
    def __init__(self, kiosk_id: str, outbox: Outbox, relay: Relay) -> None:
        self.kiosk_id = kiosk_id
        self.outbox, self.relay = outbox, relay

    def submit(self, subject_type: str, subject: str, score: int, tags: list[str] = (),
               comment: str = "", journey: str = "") -> str:
        """Store an evaluation of a ticket, a case or the kiosk; returns its id once durable.
        ``journey``: the journey it was given at the end of; ``tags``: the reasons of a low
        score (codes); ``comment``: preset phrases the citizen chose.

        Checked here against the protocol, so the outbox never holds one the server parks."""
        if subject_type not in P.EVALUATION_SUBJECTS or not isinstance(score, int) \
                or score not in P.SCORES or len(tags) > P.EVALUATION_TAGS_MAX \
                or len(journey) > P.EVALUATION_JOURNEY_MAX:
            raise EvaluationRefused("This rating cannot be sent.", "该评价无法提交",
                                    detail=f"evaluation of {subject_type!r} with score {score!r}")
        evaluation_id = uuid.uuid4().hex

        def work(tx) -> None:
            e = tx.add("evaluation", P.EVALUATIONS, {
                "evaluation_id": evaluation_id, "kiosk_id": self.kiosk_id,
                "subject_type": subject_type, "subject": subject, "score": score,
                "journey": journey,
                "tags": list(tags), "comment": comment[:P.EVALUATION_COMMENT_MAX],
                "at": now_iso(),
            }, ref=evaluation_id)
            tx.insert(schema.submissions, ref=evaluation_id, kind="evaluation",
                      created_at=time.time(), outbox_id=e.id)

        self.outbox.write(work)
        self.relay.kick()
        return evaluation_id
