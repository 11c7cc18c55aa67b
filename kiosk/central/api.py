"""The central protocol (v1), independent of HTTP plumbing: routes, authentication, idempotency.

Every POST carries an ``Idempotency-Key``. A key is claimed in its own short transaction
(state ``running``), then the business change and the stored answer commit together, so:
a replay of a finished request gets the original answer (``Idempotent-Replayed: true``);
a replay while the first is still running gets 409; the same key with another body gets
422. A ``running`` claim older than ``STALE_RUNNING_S`` was abandoned by a crash (its work
rolled back with it) and is taken over. Keys are kept ``retention_days`` (≥ 30).

``POST /v1/batch`` carries many such requests: each item is handled exactly as if it had
been posted alone (its own key, its own stored answer); items sharing a ``stream`` are
applied in order and an item after a failed one of its stream is not attempted (424).

On PostgreSQL, concurrent requests really run concurrently: a request that lost a race (a
unique insert another transaction committed first, a deadlock) is run again from the start
in a fresh transaction, and then gives the answer it would have given had it come second
(``case_exists``, a replay, …) instead of a 500. Values a column cannot hold are refused
alike on both databases (400), not only where PostgreSQL enforces them.
"""
from __future__ import annotations

import contextlib
import hashlib
import html
import json
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk import protocol as P
from kiosk.central import auth
from kiosk.central.catalogue import canonical_json
from kiosk.central.db import reader
from kiosk.central.fields import ApiError, now_iso, obj, today
from kiosk.central.redact import mask_text
from kiosk.central.store import CentralStore, derive_data_key, derive_id_key
from kiosk.central.store.idempotency import MAX_PATH
from kiosk.central.store.sealed import sealed_error
from kiosk.protocol import Err

log = logging.getLogger(__name__)

STALE_RUNNING_S = 60.0
RACE_RETRIES = 3
# SQLSTATEs of a transaction that lost to a concurrent one: serialization failure, deadlock
_LOST_RACE_SQLSTATES = {"40001", "40P01"}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes = b""
    query: dict[str, str] = field(default_factory=dict)
    peer_kiosk: str | None = None  # common name of a verified client certificate
    base_url: str = ""  # scheme://host:port the client used, for links


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, data, **headers) -> Response:
        return cls(status, json.dumps(data, ensure_ascii=False).encode(), headers=dict(headers))

    @classmethod
    def error(cls, status: int, code: str, message: str, **headers) -> Response:
        return cls.json(status, P.error_body(code, message), **headers)


@dataclass
class Route:
    method: str
    template: str  # OpenAPI path template, e.g. /v1/cases/{case_id}
    handler: Callable
    public: bool = False
    # a read-only POST (the body carries an ID number, which must not be in a URL): answered
    # and never stored, as no idempotency record may keep a fingerprint of its body
    lookup: bool = False
    # a public POST from a browser's plain HTML form (the demo payer's page behind a payment
    # QR code): urlencoded, no Idempotency-Key — the handler is idempotent by itself
    form: bool = False
    regex: re.Pattern = field(init=False)

    def __post_init__(self) -> None:
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", self.template)
        self.regex = re.compile(f"^{pattern}$")


