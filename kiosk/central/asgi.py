"""The central server's web front: a FastAPI (Starlette + pydantic) app served by uvicorn.

The protocol itself stays in :class:`kiosk.central.api.CentralApp` (authentication,
idempotency, batches, the handlers); this module puts it behind a production web stack:

- every route of the CentralApp becomes a FastAPI path operation whose body is the
  operation's pydantic model (:mod:`kiosk.central.schemas`), so FastAPI validates it and
  ``/openapi.json`` is generated from the same models — the document is the code;
- the body is read once, bounded per route (:class:`Limits`), within a time limit, and parsed
  strictly (no NaN/Infinity, depth ≤ 200, no lone surrogates, no integers beyond 4300 digits,
  no U+0000) before anything else sees it: every malformed request is a 4xx with a JSON error
  body, never a 500 or a hang;
- large bodies (case uploads) run a few at a time per process (503 ``busy`` + Retry-After
  beyond), each kiosk has a request-rate share (429 ``rate_limited`` + Retry-After);
- the fault injector (tests, ``--fault``) sits outermost, where it can drop connections.

The handlers are synchronous SQLAlchemy code: they run in Starlette's thread pool, never on
the event loop.
"""
from __future__ import annotations

import asyncio
import inspect
import json
import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Any

import pydantic_core
from fastapi import Body, Depends, FastAPI, Header
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request as StarletteRequest
from starlette.responses import Response as StarletteResponse

from kiosk import protocol as P
from kiosk.central.api import CentralApp, Request, Response, Route
from kiosk.central.fields import ApiError
from kiosk.central.schemas import ErrorBody, Operation, all_operations
from kiosk.protocol import Err

log = logging.getLogger(__name__)
access_log = logging.getLogger("kiosk.central.access")

OPENAPI_URL = "/openapi.json"
_JSON = "application/json"


@dataclass
class Limits:
    """What one server process allows (``[limits]`` in the server's config file)."""
    #: largest JSON body of an operation that does not say its own (bytes)
    body_bytes: int = 1024 * 1024
    #: a body above this is "large" (case material chunks): only ``large_concurrency`` of them
    #: are read and handled at once in a process; the next gets 503 busy + Retry-After
    large_bytes: int = 1024 * 1024
    large_concurrency: int = 4
    #: the whole body must arrive within this (a slow-loris client is cut off with 408)
    body_timeout_s: float = 30.0
    #: per kiosk: sustained requests per second and burst (token bucket, per process)
    rate_per_s: float = 50.0
    rate_burst: int = 200
    #: an idle keep-alive connection is closed after this
    keep_alive_s: float = 30.0


# --------------------------------------------------------------------------- JSON answers
def _error(status: int, code: str, message: str, headers: dict | None = None) -> StarletteResponse:
    return StarletteResponse(json.dumps(P.error_body(code, message), ensure_ascii=False),
                             status, headers=headers, media_type=_JSON)


def _to_starlette(resp: Response, method: str) -> StarletteResponse:
    body = b"" if method == "HEAD" or resp.status in (204, 304) else resp.body
    out = StarletteResponse(body, resp.status, headers=resp.headers, media_type=resp.content_type)
    if method == "HEAD":
        out.headers["content-length"] = str(len(resp.body))
    return out


def one_line(exc: RequestValidationError) -> str:
    """The first validation error as ``field.path: what`` — one line, no input echoed (the
    input may be personal data)."""
    errors = exc.errors()
    if not errors:
        return "the request does not match its schema"
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {first.get('msg', 'invalid')}{more}"


# --------------------------------------------------------------------------- strict JSON
class BadJson(ValueError):
    def __init__(self, message: str, code: str = Err.BAD_JSON) -> None:
        super().__init__(message)
        self.code = code


def strict_json(raw: bytes) -> Any:
    """Parse like the protocol says JSON is: what a browser's JSON.parse or a kiosk would
    send. pydantic-core's parser (Rust) refuses NaN/Infinity, lone surrogates, integers of
    more digits than Python converts, and nesting deeper than 200, without recursing in
    Python; overflowing floats (1e400) and U+0000 are refused here."""
    try:
        value = pydantic_core.from_json(raw, allow_inf_nan=False)
    except ValueError as exc:
        raise BadJson(f"the body is not JSON: {exc}") from None
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if "\x00" in v:  # valid JSON, but PostgreSQL text cannot hold it: refused alike
                raise BadJson("strings may not contain U+0000", Err.INVALID)
        elif isinstance(v, float):
            if not math.isfinite(v):
                raise BadJson("numbers must be finite (this one overflows a double)")
        elif isinstance(v, dict):
            stack.extend(v)
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return value


