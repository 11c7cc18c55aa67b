"""The central server under load (issue 17): simulated kiosks on 127.0.0.1 against the
server (uvicorn, 1 and 2 worker processes), each on SQLite and on PostgreSQL, side by side
in one run; then a backlog drain. The old front end (``http.server``, ``old``) was measured
beside it in the same run before it was removed (commit 243b496 still has it: run this
benchmark in a worktree of that commit with ``--fronts old,new1,new2`` to see it again).

    .venv/bin/python -m bench.run central_load            # the full matrix, 100,000-record drain
    .venv/bin/python -m bench.run central_load --quick    # smaller counts (a smoke run)
    .venv/bin/python -m bench.bench_central_load [--quick] [--fronts new1,new2]
        [--dbs sqlite,postgresql] [--seconds S] [--connections C] [--kiosks K]
        [--drain N] [--drain-on new2:postgresql,…] [--drain-kiosks K] [--drain-connections C]
        [--drain-deadline-s S] [--json FILE] [--logs DIR]

Every server is a child process started with the CLI (``python -m kiosk.central serve
--workers N …``; plain ``serve`` is the old front end in a checkout from before the new
one, ``--legacy`` while both were there), on a fresh database, and is ready when
``/v1/health`` answers. The kiosks are simulated: each has its own token signed with the
server's key (``kiosk.central.auth``); a pool of keep-alive HTTP/1.1 connections (one thread
each, closed loop: a connection sends its next request when the answer to the last one is
read) sends for one operation at a time:

- ``ticket``: ``POST /v1/queue/tickets`` with a fresh Idempotency-Key, as
  ``kiosk.sync.queue.QueueService.take_ticket`` sends it;
- ``batch``: ``POST /v1/batch`` with BATCH_OP_ITEMS items as the outbox relay sends them
  (``kiosk.sync.relay.Relay._send``): offline tickets, evaluations, staff calls and cases
  in the proportions of MIX; the bodies are those the kiosk's own code writes into its
  outbox (see :func:`kiosk_templates`), with fresh ids;
- ``heartbeat``: ``POST /v1/kiosks/{id}/heartbeats`` with the body the kiosk's heartbeat
  builder (``kiosk.sync.health.Health.heartbeat_body``) makes, with the device, supply and
  appliance fields a running kiosk adds (``kiosk.admin.Admin.heartbeat_extra``).

Figures per cell (``<front>_<db>_<op>_…``): requests/s and records/s (batch) answered 2xx,
p50 and p99 latency in ms of every answer, and the count of answers that were not 2xx
(``…_errors``, with the statuses in ``…_statuses``).

The drain: 100,000 records (``Params.drain_records``) queued as batches of the outbox's batch
size (the relay's default), belonging to 10 kiosks, sent back to back over 4 connections (as
fast as the server takes them), on a fresh server and database of its own. As the relay
would, a batch refused as a whole is sent again after a short pause, and items answered
5xx/409/424/429 go again (same keys) in a later batch, so the rate is of records delivered.
Figures
(``drain_<front>_<db>_…``): the rate of the first and of the last 10,000 records (a tenth of
the backlog in quick mode), the change between them, which issue 17 wants within ±10 %, and
the rate of every such window in order (a trend shows as a slope, the noise of the shared
machine as scatter), and the server's CPU time (its workers and PostgreSQL: the machine's busy
time less the client's) per record in each window (``…_server_cpu_ms_per_record``), which the
time a shared machine keeps the server waiting for a core does not change. Before the clock
starts another kiosk's 2,000 records (``drain_warmup``) are delivered untimed, so the backlog
meets a server that has been up, as after a hall's outage.

The scale statement (printed, and ``scale_…`` figures) comes from the one-process cell of
the new front end on PostgreSQL: the kiosks one server process carries at one heartbeat a
minute, and the halls it serves at their peak ticket rate (a city hall: ~3,600 tickets a
day, PEAK_SHARE of them in its PEAK_HOURS busiest hours).

The machine is shared (2 cores for the servers, the client, PostgreSQL and other people's
work): the client's own CPU is part of every figure; read them as lower bounds and compare
cells of the same run.
"""
from __future__ import annotations

import argparse
import http.client
import inspect
import itertools
import json
import os
import queue
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

HOST = "127.0.0.1"
OPS = ("ticket", "batch", "heartbeat")
OP_TITLES = {"ticket": "ticket take", "batch": "batch delivery", "heartbeat": "heartbeat"}
#: a kiosk's relay sends what gathered since it last looked: in office hours a few entries
#: (a ticket's evaluation, a staff call, a case), more after a network blip
BATCH_OP_ITEMS = 10
#: one "cycle" of an outbox's records after an outage, in order: most are offline tickets,
#: then the citizens' evaluations, the odd staff call and case
MIX = ("offline_ticket", "evaluation", "offline_ticket", "offline_ticket", "case",
       "offline_ticket", "evaluation", "offline_ticket", "offline_ticket", "staff_call",
       "offline_ticket", "evaluation", "offline_ticket", "offline_ticket", "evaluation",
       "offline_ticket", "case", "offline_ticket", "evaluation", "offline_ticket")
PEAK_TICKETS_PER_DAY = 3600
PEAK_SHARE = 0.40
PEAK_HOURS = 2
KIOSKS_PER_HALL = 10  # for the combined figure: a hall's kiosks beat while it issues
START_TIMEOUT_S = 120.0  # a server that is not up by then (on this busy machine) failed
STOP_TIMEOUT_S = 30.0


