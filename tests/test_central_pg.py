"""The reference central server under concurrency, on PostgreSQL and on SQLite alike.

SQLite serialises every writer (``BEGIN IMMEDIATE``), so races that need a row lock or a
retry on PostgreSQL cannot show there; each test here runs on both databases. The protocol
suite itself (tests/test_central_api.py) and the two-kiosk services test
(tests/test_sync_reliability.py) are parametrised over both databases as well.
"""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import uuid
from collections import Counter
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from kiosk.central.store import open_engine
from kiosk.central.store.cases import attachments, cases
from tests import pgserver
from tests.synchelp import Central

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(params=pgserver.DATABASES)
def central(request, tmp_path):
    c = Central(tmp_path, db_url=pgserver.db_url_for(request)).start()
    yield c
    c.close()


class Kiosk:
    """One kiosk's HTTP client: its own token and keep-alive session (one per thread)."""

    def __init__(self, central: Central, kiosk_id: str = "KSK-T-01") -> None:
        self.url = central.url
        self.http = requests.Session()
        self.http.headers.update({"Authorization": f"Bearer {central.token(kiosk_id)}",
                                  "Content-Type": "application/json"})

    def post(self, path: str, body, key: str | None = None) -> requests.Response:
        return self.http.post(self.url + path, data=json.dumps(body), timeout=30,
                              headers={"Idempotency-Key": key or uuid.uuid4().hex})


def together(n: int, fn) -> list:
    """Run fn(i) on n threads released at the same instant; the results in thread order."""
    barrier = threading.Barrier(n)
    out: list = [None] * n
    errors: list = []

    def run(i: int) -> None:
        try:
            barrier.wait(10)
            out[i] = fn(i)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a client thread hung"
    if errors:
        raise errors[0]
    return out


def test_many_kiosks_taking_at_once_get_gapless_unique_numbers(central):
    # the first take of the day in a category creates its counter row: with every thread
    # starting together, several race to create it
    kiosks = [Kiosk(central, f"KSK-T-{i:02d}") for i in range(6)]

    def take(i: int) -> list[str]:
        numbers = []
        for n in range(20):
            category = "tax" if (i + n) % 3 else "fund"
            r = kiosks[i].post("/v1/queue/tickets", {"category": category})
            assert r.status_code == 201, r.text
            numbers.append(r.json()["number"])
        return numbers

    numbers = [n for batch in together(len(kiosks), take) for n in batch]
    by_prefix = Counter(n[0] for n in numbers)
    assert sorted(n for n in numbers if n[0] == "T") == [f"T{i:03d}" for i in range(1, by_prefix["T"] + 1)]
    assert sorted(n for n in numbers if n[0] == "A") == [f"A{i:03d}" for i in range(1, by_prefix["A"] + 1)]
    assert central.count("tickets") == 120
    # queue order is number order: the smaller number is called first
    for category in ("tax", "fund"):
        queued = [r[0] for r in central.rows(
            "SELECT number FROM tickets WHERE category = :c ORDER BY place, id", c=category)]
        assert queued == sorted(queued)


def test_twins_with_one_idempotency_key_make_one_ticket(central):
    key = uuid.uuid4().hex
    kiosk = Kiosk(central)
    sessions = [Kiosk(central) for _ in range(8)]
    kiosk.post("/v1/queue/tickets", {"category": "tax"})  # T001: the counter row exists

    answers = together(8, lambda i: sessions[i].post("/v1/queue/tickets", {"category": "tax"},
                                                     key=key))
    statuses = Counter(r.status_code for r in answers)
    assert set(statuses) <= {201, 409} and statuses[201] >= 1
    assert {r.json()["number"] for r in answers if r.status_code == 201} == {"T002"}
    assert central.count("tickets") == 2
    again = kiosk.post("/v1/queue/tickets", {"category": "tax"}, key=key)
    assert again.status_code == 201 and again.json()["number"] == "T002"
    assert again.headers["Idempotent-Replayed"] == "true"


