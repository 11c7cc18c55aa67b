"""Issue 19: nothing lost even when the disk lies — a zero-length, truncated or garbage
outbox, a deleted key, a full or read-only disk, a lease left by a killed sync, tickets
issued but never printed. Each case: detected at open, named in one line, never "repaired"
into an empty database; what needs no local write goes on."""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.sync.central import build_central
from kiosk.sync.opening import Paths
from kiosk.sync.outbox import Outbox
from kiosk.sync.storage import KeyMissing, StorageDamaged, StorageUnavailable, unsalvaged
from tests.faultfs import FaultFS, available


def _db(settings) -> Path:
    return settings.data_dir / "sync" / "kiosk.db"


def _offline_tickets(facade, n: int) -> list[str]:
    facade.link.set(False)
    return [facade.queue.take_ticket("police_household").number for _ in range(n)]


def _cli(capsys, settings, *args) -> tuple[int, str, str]:
    env = {"KIOSK__KIOSK__DATA_DIR": str(settings.data_dir), "KIOSK__KIOSK__ID": settings.kiosk.id,
           "KIOSK__CENTRAL__URL": settings.central.url,
           "KIOSK__CENTRAL__EMBEDDED_SERVER": "false",
           "KIOSK__KIOSK__DISK_RESERVE_MB": "1"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        code = main(list(args))
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------------- 1. zero-length file
def test_zero_length_outbox_is_kept_aside_never_replaced_and_numbers_never_reused(
        tmp_path, central):
    settings = central.settings(tmp_path)
    with build_central(settings) as facade:
        first = _offline_tickets(facade, 3)  # K01-C001 … C003, not delivered
    _db(settings).write_bytes(b"")  # a copy gone wrong
    for suffix in ("-wal", "-shm"):
        Path(f"{_db(settings)}{suffix}").unlink(missing_ok=True)

    with pytest.raises(StorageDamaged) as exc:
        Outbox.open(settings.data_dir)
    assert "is empty (0 bytes)" in str(exc.value) and "salvage" in str(exc.value)
    assert not _db(settings).exists()  # not silently replaced by a new, empty database
    [kept] = unsalvaged(_db(settings).parent)
    assert (kept / "kiosk.db").stat().st_size == 0  # kept, never deleted
    with pytest.raises(StorageDamaged):  # and at every open after, until salvaged
        Outbox.open(settings.data_dir)

    with build_central(settings) as facade:  # the kiosk runs, its outbox out of service
        assert facade.storage_state() == "damaged"
        facade.link.set(True)
        online = facade.queue.take_ticket("police_household")  # the server confirms it
        assert not online.offline
        facade.link.set(False)
        with pytest.raises(StorageUnavailable) as refused:
            facade.queue.take_ticket("police_household")
        assert "存储" in refused.value.message_zh and "damaged" in refused.value.message_en
        beat = facade.health.heartbeat_body()
        assert beat["storage"]["state"] == "damaged" and "kiosk.db" in beat["storage"]["detail"]

    report = __import__("kiosk.sync.salvage", fromlist=["salvage"]).salvage(
        Paths(settings.data_dir))
    assert report.readable is False or report.pending == 0
    assert any("police_household #1-3" in m for m in report.offline_missing)  # from the log
    with build_central(settings) as facade:
        again = _offline_tickets(facade, 2)
    assert not set(first) & set(again), (first, again)  # never issued twice
    assert again[0].endswith("004")


def test_a_new_kiosk_may_start_from_an_empty_file(tmp_path):
    (tmp_path / "sync").mkdir()
    (tmp_path / "sync" / "kiosk.db").write_bytes(b"")  # the very first open was cut short
    Outbox.open(tmp_path).close()


# ---------------------------------------------------------------------- 2. deleted key
def test_deleted_key_with_sealed_records_is_a_loud_fault_never_a_new_key(tmp_path):
    box = Outbox.open(tmp_path, disk_reserve_mb=0)
    box.enqueue("evaluation", "/v1/evaluations", {"who": "张三"})
    box.close()
    key = tmp_path / "keys" / "outbox.key"
    original = key.read_bytes()
    key.unlink()
    (tmp_path / "keys-backup" / "outbox.key").unlink()  # and no backup either
    with pytest.raises(KeyMissing) as exc:
        Outbox.open(tmp_path)
    assert "will not make a new one" in str(exc.value) and "key restore" in str(exc.value)
    assert not key.exists()  # never re-created while sealed records exist
    degraded = Outbox.open(tmp_path, degraded_ok=True)
    assert degraded.storage_state() == "key_missing" and degraded.status()["pending"] == 1
    with pytest.raises(StorageUnavailable):
        degraded.enqueue("evaluation", "/v1/evaluations", {})
    degraded.close()
    key.write_bytes(original)  # the documented recovery: the key back (key restore, below)
    key.chmod(0o600)
    box = Outbox.open(tmp_path)
    assert box.claim("t")[0].body == {"who": "张三"}
    box.close()


def test_key_is_restored_from_its_backup_loudly(tmp_path, caplog):
    box = Outbox.open(tmp_path, disk_reserve_mb=0)
    box.enqueue("evaluation", "/v1/evaluations", {"who": "李四"})
    box.close()
    (tmp_path / "keys" / "outbox.key").unlink()
    box = Outbox.open(tmp_path, disk_reserve_mb=0)
    try:
        assert any("restored from the backup" in a for a in box.alerts)
        assert box.storage_report()["alerts"]  # the heartbeat carries it
        [claimed] = box.claim("t")
        assert claimed.body == {"who": "李四"}  # the records open: the same key
    finally:
        box.close()


def test_key_restore_command_checks_the_key_against_the_records(tmp_path, central, capsys):
    settings = central.settings(tmp_path)
    box = Outbox.open(settings.data_dir, disk_reserve_mb=0)
    box.enqueue("evaluation", "/v1/evaluations", {"x": 1})
    box.close()
    key = settings.data_dir / "keys" / "outbox.key"
    good = tmp_path / "good.key"
    good.write_bytes(key.read_bytes())
    good.chmod(0o600)
    key.unlink()
    (settings.data_dir / "keys-backup" / "outbox.key").unlink()
    wrong = tmp_path / "wrong.key"
    wrong.write_bytes(os.urandom(32))
    wrong.chmod(0o600)
    code, _, err = _cli(capsys, settings, "outbox", "key", "restore", str(wrong))
    assert code == 2 and "does not open" in err.strip().splitlines()[-1]
    code, out, _ = _cli(capsys, settings, "outbox", "key", "restore", str(good))
    assert code == 0 and "restored" in out
    Outbox.open(settings.data_dir).close()


# ---------------------------------------------------------------------- 3. truncated / garbage
def _fill(settings, n: int) -> None:
    box = Outbox.open(settings.data_dir, disk_reserve_mb=0)
    for i in range(n):
        box.enqueue("evaluation", "/v1/evaluations", {"i": i, "pad": "x" * 400}, ref=f"e{i}")
    box.close()  # (checkpointed: the rows are in the main file)


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_damaged_outbox_is_salvaged_with_what_can_be_read(tmp_path, central, capsys, damage):
    settings = central.settings(tmp_path)
    _fill(settings, 400)
    db = _db(settings)
    data = bytearray(db.read_bytes())
    if damage == "truncate":
        db.write_bytes(bytes(data[:len(data) // 2]))
    else:
        for off in range(len(data) // 2, len(data) // 2 + 8 * 4096):
            data[off] = 0x5A
        db.write_bytes(bytes(data))
    code, _, err = _cli(capsys, settings, "outbox", "status")
    assert code == 3 and "OUT OF SERVICE" in _cli(capsys, settings, "outbox", "status")[1] \
        or "damaged" in err
    code, out, err = _cli(capsys, settings, "outbox", "salvage", "--json")
    assert code == 0, err
    rep = json.loads(out)
    outbox = next(t for t in rep["tables"] if t["name"] == "outbox")
    assert 0 < outbox["recovered"] < 400 and outbox["lost"]  # what could not be read is said
    assert [p.name for p in (db.parent / "damaged").iterdir()]  # the damaged file is kept
    box = Outbox.open(settings.data_dir, disk_reserve_mb=0)
    try:
        claimed = box.claim("t", limit=500)
        assert len(claimed) == outbox["recovered"]
        assert all(c.body is not None for c in claimed)  # the key still opens them
    finally:
        box.close()


# ---------------------------------------------------------------------- 4. full / read-only disk
needs_fuse = pytest.mark.skipif(available() is not None, reason=str(available()))


@needs_fuse
def test_full_disk_online_tickets_and_sync_work_plain_words_reserve_released(
        tmp_path, central, capsys):
    with FaultFS(tmp_path / "mnt", capacity=64 << 20) as fs:
        settings = central.settings(fs.path / "kiosk")
        settings.kiosk.disk_reserve_mb = 4  # reserve file: 2 MB
        with build_central(settings) as facade:
            facade.link.set(False)
            facade.queue.take_ticket("police_household")  # one offline ticket to deliver
        reserve = settings.data_dir / "sync" / "reserve.bin"
        assert reserve.stat().st_size == 2 << 20
        used = fs.stats()["used"]
        fs.set_capacity(used + 8192)  # a log file (someone else's) filled the disk
        with build_central(settings) as facade:
            facade.link.set(True)
            ticket = facade.queue.take_ticket("police_household")  # the server confirms it
            assert not ticket.offline
            facade.link.set(False)
            with pytest.raises(Exception) as refused:
                facade.queue.take_ticket("police_household")
            assert "disk I/O error" not in str(refused.value)
            assert "full" in str(refused.value).lower() or "满" in getattr(
                refused.value, "message_zh", "")
            facade.link.set(True)
            report = facade.relay.drain(deadline_s=10)
            assert report.delivered >= 1 and facade.outbox.status()["pending"] == 0
            assert not reserve.exists()  # released for the kiosk's own bookkeeping
            assert facade.storage_state() == "full"
            assert facade.health.heartbeat_body()["storage"]["state"] == "full"
        code, out, err = _cli(capsys, settings, "sync", "once")
        assert "disk I/O error" not in out + err


@needs_fuse
def test_read_only_disk_online_tickets_and_status_work(tmp_path, central, capsys):
    with FaultFS(tmp_path / "mnt") as fs:
        settings = central.settings(fs.path / "kiosk")
        with build_central(settings) as facade:
            facade.link.set(False)
            facade.queue.take_ticket("police_household")
        fs.set_read_only(True)
        with build_central(settings) as facade:
            assert facade.storage_state() == "read_only"
            facade.link.set(True)
            assert not facade.queue.take_ticket("police_household").offline
            facade.link.set(False)
            with pytest.raises(StorageUnavailable) as refused:
                facade.queue.take_ticket("police_household")
            assert "read-only" in refused.value.message_en
            assert facade.catalogue.categories()  # the guide and the catalogue still work
        code, out, err = _cli(capsys, settings, "outbox", "status")
        assert code == 3 and "pending 1" in out and "storage read-only" in out
        assert "disk I/O error" not in out + err
        code, out, err = _cli(capsys, settings, "ticket", "take", "police_household",
                              "--no-print", "--json")
        assert code == 0 and json.loads(out)["offline"] is False


# ---------------------------------------------------------------------- 5. the lease
def test_lease_of_a_killed_sync_is_visible_and_released(tmp_path, central, capsys):
    settings = central.settings(tmp_path)
    box = Outbox.open(settings.data_dir, disk_reserve_mb=0)
    box.enqueue("evaluation", "/v1/evaluations", {
        "evaluation_id": "ev-lease", "subject_type": "kiosk", "subject": "KSK-T-01",
        "score": 5, "at": "2025-03-01T10:00:00+08:00"})
    gone = "999999-12345-abcdef"  # a relay whose process is not running
    box.claim(gone, lease_s=600)
    box.close()
    code, out, _ = _cli(capsys, settings, "outbox", "status")
    assert "held by a previous run that is gone" in out and "release --leases" in out
    code, out, _ = _cli(capsys, settings, "outbox", "release", "--leases")
    assert code == 0 and "freed 1" in out
    code, out, _ = _cli(capsys, settings, "sync", "once")
    assert code == 0 and "delivered 1" in out


def test_sync_once_takes_over_the_lease_of_a_relay_that_is_gone(tmp_path, central, capsys):
    settings = central.settings(tmp_path)
    box = Outbox.open(settings.data_dir, disk_reserve_mb=0)
    box.enqueue("evaluation", "/v1/evaluations", {
        "evaluation_id": "ev-gone", "subject_type": "kiosk", "subject": "KSK-T-01",
        "score": 4, "at": "2025-03-01T10:00:00+08:00"})
    box.claim("999999-12345-abcdef", lease_s=600)
    box.close()
    code, out, _ = _cli(capsys, settings, "sync", "once")
    assert code == 0 and "delivered 1" in out and "previous run that is gone" in out


# ---------------------------------------------------------------------- 6. phantom numbers
def test_ticket_issued_but_never_printed_is_voided_after_the_restart(tmp_path, central):
    import sqlalchemy as sa

    from kiosk.sync.schema import ticket_takes

    settings = central.settings(tmp_path)
    with build_central(settings) as facade:
        facade.link.set(True)
        ticket = facade.queue.take_ticket("police_household")
        printed = facade.queue.take_ticket("police_household")
        facade.queue.printing(printed)
        facade.queue.printed(printed)
        # the process "dies" here: its takes belong to a process that is gone
        with facade.outbox.engine.begin() as conn:
            conn.execute(ticket_takes.update().values(owner="999999-12345-abcdef"))
    status = dict(central.rows("SELECT number, status FROM tickets"))
    assert status[ticket.number] == "waiting"
    with build_central(settings) as facade:
        facade.queue.ledger.reconcile()  # (what Central.start() does before the relay runs)
        assert facade.relay.drain(deadline_s=10).delivered >= 1
        with facade.outbox.engine.connect() as conn:
            states = dict(conn.execute(sa.select(ticket_takes.c.number, ticket_takes.c.state))
                          .all())
    status = dict(central.rows("SELECT number, status FROM tickets"))
    assert status[ticket.number] == "cancelled"  # nobody holds it: never called
    assert status[printed.number] == "waiting"  # the printed one stays
    assert states[ticket.number] == "voided"


def test_cli_print_failure_voids_the_ticket(tmp_path, central, capsys, monkeypatch):
    import kiosk.commands.ticket as ticket_cmd

    settings = central.settings(tmp_path)
    monkeypatch.setattr(ticket_cmd, "print_ticket", lambda *a: (False, "paper out"))
    code, _, err = _cli(capsys, settings, "ticket", "take", "police_household")
    assert code == 3 and "voided" in err.strip().splitlines()[-1]
    [(number, status)] = central.rows("SELECT number, status FROM tickets")
    assert status == "cancelled"


def test_offline_ticket_never_printed_is_voided_after_its_reconciliation(tmp_path, central):
    from kiosk.sync.schema import ticket_takes

    settings = central.settings(tmp_path)
    with build_central(settings) as facade:
        [number] = _offline_tickets(facade, 1)
        with facade.outbox.engine.begin() as conn:
            conn.execute(ticket_takes.update().values(owner="999999-12345-abcdef"))
    with build_central(settings) as facade:
        facade.link.set(True)
        facade.queue.ledger.reconcile()
        facade.relay.drain(deadline_s=10)
    assert dict(central.rows("SELECT number, status FROM tickets")) == {number: "cancelled"}