# --------------------------------------------------------------------------- rate limits
class RateLimiter:
    """A token bucket per kiosk (per process: with N workers a kiosk gets up to N shares,
    which is fine — the point is that one misbehaving kiosk cannot starve the others)."""

    def __init__(self, per_s: float, burst: int) -> None:
        self.per_s, self.burst = per_s, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, kiosk_id: str, now: float | None = None) -> float:
        """0 when the request may run, else the seconds until it may."""
        if self.per_s <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, at = self._buckets.get(kiosk_id, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.per_s)
            if tokens >= 1.0:
                self._buckets[kiosk_id] = (tokens - 1.0, now)
                return 0.0
            self._buckets[kiosk_id] = (tokens, now)
            if len(self._buckets) > 100_000:  # forget idle kiosks (bounded memory)
                self._buckets.clear()
            return (1.0 - tokens) / self.per_s


# --------------------------------------------------------------------------- body limits
class BodyGate:
    """Pure ASGI middleware in front of the app: reads the body once, bounded and in time,
    checks it is strict JSON where it claims to be, and hands it on. Large bodies take one of
    a few slots."""

    def __init__(self, app, limits: Limits, max_body_for) -> None:
        self.app, self.limits, self.max_body_for = app, limits, max_body_for
        self._large = asyncio.Semaphore(limits.large_concurrency)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", ())}
        path = scope.get("path", "")
        if len(path) > _max_path():
            return await _send(send, _error(414, Err.URI_TOO_LONG,
                                            f"paths are limited to {_max_path()} characters"))
        if "chunked" in headers.get("transfer-encoding", "").lower():
            return await _send(send, _error(411, Err.LENGTH_REQUIRED, "send a Content-Length",
                                            {"connection": "close"}))
        try:
            length = int(headers.get("content-length") or 0)
            if length < 0:
                raise ValueError
        except ValueError:
            return await _send(send, _error(400, Err.BAD_LENGTH, "bad Content-Length",
                                            {"connection": "close"}))
        method = scope.get("method", "")
        limit, form, allowed = self.max_body_for(method, path)
        if allowed and method not in allowed:
            return await _send(send, _error(405, Err.METHOD_NOT_ALLOWED,
                                            f"{method} not allowed here",
                                            {"allow": ", ".join(sorted(allowed))}))
        if length > limit:
            return await _send(send, _error(413, Err.TOO_LARGE,
                                            f"bodies of {path} are limited to {limit} bytes",
                                            {"connection": "close"}))
        large = length > self.limits.large_bytes
        if large:
            if self._large.locked():
                return await _send(send, _error(503, Err.BUSY,
                                                "too many large uploads at once: retry",
                                                {"retry-after": "2"}))
            await self._large.acquire()
        try:
            try:
                body = await asyncio.wait_for(_read_body(receive, length),
                                              self.limits.body_timeout_s)
            except asyncio.TimeoutError:
                return await _send(send, _error(408, Err.REQUEST_TIMEOUT,
                                                "the body did not arrive in time",
                                                {"connection": "close"}))
            except _Disconnected:
                return None
            ctype = headers.get("content-type", "").split(";")[0].strip().lower()
            if body and not form and ctype != _JSON and scope.get("method") == "POST":
                return await _send(send, _error(415, Err.UNSUPPORTED_MEDIA_TYPE,
                                                "the body must be application/json"))
            if body and ctype == _JSON:
                try:
                    strict_json(body)
                except BadJson as exc:
                    return await _send(send, _error(400, exc.code, str(exc)))
            scope["kiosk.body"] = body  # (the endpoint's copy: a form parser consumes the stream)
            done = False

            async def replay():
                nonlocal done
                if not done:
                    done = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()  # (waits for the disconnect, as Starlette expects)

            await self.app(scope, replay, send)
        finally:
            if large:
                self._large.release()


class _Disconnected(Exception):
    pass


