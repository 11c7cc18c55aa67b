from __future__ import annotations

from kiosk.flows.notify import tap
from kiosk.journeys.base import Journey
from kiosk.journeys.steps.keypad import KeypadEntry
from kiosk.journeys.steps.rating import RateStep

VALID = {"2468"}


class CodeJourney(Journey):
    FIRST_STEP = "code"
    INPUT_STEPS = frozenset({"code"})
    RESULT_STEPS = frozenset({"answer"})

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.code = self.uses(KeypadEntry(self, "code", max_digits=4))
        self.rating = self.uses(RateStep(self, "answer", subject_type="sample"))
        self.valid: bool | None = None

    @tap
    def confirm(self) -> None:
        if self.at("code") and len(self.code.value) == 4:
            self.valid = self.code.value in VALID
            self.rating.subject = self.code.value
            self.go("answer")

    def wipe(self) -> None:
        super().wipe()
        self.valid = None
