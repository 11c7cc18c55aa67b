"""Several server processes on one PostgreSQL database: numbering, exactly-once and the queue
counters stay right with 20 kiosks at once.

Two ``kiosk-central serve`` processes — one with a single worker, one with ``--workers 2`` —
share one database (a fresh schema of the throwaway cluster, tests/pgserver.py) and one data
directory (the signing key). Each starts against the empty database at the same moment, so
the migration runs under contention too. Twenty simulated kiosks, each a thread with its own
token (``kiosk-central token``) and keep-alive session, take tickets, call the next number
(window side), re-issue numbers they called (补号), void tickets they took and submit cases,
each request to either server. Both servers inject faults that lose answers (``drop_after``: the request is done,
the connection closed unanswered; ``error``: a 503 without handling it): the kiosk retries
on a network error or a 5xx with the same Idempotency-Key, against either server, as its
outbox does; a 409 "in progress" is retried the same way. Some requests are also sent
twice at once to the two servers with one key.

Then, read from the database: every (day, category) has numbers 1..last with no gap and no
duplicate; each key that was answered took effect exactly once and as answered; nothing took
effect without a key a kiosk sent; no case answered 201 is missing; every number was called
at most once; the "people ahead" counters equal a recount.

Bounded: 20 kiosks × 14 operations; skipped only when the PostgreSQL server binaries are not
installed (``packaging/setup.sh`` installs them).
"""
from __future__ import annotations

import contextlib
import io
import json
import random
import re
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from kiosk.protocol import IDEMPOTENT_REPLAYED, SERVE_READY
from tests import pgserver

REPO = Path(__file__).resolve().parents[1]
KIOSKS = 20
OPS_PER_KIOSK = 14
CATEGORIES = ("fund", "tax")
FAULTS = ["drop_after:rate=0.08", "error:rate=0.05,status=503"]
MAX_ATTEMPTS = 40

try:
    pgserver.find_bindir()
    _missing = None
except pgserver.PgSetupError as exc:
    _missing = str(exc)
pytestmark = pytest.mark.skipif(_missing is not None, reason=f"PostgreSQL: {_missing}")


def serve(data_dir: Path, db_url: str, workers: int) -> tuple[subprocess.Popen, list[str]]:
    args = [sys.executable, "-m", "kiosk.central", "--data-dir", str(data_dir), "serve",
            "--port", "0", "--db", db_url, "--log-format", "text"]
    if workers > 1:
        args += ["--workers", str(workers)]
    for f in FAULTS:
        args += ["--fault", f]
    proc = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True)
    return proc, []


def wait_ready(proc: subprocess.Popen) -> str:
    line = proc.stdout.readline()  # the server's first line: ready, or nothing if it died
    if not line.startswith(SERVE_READY):
        proc.kill()
        raise AssertionError(f"server did not start: {line!r} {proc.stderr.read()[-2000:]}")
    return line.split()[-1]


def stop(proc: subprocess.Popen) -> str:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.stderr.read() if proc.stderr else ""


def cli_token(data_dir: Path, kiosk_id: str) -> str:
    from kiosk.central.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--data-dir", str(data_dir), "token", kiosk_id]) == 0
    return out.getvalue().strip()


@dataclass
class Sent:
    """One idempotency key: what was asked and the answer the kiosk finally got."""
    key: str
    kind: str  # take | call | reissue | void | case
    body: dict
    path: str
    status: int | None = None
    answer: dict | None = None
    attempts: int = 0
    replays: int = 0


