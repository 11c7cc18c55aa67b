"""The kiosk's queue service (``kiosk.services.QueueService``) and the sync machinery behind it.

``build_queue_service(settings)`` gives a :class:`SyncedQueueService`; ``start()`` starts the
outbox relay on its own thread (with heartbeats, catalogue refresh and an online probe as
periodic tasks), ``close()`` stops it. Every method may block on the network — the UI calls
them off the Qt thread — but never longer than the configured timeouts.

Tickets: the queue server issues them; when it cannot be reached the kiosk issues an
*offline* ticket from its own range (``K01-C023``: the kiosk prefix and a hyphen, which server
numbers never contain), marked offline with the people ahead unknown, and the outbox
reconciles it with the server when it is back. After a failed call the service stays
offline (no citizen waits out a timeout again) until the relay or its probe reaches the
server.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import re
import shutil
import sqlite3
import threading
import time
import uuid
from datetime import date, datetime
from typing import Any, Callable

import sqlalchemy as sa

from kiosk.config import Settings
from kiosk.privacy import mask_id
from kiosk.services import Category, ServiceUnavailable, Ticket
from kiosk.sync import schema
from kiosk.sync.catalogue import CatalogueCache
from kiosk.sync.client import (CentralClient, CentralError, Rejected, new_key)
from kiosk.sync.outbox import Outbox
from kiosk.sync.relay import Backoff, Relay

log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_S = 60.0
CATALOGUE_INTERVAL_S = 600.0
PROBE_INTERVAL_S = 10.0
OFFLINE_HOLD_S = 30.0
#: the citizen waits on the ID card screen for the appointment lookup: keep it short
APPOINTMENT_CONNECT_S = 2.0
APPOINTMENT_READ_S = 3.0


class TicketRefused(ServiceUnavailable):
    """The queue server refused this request (unknown number, not yet called …)."""


def _appointment_unchecked(detail: str) -> ServiceUnavailable:
    return ServiceUnavailable(
        "Your appointment could not be checked right now. If you have one, tell the window.",
        "暂时查不到预约信息。如您已预约，请告诉窗口工作人员。", detail=detail)


def offline_prefix(kiosk_id: str) -> str:
    """``KSK-DEMO-01`` → ``K01``: K plus the id's last segment (kiosks of a hall differ there)."""
    last = re.sub(r"[^A-Za-z0-9]", "", kiosk_id.rsplit("-", 1)[-1]).upper()[-4:]
    if not last:
        last = hashlib.sha256(kiosk_id.encode()).hexdigest()[:3].upper()
    return "K" + last


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class SyncedQueueService:
    def __init__(self, settings: Settings, outbox: Outbox, client: CentralClient, *,
                 backoff: Backoff | None = None, relay_options: dict | None = None) -> None:
        self.settings = settings
        self.kiosk_id = settings.kiosk.id
        self.outbox = outbox
        self.client = client
        self.catalogue = CatalogueCache(outbox, client, seed_demo=not settings.production)
        self.prefix = settings.kiosk.offline_prefix or offline_prefix(self.kiosk_id)
        self.public_url = settings.central.url.rstrip("/")
        self.heartbeat_extra: Callable[[], dict] | None = None  # e.g. device health from the UI
        self._online: bool | None = None
        self._offline_until = 0.0
        self._state_lock = threading.Lock()
        opts = {"periodic": [(PROBE_INTERVAL_S, self._probe),
                             (CATALOGUE_INTERVAL_S, self._refresh_catalogue),
                             (HEARTBEAT_INTERVAL_S, self._periodic_heartbeat)]}
        opts.update(relay_options or {})
        self.relay = Relay(outbox, client, backoff=backoff, on_online=self._set_online, **opts)

    # ------------------------------------------------------------------ life cycle
    def start(self) -> SyncedQueueService:
        """Start the outbox relay thread (delivery, heartbeats, catalogue refresh)."""
        self.relay.start()
        return self

    def close(self) -> None:
        """Stop the relay thread and close the database (safe to call twice)."""
        self.relay.stop()
        self.client.close()
        self.outbox.close()

    def __enter__(self) -> SyncedQueueService:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ online state
    def _set_online(self, up: bool) -> None:
        with self._state_lock:
            changed, was = up != self._online, self._online
            self._online = up
            self._offline_until = 0.0 if up else time.monotonic() + OFFLINE_HOLD_S
        if changed and not up:
            log.warning("central unreachable: OFFLINE mode (offline tickets, outbox holds work)")
        elif changed:
            log.log(logging.INFO if was is None else logging.WARNING, "central reachable: online")

    def online(self) -> bool:
        with self._state_lock:
            return bool(self._online) and time.monotonic() >= self._offline_until

    def _should_try_server(self) -> bool:
        with self._state_lock:
            return self._online is not False or time.monotonic() >= self._offline_until

    def _probe(self) -> None:
        if self._online is True:
            return
        try:
            self.client.health()
        except CentralError:
            self._set_online(False)
            return
        self._set_online(True)
        self.relay.resume_after_outage()

    # ------------------------------------------------------------------ catalogue
    def categories(self) -> list[Category]:
        return self.catalogue.categories()

    def _refresh_catalogue(self) -> None:
        if self._online is not False:
            self.catalogue.refresh()

    def _category(self, code: str) -> dict:
        rec = self.catalogue.category_record(code)
        if rec is None:
            raise TicketRefused("This service is not offered at this kiosk.",
                                f"没有该业务类别：{code}", detail=f"unknown category {code!r}")
        return rec

    # ------------------------------------------------------------------ tickets
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
        if self._should_try_server():
            attempted = True
            c = self.settings.central
            try:
                data = self.client.take_ticket(body, key, timeout=(c.connect_timeout_s,
                                                                   min(c.read_timeout_s, 5.0)))
            except Rejected as exc:
                self._set_online(True)
                raise TicketRefused("The queue system refused this request. Please ask staff.",
                                    "排队系统拒绝了该取号请求，请咨询工作人员",
                                    detail=str(exc)) from None
            except CentralError as exc:
                log.warning("queue server unreachable (%s): issuing an offline ticket", exc)
                self._set_online(False)
            else:
                self._set_online(True)
                ticket = self._ticket_from_server(data)
                self._record_local(ticket, key, None)
                return ticket
        return self._offline_ticket(cat, priority_reason, appointment_code, mobile,
                                    supersedes_key=key if attempted else None)

    def _record_local(self, t: Ticket, key: str, reissued_from: str | None) -> None:
        day = t.extra.get("day") or t.issued_at.date().isoformat()
        try:
            self.outbox.write(lambda tx: tx.insert(
                schema.tickets, day=day, number=t.number, category=t.category, offline=False,
                issued_at=t.issued_at.isoformat(), idem_key=key, reissued_from=reissued_from),
                check_reserve=False)
        except sqlite3.IntegrityError:
            pass  # the same ticket recorded already (a replayed answer)

    def _offline_ticket(self, cat: dict, priority_reason, appointment_code, mobile, *,
                        supersedes_key: str | None) -> Ticket:
        def work(tx) -> tuple[str, str, str]:
            day = date.today().isoformat()
            last = tx.scalar("SELECT last FROM offline_counters WHERE day = ? AND category = ?",
                             (day, cat["code"]))
            seq = 1 if last is None else last + 1
            if last is None:
                tx.insert(schema.offline_counters, day=day, category=cat["code"], last=1)
            else:
                tx.execute("UPDATE offline_counters SET last = ? WHERE day = ? AND category = ?",
                           (seq, day, cat["code"]))
            number = f"{self.prefix}-{cat['prefix']}{seq:03d}"
            issued_at = now_iso()
            body = {"number": number, "category": cat["code"], "kiosk_id": self.kiosk_id,
                    "issued_at": issued_at}
            for k, v in (("priority_reason", priority_reason),
                         ("appointment_code", appointment_code), ("mobile", mobile),
                         ("supersedes_key", supersedes_key)):
                if v:
                    body[k] = v
            entry = tx.add("offline_ticket", "/v1/queue/offline-tickets", body, ref=number)
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
            track_url=f"{self.public_url}/t/{day}/{number}", kiosk_id=self.kiosk_id,
            extra={"day": day, "status": "offline",
                   "notice_zh": "离线取号：前方人数未知，请留意叫号屏",
                   "notice_en": "Issued offline: people ahead unknown, watch the calling screen"},
        )

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
                track_url=d.get("track_url") or f"{self.public_url}/t/{d['day']}/{d['number']}",
                kiosk_id=d.get("kiosk_id", self.kiosk_id),
                extra={"day": d.get("day"), "status": d.get("status")},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ServiceUnavailable(
                "The queue system gave an unexpected answer. Please try again later.",
                "排队系统返回异常，请稍后再试",
                detail=f"queue server answered an unusable ticket: {exc}") from None

    def reissue(self, number: str) -> Ticket:
        """补号 needs the queue server (only it knows the number was called and missed)."""
        number = number.strip().upper()
        if not re.fullmatch(r"[A-Z0-9-]{2,40}", number):
            raise TicketRefused("That is not a ticket number.", "号码格式不正确",
                                detail=f"not a ticket number: {number!r}")
        day = date.today().isoformat()
        try:
            data = self.client.reissue(day, number, new_key())
        except Rejected as exc:
            self._set_online(True)
            if exc.status == 404:
                raise TicketRefused(f"There is no ticket {number} today.",
                                    f"今天没有号码 {number}") from None
            raise TicketRefused(
                f"Ticket {number} has not been called yet or was already re-issued.",
                f"号码 {number} 尚未叫号或已补号，无需补号", detail=str(exc)) from None
        except CentralError as exc:
            self._set_online(False)
            raise ServiceUnavailable(
                "The queue system cannot be reached now. Please ask at the information desk.",
                "排队系统暂时无法连接，请到咨询台办理补号",
                detail=f"queue server unreachable: {exc}") from None
        self._set_online(True)
        ticket = self._ticket_from_server(data)
        self._record_local(ticket, new_key(), number)
        return ticket

    def hall_state(self) -> dict:
        return self.client.hall_state()

    # ------------------------------------------------------------------ appointments
    def find_appointment(self, id_number: str, category: str = "") -> str | None:
        """Today's appointment code for this ID number (and category), or None.

        None means the server answered that there is none. When the server cannot answer
        (offline, refused, an unusable reply) this raises ServiceUnavailable, so the citizen is
        told the appointment could not be checked (and to tell the window) while still getting
        a ticket. The ID number goes only into the request body; logs carry it masked.
        """
        masked = mask_id(id_number)
        if not self._should_try_server():
            log.info("appointment lookup for %s skipped: queue server offline", masked)
            raise _appointment_unchecked("queue server offline")
        c = self.settings.central
        timeout = (min(c.connect_timeout_s, APPOINTMENT_CONNECT_S),
                   min(c.read_timeout_s, APPOINTMENT_READ_S))
        body: dict[str, Any] = {"id_number": id_number, "kiosk_id": self.kiosk_id}
        if category:
            body["category"] = category
        try:
            data = self.client.find_appointment(body, timeout=timeout,
                                                deadline_s=sum(timeout) + 1.0)
        except Rejected as exc:
            self._set_online(True)
            if exc.status == 404 and exc.code == "no_appointment":
                log.info("no appointment today for %s%s", masked,
                         f" in {category}" if category else "")
                return None
            log.warning("appointment lookup for %s refused: %s", masked, exc)
            raise _appointment_unchecked(f"lookup refused: {exc}") from None
        except CentralError as exc:
            log.warning("appointment lookup for %s failed (%s): ordinary ticket", masked, exc)
            self._set_online(False)
            raise _appointment_unchecked(f"lookup failed: {exc}") from None
        self._set_online(True)
        code = data.get("code") if isinstance(data, dict) else None
        if not isinstance(code, str) or not code:
            log.warning("appointment lookup for %s: unusable answer from the queue server",
                        masked)
            raise _appointment_unchecked("unusable answer from the queue server")
        log.info("appointment %s found for %s", code, masked)
        return code

    # ------------------------------------------------------------------ staff calls
    def call_staff(self, reason: str, ticket_number: str | None = None) -> str:
        """Queue a staff call for the central server; returns its id once durably stored.

        Through the outbox, so a call made while the network is down arrives when it is back
        (exactly once: the entry's idempotency key and the call id both guard it). Not
        refused when the disk reserve is low: a few hundred bytes, and a citizen needs help.
        """
        call_id = uuid.uuid4().hex
        body: dict[str, Any] = {"call_id": call_id, "kiosk_id": self.kiosk_id,
                                "reason": reason[:120], "at": now_iso()}
        if ticket_number:
            body["ticket_number"] = ticket_number
        self.outbox.write(lambda tx: tx.add("staff_call", "/v1/staff-calls", body, ref=call_id),
                          check_reserve=False)
        self.relay.kick()
        return call_id

    # ------------------------------------------------------------------ submissions
    def submit_case(self, item_code: str, applicant: dict, form: dict,
                    attachments: list[dict] = ()) -> str:
        """Store a case and its attachments for delivery (in order); returns the case id.

        ``attachments``: dicts with ``kind`` (scan/portrait/document/photo), ``name``,
        ``content_type`` and ``data`` (bytes). Returns once everything is durably stored.
        """
        if self.catalogue.item(item_code) is None and self.catalogue.document:
            raise TicketRefused("This service item is not offered at this kiosk.", "没有该办理事项",
                                detail=f"unknown service item {item_code!r}")
        case_id = uuid.uuid4().hex
        stream = f"case:{case_id}"
        submitted_at = now_iso()

        def work(tx) -> None:
            first = tx.add("case", "/v1/cases", {
                "case_id": case_id, "kiosk_id": self.kiosk_id, "item_code": item_code,
                "applicant": applicant, "form": form, "submitted_at": submitted_at,
            }, stream=stream, ref=case_id)
            for seq, att in enumerate(attachments):
                data = att["data"]
                tx.add("attachment", f"/v1/cases/{case_id}/attachments", {
                    "attachment_id": uuid.uuid4().hex, "seq": seq, "kind": att["kind"],
                    "name": att.get("name", att["kind"]),
                    "content_type": att.get("content_type", "application/octet-stream"),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "data_b64": base64.b64encode(data).decode(),
                }, stream=stream, ref=case_id)
            tx.insert(schema.submissions, ref=case_id, kind="case", item_code=item_code,
                      created_at=time.time(), outbox_id=first.id)

        self.outbox.write(work)
        self.relay.kick()
        return case_id

    def submit_evaluation(self, subject_type: str, subject: str, score: int,
                          tags: list[str] = (), comment: str = "") -> str:
        evaluation_id = uuid.uuid4().hex

        def work(tx) -> None:
            e = tx.add("evaluation", "/v1/evaluations", {
                "evaluation_id": evaluation_id, "kiosk_id": self.kiosk_id,
                "subject_type": subject_type, "subject": subject, "score": int(score),
                "tags": list(tags), "comment": comment, "at": now_iso(),
            }, ref=evaluation_id)
            tx.insert(schema.submissions, ref=evaluation_id, kind="evaluation",
                      created_at=time.time(), outbox_id=e.id)

        self.outbox.write(work)
        self.relay.kick()
        return evaluation_id

    def case_progress(self, case_id: str) -> dict:
        try:
            return self.client.case(case_id)
        except Rejected as exc:
            if exc.status == 404 and self._pending_ref(case_id):
                return {"case_id": case_id, "status": "queued_on_kiosk", "events": []}
            raise TicketRefused("No case was found with this number.", "没有找到该办件",
                                detail=str(exc)) from None
        except CentralError as exc:
            if self._pending_ref(case_id):
                return {"case_id": case_id, "status": "queued_on_kiosk", "events": []}
            raise ServiceUnavailable("The case system cannot be reached now.", "办件系统暂时无法连接",
                                     detail=f"case system unreachable: {exc}") from None

    def _pending_ref(self, ref: str) -> bool:
        with self.outbox.engine.connect() as conn:
            return conn.execute(sa.select(schema.outbox.c.id).where(
                (schema.outbox.c.ref == ref) & (schema.outbox.c.status != "delivered"))
            ).first() is not None

    # ------------------------------------------------------------------ heartbeat
    def heartbeat_body(self) -> dict:
        try:
            free_mb = shutil.disk_usage(self.outbox.data_dir).free / 1e6
        except OSError:
            free_mb = None
        body = {"kiosk_id": self.kiosk_id, "at": now_iso(), "backlog": self.outbox.status(),
                "disk_free_mb": None if free_mb is None else round(free_mb),
                "disk_reserve_mb": self.outbox.disk_reserve_mb,
                "catalogue_etag": self.catalogue.etag, "relay_failures": self.relay.failures}
        if self.heartbeat_extra is not None:
            try:
                body.update(self.heartbeat_extra())
            except Exception as exc:  # noqa: BLE001 - device health is best effort
                body["extra_error"] = str(exc)
        return body

    def _periodic_heartbeat(self) -> None:
        if self._online is not False:
            self.send_heartbeat()

    def send_heartbeat(self) -> dict:
        return self.client.heartbeat(self.kiosk_id, self.heartbeat_body())


def build_queue_service(settings: Settings, **kw) -> SyncedQueueService:
    """The queue service for these settings (not started: call ``start()`` for the relay)."""
    outbox = Outbox.open(settings.data_dir, disk_reserve_mb=settings.kiosk.disk_reserve_mb)
    client = CentralClient.from_settings(settings)
    return SyncedQueueService(settings, outbox, client, **kw)