def test_windows_calling_at_once_each_get_a_different_citizen(central):
    kiosk = Kiosk(central)
    for _ in range(12):
        assert kiosk.post("/v1/queue/tickets", {"category": "tax"}).status_code == 201
    windows = [Kiosk(central, "KSK-STAFF") for _ in range(6)]

    def call(i: int) -> list:
        return [windows[i].post("/v1/queue/call", {"category": "tax", "window": f"A1{i}"}).json()
                ["ticket"] for _ in range(2)]

    called = [t for pair in together(6, call) for t in pair]
    assert None not in called, "a window was told nobody waits while 12 citizens did"
    assert sorted(t["number"] for t in called) == [f"T{i:03d}" for i in range(1, 13)]
    assert kiosk.post("/v1/queue/call", {"category": "tax", "window": "A10"}).json()["ticket"] is None


def test_concurrent_heartbeats_are_all_counted(central):
    kiosks = [Kiosk(central, "KSK-T-07") for _ in range(8)]
    answers = together(8, lambda i: kiosks[i].post("/v1/kiosks/KSK-T-07/heartbeats", {"n": i}))
    assert [r.status_code for r in answers] == [200] * 8
    assert central.rows("SELECT count FROM kiosk_heartbeats") == [(8,)]
    together(8, lambda i: kiosks[i].post("/v1/kiosks/KSK-T-07/heartbeats", {"n": i}))
    assert central.rows("SELECT count FROM kiosk_heartbeats") == [(16,)]


def test_case_submit_with_attachments_then_progress(central):
    import base64
    import hashlib

    kiosk = Kiosk(central)
    case_id = uuid.uuid4().hex
    blob = bytes(range(256)) * 64  # every byte value: the binary column must not mangle any
    form = {"事由": "办理临时身份证明", "copies": 2}
    r = kiosk.post("/v1/cases", {
        "case_id": case_id, "item_code": "police-temp-id-proof",
        "submitted_at": "2025-01-01T09:00:00+08:00", "form": form,
        "applicant": {"name": "张三", "id_number": "11010519491231002X", "mobile": "13800000000"},
        "attachments": [{"attachment_id": "a1", "kind": "scan", "seq": 0,
                         "data_b64": base64.b64encode(blob).decode(),
                         "sha256": hashlib.sha256(blob).hexdigest()}]})
    assert r.status_code == 201 and r.json()["status"] == "received"
    r = kiosk.post(f"/v1/cases/{case_id}/attachments", {
        "attachment_id": "a2", "kind": "photo", "seq": 1, "data_b64": "aGk=",
        "sha256": "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"})
    assert r.status_code == 201
    progress = kiosk.http.get(f"{central.url}/v1/cases/{case_id}", timeout=10)
    assert progress.status_code == 200
    view = progress.json()
    assert view["status"] == "received" and view["attachments"] == 2
    assert [e["status"] for e in view["events"]] == ["received"]
    assert kiosk.http.get(f"{central.url}/v1/cases/nope", timeout=10).status_code == 404
    [(data, stored_form)] = central.rows(  # (a select: both are sealed, store/sealed.py)
        sa.select(attachments.c.data, cases.c.form)
        .join(cases, cases.c.case_id == attachments.c.case_id)
        .where(attachments.c.attachment_id == "a1"))
    assert bytes(data) == blob and json.loads(stored_form) == form


def test_racing_duplicates_get_the_answer_a_second_request_would_get(central):
    """Two submissions of one case (two keys) or two kiosks' offline tickets with one number,
    at the same instant: one is stored, the other gets the refusal it gets when it comes
    second — not a 500 from the unique constraint it ran into on PostgreSQL."""
    kiosks = [Kiosk(central, "KSK-T-01"), Kiosk(central, "KSK-T-01")]

    def submit(i: int, case: dict, batched: bool) -> tuple[int, dict]:
        if not batched:
            r = kiosks[i].post("/v1/cases", case)
            return r.status_code, r.json()
        r = kiosks[i].post("/v1/batch", {"items": [
            {"key": uuid.uuid4().hex, "path": "/v1/cases", "body": case}]})
        item = r.json()["results"][0]
        return item["status"], item["body"]

    for batched in (False, False, True, True):
        case = {"case_id": uuid.uuid4().hex, "item_code": "police-temp-id-proof",
                "submitted_at": "2025-01-01T09:00:00+08:00"}
        answers = together(2, lambda i, c=case, b=batched: submit(i, c, b))
        assert sorted(status for status, _ in answers) == [201, 422], answers
        assert [b["error"]["code"] for status, b in answers if status == 422] == ["case_exists"]
    from datetime import datetime

    now = datetime.now().astimezone().isoformat(timespec="seconds")
    pair = [Kiosk(central, "KSK-T-01"), Kiosk(central, "KSK-T-02")]
    for n in range(3):
        body = {"number": f"K01-T{n:03d}", "category": "tax", "issued_at": now}
        answers = together(2, lambda i, b=body: pair[i].post("/v1/queue/offline-tickets", b))
        assert sorted(r.status_code for r in answers) == [201, 422], [r.text for r in answers]
    assert central.count("cases") == 4 and central.count("tickets") == 3


