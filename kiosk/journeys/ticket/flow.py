"""The take-a-ticket journey, step by step (no Qt).

category → ID card (optional: 70+ priority, appointment check-in) → mobile number (optional,
for the SMS call) → confirm → take the number → print → done. A print that fails leaves the
number on screen with reprint and staff help.
"""
from __future__ import annotations

import math

from kiosk.flows.notify import tap
from kiosk.flows.validate import MOBILE_LEN, valid_mobile
from kiosk.journeys.steps.idcard import CardStep, IdCardStep
from kiosk.journeys.steps.keypad import KeypadEntry
from kiosk.journeys.ticket.outcome import DONE, PRINT_FAILED, WORKING, TicketOutcome
from kiosk.services import Category

CATEGORY, IDCARD, MOBILE, CONFIRM = "category", "idcard", "mobile", "confirm"

#: categories per page: elder mode shows fewer, larger tiles
PAGE_SIZE = 12
PAGE_SIZE_ELDER = 6


class TicketJourney(TicketOutcome):
    FIRST_STEP = CATEGORY
    INPUT_STEPS = frozenset({CATEGORY, IDCARD, MOBILE, CONFIRM})
    STEPS = (CATEGORY, IDCARD, MOBILE, CONFIRM, WORKING, DONE, PRINT_FAILED)

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.category: Category | None = None
        self.page = 0
        self.card = self.uses(IdCardStep(self, IDCARD, on_card=self._look_up_appointment))
        self.mobile = self.uses(KeypadEntry(self, MOBILE, max_digits=MOBILE_LEN))

    # ------------------------------------------------------------------ category
    def page_size(self) -> int:
        return PAGE_SIZE_ELDER if self.shell.state.elder else PAGE_SIZE

    def page_count(self) -> int:
        return max(1, math.ceil(len(self.shell.state.categories) / self.page_size()))

    def visible_categories(self) -> tuple[Category, ...]:
        self.page = min(self.page, self.page_count() - 1)  # elder mode: fewer per page
        size = self.page_size()
        return self.shell.state.categories[self.page * size:(self.page + 1) * size]

    @tap
    def choose_category(self, code: str) -> None:
        if not self.at(CATEGORY):
            return
        category = next((c for c in self.shell.state.categories if c.code == code), None)
        if category is not None:
            self.category = category
            self._enter_idcard()

    @tap
    def page_next(self) -> None:
        if self.at(CATEGORY):
            self.page = min(self.page + 1, self.page_count() - 1)

    @tap
    def page_prev(self) -> None:
        if self.at(CATEGORY):
            self.page = max(self.page - 1, 0)

    # ------------------------------------------------------------------ ID card
    def _enter_idcard(self) -> None:
        if self.card.enter():
            self.go(IDCARD)
        else:  # no reader: skip the step; its notice says how to get priority anyway
            self.go(MOBILE)

    @tap
    def skip_idcard(self) -> None:
        """Skip (no card) or Next (card read): both go on to the mobile number."""
        if not self.at(IDCARD) or self.card.state is CardStep.LOOKING_UP:
            return
        self.card.leave()
        self.go(MOBILE)

    def _look_up_appointment(self, card) -> None:
        code = self.category.code if self.category else ""
        self.central.appointments.find(card.id_number, code).then(
            self._appointment_found, self._appointment_failed)

    def _appointment_found(self, code) -> None:
        self.card.finish_lookup(appointment_code=code or None)

    def _appointment_failed(self, exc: BaseException) -> None:
        from kiosk.flows.errors import log_failure

        log_failure("appointment lookup", exc)
        self.card.lookup_failed("appointment_unknown")

    # ------------------------------------------------------------------ mobile
    @tap
    def mobile_next(self) -> None:
        if self.at(MOBILE) and valid_mobile(self.mobile.value):
            self.card.notice = None
            self.go(CONFIRM)

    @tap
    def skip_mobile(self) -> None:
        if self.at(MOBILE):
            self.mobile.value = ""
            self.card.notice = None
            self.go(CONFIRM)

    # ------------------------------------------------------------------ back / confirm
    @tap
    def back(self) -> None:
        if self.step == IDCARD:
            self.card.leave()
            self.go(CATEGORY)
        elif self.step == MOBILE:
            if self.card.state is CardStep.UNAVAILABLE:
                self.go(CATEGORY)
            else:
                self._enter_idcard()
        elif self.step == CONFIRM:
            self.go(MOBILE)
        elif self.step == CATEGORY:
            self.shell.go_home()

    @tap
    def confirm(self) -> None:
        if self.at(CONFIRM):
            self.take()

    def _request(self):
        holder = self.card.holder
        return self.central.queue.take_ticket(
            self.category.code,
            priority_reason=holder.priority_reason if holder else None,
            appointment_code=holder.appointment_code if holder else None,
            mobile=self.mobile.value or None,
        )

    def wipe(self) -> None:
        super().wipe()
        self.category = None
