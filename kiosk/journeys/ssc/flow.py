"""社保卡补换卡 step by step (no Qt).

identify (ID card; or type the ID number → SMS code) → the person's cards → 挂失 confirmed (a
lost card) → photo on record → fee (a placeholder: none is due in the demo data) → confirm →
the issue (:mod:`.issuing`: dispense, write, verify, 回盘, eject) → take the card → receipt.

Until the confirm the citizen may go back or leave; from then the kiosk is busy (no idle
wipe, no "home") until the card is in the citizen's hand or back in the machine. A failure
after a blank card left the hopper is captured and reported by the issue; the citizen is told
what happens next — try again here (another blank card) or the social-security window.
"""
from __future__ import annotations

import logging
import uuid

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.journeys.base import Journey
from kiosk.journeys.ssc.entry import CODE_LEN, CodeEntry, IdNumberEntry, valid_id_number
from kiosk.journeys.ssc.issuing import IssueRun
from kiosk.journeys.ssc.receipt import SscReceipt
from kiosk.journeys.steps.idcard import CardStep, IdCardStep
from kiosk.journeys.steps.printing import PrintStep

log = logging.getLogger(__name__)

IDENTIFY, ID_ENTRY, CODE, WORKING = "identify", "id_number", "code", "working"
ACCOUNT, LOSS, PHOTO, FEE, CONFIRM = "account", "loss", "photo", "fee", "confirm"
ISSUING, TAKE, PRINTING, DONE, FAILED = "issuing", "take", "printing", "done", "failed"

#: the card states the citizen may act on, and the application states still in work
CURRENT = ("active", "lost")
IN_WORK = ("open", "card_bound", "written")
#: failures after which another blank card may be tried here (the rest: the window)
RETRYABLE = ("reader", "not_blank", "write_failed", "verify", "server", "dispenser")
#: the social-security window's category in the hall's catalogue
WINDOW_CATEGORY = "social_security"


