"""Queue tickets (``central.queue``): the UI's :class:`kiosk.services.QueueService`.

The queue server issues tickets; when it cannot be reached the kiosk issues an *offline*
ticket from its own range (``K01-C023``: the kiosk prefix and a hyphen, which server numbers
never contain), marked offline with the people ahead unknown, and the outbox reconciles it
with the server when it is back (``supersedes_key`` names an online attempt whose answer
was lost, so the server cancels that number). 补号 (re-issuing a missed number) needs the
server: only it knows the number was called.
"""
from __future__ import annotations

import errno
import hashlib
import logging
import re
import sqlite3
from datetime import date, datetime
from typing import Any

from kiosk import protocol as P
from kiosk.config import Settings
from kiosk.services import Category, ServiceUnavailable, Ticket
from kiosk.sync import schema
from kiosk.sync.catalogue import CatalogueCache
from kiosk.sync.client import CentralClient, CentralError, Rejected, new_key, now_iso
from kiosk.sync.online import OnlineState
from kiosk.sync.outbox import Outbox, StorageRefused
from kiosk.sync.unprinted import PrintLedger, ticket_stream
from kiosk.sync.relay import Relay

log = logging.getLogger(__name__)

#: the citizen waits on the confirm screen: never longer than this for the answer
TAKE_READ_TIMEOUT_S = 5.0


class TicketRefused(ServiceUnavailable):
    """The queue server refused this request (unknown number, not yet called …)."""

    retry = False  # the server answered no: the same request would get the same answer


def offline_prefix(kiosk_id: str) -> str:
    """``KSK-DEMO-01`` → ``K01``: K plus the id's last segment (kiosks of a hall differ there)."""
    last = re.sub(r"[^A-Za-z0-9]", "", kiosk_id.rsplit("-", 1)[-1]).upper()[-4:]
    if not last:
        last = hashlib.sha256(kiosk_id.encode()).hexdigest()[:3].upper()
    return "K" + last


