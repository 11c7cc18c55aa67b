"""Hostile and malformed requests against the central server (uvicorn + FastAPI): each is a 4xx
with a JSON error body — never a 500, a traceback, an HTML page or a hang — and no input can
forge a line of the server's log.

The requests are written as raw bytes on a socket where the HTTP client would refuse to send
them (a negative Content-Length, a lying one, TRACE), so the server's own parser is what is
tested, as on the wire.
"""
from __future__ import annotations

import json
import logging
import socket
import uuid

import pytest
import requests

from kiosk.central.asgi import BadJson, Limits, strict_json
from kiosk.central.jsonlog import JsonLines
from kiosk.central.server import CentralServer
from tests.synchelp import Central
from tests.waiting import wait_for

KIOSK = "KSK-T-01"


@pytest.fixture
def server(tmp_path):
    c = Central(tmp_path).start()
    yield c
    c.close()


def headers(server, **extra) -> dict:
    return {"Authorization": f"Bearer {server.token(KIOSK)}", "Content-Type": "application/json",
            "Idempotency-Key": str(uuid.uuid4()), **extra}


def post_raw(server, path: str, body: bytes, **extra) -> requests.Response:
    return requests.post(server.url + path, data=body, headers=headers(server, **extra),
                         timeout=10)


def assert_json_refusal(r: requests.Response, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert err["message"] and "\n" not in err["message"] and "Traceback" not in err["message"]
    if code is not None:
        assert err["code"] == code
    return err


def wire(server, request: bytes) -> bytes:
    """Send ``request`` as is and read the whole answer (the server closes after it)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(request)
        chunks = []
        while True:
            try:
                data = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not data:
                break
            chunks.append(data)
            if b"\r\n\r\n" in b"".join(chunks):
                head, _, rest = b"".join(chunks).partition(b"\r\n\r\n")
                length = [int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:")]
                if length and len(rest) >= length[0]:
                    break
        return b"".join(chunks)


def status_and_json(answer: bytes) -> tuple[int, dict]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1])
    assert b"content-type: application/json" in head.lower(), head
    return status, json.loads(body)


# --------------------------------------------------------------------------- bodies
@pytest.mark.parametrize("body, what", [
    (b'{"category": "tax", "mobile": "\\ud800"}', "a lone UTF-16 surrogate"),
    (b'{"category": "\\udfff"}', "a lone trailing surrogate"),
    (b'{"category": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nesting 5,000 deep"),
    (b'{"category": "tax", "n": ' + b"7" * 4301 + b"}", "an integer of 4,301 digits"),
    (b'{"category": "tax", "n": NaN}', "NaN"),
    (b'{"category": "tax", "n": Infinity}', "Infinity"),
    (b'{"category": "tax", "n": -Infinity}', "-Infinity"),
    (b'{"category": "tax", "n": 1e400}', "a number beyond a double"),
    (b'{"category": "t\\u0000ax"}', "U+0000 in a string"),
    (b'{"category": "tax"', "a truncated object"),
    (b'\xff\xfe{}', "not UTF-8"),
])
def test_malformed_json_is_a_400_naming_the_problem(server, body, what):
    # (U+0000 is JSON, but no string of the protocol may hold it: "invalid", as on PostgreSQL)
    code = "invalid" if "U+0000" in what else "bad_json"
    err = assert_json_refusal(post_raw(server, "/v1/queue/tickets", body), 400, code)
    assert len(err["message"]) < 200


def test_deep_nesting_inside_a_batch_item_is_refused_too(server):
    deep = b"[" * 5000 + b"]" * 5000
    body = (b'{"items": [{"key": "k-0000001", "path": "/v1/queue/tickets", "body": {"x": '
            + deep + b"}}]}")
    assert_json_refusal(post_raw(server, "/v1/batch", body), 400, "bad_json")


@pytest.mark.parametrize("body", [b"null", b"[]", b'"tax"', b"42", b"true"])
def test_a_body_that_is_not_an_object_is_refused(server, body):
    assert_json_refusal(post_raw(server, "/v1/queue/tickets", body), 400)


def test_nothing_was_stored_by_the_refused_requests(server):
    for body in (b'{"category": "tax", "n": NaN}', b"null", b'{"category": "\\ud800"}'):
        post_raw(server, "/v1/queue/tickets", body)
    assert server.count("tickets") == 0


def test_strict_json_reference_cases():
    assert strict_json(b'{"a": [1, 2.5, "\\ud83d\\ude00"]}') == {"a": [1, 2.5, "😀"]}
    for raw in (b"NaN", b"1e999", b'"\\ud800"', b"[" * 300 + b"]" * 300, b'"a\\u0000"'):
        with pytest.raises(BadJson):
            strict_json(raw)


# --------------------------------------------------------------------------- the wire
def test_a_negative_content_length_is_answered_at_once_with_json(server):
    answer = wire(server, b"POST /v1/queue/tickets HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Length: -1\r\n\r\n")
    status, body = status_and_json(answer)
    assert status == 400 and body["error"]["code"] in ("bad_request", "bad_length")


def test_a_garbled_request_line_is_a_json_400(server):
    status, body = status_and_json(wire(server, b"GET /v1/health HTTP/1.1 extra\r\n\r\n"))
    assert status == 400 and body["error"]["code"] == "bad_request"


@pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "PATCH", "DELETE", "PUT"])
def test_other_methods_are_a_json_405(server, method):
    answer = wire(server, f"{method} /v1/queue/tickets HTTP/1.1\r\nHost: x\r\n"
                          f"Content-Length: 0\r\nConnection: close\r\n\r\n".encode())
    status, body = status_and_json(answer)
    assert status == 405 and body["error"]["code"] == "method_not_allowed"


def test_an_unknown_path_and_a_too_long_one_are_json(server):
    r = requests.get(server.url + "/v1/nowhere", timeout=5)
    assert_json_refusal(r, 404, "no_route")
    r = requests.get(server.url + "/v1/" + "x" * 400, timeout=5)
    assert_json_refusal(r, 414, "uri_too_long")


def test_chunked_bodies_need_a_length(server):
    answer = wire(server, b"POST /v1/queue/tickets HTTP/1.1\r\nHost: x\r\n"
                          b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
    status, body = status_and_json(answer)
    assert status == 411 and body["error"]["code"] == "length_required"


def test_a_body_over_the_route_limit_is_refused_before_it_is_read(server):
    limit = server.server.limits.body_bytes
    answer = wire(server, b"POST /v1/queue/tickets HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Type: application/json\r\n"
                          b"Content-Length: " + str(limit + 1).encode() + b"\r\n\r\n{")
    status, body = status_and_json(answer)
    assert status == 413 and body["error"]["code"] == "too_large"


def limited(tmp_path, **limits) -> Central:
    """The server with other limits than the defaults."""
    c = Central(tmp_path)
    c.server = CentralServer(c.app, "127.0.0.1", 0, faults=c.faults,
                             limits=Limits(**limits)).start()
    c.port = c.server.port
    return c


def test_a_body_that_never_arrives_is_a_408_not_a_held_connection(tmp_path):
    c = limited(tmp_path, body_timeout_s=0.3)
    try:
        answer = wire(c, b"POST /v1/queue/tickets HTTP/1.1\r\nHost: x\r\n"
                         b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        status, body = status_and_json(answer)
        assert status == 408 and body["error"]["code"] == "request_timeout"
    finally:
        c.close()


# --------------------------------------------------------------------------- limits
def test_only_a_few_large_bodies_are_taken_at_once(tmp_path):
    server = limited(tmp_path, large_bytes=1000, large_concurrency=1)
    held = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    try:
        held.sendall(b"POST /v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 5000\r\n\r\n{\"pad\": \"")  # ... and the rest never comes

        got = []

        def second():
            got.append(post_raw(server, "/v1/cases", b'{"pad": "' + b"x" * 2000 + b'"}'))
            return got[-1].status_code == 503

        assert wait_for(second, timeout=20)
        err = assert_json_refusal(got[-1], 503, "busy")
        assert "large" in err["message"] and got[-1].headers["retry-after"]
        held.close()
        # the slot is given back when the first one's client goes
        assert wait_for(lambda: post_raw(server, "/v1/cases", b'{"pad": "' + b"x" * 2000 +
                                         b'"}').status_code != 503, timeout=20)
    finally:
        held.close()
        server.close()


def test_a_kiosk_over_its_request_rate_gets_429_with_retry_after(tmp_path):
    server = limited(tmp_path, rate_per_s=0.001, rate_burst=3)
    got = [requests.get(server.url + "/v1/queue/state", timeout=5,
                        headers={"Authorization": f"Bearer {server.token(KIOSK)}"})
           for _ in range(4)]
    assert [r.status_code for r in got] == [200, 200, 200, 429]
    assert_json_refusal(got[3], 429, "rate_limited")
    assert int(got[3].headers["retry-after"]) >= 1
    # another kiosk is not held back by this one
    r = requests.get(server.url + "/v1/queue/state", timeout=5,
                     headers={"Authorization": f"Bearer {server.token('KSK-T-02')}"})
    assert r.status_code == 200
    server.close()


# --------------------------------------------------------------------------- the log
def test_no_input_can_forge_a_log_line(server):
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    keep = Keep()
    keep.setFormatter(JsonLines())
    keep.setLevel(logging.INFO)
    # the handler on the server's own loggers, at INFO whatever an earlier test left on the
    # root logger or its levels
    central_log = logging.getLogger("kiosk.central")
    saved = [(lg, lg.level, lg.disabled, lg.propagate) for lg in
             (central_log, logging.getLogger("kiosk"), logging.getLogger("kiosk.central.access"))]
    for lg, *_ in saved:
        lg.setLevel(logging.INFO)
        lg.disabled = False
    central_log.addHandler(keep)
    try:
        forged = ('paper jam\n2026-12-01 09:00:00 CRITICAL kiosk.central: ADMIN LOGIN OK'
                  '\x1b[2J\x1b[31m red \r')
        r = requests.post(server.url + "/v1/staff-calls", timeout=5, headers=headers(server),
                          json={"call_id": str(uuid.uuid4()), "reason": forged,
                                "at": "2026-12-01T09:00:00+08:00"})
        assert r.status_code == 201, r.text
        requests.get(server.url + "/v1/\x1b[31mred%0Aline", timeout=5)
    finally:
        central_log.removeHandler(keep)
        for lg, level, disabled, propagate in saved:
            lg.setLevel(level)
            lg.disabled, lg.propagate = disabled, propagate
    assert lines
    for line in lines:
        assert "\n" not in line and "\r" not in line and "\x1b" not in line
        json.loads(line)  # each line is one JSON event
    staff = [json.loads(x) for x in lines if "STAFF CALL" in x]
    assert staff and "ADMIN LOGIN OK" in staff[0]["msg"]  # the text is kept, escaped


def test_refusals_leave_no_traceback_in_the_log(server, caplog):
    caplog.set_level(logging.INFO)
    post_raw(server, "/v1/queue/tickets", b'{"category": "\\ud800"}')
    post_raw(server, "/v1/batch", b'{"items": ' + b"[" * 3000 + b"]" * 3000 + b"}")
    post_raw(server, "/v1/queue/tickets", b'{"category": "tax", "n": ' + b"9" * 5000 + b"}")
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