@dataclass
class Params:
    fronts: list[str]
    dbs: list[str]
    seconds: float = 15.0  # per operation and cell (after the warm-up)
    max_requests: int = 1_000_000  # per operation and cell: whichever comes first
    warmup: int = 5  # requests per connection before the clock starts
    connections: int = 8
    kiosks: int = 200
    drain_records: int = 100_000
    drain_on: list[tuple[str, str]] = field(default_factory=list)
    drain_kiosks: int = 10
    drain_connections: int = 4
    drain_window: int = 10_000
    drain_warmup: int = 2_000  # records delivered untimed before the backlog (another kiosk)
    drain_deadline_s: float = 900.0
    logs: Path | None = None  # keep each server's log here (<front>-<db>[-drain].log)


def full_params() -> Params:
    # the drain on the production set-up, and on the demo's (one process, SQLite)
    return Params(fronts=["new1", "new2"], dbs=["sqlite", "postgresql"],
                  drain_on=[("new2", "postgresql"), ("new1", "sqlite")])


def quick_params() -> Params:
    return Params(fronts=["new1", "new2"], dbs=["sqlite", "postgresql"], seconds=2.0,
                  connections=4, kiosks=20, drain_records=3000, drain_on=[("new2", "postgresql")],
                  drain_kiosks=2, drain_connections=2, drain_window=300, drain_deadline_s=120.0,
                  drain_warmup=200)


class BenchError(Exception):
    """The benchmark cannot go on (a server that does not start, no PostgreSQL): one line."""


