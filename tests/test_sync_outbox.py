"""The durable outbox: transactions, ordering, encryption at rest, storage failures."""
from __future__ import annotations

import os
import sqlite3
import stat
import threading

import pytest
import sqlalchemy as sa

from kiosk.sync import schema
from kiosk.sync.crypto import DecryptError, KeyFileError, PayloadCipher, load_or_create_key
from kiosk.sync.db import StorageFatal, check_database, pragma
from kiosk.sync.outbox import DiskReserveLow, Outbox, Outcome, minimal_receipt

ID_NUMBER = "11010519491231002X"  # fictitious, valid check digit
MOBILE = "13800138000"


@pytest.fixture
def box(tmp_path):
    b = Outbox.open(tmp_path, disk_reserve_mb=0)
    yield b
    b.close()


def test_database_is_wal_with_synchronous_full(box):
    assert pragma(box.engine, "journal_mode") == "wal"
    assert pragma(box.engine, "synchronous") == 2  # FULL


def test_key_file_is_private_and_created_once(tmp_path):
    path = tmp_path / "keys" / "outbox.key"
    key = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == key
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="readable by others"):
        load_or_create_key(path)


def test_sealed_payload_is_bound_to_its_row():
    c = PayloadCipher(os.urandom(32))
    sealed = c.seal(b'{"a":1}', 7, "key-7")
    assert c.open(sealed, 7, "key-7") == b'{"a":1}'
    with pytest.raises(DecryptError):
        c.open(sealed, 8, "key-7")  # copied onto another row
    with pytest.raises(DecryptError):
        c.open(sealed, 7, "key-8")
    with pytest.raises(DecryptError):
        c.open(sealed[:-1] + bytes([sealed[-1] ^ 1]), 7, "key-7")


def test_personal_data_is_not_on_disk_in_clear(box, tmp_path):
    box.enqueue("case", "/v1/cases", {"applicant": {"name": "张三", "id_number": ID_NUMBER,
                                                     "mobile": MOBILE}})
    box.close()
    blob = b"".join(p.read_bytes() for p in (tmp_path / "sync").iterdir() if p.is_file())
    for secret in (ID_NUMBER, MOBILE, "张三"):
        assert secret.encode() not in blob


def test_business_record_and_entry_commit_together(box):
    def ok(tx):
        tx.insert(schema.submissions, ref="case-1", kind="case", created_at=0)
        tx.add("case", "/v1/cases", {"case_id": "case-1"}, stream="case:case-1", ref="case-1")

    box.write(ok)

    def fails_after_enqueue(tx):
        tx.add("case", "/v1/cases", {"case_id": "case-2"}, stream="case:case-2")
        tx.insert(schema.submissions, ref="case-1", kind="case", created_at=0)

    with pytest.raises(sqlite3.IntegrityError):
        box.write(fails_after_enqueue)  # duplicate business record: the entry rolls back too
    assert box.status()["pending"] == 1


def test_group_commit_under_concurrency_isolates_failures(box):
    errors, done = [], []

    def worker(i):
        def work(tx):
            tx.add("evaluation", "/v1/evaluations", {"i": i}, ref=f"e{i}")
            if i % 10 == 3:
                raise ValueError("refused unit")
        try:
            box.write(work)
            done.append(i)
        except ValueError:
            errors.append(i)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(60)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(errors) == [i for i in range(60) if i % 10 == 3]
    assert box.status()["pending"] == len(done) == 54
    refs = {e["ref"] for e in box.entries(limit=1000)}
    assert refs == {f"e{i}" for i in done}


def test_claim_keeps_streams_in_order_and_leases(box):
    a = [box.enqueue("case", "/v1/x", {"n": i}, stream="case:A") for i in range(3)]
    b = [box.enqueue("case", "/v1/x", {"n": i}, stream="case:B") for i in range(2)]
    loose = box.enqueue("evaluation", "/v1/evaluations", {"n": 9})
    first = box.claim("r1", limit=10)
    assert [c.id for c in first] == [e.id for e in a + b] + [loose.id]
    assert box.claim("r2", limit=10) == []  # all leased
    # A's head retries later: nothing after it in stream A may go, B may
    box.complete([Outcome(a[0].id, "retry", delay_s=60, error="503"),
                  Outcome(a[1].id, "unattempted"), Outcome(a[2].id, "unattempted"),
                  Outcome(b[0].id, "delivered", receipt={"http": 201}),
                  Outcome(b[1].id, "unattempted"), Outcome(loose.id, "delivered")])
    again = box.claim("r1", limit=10)
    assert [c.id for c in again] == [b[1].id]
    assert again[0].body == {"n": 1}


def test_parked_entries_block_their_stream_until_released(box):
    e1 = box.enqueue("case", "/v1/cases", {"n": 1}, stream="case:C")
    e2 = box.enqueue("attachment", "/v1/cases/C/attachments", {"n": 2}, stream="case:C")
    [c1, c2] = box.claim("r", limit=10)
    box.complete([Outcome(c1.id, "park", error="HTTP 400 invalid"),
                  Outcome(c2.id, "unattempted")])
    st = box.status()
    assert st["parked"] == 1 and st["pending"] == 1
    assert box.claim("r", limit=10) == []
    parked = box.entries("parked")
    assert parked[0]["id"] == e1.id and "400" in parked[0]["last_error"]
    assert box.release([e1.id]) == 1
    assert [c.id for c in box.claim("r", limit=10)] == [e1.id, e2.id]


