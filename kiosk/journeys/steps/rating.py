"""Rate the service (好差评): 1–5 after a finished journey, sent through the outbox."""
from __future__ import annotations

import logging

from kiosk.flows.notify import tap
from kiosk.journeys.base import Journey

log = logging.getLogger(__name__)

SCORES = (5, 4, 3, 2, 1)  # 非常满意 … 非常不满意, in the national 好差评 order


class RateStep:
    """Offer a rating of ``subject`` (a ticket number, a case id); never required."""

    def __init__(self, journey: Journey, step: str, *, subject_type: str) -> None:
        self.journey = journey
        self.shell = journey.shell
        self.step = step
        self.subject_type = subject_type
        self.subject: str | None = None
        self.score: int | None = None

    @tap
    def rate(self, score: int) -> None:
        if not self.journey.at(self.step) or score not in SCORES or self.score is not None \
                or self.subject is None:
            return
        self.score = score
        self.journey.central.evaluations.submit(self.subject_type, self.subject, score).then(
            None, lambda exc: log.warning("rating not queued: %s", exc))

    def close(self) -> None:
        self.subject = None
        self.score = None