class CentralApp:
    def __init__(self, store: CentralStore, secret: bytes, *,
                 retention_days: float = P.MIN_KEY_RETENTION_DAYS,
                 demo_appointments: bool = True) -> None:
        self.store = store
        self.engine = store.engine
        self.secret = secret
        self.retention_days = max(P.MIN_KEY_RETENTION_DAYS, retention_days)
        if store.id_key is None:
            store.id_key = derive_id_key(secret)
        if store.data_key is None:  # personal data at rest is sealed under it (store/sealed.py)
            store.data_key = derive_data_key(secret)
        #: book the demo cards' appointments for each day the server runs (reference server),
        #: and know the demo e-certificates (demo_certificates.toml)
        self.demo_appointments = demo_appointments
        self._seeded_day: str | None = None
        self._certificates_seeded = False
        self._seed_lock = threading.Lock()
        s = self
        self.routes = [
            Route("GET", P.HEALTH, s._health, public=True),
            Route("GET", P.TRACK_PAGE, s._track_page, public=True),
            Route("GET", P.APPOINTMENT_PAGE, s._appointment_page, public=True),
            Route("GET", P.CERTIFICATE_PAGE, s._certificate_page, public=True),
            Route("GET", P.APPOINTMENT, s._appointment_by_code),
            Route("GET", P.CERTIFICATE, s._certificate),
            Route("GET", P.CATALOGUE, s._catalogue),
            Route("GET", P.QUEUE_STATE, s._hall_state),
            Route("POST", P.TICKETS, s._issue_ticket),
            Route("POST", P.OFFLINE_TICKETS, s._offline_ticket),
            Route("POST", P.TICKET_VOIDS, s._void_ticket),
            Route("GET", P.TICKET, s._ticket_status),
            Route("POST", P.REISSUE, s._reissue),
            Route("POST", P.MISSED, s._missed),
            Route("POST", P.CALL_NEXT, s._call_next),
            Route("POST", P.CASES, s._create_case),
            Route("GET", P.CASE, s._case_status),
            Route("POST", P.ATTACHMENTS, s._add_attachment),
            Route("POST", P.EVALUATIONS, s._evaluation),
            Route("POST", P.HEARTBEATS, s._heartbeat),
            Route("POST", P.APPOINTMENT_LOOKUP, s._find_appointment, lookup=True),
            Route("POST", P.STAFF_CALLS, s._staff_call),
            Route("POST", P.LOCKER_EVENTS, s._locker_event),
            Route("POST", P.LOCKER_PICKUP_LOOKUP, s._find_pickup, lookup=True),
            Route("GET", P.KIOSK_LOCKERS, s._kiosk_lockers),
            Route("POST", P.BATCH, s._batch),
        ]
        # the fleet (JSON, page, /metrics) and the hall displays: read-only, public
        from kiosk.central.web import web_routes

        self.routes += web_routes(self)
        from kiosk.central.ssc.routes import ssc_routes  # (it imports this module)

        self.routes += ssc_routes(self)  # social-security cards (kiosk.central.ssc)
        from kiosk.central.payments.routes import payment_routes

        self.routes += payment_routes(self)  # 便民缴费: orders, the payer's page
        from kiosk.central.identity.routes import identity_routes

        self.routes += identity_routes(self)  # identity checks, police documents
        from kiosk.central.case_routes import case_routes

        self.routes += case_routes(self)  # cases with chunked materials, progress (在线申报)
        from kiosk.central.guides import guide_routes

        self.routes += guide_routes(self)  # 办事指南: every item's guide, apart from the catalogue
        from kiosk.central.documents.routes import document_routes

        self.routes += document_routes(self)  # 自助打印: certificates as PDF, print counts

    # ------------------------------------------------------------------ dispatch
    def match(self, method: str, path: str) -> tuple[Route | None, dict, bool]:
        """(route, params, path_known): path_known says some route has this path."""
        known = False
        for r in self.routes:
            m = r.regex.match(path)
            if m:
                known = True
                if r.method == method:
                    return r, m.groupdict(), True
        return None, {}, known

    def handle(self, req: Request) -> Response:
        try:
            return self._handle(req)
        except ApiError as exc:
            return Response.json(exc.status, exc.body())
        except Exception as exc:  # noqa: BLE001 - the client gets a 500 and retries; we log it
            if (unreadable := sealed_error(exc)) is not None:  # a wrong key: one line, no trace
                log.error("central: %s %s: %s", req.method, req.path, unreadable)
                return Response.error(503, Err.INTERNAL, "stored data this server cannot open")
            log.exception("central: %s %s failed", req.method, req.path)
            return Response.error(500, Err.INTERNAL, "internal server error")

    def _handle(self, req: Request) -> Response:
        if len(req.path) > MAX_PATH:
            return Response.error(414, Err.URI_TOO_LONG,
                                  f"paths are limited to {MAX_PATH} characters")
        route, params, known = self.match(req.method, req.path)
        if route is None:
            if known:
                return Response.error(405, Err.METHOD_NOT_ALLOWED, f"{req.method} not allowed here")
            return Response.error(404, Err.NO_ROUTE, f"no such resource: {req.path}")
        kiosk_id = None if route.public else self._authenticate(req)
        if route.form:
            return route.handler(req, params, kiosk_id)
        if req.method == "POST":
            # (outside any request transaction: on SQLite a second writer would wait for it)
            self._seed_appointments()
        if req.method == "GET":
            return route.handler(req, params, kiosk_id)
        body = self._json_body(req)
        key = req.headers.get(P.IDEMPOTENCY_KEY.lower(), "")
        if not P.IDEMPOTENCY_KEY_RE.match(key):
            raise ApiError(400, Err.IDEMPOTENCY_KEY_REQUIRED,
                           f"every POST needs an {P.IDEMPOTENCY_KEY} header (8-200 visible ASCII)")
        if isinstance(body, dict) and body.get("kiosk_id") not in (None, kiosk_id):
            raise ApiError(403, Err.WRONG_KIOSK, "the body names another kiosk than the credential")
        if route.handler == self._batch:
            return self._batch(req, body, kiosk_id, key)
        if route.lookup:
            return route.handler(req, body, kiosk_id)
        return self._idempotent_post(route, params, body, kiosk_id, key, req)

    def _authenticate(self, req: Request) -> str:
        kiosk_id = req.peer_kiosk or self._token_kiosk(req)
        if not 0 < len(kiosk_id) <= P.KIOSK_ID_MAX or "\x00" in kiosk_id:
            raise ApiError(403, Err.BAD_KIOSK_ID, f"a kiosk id has 1 to {P.KIOSK_ID_MAX} "
                                                  "characters: re-issue the credential")
        return kiosk_id

    def _token_kiosk(self, req: Request) -> str:
        header = req.headers.get("authorization", "")
        if not header.lower().startswith("bearer "):
            raise ApiError(401, Err.UNAUTHENTICATED,
                           "a kiosk token or client certificate is required")
        try:
            return auth.verify_token(self.secret, header[7:].strip())
        except auth.AuthError as exc:
            raise ApiError(401, Err.UNAUTHENTICATED, str(exc)) from None

    @staticmethod
    def _json_body(req: Request):
        ctype = req.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise ApiError(415, Err.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json")
        try:
            body = json.loads(req.body.decode("utf-8")) if req.body else {}
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ApiError(400, Err.BAD_JSON, f"the body is not JSON: {exc}") from None
        if _has_nul(body):  # PostgreSQL text cannot hold it; refused on SQLite too, alike
            raise ApiError(400, Err.INVALID, "strings may not contain U+0000")
        return body

    # ------------------------------------------------------------------ idempotency
    @staticmethod
    def body_hash(method: str, path: str, body) -> str:
        h = hashlib.sha256(f"{method} {path}\n".encode())
        h.update(canonical_json(body))
        return h.hexdigest()

    def _claim(self, conn: Connection, kiosk_id: str, key: str, path: str,
               digest: str) -> Response | None:
        """None: this request runs; a Response: replay, 409 or 422."""
        keys = self.store.idempotency
        row = keys.get(conn, kiosk_id, key)
        if row is None:
            try:
                with conn.begin_nested():
                    keys.claim(conn, kiosk_id, [(key, path, digest)])
                return None
            except sa.exc.IntegrityError:  # a concurrent twin claimed it first
                row = keys.get(conn, kiosk_id, key)
                if row is None:
                    return Response.error(409, Err.IN_PROGRESS, "retry", **{"Retry-After": "1"})
        early = self._decide(row, digest, time.time())
        if early is None:  # an abandoned claim: take it over
            keys.take_over(conn, kiosk_id, key)
        return early

    @staticmethod
    def _decide(row, digest: str, now: float) -> Response | None:
        """The answer an existing key record gives, or None when its claim was abandoned."""
        if row.body_hash != digest:
            return Response.error(422, Err.IDEMPOTENCY_KEY_REUSED,
                                  f"this {P.IDEMPOTENCY_KEY} was used with a different request")
        if row.state == "done":
            return Response(row.status, row.response.encode(),
                            headers={P.IDEMPOTENT_REPLAYED: "true"})
        if now - row.updated_at < STALE_RUNNING_S:
            return Response.error(409, Err.IN_PROGRESS,
                                  "the first request with this key is still running",
                                  **{"Retry-After": "1"})
        return None

    def _precheck(self, kiosk_id: str, keys: dict[str, str]) -> dict[str, Response]:
        """Answers for keys already known, read without the write lock: a replay is answered
        (409 included) even while another request holds SQLite's single writer slot."""
        if not keys:
            return {}
        now = time.time()
        out: dict[str, Response] = {}
        with self._read() as conn, conn.begin():
            for row in self.store.idempotency.get_many(conn, kiosk_id, list(keys)):
                early = self._decide(row, keys[row.key], now)
                if early is not None:
                    out[row.key] = early
        return out

    def _run_handler(self, conn, route, params, body, kiosk_id, key, req) -> Response:
        try:
            status, data = route.handler(conn, params, body, kiosk_id, key, req)
        except sa.exc.DataError as exc:  # a value the column cannot hold: the request's fault
            raise _unfit(exc, req.path) from None
        return Response.json(status, data)

    def _idempotent_post(self, route, params, body, kiosk_id, key, req) -> Response:
        digest = self.body_hash("POST", req.path, body)
        known = self._precheck(kiosk_id, {key: digest})
        if key in known:
            return known[key]
        with self.engine.begin() as conn:
            early = self._claim(conn, kiosk_id, key, req.path, digest)
        if early is not None:
            return early
        attempt = 0
        while True:
            try:
                with self.engine.begin() as conn:
                    resp = self._run_handler(conn, route, params, body, kiosk_id, key, req)
                    self.store.idempotency.finish(conn, kiosk_id, key, resp.status, resp.body)
                return resp
            except ApiError as exc:
                resp = Response.json(exc.status, exc.body())
                with self.engine.begin() as conn:
                    self.store.idempotency.finish(conn, kiosk_id, key, resp.status, resp.body)
                return resp
            except BaseException as exc:
                if attempt < RACE_RETRIES and lost_race(exc):
                    attempt += 1
                    log.info("central: %s lost a race (%s); running it again", req.path,
                             _sqlstate(exc))
                    continue
                try:
                    with self.engine.begin() as conn:
                        self.store.idempotency.release(conn, kiosk_id, key)
                except Exception:  # noqa: BLE001 - the claim then goes stale and is taken over
                    log.exception("central: could not release idempotency key")
                raise

    def _batch(self, req: Request, body, kiosk_id: str, batch_key: str) -> Response:
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list) or not items:
            raise ApiError(400, Err.INVALID, "a batch is {\"items\": [...]} with at least one item")
        if len(items) > P.MAX_BATCH_ITEMS:
            raise ApiError(413, Err.TOO_MANY_ITEMS, f"at most {P.MAX_BATCH_ITEMS} items per batch")
        plans: list = []
        for i, it in enumerate(items):
            if not isinstance(it, dict):
                raise ApiError(400, Err.INVALID, f"item {i} is not an object")
            key, path = it.get("key"), it.get("path")
            if not isinstance(key, str) or not P.IDEMPOTENCY_KEY_RE.match(key):
                raise ApiError(400, Err.INVALID, f"item {i}: bad or missing key")
            if it.get("method", "POST") != "POST" or not isinstance(path, str):
                raise ApiError(400, Err.INVALID, f"item {i}: only POST items with a path")
            route, params, _ = self.match("POST", path)
            if route is None or route.handler == self._batch or route.public or route.lookup:
                raise ApiError(400, Err.INVALID, f"item {i}: {path} cannot be batched")
            item_body = it.get("body", {})
            if isinstance(item_body, dict) and item_body.get("kiosk_id") not in (None, kiosk_id):
                raise ApiError(403, Err.WRONG_KIOSK, f"item {i} names another kiosk")
            plans.append((key, path, route, params, item_body, it.get("stream"),
                          self.body_hash("POST", path, item_body)))
        sub = Request("POST", "", req.headers, b"", {}, req.peer_kiosk, req.base_url)
        known = self._precheck(kiosk_id, {p[0]: p[6] for p in plans})
        early: list[Response | None] = [known.get(p[0]) for p in plans]
        todo = [i for i, e in enumerate(early) if e is None]
        if todo:
            with self.engine.begin() as conn:
                try:  # the usual case: none of these keys exists yet — one statement
                    with conn.begin_nested():
                        self.store.idempotency.claim(
                            conn, kiosk_id, [(plans[i][0], plans[i][1], plans[i][6]) for i in todo])
                except sa.exc.IntegrityError:  # a twin claimed some meanwhile: one by one
                    for i in todo:
                        key, path, digest = plans[i][0], plans[i][1], plans[i][6]
                        early[i] = self._claim(conn, kiosk_id, key, path, digest)
        results: list[dict] = []
        failed_streams: set = set()
        finished: list[tuple[str, str, int, bytes]] = []
        # SQLite: the whole batch in one transaction (one writer, one fsync for the batch).
        # PostgreSQL: each item commits on its own, so an item holds the hot counter rows it
        # took (a category's queue counts) only for itself — two batches taking categories in
        # opposite orders would otherwise deadlock, and every batch behind them wait.
        per_item = self.engine.dialect.name != "sqlite"
        with contextlib.ExitStack() as stack:
            shared = None if per_item else stack.enter_context(self.engine.begin())
            for (key, path, route, params, item_body, stream, _d), pre in zip(plans, early):
                with (self.engine.begin() if per_item else contextlib.nullcontext(shared)) as conn:
                    if stream is not None and stream in failed_streams:
                        if pre is None:
                            self.store.idempotency.release(conn, kiosk_id, key)
                        results.append(_item(key, Response.error(
                            424, Err.DEPENDENCY_FAILED, "an earlier item of this stream failed")))
                        continue
                    if pre is not None:
                        resp = pre
                    else:
                        sub.path = path
                        resp = self._batch_item(conn, route, params, item_body, kiosk_id, key,
                                                sub)
                        if resp.status != 500:
                            if per_item:
                                self.store.idempotency.finish(conn, kiosk_id, key, resp.status,
                                                              resp.body)
                            else:
                                finished.append((kiosk_id, key, resp.status, resp.body))
                    if resp.status >= 300 and stream is not None:
                        failed_streams.add(stream)
                    results.append(_item(key, resp))
            if finished:
                self.store.idempotency.finish_many(shared, finished)
        return Response.json(200, {"batch": batch_key, "results": results})

    def _batch_item(self, conn, route, params, body, kiosk_id, key, sub) -> Response:
        """One batch item in its own savepoint: a failure undoes that item alone."""
        for attempt in range(RACE_RETRIES + 1):
            try:
                with conn.begin_nested():
                    return self._run_handler(conn, route, params, body, kiosk_id, key, sub)
            except ApiError as exc:
                return Response.json(exc.status, exc.body())
            except Exception as exc:  # noqa: BLE001 - this item fails alone
                if attempt < RACE_RETRIES and lost_race(exc):
                    log.info("central: batch item %s lost a race (%s); running it again",
                             sub.path, _sqlstate(exc))
                    continue
                log.exception("central: batch item %s failed", sub.path)
                self.store.idempotency.release(conn, kiosk_id, key)
                return Response.error(500, Err.INTERNAL, "internal server error")
        raise AssertionError("unreachable")

    # ------------------------------------------------------------------ handlers: GET
    def _read(self):
        return reader(self.engine)

    def _health(self, req, params, kiosk_id) -> Response:
        return Response.json(200, {"status": "ok", "version": P.VERSION, "time": now_iso()})

    def _catalogue(self, req, params, kiosk_id) -> Response:
        cat = self.store.catalogue
        headers = {"ETag": cat.etag, "Cache-Control": "no-cache"}
        tags = [t.strip() for t in req.headers.get("if-none-match", "").split(",")]
        if cat.etag in tags or "*" in tags:
            return Response(304, b"", headers=headers)
        return Response(200, cat.body, headers=headers)

    def _hall_state(self, req, params, kiosk_id) -> Response:
        with self._read() as conn, conn.begin():
            return Response.json(200, self.store.tickets.hall_state(conn))

    def _with_link(self, ticket: dict, req: Request) -> dict:
        ticket["track_url"] = self.store.tickets.track_url(ticket["day"], ticket["number"], req.base_url)
        return ticket

    def _ticket_status(self, req, params, kiosk_id) -> Response:
        with self._read() as conn, conn.begin():
            t = self.store.tickets.view(conn, params["day"], params["number"])
        return Response.json(200, self._with_link(t, req))

    def _case_status(self, req, params, kiosk_id) -> Response:
        with self._read() as conn, conn.begin():
            return Response.json(200, self.store.cases.view(conn, params["case_id"]))

    def _track_page(self, req, params, kiosk_id) -> Response:
        try:
            with self._read() as conn, conn.begin():
                t = self.store.tickets.view(conn, params["day"], params["number"])
        except ApiError:
            return Response(404, _page("未找到该号码 / Ticket not found", ""), "text/html; charset=utf-8")
        if t["status"] == "waiting":
            line = f"前面还有 {t['ahead']} 人 / {t['ahead']} ahead"
        else:
            line = {"called": f"请到 {t['window'] or t['windows']} 窗口 / Please go to {t['window'] or t['windows']}",
                    "missed": "已过号，可在取号机补号 / Missed: re-issue at a ticket machine",
                    }.get(t["status"], t["status"])
        body = (f"<p class=num>{html.escape(t['number'])}</p><p>{html.escape(t['category_name'])}"
                f" · {t['floor']}F · {html.escape(t['windows'])}</p><p>{html.escape(line)}</p>")
        return Response(200, _page(f"{t['number']} — 排队进度", body), "text/html; charset=utf-8",
                        headers={"Refresh": "30"})

    # ------------------------------------------------------------------ scanned codes
    def _appointment_by_code(self, req, params, kiosk_id) -> Response:
        self._seed_appointments()  # (a GET is the first request of the day too)
        with self._read() as conn, conn.begin():
            return Response.json(200, self.store.appointments.by_code(conn, params["code"]))

    def _certificate(self, req, params, kiosk_id) -> Response:
        self._seed_certificates()
        with self._read() as conn, conn.begin():
            return Response.json(200, self.store.certificates.verify(conn, params["code"]))

    def _appointment_page(self, req, params, kiosk_id) -> Response:
        self._seed_appointments()
        try:
            with self._read() as conn, conn.begin():
                a = self.store.appointments.by_code(conn, params["code"])
        except ApiError:
            return Response(404, _page("未找到该预约 / Appointment not found", ""),
                            "text/html; charset=utf-8")
        state = {"booked": "请在自助机扫码签到取号 / Check in at a kiosk by scanning this code",
                 "checked_in": f"已签到，号码 {a['ticket_number']} / Checked in"}[a["status"]]
        body = (f"<p class=num>{html.escape(a['code'])}</p><p>{html.escape(a['day'])} "
                f"{html.escape(a['slot'])}</p><p>{html.escape(state)}</p>")
        return Response(200, _page("预约码 / Appointment", body), "text/html; charset=utf-8")

    def _certificate_page(self, req, params, kiosk_id) -> Response:
        self._seed_certificates()
        try:
            with self._read() as conn, conn.begin():
                c = self.store.certificates.verify(conn, params["code"])
        except ApiError:
            return Response(404, _page("查无此证照 / Not a genuine certificate", ""),
                            "text/html; charset=utf-8")
        body = (f"<p>{html.escape(c['name'])} · {html.escape(c['holder'])}</p>"
                f"<p>{html.escape(c['issuer'])} · {html.escape(c['issued'])}</p>"
                f"<p>{html.escape(c['status'])}</p>")
        return Response(200, _page("电子证照核验 / E-certificate", body),
                        "text/html; charset=utf-8")

    def _seed_certificates(self) -> None:
        if not self.demo_appointments or self._certificates_seeded:
            return
        with self._seed_lock:
            if not self._certificates_seeded:
                self.store.certificates.seed_demo()
                self._certificates_seeded = True

    def _seed_appointments(self) -> None:
        if not self.demo_appointments:
            return
        day = today()
        with self._seed_lock:
            if self._seeded_day != day:
                self.store.appointments.seed_demo(day)
                self._seeded_day = day

    def _find_pickup(self, req, body, kiosk_id) -> Response:
        with self._read() as conn, conn.begin():
            return Response.json(200, self.store.lockers.pickups(conn, kiosk_id, obj(body)))

    def _kiosk_lockers(self, req, params, kiosk_id) -> Response:
        if params["kiosk_id"] != kiosk_id:
            raise ApiError(403, Err.WRONG_KIOSK, "a kiosk reads its own lockers only")
        with self._read() as conn, conn.begin():
            return Response.json(200, self.store.lockers.view(conn, kiosk_id))

    def _find_appointment(self, req, body, kiosk_id) -> Response:
        body = obj(body)
        with self._read() as conn, conn.begin():
            return Response.json(200, self.store.appointments.find(conn, body))

    # ------------------------------------------------------------------ handlers: POST
    def _issue_ticket(self, conn, params, body, kiosk_id, key, req):
        return 201, self._with_link(self.store.tickets.issue(conn, kiosk_id, obj(body), key), req)

    def _offline_ticket(self, conn, params, body, kiosk_id, key, req):
        ticket = self.store.tickets.record_offline(
            conn, kiosk_id, obj(body), kiosk_clock=req.headers.get(P.KIOSK_CLOCK.lower()))
        return 201, self._with_link(ticket, req)

    def _void_ticket(self, conn, params, body, kiosk_id, key, req):
        return 200, self.store.tickets.void(conn, kiosk_id, obj(body))

    def _reissue(self, conn, params, body, kiosk_id, key, req):
        t = self.store.tickets.reissue(conn, kiosk_id, params["day"], params["number"], key)
        return 201, self._with_link(t, req)

    def _missed(self, conn, params, body, kiosk_id, key, req):
        return 200, self._with_link(self.store.tickets.mark_missed(conn, params["day"], params["number"]), req)

    def _call_next(self, conn, params, body, kiosk_id, key, req):
        body = obj(body)
        t = self.store.tickets.call_next(conn, str(body.get("category", "")), str(body.get("window", "")))
        return 200, {"ticket": self._with_link(t, req) if t else None}

    def _create_case(self, conn, params, body, kiosk_id, key, req):
        return 201, self.store.cases.create(conn, kiosk_id, obj(body))

    def _add_attachment(self, conn, params, body, kiosk_id, key, req):
        return 201, self.store.cases.add_attachment(conn, kiosk_id, params["case_id"], obj(body))

    def _evaluation(self, conn, params, body, kiosk_id, key, req):
        return 201, self.store.evaluations.record(conn, kiosk_id, obj(body))

    def _staff_call(self, conn, params, body, kiosk_id, key, req):
        call = self.store.staff_calls.record(conn, kiosk_id, obj(body))
        log.warning("central: STAFF CALL from kiosk %s: %s%s", kiosk_id,
                    mask_text(call["reason"]),  # free text: names, ID numbers masked (redact.py)
                    f" (ticket {call['ticket_number']})" if call["ticket_number"] else "")
        return 201, call

    def _locker_event(self, conn, params, body, kiosk_id, key, req):
        return 201, self.store.lockers.record(conn, kiosk_id, obj(body))

    def _heartbeat(self, conn, params, body, kiosk_id, key, req):
        if params["kiosk_id"] != kiosk_id:
            raise ApiError(403, Err.WRONG_KIOSK, "a kiosk reports its own heartbeat only")
        return 200, self.store.heartbeats.record(conn, kiosk_id, obj(body))


