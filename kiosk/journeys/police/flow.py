"""公安自助 step by step (no Qt).

choose (which document) → the identity check (kiosk.journeys.steps.identity: id_card →
id_consent → id_face | id_finger → id_checking → verified; or id_window / id_failed) →
purpose → working (the server issues the PDF; then printing) → done | print_failed.

Printing: on the A4 document printer when one works (``print_document``: the job is
confirmed when the printer reports it completed); else a thermal receipt on the ticket
printer with the verification QR and a pick-up code — the window prints the document; with
neither, the codes are on screen. The PDF, which carries the particulars, lives only in this
object until the journey ends; the card's particulars (:class:`Person`) likewise.
"""
from __future__ import annotations

import logging
import uuid

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.journeys.base import N_, Journey
from kiosk.journeys.police.receipt import PickupReceipt
from kiosk.journeys.steps import identity as ident
from kiosk.journeys.steps.identity import IdentityCheck, Verified
from kiosk.journeys.steps.printing import PrintStep

log = logging.getLogger(__name__)

CHOOSE, PURPOSE, WORKING, DONE, PRINT_FAILED = "choose", "purpose", "working", "done", \
    "print_failed"
ISSUING = "issuing"
A4, THERMAL = "a4printer", "printer"
#: where the window that does this without the kiosk is (demo hall: 户政 C01–C12)
WINDOW_CATEGORY = "police_household"

#: kind → (title, what it is for, the purposes offered); the server knows the same kinds
KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "temporary_id": (N_("临时身份证明"), N_("身份证丢失或正在办理时，乘车、住宿等临时使用"),
                     (N_("乘坐火车"), N_("乘坐飞机"), N_("住宿登记"), N_("银行业务"), N_("其他"))),
    "no_criminal_record": (N_("无犯罪记录证明"), N_("就业、出国（境）、入学等需要时使用"),
                           (N_("就业"), N_("出国（境）"), N_("入学"), N_("资格审查"),
                            N_("其他"))),
    "residence": (N_("居住证明"), N_("子女入学、社保医保等需要证明居住地时使用"),
                  (N_("子女入学"), N_("社保医保"), N_("就业登记"), N_("其他"))),
}


class PoliceJourney(Journey):
    FIRST_STEP = CHOOSE
    INPUT_STEPS = frozenset({CHOOSE, PURPOSE}) | ident.INPUT_STEPS
    RESULT_STEPS = frozenset({DONE, ident.WINDOW, ident.FAILED})
    FAILED_CODE = "police_issue_failed"

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.identity = IdentityCheck(self, on_verified=self._verified,
                                      window_category=WINDOW_CATEGORY)
        self.printing = self.uses(PrintStep(self, working_step=WORKING, done_step=DONE,
                                            failed_step=PRINT_FAILED))
        self.kind: str | None = None
        self.verified: Verified | None = None
        self.purpose: str | None = None
        self.document = None  # kiosk.sync.police.IssuedDocument, until the journey ends
        self.printed_on: str | None = None  # "a4printer" | "printer" | None (on screen)
        self.print_problem: str | None = None
        self._key: str | None = None  # one issue request: a retry gets the same document

    # ------------------------------------------------------------------ choose
    @tap
    def choose(self, kind: str) -> None:
        if not self.at(CHOOSE) or kind not in KINDS:
            return
        self.kind = kind
        self.identity.begin()

    @property
    def purposes(self) -> tuple[str, ...]:
        return KINDS[self.kind][2] if self.kind else ()

    def _verified(self, verified: Verified) -> None:
        self.verified = verified
        self.go(PURPOSE)

    # ------------------------------------------------------------------ purpose → issue
    @tap
    def pick_purpose(self, purpose: str) -> None:
        if not self.at(PURPOSE) or purpose not in self.purposes:
            return
        self.purpose = purpose
        self._key = uuid.uuid4().hex
        self._issue()

    def _issue(self) -> None:
        v = self.verified
        self.working = ISSUING
        self.go(WORKING)
        self.central.police.issue(self.kind, self.purpose, v.person.as_dict(), v.verification,
                                  key=self._key).then(self._issued, self._issue_failed)

    def _issue_failed(self, exc: BaseException) -> None:
        self.fail(self.FAILED_CODE, (Action.RETRY, Action.STAFF, Action.HOME), exc=exc,
                  retry=self._issue)

    def _issued(self, document) -> None:
        self.document = document
        log.info("police: %s %s issued", document.kind, document.code)
        self._print()

    def _print(self) -> None:
        doc = self.document
        if self.kind_up(A4):
            self.printed_on = A4
            self.working = "printing"
            self.go(WORKING)
            self.device(A4).print_document(doc.pdf, pages=1, copies=1,
                                           title=f"{doc.title} {doc.code}").then(
                self._a4_printed, self._a4_failed)
        elif self.kind_up(THERMAL):
            self.printed_on = THERMAL
            self.printing.start(self.receipt())
        else:
            self.printed_on = None
            self.working = None
            self.go(DONE)
            self.shell.after_work()

    def receipt(self) -> PickupReceipt:
        doc, st = self.document, self.shell.state
        w = self.identity.window() or {}
        return PickupReceipt(title=doc.title, title_en=doc.title_en, code=doc.code,
                             pickup_code=doc.pickup_code, holder=doc.holder,
                             verify_url=doc.verify_url, windows=w.get("windows", ""),
                             hall_name=st.hall_name, issued_at=self.shell.clock())

    def _a4_printed(self, result) -> None:
        self.working = None
        self.print_problem = None
        self.go(DONE)
        self.shell.after_work()

    def _a4_failed(self, exc: BaseException) -> None:
        from kiosk.flows.errors import log_failure, print_problem

        self.working = None
        self.print_problem = print_problem(exc)
        log_failure("police: A4 printing", exc)
        self.go(PRINT_FAILED)
        self.shell.after_work()

    # ------------------------------------------------------------------ done
    @property
    def can_reprint(self) -> bool:
        return self.document is not None and (self.kind_up(A4) or self.kind_up(THERMAL))

    @tap
    def reprint(self) -> None:
        if self.at(PRINT_FAILED) and self.can_reprint:
            self._print()

    @tap
    def finish(self) -> None:
        if self.at(DONE, PRINT_FAILED, ident.WINDOW, ident.FAILED):
            self.shell.finish()

    @tap
    def back(self) -> None:
        if self.step == CHOOSE:
            self.shell.go_home()
        elif self.step in (ident.CARD, ident.CONSENT, ident.WINDOW, ident.FAILED):
            self.identity.close()  # nothing kept from a check that did not finish
            self.go(CHOOSE)
        elif self.step in (ident.FACE, ident.FINGER, ident.RETRY):
            self.identity.decline()
        elif self.step == PURPOSE:
            self.shell.go_home()

    def voice_key(self) -> str | None:
        return None

    @property
    def progress(self) -> tuple[int, int] | None:
        order = {CHOOSE: 1, ident.CARD: 2, ident.CONSENT: 2, ident.FACE: 3, ident.FINGER: 3,
                 ident.CHECKING: 3, ident.RETRY: 3, PURPOSE: 4, WORKING: 5, DONE: 5,
                 PRINT_FAILED: 5}
        n = order.get(self.step)
        return (n, 5) if n else None

    def staff_reason(self) -> tuple[str, str | None]:
        return self.screen, self.document.code if self.document else None

    def wipe(self) -> None:
        super().wipe()
        self.kind = self.purpose = None
        self.verified = None
        self.document = None
        self.printed_on = self.print_problem = None
        self._key = None
