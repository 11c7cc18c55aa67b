"""Simulated power cuts under a kiosk's data_dir (tests/faultfs.py), for the suite's short
run (tests/test_powercut.py) and the full run (bench/bench_powercut.py).

Each trial starts a kiosk process on the FaultFS mount — its outbox and relay delivering to
the reference server on 127.0.0.1 — that keeps confirming work: evaluations (an outbox
entry and a business record in one transaction) and offline tickets (the counter log, the
counter, the ticket and its entry). The process prints a line for each confirmation only
once it returned, i.e. once the kiosk would have told the citizen. At a random moment —
after a random number of confirmations (mid-enqueue), once the server has received a random
number more (mid-sync), or a random few milliseconds after a *new* kiosk starts (mid key
and database creation) — the process is killed and the disk loses everything that was not
durable ("lose"), or keeps a random part of it ("torn"). After each cut: the outbox opens,
``PRAGMA integrity_check`` passes, and every confirmation is in the database or already on
the server. At the end everything is delivered, and every confirmed record is on the server
exactly once and no offline number was confirmed twice.

``synchronous`` = "NORMAL" runs the same with SQLite's WAL not fsynced at each commit: the
control that shows the test can fail.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r'''
import random, sys, time
from pathlib import Path

data_dir, url, token_file, kiosk_id, sync_mode, seed = sys.argv[1:7]
if sync_mode != "FULL":  # the control run: WAL commits not fsynced (never in the product)
    import kiosk.sync.db as db, kiosk.sync.opening as opening
    real = db.install_sqlite_pragmas
    def normal(engine, busy_timeout_s=30.0):
        real(engine, busy_timeout_s)
        @db.event.listens_for(engine, "connect")
        def _normal(dbapi_conn, _record):
            dbapi_conn.execute(f"PRAGMA synchronous={sync_mode}")
    db.install_sqlite_pragmas = normal
    opening.pragma = lambda engine, name: "2"
from kiosk.config import Settings
from kiosk.sync import schema
from kiosk.sync.central import build_central
from kiosk.sync.online import OnlineState
from kiosk.sync.relay import Backoff

s = Settings()
s.kiosk.id = kiosk_id
s.kiosk.data_dir = data_dir
s.kiosk.disk_reserve_mb = 0
s.central.url = url
s.central.embedded_server = False
s.central.token_file = token_file
s.central.connect_timeout_s = 1.0
s.central.read_timeout_s = 2.0
print("starting", flush=True)
central = build_central(s, backoff=Backoff(base_s=0.02, cap_s=0.1), relay_options={
    "idle_interval_s": 0.01, "lease_s": 1.0}, probe_interval_s=0.2, heartbeat_interval_s=3600)
assert central.outbox.fault is None, central.outbox.fault
down = OnlineState(hold_s=1e9)
down.set(False)
central.queue.link = down  # tickets come from the kiosk's own range: counter updates
central.start()
print("ready", flush=True)
rng = random.Random(int(seed))
n = 0
while True:
    if rng.random() < 0.7:
        eid = f"{kiosk_id}-{seed}-{n}"
        def work(tx, eid=eid):
            tx.insert(schema.submissions, ref=eid, kind="evaluation", created_at=0)
            tx.add("evaluation", "/v1/evaluations", {
                "evaluation_id": eid, "subject_type": "kiosk", "subject": kiosk_id,
                "score": 4, "at": "2025-03-01T10:00:00+08:00",
                "comment": "x" * rng.randint(0, 300)}, ref=eid)
        central.outbox.write(work)
        print("ok E", eid, flush=True)
    else:
        t = central.queue.take_ticket("police_household")
        print("ok T", t.extra["day"], t.number, flush=True)
    n += 1
'''


@dataclass
class Figures:
    trials: int = 0
    confirmed: int = 0
    lost: int = 0  # confirmed, never on the server
    duplicated: int = 0  # on the server more than once, or a number confirmed twice
    open_failures: int = 0  # the outbox did not open after a cut
    integrity_failures: int = 0
    missing_after_cut: int = 0  # a confirmation in neither the database nor the server
    by_moment: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"trials": self.trials, "confirmed": self.confirmed, "lost": self.lost,
                "duplicated": self.duplicated, "open_failures": self.open_failures,
                "integrity_failures": self.integrity_failures,
                "missing_after_cut": self.missing_after_cut, **{
                    f"cuts_{k}": v for k, v in self.by_moment.items()}}


class Kiosk:
    """One kiosk's data dir on the mount and everything its processes confirmed."""

    def __init__(self, fs, central, index: int, tmp: Path) -> None:
        self.kiosk_id = f"KSK-P-{index + 1:02d}"  # (its own offline prefix: K01, K02 …)
        self.data_dir = fs.path / f"kiosk-{index}"
        self.token_file = tmp / f"token-{index}"
        from kiosk.central import auth

        auth.write_token_file(self.token_file, central.token(self.kiosk_id))
        self.evaluations: list[str] = []
        self.tickets: list[tuple[str, str]] = []
        self.missing: set = set()  # confirmations found in neither place after some cut