class QueueService:
    def __init__(self, settings: Settings, outbox: Outbox, client: CentralClient, relay: Relay,
                 link: OnlineState, catalogue: CatalogueCache) -> None:
        self.settings = settings
        self.kiosk_id = settings.kiosk.id
        self.outbox, self.client, self.relay = outbox, client, relay
        self.link = link
        self.catalogue = catalogue
        self.prefix = settings.kiosk.offline_prefix or offline_prefix(self.kiosk_id)
        # every take from before its request until it is printed (kiosk.sync.unprinted)
        self.ledger = PrintLedger(outbox, relay, self.kiosk_id)
        self.public_url = settings.central.url.rstrip("/")

    def online(self) -> bool:
        return self.link.online()

    def categories(self) -> list[Category]:
        """The categories of the catalogue (cached: works offline), with their prefixes."""
        return self.catalogue.categories()

    def _category(self, code: str) -> dict:
        rec = self.catalogue.category_record(code)
        if rec is None:
            raise TicketRefused("This service is not offered at this kiosk.",
                                f"没有该业务类别：{code}", detail=f"unknown category {code!r}")
        return rec

    # ------------------------------------------------------------------ take
    def take_ticket(self, category: str, *, priority_reason: str | None = None,
                    appointment_code: str | None = None, mobile: str | None = None) -> Ticket:
        cat = self._category(category)
        body: dict[str, Any] = {"category": category, "kiosk_id": self.kiosk_id}
        for k, v in (("priority_reason", priority_reason), ("appointment_code", appointment_code),
                     ("mobile", mobile)):
            if v:
                body[k] = v
        key = new_key()
        attempted = False
        if self.link.should_try():
            attempted = True
            # written down before the request: should the kiosk die before printing what
            # the server issued, the restart voids it (kiosk.sync.unprinted)
            self.ledger.asking(key)
            c = self.settings.central
            try:
                data = self.client.take_ticket(
                    body, key, timeout=(c.connect_timeout_s, min(c.read_timeout_s,
                                                                 TAKE_READ_TIMEOUT_S)))
            except Rejected as exc:
                self.link.set(True)
                self.ledger.forget(key)
                raise TicketRefused("The queue system refused this request. Please ask staff.",
                                    "排队系统拒绝了该取号请求，请咨询工作人员",
                                    detail=str(exc)) from None
            except CentralError as exc:
                log.warning("queue server unreachable (%s): issuing an offline ticket", exc)
                self.link.set(False)
            else:
                self.link.set(True)
                ticket = self._ticket_from_server(data)
                self._record_local(ticket, key, None)
                ticket.extra["take_key"] = key
                return ticket
        return self._offline_ticket(cat, priority_reason, appointment_code, mobile,
                                    supersedes_key=key if attempted else None, take_key=key)

    # ------------------------------------------------------------------ printing
    # (the journey that prints says so: a ticket issued but never printed is voided at the
    # server — after a crash by the next start, kiosk.sync.unprinted)
    def printing(self, ticket: Ticket) -> None:
        """The printer is about to get it: a crash from here on keeps the ticket."""
        self.ledger.printing(ticket)

    def printed(self, ticket: Ticket) -> None:
        self.ledger.printed(ticket)

    def void_unprinted(self, ticket: Ticket) -> None:
        """The citizen left without the paper: the number is cancelled at the server."""
        self.ledger.void(ticket, "not_printed")

    def _record_local(self, t: Ticket, key: str, reissued_from: str | None) -> None:
        day = t.extra.get("day") or t.issued_at.date().isoformat()

        def work(tx) -> None:
            PrintLedger.issued_in(tx, key, day, t.number, False)
            try:
                tx.insert(schema.tickets, day=day, number=t.number, category=t.category,
                          offline=False, issued_at=t.issued_at.isoformat(), idem_key=key,
                          reissued_from=reissued_from)
            except sqlite3.IntegrityError:
                pass  # the same ticket recorded already (a replayed answer)

        try:
            self.outbox.write(work, check_reserve=False)
        except ServiceUnavailable as exc:
            # the server issued it: the citizen gets it even when the kiosk's own storage is
            # damaged, full or read-only (only the local copy is missing)
            log.warning("ticket %s not recorded locally: %s", t.number, exc)

    def _offline_ticket(self, cat: dict, priority_reason, appointment_code, mobile, *,
                        supersedes_key: str | None, take_key: str) -> Ticket:
        def work(tx) -> tuple[str, str, str]:
            day = date.today().isoformat()
            last = tx.scalar("SELECT last FROM offline_counters WHERE day = ? AND category = ?",
                             (day, cat["code"]))
            # one above both the database's counter and the log kept beside it: a lost or
            # restored database never makes the kiosk hand out a number again (counters.py)
            seq = max(last or 0, self.outbox.offline_log.high(day, cat["code"])) + 1
            try:
                self.outbox.offline_log.record(day, cat["code"], seq)  # durable before use
            except OSError as exc:
                raise StorageRefused(f"the offline ticket log cannot be written: "
                                     f"{exc.strerror or exc}",
                                     full=exc.errno == errno.ENOSPC) from None
            if last is None:
                tx.insert(schema.offline_counters, day=day, category=cat["code"], last=seq)
            else:
                tx.execute("UPDATE offline_counters SET last = ? WHERE day = ? AND category = ?",
                           (seq, day, cat["code"]))
            number = f"{self.prefix}{P.OFFLINE_SEPARATOR}{cat['prefix']}{seq:03d}"
            issued_at = now_iso()
            body = {"number": number, "category": cat["code"], "kiosk_id": self.kiosk_id,
                    "issued_at": issued_at}
            for k, v in (("priority_reason", priority_reason),
                         ("appointment_code", appointment_code), ("mobile", mobile),
                         ("supersedes_key", supersedes_key)):
                if v:
                    body[k] = v
            entry = tx.add("offline_ticket", P.OFFLINE_TICKETS, body, ref=number,
                           stream=ticket_stream(day, number))  # (a void follows it)
            PrintLedger.issued_in(tx, take_key, day, number, True)
            tx.insert(schema.tickets, day=day, number=number, category=cat["code"], offline=True,
                      issued_at=issued_at, idem_key=entry.idem_key, outbox_id=entry.id)
            return day, number, issued_at

        day, number, issued_at = self.outbox.write(work)
        self.relay.kick()
        zone = self._zone(cat["zone"])
        return Ticket(
            number=number, category=cat["code"], category_name=cat["name"],
            category_name_en=cat.get("name_en", ""), floor=int(zone.get("floor", 0)),
            windows=cat.get("windows", ""), issued_at=datetime.fromisoformat(issued_at),
            offline=True, ahead=None, est_wait_min=None,
            priority=priority_reason or ("appointment" if appointment_code else None),
            track_url=self._track_url(day, number), kiosk_id=self.kiosk_id,
            extra={"day": day, "status": "offline", "take_key": take_key,
                   "notice_zh": "离线取号：前方人数未知，请留意叫号屏",
                   "notice_en": "Issued offline: people ahead unknown, watch the calling screen"},
        )

    def _track_url(self, day: str, number: str) -> str:
        return self.public_url + P.path(P.TRACK_PAGE, day=day, number=number)

    def _zone(self, code: str) -> dict:
        doc = self.catalogue.document or {}
        return next((z for z in doc.get("zones", []) if z["code"] == code), {})

    def _ticket_from_server(self, d: dict) -> Ticket:
        try:
            issued = datetime.fromisoformat(d["issued_at"])
            return Ticket(
                number=d["number"], category=d["category"],
                category_name=d.get("category_name", ""),
                category_name_en=d.get("category_name_en", ""), floor=int(d.get("floor", 0)),
                windows=d.get("windows", ""), issued_at=issued, offline=bool(d.get("offline")),
                ahead=d.get("ahead"), est_wait_min=d.get("est_wait_min"),
                priority=d.get("priority"), reissued_from=d.get("reissued_from"),
                track_url=d.get("track_url") or self._track_url(d["day"], d["number"]),
                kiosk_id=d.get("kiosk_id", self.kiosk_id),
                extra={"day": d.get("day"), "status": d.get("status")},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ServiceUnavailable(
                "The queue system gave an unexpected answer. Please try again later.",
                "排队系统返回异常，请稍后再试",
                detail=f"queue server answered an unusable ticket: {exc}") from None

    # ------------------------------------------------------------------ 补号
    def reissue(self, number: str) -> Ticket:
        """补号: a new ticket for a missed number, keeping its place (no re-queue)."""
        number = number.strip().upper()
        if not re.fullmatch(r"[A-Z0-9-]{2,40}", number):
            raise TicketRefused("That is not a ticket number.", "号码格式不正确",
                                detail=f"not a ticket number: {number!r}")
        day = date.today().isoformat()
        key = new_key()
        self.ledger.asking(key)  # (voided after a crash before the printer, like a take)
        try:
            data = self.client.reissue(day, number, key)
        except Rejected as exc:
            self.link.set(True)
            self.ledger.forget(key)
            if exc.status == 404:
                raise TicketRefused(f"There is no ticket {number} today.",
                                    f"今天没有号码 {number}") from None
            raise TicketRefused(
                f"Ticket {number} has not been called yet or was already re-issued.",
                f"号码 {number} 尚未叫号或已补号，无需补号", detail=str(exc)) from None
        except CentralError as exc:
            self.link.set(False)
            raise ServiceUnavailable(
                "The queue system cannot be reached now. Please ask at the information desk.",
                "排队系统暂时无法连接，请到咨询台办理补号",
                detail=f"queue server unreachable: {exc}") from None
        self.link.set(True)
        ticket = self._ticket_from_server(data)
        self._record_local(ticket, key, number)
        ticket.extra["take_key"] = key
        return ticket

    def hall_state(self) -> dict:
        """Waiting counts per zone and category (raises CentralError when unreachable)."""
        return self.client.hall_state()
