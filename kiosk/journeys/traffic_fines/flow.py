"""交通违法缴款 step by step (no Qt).

The identity check (kiosk.journeys.steps.identity: id_card → id_consent → id_face | id_finger
→ verified) → fines (the person's traffic fines from the police side, unpaid ones payable) →
pay (the shared payment step on the fine's decision number: QR code, amount, time left) →
printing → done | print_failed. None unpaid: the fines screen says so.
"""
from __future__ import annotations

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.journeys.base import Journey
from kiosk.journeys.steps import identity as ident
from kiosk.journeys.steps.identity import IdentityCheck, Verified
from kiosk.journeys.steps.payment import PaymentStep
from kiosk.journeys.steps.printing import PrintStep

FINES, LOADING, PAY, PRINTING, DONE, PRINT_FAILED = (
    "fines", "loading", "pay", "printing", "done", "print_failed")
#: the window for traffic matters without the kiosk (demo hall: 户政 — the police zone)
WINDOW_CATEGORY = "police_household"


class TrafficFinesJourney(Journey):
    FIRST_STEP = ident.CARD
    INPUT_STEPS = frozenset({FINES}) | ident.INPUT_STEPS
    RESULT_STEPS = frozenset({DONE, PRINT_FAILED, ident.WINDOW, ident.FAILED})

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.identity = IdentityCheck(self, on_verified=self._verified,
                                      window_category=WINDOW_CATEGORY)
        self.printing = self.uses(PrintStep(self, working_step=PRINTING, done_step=DONE,
                                            failed_step=PRINT_FAILED))
        self.payment = self.uses(PaymentStep(self, PAY, printing=self.printing))
        self.verified: Verified | None = None
        self.fines: list = []  # kiosk.sync.police.TrafficFine
        self.chosen = None

    def start(self) -> None:
        self.identity.begin()

    def _verified(self, verified: Verified) -> None:
        self.verified = verified
        self._load()

    def _load(self) -> None:
        v = self.verified
        self.working = "loading"
        self.go(LOADING)
        self.central.police.traffic_fines(v.person.id_number, v.verification).then(
            self._loaded, self._load_failed)

    def _loaded(self, fines) -> None:
        self.working = None
        self.fines = list(fines)
        self.go(FINES)

    def _load_failed(self, exc: BaseException) -> None:
        self.fail("fines_unavailable", (Action.RETRY, Action.STAFF, Action.HOME), exc=exc,
                  retry=self._load)

    @property
    def unpaid(self) -> list:
        return [f for f in self.fines if not f.paid]

    @tap
    def pay(self, notice: str) -> None:
        if not self.at(FINES):
            return
        fine = next((f for f in self.unpaid if f.notice == notice), None)
        if fine is None:
            return
        self.chosen = fine
        self.payment.start(notice=fine.notice)

    @tap
    def other_fine(self) -> None:
        """From the QR screen (expired or cancelled): back to the list."""
        if self.at(PAY) and not self.busy:
            self.payment.close()
            self._load()  # afresh: a fine paid meanwhile is shown paid

    def reprint(self) -> None:
        self.printing.reprint()

    @tap
    def finish(self) -> None:
        if self.at(DONE, PRINT_FAILED, FINES, ident.WINDOW, ident.FAILED):
            self.shell.finish()

    @tap
    def back(self) -> None:
        if self.step in (ident.FACE, ident.FINGER, ident.RETRY):
            self.identity.decline()
        elif self.at(PAY) and not self.busy:
            self.other_fine()
        else:
            self.shell.go_home()

    @property
    def progress(self) -> tuple[int, int] | None:
        order = {ident.CARD: 1, ident.CONSENT: 1, ident.FACE: 2, ident.FINGER: 2,
                 ident.CHECKING: 2, ident.RETRY: 2, LOADING: 3, FINES: 3, PAY: 4,
                 PRINTING: 4, DONE: 4, PRINT_FAILED: 4}
        n = order.get(self.step)
        return (n, 4) if n else None

    def wipe(self) -> None:
        super().wipe()
        self.verified = None
        self.fines = []
        self.chosen = None