def _run_child(kiosk: Kiosk, central, sync_mode: str, seed: int, moment: str,
               rng: random.Random, timeout_s: float = 60.0) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(kiosk.data_dir), central.url, str(kiosk.token_file),
         kiosk.kiosk_id, sync_mode, str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=REPO)
    lines: list[str] = []
    started, ready = threading.Event(), threading.Event()

    def reader() -> None:
        for raw in proc.stdout:
            if not raw.endswith("\n"):
                break  # cut off by the kill: not a confirmation anyone saw
            line = raw.strip()
            lines.append(line)
            if line == "starting":
                started.set()
            elif line == "ready":
                ready.set()
        started.set()
        ready.set()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    try:
        if moment == "start":  # a new kiosk: the key and the database are being made
            started.wait(timeout_s)
            time.sleep(rng.uniform(0.0, 0.25))  # (picks the moment; nothing waits on it)
        else:
            if not ready.wait(timeout_s) or proc.poll() is not None:
                raise RuntimeError("the kiosk process did not start: " + " | ".join(lines[-3:]))
            deadline = time.monotonic() + timeout_s
            if moment == "enqueue":
                target = rng.randint(1, 60)
                while sum(ln.startswith("ok ") for ln in lines) < target and \
                        time.monotonic() < deadline and proc.poll() is None:
                    time.sleep(0.002)
            else:  # "sync": the relay is delivering when the power goes
                target = central.count("evaluations") + rng.randint(1, 15)
                while central.count("evaluations") < target and time.monotonic() < deadline \
                        and proc.poll() is None:
                    time.sleep(0.005)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        t.join(10)
    for line in lines:
        parts = line.split()
        if line.startswith("ok E "):
            kiosk.evaluations.append(parts[2])
        elif line.startswith("ok T "):
            kiosk.tickets.append((parts[2], parts[3]))


def _check_after_cut(kiosk: Kiosk, central, figures: Figures) -> None:
    from kiosk.sync.outbox import Outbox

    db = kiosk.data_dir / "sync" / "kiosk.db"
    if not db.exists() and not kiosk.evaluations and not kiosk.tickets:
        return  # cut before the first commit of a new kiosk: nothing was confirmed
    try:
        box = Outbox.open(kiosk.data_dir, disk_reserve_mb=0)
    except Exception as exc:  # noqa: BLE001 - counted, and said
        figures.open_failures += 1
        figures.notes.append(f"open after cut: {exc}")
        return
    try:
        with sqlite3.connect(db) as c:
            if c.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                figures.integrity_failures += 1
            local_e = {r[0] for r in c.execute("SELECT ref FROM submissions")}
            local_t = {(r[0], r[1]) for r in c.execute("SELECT day, number FROM tickets")}
        c.close()
    finally:
        box.close()
    server_e = {r[0] for r in central.rows("SELECT evaluation_id FROM evaluations")}
    server_t = {(r[0], r[1]) for r in central.rows("SELECT day, number FROM tickets")}
    missing = [e for e in kiosk.evaluations if e not in local_e and e not in server_e]
    missing += [t for t in kiosk.tickets if t not in local_t and t not in server_t]
    new = set(missing) - kiosk.missing
    kiosk.missing |= new
    figures.missing_after_cut += len(new)


def _drain_all(kiosks: list[Kiosk], central) -> None:
    from kiosk.sync.client import CentralClient
    from kiosk.sync.outbox import Outbox
    from kiosk.sync.relay import Backoff, Relay
    from kiosk.sync.unprinted import PrintLedger

    for k in kiosks:
        if not (k.data_dir / "sync" / "kiosk.db").exists():
            continue
        box = Outbox.open(k.data_dir, disk_reserve_mb=0, clock=lambda: time.time() + 5.0)
        client = CentralClient(central.url, kiosk_id=k.kiosk_id, token_file=k.token_file,
                               connect_timeout=1, read_timeout=5)
        try:
            relay = Relay(box, client, backoff=Backoff(base_s=0.01, cap_s=0.05))
            PrintLedger(box, relay, k.kiosk_id).reconcile()
            for _ in range(30):
                box.wake()
                relay.drain(deadline_s=30)
                if box.status()["pending"] == 0:
                    break
        finally:
            client.close()
            box.close()


def run(fs, central, tmp: Path, *, trials: int, sync_mode: str = "FULL", seed: int = 19,
        new_kiosk_every: int = 6, cuts: tuple[str, ...] = ("lose", "torn")) -> Figures:
    """``trials`` power cuts on ``fs`` (a started FaultFS); the figures."""
    rng = random.Random(seed)
    figures = Figures()
    kiosks: list[Kiosk] = []
    central.faults.inject("latency", rate=0.3, seconds=0.01)  # more cuts land mid-exchange
    try:
        for i in range(trials):
            fresh = not kiosks or i % new_kiosk_every == 0
            if fresh:
                kiosks.append(Kiosk(fs, central, len(kiosks), tmp))
            kiosk = kiosks[-1]
            moment = "start" if fresh and rng.random() < 0.5 else rng.choice(
                ["enqueue", "enqueue", "sync"])
            figures.by_moment[moment] += 1
            _run_child(kiosk, central, sync_mode, seed * 1000 + i, moment, rng)
            fs.power_cut(rng.choice(cuts), seed * 1000 + i)
            _check_after_cut(kiosk, central, figures)
            figures.trials += 1
    finally:
        central.faults.clear()
    _drain_all(kiosks, central)
    server_e = Counter(r[0] for r in central.rows("SELECT evaluation_id FROM evaluations"))
    server_t = {(r[0], r[1]) for r in central.rows("SELECT day, number FROM tickets")}
    for k in kiosks:
        figures.confirmed += len(k.evaluations) + len(k.tickets)
        figures.lost += sum(1 for e in k.evaluations if e not in server_e)
        figures.lost += sum(1 for t in k.tickets if t not in server_t)
        figures.duplicated += sum(n - 1 for n in Counter(k.tickets).values() if n > 1)
    figures.duplicated += sum(n - 1 for n in server_e.values() if n > 1)
    return figures