# ---------------------------------------------------------------------- the server
def _serve_help() -> str:
    out = subprocess.run([sys.executable, "-m", "kiosk.central", "serve", "--help"], check=False,
                         capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    return out.stdout


def front_args(help_text: str | None = None) -> dict[str, list[str]]:
    """The serve options of each front end this checkout has: ``old`` is plain ``serve``
    before the new front end came, ``--legacy`` while both were there; ``new1``/``new2``
    exist once ``serve`` takes ``--workers``. (The old front end is gone since the
    comparison was made: to run it again, run this benchmark in a worktree of commit
    243b496, ``git worktree add /tmp/central-old 243b496``.)"""
    text = _serve_help() if help_text is None else help_text
    fronts: dict[str, list[str]] = {}
    if "--legacy" in text:
        fronts["old"] = ["--legacy"]
    elif "--workers" not in text:
        fronts["old"] = []
    if "--workers" in text:
        fronts["new1"] = ["--workers", "1"]
        fronts["new2"] = ["--workers", "2"]
    return fronts


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _get(port: int, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": "application/json"})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


class ServerProcess:
    """``python -m kiosk.central serve`` as a child process, in a session of its own (its
    uvicorn workers with it), stopped with SIGTERM (SIGKILL to that session if it hangs)."""

    def __init__(self, args: list[str], db_url: str, data_dir: Path) -> None:
        self.args, self.db_url, self.data_dir = args, db_url, data_dir
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.log_path = data_dir / "server.log"

    def start(self) -> ServerProcess:
        self.port = _free_port()
        cmd = [sys.executable, "-m", "kiosk.central", "--data-dir", str(self.data_dir), "serve",
               "--host", HOST, "--port", str(self.port), "--db", self.db_url, *self.args]
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                         env=env, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self.proc.poll() is not None:
                raise BenchError(f"the server ({' '.join(self.args) or 'serve'}) exited with "
                                 f"{self.proc.returncode}: {self._log_tail()}")
            try:
                if _get(self.port, "/v1/health", timeout=2.0)[0] == 200:
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise BenchError(f"the server ({' '.join(self.args) or 'serve'}) did not answer "
                                 f"/v1/health within {START_TIMEOUT_S:.0f} s: {self._log_tail()}")
            time.sleep(0.2)  # (polling a child process's readiness, not synchronising threads)

    def _log_tail(self) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no log"
        return " | ".join(lines[-3:]) or "no output"

    def keep_log(self, logs: Path | None, name: str) -> None:
        if logs is not None and self.log_path.exists():
            logs.mkdir(parents=True, exist_ok=True)
            (logs / f"{name}.log").write_bytes(self.log_path.read_bytes())
        self.log_path.unlink(missing_ok=True)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the session this bench started
            except ProcessLookupError:
                pass
            proc.wait(STOP_TIMEOUT_S)


# ---------------------------------------------------------------------- the kiosks' bodies
def kiosk_templates(tmp: Path) -> dict:
    """The bodies the kiosk's own code writes into its outbox, one of each kind, read back
    as the relay claims them — so a field the kiosk adds is in the benchmark's requests too;
    only the ids and times are replaced per request (:class:`Workload`). Also the catalogue's
    categories and items, as the kiosk has them."""
    import logging


    kiosk_log = logging.getLogger("kiosk")
    level = kiosk_log.level
    kiosk_log.setLevel(logging.ERROR)  # ("central unreachable": on purpose)
    try:
        return _kiosk_templates(tmp)
    finally:
        kiosk_log.setLevel(level)  # (a test process goes on: its logs must still come)


def _kiosk_templates(tmp: Path) -> dict:
    from kiosk.config import Settings
    from kiosk.sync.central import build_central

    s = Settings()
    s.kiosk.id = "KSK-BENCH-0000"
    s.kiosk.data_dir = str(tmp / "kiosk")
    s.kiosk.disk_reserve_mb = 0
    s.central.url = f"http://{HOST}:9"  # nothing listens: tickets are issued offline
    s.central.embedded_server = False
    s.central.connect_timeout_s = s.central.read_timeout_s = 0.5
    central = build_central(s)
    try:
        central.link.set(False)
        cats = central.queue.categories()
        ticket = central.queue.take_ticket(cats[0].code)
        central.evaluations.submit("ticket", ticket.number, 4, tags=[],
                                   comment="排队很快 工作人员热情", journey="ticket")
        central.staff.call("print_failed:paper_out", ticket.number)
        items = central.catalogue.items()
        central.cases.submit(items[0]["code"], FICTITIOUS_APPLICANT,
                             {"note": "办理公积金提取", "channel": "kiosk"})
        central.health.set_extra(_admin_extra)
        central.health.add_extra("appliance", _appliance_extra)
        central.health.beat()
        claimed = central.outbox.claim("bench", limit=100)
        kinds = {c.kind: {"path": c.path, "body": c.body, "stream": c.stream} for c in claimed}
        categories = [central.catalogue.category_record(c.code) for c in cats]
        item_codes = [i["code"] for i in items]
    finally:
        central.close()
    for kind, fields in NEW_PER_RECORD.items():  # loud when the kiosk's bodies changed
        missing = [f for f in fields if f not in kinds[kind]["body"]]
        if missing:
            raise BenchError(f"the kiosk's {kind} body has no {missing}: update NEW_PER_RECORD")
    return {"kinds": kinds, "categories": [{"code": c["code"], "prefix": c["prefix"]}
                                           for c in categories], "items": item_codes}


#: fictitious (an ID number of the test range, a reserved mobile block)
FICTITIOUS_APPLICANT = {"name": "测试甲", "id_number": "110101199003070000",
                        "mobile": "13800000000"}
#: the fields of each kind that are new in every record (the rest is the template's)
NEW_PER_RECORD = {
    "offline_ticket": ("number", "category", "kiosk_id", "issued_at"),
    "evaluation": ("evaluation_id", "kiosk_id", "subject", "at"),
    "staff_call": ("call_id", "kiosk_id", "ticket_number", "at"),
    "case": ("case_id", "kiosk_id", "submitted_at"),
    "heartbeat": ("kiosk_id", "at"),
}
_DEVICES = (("idcard", "idcard"), ("printer", "printer"), ("smartcard", "smartcard"),
            ("card_dispenser", "card_dispenser"), ("locker", "locker"),
            ("fingerprint", "fingerprint"), ("portrait_camera", "camera"),
            ("document_camera", "docscan"), ("usb_stick", "usb_stick"),
            ("a4printer", "a4printer"))


def _admin_extra() -> dict:
    """What ``kiosk.admin.Admin.heartbeat_extra`` adds on a kiosk with the devices of
    devices.toml (shapes as it writes them; the values of a healthy kiosk mid-morning)."""
    devices = [{"name": name, "kind": kind, "state": "ready", "axes": {"power": "ok"},
                "up": True, "problem": "", "warning": "", "mock": False,
                "operations": 120 + i * 7, "failures": i % 2, "last_error": ""}
               for i, (name, kind) in enumerate(_DEVICES)]
    devices[1]["axes"] = {"paper": "near_end", "cover": "closed"}
    devices[1]["warning"] = "paper_low"
    # (as kiosk.admin.Admin.supplies reads kiosk.supplies: counts, and the sensor's word)
    supplies = [{"device": "printer", "item": "paper", "value": 1450, "warning": True,
                 "sensor": "near_end"},
                {"device": "card_dispenser", "item": "card_hopper", "value": 180,
                 "warning": False, "sensor": ""},
                {"device": "card_dispenser", "item": "reject_bin", "value": 2, "warning": False,
                 "sensor": ""}]
    return {"hall": "示范区政务服务中心", "hall_en": "Demo District Service Centre",
            "mode": "production", "version": "1.0.0", "uptime_s": 9000,
            "last_restart_reason": "maintenance", "devices": devices, "supplies": supplies}


def _appliance_extra() -> dict:
    """What ``kiosk.appliance.runtime.Appliance.heartbeat_extra`` adds."""
    return {"restart": {"reason": "maintenance", "at": "2025-03-01T02:00:05+08:00"},
            "maintenance": {"ok": True, "took_s": 41.5},
            "watchdog": {"systemd": True, "hung_workers": []}, "screen_dark": False}


@dataclass
class Kiosk:
    id: str
    token: str
    prefix: str
    seq: itertools.count = field(default_factory=lambda: itertools.count(1))
    last_number: str = ""
    heartbeat: bytes = b""


class Workload:
    """Requests as the kiosks send them, built from :func:`kiosk_templates`."""

    def __init__(self, templates: dict, secret: bytes, kiosks: int, first: int = 1) -> None:
        from kiosk.central import auth
        from kiosk.sync.queue import offline_prefix

        self.t = templates
        self.day = date.today().isoformat()
        self.kiosks = []
        for n in range(first, first + kiosks):
            kid = f"KSK-BENCH-{n:04d}"
            self.kiosks.append(Kiosk(kid, auth.issue_token(secret, kid), offline_prefix(kid)))
        self.rng = random.Random(17)

    @staticmethod
    def _now() -> str:
        from kiosk.sync.client import now_iso

        return now_iso()

    def headers(self, kiosk: Kiosk) -> dict:
        from kiosk import protocol as P

        return {"Accept": "application/json", "Content-Type": "application/json",
                "Authorization": f"Bearer {kiosk.token}", P.KIOSK_CLOCK: self._now(),
                P.IDEMPOTENCY_KEY: uuid.uuid4().hex, "User-Agent": f"kiosk/{kiosk.id}"}

    def ticket(self, kiosk: Kiosk) -> tuple[str, str, bytes, int]:
        from kiosk import protocol as P

        body = {"category": self.rng.choice(self.t["categories"])["code"], "kiosk_id": kiosk.id}
        return "POST", P.TICKETS, _dumps(body), 1

    def heartbeat(self, kiosk: Kiosk) -> tuple[str, str, bytes, int]:
        from kiosk import protocol as P

        if not kiosk.heartbeat:  # (one body per kiosk: its fields change slowly)
            body = dict(self.t["kinds"]["heartbeat"]["body"], kiosk_id=kiosk.id, at=self._now())
            kiosk.heartbeat = _dumps(body)
        return "POST", P.path(P.HEARTBEATS, kiosk_id=kiosk.id), kiosk.heartbeat, 1

    def record(self, kiosk: Kiosk, kind: str, at: str | None = None) -> dict:
        """One outbox entry of ``kind`` as the relay puts it in a batch, made ``at`` (an ISO
        time; default now)."""
        from kiosk.sync.unprinted import ticket_stream

        tpl = self.t["kinds"][kind]
        now = at or self._now()
        stream = tpl["stream"]
        if kind == "offline_ticket":
            cat = self.rng.choice(self.t["categories"])
            number = f"{kiosk.prefix}-{cat['prefix']}{next(kiosk.seq):03d}"
            body = dict(tpl["body"], number=number, category=cat["code"], kiosk_id=kiosk.id,
                        issued_at=now)
            stream = ticket_stream(self.day, number)
            kiosk.last_number = number
        elif kind == "evaluation":
            body = dict(tpl["body"], evaluation_id=uuid.uuid4().hex, kiosk_id=kiosk.id,
                        subject=kiosk.last_number or "A001", at=now)
        elif kind == "staff_call":
            body = dict(tpl["body"], call_id=uuid.uuid4().hex, kiosk_id=kiosk.id,
                        ticket_number=kiosk.last_number or "A001", at=now)
        elif kind == "case":
            case_id = uuid.uuid4().hex
            body = dict(tpl["body"], case_id=case_id, kiosk_id=kiosk.id, submitted_at=now)
            stream = f"case:{case_id}"
        else:
            raise ValueError(kind)
        return {"key": uuid.uuid4().hex, "method": "POST", "path": tpl["path"], "body": body,
                "stream": stream}

    def records(self, kiosk: Kiosk, n: int, start: int = 0,
                times: list[str] | None = None) -> list[dict]:
        return [self.record(kiosk, MIX[(start + i) % len(MIX)], times[i] if times else None)
                for i in range(n)]

    def batch(self, kiosk: Kiosk) -> tuple[str, str, bytes, int]:
        from kiosk import protocol as P

        start = self.rng.randrange(len(MIX))
        items = self.records(kiosk, BATCH_OP_ITEMS, start)
        return "POST", P.BATCH, _dumps({"items": items}), len(items)


def _dumps(body) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def relay_batch_size() -> int:
    """The outbox's batch size: what the kiosk's relay claims and sends at once."""
    from kiosk.sync.relay import Relay

    return int(inspect.signature(Relay.__init__).parameters["batch_size"].default)


# ---------------------------------------------------------------------- load
@dataclass
class OpResult:
    requests: int = 0
    records: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    @property
    def errors(self) -> int:
        return sum(n for s, n in self.statuses.items() if not (isinstance(s, int) and s < 300))

    def figures(self, prefix: str, with_records: bool) -> dict:
        lat = sorted(self.latencies_ms)
        ok = self.requests - self.errors  # (a refusal is no work done: not in the rate)
        out = {f"{prefix}_req_per_s": round(ok / self.seconds, 1) if self.seconds else 0.0}
        if with_records:
            out[f"{prefix}_records_per_s"] = (round(self.records / self.seconds, 1)
                                              if self.seconds else 0.0)
        out[f"{prefix}_p50_ms"] = round(_pct(lat, 0.50), 2)
        out[f"{prefix}_p99_ms"] = round(_pct(lat, 0.99), 2)
        out[f"{prefix}_requests"] = self.requests
        out[f"{prefix}_errors"] = self.errors
        if self.errors:
            out[f"{prefix}_statuses"] = {str(k): v for k, v in self.statuses.items()}
        return out


def _pct(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * q))]


