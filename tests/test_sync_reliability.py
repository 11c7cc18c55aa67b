"""Reliability: kill -9 of the kiosk mid-enqueue and mid-sync; a long outage with 1,000
submissions queued; concurrent kiosks. Bounded in time; marked slow but part of the suite."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from kiosk.sync.client import CentralClient
from kiosk.sync.outbox import Outbox
from kiosk.sync.relay import Backoff, Relay
from kiosk.sync.central import build_central
from tests import pgserver
from tests.synchelp import Central
from tests.waiting import wait_for

REPO = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent("""
    import random, sys, uuid
    from kiosk.sync import schema
    from kiosk.sync.client import CentralClient
    from kiosk.sync.outbox import Outbox
    from kiosk.sync.relay import Backoff, Relay

    data_dir, url, token_file, tag = sys.argv[1:5]
    box = Outbox.open(data_dir, disk_reserve_mb=0)
    client = CentralClient(url, kiosk_id="KSK-T-01", token_file=__import__("pathlib").Path(token_file),
                           connect_timeout=1, read_timeout=2)
    relay = Relay(box, client, batch_size=7, idle_interval_s=0.01, lease_s=1.0,
                  backoff=Backoff(base_s=0.05, cap_s=0.2))
    relay.start()
    print("ready", flush=True)
    n = 0
    while True:
        eid = f"{tag}-{n}"
        def work(tx, eid=eid):
            tx.insert(schema.submissions, ref=eid, kind="evaluation", created_at=0)
            tx.add("evaluation", "/v1/evaluations", {
                "evaluation_id": eid, "subject_type": "kiosk", "subject": "KSK-T-01",
                "score": 4, "at": "2025-03-01T10:00:00+08:00", "comment": "x" * random.randint(0, 300)},
                ref=eid)
        box.write(work)
        print("ok", eid, flush=True)  # confirmed to the citizen only after the commit
        n += 1