async def _read_body(receive, length: int) -> bytes:
    parts, got = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        got += len(chunk)
        if got > length:  # more than announced: the parser would have refused it
            raise _Disconnected
        parts.append(chunk)
        if not message.get("more_body", False):
            return b"".join(parts)


async def _send(send, resp: StarletteResponse) -> None:
    await send({"type": "http.response.start", "status": resp.status_code,
                "headers": resp.raw_headers})
    await send({"type": "http.response.body", "body": resp.body})


def _max_path() -> int:
    from kiosk.central.store.idempotency import MAX_PATH

    return MAX_PATH


# --------------------------------------------------------------------------- the app
def build_asgi(central: CentralApp, *, limits: Limits | None = None, faults=None,
               stopping: threading.Event | None = None):
    """The ASGI application serving ``central`` (wrapped in its gates)."""
    limits = limits or Limits()
    operations = all_operations()
    limiter = RateLimiter(limits.rate_per_s, limits.rate_burst)
    api = FastAPI(title="Kiosk central protocol", version=P.VERSION, openapi_url=OPENAPI_URL,
                  docs_url=None, redoc_url=None, description=_DESCRIPTION)
    bearer = HTTPBearer(auto_error=False, bearerFormat=(
        "v1.<kiosk id, base64url>.<expiry unix s>.<HMAC-SHA256, base64url>"),
        description="a signed per-kiosk token (`kiosk-central token KIOSK_ID`); or a client "
                    "certificate whose common name is the kiosk id (mTLS)")

    def authenticate(request: StarletteRequest, _token=Depends(bearer)) -> str:
        kiosk_id = central._authenticate(_central_request(request, b""))
        named = request.path_params.get("kiosk_id")
        if named is not None and named != kiosk_id:  # (before the body: 403 says more than 400)
            raise ApiError(403, Err.WRONG_KIOSK, "a kiosk reads and reports its own only")
        wait = limiter.take(kiosk_id)
        if wait:
            raise ApiError(429, Err.RATE_LIMITED,
                           f"this kiosk sends faster than {limits.rate_per_s:g} requests/s")
        return kiosk_id

    sizes: dict[tuple[str, str], int] = {}
    for route in central.routes:
        op = operations.get((route.method, route.template))
        _add(api, central, route, op, authenticate)
        if op is not None and op.max_body:
            sizes[(route.method, route.template)] = op.max_body
    templates: dict[str, list[Route]] = {}
    for r in central.routes:
        templates.setdefault(r.template, []).append(r)
    # OpenAPI's rule for overlapping paths: a literal segment outranks a parameter, so
    # /v1/appointments/lookup is its own resource, not /v1/appointments/{code} with a code
    by_rank = sorted(templates.items(), key=lambda kv: kv[0].count("{"))

    def max_body_for(method: str, path: str) -> tuple[int, bool, set[str]]:
        """(the body limit, whether the body is an HTML form, the methods the resource
        allows — empty when no route has this path) for this request"""
        for template, routes in by_rank:
            if routes[0].regex.match(path):
                allowed = {r.method for r in routes}
                for r in routes:
                    if r.method == method:
                        return sizes.get((method, template)) or limits.body_bytes, r.form, allowed
                return limits.body_bytes, False, allowed
        return limits.body_bytes, False, set()

    @api.exception_handler(ApiError)
    async def _api_error(request, exc: ApiError):
        headers = {"retry-after": "1"} if exc.status in (429, 503) else None
        return _error(exc.status, exc.code, exc.message, headers)

    @api.exception_handler(RequestValidationError)
    async def _invalid(request, exc: RequestValidationError):
        code = Err.INVALID
        for e in exc.errors():
            if e.get("loc", ())[:2] == ("header", P.IDEMPOTENCY_KEY):
                code = Err.IDEMPOTENCY_KEY_REQUIRED
        return _error(400, code, one_line(exc))

    @api.exception_handler(StarletteHTTPException)
    async def _http(request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            return _error(404, Err.NO_ROUTE, f"no such resource: {request.url.path}")
        if exc.status_code == 405:
            return _error(405, Err.METHOD_NOT_ALLOWED, f"{request.method} not allowed here",
                          dict(exc.headers or {}))
        return _error(exc.status_code, Err.INVALID, str(exc.detail))

    @api.exception_handler(Exception)
    async def _crash(request, exc: Exception):  # a handler bug: logged, a JSON 500
        log.error("central: %s %s failed: %s", request.method, request.url.path,
                  type(exc).__name__, exc_info=exc)
        return _error(500, Err.INTERNAL, "internal server error")

    api.openapi = lambda: _openapi(api, operations)  # (cached by FastAPI after the first)
    app = BodyGate(api, limits, max_body_for)
    app = AccessLog(app)
    if faults is not None:
        from kiosk.central.fault_gate import FaultGate

        app = FaultGate(app, faults, stopping or threading.Event())
    outer = Connection(app)
    outer.api = api  # (the OpenAPI document: ``outer.api.openapi()``)
    return outer


def _central_request(request: StarletteRequest, body: bytes) -> Request:
    host = request.headers.get("host") or "127.0.0.1"
    return Request(method=request.method, path=request.url.path, body=body,
                   headers={k.lower(): v for k, v in request.headers.items()},
                   query=dict(request.query_params),
                   peer_kiosk=request.scope.get("kiosk.peer"),
                   base_url=f"{request.url.scheme}://{host}")


def _add(api: FastAPI, central: CentralApp, route: Route, op: Operation | None,
         authenticate) -> None:
    """One path operation: a generic endpoint whose signature FastAPI reads for validation
    and documentation (the body model, the Idempotency-Key header, the credential)."""

    async def endpoint(request: StarletteRequest, **_validated):
        raw = request.scope.get("kiosk.body")
        if raw is None:
            raw = await request.body()
        resp = await run_in_threadpool(central.handle, _central_request(request, raw))
        return _to_starlette(resp, request.method)

    params = [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                annotation=StarletteRequest)]
    kw = inspect.Parameter.KEYWORD_ONLY
    if not route.public:
        params.append(inspect.Parameter("credential", kw, default=Depends(authenticate),
                                        annotation=str))
    for name in route.regex.groupindex:
        params.append(inspect.Parameter(name, kw, annotation=str))
    # (a lookup carries one too: CentralApp requires it, a police document is kept by it)
    idempotent = route.method == "POST" and not (route.public or route.form)
    if idempotent:
        params.append(inspect.Parameter(
            "idempotency_key", kw, annotation=str,
            default=Header(alias=P.IDEMPOTENCY_KEY, min_length=8, max_length=200,
                           pattern=r"^[\x21-\x7e]+$",
                           description="a fresh UUID per request; the same on a retry")))
    if op is not None and op.body is not None:
        if route.form:
            from fastapi import Form

            params.append(inspect.Parameter("body", kw, annotation=op.body, default=Form()))
        else:
            params.append(inspect.Parameter("body", kw, annotation=op.body,
                                            default=Body(media_type=_JSON)))
    endpoint.__signature__ = inspect.Signature(params)
    endpoint.__name__ = (op.operation_id if op else
                         f"{route.method.lower()}_{route.template.strip('/').replace('/', '_')}")
    responses: dict = {}
    for status, model in (op.answers if op else {200: None}).items():
        content = ({op.media_type if op else _JSON: {"schema": {}}} if model is None
                   else None)
        entry: dict = {"description": _STATUS_WORDS.get(status, "answer")}
        if model is not None:
            entry["model"] = model
        elif status != 304:
            entry["content"] = content
        responses[status] = entry
    errors = set(op.errors if op else ())
    if op is not None and op.body is not None and not route.form:
        errors.add(415)
    for status in sorted(errors):
        responses.setdefault(status, {"model": ErrorBody,
                                      "description": _STATUS_WORDS.get(status, "refused")})
    first = min((s for s in responses if s < 400), default=200)
    api.add_api_route(route.template, endpoint, methods=[route.method], status_code=first,
                      operation_id=op.operation_id if op else None,
                      summary=op.summary if op else None,
                      description=op.description if op else None,
                      tags=list(op.tags) if op else ["undocumented"],
                      responses=responses, response_class=StarletteResponse,
                      include_in_schema=True)


