"""自助打印 step by step (no Qt): ID card → certificate → period → the server makes the PDF
→ preview → print → take it.

What the card gave (ID number and name) is kept only while the journey runs, to ask the
server; the PDF is kept in memory for the one reprint a failed print allows. Every print and
failed print is reported to the server (through the outbox), which counts them.
"""
from __future__ import annotations

import logging
from datetime import date

from drivers.kinds.smart_card import SscCardRead
from kiosk.flows.effects import Request
from kiosk.flows.errors import log_failure
from kiosk.flows.flow import wipe_data
from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.flows.validate import mask_name
from kiosk.journeys.base import N_, Journey
from kiosk.journeys.steps.idcard import CardStep, Holder, IdCardStep
from kiosk.printing.documents import PdfDocument

log = logging.getLogger(__name__)

IDENTIFY, CHOOSE, PERIOD, GENERATING = "identify", "choose", "period", "generating"
PREVIEW, PRINTING, DONE, PRINT_FAILED = "preview", "printing", "done", "print_failed"
PRINTER = "a4printer"
READER = "smartcard"  # the social-security card, when the kiosk has its reader
REPRINTS = 1  # a failed print may be printed again this many times from the same PDF

#: kind → (title, what it holds), Chinese source strings (the screens translate)
KINDS = {
    "ssc_record": (N_("社会保险个人参保证明"), N_("养老、医疗、失业保险的缴费明细")),
    "tax_certificate": (N_("个人所得税纳税记录"), N_("按年度列出的工资薪金纳税记录")),
    "property_info": (N_("不动产登记信息"), N_("本人名下在本市登记的房产")),
    "household_extract": (N_("户籍信息摘录"), N_("户主、住址和同户成员")),
}
#: what a social-security card identifies for: the social-security record (the others are
#: held by other departments and need the ID card)
SSC_KINDS = frozenset({"ssc_record"})


def periods(kind: str, today: date) -> list[tuple[str, str, dict]]:
    """(period, words, fields for the words) the citizen may choose for ``kind``; empty when
    the certificate has no period (it shows what the register holds today)."""
    if kind == "ssc_record":
        out = []
        for months in (12, 24, 36):
            y, m = today.year, today.month - months + 1
            while m < 1:
                y, m = y - 1, m + 12
            out.append((f"{y}-{m:02d}/{today.year}-{today.month:02d}",
                        N_("最近{n}个月"), {"n": months}))
        return out
    if kind == "tax_certificate":
        return [(str(y), N_("{year}年度"), {"year": y})
                for y in range(today.year - 1, today.year - 4, -1)]
    return []