class SscJourney(Journey):
    FIRST_STEP = IDENTIFY
    INPUT_STEPS = frozenset({IDENTIFY, ID_ENTRY, CODE, ACCOUNT, LOSS, PHOTO, FEE, CONFIRM})
    RESULT_STEPS = frozenset({DONE, FAILED})
    #: seconds the new card waits at the gate before it is taken back in
    take_timeout_s = 60.0
    #: blank cards one application may use at this kiosk before the window takes over
    MAX_CARDS = 3

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.card = self.uses(IdCardStep(self, IDENTIFY, on_card=self._id_card))
        self.id_entry = self.uses(IdNumberEntry(self, ID_ENTRY))
        self.code = self.uses(CodeEntry(self, CODE))
        self.printing = self.uses(PrintStep(self, working_step=PRINTING, done_step=DONE,
                                            failed_step=DONE))
        self._reset()

    def _reset(self) -> None:
        self.id_number: str | None = None
        self.identity: dict | None = None
        self.sms: dict | None = None  # the server's answer to "send a code"
        self.account: dict | None = None
        self.reason: str | None = None  # lost | damaged
        self.loss: dict | None = None
        self.application_id: str | None = None
        self.application: dict | None = None
        self.run: IssueRun | None = None
        self.runs = 0
        self.problem: str | None = None  # a word code for the step on screen
        self._again = self._lookup  # what "try again" on the error screen repeats

    def start(self) -> None:
        super().start()
        self.card.enter()  # no reader: the screen offers typing the number

    # ------------------------------------------------------------------ identify
    def _id_card(self, card) -> None:
        if not valid_id_number(str(getattr(card, "id_number", ""))):
            self.card.lookup_failed("ssc_foreign_card")  # not a resident ID card number
            return
        self.id_number = card.id_number
        self.identity = {"method": "idcard"}
        self.card.finish_lookup()  # the card's own data is wiped now
        self._lookup()

    @tap
    def simulate_card(self) -> None:
        """Mock mode: lay the ID card simulator's 张三 on the reader."""
        if self.at(IDENTIFY) and self.card.state is CardStep.WAITING:
            self.mock("idcard", "place_card", card="resident")

    @tap
    def type_id(self) -> None:
        if self.at(IDENTIFY):
            self.card.leave()
            self.problem = None
            self.go(ID_ENTRY)

    @tap
    def id_next(self) -> None:
        if not self.at(ID_ENTRY) or not valid_id_number(self.id_entry.value):
            return
        self.id_number = self.id_entry.value
        self._send_code()

    def _send_code(self) -> None:
        self._again = self._send_code
        self.working = "sending_code"
        self.go(WORKING)
        self.central.ssc.send_code(self.id_number).then(self._code_sent, self._refused)

    def _code_sent(self, answer: dict) -> None:
        self.working = None
        self.sms = answer
        self.code.value = ""
        self.go(CODE)

    @tap
    def resend_code(self) -> None:
        if self.at(CODE):
            self.problem = None
            self._send_code()

    @tap
    def code_next(self) -> None:
        if self.at(CODE) and len(self.code.value) == CODE_LEN:
            self._check_code()

    def _check_code(self) -> None:
        self._again = self._check_code
        self.working = "checking_code"
        self.go(WORKING)
        self.central.ssc.check_code(self.id_number, self.code.value).then(
            self._verified, self._code_refused)

    def _verified(self, answer: dict) -> None:
        self.identity = {"method": "sms", "token": answer["token"]}
        self.code.value = ""
        self.problem = None
        self._lookup()

    def _code_refused(self, exc: BaseException) -> None:
        code = getattr(exc, "code", "")
        if code in ("ssc_code_wrong", "ssc_code_expired"):
            self.working = None
            self.problem = code
            self.code.value = ""
            self.go(CODE)
            return
        self._refused(exc)

    # ------------------------------------------------------------------ the account
    def _lookup(self) -> None:
        self._again = self._lookup
        self.working = "looking_up"
        self.go(WORKING)
        self.central.ssc.lookup(id_number=self.id_number).then(self._account, self._refused)

    def _account(self, account: dict) -> None:
        self.working = None
        self.account = account
        self.problem = None
        app = account.get("application") or {}
        if app.get("state") in IN_WORK:
            self.application_id = app["application_id"]
        self.go(ACCOUNT)

    @property
    def current_card(self) -> dict | None:
        cards = [c for c in (self.account or {}).get("cards", []) if c["status"] in CURRENT]
        return cards[-1] if cards else None

    @property
    def open_application(self) -> dict | None:
        app = (self.account or {}).get("application")
        return app if app and app.get("state") in IN_WORK else None

    @property
    def retained_application(self) -> dict | None:
        app = (self.account or {}).get("application")
        return app if app and app.get("state") == "retained" else None

    def can(self, reason: str) -> bool:
        """Whether ``reason`` (lost / damaged) may be chosen on the account screen."""
        card = self.current_card
        if card is None or self.retained_application is not None:
            return False
        if reason == "damaged":
            return card["status"] == "active"
        return True

    @tap
    def choose(self, reason: str) -> None:
        if not self.at(ACCOUNT) or reason not in ("lost", "damaged"):
            return
        if self.open_application is None and not self.can(reason):
            return
        self.reason = reason
        card = self.current_card
        if reason == "lost" and card is not None and card["status"] == "active":
            self.go(LOSS)
        else:
            self._open()

    @tap
    def resume(self) -> None:
        app = self.open_application
        if self.at(ACCOUNT) and app is not None:
            self.reason = "damaged" if app.get("business_type") == "07" else "lost"
            self._open()

    @tap
    def confirm_loss(self) -> None:
        if self.at(LOSS):
            self._report_loss()

    def _report_loss(self) -> None:
        self._again = self._report_loss
        self.working = "reporting_loss"
        self.go(WORKING)
        self.central.ssc.report_loss(self.id_number, self.identity).then(
            self._loss_queued, self._refused)

    def _loss_queued(self, report: dict) -> None:
        self.loss = report
        self._open()

    def _open(self) -> None:
        self._again = self._open
        self.working = "opening"
        self.go(WORKING)
        self.application_id = self.application_id or uuid.uuid4().hex
        self.central.ssc.open_application(
            self.id_number, self.reason, self.identity, application_id=self.application_id,
            loss_report=self.loss).then(self._opened, self._refused)

    def _opened(self, app: dict) -> None:
        self.working = None
        self.application = app
        self.application_id = app["application_id"]
        if app.get("photo") in ("on_record", "missing"):
            self.go(PHOTO)
        else:
            self._after_photo()

    def _refused(self, exc: BaseException) -> None:
        """The card-management system said no (its words), or could not be asked (retry)."""
        self.working = None
        if getattr(exc, "retry", True):
            self.fail("ssc_failed", (Action.RETRY, Action.STAFF, Action.HOME), exc=exc,
                      retry=self._again)
        else:
            self.fail("ssc_refused", (Action.STAFF, Action.HOME), exc=exc)

    # ------------------------------------------------------------------ photo, fee, confirm
    @property
    def photo_missing(self) -> bool:
        return bool(self.application) and self.application.get("photo") == "missing"

    @tap
    def use_photo(self) -> None:
        if self.at(PHOTO) and not self.photo_missing:
            self._after_photo()

    def _after_photo(self) -> None:
        if int((self.application or {}).get("fee_due_fen") or 0) > 0:
            self.go(FEE)  # a placeholder: paying by QR code is not built yet
        else:
            self.go(CONFIRM)

    @tap
    def start_issue(self) -> None:
        if not self.at(CONFIRM, FAILED) or self.application is None:
            return
        if self.step == FAILED and not self.can_retry:
            return
        self.runs += 1
        self.problem = None
        self.run = IssueRun(self, self.application)
        self.working = "checking"
        self.go(ISSUING)
        self.run.start()

    # ------------------------------------------------------------------ the issue's callbacks
    def issue_progress(self, stage: str) -> None:
        """The issue moved on: its words on the "please wait" screen (the take step has its
        own screen, :meth:`show_take`)."""
        if self.run is None:
            return
        self.working = stage
        if stage != "take" and self.step != ISSUING:
            self.go(ISSUING)

    def show_take(self) -> None:
        self.working = "take"
        self.go(TAKE)

    @tap
    def simulate_take(self) -> None:
        """Mock mode: the citizen takes the card at the gate."""
        if self.at(TAKE):
            self.mock("card_dispenser", "take_card")

    def issue_done(self, run: IssueRun) -> None:
        self.working = None
        if self.shell.health.kind_up("printer"):
            self.printing.start(self.receipt(run.outcome or "taken"))
        else:
            self.printing.problem = "printer_offline"
            self.go(DONE)
        self.shell.after_work()

    def issue_failed(self, run: IssueRun) -> None:
        self.working = None
        self.go(FAILED)
        self.shell.after_work()

    @property
    def can_retry(self) -> bool:
        run = self.run
        return (run is not None and run.failure in RETRYABLE and self.runs < self.MAX_CARDS
                and self.kind_up("card_dispenser") and self.kind_up("smartcard"))

    def receipt(self, outcome: str) -> SscReceipt:
        app = self.application or {}
        holder = (app.get("holder") or {}).get("name_masked", "")
        st = self.shell.state
        return SscReceipt(st.hall_name, app.get("application_id", ""),
                          app.get("business_type", ""), app.get("card_number_masked", ""),
                          holder, outcome, where=self.window_text())

    def window(self):
        """The social-security window's category (floor, windows), if the hall has one."""
        return next((c for c in self.shell.state.categories if c.code == WINDOW_CATEGORY), None)

    def window_text(self) -> str:
        c = self.window()
        return f"{c.floor}楼 {c.windows} 号窗口" if c is not None else ""

    # ------------------------------------------------------------------ leaving
    @tap
    def cancel(self) -> None:
        """Give up before a card is made: the open application is cancelled (durably)."""
        if not self.at(ACCOUNT, LOSS, PHOTO, FEE, CONFIRM, FAILED):
            return
        if self.application_id and self.application is not None:
            self.central.ssc.report(self.application_id, "cancelled",
                                    reason="the citizen stopped at the kiosk").then(
                None, lambda exc: log.warning("ssc: cancel not recorded: %s", exc))
        self.shell.finish()

    @tap
    def finish(self) -> None:
        if self.at(DONE, FAILED):
            self.shell.finish()

    @tap
    def back(self) -> None:
        if self.step == IDENTIFY:
            self.shell.go_home()
        elif self.step == ID_ENTRY:
            self.go(IDENTIFY)
            self.card.enter()
        elif self.step == CODE:
            self.go(ID_ENTRY)
        elif self.step == LOSS:
            self.go(ACCOUNT)
        elif self.step == ACCOUNT:
            self._forget_person()
            self.go(IDENTIFY)
            self.card.enter()
        elif self.step in (PHOTO, FEE, CONFIRM):
            self.cancel()

    def _forget_person(self) -> None:
        self.card.close()
        self.id_number = self.identity = self.account = None
        self.id_entry.value = ""

    def staff_reason(self) -> tuple[str, str | None]:
        reason = self.screen
        if self.run is not None and self.run.failure:
            reason += f":{self.run.failure}"
        return reason, None

    def wipe(self) -> None:
        super().wipe()
        self._reset()


__all__ = ["SscJourney"]