def _openapi(api: FastAPI, operations: dict) -> dict:
    """FastAPI's document, with its default 422 answer (we refuse with 400) removed."""
    if api.openapi_schema:
        return api.openapi_schema
    from fastapi.openapi.utils import get_openapi

    doc = get_openapi(title=api.title, version=api.version, description=api.description,
                      routes=api.routes)
    for methods in doc.get("paths", {}).values():
        for op in methods.values():
            answers = op.get("responses", {})
            answers.pop("422", None) if "422" in answers and _is_fastapi_422(answers["422"]) \
                else None
            if "parameters" in op or "requestBody" in op:
                answers.setdefault("400", {"description": "malformed or schema-invalid request",
                                           "content": {_JSON: {"schema": {
                                               "$ref": "#/components/schemas/ErrorBody"}}}})
    schemas = doc.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas.setdefault("ErrorBody", ErrorBody.model_json_schema(
        ref_template="#/components/schemas/{model}"))
    for name, sub in schemas.get("ErrorBody", {}).pop("$defs", {}).items():
        schemas.setdefault(name, sub)
    api.openapi_schema = doc
    return doc


def _is_fastapi_422(answer: dict) -> bool:
    ref = (answer.get("content", {}).get(_JSON, {}).get("schema", {}).get("$ref", ""))
    return ref.endswith("/HTTPValidationError")


