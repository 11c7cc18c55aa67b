"""The load benchmark's smoke run (bench/bench_central_load.py): the new front end on SQLite,
a handful of requests of each operation and a tiny drain. No figure is judged here (the
machine is shared); what is checked is that it runs end to end and reports, and that the
server took every request the simulated kiosks sent — a refusal would mean the benchmark's
bodies no longer match what the server accepts, and its figures would measure errors."""
from __future__ import annotations

import io

from bench import bench_central_load as bench


def test_quick_run_against_sqlite_and_the_new_front_end_reports_every_figure():
    p = bench.quick_params()
    p.fronts, p.dbs = ["new1"], ["sqlite"]
    p.seconds, p.max_requests, p.warmup = 3600.0, 12, 1  # bounded by count, not by time
    p.connections, p.kiosks = 2, 3
    p.drain_records, p.drain_window, p.drain_kiosks, p.drain_connections = 250, 100, 2, 1
    p.drain_on = [("new1", "sqlite")]
    out = io.StringIO()

    figures = bench.run_bench(p, out=out)

    assert "new1_sqlite_error" not in figures and "drain_new1_sqlite_error" not in figures
    for op in bench.OPS:
        assert figures[f"new1_sqlite_{op}_requests"] == 12
        assert figures[f"new1_sqlite_{op}_errors"] == 0, figures.get(f"new1_sqlite_{op}_statuses")
        for unit in ("req_per_s", "p50_ms", "p99_ms"):
            assert isinstance(figures[f"new1_sqlite_{op}_{unit}"], float)
    assert figures["new1_sqlite_batch_records_per_s"] > 0
    assert figures["drain_new1_sqlite_delivered_records"] == 250
    assert "drain_new1_sqlite_problems" not in figures
    assert isinstance(figures["drain_new1_sqlite_change_pct"], float)
    # the untimed warm-up was another kiosk's (quick: 200 records), every window has its CPU
    assert figures["drain_new1_sqlite_warmup_records"] == 200
    cpu = figures["drain_new1_sqlite_window_server_cpu_ms_per_record"]
    assert len(cpu) == len(figures["drain_new1_sqlite_window_rates_records_per_s"])
    assert all(isinstance(v, float) for v in cpu)  # (ticks of 10 ms: a tiny window may dip)
    assert figures["scale_from"] == "new1/sqlite"
    assert figures["scale_kiosks_per_process_at_1_heartbeat_per_min"] > 0
    text = out.getvalue()
    assert "new1/sqlite" in text and "ticket take" in text and "heartbeat" in text
    assert "Backlog drain on new1/sqlite: 250 of 250 records" in text
    assert "Scale (one server process, new1/sqlite)" in text


def test_front_ends_are_read_from_the_serve_help():
    old_only = bench.front_args("usage: kiosk-central serve [--host HOST] [--db URL]")
    assert old_only == {"old": []}
    both = bench.front_args("usage: serve [--workers N] [--legacy]")
    assert both == {"old": ["--legacy"], "new1": ["--workers", "1"], "new2": ["--workers", "2"]}
    new_only = bench.front_args("usage: serve [--workers N] [--config FILE]")
    assert new_only == {"new1": ["--workers", "1"], "new2": ["--workers", "2"]}


def test_a_backlog_is_made_over_time_not_in_one_second():
    from datetime import datetime, timedelta, timezone

    tz = timezone(timedelta(hours=8))
    times = bench.backlog_times(4, now=datetime(2026, 12, 1, 15, 0, 0, tzinfo=tz))
    assert times == ["2026-12-01T14:59:48+08:00", "2026-12-01T14:59:51+08:00",
                     "2026-12-01T14:59:54+08:00", "2026-12-01T14:59:57+08:00"]
    # just after midnight: closer together, never yesterday
    early = bench.backlog_times(1000, now=datetime(2026, 12, 1, 0, 1, 0, tzinfo=tz))
    assert early[0] >= "2026-12-01T00:00:00" and early[-1] < "2026-12-01T00:01:00"
