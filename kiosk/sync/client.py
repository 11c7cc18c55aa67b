"""The kiosk's HTTP client for the central protocol (v1): one exchange, with deadlines, no retries.

Every call has a connect timeout, a read timeout *and* an overall deadline (a server that
trickles bytes cannot hold a kiosk thread), a cap on the response size, and checks that a
body is JSON before believing it. Retrying is the outbox relay's job alone, so the HTTP
adapter is built with ``max_retries=0``.

Authentication: a client certificate (``[central] client_cert``/``client_key``, mTLS) or a
signed per-kiosk token (``Authorization: Bearer``) read from ``[central] token_file`` or
``<data_dir>/keys/central.token``. For https URLs the server's certificate is verified
against ``[central] ca_file`` (or the system store when none is configured).
"""
from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

from kiosk import protocol as P
from kiosk.config import Settings

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 4 * 1024 * 1024


class CentralError(Exception):
    """One exchange failed. ``retryable``: the same request may succeed later."""

    kind = "error"
    retryable = True

    def __init__(self, message: str, *, status: int | None = None, code: str = "") -> None:
        super().__init__(message)
        self.status, self.code = status, code


class NetworkError(CentralError):
    """No answer: refused, reset, dropped, timed out, TLS failure."""

    kind = "network"


class BadResponse(CentralError):
    """An answer that cannot be believed: not JSON, wrong type, too large, cut short."""

    kind = "bad_response"


class ServerError(CentralError):
    """5xx, or a 4xx that means "later" (409 in progress, 429 …)."""

    kind = "server"


class AuthFailed(CentralError):
    """401: the kiosk's credential is missing, expired or not trusted (kiosk-wide)."""

    kind = "auth"


class Rejected(CentralError):
    """A 4xx about this request: sending it again cannot help."""

    kind = "rejected"
    retryable = False


def error_for_status(status: int, data, where: str) -> CentralError | None:
    if status < 300 or status == 304:
        return None
    code, message = P.error_of(data)
    text = f"{where}: HTTP {status}" + (f" {code}: {message}" if code or message else "")
    if status == 401:
        return AuthFailed(text, status=status, code=code)
    if status >= 500 or status in P.RETRY_STATUSES:
        return ServerError(text, status=status, code=code)
    return Rejected(text, status=status, code=code)


@dataclass
class Reply:
    status: int
    data: object = None  # parsed JSON (None for 304 / empty)
    headers: dict = field(default_factory=dict)

    @property
    def replayed(self) -> bool:
        return self.headers.get(P.IDEMPOTENT_REPLAYED.lower()) == "true"


def token_path(settings: Settings) -> Path:
    """Where the kiosk reads its central token: the configured file or the data dir's."""
    if settings.central.token_file:
        p = Path(settings.central.token_file).expanduser()
        return p if p.is_absolute() else settings.base_dir / p
    return settings.data_dir / "keys" / "central.token"


def new_key() -> str:
    """A fresh Idempotency-Key (32 hex digits)."""
    return uuid.uuid4().hex


