"""便民缴费 step by step (no Qt).

notice (the notice number on the keypad) → pay (the shared payment step: the server looks
the notice up and makes the order; its QR code, the amount, the item and the time left;
paid / expired / cancelled) → printing → done (or print_failed: reprint; the payment stands)
→ Done → rate (好差评, the journey base) → home.

A number the server does not know, or a notice already paid, brings the citizen back to the
keypad with the reason; a server that cannot be asked is the error screen with retry.
"""
from __future__ import annotations

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.journeys.base import Journey
from kiosk.journeys.steps.keypad import KeypadEntry
from kiosk.journeys.steps.payment import PaymentStep
from kiosk.journeys.steps.printing import PrintStep

NOTICE, PAY, PRINTING, DONE, PRINT_FAILED = "notice", "pay", "printing", "done", "print_failed"
#: payment notice numbers have 16 (traffic-fine decisions) to 20 digits (非税缴款通知书)
MIN_DIGITS, MAX_DIGITS = 12, 20
#: the server's refusals shown on the keypad screen instead of an error screen
INLINE_REFUSALS = ("unknown_notice", "notice_paid")


class PaymentsJourney(Journey):
    FIRST_STEP = NOTICE
    INPUT_STEPS = frozenset({NOTICE})
    RESULT_STEPS = frozenset({DONE, PRINT_FAILED})
    RATE_SUBJECT = "kiosk"  # the kiosk's payment service (the order id is not a case)

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.entry = self.uses(KeypadEntry(self, NOTICE, max_digits=MAX_DIGITS))
        self.printing = self.uses(PrintStep(self, working_step=PRINTING, done_step=DONE,
                                            failed_step=PRINT_FAILED))
        self.payment = self.uses(PaymentStep(self, PAY, printing=self.printing,
                                             on_refused=self._refused))
        self.problem: str | None = None  # "too_short" | a refusal code, shown at the keypad

    @property
    def progress(self) -> tuple[int, int] | None:
        return {NOTICE: (1, 3), PAY: (2, 3), PRINTING: (3, 3), DONE: (3, 3),
                PRINT_FAILED: (3, 3)}.get(self.step)

    @tap
    def next(self) -> None:
        """确认编号: ask the server for the order of this notice."""
        if not self.at(NOTICE):
            return
        digits = self.entry.digits
        if len(digits) < MIN_DIGITS:
            self.problem = "too_short"
            return
        self.problem = None
        self.payment.start(notice=digits)

    def _refused(self, exc: BaseException) -> None:
        code = getattr(exc, "code", "")
        if code in INLINE_REFUSALS:
            self.problem = code
            self.go(NOTICE)
            return
        self.fail("payment_failed", (Action.RETRY, Action.STAFF, Action.HOME), exc=exc,
                  retry=self.payment.retry)

    @tap
    def retype(self) -> None:
        """After an expired or cancelled order: type another number."""
        if self.at(PAY) and not self.busy:
            self.payment.close()
            self.entry.value = ""
            self.go(NOTICE)

    def reprint(self) -> None:
        self.printing.reprint()

    def back(self) -> None:
        if self.at(NOTICE):
            self.shell.go_home()
        elif self.at(PAY) and not self.busy:
            self.retype()
        else:
            self.shell.go_home()

    def wipe(self) -> None:
        super().wipe()
        self.problem = None