def _sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def lost_race(exc: BaseException) -> bool:
    """True when running the request again could succeed or give its deterministic answer:
    a concurrent transaction committed the unique row this one was inserting (re-run, the
    handler finds it: replay, ``case_exists``…), or PostgreSQL chose this transaction as a
    deadlock or serialization victim."""
    if isinstance(exc, sa.exc.IntegrityError):
        return True
    return isinstance(exc, sa.exc.DBAPIError) and _sqlstate(exc) in _LOST_RACE_SQLSTATES


def _unfit(exc: sa.exc.DataError, path: str) -> ApiError:
    # the driver's message can quote the value (personal data): log its class and code only
    log.warning("central: %s: a value does not fit its column (%s %s)", path,
                type(exc.orig).__name__, _sqlstate(exc))
    return ApiError(400, Err.INVALID, "a field value does not fit its database column")


def _has_nul(body) -> bool:
    stack = [body]  # not recursive: any depth json.loads accepted is walked
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return True
        elif isinstance(value, dict):
            stack.extend(value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _item(key: str, resp: Response) -> dict:
    try:
        body = json.loads(resp.body) if resp.body else None
    except ValueError:
        body = None
    return {"key": key, "status": resp.status, "body": body,
            "replayed": resp.headers.get(P.IDEMPOTENT_REPLAYED) == "true"}


def _page(title: str, body: str) -> bytes:
    return (f"<!doctype html><html lang=zh><meta charset=utf-8><meta name=viewport "
            f"content='width=device-width'><title>{html.escape(title)}</title><style>"
            f"body{{font-family:sans-serif;text-align:center;margin-top:3em}}.num{{font-size:4em;"
            f"margin:0}}</style><h1>{html.escape(title)}</h1>{body}</html>").encode()
