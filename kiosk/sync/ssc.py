"""Social-security cards (``central.ssc``): the kiosk's side of the card-management system.

    central.ssc.lookup(id_number=…)                 # the person's cards and open application
    central.ssc.send_code(id_number) / check_code(id_number, code)   # SMS proof, no ID card
    central.ssc.report_loss(id_number, identity)   # 挂失 of the current card: durable, outbox
    central.ssc.open_application(id_number, "lost", identity, loss_report=…)  # issuing data
    central.ssc.begin_dispense(application_id)      # write-ahead: a card is about to leave
    central.ssc.script(application_id, issue_card)  # bind the blank card, get its script
    central.ssc.report(application_id, "written", card_id_code=…, atr=…)   # 回盘: durable
    central.ssc.interrupted()                       # issues a crash left open (recovery)

Online steps (lookup, code, application, script) answer the citizen now and raise
:class:`~kiosk.services.ServiceUnavailable` with words for them when the server refuses or
cannot be reached. The durable steps never wait for the network: the loss report and every
report of an issue (written, failed, taken, retained, cancelled) are outbox entries, the
reports of one application in one stream (in order), each written in the same transaction as
the local record of the issue's stage (``ssc_issues``) — so whatever the power does, the
kiosk knows what it still owes the server and whether a card may be in its dispenser.
"""
from __future__ import annotations

import logging
import time
import uuid
from typing import Any

import sqlalchemy as sa

from kiosk import protocol as P
from kiosk.config import Settings
from kiosk.protocol import Err
from kiosk.services import ServiceUnavailable
from kiosk.sync.client import CentralClient, CentralError, Rejected, new_key, now_iso
from kiosk.sync.online import OnlineState
from kiosk.sync.outbox import Outbox
from kiosk.sync.relay import Relay
from kiosk.sync.schema import ssc_issues as issues

log = logging.getLogger(__name__)

DISPENSING, BOUND, WRITTEN, AT_GATE, CLOSED = "dispensing", "bound", "written", "at_gate", "closed"
#: the stage each report leaves the local record in
_AFTER = {"written": WRITTEN, "failed": CLOSED, "taken": CLOSED, "retained": CLOSED,
          "cancelled": CLOSED}
TIMEOUT = (3.0, 8.0)
#: how long a script request waits for the application's earlier reports to be delivered
DELIVERY_WAIT_S = 8.0

#: the server's refusals in words for the citizen: (en, zh)
WORDS: dict[str, tuple[str, str]] = {
    Err.SSC_UNKNOWN_PERSON: ("No social-security card record was found. Please ask at the "
                             "social-security window.", "没有查到您的社保卡记录，请到人社窗口咨询。"),
    Err.SSC_NOT_VERIFIED: ("Your identity check has expired. Please verify again.",
                           "身份验证已过期，请重新验证。"),
    Err.SSC_CODE_WRONG: ("The verification code is not correct. Please check it and type it "
                         "again.", "验证码不正确，请核对后重新输入。"),
    Err.SSC_CODE_EXPIRED: ("The verification code is no longer valid. Please ask for a new "
                           "one.", "验证码已失效，请重新获取。"),
    Err.SSC_NO_MOBILE: ("No mobile number is on record for you. Please use your ID card, or "
                        "ask at the window.", "您没有登记手机号码，请刷身份证，或到窗口办理。"),
    Err.SSC_APPLICATION_BUSY: ("Your new card is being made at another kiosk. Please ask at "
                               "the window.", "您的新卡正在另一台自助机上制作，请到窗口咨询。"),
    Err.SSC_NOT_ISSUABLE: ("Your card cannot be replaced at this kiosk. Please go to the "
                           "social-security window.", "本机暂时无法为您补换卡，请到人社窗口办理。"),
}
_OTHER_REFUSAL = ("Your card cannot be made here right now. Please go to the social-security "
                  "window.", "暂时无法在本机制卡，请到人社窗口办理。")
_OFFLINE = ("The social-security card system cannot be reached now. Please try again later, "
            "or go to the window.", "社保卡系统暂时连接不上，请稍后再试，或到窗口办理。")


class SscRefused(ServiceUnavailable):
    """The card-management system said no (``code``: its error code)."""

    retry = False

    def __init__(self, code: str, detail: str) -> None:
        en, zh = WORDS.get(code, _OTHER_REFUSAL)
        super().__init__(en, zh, detail=detail)
        self.code = code


