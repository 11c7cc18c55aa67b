""""People ahead" with a long queue: the cost of one ticket's answer and of one take, counted
row by row (the server before kiosk.central.store.queue_counts) and from the bucket counters.

    .venv/bin/python -m bench.run ahead            # 100,000 waiting, SQLite and PostgreSQL
    .venv/bin/python -m bench.run ahead --quick    # 20,000 waiting

The queue: one category of one day, its tickets spread over 14 hours (one every half second,
a tenth of them priority), all waiting. Figures: median milliseconds of ``view`` (the
answer a kiosk or the tracking page gets: people ahead and the estimated wait) of tickets
picked at random, and of ``issue`` (a take, which answers with the same view), each in its
own transaction; "rows" is the old count, "buckets" the counters. PostgreSQL runs on the
throwaway cluster of tests/pgserver.py when its binaries are installed.
"""
from __future__ import annotations

import random
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from unittest import mock


def _brute_ahead(conn, row):
    import sqlalchemy as sa

    from kiosk.central.store.tickets import tickets

    if row.status != "waiting":
        return None
    t = tickets.c
    return int(conn.execute(sa.select(sa.func.count()).select_from(tickets).where(
        (t.day == row.day) & (t.category == row.category) & (t.status == "waiting")
        & ((t.rank < row.rank) | ((t.rank == row.rank) & (
            (t.place < row.place) | ((t.place == row.place) & (t.id < row.id))))))
    ).scalar_one())


@contextmanager
def _rows_mode():
    """The server as it was: every answer counts the rows ahead, no counters kept."""
    from kiosk.central.store import queue_counts
    from kiosk.central.store.tickets import Tickets

    with mock.patch.object(Tickets, "_ahead", lambda self, conn, row: _brute_ahead(conn, row)), \
            mock.patch.object(queue_counts, "move", lambda *a, **k: None):
        yield


def _fill(store, n: int) -> None:
    from kiosk.central.store import queue_counts
    from kiosk.central.store.tickets import counters, tickets

    day = date.today().isoformat()
    start = datetime.combine(date.today(), datetime.min.time()).astimezone().timestamp()
    rows = [{"day": day, "number": f"A{i + 1:06d}", "category": "fund",
             "kiosk_id": "KSK-B-01", "offline": False, "status": "waiting",
             "issued_at": "2026-01-01T00:00:00+08:00", "place": start + i * 0.5,
             "rank": 0 if i % 10 == 0 else 1, "received_at": start + i * 0.5}
            for i in range(n)]
    with store.engine.begin() as conn:
        for i in range(0, n, 5000):
            conn.execute(tickets.insert(), rows[i:i + 5000])
        conn.execute(counters.insert().values(day=day, category="fund", last=n))
        queue_counts.rebuild(conn, tickets)


def _median_ms(fn, times: int) -> float:
    samples = []
    for _ in range(times):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(samples), 3)


def _measure(url: str, n: int, tag: str) -> dict:
    from kiosk.central.catalogue import load_catalogue
    from kiosk.central.store import CentralStore, derive_data_key, open_engine

    store = CentralStore(open_engine(url), load_catalogue())
    store.data_key = derive_data_key(b"b" * 32)
    out: dict = {}
    try:
        _fill(store, n)
        day = date.today().isoformat()
        rng = random.Random(1)

        def view() -> None:
            number = f"A{rng.randrange(n // 2, n) + 1:06d}"  # the back half: most ahead
            with store.engine.begin() as conn:
                store.tickets.view(conn, day, number)

        def take() -> None:
            with store.engine.begin() as conn:
                store.tickets.issue(conn, "KSK-B-01", {"category": "fund"}, "")

        reps = 30 if n > 50_000 else 60
        with _rows_mode():
            out[f"ahead_view_rows_{tag}_ms"] = _median_ms(view, reps)
            out[f"ahead_take_rows_{tag}_ms"] = _median_ms(take, reps)
        out[f"ahead_view_buckets_{tag}_ms"] = _median_ms(view, reps)
        out[f"ahead_take_buckets_{tag}_ms"] = _median_ms(take, reps)
        with store.engine.begin() as conn:  # the answers agree (the takes in rows mode
            from kiosk.central.store import queue_counts  # were not counted: recount)
            from kiosk.central.store.tickets import tickets

            queue_counts.rebuild(conn, tickets)
            import sqlalchemy as sa

            for number in (f"A{n:06d}", f"A{n // 2:06d}"):
                row = conn.execute(sa.select(tickets).where(tickets.c.number == number)).one()
                assert store.tickets.view(conn, day, number)["ahead"] == _brute_ahead(conn, row)
    finally:
        store.engine.dispose()
    return out


def run(quick: bool) -> dict:
    n = 20_000 if quick else 100_000
    out: dict = {"ahead_waiting": n}
    with tempfile.TemporaryDirectory() as tmp:
        out.update(_measure(f"sqlite:///{Path(tmp) / 'central.db'}", n, "sqlite"))
    try:
        from tests import pgserver

        cluster = pgserver.shared_cluster()
    except Exception as exc:  # noqa: BLE001 - PostgreSQL absent: SQLite figures only
        out["ahead_postgresql"] = f"skipped: {str(exc).splitlines()[0]}"
        return out
    try:
        schema = cluster.create_schema()
        out.update(_measure(cluster.url(schema=schema), n, "postgresql"))
    finally:
        cluster.stop()
    return out


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run("--quick" in sys.argv), indent=2))
