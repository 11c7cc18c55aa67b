"""The take-a-ticket journey, step by step (no Qt).

Three taps from home to a printed ticket: 取号 → the service → 确认并打印. The ID card and the
SMS number are offers on the confirm screen, not steps of their own: a card placed on the
reader at any time before confirming is read (70+ priority, appointment check-in), and "add
an SMS number" opens the keypad and comes back. A print that fails leaves the number on
screen with reprint and staff help.
"""
from __future__ import annotations

import math

from kiosk.flows.notify import tap
from kiosk.flows.validate import E164_MAX_DIGITS, MOBILE_LEN, valid_mobile
from kiosk.journeys.steps.appointment_code import AppointmentCodeOffer
from kiosk.journeys.steps.idcard import CardStep, IdCardStep
from kiosk.journeys.steps.keypad import KeypadEntry
from kiosk.journeys.ticket.outcome import DONE, PRINT_FAILED, WORKING, TicketOutcome
from kiosk.services import Category

CATEGORY, CONFIRM, MOBILE = "category", "confirm", "mobile"
SCAN_CODE = "scan_code"  # an appointment QR code instead of the ID card (issue 12)

#: categories per page: elder mode shows fewer, larger tiles
PAGE_SIZE = 12
PAGE_SIZE_ELDER = 4

#: the step indicator: where the citizen is, of how many
PROGRESS = {CATEGORY: 1, CONFIRM: 2, MOBILE: 2, SCAN_CODE: 2, WORKING: 3, DONE: 3,
            PRINT_FAILED: 3}
PROGRESS_STEPS = 3


def _max_mobile_digits(typed: str) -> int:
    return E164_MAX_DIGITS if typed.startswith("+") else MOBILE_LEN


class TicketJourney(TicketOutcome):
    FIRST_STEP = CATEGORY
    INPUT_STEPS = frozenset({CATEGORY, CONFIRM, MOBILE, SCAN_CODE})
    STEPS = (CATEGORY, CONFIRM, MOBILE, SCAN_CODE, WORKING, DONE, PRINT_FAILED)

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.category: Category | None = None
        self.page = 0
        self.card = self.uses(IdCardStep(self, (CATEGORY, CONFIRM, MOBILE),
                                         on_card=self._card_read))
        # the appointment QR code, an offer beside the ID card's (kiosk.journeys.steps)
        self.appointment_qr = self.uses(AppointmentCodeOffer(
            self, SCAN_CODE, back_to=CONFIRM,
            category=lambda: self.category.code if self.category else None))
        self.mobile = self.uses(KeypadEntry(self, MOBILE, max_digits=_max_mobile_digits,
                                            prefixes=lambda: ("+",)))
        self._mobile_before = ""

    def start(self) -> None:
        super().start()
        self.card.enter()  # a card placed from now on is picked up

    @property
    def progress(self) -> tuple[int, int]:
        return PROGRESS.get(self.step, 1), PROGRESS_STEPS

    # ------------------------------------------------------------------ category
    def page_size(self) -> int:
        return PAGE_SIZE_ELDER if self.shell.state.elder else PAGE_SIZE

    def categories(self) -> tuple[Category, ...]:
        """In elder mode the busiest services come first (most citizens want those)."""
        cats = self.shell.state.categories
        if not self.shell.state.elder:
            return cats
        waiting = self.shell.state.hall or {}
        return tuple(sorted(cats, key=lambda c: -int(waiting.get(c.code, {}).get("issued", 0))))

    def page_count(self) -> int:
        return max(1, math.ceil(len(self.shell.state.categories) / self.page_size()))

    def visible_categories(self) -> tuple[Category, ...]:
        self.page = min(self.page, self.page_count() - 1)  # elder mode: fewer per page
        size = self.page_size()
        return self.categories()[self.page * size:(self.page + 1) * size]

    @tap
    def choose_category(self, code: str) -> None:
        if not self.at(CATEGORY):
            return
        category = next((c for c in self.shell.state.categories if c.code == code), None)
        if category is None:
            return
        self.category = category
        if self.card.card is not None and self.card.state is CardStep.READ:
            self.card.state = CardStep.LOOKING_UP  # read before the choice: look up now
            self._look_up_appointment(self.card.card)
        self.go(CONFIRM)

    @tap
    def page_next(self) -> None:
        if self.at(CATEGORY):
            self.page = min(self.page + 1, self.page_count() - 1)

    @tap
    def page_prev(self) -> None:
        if self.at(CATEGORY):
            self.page = max(self.page - 1, 0)

    # ------------------------------------------------------------------ ID card (an offer)
    def _card_read(self, card) -> None:
        if self.category is None:
            self.card.hold()  # the appointment look-up needs the service: after the choice
        else:
            self._look_up_appointment(card)

    def _look_up_appointment(self, card) -> None:
        self.central.appointments.find(card.id_number, self.category.code).then(
            self._appointment_found, self._appointment_failed)

    def _appointment_found(self, code) -> None:
        self.card.finish_lookup(appointment_code=code or None)

    def _appointment_failed(self, exc: BaseException) -> None:
        from kiosk.flows.errors import log_failure

        log_failure("appointment lookup", exc)
        self.card.lookup_failed("appointment_unknown")

    @tap
    def simulate_card(self) -> None:
        self.card.simulate()

    # ------------------------------------------------------------------ SMS (an offer)
    @tap
    def add_mobile(self) -> None:
        if self.at(CONFIRM):
            self._mobile_before = self.mobile.value
            self.go(MOBILE)

    @tap
    def mobile_next(self) -> None:
        if self.at(MOBILE) and valid_mobile(self.mobile.value):
            self.go(CONFIRM)

    @tap
    def skip_mobile(self) -> None:
        """"No SMS": no number, back to confirming."""
        if self.at(MOBILE, CONFIRM):
            self.mobile.value = ""
            self.go(CONFIRM)

    # ------------------------------------------------------------------ back / confirm
    @property
    def can_confirm(self) -> bool:
        return self.card.state is not CardStep.LOOKING_UP

    @tap
    def back(self) -> None:
        if self.step == MOBILE:
            self.mobile.value = self._mobile_before  # back: as it was before the keypad
            self.go(CONFIRM)
        elif self.step == CONFIRM:
            self.go(CATEGORY)
        elif self.step == SCAN_CODE:
            self.appointment_qr.cancel()
        elif self.step == CATEGORY:
            self.shell.go_home()

    @tap
    def confirm(self) -> None:
        if self.at(CONFIRM) and self.can_confirm:
            self.card.leave()
            self.take()

    def _request(self):
        holder = self.card.holder
        return self.central.queue.take_ticket(
            self.category.code,
            priority_reason=holder.priority_reason if holder else None,
            appointment_code=(holder.appointment_code if holder else None)
            or self.appointment_qr.code,
            mobile=self.mobile.value or None,
        )

    def wipe(self) -> None:
        super().wipe()
        self.category = None