class SscCards:
    def __init__(self, settings: Settings, outbox: Outbox, relay: Relay,
                 client: CentralClient, link: OnlineState) -> None:
        self.kiosk_id = settings.kiosk.id
        self.outbox, self.relay, self.client, self.link = outbox, relay, client, link

    # ------------------------------------------------------------------ online
    def _call(self, method: str, path: str, body: dict | None = None, *,
              key: str | None = None, what: str = "") -> Any:
        try:
            reply = self.client.call(method, path, body=body, idempotency_key=key,
                                     timeout=TIMEOUT, deadline_s=sum(TIMEOUT) + 1.0)
        except Rejected as exc:
            self.link.set(True)
            raise SscRefused(exc.code, f"{what or path}: {exc}") from None
        except CentralError as exc:
            if exc.code.startswith("ssc_"):  # a 409 of the card system: it answered "no"
                self.link.set(True)
                raise SscRefused(exc.code, f"{what or path}: {exc}") from None
            self.link.set(False)
            raise ServiceUnavailable(*_OFFLINE, detail=f"{what or path}: {exc}") from None
        self.link.set(True)
        if not isinstance(reply.data, dict):
            raise ServiceUnavailable(*_OFFLINE, detail=f"{what or path}: unusable answer")
        return reply.data

    def lookup(self, *, id_number: str | None = None, card_number: str | None = None) -> dict:
        body = {"id_number": id_number} if id_number else {"card_number": card_number}
        return self._call("POST", P.SSC_LOOKUP, body, what="card lookup")

    def send_code(self, id_number: str) -> dict:
        return self._call("POST", P.SSC_CODES, {"id_number": id_number}, what="SMS code")

    def check_code(self, id_number: str, code: str) -> dict:
        return self._call("POST", P.SSC_CODE_CHECK, {"id_number": id_number, "code": code},
                          what="SMS code check")

    def read_auth(self, card_id_code: str, challenge: str) -> list[dict]:
        data = self._call("POST", P.SSC_READ_AUTH, {"card_id_code": card_id_code,
                                                    "challenge": challenge}, what="read auth")
        return list(data.get("steps", []))

    def application(self, application_id: str) -> dict:
        return self._call("GET", P.path(P.SSC_APPLICATION, application_id=application_id),
                          what="application")

    def open_application(self, id_number: str, reason: str, identity: dict, *,
                         application_id: str | None = None,
                         loss_report: dict | None = None) -> dict:
        """Open a replacement application (or find the person's open one again): its issuing
        data. ``loss_report``: the report just queued, applied by the server here too."""
        body: dict[str, Any] = {"application_id": application_id or uuid.uuid4().hex,
                                "kiosk_id": self.kiosk_id, "id_number": id_number,
                                "reason": reason, "identity": identity}
        if loss_report:
            body["loss_report"] = {k: loss_report[k] for k in ("report_id", "card_number", "at")
                                   if loss_report.get(k)}
        return self._call("POST", P.SSC_APPLICATIONS, body, what="open application")

    def script(self, application_id: str, issue: dict) -> dict:
        """Bind the blank card ``issue`` (IssueCard.to_json()) to the application; its script.
        The local record learns the card's identification code in the same breath."""
        body = {"card_id_code": issue["card_id_code"], "challenge": issue["challenge"],
                "atr": issue.get("atr", ""), "blank": bool(issue["blank"]),
                "generation": int(issue.get("generation") or _generation(issue))}
        self._stage(application_id, BOUND, card_id_code=issue["card_id_code"])
        self.wait_delivered(application_id)
        return self._call("POST", P.path(P.SSC_SCRIPT, application_id=application_id), body,
                          key=new_key(), what="card script")

    # ------------------------------------------------------------------ durable
    def report_loss(self, id_number: str, identity: dict,
                    card_number: str | None = None) -> dict:
        """挂失 of the person's card (``card_number``, or else their current one): stored for
        delivery (exactly once) and returned at once with its id."""
        report = {"report_id": uuid.uuid4().hex, "kiosk_id": self.kiosk_id,
                  "id_number": id_number, "identity": identity, "at": now_iso()}
        if card_number:
            report["card_number"] = card_number
        self.outbox.write(lambda tx: tx.add("ssc_loss", P.SSC_LOSS_REPORTS, report,
                                            ref=report["report_id"]), check_reserve=False)
        self.relay.kick()
        return {"report_id": report["report_id"], "card_number": card_number or "",
                "at": report["at"]}

    def begin_dispense(self, application_id: str) -> None:
        """Write-ahead, before the dispenser moves: a card may leave the hopper for this."""
        self._stage(application_id, DISPENSING, card_id_code=None, replace=True)

    def at_gate(self, application_id: str) -> None:
        """Write-ahead, before the written card is ejected to the gate."""
        self._stage(application_id, AT_GATE)

    def report(self, application_id: str, kind: str, *, card_id_code: str | None = None,
               atr: str | None = None, reason: str = "", card_at: str | None = None) -> str:
        """An issue's report (``written`` is the 回盘), durable and in order; the local record
        moves on in the same transaction. Returns the report id."""
        if kind not in P.SSC_REPORT_KINDS:
            raise ValueError(f"unknown report kind {kind!r}")
        report_id = uuid.uuid4().hex
        body: dict[str, Any] = {"report_id": report_id, "kiosk_id": self.kiosk_id,
                                "kind": kind, "at": now_iso()}
        for k, v in (("card_id_code", card_id_code), ("atr", atr),
                     ("reason", reason[:P.SSC_REASON_MAX]), ("card_at", card_at)):
            if v:
                body[k] = v
        stage = _AFTER[kind]
        now = time.time()

        def work(tx) -> None:
            tx.add("ssc_report", P.path(P.SSC_REPORTS, application_id=application_id), body,
                   stream=f"ssc:{application_id}", ref=application_id)
            updated = tx.execute(
                "UPDATE ssc_issues SET stage = ?, closed_with = ?, updated_at = ?, "
                "card_id_code = COALESCE(?, card_id_code) WHERE application_id = ?",
                (stage, kind if stage == CLOSED else None, now, card_id_code,
                 application_id)).rowcount
            if not updated:
                tx.insert(issues, application_id=application_id, stage=stage,
                          card_id_code=card_id_code,
                          closed_with=kind if stage == CLOSED else None, updated_at=now)

        self.outbox.write(work, check_reserve=False)
        self.relay.kick()
        log.info("ssc: application %s: %s report queued", application_id, kind)
        return report_id

    def wait_delivered(self, ref: str, timeout: float = DELIVERY_WAIT_S) -> bool:
        """Give the relay up to ``timeout`` s to deliver what is owed about ``ref``: the
        server must hear how the last card of an application ended before it binds the next
        (otherwise it answers "card outstanding")."""
        end = time.monotonic() + timeout
        inline_at = time.monotonic() + 0.5
        while self.outbox.owes(ref):
            now = time.monotonic()
            if now >= end:
                return False
            if now >= inline_at:  # no relay thread got to it (a technician's command): send
                inline_at = end
                self.relay.drain_once()
                continue
            self.relay.kick()
            time.sleep(0.02)
        return True

    def interrupted(self) -> list[dict]:
        """Issues this kiosk left open (a crash, a power cut): what recovery must settle."""
        with self.outbox.engine.connect() as conn:
            rows = conn.execute(sa.select(issues).where(issues.c.stage != CLOSED)
                                .order_by(issues.c.updated_at)).all()
        return [{"application_id": r.application_id, "stage": r.stage,
                 "card_id_code": r.card_id_code} for r in rows]

    def issue(self, application_id: str) -> dict | None:
        with self.outbox.engine.connect() as conn:
            r = conn.execute(sa.select(issues).where(
                issues.c.application_id == application_id)).first()
        return None if r is None else {"application_id": r.application_id, "stage": r.stage,
                                       "card_id_code": r.card_id_code,
                                       "closed_with": r.closed_with}

    def _stage(self, application_id: str, stage: str, *, card_id_code: str | None = None,
               replace: bool = False) -> None:
        now = time.time()

        def work(tx) -> None:
            if replace:
                tx.execute("DELETE FROM ssc_issues WHERE application_id = ?", (application_id,))
            updated = 0 if replace else tx.execute(
                "UPDATE ssc_issues SET stage = ?, updated_at = ?, "
                "card_id_code = COALESCE(?, card_id_code) WHERE application_id = ?",
                (stage, now, card_id_code, application_id)).rowcount
            if not updated:
                tx.insert(issues, application_id=application_id, stage=stage,
                          card_id_code=card_id_code, updated_at=now)

        self.outbox.write(work, check_reserve=False)


def _generation(issue: dict) -> int:
    head = str(issue.get("version", ""))[:1]
    return int(head) if head in ("2", "3") else 3


__all__ = ["AT_GATE", "BOUND", "CLOSED", "DISPENSING", "WRITTEN", "SscCards", "SscRefused"]
