"""The outbox relay against the reference server, with the server broken on purpose."""
from __future__ import annotations

import os
import random
import uuid

import pytest

from kiosk.sync.client import CentralClient
from kiosk.sync.outbox import Outbox
from kiosk.sync.relay import Backoff, Relay
from tests.waiting import wait_for


@pytest.fixture
def kiosk(tmp_path, central):
    settings = central.settings(tmp_path)
    box = Outbox.open(settings.data_dir, disk_reserve_mb=0)
    client = CentralClient.from_settings(settings)
    relay = Relay(box, client, backoff=Backoff(base_s=0.05, cap_s=0.2, rng=random.Random(3)),
                  on_fatal=lambda exc: pytest.fail(f"fatal: {exc}"))
    yield box, relay
    relay.stop()
    client.close()
    box.close()


def evaluation(i: int, score: int = 5) -> dict:
    return {"evaluation_id": f"ev-{i}", "subject_type": "kiosk", "subject": "KSK-T-01",
            "score": score, "at": "2025-03-01T10:00:00+08:00"}


def enqueue_evaluations(box, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        box.enqueue("evaluation", "/v1/evaluations", evaluation(i), ref=f"ev-{i}")


def test_full_jitter_backoff_bounds():
    b = Backoff(base_s=1.0, cap_s=8.0, rng=random.Random(1))
    for attempt in range(1, 12):
        for _ in range(50):
            assert 0.0 <= b.delay(attempt) <= min(8.0, 2 ** (attempt - 1))
    firsts = {round(Backoff(base_s=1.0, rng=random.Random(seed)).delay(1), 6) for seed in range(20)}
    assert len(firsts) == 20  # the first retry after an outage is jittered too


def test_drain_delivers_and_keeps_receipts(kiosk, central):
    box, relay = kiosk
    enqueue_evaluations(box, 30)
    rep = relay.drain()
    assert rep.delivered == 30 and box.status()["pending"] == 0
    assert central.count("evaluations") == 30
    assert all(e["receipt"]["http"] == 201 for e in box.entries("delivered"))


def test_a_refused_entry_is_parked_not_deleted_and_others_go_on(kiosk, central):
    box, relay = kiosk
    enqueue_evaluations(box, 2)
    box.enqueue("evaluation", "/v1/evaluations", evaluation(99, score=9), ref="bad")
    rep = relay.drain()
    assert rep.delivered == 2 and rep.parked == 1
    [parked] = box.entries("parked")
    assert parked["ref"] == "bad" and "400" in parked["last_error"]
    assert box.status()["parked"] == 1  # kept for the technician


@pytest.mark.parametrize("fault,params", [
    ("error", {"status": 503}),
    ("drop_before", {}),
    ("drop_after", {}),
    ("garbage", {}),
    ("wrong_type", {}),
    ("oversized", {"bytes": 5_000_000}),
    ("stall", {"seconds": 5}),
    ("duplicate", {}),
    ("latency", {"seconds": 0.3}),
])
def test_faults_lose_nothing_and_duplicate_nothing(kiosk, central, fault, params):
    box, relay = kiosk
    enqueue_evaluations(box, 10)
    central.faults.inject(fault, count=1, path="/v1/batch", **params)
    first = relay.drain(deadline_s=30)
    if fault in ("duplicate", "latency"):
        assert first.delivered == 10
    else:
        assert first.outage and first.error  # a clear message, not a traceback
        assert box.status()["pending"] == 10
    relay.drain(deadline_s=30)
    assert box.status() | {"last_success_at": None, "oldest_pending_age_s": None} == {
        "pending": 0, "parked": 0, "delivered": 10, "last_success_at": None,
        "oldest_pending_age_s": None}
    ids = [r[0] for r in central.rows("SELECT evaluation_id FROM evaluations")]
    assert sorted(ids) == sorted(f"ev-{i}" for i in range(10))


def test_error_messages_say_what_went_wrong(kiosk, central):
    box, relay = kiosk
    enqueue_evaluations(box, 1)
    expected = {"garbage": "not JSON", "wrong_type": "text/html", "oversized": "limit",
                "stall": "timed out", "drop_before": "without an answer"}
    for fault, words in expected.items():
        central.faults.inject(fault, count=1, **({"seconds": 5} if fault == "stall" else {}))
        rep = relay.drain(deadline_s=30)
        assert rep.outage and words in rep.error, (fault, rep.error)
    assert relay.drain().delivered == 1


def test_a_bad_credential_holds_entries_instead_of_parking_them(kiosk, central, tmp_path):
    box, relay = kiosk
    enqueue_evaluations(box, 3)
    relay.client.token_file.write_text("v1.eA.1.forged\n")
    rep = relay.drain()
    assert rep.outage and "401" in rep.error
    assert box.status()["pending"] == 3 and box.status()["parked"] == 0
    forged_at = relay.client.token_file.stat().st_mtime_ns
    relay.client.token_file.write_text(central.token("KSK-T-01") + "\n")
    # the client re-reads the file when its mtime changes: make it change whatever the file
    # system's timestamp granularity (instead of sleeping past it)
    os.utime(relay.client.token_file, ns=(forged_at + 1_000_000_000,) * 2)
    assert relay.drain().delivered == 3


def test_without_a_batch_endpoint_entries_go_one_by_one(kiosk, central):
    box, relay = kiosk
    central.app.routes = [r for r in central.app.routes if r.template != "/v1/batch"]
    enqueue_evaluations(box, 4)
    case_id = uuid.uuid4().hex
    box.enqueue("case", "/v1/cases", {"case_id": case_id, "item_code": "tax-invoice",
                                      "submitted_at": "2025-03-01T10:00:00+08:00"},
                stream=f"case:{case_id}")
    rep = relay.drain()
    assert rep.delivered == 5 and central.count("evaluations") == 4 and central.count("cases") == 1


def test_background_relay_rides_out_an_outage(kiosk, central):
    box, relay = kiosk
    relay.idle_interval_s = 0.05
    relay.start()
    enqueue_evaluations(box, 5)
    relay.kick()
    _wait(lambda: box.status()["delivered"] == 5)
    central.stop()
    enqueue_evaluations(box, 5, start=5)
    relay.kick()
    _wait(lambda: relay.failures >= 2)
    assert box.status()["pending"] == 5
    central.start()
    _wait(lambda: box.status()["delivered"] == 10, timeout=20)
    assert central.count("evaluations") == 10


def _wait(cond, timeout: float = 10.0) -> None:
    assert wait_for(cond, timeout), "condition not reached in time"


def test_a_periodic_task_can_wait_before_its_first_run(kiosk):
    """The catalogue refresh and the heartbeat give the first frame its start-up (central.py)."""
    box, _ = kiosk
    ran: list[str] = []
    relay = Relay(box, kiosk[1].client, idle_interval_s=0.05,
                  periodic=[(0.05, lambda: ran.append("now")),
                            (0.05, lambda: ran.append("later"), 3600.0)])
    relay.start()
    try:
        assert wait_for(lambda: ran.count("now") >= 3)
    finally:
        relay.stop()
    assert "later" not in ran