class CertificatesJourney(Journey):
    FIRST_STEP = IDENTIFY
    INPUT_STEPS = frozenset({IDENTIFY, CHOOSE, PERIOD, PREVIEW})
    RESULT_STEPS = frozenset({DONE})

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.idcard = self.uses(IdCardStep(self, IDENTIFY, on_card=self._card))
        self._person: tuple[str, str] | None = None  # (ID number, name): to ask the server
        self.by: str | None = None  # "idcard" or "ssc": what identified the citizen
        self.ssc_unreadable = False  # a social-security card gave no holder: use the ID card
        self._ssc_holder: Holder | None = None
        self._armed = False
        self.kind: str | None = None
        self.period: str | None = None
        self.document = None  # kiosk.sync.documents.GeneratedDocument
        self.printed = None  # drivers.kinds.document_printer.DocumentPrinted
        self.failure: str | None = None  # the failed print's error code (paper_out …)
        self.maybe_partial = False  # the failed print may have put some pages out
        self.reprints = 0

    def start(self) -> None:
        super().start()
        self.idcard.enter()
        if self.kind_up(READER):  # the social-security card identifies for its own record
            self._armed = True
            self.device(READER).arm().then()

    @property
    def ssc_accepted(self) -> bool:
        return self._armed

    @property
    def progress(self) -> tuple[int, int] | None:
        return ({IDENTIFY: 1, CHOOSE: 2, PERIOD: 2, GENERATING: 2, PREVIEW: 3, PRINTING: 4,
                 DONE: 4, PRINT_FAILED: 4}.get(self.step, 1), 4)

    @property
    def holder(self):
        return self._ssc_holder if self.by == "ssc" else self.idcard.holder

    # ------------------------------------------------------------------ identify
    def _card(self, card) -> None:
        name = getattr(card, "name", "") or getattr(card, "name_en", "")
        self._person = (str(getattr(card, "id_number", "")), str(name))
        self.idcard.finish_lookup()  # the card object is wiped; the Holder (masked) stays
        self.idcard.leave()
        self.by = "idcard"
        self._disarm()
        self.go(CHOOSE)

    def on_device_event(self, event_: object) -> None:
        super().on_device_event(event_)
        if isinstance(event_, SscCardRead):
            self._ssc_card(event_.card)

    def _ssc_card(self, card) -> None:
        """A social-security card: its holder's ID number (社会保障号码) and name ask for the
        social-security record only; the card data is wiped at once."""
        usable = self.at(IDENTIFY) and not card.blank and bool(card.id_number)
        # (a card whose holder data stays locked without the issuer's back end says so)
        self.ssc_unreadable = self.at(IDENTIFY) and not usable
        if usable:
            self._person = (str(card.id_number), str(card.name))
            self._ssc_holder = Holder(masked_name=mask_name(card.name), age=None,
                                      priority_reason=None)
        wipe_data(card)
        if not usable:
            return
        self.by = "ssc"
        self.idcard.leave()
        self._disarm()
        self.go(CHOOSE)

    def allowed(self, kind: str) -> bool:
        """A certificate this identification may print (a social-security card: its record)."""
        return kind in KINDS and (self.by != "ssc" or kind in SSC_KINDS)

    @tap
    def simulate_ssc(self) -> None:
        """Mock mode: insert 李四's social-security card."""
        if self.at(IDENTIFY) and self._armed and self.idcard.state is CardStep.WAITING:
            self.mock(READER, "place_card", card="lisi")

    def _disarm(self) -> None:
        if self._armed:
            self._armed = False
            # not through the journey's generation check: a dropped journey must still disarm
            self.shell.effects.request(Request("device", READER, "disarm"), lambda _: None,
                                       lambda exc: log.warning("disarm failed: %s", exc))

    def close(self) -> None:
        self._disarm()
        super().close()

    # ------------------------------------------------------------------ choose
    def periods(self) -> list[tuple[str, str, dict]]:
        return periods(self.kind or "", self.shell.clock().date())

    @tap
    def choose(self, kind: str) -> None:
        if not self.at(CHOOSE) or not self.allowed(kind):
            return
        self.kind = kind
        if self.periods():
            self.go(PERIOD)
        else:
            self._generate("current")

    @tap
    def choose_period(self, period: str) -> None:
        if self.at(PERIOD) and period in [p for p, _, _ in self.periods()]:
            self._generate(period)

    # ------------------------------------------------------------------ the server
    def _generate(self, period: str) -> None:
        if self._person is None:
            return
        self.period = period
        self.working = "generating"
        self.go(GENERATING)
        id_number, name = self._person
        self.central.documents.generate(self.kind, id_number=id_number, name=name,
                                        period=period).then(self._generated, self._not_made)

    def _again(self) -> None:
        self._generate(self.period or "current")

    def _generated(self, document) -> None:
        self.working = None
        self.document = document
        self.reprints = 0
        self.go(PREVIEW)

    def _not_made(self, exc: BaseException) -> None:
        self.working = None
        if getattr(exc, "retry", True):
            self.fail("certificate_failed", (Action.RETRY, Action.STAFF, Action.HOME),
                      exc=exc, retry=self._again)
        else:
            self.fail("certificate_refused", (Action.STAFF, Action.HOME), exc=exc)

    # ------------------------------------------------------------------ print
    @tap
    def print_now(self) -> None:
        if self.at(PREVIEW) and self.document is not None:
            self._print()

    @property
    def can_reprint(self) -> bool:
        return self.document is not None and self.reprints < REPRINTS \
            and self.kind_up(PRINTER)

    @tap
    def reprint(self) -> None:
        """The same PDF once more: the server is not asked again."""
        if self.at(PRINT_FAILED) and self.can_reprint:
            self.reprints += 1
            self._print()

    def _print(self) -> None:
        doc = self.document
        self.failure = None
        self.working = "printing"
        self.go(PRINTING)
        # the job's name is what CUPS shows staff: the kind and code, no personal data
        self.print(PRINTER, PdfDocument(doc.pdf, doc.pages, title=f"{doc.kind} {doc.code}")) \
            .then(self._printed, self._print_failed)

    def _printed(self, result) -> None:
        self.working = None
        self.printed = result
        self._report("printed")
        self.go(DONE)
        self.shell.after_work()

    def _print_failed(self, exc: BaseException) -> None:
        self.working = None
        self.failure = str(getattr(exc, "code", "") or "print_failed")
        self.maybe_partial = getattr(exc, "printed", False) is None
        log_failure("certificates: printing", exc)
        self._report("failed")
        self.go(PRINT_FAILED)
        self.shell.after_work()

    def _report(self, outcome: str) -> None:
        doc = self.document
        self.central.documents.record_print(doc.document_id, outcome, pages=doc.pages).then(
            None, lambda exc: log.warning("print report not stored: %s", exc))

    # ------------------------------------------------------------------ leaving
    @tap
    def another(self) -> None:
        """Print another certificate for the same citizen (the card is not read again)."""
        if self.at(DONE, PRINT_FAILED) and self._person is not None:
            self._forget_document()
            self.go(CHOOSE)

    @tap
    def finish(self) -> None:
        if self.at(DONE, PRINT_FAILED):
            self.shell.finish()

    def back(self) -> None:
        if self.step == PERIOD:
            self.go(CHOOSE)
        elif self.step == PREVIEW:
            self._forget_document()
            self.go(CHOOSE)
        else:
            self.shell.go_home()

    def _forget_document(self) -> None:
        self.document = self.printed = None
        self.kind = self.period = self.failure = None
        self.maybe_partial = False
        self.reprints = 0

    def wipe(self) -> None:
        super().wipe()
        self._person = None
        self._ssc_holder = None
        self.by = None
        self._forget_document()


__all__ = ["KINDS", "CertificatesJourney", "periods"]
