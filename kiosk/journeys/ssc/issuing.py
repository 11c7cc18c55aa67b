"""The issue itself: one blank card from the hopper to the citizen's hand, every step a request
of the journey (dispenser, reader, central system) — and every way it can go wrong.

    check      issues a crash left open, then a leftover card in the channel (recovery.plan)
    dispense   write-ahead (``begin_dispense``), then the card to the IC position
    write      wait for the card on the contacts, identify it (blank? its id code, a
               challenge), ask the central system for its script, relay the script
    verify     read it back in the same card session and compare with what was written
    report     the 回盘 (``written``) through the outbox, then write-ahead ``at_gate``
    eject      to the gate; wait for the citizen to take it (``take_timeout_s``)
    hand-over  ``taken`` — or, if nobody took it, capture and ``retained``

Any failure after a blank card may have left the hopper captures it first, then reports
``failed`` with where the card ended (``reject_bin``, ``jammed``, ``none``); the journey
tells the citizen what happens next. ``marks`` keeps when each stage began
(``time.perf_counter``), for the benchmark.
"""
from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from drivers.kinds.card_dispenser import JAMMED, NONE
from kiosk.flows.errors import log_failure
from kiosk.journeys.ssc.recovery import IN_CHANNEL, Plan, plan

if TYPE_CHECKING:
    from kiosk.journeys.ssc.flow import SscJourney

log = logging.getLogger(__name__)

DISPENSER, READER = "card_dispenser", "smartcard"
#: how long a dispensed card may take to answer on the contacts (pcscd polls every 0.4 s)
WAIT_CARD_S = 10.0
#: what a failure is called (the journey's words) by the device error's code
_DISPENSE_CODES = {"hopper_empty": "hopper_empty", "card_jam": "card_jam",
                   "reject_bin_full": "reject_bin_full"}


def verify(card, expect: dict) -> list[str]:
    """What differs between the card read back and what the central system wrote."""
    read = {"card_number": card.card_number, "id_number": card.id_number,
            "name": card.full_name,
            "issue_date": card.issue_date.isoformat() if card.issue_date else "",
            "expiry_date": card.expiry_date.isoformat() if card.expiry_date else ""}
    return [k for k, v in expect.items() if k in read and read[k] != v]