def _exchange(conn: http.client.HTTPConnection, method: str, path: str, body: bytes,
              headers: dict) -> tuple[int, bytes]:
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    return r.status, r.read()


def load(port: int, workload: Workload, op: str, p: Params) -> OpResult:
    """``p.connections`` keep-alive connections send ``op`` requests back to back (closed
    loop), each from the next kiosk in turn, for ``p.seconds`` after ``p.warmup`` requests
    each (or until ``p.max_requests`` are answered)."""
    make = getattr(workload, op)
    result = OpResult()
    lock = threading.Lock()
    clock: dict = {}
    counter = itertools.count()

    def started() -> None:  # (the barrier's action: one thread, before any is released)
        clock["t0"] = time.perf_counter()
        clock["stop"] = clock["t0"] + p.seconds

    barrier = threading.Barrier(p.connections, action=started)
    ends: list[float] = []

    def worker(w: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        lat: list[float] = []
        statuses: Counter = Counter()
        records = 0
        kiosks = workload.kiosks[w::p.connections] or workload.kiosks
        turn = itertools.cycle(kiosks)
        try:
            for i in itertools.count():
                measured = i >= p.warmup
                if i == p.warmup:
                    barrier.wait()
                    # a slow server keeps the others at the barrier past its keep-alive
                    # timeout: the measured part starts on a connection it has not closed
                    conn.close()
                if measured and (time.perf_counter() >= clock["stop"]
                                 or next(counter) >= p.max_requests):
                    break
                kiosk = next(turn)
                method, path, body, n = make(kiosk)
                headers = workload.headers(kiosk)
                t0 = time.perf_counter()
                try:
                    status, _ = _exchange(conn, method, path, body, headers)
                except (OSError, http.client.HTTPException) as exc:
                    status = f"{type(exc).__name__}"
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=120)
                if measured:
                    lat.append((time.perf_counter() - t0) * 1000)
                    statuses[status] += 1
                    if isinstance(status, int) and status < 300:
                        records += n
        finally:
            conn.close()
            with lock:
                ends.append(time.perf_counter())
                result.latencies_ms += lat
                result.statuses.update(statuses)
                result.requests += len(lat)
                result.records += records

    threads = [threading.Thread(target=worker, args=(w,), name=f"load-{op}-{w}")
               for w in range(p.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = max(ends) - clock["t0"] if ends and "t0" in clock else 0.0
    return result


# ---------------------------------------------------------------------- drain
class ServerCpu:
    """The CPU time spent outside this (client) process, sampled every ``every_s`` on a
    thread: the machine's busy time (/proc/stat) minus this process's own. On the bench
    machine that is the server's workers and PostgreSQL. Unlike the wall-clock rate it is not
    lowered by the time a busy shared machine keeps them waiting for a core, so a real trend
    (work per record growing with the tables) shows in it and the machine's noise mostly not."""

    def __init__(self, every_s: float = 0.2) -> None:
        self.every_s = every_s
        self.samples: list[tuple[float, float]] = []  # (perf_counter, CPU seconds)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="drain-cpu", daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")

    def _now(self) -> tuple[float, float]:
        with open("/proc/stat", encoding="ascii") as f:
            # user nice system idle iowait irq softirq steal …: busy = all but idle, iowait
            v = [int(x) for x in f.readline().split()[1:9]]
        busy = (sum(v) - v[3] - v[4]) / self._tick
        return time.perf_counter(), busy - time.process_time()

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self.samples.append(self._now())

    def __enter__(self) -> ServerCpu:
        self.samples.append(self._now())
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        self.samples.append(self._now())

    def at(self, t: float) -> float:
        """CPU seconds at ``t``, interpolated between the samples around it."""
        s = self.samples
        for (t0, c0), (t1, c1) in itertools.pairwise(s):
            if t0 <= t <= t1:
                return c0 + (c1 - c0) * ((t - t0) / (t1 - t0) if t1 > t0 else 1.0)
        return s[-1][1] if t > s[-1][0] else s[0][1]


#: seconds between two records of one kiosk's backlog: what it did while the server was away
BACKLOG_PACE_S = 3.0


def backlog_times(n: int, now: datetime | None = None) -> list[str]:
    """When a kiosk made the ``n`` records of its backlog: one every BACKLOG_PACE_S up to
    now, all today (closer together when today is younger than that).

    A kiosk's records were made over its time offline, not in one second: the server queues
    offline tickets by their ``issued_at`` and counts those ahead in constant time per
    second of it (``queue_counts``), so n tickets stamped with one second would cost each
    other O(n) — a backlog no hall can make."""
    now = now or datetime.now().astimezone()
    since_midnight = (now - now.replace(hour=0, minute=0, second=0, microsecond=0))
    pace = min(BACKLOG_PACE_S, max(since_midnight.total_seconds() - 1, 0) / max(n, 1))
    return [(now - timedelta(seconds=pace * (n - i))).isoformat(timespec="seconds")
            for i in range(n)]


def _backlog(workload: Workload, records: int, kiosks: int) -> queue.Queue:
    """``records`` records of the first ``kiosks`` kiosks of ``workload`` as the relays would
    send them: batches of the outbox's batch size, the kiosks taking turns."""
    size = relay_batch_size()
    per_kiosk = -(-records // kiosks)
    backlog: list[list[tuple[Kiosk, list, bytes]]] = []
    left = records
    for kiosk in workload.kiosks[:kiosks]:  # each kiosk's outbox, in its order
        own, n = [], min(per_kiosk, left)
        left -= n
        times = backlog_times(n)
        for start in range(0, n, size):
            items = workload.records(kiosk, min(size, n - start), start,
                                     times[start:start + size])
            own.append((kiosk, items, _dumps({"items": items})))
        backlog.append(own)
    todo: queue.Queue = queue.Queue()
    for round_ in itertools.zip_longest(*backlog):  # the kiosks' relays take turns
        for b in round_:
            if b is not None:
                todo.put(b)
    return todo


def _deliver(port: int, workload: Workload, todo: queue.Queue, connections: int,
             deadline: float) -> tuple[list[tuple[float, int]], Counter]:
    """Every batch of ``todo`` delivered back to back over ``connections`` keep-alive
    connections, as relays would; (when, records delivered) per batch and what was refused."""
    from kiosk import protocol as P

    done: list[tuple[float, int]] = []  # (when, records delivered) per batch
    busy = [0]  # batches out on a connection
    problems: Counter = Counter()
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        try:
            while time.perf_counter() < deadline:
                try:  # (a batch out on another connection may still bring retries)
                    kiosk, items, body = todo.get(timeout=0.05)
                except queue.Empty:
                    with lock:
                        if not busy[0]:
                            return
                    continue
                with lock:
                    busy[0] += 1
                for attempt in itertools.count():
                    try:
                        status, raw = _exchange(conn, "POST", P.BATCH, body,
                                                workload.headers(kiosk))
                    except (OSError, http.client.HTTPException) as exc:
                        status, raw = type(exc).__name__, b""
                        conn.close()
                        conn = http.client.HTTPConnection(HOST, port, timeout=120)
                    if status == 200 or time.perf_counter() >= deadline:
                        break
                    with lock:
                        problems[f"batch {status}"] += 1
                    # (the relay's backoff: the server said "later", or did not answer)
                    time.sleep(min(2.0, 0.05 * 2 ** min(attempt, 5)))
                if status != 200:
                    with lock:
                        busy[0] -= 1
                    return
                results = json.loads(raw)["results"]
                ok = sum(1 for r in results if 200 <= r["status"] < 300)
                # what the relay sends again (5xx, 409, 424, 429 …: the same keys) goes to
                # the back of the queue; any other refusal it would park
                again = [it for it, r in zip(items, results)
                         if r["status"] >= 500 or r["status"] in P.RETRY_STATUSES]
                if again:
                    todo.put((kiosk, again, _dumps({"items": again})))
                with lock:
                    busy[0] -= 1
                    done.append((time.perf_counter(), ok))
                    for r in results:
                        if not 200 <= r["status"] < 300:
                            problems[f"item {r['status']}"] += 1
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, name=f"drain-{w}") for w in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.sort()
    return done, problems


def drain(port: int, workload: Workload, p: Params, warmup: Workload | None = None) -> dict:
    """DRAIN_RECORDS records of ``p.drain_kiosks`` kiosks, in batches of the outbox's batch
    size, delivered back to back over ``p.drain_connections`` connections; the rate of the
    first and the last window of records, and the server's CPU time per record in each.

    ``warmup`` (another kiosk's ``p.drain_warmup`` records) goes first, untimed, over the same
    number of connections: the backlog arrives at a server that has been up (each worker
    process's first requests, PostgreSQL's first statistics), as after a hall's outage."""
    size = relay_batch_size()
    out: dict = {"drain_backlog_records": p.drain_records, "drain_batch_items": size,
                 "drain_kiosks": p.drain_kiosks, "drain_connections": p.drain_connections}
    if warmup is not None and p.drain_warmup:
        warm, _ = _deliver(port, warmup, _backlog(warmup, p.drain_warmup, 1),
                           p.drain_connections, time.perf_counter() + p.drain_deadline_s)
        out["drain_warmup_records"] = sum(n for _, n in warm)
    todo = _backlog(workload, p.drain_records, p.drain_kiosks)
    with ServerCpu() as cpu:
        t0 = time.perf_counter()
        done, problems = _deliver(port, workload, todo, p.drain_connections,
                                  t0 + p.drain_deadline_s)
    delivered = sum(n for _, n in done)
    # (delivery is seen a batch at a time: a window is never smaller than one batch)
    w = min(max(p.drain_window, size), max(1, delivered // 2))
    out.update({"drain_delivered_records": delivered, "drain_window_records": w})
    if delivered < p.drain_records:
        out["drain_incomplete"] = (f"{delivered} of {p.drain_records} delivered "
                                   f"(deadline {p.drain_deadline_s:.0f} s or refusals)")
    if problems:
        out["drain_problems"] = dict(problems)
    if not done:
        return out
    cum = list(itertools.accumulate(n for _, n in done))
    when = [t for t, _ in done]

    def time_at(records: int) -> float:  # when this many records had been delivered
        return next(t for t, c in zip(when, cum) if c >= records)

    first = w / (time_at(w) - t0)
    tail = when[-1] - time_at(delivered - w)
    last = w / tail if delivered > w and tail > 0 else first
    total = delivered / (when[-1] - t0)
    # every window's rate, in order: a trend (the queue's growth) shows as a slope, the shared
    # machine's noise as scatter around it
    edges = [time_at(r) for r in range(w, delivered + 1, w)]
    spans = [(a, b) for a, b in zip([t0] + edges, edges) if b > a]
    out["drain_window_rates_records_per_s"] = [round(w / (b - a), 1) for a, b in spans]
    # the same windows in the server's CPU time (workers + PostgreSQL) per record
    out["drain_window_server_cpu_ms_per_record"] = [
        round((cpu.at(b) - cpu.at(a)) * 1000 / w, 2) for a, b in spans]
    out.update({"drain_seconds": round(when[-1] - t0, 1),
                "drain_records_per_s": round(total, 1),
                "drain_first_window_records_per_s": round(first, 1),
                "drain_last_window_records_per_s": round(last, 1),
                "drain_change_pct": round((last / first - 1) * 100, 1),
                # (of a drain cut short, the last window is not the backlog's end: no verdict)
                "drain_flat_within_10pct": (abs(last / first - 1) <= 0.10
                                            if delivered >= p.drain_records else None)})
    cpu_ms = out["drain_window_server_cpu_ms_per_record"]
    if len(cpu_ms) >= 2 and cpu_ms[0] > 0:
        out["drain_server_cpu_change_pct"] = round((cpu_ms[-1] / cpu_ms[0] - 1) * 100, 1)
    return out


# ---------------------------------------------------------------------- the matrix
class Databases:
    """A fresh database per server: a SQLite file, or a database in one durable cluster."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self._cluster = None
        self._cm = None
        self.n = 0

    def url(self, db: str) -> str:
        self.n += 1
        if db == "sqlite":
            return f"sqlite:///{self.tmp / f'central-{self.n}.db'}"
        if db != "postgresql":
            raise BenchError(f"unknown database {db!r} (sqlite, postgresql)")
        if self._cluster is None:
            from bench.pg_cluster import durable_cluster

            try:
                self._cm = durable_cluster()
                self._cluster = self._cm.__enter__()
            except Exception as exc:  # noqa: BLE001 - a set-up problem: one line
                raise BenchError(f"PostgreSQL cluster: {exc}") from None
        return self._cluster.url(self._cluster.create_database())

    def close(self) -> None:
        if self._cm is not None:
            self._cm.__exit__(None, None, None)
            self._cm = self._cluster = None


def _short(db: str) -> str:
    return "pg" if db == "postgresql" else db


def run_bench(p: Params, out=sys.stdout) -> dict:
    from kiosk.central import auth

    available = front_args()
    figures: dict = {}
    missing = [f for f in p.fronts if f not in available]
    if missing:
        figures["fronts_missing"] = (f"{', '.join(missing)}: not in this checkout's "
                                     "`kiosk-central serve`")
    fronts = [f for f in p.fronts if f in available]
    figures["fronts"] = {f: " ".join(["serve", *available[f]]) for f in fronts}
    cells: dict[tuple[str, str], dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-central-load-") as d:
        tmp = Path(d)
        templates = kiosk_templates(tmp)
        data_dir = tmp / "central"
        data_dir.mkdir(mode=0o700)
        secret = auth.load_or_create_secret(data_dir / "signing.key")  # the servers' key too
        workload = Workload(templates, secret, p.kiosks)
        dbs = Databases(tmp)
        try:
            for db in p.dbs:
                for front in fronts:
                    print(f"… {front} / {db}", file=sys.stderr, flush=True)
                    try:
                        server = ServerProcess(available[front], dbs.url(db), data_dir).start()
                    except BenchError as exc:  # the other cells still tell something
                        figures[f"{front}_{_short(db)}_error"] = str(exc)
                        ServerProcess([], "", data_dir).keep_log(p.logs, f"{front}-{db}")
                        continue
                    try:
                        cell = {}
                        for op in OPS:
                            r = load(server.port, workload, op, p)
                            cell.update(r.figures(f"{front}_{_short(db)}_{op}", op == "batch"))
                    finally:
                        server.stop()
                        server.keep_log(p.logs, f"{front}-{db}")
                    k = f"{front}_{_short(db)}"
                    cell[f"{k}_kiosks_at_1_heartbeat_per_min"] = int(
                        cell[f"{k}_heartbeat_req_per_s"] * 60)
                    cell[f"{k}_halls_at_peak_ticket_rate"] = int(
                        cell[f"{k}_ticket_req_per_s"] / peak_tickets_per_s())
                    cells[(front, db)] = cell
                    figures.update(cell)
            drains: list[tuple[str, dict]] = []
            for front, db in p.drain_on:
                if front not in available or db not in p.dbs + ["sqlite", "postgresql"]:
                    continue
                print(f"… drain of {p.drain_records} records on {front} / {db}",
                      file=sys.stderr, flush=True)
                try:
                    server = ServerProcess(available[front], dbs.url(db), data_dir).start()
                except BenchError as exc:
                    figures[f"drain_{front}_{_short(db)}_error"] = str(exc)
                    ServerProcess([], "", data_dir).keep_log(p.logs, f"{front}-{db}-drain")
                    continue
                try:
                    drained = Workload(templates, secret, p.drain_kiosks, first=9000)
                    warm = Workload(templates, secret, 1, first=8000)
                    result = drain(server.port, drained, p, warm)
                finally:
                    server.stop()
                    server.keep_log(p.logs, f"{front}-{db}-drain")
                drains.append((f"{front}/{db}", result))
                figures.update({k.replace("drain_", f"drain_{front}_{_short(db)}_", 1): v
                                for k, v in result.items()})
        finally:
            dbs.close()
    figures.update(scale(figures, fronts, p.dbs))
    print(table(cells, fronts, p), file=out)
    print(statement(figures, drains), file=out)
    return figures


def table(cells: dict, fronts: list[str], p: Params) -> str:
    cols = [(f, db) for db in p.dbs for f in fronts if (f, db) in cells]
    rows: list[tuple[str, str, str]] = []  # (operation, metric, figure suffix)
    for op in OPS:
        title = OP_TITLES[op] + (f" ({BATCH_OP_ITEMS} items)" if op == "batch" else "")
        rows.append((title, "req/s", f"{op}_req_per_s"))
        if op == "batch":
            rows.append(("", "records/s", f"{op}_records_per_s"))
        rows += [("", "p50 ms", f"{op}_p50_ms"), ("", "p99 ms", f"{op}_p99_ms"),
                 ("", "not 2xx", f"{op}_errors")]
    rows += [("scale (the server)", "kiosks", "kiosks_at_1_heartbeat_per_min"),
             ("", "halls", "halls_at_peak_ticket_rate")]
    heads = [f"{f}/{_short(db)}" for f, db in cols]
    w0 = max(len(r[0]) for r in rows)
    w = max([10] + [len(h) for h in heads])
    lines = [f"{'operation':<{w0}}  {'':<9}  " + "  ".join(f"{h:>{w}}" for h in heads)]
    for op_title, metric, suffix in rows:
        vals = []
        for f, db in cols:
            v = cells[(f, db)].get(f"{f}_{_short(db)}_{suffix}", "")
            vals.append(f"{v:>{w}.1f}" if isinstance(v, float) else f"{v!s:>{w}}")
        lines.append(f"{op_title:<{w0}}  {metric:<9}  " + "  ".join(vals))
    legend = ", ".join(f"{f} = uvicorn, {f[3:]} worker(s)" if f.startswith("new")
                       else f"{f} = http.server" for f in fronts)
    lines.append(f"({legend}; {p.connections} keep-alive connections, {p.kiosks} kiosks, "
                 f"{p.seconds:g} s per operation; scale: kiosks at one heartbeat a minute, "
                 f"halls at a city hall's peak of {peak_tickets_per_s():.2f} tickets/s, each "
                 "from that operation alone)")
    return "\n".join(lines)


def peak_tickets_per_s() -> float:
    return PEAK_TICKETS_PER_DAY * PEAK_SHARE / (PEAK_HOURS * 3600)


def scale(figures: dict, fronts: list[str], dbs: list[str]) -> dict:
    """From the one-process cell of the new front end (PostgreSQL if measured): the kiosks at
    one heartbeat a minute, the halls at their peak ticket rate, and both together."""
    out: dict = {}
    for front in ("new1", "old"):
        for db in ("postgresql", "sqlite"):
            key = f"{front}_{_short(db)}_heartbeat_req_per_s"
            if front in fronts and db in dbs and key in figures:
                break
        else:
            continue
        break
    else:
        return out
    k = f"{front}_{_short(db)}"
    hb, tk = figures[f"{k}_heartbeat_req_per_s"], figures[f"{k}_ticket_req_per_s"]
    peak = peak_tickets_per_s()
    out["scale_from"] = f"{front}/{db}"
    out["scale_hall_peak_tickets_per_s"] = round(peak, 3)
    out["scale_kiosks_per_process_at_1_heartbeat_per_min"] = int(hb * 60)
    out["scale_halls_per_process_at_peak_ticket_rate"] = int(tk / peak) if peak else 0
    if hb and tk:
        # a hall at its peak: its tickets and its kiosks' beats share the process
        per_hall = peak / tk + KIOSKS_PER_HALL / 60 / hb
        out[f"scale_halls_of_{KIOSKS_PER_HALL}_kiosks_per_process_at_peak"] = int(1 / per_hall)
    return out


def _verdict(flat: bool | None) -> str:
    if flat is None:
        return "INCOMPLETE: no verdict"
    return "within ±10 %" if flat else "NOT within ±10 %"


def statement(f: dict, drains: list[tuple[str, dict]]) -> str:
    lines = []
    for where, d in drains:
        if "drain_first_window_records_per_s" not in d:
            lines.append(f"Backlog drain on {where}: nothing delivered "
                         f"({d.get('drain_problems')}).")
            continue
        w = d["drain_window_records"]
        lines.append(
            f"Backlog drain on {where}: {d['drain_delivered_records']} of "
            f"{d['drain_backlog_records']} records in batches of {d['drain_batch_items']} "
            f"({d['drain_records_per_s']} records/s overall, {d['drain_seconds']} s); first "
            f"{w}: {d['drain_first_window_records_per_s']} records/s, last {w}: "
            f"{d['drain_last_window_records_per_s']} records/s ({d['drain_change_pct']:+.1f} %, "
            f"{_verdict(d['drain_flat_within_10pct'])}); every "
            f"{w}: {d['drain_window_rates_records_per_s']}; the server's CPU (workers and "
            f"database) per record, ms: {d.get('drain_window_server_cpu_ms_per_record')} "
            f"({d.get('drain_server_cpu_change_pct', 0):+.1f} % first to last)"
            + (f", after {d['drain_warmup_records']} untimed warm-up records"
               if d.get("drain_warmup_records") else "")
            + (f"; not delivered at once: {d['drain_problems']}" if "drain_problems" in d
               else "") + ".")
    if "scale_from" in f:
        peak = f["scale_hall_peak_tickets_per_s"]
        lines.append(
            f"Scale (one server process, {f['scale_from']}): "
            f"{f['scale_kiosks_per_process_at_1_heartbeat_per_min']} kiosks at one heartbeat a "
            f"minute (heartbeats alone); a city hall's peak is {PEAK_TICKETS_PER_DAY} tickets a "
            f"day x {PEAK_SHARE:.0%} in {PEAK_HOURS} h = {peak:.2f} tickets/s, so "
            f"{f['scale_halls_per_process_at_peak_ticket_rate']} halls at their peak (tickets "
            f"alone), or {f[f'scale_halls_of_{KIOSKS_PER_HALL}_kiosks_per_process_at_peak']} "
            f"halls of {KIOSKS_PER_HALL} kiosks with both together — on this shared 2-core "
            "machine, client included: lower bounds.")
    return "\n".join(lines)


def run(quick: bool) -> dict:
    """The ``bench.run`` entry: the whole matrix and the drain."""
    return run_bench(quick_params() if quick else full_params())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench.bench_central_load",
                                 description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller counts (a smoke run)")
    ap.add_argument("--fronts", help="comma-separated: old,new1,new2")
    ap.add_argument("--dbs", help="comma-separated: sqlite,postgresql")
    ap.add_argument("--seconds", type=float, help="per operation and cell")
    ap.add_argument("--max-requests", type=int, help="per operation and cell")
    ap.add_argument("--connections", type=int)
    ap.add_argument("--kiosks", type=int)
    ap.add_argument("--drain", type=int, metavar="N", help="records in the backlog (0: none)")
    ap.add_argument("--drain-on", metavar="FRONT:DB,…", help="e.g. new2:postgresql")
    ap.add_argument("--drain-kiosks", type=int, help="kiosks the backlog belongs to")
    ap.add_argument("--drain-connections", type=int, help="batches out at once")
    ap.add_argument("--drain-deadline-s", type=float, help="give up after this long")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    ap.add_argument("--logs", type=Path, metavar="DIR", help="keep the servers' logs here")
    a = ap.parse_args(argv)
    p = quick_params() if a.quick else full_params()
    if a.fronts:
        p.fronts = a.fronts.split(",")
    if a.dbs:
        p.dbs = a.dbs.split(",")
    for name in ("seconds", "max_requests", "connections", "kiosks"):
        if getattr(a, name) is not None:
            setattr(p, name, getattr(a, name))
    p.logs = a.logs
    if a.drain is not None:
        p.drain_records = a.drain
        p.drain_window = min(10_000, max(1, a.drain // 10))
    for name in ("drain_kiosks", "drain_connections", "drain_deadline_s"):
        if getattr(a, name) is not None:
            setattr(p, name, getattr(a, name))
    if a.drain_on:
        p.drain_on = [tuple(s.split(":", 1)) for s in a.drain_on.split(",")]
    if p.drain_records <= 0:
        p.drain_on = []
    try:
        figures = run_bench(p)
    except BenchError as exc:
        print(f"bench_central_load: {exc}", file=sys.stderr)
        return 1
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    if a.json:
        a.json.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