def test_values_that_do_not_fit_a_column_are_refused_alike_on_every_database(central):
    kiosk = Kiosk(central)
    kiosk.post("/v1/queue/tickets", {"category": "tax"})
    r = kiosk.post("/v1/queue/call", {"category": "tax", "window": "W" * 11})
    assert r.status_code == 400 and "window" in r.json()["error"]["message"]
    # PostgreSQL text cannot hold U+0000; SQLite can: refused on both
    r = kiosk.post("/v1/evaluations", {"evaluation_id": "e1", "subject_type": "kiosk",
                                       "subject": "KSK-T-01", "score": 5, "comment": "a\u0000b",
                                       "at": "2025-01-01T09:00:00+08:00"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid"
    key = uuid.uuid4().hex
    case = {"case_id": uuid.uuid4().hex, "item_code": "police-temp-id-proof",
            "submitted_at": "2025-01-01T09:00:00+08:00"}
    assert kiosk.post("/v1/cases", case).status_code == 201
    r = kiosk.post(f"/v1/cases/{case['case_id']}/attachments",
                   {"attachment_id": "a1", "kind": "scan", "data_b64": "aGk=", "seq": 2 ** 40,
                    "sha256": "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"},
                   key=key)
    assert r.status_code == 400
    # a path longer than the idempotency record's column: refused before any write
    r = kiosk.post(f"/v1/queue/tickets/2025-01-01/{'T' * 400}/reissue", {})
    assert r.status_code in (404, 414) and r.json()["error"]
    long_kiosk = Kiosk(central, "K" * 65)
    r = long_kiosk.post("/v1/queue/tickets", {"category": "tax"})
    assert r.status_code in (401, 403)
    assert central.count("tickets") == 1


def test_plain_postgresql_urls_get_the_installed_driver(request):
    pg_cluster = pgserver.cluster_for(request)
    name = pg_cluster.create_database()
    try:
        for scheme in ("postgresql", "postgres"):
            engine = open_engine(f"{scheme}://postgres@/{name}?host={pg_cluster.socket_dir}")
            try:
                assert engine.dialect.driver == "psycopg"
                with engine.connect() as conn:
                    assert conn.execute(sa.text("SELECT COUNT(*) FROM tickets")).scalar_one() == 0
            finally:
                engine.dispose()
    finally:
        pg_cluster.drop_database(name)


def test_kiosk_central_serve_on_a_postgresql_url(tmp_path, request):
    """The issue's command line: ``kiosk-central serve --db URL`` serves from PostgreSQL."""
    pg_url = pgserver.fresh_pg_url(request)
    import socket

    from kiosk.central.auth import issue_token, load_or_create_secret
    from kiosk.central.server import wait_until_up

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"PATH": "/usr/bin:/bin"}  # the server reads no kiosk settings
    proc = subprocess.Popen([sys.executable, "-m", "kiosk.central", "--data-dir",
                             str(tmp_path / "data" / "central"), "serve",
                             "--port", str(port), "--db", pg_url],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        assert wait_until_up(url, 20), proc.stderr.read() if proc.poll() is not None else "no answer"
        secret = load_or_create_secret(tmp_path / "data" / "central" / "signing.key")
        r = requests.post(url + "/v1/queue/tickets", data=json.dumps({"category": "tax"}),
                          headers={"Authorization": f"Bearer {issue_token(secret, 'KSK-T-01')}",
                                   "Content-Type": "application/json",
                                   "Idempotency-Key": uuid.uuid4().hex}, timeout=10)
        assert r.status_code == 201 and r.json()["number"] == "T001"
    finally:
        proc.terminate()
        proc.wait(10)
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT number FROM tickets")).all() == [("T001",)]
    finally:
        engine.dispose()


def test_batches_taking_categories_in_opposite_orders_do_not_wait_on_each_other(central):
    """Two kiosks deliver their offline tickets at once, one category after the other in
    opposite orders: each ticket moves its category's queue counters. In one transaction per
    batch, PostgreSQL would deadlock the two batches (and every batch behind them would wait
    out the deadlock timeout); each item commits on its own there."""
    from datetime import datetime

    cats = ["fund", "tax", "police_household", "employment"]
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    kiosks = [Kiosk(central, f"KSK-T-{i:02d}") for i in range(2)]

    def deliver(i: int) -> list[int]:
        order = cats if i == 0 else cats[::-1]
        statuses = []
        for round_ in range(3):
            items = [{"key": uuid.uuid4().hex, "path": "/v1/queue/offline-tickets",
                      "body": {"number": f"K{i}{round_}-{c[0].upper()}{n:03d}", "category": c,
                               "issued_at": now}}
                     for n in range(5) for c in order]
            r = kiosks[i].post("/v1/batch", {"items": items})
            assert r.status_code == 200, r.text
            statuses += [it["status"] for it in r.json()["results"]]
        return statuses

    out = together(2, deliver)
    assert [s for statuses in out for s in statuses] == [201] * 120
    assert central.count("tickets") == 120
    # and the people-ahead counts agree with the tickets (each category: 30 waiting)
    r = kiosks[0].http.get(central.url + "/v1/queue/state", timeout=10)
    waiting = {c["code"]: c["waiting"] for z in r.json()["zones"] for c in z["categories"]}
    assert all(waiting[c] == 30 for c in cats), waiting


def test_ticket_queries_prepared_while_the_table_was_small_keep_their_own_index(request):
    """psycopg prepares a statement run often, and PostgreSQL keeps the plan it made while
    `tickets` was nearly empty. With both ticket indexes led by the day, the (day, number)
    lookup and the count of people ahead cost the same through either, and the planner took
    the wrong one: each then read the day's every ticket (found by the load bench, +70 %
    server CPU per record over a backlog's first 20,000). Migration 0004: the queue index
    leads with the category, the unique key with the number."""
    pg_cluster = pgserver.cluster_for(request)
    name = pg_cluster.create_database()
    engine = open_engine(f"postgresql://postgres@/{name}?host={pg_cluster.socket_dir}")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("ALTER TABLE tickets SET (autovacuum_enabled = false)"))
            conn.execute(sa.text(
                "PREPARE by_number(varchar, varchar) AS "
                "SELECT id FROM tickets WHERE day = $1 AND number = $2"))
            conn.execute(sa.text(  # (queue_counts.ahead's count within one second)
                "PREPARE same_second(varchar, varchar, float8, float8) AS SELECT count(*) "
                "FROM tickets WHERE day = $1 AND category = $2 AND status = 'waiting' "
                "AND rank = 1 AND place >= $3 AND place <= $4"))
            for _ in range(12):  # past PostgreSQL's threshold for a generic plan
                conn.execute(sa.text("EXECUTE by_number('2026-12-01', 'T001')")).all()
                conn.execute(sa.text("EXECUTE same_second('2026-12-01', 'tax', 1, 2)")).all()
            conn.execute(sa.text(
                "INSERT INTO tickets (day, number, category, kiosk_id, offline, status, "
                "issued_at, place, rank, received_at) SELECT '2026-12-01', 'T' || g, 'tax', "
                "'KSK-T-01', false, 'waiting', '2026-12-01T09:00:00+08:00', g, 1, 0 "
                "FROM generate_series(1, 3000) g"))
            plan = "\n".join(r[0] for r in conn.execute(sa.text(
                "EXPLAIN (ANALYZE) EXECUTE by_number('2026-12-01', 'T2999')")))
            assert "uq_ticket_number_day" in plan and "Rows Removed by Filter" not in plan, plan
            plan = "\n".join(r[0] for r in conn.execute(sa.text(
                "EXPLAIN (ANALYZE) EXECUTE same_second('2026-12-01', 'tax', 2998, 2999)")))
            assert "ix_ticket_queue" in plan and "Rows Removed by Filter" not in plan, plan
            conn.rollback()
    finally:
        engine.dispose()
        pg_cluster.drop_database(name)