@dataclass
class Kiosk:
    kiosk_id: str
    token: str
    urls: list[str]
    rng: random.Random
    sent: list[Sent] = field(default_factory=list)
    called: list[dict] = field(default_factory=list)  # tickets this kiosk's window called

    def __post_init__(self) -> None:
        self.http = requests.Session()
        self.http.headers.update({"Authorization": f"Bearer {self.token}",
                                  "Content-Type": "application/json"})

    def post(self, s: Sent, first: str | None = None) -> Sent:
        """Until a definite answer (not 5xx, not 409 in progress), to either server (the
        first attempt to ``first`` when given)."""
        while True:
            s.attempts += 1
            assert s.attempts <= MAX_ATTEMPTS, f"{s.kind} {s.key}: no answer in {MAX_ATTEMPTS}"
            url = first if (first and s.attempts == 1) else self.rng.choice(self.urls)
            try:
                r = self.http.post(url + s.path, data=json.dumps(s.body), timeout=60,
                                   headers={"Idempotency-Key": s.key})
            except requests.RequestException:
                self.http.close()  # a dropped connection: a new one, as the kiosk's client
                continue
            if r.status_code >= 500 or r.status_code == 409:
                # the kiosk's back-off (409: the twin request still runs; Retry-After 1 s)
                time.sleep(min(1.0, 0.05 * s.attempts))
                continue
            s.status = r.status_code
            s.answer = r.json()
            s.replays += r.headers.get(IDEMPOTENT_REPLAYED) == "true"
            return s

    def send(self, kind: str, path: str, body: dict) -> Sent:
        s = Sent(uuid.uuid4().hex, kind, body, path)
        self.sent.append(s)
        self.post(s)
        if self.rng.random() < 0.25:  # the answer "lost": the same key again, either server
            again = Sent(s.key, kind, body, path)
            self.post(again)
            assert (again.status, again.answer) == (s.status, s.answer), (s, again)
        return s

    def run(self, twins: Twins) -> None:
        for i in range(OPS_PER_KIOSK):
            roll = self.rng.random()
            cat = self.rng.choice(CATEGORIES)
            if i % 7 == 3:  # now and then one key at both servers at the same instant
                twins.send(self, "take", "/v1/queue/tickets", {"category": cat})
            elif roll < 0.45:
                self.send("take", "/v1/queue/tickets", {"category": cat})
            elif roll < 0.7:
                s = self.send("call", "/v1/queue/call", {"category": cat,
                                                         "window": self.kiosk_id[-2:]})
                if s.answer.get("ticket"):
                    self.called.append(s.answer["ticket"])
            elif roll < 0.8 and self.called:
                t = self.called.pop(self.rng.randrange(len(self.called)))
                self.send("reissue", f"/v1/queue/tickets/{t['day']}/{t['number']}/reissue", {})
            elif roll < 0.88:  # a take of its own it never printed: voided (racing the calls)
                takes = [s for s in self.sent if s.kind == "take"]
                if takes:
                    take = self.rng.choice(takes)
                    self.send("void", "/v1/queue/voids", {"take_key": take.key})
            else:
                self.send("case", "/v1/cases", {
                    "case_id": uuid.uuid4().hex, "item_code": "police-temp-id-proof",
                    "submitted_at": "2026-01-01T09:00:00+08:00",
                    "form": {"事由": "办理临时身份证明"},
                    "applicant": {"name": "测试", "id_number": "11010519491231002X"}})


class Twins:
    """One request sent with one key by two threads at once, one to each server."""

    def send(self, kiosk: Kiosk, kind: str, path: str, body: dict) -> None:
        key = uuid.uuid4().hex
        pair = [Sent(key, kind, body, path), Sent(key, kind, body, path)]
        clients = [kiosk, Kiosk(kiosk.kiosk_id, kiosk.token, kiosk.urls,
                                random.Random(kiosk.rng.random()))]
        threads = [threading.Thread(target=c.post, args=(s, url))
                   for c, s, url in zip(clients, pair, kiosk.urls)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        assert not any(t.is_alive() for t in threads)
        assert pair[0].status is not None and pair[1].status is not None, pair
        assert (pair[0].status, pair[0].answer) == (pair[1].status, pair[1].answer), pair
        kiosk.sent.append(pair[0])


@pytest.mark.timeout(600)
def test_two_server_processes_twenty_kiosks_exactly_once(request, tmp_path):
    db_url = pgserver.fresh_pg_url(request)
    data = tmp_path / "central"
    tokens = {f"KSK-S-{i:02d}": cli_token(data, f"KSK-S-{i:02d}") for i in range(KIOSKS)}
    procs = [serve(data, db_url, workers=1)[0], serve(data, db_url, workers=2)[0]]
    logs: list[str] = []
    try:
        urls = [wait_ready(p) for p in procs]
        kiosks = [Kiosk(k, t, urls, random.Random(i)) for i, (k, t) in enumerate(tokens.items())]
        twins = Twins()
        errors: list[BaseException] = []

        def run(k: Kiosk) -> None:
            try:
                k.run(twins)
            except BaseException as exc:  # noqa: BLE001 - reported in the test thread
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(k,)) for k in kiosks]
        for t in threads:
            t.start()
        for t in threads:
            t.join(500)
        assert not any(t.is_alive() for t in threads), "a kiosk thread hung"
        if errors:
            raise errors[0]
    finally:
        logs = [stop(p) for p in procs]
    assert not any("Traceback" in log for log in logs), logs
    sent = [s for k in kiosks for s in k.sent]
    check_database(db_url, sent, kiosks)
    retried = sum(s.attempts > 1 for s in sent)
    print(f"{len(sent)} keys ({Counter(s.kind for s in sent)}), {retried} retried, "
          f"{sum(s.attempts for s in sent)} attempts, {sum(s.replays for s in sent)} replays")
    assert retried > 0  # the faults did lose answers: the retries were exercised


