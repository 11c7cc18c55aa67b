"""Print a document for the citizen, and when it fails, keep it on screen with reprint and
staff help: what was issued never silently vanishes."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.flows.errors import log_failure, print_problem
from kiosk.journeys.base import Journey

log = logging.getLogger(__name__)


class PrintStep:
    def __init__(self, journey: Journey, *, kind: str = "printer", working_step: str,
                 done_step: str, failed_step: str) -> None:
        self.journey = journey
        self.shell = journey.shell
        self.kind = kind
        self.working_step, self.done_step, self.failed_step = working_step, done_step, failed_step
        self.document: Any = None
        self.problem: str | None = None  # a kiosk.flows.errors.PRINT_PROBLEMS code
        self.reprints = 0
        self.on_printed: Callable[[Any], None] | None = None

    @property
    def can_reprint(self) -> bool:
        return self.journey.kind_up(self.kind)

    def start(self, document: Any) -> None:
        self.document = document
        self.journey.working = "printing"
        self.journey.go(self.working_step)
        self.journey.print(self.kind, document).then(self._printed, self._failed)

    def reprint(self) -> None:
        if self.document is None or not self.journey.at(self.failed_step) \
                or not self.can_reprint:
            return
        self.reprints += 1
        self.start(self.document)

    def _printed(self, result) -> None:
        self.journey.working = None
        self.problem = None
        self.journey.go(self.done_step)
        self.shell.after_work()
        if self.on_printed is not None:
            self.on_printed(result)

    def _failed(self, exc: BaseException) -> None:
        self.journey.working = None
        self.problem = print_problem(exc)
        log_failure(f"{self.journey.spec.name}: printing", exc)
        self.journey.go(self.failed_step)
        self.shell.after_work()

    def close(self) -> None:
        self.document = None