class IssueRun:
    def __init__(self, journey: SscJourney, application: dict) -> None:
        self.j = journey
        self.application_id: str = application["application_id"]
        self.issue: dict | None = None  # the blank card (IssueCard.to_json())
        self.expect: dict = {}
        self.begun = False  # the local record exists: whatever happens is reported
        self.card_left = False  # a blank card left the hopper
        self.failure: str | None = None  # a code for the journey's words
        self.card_at: str | None = None  # where a failed card ended
        self.outcome: str | None = None  # taken | retained
        self.settled: list[dict] = []  # earlier issues this run settled first
        self.marks: dict[str, float] = {}
        self._pending: list[dict] = []

    # ------------------------------------------------------------------ helpers
    def _stage(self, stage: str) -> None:
        self.marks.setdefault(stage, time.perf_counter())
        self.j.issue_progress(stage)

    def _dispenser(self):
        return self.j.device(DISPENSER)

    def _reader(self):
        return self.j.device(READER)

    @property
    def card_id_code(self) -> str | None:
        return self.issue["card_id_code"] if self.issue else None

    # ------------------------------------------------------------------ check
    def start(self) -> None:
        self._stage("checking")
        self.j.central.ssc.interrupted().then(self._interrupted, self._storage_failed)

    def _interrupted(self, records: list[dict]) -> None:
        self._pending = [r for r in records if r["application_id"] != self.application_id] + \
            [r for r in records if r["application_id"] == self.application_id]
        self._next_interrupted()

    def _next_interrupted(self) -> None:
        if not self._pending:
            self._dispenser().card_position().then(self._leftover, self._check_failed)
            return
        record = self._pending.pop(0)
        self._dispenser().card_position().then(
            lambda position: self._settle(record, position), self._check_failed)

    def _settle(self, record: dict, position: str) -> None:
        p = plan(record["stage"], position)
        if not p.capture:
            self._settled(record, position, p)
            return
        self._dispenser().capture().then(
            lambda ok: self._settled(record, position, p if ok else
                                     Plan(False, p.report, NONE, p.reason)),
            lambda exc: self._settled(record, position, p.after_capture_failed()))

    def _settled(self, record: dict, position: str, p: Plan) -> None:
        log.warning("ssc: settling interrupted issue %s (stage %s, card %s): %s, card at %s",
                    record["application_id"], record["stage"], position, p.report, p.card_at)
        self.settled.append({**record, "report": p.report, "card_at": p.card_at})
        self.j.central.ssc.report(record["application_id"], p.report,
                                  card_id_code=record.get("card_id_code"), reason=p.reason,
                                  card_at=p.card_at).then(
            lambda _: self._next_interrupted(), self._storage_failed)

    def _leftover(self, position: str) -> None:
        if position == JAMMED:
            self._fail("card_jam", card=False, card_at=JAMMED)
        elif position in IN_CHANNEL:
            # a card nobody recorded (staff put one there?): into the bin before a new one
            log.warning("ssc: a card without a record was in the dispenser (%s): capturing",
                        position)
            self._dispenser().capture().then(lambda _: self._dispense(),
                                             lambda exc: self._fail("card_jam", exc, card=False,
                                                                    card_at=JAMMED))
        else:
            self._dispense()

    def _check_failed(self, exc: BaseException) -> None:
        self._fail("dispenser", exc, card=False, card_at=NONE)

    # ------------------------------------------------------------------ dispense
    def _dispense(self) -> None:
        self._stage("dispensing")
        self.j.central.ssc.begin_dispense(self.application_id).then(self._begun,
                                                                     self._storage_failed)

    def _begun(self, _=None) -> None:
        self.begun = True
        self._dispenser().to_ic_position().then(self._at_ic, self._dispense_failed)

    def _dispense_failed(self, exc: BaseException) -> None:
        code = _DISPENSE_CODES.get(getattr(exc, "code", ""), "dispenser")
        if code == "hopper_empty":  # nothing left the hopper
            self._fail(code, exc, card=False, card_at=NONE)
        elif code == "card_jam":  # the card is stuck: only staff can take it out
            self.card_left = True
            self._fail(code, exc, card=False, card_at=JAMMED)
        else:  # it may have left: capture whatever is there
            self.card_left = True
            self._fail(code, exc, card=True)

    # ------------------------------------------------------------------ write
    def _at_ic(self, _=None) -> None:
        self.card_left = True
        self._stage("writing")
        self._reader().wait_card(WAIT_CARD_S).then(self._card_there, self._reader_failed)

    def _reader_failed(self, exc: BaseException) -> None:
        self._fail("reader", exc, card=True)

    def _card_there(self, _atr=None) -> None:
        self._reader().prepare_issue().then(self._identified, self._reader_failed)

    def _identified(self, issue) -> None:
        self.issue = issue.to_json() if hasattr(issue, "to_json") else dict(issue)
        if not self.issue.get("blank"):
            self._fail("not_blank", card=True)
            return
        self.j.central.ssc.script(self.application_id, self.issue).then(
            self._script, lambda exc: self._fail("server", exc, card=True))

    def _script(self, script: dict) -> None:
        self.expect = dict(script.get("expect") or {})
        self._reader().run_script(list(script["steps"])).then(
            self._written_on_card, lambda exc: self._fail("write_failed", exc, card=True))

    # ------------------------------------------------------------------ verify, report
    def _written_on_card(self, _result=None) -> None:
        self._stage("verifying")
        self._reader().read_ssc(select=False).then(
            self._read_back, lambda exc: self._fail("verify", exc, card=True))

    def _read_back(self, card) -> None:
        problems = verify(card, self.expect)
        atr = card.atr.hex().upper() if getattr(card, "atr", b"") else self.issue.get("atr")
        card.wipe()
        if problems:
            log.warning("ssc: application %s: read-back differs in %s", self.application_id,
                        ", ".join(problems))
            self._fail("verify", card=True)
            return
        self.j.central.ssc.report(self.application_id, "written",
                                  card_id_code=self.card_id_code, atr=atr).then(
            self._reported, lambda exc: self._fail("storage", exc, card=True))

    def _reported(self, _=None) -> None:
        self._stage("ejecting")
        self.j.central.ssc.at_gate(self.application_id).then(
            lambda _: self._dispenser().eject().then(self._at_gate, self._eject_failed),
            lambda exc: self._fail("storage", exc, card=True, kind="retained"))

    def _eject_failed(self, exc: BaseException) -> None:
        # the card is good but did not reach the gate: it is kept for the citizen
        self._fail("eject", exc, card=True, kind="retained")

    # ------------------------------------------------------------------ hand-over
    def _at_gate(self, _=None) -> None:
        self._stage("take")
        self.j.show_take()
        self._dispenser().wait_taken(self.j.take_timeout_s).then(
            self._taken_or_not, lambda exc: self._taken_or_not(False))

    def _taken_or_not(self, taken: bool) -> None:
        if taken:
            self._handed_over("taken", "citizen")
            return
        self._stage("capturing")
        self._dispenser().capture().then(
            lambda ok: self._handed_over("retained", "reject_bin" if ok else NONE),
            lambda exc: self._handed_over("retained", JAMMED))

    def _handed_over(self, kind: str, card_at: str) -> None:
        self.outcome, self.card_at = kind, card_at
        reason = "" if kind == "taken" else "not taken from the gate in time"
        self.j.central.ssc.report(self.application_id, kind, card_id_code=self.card_id_code,
                                  reason=reason, card_at=card_at).then(
            lambda _: self._finished(), lambda exc: self._finished(exc))

    def _finished(self, exc: BaseException | None = None) -> None:
        if exc is not None:  # the record stays open: the next start settles it
            log_failure("ssc: hand-over report", exc)
        self.marks["done"] = time.perf_counter()
        self.j.issue_done(self)

    # ------------------------------------------------------------------ failures
    def _fail(self, code: str, exc: BaseException | None = None, *, card: bool,
              card_at: str | None = None, kind: str = "failed") -> None:
        self.failure = code
        if exc is not None:
            log_failure(f"ssc: issue {self.application_id}: {code}", exc)
        else:
            log.warning("ssc: issue %s failed: %s", self.application_id, code)
        if card:
            self._stage("capturing")
            self._dispenser().capture().then(
                lambda ok: self._report_failure(code, kind, "reject_bin" if ok else NONE),
                lambda e: self._report_failure(code, kind, JAMMED))
        else:
            self._report_failure(code, kind, card_at or NONE)

    def _report_failure(self, code: str, kind: str, card_at: str) -> None:
        self.card_at = card_at
        if kind == "retained":
            self.outcome = "retained"
        if not self.begun:  # nothing was recorded for this issue: nothing to settle
            self.j.issue_failed(self)
            return
        self.j.central.ssc.report(self.application_id, kind, card_id_code=self.card_id_code,
                                  reason=code, card_at=card_at).then(
            lambda _: self._after_failure(), lambda exc: self._after_failure(exc))

    def _after_failure(self, exc: BaseException | None = None) -> None:
        if exc is not None:
            log_failure("ssc: failure report", exc)
        self.marks["done"] = time.perf_counter()
        if self.outcome == "retained":
            self.j.issue_done(self)
        else:
            self.j.issue_failed(self)

    def _storage_failed(self, exc: BaseException) -> None:
        self._fail("storage", exc, card=self.card_left)


__all__ = ["DISPENSER", "READER", "WAIT_CARD_S", "IssueRun", "verify"]
