"""审批进度查询 step by step (no Qt).

choose: ID card / case number / the receipt's QR code (each while its device works) →
- ID card → the citizen's cases (the server's lookup; the ID number in a POST body) → one;
- case number on the keypad (12 digits) → that case;
- QR code at the camera (the receipt's progress link) → that case;
→ detail: the stage among the six, the dates, what is missing, where and when to collect,
how the result comes → print the progress sheet (optional).
"""
from __future__ import annotations

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.journeys.base import Journey, Notice
from kiosk.journeys.case_progress.sheet import ProgressSheet
from kiosk.journeys.steps.idcard import IdCardStep
from kiosk.journeys.steps.keypad import KeypadEntry
from kiosk.journeys.steps.printing import PrintStep
from kiosk.journeys.steps.qrscan import QrScanStep
from kiosk.qr.codes import CASE, Scanned

CHOOSE, IDCARD, CASE_NO, QR, WORKING, LIST, DETAIL = (
    "choose", "idcard", "case_no", "qr", "working", "list", "detail")
CASE_DIGITS = 12
#: the stages in order (kiosk.protocol.CASE_STAGES), as the timeline shows them
STAGES = ("accepted", "in_review", "missing_materials", "approved", "ready_for_collection",
          "delivered")


class ProgressJourney(Journey):
    FIRST_STEP = CHOOSE
    INPUT_STEPS = frozenset({CHOOSE, IDCARD, CASE_NO, QR, LIST})
    RESULT_STEPS = frozenset({DETAIL})

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.card = self.uses(IdCardStep(self, IDCARD, on_card=self._card_read))
        self.case_no = self.uses(KeypadEntry(self, CASE_NO, max_digits=CASE_DIGITS))
        self.scanner = self.uses(QrScanStep(self, QR, on_code=self._scanned, kinds=(CASE,)))
        self.printing = self.uses(PrintStep(self, working_step=WORKING, done_step=DETAIL,
                                            failed_step=DETAIL))
        self.cases: list[dict] | None = None  # the citizen's cases (by ID card)
        self.case: dict | None = None  # the case on screen
        self.via: str = CHOOSE  # how the citizen came: where Back goes from the detail
        self.printed = False

    # ------------------------------------------------------------------ choose
    def ways(self) -> list[str]:
        """The ways in that work now: the keypad always; the card and the QR code while
        their devices do."""
        out = []
        if self.kind_up("idcard"):
            out.append(IDCARD)
        out.append(CASE_NO)
        if self.kind_up("camera"):
            out.append(QR)
        return out

    @tap
    def choose(self, way: str) -> None:
        if not self.at(CHOOSE) or way not in self.ways():
            return
        self.notice = None
        self.via = way
        if way == IDCARD:
            self.card.enter()
            self.go(IDCARD)
        elif way == CASE_NO:
            self.case_no.value = ""
            self.go(CASE_NO)
        else:
            self.scanner.enter()
            self.go(QR)

    # ------------------------------------------------------------------ by ID card
    def _card_read(self, card) -> None:
        id_number = getattr(card, "id_number", "")
        self.card.finish_lookup()
        self.card.leave()
        self._ask(lambda: self.central.cases.mine(id_number), self._mine)

    def _mine(self, cases) -> None:
        self.working = None
        self.cases = list(cases or [])
        self.go(LIST)
        self.shell.after_work()

    @tap
    def open_case(self, case_id: str) -> None:
        if not self.at(LIST):
            return
        case = next((c for c in self.cases or [] if c["case_id"] == case_id), None)
        if case is not None:
            self._show(case)

    # ------------------------------------------------------------------ by number, by QR
    @tap
    def case_next(self) -> None:
        if self.at(CASE_NO) and len(self.case_no.digits) == CASE_DIGITS and not self.busy:
            number = self.case_no.digits
            self._ask(lambda: self.central.cases.track(number), self._show,
                      not_found=CASE_NO)

    def _scanned(self, scanned: Scanned) -> None:
        self.scanner.leave()
        self._ask(lambda: self.central.cases.track(scanned.code), self._show, not_found=QR)

    # ------------------------------------------------------------------ asking
    def _ask(self, request, done, *, not_found: str | None = None) -> None:
        self.working = "looking_up"
        back = self.step
        self.go(WORKING)

        def failed(exc: BaseException) -> None:
            self.working = None
            if not getattr(exc, "retry", True) and not_found is not None:
                self.notice = Notice("case_unknown")  # the server answered: no such case
                self.go(back)
                if back == QR:
                    self.scanner.enter()
                return
            self.fail("lookup_failed", (Action.RETRY, Action.STAFF, Action.HOME), exc=exc,
                      retry=lambda: self._ask(request, done, not_found=not_found))

        request().then(done, failed)

    def _show(self, case: dict) -> None:
        self.working = None
        self.notice = None
        self.case = dict(case)
        self.printed = False
        self.printing.problem = None
        self.go(DETAIL)
        self.shell.after_work()

    # ------------------------------------------------------------------ detail
    def stage_index(self) -> int:
        """Where the case is among STAGES (-1: before acceptance, e.g. still on a kiosk)."""
        status = (self.case or {}).get("status", "")
        return STAGES.index(status) if status in STAGES else -1

    def stage_dates(self) -> dict[str, str]:
        """The first date each stage was reached."""
        out: dict[str, str] = {}
        for e in (self.case or {}).get("events", []):
            out.setdefault(e["status"], e["at"][:10])
        return out

    @tap
    def print_sheet(self) -> None:
        if self.at(DETAIL) and self.case is not None and self.kind_up("printer") \
                and not self.busy:
            self.printing.on_printed = lambda _r: setattr(self, "printed", True)
            self.printing.start(ProgressSheet(self.case, self.stage_dates(),
                                              self.shell.state.hall_name))

    @tap
    def finish(self) -> None:
        if self.at(DETAIL, LIST):
            self.shell.finish()

    @tap
    def back(self) -> None:
        if self.busy:
            return
        if self.step == CHOOSE:
            self.shell.go_home()
        elif self.step in (IDCARD, CASE_NO, QR):
            if self.step == IDCARD:
                self.card.leave()
            elif self.step == QR:
                self.scanner.leave()
            self.notice = None
            self.go(CHOOSE)
        elif self.step == LIST:
            self.go(CHOOSE)
        elif self.step == DETAIL:
            self.case = None
            self.go(LIST if self.via == IDCARD and self.cases is not None else CHOOSE)

    def wipe(self) -> None:
        super().wipe()
        self.cases = None
        self.case = None
        self.case_no.value = ""