def now_iso() -> str:
    """Now, as the timestamps in request bodies are written (local time with its offset)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


class CentralClient:
    def __init__(
        self,
        base_url: str,
        *,
        kiosk_id: str = "",
        token_file: Path | None = None,
        client_cert: tuple[str, str] | None = None,
        ca_file: str = "",
        connect_timeout: float = 3.0,
        read_timeout: float = 10.0,
        total_timeout: float | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.kiosk_id = kiosk_id
        self.token_file = token_file
        self.client_cert = client_cert
        self.verify: bool | str = ca_file or True
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout or connect_timeout + 2 * read_timeout
        self.max_response_bytes = max_response_bytes
        self._local = threading.local()
        self._sessions: list[requests.Session] = []  # every thread's, for close()
        self._sessions_lock = threading.Lock()
        self._token: str | None = None
        self._token_mtime: float | None = None
        if ca_file and not self.base_url.startswith("https://"):
            log.warning("central: ca_file is set but the URL is not https; it is not used")

    @classmethod
    def from_settings(cls, settings: Settings, **kw) -> CentralClient:
        c = settings.central
        cert = None
        if c.client_cert:
            base = settings.base_dir
            cert_p = Path(c.client_cert).expanduser()
            key_p = Path(c.client_key or c.client_cert).expanduser()
            cert = (str(cert_p if cert_p.is_absolute() else base / cert_p),
                    str(key_p if key_p.is_absolute() else base / key_p))
        ca = c.ca_file
        if ca and not Path(ca).expanduser().is_absolute():
            ca = str(settings.base_dir / ca)
        kw.setdefault("connect_timeout", c.connect_timeout_s)
        kw.setdefault("read_timeout", c.read_timeout_s)
        return cls(c.url, kiosk_id=settings.kiosk.id, token_file=token_path(settings),
                   client_cert=cert, ca_file=ca, **kw)

    # ------------------------------------------------------------------ plumbing
    def _session(self) -> requests.Session:
        s = getattr(self._local, "session", None)
        if s is None:
            s = requests.Session()
            adapter = HTTPAdapter(max_retries=0, pool_connections=2, pool_maxsize=4)
            s.mount("http://", adapter)
            s.mount("https://", adapter)
            s.headers["User-Agent"] = f"kiosk/{self.kiosk_id or '-'}"
            s.verify = self.verify
            if self.client_cert:
                s.cert = self.client_cert
            self._local.session = s
            with self._sessions_lock:
                self._sessions.append(s)
        return s

    def close(self) -> None:
        """Close every thread's session (the relay's too), not only the caller's."""
        with self._sessions_lock:
            sessions, self._sessions = self._sessions, []
        for s in sessions:
            s.close()
        self._local = threading.local()

    def _auth_header(self) -> dict:
        if self.token_file is None:
            return {}
        try:
            mtime = self.token_file.stat().st_mtime
            if mtime != self._token_mtime:
                self._token = self.token_file.read_text().strip() or None
                self._token_mtime = mtime
        except OSError:
            self._token = None
        return {"Authorization": f"Bearer {self._token}"} if self._token else {}

    def request(
        self,
        method: str,
        path: str,
        *,
        body=None,
        idempotency_key: str | None = None,
        headers: dict | None = None,
        timeout: tuple[float, float] | None = None,
        deadline_s: float | None = None,
    ) -> Reply:
        """One exchange. Any HTTP status comes back as a Reply; no answer raises CentralError."""
        url = self.base_url + path
        where = f"{method} {path}"
        hdrs = {"Accept": "application/json", P.KIOSK_CLOCK: now_iso(), **self._auth_header(),
                **(headers or {})}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
            hdrs["Content-Type"] = "application/json"
        if method == "POST":
            hdrs[P.IDEMPOTENCY_KEY] = idempotency_key or new_key()
        connect, read = timeout or (self.connect_timeout, self.read_timeout)
        deadline = time.monotonic() + (deadline_s or max(self.total_timeout, connect + read))
        try:
            # verify/cert per request: a session's are overridden by REQUESTS_CA_BUNDLE & co.
            r = self._session().request(method, url, data=data, headers=hdrs,
                                        timeout=(connect, read), stream=True,
                                        allow_redirects=False, verify=self.verify,
                                        cert=self.client_cert)
        except requests.exceptions.SSLError as exc:
            raise NetworkError(f"{where}: TLS failure: {_short(exc)}") from None
        except requests.exceptions.Timeout as exc:
            raise NetworkError(f"{where}: timed out: {_short(exc)}") from None
        except requests.exceptions.RequestException as exc:
            raise NetworkError(f"{where}: no answer from {self.base_url}: {_short(exc)}") from None
        try:
            raw = self._read_body(r, deadline, where)
        finally:
            r.close()
        reply_headers = {k.lower(): v for k, v in r.headers.items()}
        if r.status_code == 304 or not raw:
            return Reply(r.status_code, None, reply_headers)
        ctype = reply_headers.get("content-type", "").split(";")[0].strip().lower()
        if r.status_code >= 300 and ctype != "application/json":
            return Reply(r.status_code, None, reply_headers)  # e.g. a proxy's HTML error page
        if ctype != "application/json":
            raise BadResponse(f"{where}: HTTP {r.status_code} with content type "
                              f"{ctype or 'none'!r}, expected application/json", status=r.status_code)
        try:
            parsed = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:  # (nested too deep)
            raise BadResponse(f"{where}: HTTP {r.status_code} with a body that is not JSON "
                              f"({exc.__class__.__name__} at byte {getattr(exc, 'pos', '?')})",
                              status=r.status_code) from None
        return Reply(r.status_code, parsed, reply_headers)

    def _read_body(self, r: requests.Response, deadline: float, where: str) -> bytes:
        declared = r.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_response_bytes:
            raise BadResponse(f"{where}: response of {declared} bytes exceeds the "
                              f"{self.max_response_bytes}-byte limit")
        chunks, total = [], 0
        try:
            for chunk in r.iter_content(64 * 1024):
                total += len(chunk)
                if total > self.max_response_bytes:
                    raise BadResponse(f"{where}: response exceeds the "
                                      f"{self.max_response_bytes}-byte limit")
                if time.monotonic() > deadline:
                    raise NetworkError(f"{where}: response still incomplete at the deadline")
                chunks.append(chunk)
        except requests.exceptions.RequestException as exc:
            raise NetworkError(f"{where}: connection broke while reading the answer: "
                               f"{_short(exc)}") from None
        body = b"".join(chunks)
        if declared and declared.isdigit() and len(body) != int(declared):
            raise BadResponse(f"{where}: answer cut short ({len(body)} of {declared} bytes)")
        return body

    def call(self, method: str, path: str, **kw) -> Reply:
        """Like :meth:`request`, but a non-2xx status raises its CentralError."""
        reply = self.request(method, path, **kw)
        err = error_for_status(reply.status, reply.data, f"{method} {path}")
        if err is not None:
            raise err
        return reply

    # ------------------------------------------------------------------ protocol
    def health(self, timeout: float | None = None) -> dict:
        t = timeout or self.connect_timeout
        return self.call("GET", P.HEALTH, timeout=(t, t)).data

    def catalogue(self, etag: str | None = None) -> Reply:
        hdrs = {"If-None-Match": etag} if etag else {}
        return self.call("GET", P.CATALOGUE, headers=hdrs)

    def take_ticket(self, body: dict, key: str, timeout: tuple[float, float] | None = None) -> dict:
        return self.call("POST", P.TICKETS, body=body, idempotency_key=key, timeout=timeout).data

    def reissue(self, day: str, number: str, key: str) -> dict:
        return self.call("POST", P.path(P.REISSUE, day=day, number=number), body={},
                         idempotency_key=key).data

    def find_appointment(self, body: dict, timeout: tuple[float, float] | None = None,
                         deadline_s: float | None = None) -> dict:
        """POST, not GET: the ID number in ``body`` must never be part of a URL."""
        return self.call("POST", P.APPOINTMENT_LOOKUP, body=body, timeout=timeout,
                         deadline_s=deadline_s).data

    def ticket(self, day: str, number: str) -> dict:
        return self.call("GET", P.path(P.TICKET, day=day, number=number)).data

    def hall_state(self) -> dict:
        return self.call("GET", P.QUEUE_STATE).data

    def case(self, case_id: str) -> dict:
        return self.call("GET", P.path(P.CASE, case_id=case_id)).data

    def heartbeat(self, kiosk_id: str, body: dict) -> dict:
        return self.call("POST", P.path(P.HEARTBEATS, kiosk_id=kiosk_id), body=body).data

    def batch(self, items: list[dict], deadline_s: float | None = None) -> list[dict]:
        reply = self.call("POST", P.BATCH, body={"items": items}, deadline_s=deadline_s)
        results = reply.data.get("results") if isinstance(reply.data, dict) else None
        if not isinstance(results, list) or len(results) != len(items):
            raise BadResponse(f"POST {P.BATCH}: answer does not list one result per item")
        for want, got in zip(items, results):
            if not isinstance(got, dict) or got.get("key") != want["key"] \
                    or not isinstance(got.get("status"), int):
                raise BadResponse(f"POST {P.BATCH}: results do not match the items")
        return results


_REASONS = (("Connection refused", "connection refused"),
            ("Name or service not known", "host name not found"),
            ("RemoteDisconnected", "connection closed without an answer"),
            ("Connection aborted", "connection closed without an answer"),
            ("Connection reset", "connection reset"),
            ("Read timed out", "read timed out"),
            ("ConnectTimeout", "connect timed out"),
            ("timed out", "timed out"),
            ("CERTIFICATE_VERIFY_FAILED", "server certificate not trusted"),
            ("No route to host", "no route to host"),
            ("Network is unreachable", "network unreachable"))


def _short(exc: BaseException) -> str:
    text = str(exc)
    for needle, reason in _REASONS:
        if needle in text:
            return reason
    return text if len(text) < 160 else text[:160] + "…"
