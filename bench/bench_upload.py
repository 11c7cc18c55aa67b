"""在线申报 upload figures: a 20 MB case (three scanned materials, 8 + 6 + 6 MB) from a kiosk's outbox to
the reference server on 127.0.0.1 — storing it on the kiosk (sealed blob files, fsynced),
uploading it (chunked, resumable), and a cut at 50 %: the server is stopped once it holds
half the chunks, started again, and the kiosk resumes.

    .venv/bin/python -m bench.run upload [--quick]

Figures: ``store_mb_per_s`` (apply(): seal + fsync + outbox commit), ``upload_mb_per_s``
(materials' bytes over the time from the first request to the case's commit),
``resume_resent_fraction`` (bytes sent twice because of the cut, over the case's bytes: the
chunk in flight at the cut at most), ``resume_sent_after_cut_fraction`` (what the resume
sent: about the half the server did not have).
"""
from __future__ import annotations

import random
import tempfile
import threading
import time
from pathlib import Path

MB = 1024 * 1024
ITEM = "fund-withdraw-retire"
APPLICANT = {"name": "张三", "id_number": "110101195001011234", "mobile": "13800138000"}


def _case(seed: int, sizes: tuple[int, ...] = (8 * MB, 6 * MB, 6 * MB)) -> list[dict]:
    """20 MB in three materials: the cut at 50 % falls inside the second one."""
    rng = random.Random(seed)  # incompressible, as scans' JPEG pages are
    return [{"name": f"材料{i + 1}", "data": rng.randbytes(size), "content_type": "application/pdf"}
            for i, size in enumerate(sizes)]


def _kiosk(central, tmp: Path):
    from kiosk.sync.central import build_central
    from kiosk.sync.relay import Backoff

    settings = central.settings(tmp)
    settings.kiosk.disk_reserve_mb = 0
    settings.central.read_timeout_s = 30.0
    return build_central(settings, backoff=Backoff(base_s=0.01, cap_s=0.05))


def _drain(kiosk, deadline_s: float = 600) -> None:
    end = time.monotonic() + deadline_s
    while kiosk.outbox.status()["pending"] and time.monotonic() < end:
        kiosk.relay.drain(deadline_s=max(1.0, end - time.monotonic()))


def _throughput(central, tmp: Path, rounds: int) -> dict:
    kiosk = _kiosk(central, tmp / "throughput")
    store, upload = [], []
    try:
        for r in range(rounds):
            mats = _case(r)
            total = sum(len(m["data"]) for m in mats)
            t0 = time.perf_counter()
            case_id = kiosk.cases.apply(ITEM, APPLICANT, {}, mats)["case_id"]
            t1 = time.perf_counter()
            _drain(kiosk)
            t2 = time.perf_counter()
            assert kiosk.cases.track(case_id)["status"] == "accepted"
            store.append(total / MB / (t1 - t0))
            upload.append(total / MB / (t2 - t1))
    finally:
        kiosk.close()
    return {"case_mb": round(total / MB, 1), "store_mb_per_s": round(max(store), 1),
            "upload_mb_per_s": round(max(upload), 1)}


def _resume(central, tmp: Path) -> dict:
    kiosk = _kiosk(central, tmp / "resume")
    try:
        mats = _case(99)
        total = sum(len(m["data"]) for m in mats)
        from kiosk import protocol as P

        size = P.UPLOAD_CHUNK_BYTES
        chunks = sum(-(-len(m["data"]) // size) for m in mats)
        case_id = kiosk.cases.apply(ITEM, APPLICANT, {}, mats)["case_id"]
        up = kiosk.cases.uploader.stats
        cut = threading.Event()

        def watch() -> None:  # the cut: once the server holds half the case's chunks
            while not cut.is_set():
                [(parts, done)] = central.rows(
                    "SELECT (SELECT COUNT(*) FROM case_upload_chunks WHERE case_id = :c), "
                    "(SELECT COALESCE(SUM(size), 0) FROM attachments WHERE case_id = :c)",
                    c=case_id)
                if parts + done // size >= chunks // 2:
                    central.stop()
                    cut.set()
                    return
                time.sleep(0.01)  # (a poll of the server's table; nothing waits on it)

        t = threading.Thread(target=watch, daemon=True)
        t.start()
        kiosk.relay.drain(deadline_s=300)  # stops at the outage the cut makes
        cut.set()
        t.join(10)
        before = up.bytes_sent
        central.start()  # the same port and database
        _drain(kiosk)
        after = up.bytes_sent - before
        assert kiosk.cases.track(case_id)["status"] == "accepted"
        [(n,)] = central.rows("SELECT COUNT(*) FROM attachments WHERE case_id = :c", c=case_id)
        assert n == len(mats)
    finally:
        kiosk.close()
    return {"resume_cut_at_fraction": round(before / total, 3),
            "resume_sent_after_cut_fraction": round(after / total, 3),
            "resume_resent_fraction": round((before + after - total) / total, 3),
            "resume_resent_under_10pct": (before + after - total) / total < 0.10,
            "resume_chunks_skipped": up.chunks_skipped}


def run(quick: bool) -> dict:
    import logging

    from tests.synchelp import Central

    logging.getLogger("kiosk").setLevel(logging.ERROR)
    out: dict = {}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        central = Central(tmp / "central").start()
        try:
            out.update(_throughput(central, tmp, 1 if quick else 3))
            out.update(_resume(central, tmp))
        finally:
            central.close()
    return out


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run("--quick" in sys.argv), indent=2))
