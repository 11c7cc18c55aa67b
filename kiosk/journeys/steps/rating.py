"""Rate the service (好差评) at the end of a journey: the national scheme's five levels, the
reasons of a low rating from a preset list, an optional comment made of preset phrases —
sent through the outbox, exactly once, and only when the citizen sends it.

The journey base offers it (:meth:`kiosk.journeys.base.Journey.finish`, for a journey that
sets ``RATE_SUBJECT``): Done on a result → this step → 提交评价 or 跳过 → the session ends.
A citizen who walks away (home, the idle timeout) sends nothing: the step is wiped with the
journey. Its screen is :class:`kiosk.ui.rating.RatingScreen`.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kiosk.flows.notify import tap

if TYPE_CHECKING:
    from kiosk.journeys.base import Journey

log = logging.getLogger(__name__)

#: the national 好差评 levels, best first: score → its name (the screen translates)
LEVELS: dict[int, str] = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
SCORES = tuple(LEVELS)  # 5 … 1, in the national order
#: levels at or below this are offered the reasons; below REASON_REQUIRED_BELOW one is needed
REASONS_AT_OR_BELOW = 3
REASON_REQUIRED_BELOW = 3
#: why a rating is low (codes sent as the evaluation's tags; the screen has the words)
REASONS = ("slow", "unclear", "machine", "repeat", "not_done", "help_late")
#: the preset phrases a comment is made of (codes; sent as their Chinese words, joined)
PHRASES = ("quick", "clear", "elder", "more_services", "long_wait", "needed_help")
PHRASE_TEXT = {  # what the server keeps as the comment (the source language)
    "quick": "方便快捷", "clear": "指引清楚", "elder": "长辈模式好用",
    "more_services": "希望增加更多服务", "long_wait": "等候时间长", "needed_help": "需要人工帮助",
}


class RateStep:
    """The rating of one finished journey. ``subject``: what is rated (a ticket number, a
    case id; the journey's name when the kiosk's service as such is rated)."""

    def __init__(self, journey: Journey, step: str, *, subject_type: str) -> None:
        self.journey = journey
        self.shell = journey.shell
        self.step = step
        self.subject_type = subject_type
        self.subject: str | None = None
        self.score: int | None = None
        self.reasons: list[str] = []
        self.phrases: list[str] = []
        self.sent = False  # sent once; a second tap sends nothing
        self.needs_reason = False  # 提交 on a low rating without a reason: say so

    # ------------------------------------------------------------------ for the journey
    def offer(self, subject: str) -> None:
        self.subject = subject
        self.journey.working = None
        self.journey.go(self.step)

    @property
    def offers_reasons(self) -> bool:
        return self.score is not None and self.score <= REASONS_AT_OR_BELOW

    @property
    def reason_required(self) -> bool:
        return self.score is not None and self.score < REASON_REQUIRED_BELOW

    # ------------------------------------------------------------------ taps
    @tap
    def rate(self, score: int) -> None:
        """One tap rates and sends (a result screen with the five levels inline, no reasons:
        the step's first form, kept for journeys that use it so)."""
        if not self.journey.at(self.step) or score not in SCORES or self.sent \
                or self.subject is None:
            return
        self.score, self.sent = score, True
        self.journey.central.evaluations.submit(
            self.subject_type, self.subject, score, journey=self.journey.spec.name).then(
            None, lambda exc: log.warning("rating not queued: %s", exc))

    def send_now(self, subject: str, score: int) -> None:
        """A good rating from the bar under a result: sent at once, nothing more to ask."""
        if self.sent or score not in SCORES:
            return
        self.subject, self.score, self.sent = subject, score, True
        self.journey.central.evaluations.submit(
            self.subject_type, subject, score, journey=self.journey.spec.name).then(
            None, lambda exc: log.warning("rating not queued: %s", exc))

    @tap
    def choose(self, score: int) -> None:
        """The rating screen: choose a level (reasons and phrases follow; 提交 sends)."""
        if not self.journey.at(self.step) or score not in SCORES or self.sent:
            return
        self.score = score
        self.needs_reason = False
        if not self.offers_reasons:
            self.reasons = []

    @tap
    def toggle_reason(self, code: str) -> None:
        if not self.journey.at(self.step) or self.sent or code not in REASONS \
                or not self.offers_reasons:
            return
        if code in self.reasons:
            self.reasons.remove(code)
        else:
            self.reasons.append(code)
            self.needs_reason = False

    @tap
    def toggle_phrase(self, code: str) -> None:
        if not self.journey.at(self.step) or self.sent or code not in PHRASES:
            return
        if code in self.phrases:
            self.phrases.remove(code)
        else:
            self.phrases.append(code)

    @tap
    def submit(self) -> None:
        if not self.journey.at(self.step) or self.sent or self.score is None \
                or self.subject is None:
            return
        if self.reason_required and not self.reasons:
            self.needs_reason = True
            return
        self.sent = True
        comment = "；".join(PHRASE_TEXT[p] for p in self.phrases)
        tags = [r for r in REASONS if r in self.reasons]  # a stable order
        self.journey.central.evaluations.submit(
            self.subject_type, self.subject, self.score, tags, comment,
            journey=self.journey.spec.name).then(
            None, lambda exc: log.warning("rating not queued: %s", exc))
        self.shell.finish()

    @tap
    def skip(self) -> None:
        if self.journey.at(self.step):
            self.shell.finish()

    def close(self) -> None:
        self.subject = None
        self.score = None
        self.reasons, self.phrases = [], []
