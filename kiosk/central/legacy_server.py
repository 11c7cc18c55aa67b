"""The OLD front end of the central server (``http.server.ThreadingHTTPServer``), kept only so
the load benchmark (bench/bench_central_load.py) can measure it side by side with the new one
(:mod:`kiosk.central.server`, uvicorn + FastAPI): ``kiosk-central serve --legacy``. The
Python docs say not to use ``http.server`` in production; nothing else uses this module.
"""
from __future__ import annotations

import logging
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kiosk.central import auth
from kiosk.central.api import CentralApp, Request, Response
from kiosk.central.faults import AFTER, BEFORE, FaultInjector
from kiosk.central.store import CentralStore
from kiosk.protocol import Err

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 64 * 1024 * 1024
IDLE_TIMEOUT_S = 30.0
PURGE_INTERVAL_S = 6 * 3600.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kiosk-central/1"
    timeout = IDLE_TIMEOUT_S  # a silent or stalled client is dropped, never holds a thread
    # headers and body go out as two writes: with Nagle on, the body waits for the
    # client's delayed ACK (40 ms a request)
    disable_nagle_algorithm = True

    server: _HTTPServer

    def log_message(self, fmt, *args) -> None:  # paths only; bodies (personal data) never
        log.debug("central %s: " + fmt, self.client_address[0], *args)

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET

    def _serve(self) -> None:
        central = self.server.central
        path, _, query = self.path.partition("?")
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            return self._reply(Response.error(411, Err.LENGTH_REQUIRED, "send a Content-Length"),
                               close=True)
        try:
            length = int(self.headers.get("content-length") or 0)
        except ValueError:
            return self._reply(Response.error(400, Err.BAD_LENGTH, "bad Content-Length"),
                               close=True)
        if length > central.max_request_bytes:
            return self._reply(Response.error(
                413, Err.TOO_LARGE,
                f"request bodies are limited to {central.max_request_bytes} bytes"), close=True)
        body = self.rfile.read(length) if length else b""
        if len(body) != length:
            self.close_connection = True
            return

        faults = central.faults
        before = faults.pick(BEFORE, path)
        if before is not None:
            if before.name == "latency":
                central.sleep(float(before.params.get("seconds", 0.5)))
            elif before.name == "error":
                status = int(before.params.get("status", 503))
                return self._reply(Response.error(status, Err.INJECTED, "injected server error"))
            elif before.name == "drop_before":
                return self._drop()

        req = Request(
            method=self.command, path=path, body=body,
            headers={k.lower(): v for k, v in self.headers.items()},
            query=dict(p.partition("=")[::2] for p in query.split("&") if p),
            peer_kiosk=self._peer_kiosk(),
            base_url=f"{central.scheme}://{self.headers.get('host') or central.netloc}",
        )
        resp = central.app.handle(req)
        if faults.should("duplicate", path):
            resp = central.app.handle(req)

        after = faults.pick(AFTER, path)
        if after is None:
            return self._reply(resp)
        if after.name == "drop_after":
            return self._drop()
        if after.name == "garbage":
            return self._reply(Response(200, b"\x00<<not json>>\xff{", "application/json"))
        if after.name == "wrong_type":
            return self._reply(Response(200, b"<html><body>Gateway login</body></html>",
                                        "text/html"))
        if after.name == "oversized":
            size = int(after.params.get("bytes", 16 * 1024 * 1024))
            return self._reply(Response(200, b'{"pad":"' + b" " * size + b'"}'))
        if after.name == "stall":
            return self._stall(resp, float(after.params.get("seconds", 30)))

    def _peer_kiosk(self) -> str | None:
        if isinstance(self.connection, ssl.SSLSocket):
            try:
                return auth.kiosk_id_from_cert(self.connection.getpeercert())
            except (ValueError, ssl.SSLError):
                return None
        return None

    def _headers(self, resp: Response, close: bool) -> None:
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(resp.body)))
        for k, v in resp.headers.items():
            self.send_header(k, v)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()

    def _reply(self, resp: Response, close: bool = False) -> None:
        try:
            self._headers(resp, close)
            if self.command != "HEAD" and resp.status not in (204, 304):
                self.wfile.write(resp.body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _stall(self, resp: Response, seconds: float) -> None:
        try:
            self._headers(resp, close=True)
            self.wfile.write(resp.body[: len(resp.body) // 2])
            self.wfile.flush()
        except OSError:
            pass
        self.server.central.sleep(seconds)
        self._drop()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    central: LegacyServer

    def finish_request(self, request, client_address) -> None:
        central = self.central
        with central._conn_lock:
            central._connections.add(request)
        try:
            if isinstance(request, ssl.SSLSocket):
                request.settimeout(IDLE_TIMEOUT_S)
                request.do_handshake()  # in this worker thread, not the accept loop
            super().finish_request(request, client_address)
        except (OSError, ssl.SSLError) as exc:
            log.debug("central: connection from %s ended: %s", client_address[0], exc)
        finally:
            with central._conn_lock:
                central._connections.discard(request)


class LegacyServer:
    def __init__(self, app: CentralApp, host: str = "127.0.0.1", port: int = 0, *,
                 faults: FaultInjector | None = None, tls: ssl.SSLContext | None = None,
                 max_request_bytes: int = MAX_REQUEST_BYTES) -> None:
        self.app = app
        self.faults = faults or FaultInjector()
        self.max_request_bytes = max_request_bytes
        self.scheme = "https" if tls else "http"
        self._stopping = threading.Event()
        self._connections: set = set()
        self._conn_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.central = self
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True,
                                                 do_handshake_on_connect=False)
        self.host, self.port = self._httpd.server_address[:2]

    @property
    def netloc(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}"

    @property
    def store(self) -> CentralStore:
        return self.app.store

    def sleep(self, seconds: float) -> None:
        """A fault's sleep, cut short when the server stops."""
        self._stopping.wait(seconds)

    def start(self) -> LegacyServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"central-{self.port}", daemon=True)
        self._thread.start()
        self._start_maintenance()
        return self

    def _start_maintenance(self) -> None:
        def purge_daily() -> None:
            while not self._stopping.wait(PURGE_INTERVAL_S):
                try:
                    self.app.store.idempotency.purge(self.app.retention_days)
                except Exception:  # noqa: BLE001 - tried again tomorrow
                    log.exception("central: purging old idempotency keys failed")

        threading.Thread(target=purge_daily, name="central-purge", daemon=True).start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(5)
        self._httpd.server_close()
        with self._conn_lock:
            conns = list(self._connections)
        for c in conns:  # keep-alive connections would otherwise go on being served
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self) -> LegacyServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