def check_database(db_url: str, sent: list[Sent], kiosks: list[Kiosk]) -> None:
    from kiosk.central.store import queue_counts

    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT day, number, category, status, idem_key, reissued_from, called_at "
                "FROM tickets")).mappings().all()
            last = {(r.day, r.category): r.last for r in conn.execute(sa.text(
                "SELECT day, category, last FROM ticket_counters"))}
            case_ids = Counter(r[0] for r in conn.execute(sa.text("SELECT case_id FROM cases")))
            counts = sorted(tuple(r) for r in conn.execute(sa.text(
                "SELECT day, category, rank, width, bucket, waiting FROM ticket_queue_counts "
                "WHERE waiting <> 0")))
            keys = conn.execute(sa.text(
                "SELECT key, state FROM idempotency_keys")).all()
        with engine.connect() as conn:  # recount the buckets from the tickets (rolled back)
            from kiosk.central.store.tickets import tickets

            trans = conn.begin()
            queue_counts.rebuild(conn, tickets)
            fresh = sorted(tuple(r) for r in conn.execute(sa.text(
                "SELECT day, category, rank, width, bucket, waiting FROM ticket_queue_counts")))
            trans.rollback()
    finally:
        engine.dispose()

    # numbers: per (day, category) exactly 1..last, each once
    by_cat: dict = defaultdict(list)
    for r in rows:
        by_cat[(r["day"], r["category"])].append(int(re.sub(r"\D", "", r["number"])))
    assert set(by_cat) == set(last)
    for k, seqs in by_cat.items():
        assert sorted(seqs) == list(range(1, last[k] + 1)), (k, sorted(seqs), last[k])

    # each answered take / reissue: exactly one ticket with its key, the number answered
    by_key = defaultdict(list)
    for r in rows:
        by_key[r["idem_key"]].append(r)
    answered = {s.key: s for s in sent}
    for s in sent:
        if s.kind in ("take", "reissue") and s.status == 201:
            mine = by_key.get(s.key, [])
            assert [r["number"] for r in mine] == [s.answer["number"]], (s, mine)
    assert set(by_key) <= set(answered), "a ticket no kiosk's key asked for"
    takes = sum(s.kind == "take" for s in sent)
    reissues = sum(s.kind == "reissue" and s.status == 201 for s in sent)
    assert len(rows) == takes + reissues
    # each void that said "voided" cancelled its take's ticket, and nothing else did
    voided = {s.body["take_key"] for s in sent if s.kind == "void" and s.answer["voided"]}
    assert {r["idem_key"] for r in rows if r["status"] == "cancelled"} == voided
    # a refused 补号 (the number re-issued already) is the only expected refusal
    assert all(s.status in (200, 201) for s in sent if s.kind != "reissue"), [
        s for s in sent if s.status not in (200, 201)]

    # calls: each number called at most once, every called ticket answered to one key
    called = Counter(s.answer["ticket"]["number"] for s in sent
                     if s.kind == "call" and s.answer.get("ticket"))
    assert all(n == 1 for n in called.values()), called
    assert set(called) == {r["number"] for r in rows if r["called_at"] is not None}
    reissued = {r["reissued_from"] for r in rows if r["reissued_from"]}
    assert reissued == {r["number"] for r in rows if r["status"] == "reissued"}

    # cases: each answered case once, none that no kiosk was answered for
    cases = [s for s in sent if s.kind == "case"]
    assert all(s.status == 201 for s in cases)
    assert case_ids == Counter(s.body["case_id"] for s in cases)

    # idempotency records: every key done, none left claimed
    assert {k for k, state in keys if state != "done"} == set()
    assert {s.key for s in sent} <= {k for k, _ in keys}

    # the "people ahead" counters moved exactly once per move, under all that concurrency
    assert counts == fresh
