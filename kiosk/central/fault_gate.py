"""The fault injector in the ASGI request path (tests, the demo's ``--fault``).

Outermost layer, so it acts on the wire: ``drop_before``/``drop_after``/``stall`` close the
TCP connection without an answer (through the transport uvicorn's request cycle holds — the
only way ASGI has to say "no answer"), ``garbage``/``wrong_type``/``oversized`` replace the
answer after the request was handled, ``duplicate`` handles it twice as a retrying proxy
would. See :mod:`kiosk.central.faults` for the catalogue.
"""
from __future__ import annotations

import asyncio
import json
import threading

from kiosk import protocol as P
from kiosk.central.faults import AFTER, BEFORE, FaultInjector
from kiosk.protocol import Err


class FaultGate:
    def __init__(self, app, faults: FaultInjector, stopping: threading.Event) -> None:
        self.app, self.faults, self.stopping = app, faults, stopping

    async def sleep(self, seconds: float) -> None:
        """A fault's sleep, cut short when the server stops (so stopping never waits)."""
        end = asyncio.get_running_loop().time() + seconds
        while not self.stopping.is_set():
            left = end - asyncio.get_running_loop().time()
            if left <= 0:
                return
            await asyncio.sleep(min(left, 0.05))

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not self.faults.active():
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        before = self.faults.pick(BEFORE, path)
        if before is not None:
            if before.name == "latency":
                await self.sleep(float(before.params.get("seconds", 0.5)))
            elif before.name == "error":
                status = int(before.params.get("status", 503))
                body = json.dumps(P.error_body(Err.INJECTED, "injected server error")).encode()
                return await _answer(send, status, body, b"application/json")
            elif before.name == "drop_before":
                return await _drop(scope)
        body = await _whole_body(receive)
        replay = _replayer(body, receive)
        if self.faults.should("duplicate", path):
            await self.app(scope, replay(), _Collector())
        after = self.faults.pick(AFTER, path)
        if after is None:
            return await self.app(scope, replay(), send)
        answer = _Collector()
        await self.app(scope, replay(), answer)
        if after.name == "drop_after":
            return await _drop(scope)
        if after.name == "garbage":
            return await _answer(send, 200, b"\x00<<not json>>\xff{", b"application/json")
        if after.name == "wrong_type":
            return await _answer(send, 200, b"<html><body>Gateway login</body></html>",
                                 b"text/html")
        if after.name == "oversized":
            size = int(after.params.get("bytes", 16 * 1024 * 1024))
            return await _answer(send, 200, b'{"pad":"' + b" " * size + b'"}',
                                 b"application/json")
        if after.name == "stall":
            headers = [(k, v) for k, v in answer.headers if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(answer.body)).encode()))
            await send({"type": "http.response.start", "status": answer.status,
                        "headers": headers})
            await send({"type": "http.response.body", "body": answer.body[: len(answer.body) // 2],
                        "more_body": True})
            await self.sleep(float(after.params.get("seconds", 30)))
            return await _drop(scope)


class _Collector:
    """A ``send`` that keeps the answer instead of sending it."""

    def __init__(self) -> None:
        self.status, self.headers, self.parts = 500, [], []

    async def __call__(self, message) -> None:
        if message["type"] == "http.response.start":
            self.status, self.headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.parts.append(message.get("body", b""))

    @property
    def body(self) -> bytes:
        return b"".join(self.parts)


async def _whole_body(receive) -> bytes:
    parts = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(parts)
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(parts)


def _replayer(body: bytes, receive):
    def make():
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()
        return replay
    return make


async def _answer(send, status: int, body: bytes, ctype: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", ctype),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _drop(scope) -> None:
    transport = scope.get("kiosk.transport")
    if transport is None:  # not under uvicorn's httptools protocol: cannot drop
        raise ConnectionAbortedError("fault: drop (no transport to close)")
    transport.abort()  # no FIN dance: the client sees the connection reset/closed at once
    for _ in range(2):  # let connection_lost run, so uvicorn knows there is no one to answer
        await asyncio.sleep(0)