""")


@pytest.fixture(params=pgserver.DATABASES)
def any_central(request, tmp_path):
    """The server on SQLite, then on PostgreSQL (where concurrent requests really overlap)."""
    c = Central(tmp_path, db_url=pgserver.db_url_for(request)).start()
    yield c
    c.close()


def _run_child_and_kill(settings, central, tag: str, rng: random.Random) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(settings.data_dir), central.url,
         str(settings.data_dir / "keys" / "central.token"), tag],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=REPO)
    lines: list[str] = []
    ready = threading.Event()

    def reader():
        for line in proc.stdout:
            lines.append(line.strip())
            if line.startswith("ready"):
                ready.set()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    assert ready.wait(30), "child did not start"
    # kill it at a random point of its work, found by its progress rather than by the clock:
    # after a random number of confirmed records (mid-enqueue) or once the server holds a
    # random number of them (mid-sync: the relay is delivering meanwhile)
    if rng.random() < 0.5:
        target = rng.randint(1, 200)
        assert wait_for(lambda: sum(ln.startswith("ok ") for ln in lines) >= target, 30)
    else:
        target = central.count("evaluations") + rng.randint(1, 30)
        assert wait_for(lambda: central.count("evaluations") >= target, 30)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    t.join(10)
    return [ln.split()[1] for ln in lines if ln.startswith("ok ")]


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_kill_9_during_enqueue_and_sync_loses_and_duplicates_nothing(tmp_path, central):
    settings = central.settings(tmp_path)
    central.faults.inject("latency", rate=0.3, seconds=0.02)  # more kills land mid-exchange
    rng = random.Random(20250301)
    confirmed: list[str] = []
    for i in range(22):
        confirmed += _run_child_and_kill(settings, central, f"r{i}", rng)
    central.faults.clear()
    assert len(confirmed) > 22  # the children did confirm work before dying
    assert central.count("evaluations") > 0  # … and were delivering when killed

    with sqlite3.connect(settings.data_dir / "sync" / "kiosk.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the restarted kiosk looks at its outbox once the killed children's 1 s leases are over:
    # its clock runs 2 s ahead instead of the test sleeping them out
    box = Outbox.open(settings.data_dir, disk_reserve_mb=0, clock=lambda: time.time() + 2.0)
    client = CentralClient.from_settings(settings)
    try:
        relay = Relay(box, client, backoff=Backoff(base_s=0.01, cap_s=0.05))
        for _ in range(20):
            relay.outbox.wake()
            relay.drain(deadline_s=30)
            if box.status()["pending"] == 0:
                break
        st = box.status()
        assert st["pending"] == 0 and st["parked"] == 0
    finally:
        client.close()
        box.close()
    counts = dict(central.rows("SELECT evaluation_id, COUNT(*) FROM evaluations "
                               "GROUP BY evaluation_id"))
    missing = [e for e in confirmed if e not in counts]
    assert not missing, f"{len(missing)} confirmed records never reached the server"
    assert all(n == 1 for n in counts.values())
    # nothing the kiosk did not store reached the server either
    with sqlite3.connect(settings.data_dir / "sync" / "kiosk.db") as db:
        stored = {r[0] for r in db.execute("SELECT ref FROM submissions")}
    assert set(counts) == stored


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_thousand_submissions_through_an_outage_arrive_once_and_in_order(tmp_path, any_central):
    central = any_central
    settings = central.settings(tmp_path)
    svc = build_central(settings)
    svc.relay.backoff = Backoff(base_s=0.01, cap_s=0.05, rng=random.Random(7))
    try:
        central.stop()
        cases = []
        for i in range(250):  # 250 cases × (case + 3 attachments) = 1,000 entries
            cases.append(svc.cases.submit(
                "tax-invoice", {"name": "张三"}, {"n": i},
                [{"kind": "scan", "data": f"page {i}-{p}".encode()} for p in range(3)]))
        rep = svc.relay.drain(deadline_s=5)
        assert rep.outage and svc.outbox.status()["pending"] == 1000
        central.start()
        central.faults.inject("error", rate=0.15, path="/v1/batch")
        central.faults.inject("drop_after", rate=0.1, path="/v1/batch")
        central.faults.inject("duplicate", rate=0.1, path="/v1/batch")

        def drained() -> bool:
            svc.relay.drain(deadline_s=20)
            return svc.outbox.status()["pending"] == 0

        wait_for(drained, timeout=90, interval=0)
        st = svc.outbox.status()
        assert st["pending"] == 0 and st["parked"] == 0 and st["delivered"] == 1000
    finally:
        svc.close()
    assert central.count("cases") == 250 and central.count("attachments") == 750
    case_ids = dict(central.rows("SELECT case_id, id FROM cases"))
    rows = central.rows("SELECT case_id, seq, id FROM attachments ORDER BY id")
    by_case: dict[str, list] = {}
    for case_id, seq, row_id in rows:
        assert row_id > 0 and case_id in case_ids
        by_case.setdefault(case_id, []).append(seq)
    assert all(seqs == [0, 1, 2] for seqs in by_case.values())
    assert set(by_case) == set(cases)


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_two_kiosk_services_take_tickets_concurrently(tmp_path, any_central):
    central = any_central
    services = [build_central(central.settings(tmp_path, f"KSK-T-0{i}")) for i in (1, 2)]
    numbers: list[str] = []
    lock = threading.Lock()

    def run(svc):
        for _ in range(60):
            t = svc.queue.take_ticket("property")
            with lock:
                numbers.append(t.number)

    try:
        threads = [threading.Thread(target=run, args=(s,)) for s in services]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        for s in services:
            s.close()
    assert len(numbers) == 120 and len(set(numbers)) == 120
    assert all(n.startswith("B") and "-" not in n for n in numbers)  # all online
    rows = central.rows("SELECT number FROM tickets")
    assert sorted(r[0] for r in rows) == [f"B{i:03d}" for i in range(1, 121)]