def test_delivery_deletes_the_payload_and_keeps_a_minimal_receipt(box):
    e = box.enqueue("case", "/v1/cases", {"applicant": {"id_number": ID_NUMBER}})
    [c] = box.claim("r")
    box.complete([Outcome(c.id, "delivered", receipt=minimal_receipt(
        201, {"case_id": "x", "status": "received", "applicant": {"id_number": ID_NUMBER}}))])
    with box.engine.connect() as conn:
        row = conn.execute(sa.select(schema.outbox).where(schema.outbox.c.id == e.id)).one()
    assert row.payload is None and row.status == "delivered"
    assert ID_NUMBER not in row.receipt and '"case_id": "x"' in row.receipt
    st = box.status()
    assert st["delivered"] == 1 and st["last_success_at"] is not None
    assert st["oldest_pending_age_s"] is None


def test_disk_reserve_refuses_before_writing(tmp_path):
    box = Outbox.open(tmp_path, disk_reserve_mb=10**12)  # more than any disk has
    try:
        with pytest.raises(DiskReserveLow) as info:
            box.enqueue("case", "/v1/cases", {})
        assert "存储空间不足" in info.value.message_zh
        assert box.status()["pending"] == 0
    finally:
        box.close()


def test_corrupt_database_fails_quick_check_at_open(tmp_path):
    box = Outbox.open(tmp_path)
    for i in range(200):
        box.enqueue("evaluation", "/v1/evaluations", {"pad": "x" * 500, "i": i})
    box.close()
    db = tmp_path / "sync" / "kiosk.db"
    with sqlite3.connect(db) as c:  # fold the WAL into the file, then damage pages
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    for off in range(4096 * 3, min(len(data), 4096 * 12), 7):
        data[off] = 0xA5
    db.write_bytes(bytes(data))
    with pytest.raises(StorageFatal):
        Outbox.open(tmp_path)


def test_io_error_on_commit_is_fatal_and_poisons_the_outbox(box, monkeypatch):
    err = sqlite3.OperationalError("disk I/O error")
    err.sqlite_errorcode = 10 | (3 << 8)  # SQLITE_IOERR_WRITE
    err.sqlite_errorname = "SQLITE_IOERR_WRITE"

    def boom(tx):
        raise err

    with pytest.raises(StorageFatal):
        box.write(boom)
    with pytest.raises(StorageFatal):  # no retry in-process: every later call refuses
        box.enqueue("case", "/v1/cases", {})
    check_database(box.engine, full=True)  # the file itself is fine; a restart reopens it


def test_two_writers_on_one_database_interleave_safely(tmp_path):
    ui, cli = Outbox.open(tmp_path, disk_reserve_mb=0), Outbox.open(tmp_path, disk_reserve_mb=0)
    try:
        for i in range(20):  # the UI's writer and a technician's CLI take turns
            (ui if i % 3 else cli).enqueue("evaluation", "/v1/evaluations", {"i": i}, ref=str(i))
        claimed = ui.claim("r", limit=100)
        assert len({c.id for c in claimed}) == 20
        assert sorted(c.body["i"] for c in claimed) == list(range(20))  # every payload opens
    finally:
        ui.close()
        cli.close()


def _io_error() -> sqlite3.OperationalError:
    err = sqlite3.OperationalError("disk I/O error")
    err.sqlite_errorcode = 10 | (3 << 8)  # SQLITE_IOERR_WRITE
    return err


def test_io_error_in_a_group_is_not_retried_unit_by_unit(box):
    from kiosk.sync.outbox import _Work

    def ok(tx):
        return tx.add("evaluation", "/v1/evaluations", {"ok": 1}).id

    def broken(tx):
        raise _io_error()

    group = [_Work(ok), _Work(broken), _Work(ok)]
    box._commit(group)  # as the writer thread does for a queued group
    assert all(isinstance(w.error, StorageFatal) and w.result is None for w in group)
    with pytest.raises(StorageFatal):
        box.enqueue("case", "/v1/cases", {})
    assert box.entries() == []  # nothing committed after the I/O error


def test_units_committed_before_a_fatal_error_keep_their_result(box):
    from kiosk.sync.outbox import _Work

    calls = []

    def ok(tx):
        return tx.add("evaluation", "/v1/evaluations", {"ok": 1}).id

    def refused(tx):
        raise ValueError("refused unit")

    def fails_second_time(tx):
        calls.append(1)
        if len(calls) == 2:
            raise _io_error()
        return tx.add("evaluation", "/v1/evaluations", {"ok": 2}).id

    first, flaky, bad = _Work(ok), _Work(fails_second_time), _Work(refused)
    box._commit([first, flaky, bad])  # bad fails the group; first then commits alone
    assert first.error is None and first.result is not None  # committed on its own: told so
    assert isinstance(flaky.error, StorageFatal) and isinstance(bad.error, StorageFatal)
    assert [e["id"] for e in box.entries()] == [first.result]
