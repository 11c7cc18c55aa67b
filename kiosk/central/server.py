"""The central server process: the ASGI app (:mod:`kiosk.central.asgi`) under uvicorn.

:class:`CentralServer` runs one uvicorn server on a thread (the tests, the demo's embedded
server, ``kiosk-central serve`` with one worker); :func:`serve_workers` runs several worker
processes on one listening socket (``serve --workers N``), each with its own database pool —
numbering, idempotency and check-ins are race-free across processes and hosts because the
database's transactions and unique constraints guarantee them, not the process.

:meth:`CentralServer.stop` really stops: the listening socket closes and so does every
keep-alive connection, so a test that takes the server down sees the kiosk's next request
fail; a fault's sleep (``stall``, ``latency``) is cut short.

TLS: by uvicorn (``ssl_certfile``/``ssl_keyfile``; with ``ssl_ca_certs`` a client certificate
is asked for and, when given, must verify — its common name is the kiosk id), or by a reverse
proxy in front (README: "Central server in production").
"""
from __future__ import annotations

import json
import logging
import os
import socket
import ssl
import threading
import time
from dataclasses import asdict
from pathlib import Path

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kiosk.central.api import CentralApp
from kiosk.central.asgi import Limits, build_asgi
from kiosk.central.catalogue import Catalogue, load_catalogue
from kiosk.central.faults import FaultInjector
from kiosk.central.store import CentralStore, derive_data_key, open_engine
from kiosk.protocol import HEALTH

log = logging.getLogger(__name__)

PURGE_INTERVAL_S = 6 * 3600.0
BACKLOG = 256
#: the worker processes' configuration travels in this environment variable (JSON)
WORKER_ENV = "KIOSK_CENTRAL_WORKER"


class JsonErrorProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol whose own refusals (a request it cannot parse: a negative
    Content-Length, a bad header, a wrong method token) are JSON like every other answer."""

    def send_400_response(self, msg: str) -> None:
        body = json.dumps({"error": {"code": "bad_request", "message": msg}}).encode()
        self.transport.write(b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n"
                             b"content-length: " + str(len(body)).encode() +
                             b"\r\nconnection: close\r\n\r\n" + body)
        self.transport.close()


def _config(app, *, limits: Limits, **kw) -> uvicorn.Config:
    return uvicorn.Config(
        app, http=JsonErrorProtocol, loop="asyncio", lifespan="off", ws="none",
        interface="asgi3", access_log=False, log_config=None, server_header=False,
        date_header=True, timeout_keep_alive=int(limits.keep_alive_s),
        timeout_graceful_shutdown=5, backlog=BACKLOG, **kw)


class CentralServer:
    def __init__(self, app: CentralApp, host: str = "127.0.0.1", port: int = 0, *,
                 faults: FaultInjector | None = None, tls: ssl.SSLContext | None = None,
                 limits: Limits | None = None) -> None:
        self.app = app
        self.faults = faults or FaultInjector()
        self.limits = limits or Limits()
        self.scheme = "https" if tls else "http"
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self._sock.bind((host, port))
            self._sock.listen(BACKLOG)
        except OSError:
            self._sock.close()
            raise
        self.host, self.port = self._sock.getsockname()[:2]
        asgi = build_asgi(app, limits=self.limits, faults=self.faults, stopping=self._stopping)
        config = _config(asgi, limits=self.limits)
        config.load()
        config.ssl = tls  # (a context the caller made: uvicorn would build one from files)
        self._uvicorn = uvicorn.Server(config)

    @property
    def netloc(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}"

    @property
    def store(self) -> CentralStore:
        return self.app.store

    def start(self) -> CentralServer:
        self._thread = threading.Thread(target=self._uvicorn.run, kwargs={"sockets": [self._sock]},
                                        name=f"central-{self.port}", daemon=True)
        self._thread.start()
        while not self._uvicorn.started and self._thread.is_alive():
            time.sleep(0.005)  # (uvicorn says "started" by a flag; startup takes ~10 ms)
        if not self._uvicorn.started:
            raise OSError(f"the central server on {self.netloc} did not start")
        _start_maintenance(self.app, self._stopping)
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(6)
            if self._thread.is_alive():  # a handler still runs: stop waiting for it
                self._uvicorn.force_exit = True
                self._thread.join(5)
        self._sock.close()

    def __enter__(self) -> CentralServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _start_maintenance(app: CentralApp, stopping: threading.Event) -> None:
    def purge_daily() -> None:
        while not stopping.wait(PURGE_INTERVAL_S):
            try:
                app.store.idempotency.purge(app.retention_days)
            except Exception:  # noqa: BLE001 - tried again at the next round
                log.exception("central: purging old idempotency keys failed")

    threading.Thread(target=purge_daily, name="central-purge", daemon=True).start()


# --------------------------------------------------------------------------- worker processes
def serve_workers(*, host: str, port: int, workers: int, db_url: str, data_dir: Path,
                  public_url: str = "", limits: Limits | None = None, tls: dict | None = None,
                  faults: list[str] | None = None, ready=None, stop: threading.Event | None = None,
                  thresholds: dict | None = None) -> None:
    """Several uvicorn worker processes sharing one listening socket (uvicorn's supervisor
    restarts a worker that dies). Each worker builds its app from ``WORKER_ENV``."""
    from uvicorn.supervisors import Multiprocess

    limits = limits or Limits()
    os.environ[WORKER_ENV] = json.dumps({
        "db_url": db_url, "data_dir": str(data_dir), "public_url": public_url,
        "limits": asdict(limits), "faults": faults or [], "thresholds": thresholds or {}})
    tls = tls or {}
    config = _config("kiosk.central.server:worker_app", limits=limits, factory=True,
                     host=host, port=port, workers=workers,
                     ssl_certfile=tls.get("cert"), ssl_keyfile=tls.get("key"),
                     ssl_ca_certs=tls.get("client_ca"),
                     ssl_cert_reqs=ssl.CERT_OPTIONAL if tls.get("client_ca") else ssl.CERT_NONE)
    sock = config.bind_socket()
    supervisor = Multiprocess(config, sockets=[sock])
    if stop is not None:
        threading.Thread(target=lambda: (stop.wait(), supervisor.should_exit.set()),
                         name="central-stop", daemon=True).start()
    if ready is not None:
        scheme = "https" if tls.get("cert") else "http"
        ready(f"{scheme}://{host}:{sock.getsockname()[1]}")
    try:
        supervisor.run()
    finally:
        sock.close()


def worker_app():
    """One worker process's ASGI app (uvicorn calls this in each worker: ``factory=True``)."""
    from kiosk.central import auth
    from kiosk.central.faults import parse_fault_spec
    from kiosk.central.jsonlog import setup_logging

    cfg = json.loads(os.environ[WORKER_ENV])
    setup_logging(json_lines=True)
    secret = auth.load_or_create_secret(Path(cfg["data_dir"]) / "signing.key")
    app = build_app(cfg["db_url"], secret, public_url=cfg["public_url"])
    if cfg.get("thresholds"):
        from kiosk.central.fleet import Thresholds

        app.fleet.thresholds = Thresholds(**cfg["thresholds"])
    faults = FaultInjector()
    for spec in cfg["faults"]:
        name, params = parse_fault_spec(spec)
        faults.inject(name, **params)
    stopping = threading.Event()
    _start_maintenance(app, stopping)
    return build_asgi(app, limits=Limits(**cfg["limits"]), faults=faults, stopping=stopping)


# --------------------------------------------------------------------------- shared helpers
def server_tls_context(cert_file: str, key_file: str, client_ca: str = "") -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert_file, key_file)
    if client_ca:
        ctx.load_verify_locations(client_ca)
        ctx.verify_mode = ssl.CERT_OPTIONAL  # certificate or token; a bad certificate fails
    return ctx


def build_app(db_url: str, secret: bytes, *, catalogue: Catalogue | None = None,
              public_url: str = "", retention_days: float = 35) -> CentralApp:
    engine = open_engine(db_url, derive_data_key(secret))  # (an older database: sealed in place)
    store = CentralStore(engine, catalogue or load_catalogue(), public_url=public_url)
    app = CentralApp(store, secret, retention_days=retention_days)
    purged = store.idempotency.purge(app.retention_days)
    if purged:
        log.info("central: purged %d idempotency keys older than %s days", purged,
                 app.retention_days)
    return app


def default_db_url(data_dir: Path) -> str:
    """The SQLite database in the server's data directory."""
    return f"sqlite:///{Path(data_dir) / 'central.db'}"


def wait_until_up(url: str, timeout: float = 5.0) -> bool:
    import urllib.request

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"{url}{HEALTH}", timeout=1) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.05)
    return False