_STATUS_WORDS = {
    200: "done", 201: "created", 204: "no content", 304: "not modified",
    400: "malformed or schema-invalid request", 401: "no valid token or client certificate",
    403: "the request names another kiosk, or is not allowed", 404: "unknown resource",
    409: "the first request with this Idempotency-Key still runs, or a state conflict",
    413: "the body exceeds this operation's limit",
    415: "the body is not application/json", 422: "a business refusal (see the code)",
    424: "an earlier item of this stream failed", 429: "too many requests from this kiosk",
    503: "busy: retry after Retry-After",
}

_DESCRIPTION = """\
The protocol between a government self-service kiosk (政务服务自助一体机) and the central
queue and case systems. JSON over HTTP; every path carries its version (`/v1`). This document is
generated from the server's code (its pydantic models): what it says is what the server accepts
and answers.

**Idempotency.** Every POST that changes something carries an `Idempotency-Key` header (8–200
visible ASCII characters, a UUID in practice), scoped to the authenticated kiosk and kept at
least 30 days: a replay of a finished request gets the original status and body plus
`Idempotent-Replayed: true`; a replay while the first still runs gets 409 `in_progress`
(`Retry-After`); the same key with another request gets 422 `idempotency_key_reused`.

**Client rules.** Timeouts on every call; retry 5xx, 408, 409, 424, 425, 429 and network
failures with exponential backoff and full jitter; do not retry other 4xx. Every refusal is
`{"error": {"code", "message"}}`.

**Limits.** Paths ≤ 300 characters (414); bodies ≤ 1 MiB unless an operation says more (413);
strict JSON: no NaN/Infinity, no U+0000, nesting ≤ 200 (400 `bad_json`); a kiosk's request
rate is bounded (429 `rate_limited`); a few large uploads at a time per server process (503
`busy`).

**Authentication.** A signed per-kiosk bearer token, or a client certificate (mTLS) whose
common name is the kiosk id. A body or path naming another kiosk is refused with 403.
"""


# --------------------------------------------------------------------------- outer layers
class Connection:
    """Outermost ASGI layer: what the connection knows (the client certificate's kiosk id)
    put in the scope for the layers below. uvicorn's httptools protocol hands the app its
    request cycle's bound ``send``; its transport is where the TLS session is."""

    def __init__(self, app) -> None:
        self.app = app
        self.api: FastAPI | None = None

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            transport = getattr(getattr(send, "__self__", None), "transport", None)
            scope["kiosk.transport"] = transport
            if scope.get("scheme") == "https" and transport is not None:
                from kiosk.central import auth

                cert = transport.get_extra_info("peercert")
                if cert:
                    try:
                        scope["kiosk.peer"] = auth.kiosk_id_from_cert(cert)
                    except ValueError:
                        pass
        await self.app(scope, receive, send)


class AccessLog:
    """One structured line per request: method, path, status, milliseconds. Never a body,
    never a query string (the ID number never travels in a URL, but a typo could put it
    there); the JSON formatter escapes whatever the path holds."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 0

        async def sending(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            access_log.info("%s %s %s", scope.get("method"), scope.get("path"), status,
                            extra={"method": scope.get("method"), "path": scope.get("path"),
                                   "status": status,
                                   "ms": round((time.perf_counter() - start) * 1000, 1)})
