"""The durable outbox: what the kiosk owes the central servers, on local SQLite.

A business record and its outbox entry commit in one transaction (:meth:`Outbox.write`), so
the kiosk never confirms a submission it could lose, nor keeps a record it will not send.
The database runs in WAL mode with ``synchronous=FULL`` (set explicitly, checked at open),
``PRAGMA quick_check`` runs at open, and a fatal storage error (I/O, corruption) poisons
the outbox: every later call raises :class:`StorageFatal` and the process must restart.

Writes from all threads of a process go through one connection with *group commit*: a
thread that finds the writer busy leaves its unit of work in a queue, and the thread that
holds the writer commits everything queued in one transaction (if one unit fails, the
others are committed one by one, so none shares its fate). Every caller still returns only
after its own work is durably committed; under concurrency several fsyncs become one.
Units run on the writer's driver connection (the enqueue hot path); claims, outcomes and
maintenance use SQLAlchemy Core (:meth:`Outbox.write_core`), serialised with them.

Entry life cycle: ``pending`` → (claimed under a lease by a relay) → ``delivered`` (payload
deleted, a minimal receipt kept) or back to ``pending`` with a backoff, or ``parked`` (the
server refused it; kept for a technician to inspect and release — never deleted).
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, TypeVar

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.services import ServiceUnavailable
from kiosk.sync.counters import OfflineCounterLog
from kiosk.sync.crypto import DecryptError, PayloadCipher
from kiosk.sync.db import StorageFatal, StorageFull, classify
from kiosk.sync.schema import meta, outbox
from kiosk.sync.storage import (Reserve, StorageFault, StorageReadOnly, StorageUnavailable,
                                condition)

log = logging.getLogger(__name__)

#: nothing is ever scheduled further ahead than this (the relay's backoff cap is 300 s, a
#: lease 120 s): a due time or a lease beyond it was written before the wall clock was
#: stepped back (NTP, a technician), and would hold its entry for as long as the step
MAX_AHEAD_S = 900.0
T = TypeVar("T")

RECEIPT_KEYS = ("number", "day", "case_id", "attachment_id", "evaluation_id", "status",
                "offline", "kiosk_id")
DELIVERED_RETENTION_DAYS = 30


class DiskReserveLow(ServiceUnavailable):
    """Free space is below the reserve: new submissions are refused before anything is written."""

    def __init__(self, free_mb: float, reserve_mb: float) -> None:
        super().__init__(
            f"storage almost full ({free_mb:.0f} MB free, reserve {reserve_mb:.0f} MB): new "
            "submissions are refused until a technician frees space",
            "本机存储空间不足，暂停受理新的申请，请联系工作人员",
        )
        self.free_mb, self.reserve_mb = free_mb, reserve_mb


class StorageRefused(ServiceUnavailable):
    def __init__(self, detail: str, *, full: bool = False) -> None:
        if full or detail.startswith("storage full"):
            full = True
            super().__init__("The kiosk's storage is full; this cannot be saved now. Please "
                             "ask staff.", "本机存储空间已满，暂时无法保存，请联系工作人员",
                             detail=detail)
        else:
            super().__init__(f"the kiosk could not store this: {detail}",
                             "本机暂时无法保存，请联系工作人员")
        self.full = full


class Entry(NamedTuple):
    """An entry just added. A tuple: made on the enqueue path, where a frozen dataclass's
    ``__init__`` costs four times as much."""

    id: int
    idem_key: str
    kind: str
    path: str
    stream: str | None
    ref: str


@dataclass
class Claimed:
    id: int
    idem_key: str
    kind: str
    path: str
    stream: str | None
    ref: str
    attempts: int
    body: object  # decrypted JSON body, or None when it could not be opened
    error: str = ""  # why body is None


@dataclass
class Outcome:
    """What happened to one claimed entry. ``kind``: delivered | retry | park | unattempted."""

    id: int
    kind: str
    delay_s: float = 0.0
    error: str = ""
    receipt: dict | None = None


class Tx:
    """Handed to a unit of work in :meth:`Outbox.write`: outbox entries and business records.

    The unit runs on the writer's driver connection inside ``BEGIN IMMEDIATE`` (this is the
    enqueue hot path: SQLAlchemy's per-statement machinery would cost more than the fsync);
    ``insert``/``execute``/``scalar`` take the tables of :mod:`kiosk.sync.schema` and plain
    SQL with ``?`` parameters.
    """

    __slots__ = ("_cur", "box", "raw")

    def __init__(self, box: Outbox, raw, cur) -> None:
        self.box, self.raw, self._cur = box, raw, cur

    def add(self, kind: str, path: str, body: dict, *, stream: str | None = None, ref: str = "",
            idem_key: str | None = None) -> Entry:
        return self.box._add(self._cur, kind, path, body, stream, ref, idem_key)

    def insert(self, table: sa.Table, **values) -> int:
        sql = _insert_sql(table.name, tuple(values))
        return self.raw.execute(sql, tuple(values.values())).lastrowid

    def execute(self, sql: str, params: tuple = ()):
        return self.raw.execute(sql, params)

    def scalar(self, sql: str, params: tuple = ()):
        row = self.raw.execute(sql, params).fetchone()
        return None if row is None else row[0]


@lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return (f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})")


class _UnitFailed(Exception):
    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


class _Work:
    __slots__ = ("done", "error", "fn", "one_insert", "result")

    def __init__(self, fn, one_insert: bool = False) -> None:
        self.fn, self.one_insert = fn, one_insert  # one_insert: fn writes one INSERT, no more
        self.done, self.result, self.error = False, None, None


class Outbox:
    def __init__(self, engine: Engine, cipher: PayloadCipher, *, data_dir: Path,
                 disk_reserve_mb: float = 200, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.cipher = cipher
        self.data_dir = Path(data_dir)
        self.disk_reserve_mb = disk_reserve_mb
        self.clock = clock
        self._commit_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._queue: list[_Work] = []
        self._writer: Connection | None = None  # SQLAlchemy connection owning the driver one
        self._driver: tuple | None = None  # (driver connection, its cursor for our statements)
        self._poisoned: StorageFatal | None = None
        self._free_mb, self._free_checked_at = float("inf"), -1.0
        self._next_id: int | None = None  # a guess: the outbox_ids_grow trigger checks it
        # every outbox row below this id has been seen by a claim (see claim()); 0: not yet
        self._seen_below = 0
        # the latest wall-clock time a claim saw; None: no claim yet in this process (the
        # clock may have gone back while the kiosk was off: the first claim looks)
        self._clock_high: float | None = None
        # storage faults (kiosk.sync.storage): set at open when the outbox cannot be used
        # (every write then raises StorageUnavailable); alerts go out with the heartbeat
        self.fault: StorageFault | None = None
        self.alerts: list[str] = []
        self.reserve: Reserve | None = None
        self.snapshot_dir: Path | None = None
        self.full = False  # the disk filled up: the reserve was released
        self.offline_log = OfflineCounterLog(self.data_dir / "counters")
        self._insert_sql = (
            "INSERT INTO outbox (id, idem_key, stream, kind, path, ref, payload, size, status, "
            "attempts, next_attempt_at, lease_until, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0.0, 0.0, ?)")

    @classmethod
    def open(cls, data_dir: Path, *, disk_reserve_mb: float = 200, check: bool = True,
             key_backup_dir: Path | None = None, degraded_ok: bool = False, **kw) -> Outbox:
        """Open (and check) the outbox in ``data_dir``; see :mod:`kiosk.sync.opening`.

        Raises a :class:`~kiosk.sync.storage.StorageFault` (one line: which file, what is
        wrong, what to do) when the storage cannot be used. With ``degraded_ok`` the outbox
        comes back out of service instead (``fault`` set): every write raises
        StorageUnavailable, status and listings read what can be read."""
        from kiosk.sync.opening import Paths, open_storage

        paths = Paths(Path(data_dir), key_backup_dir)
        try:
            opened = open_storage(paths, check=check, disk_reserve_mb=disk_reserve_mb)
        except StorageFault as fault:
            if not degraded_ok:
                raise
            log.critical("outbox out of service: %s", fault)
            box = cls(_NoEngine(fault), None, data_dir=data_dir, disk_reserve_mb=disk_reserve_mb,
                      **kw)
            box.fault = fault
            return box
        if opened.fault is not None and not degraded_ok:
            if opened.engine is not None:
                opened.engine.dispose()
            raise opened.fault
        engine = opened.engine if opened.engine is not None else _NoEngine(opened.fault)
        box = cls(engine, opened.cipher, data_dir=data_dir,
                  disk_reserve_mb=disk_reserve_mb, **kw)
        box.fault, box.alerts, box.reserve = opened.fault, opened.alerts, opened.reserve
        box.snapshot_dir = opened.snapshot_dir
        box.full = opened.full
        if opened.fault is not None:
            log.critical("outbox out of service: %s", opened.fault)
        return box

    def close(self) -> None:
        with self._commit_lock:
            if self._writer is not None:
                try:
                    self._writer.close()
                except Exception:  # noqa: BLE001 - closing a broken connection
                    pass
                self._writer = self._driver = None
        self.engine.dispose()
        if self.snapshot_dir is not None:
            shutil.rmtree(self.snapshot_dir, ignore_errors=True)
            self.snapshot_dir = None

    # ------------------------------------------------------------------ storage state
    @property
    def readable(self) -> bool:
        """False when the database cannot even be read (damaged: nothing to show)."""
        return not isinstance(self.engine, _NoEngine)

    def _usable(self) -> None:
        if self.fault is not None:
            raise StorageUnavailable(self.fault)

    def storage_state(self) -> str | None:
        """None when the storage works; else "damaged", "full", "read_only", "key_missing"
        … (a code the UI has words for): what the functions that write locally meet."""
        if self.fault is not None:
            return self.fault.code
        return "full" if self.full else None

    def storage_report(self) -> dict:
        """For the heartbeat and ``kiosk outbox status``: the state, why, and the alerts."""
        return {"state": self.storage_state() or "ok",
                "detail": str(self.fault) if self.fault is not None else (
                    "the reserve was released: the disk is full" if self.full else ""),
                "alerts": list(self.alerts)}

    # ------------------------------------------------------------------ writing
    def check_reserve(self) -> None:
        self._usable()
        now = time.monotonic()
        if now - self._free_checked_at > 0.5:  # a kiosk cannot write the reserve in 0.5 s
            try:
                self._free_mb = shutil.disk_usage(self.data_dir).free / 1e6
            except OSError:
                self._free_mb = float("inf")
            self._free_checked_at = now
            if self.full and self.reserve is not None and \
                    self._free_mb * 1e6 > self.reserve.size * 2 + self.disk_reserve_mb * 1e6:
                if self.reserve.ensure():  # space was freed: hold the reserve again
                    self.full = False
                    log.warning("storage: space freed, the reserve is held again")
        if self.full:
            raise StorageRefused("storage full: the kiosk's reserve is in use; new submissions "
                                 "wait until a technician frees space")
        if self._free_mb < self.disk_reserve_mb:
            raise DiskReserveLow(self._free_mb, self.disk_reserve_mb)

    def disk_full(self) -> bool:
        """A write found the disk full: release the reserve (once); True when it was."""
        self.full = True
        if self.reserve is not None and self.reserve.release():
            self.alerts.append("storage full: the reserve was released for the kiosk's own "
                               "bookkeeping")
            return True
        return False

    def write(self, fn: Callable[[Tx], T], *, check_reserve: bool = True,
              _one_insert: bool = False) -> T:
        """Run ``fn(tx)`` in a write transaction; return once it is durably committed.

        ``check_reserve=False``: the kiosk's own bookkeeping (a void, a delivery outcome): it
        may use the reserve, which a full disk releases for it."""
        if self._poisoned is not None:
            raise self._poisoned
        self._usable()
        if check_reserve:
            self.check_reserve()
        try:
            return self._write_once(fn, _one_insert)
        except StorageRefused as exc:
            if check_reserve or not exc.full or not self.disk_full():
                raise
            return self._write_once(fn, _one_insert)  # once more, in the released reserve

    def _write_once(self, fn, _one_insert: bool):
        work = _Work(fn, _one_insert)
        with self._queue_lock:
            self._queue.append(work)
        with self._commit_lock:
            if not work.done:
                with self._queue_lock:
                    group, self._queue = self._queue, []
                self._commit(group)
        if work.error is not None:
            raise work.error
        return work.result

    def _raw(self) -> tuple:
        # fetched once per connection: SQLAlchemy's property chain and a new cursor for every
        # statement cost about as much as the INSERT itself
        if self._driver is None:
            self._writer = self.engine.connect()
            raw = self._writer.connection.dbapi_connection
            self._driver = (raw, raw.cursor())
        return self._driver

    def _commit(self, group: list[_Work]) -> None:
        unsettled = group  # the units whose outcome an exception below decides
        try:
            if self._poisoned is not None:
                raise self._poisoned
            try:
                self._transaction(group)
            except _UnitFailed as failed:
                if len(group) == 1 or isinstance(classify(failed.error), StorageFatal):
                    # (a fatal error is never retried in-process, not even unit by unit)
                    raise failed.error from None
                # one unit of a group failed: the others must not share its fate, so each
                # runs again in a transaction of its own (rare: units seldom fail)
                for i, w in enumerate(group):
                    unsettled = group[i:]
                    w.error = w.result = None
                    try:
                        self._transaction([w])
                    except _UnitFailed as exc:
                        w.error = _storage_error(exc.error, self)
                        if self._poisoned is not None:
                            raise self._poisoned from None
        except BaseException as exc:  # noqa: BLE001 - every waiter must learn the outcome
            err = _storage_error(exc, self)
            for w in unsettled:  # (units committed on their own before this stay committed)
                if w.error is None:
                    w.error = err
                    w.result = None
        finally:
            for w in group:
                w.done = True

    def _transaction(self, group: list[_Work]) -> None:
        raw, cur = self._driver or self._raw()
        if len(group) == 1 and group[0].one_insert and not raw.in_transaction:
            # A lone enqueue is one INSERT, and SQLite runs a statement outside BEGIN as a
            # transaction of its own: the write lock at its start, as BEGIN IMMEDIATE takes
            # it; the commit (WAL fsync, synchronous=FULL) before it returns. BEGIN IMMEDIATE;
            # INSERT; COMMIT in one statement instead of three. (A transaction left open by a
            # failed ROLLBACK would swallow it uncommitted: BEGIN below refuses to run then.)
            try:
                group[0].result = group[0].fn(Tx(self, raw, cur))
            except Exception as exc:  # told to the unit's caller
                raise _UnitFailed(exc) from exc
            return
        cur.execute("BEGIN IMMEDIATE")
        try:
            for w in group:
                try:
                    w.result = w.fn(Tx(self, raw, cur))
                except Exception as exc:  # noqa: BLE001 - told to the unit's caller
                    raise _UnitFailed(exc) from exc
            cur.execute("COMMIT")
        except BaseException:
            if raw.in_transaction:
                try:
                    raw.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise

    def write_core(self, fn: Callable[[Connection], T]) -> T:
        """Maintenance writes (claims, outcomes, releases) with SQLAlchemy Core, serialised
        with :meth:`write` and with the same treatment of storage errors."""
        self._usable()
        for attempt in range(2):
            try:
                return self._write_core_once(fn)
            except StorageRefused as exc:
                if attempt or not exc.full or not self.disk_full():
                    raise
        raise AssertionError("unreachable")

    def _write_core_once(self, fn: Callable[[Connection], T]) -> T:
        with self._commit_lock:
            if self._poisoned is not None:  # (checked under the lock: a writer may poison it)
                raise self._poisoned
            try:
                with self.engine.begin() as conn:
                    return fn(conn)
            except Exception as exc:
                err = _storage_error(exc, self)
                if err is exc:
                    raise
                raise err from exc

    def _add(self, cur, kind: str, path: str, body: dict, stream, ref, idem_key) -> Entry:
        # runs under the commit lock, inside BEGIN IMMEDIATE or alone (see _transaction)
        key = idem_key or os.urandom(16).hex()
        # orjson: for our bodies (str keys, finite numbers) the same bytes as json.dumps(body,
        # ensure_ascii=False, separators=(",", ":")), in a tenth of the time
        plain = orjson.dumps(body)
        for attempt in range(5):
            if self._next_id is None:
                self._next_id = (cur.execute("SELECT MAX(id) FROM outbox").fetchone()[0] or 0) + 1
            row_id = self._next_id
            sealed = self.cipher.seal(plain, row_id, key)  # the id is associated data
            try:
                cur.execute(self._insert_sql, (row_id, key, stream, kind, path, ref, sealed,
                                               len(sealed), self.clock()))
            except sqlite3.IntegrityError:
                # another process added rows (the outbox_ids_grow trigger refused a guess
                # that was no longer above them all): read MAX(id) again
                self._next_id = None
                if attempt == 4:
                    raise
                continue
            self._next_id = row_id + 1
            return Entry(row_id, key, kind, path, stream, ref)
        raise AssertionError("unreachable")

    def enqueue(self, kind: str, path: str, body: dict, *, stream: str | None = None,
                ref: str = "") -> Entry:
        return self.write(lambda tx: self._add(tx._cur, kind, path, body, stream, ref, None),
                          _one_insert=True)

    # ------------------------------------------------------------------ relaying
    def claim(self, owner: str, *, limit: int = 100, max_bytes: int = 2_000_000,
              lease_s: float = 60.0) -> list[Claimed]:
        """Lease up to ``limit`` due entries, keeping each stream's entries a prefix in order."""
        seen_below = self._seen_below

        def work(conn: Connection) -> tuple[int, list]:
            now = self.clock()
            if self._clock_high is None or now < self._clock_high - 1.0:
                self._clock_went_back(conn, now)
            self._clock_high = now if self._clock_high is None else max(self._clock_high, now)
            # New rows enter the due and stream indexes here, many to a page, on the relay's
            # thread: the indexes hold only rows whose lease_owner is set (schema.py), so an
            # enqueue commit writes one page, its row. Rows below seen_below are in already
            # and a new id is always above the largest (_add): this range has every new row.
            conn.execute(outbox.update().where(
                (outbox.c.id >= seen_below) & outbox.c.lease_owner.is_(None)
            ).values(lease_owner=""))
            top = conn.execute(sa.select(sa.func.max(outbox.c.id))).scalar() or 0
            cands = conn.execute(
                sa.select(outbox.c.id, outbox.c.stream, outbox.c.size)
                .where((outbox.c.status == "pending") & (outbox.c.next_attempt_at <= now)
                       & (outbox.c.lease_until <= now) & _SEEN)
                .order_by(outbox.c.id).limit(limit * 2)).all()
            if not cands:
                return top, []
            streams = {c.stream for c in cands if c.stream is not None}
            undelivered: dict[str, list[int]] = {}
            if streams:
                for sid, stream in conn.execute(
                        sa.select(outbox.c.id, outbox.c.stream)
                        .where(outbox.c.stream.in_(streams) & (outbox.c.status != "delivered")
                               & _SEEN)
                        .order_by(outbox.c.id)):
                    undelivered.setdefault(stream, []).append(sid)
            taken: list[int] = []
            pos: dict[str, int] = {}
            total = 0
            for c in cands:
                if len(taken) >= limit or (taken and total + c.size > max_bytes):
                    break
                if c.stream is not None:
                    i = pos.get(c.stream, 0)
                    order = undelivered.get(c.stream, [])
                    if i >= len(order) or order[i] != c.id:
                        pos[c.stream] = len(order) + 1  # an earlier entry is not ready: wait
                        continue
                    pos[c.stream] = i + 1
                taken.append(c.id)
                total += c.size
            if not taken:
                return top, []
            conn.execute(outbox.update().where(outbox.c.id.in_(taken)).values(
                lease_until=now + lease_s, lease_owner=owner, last_attempt_at=now))
            return top, conn.execute(sa.select(outbox).where(outbox.c.id.in_(taken))
                                     .order_by(outbox.c.id)).all()

        top, rows = self.write_core(work)
        self._seen_below = max(self._seen_below, top + 1)  # committed: those rows are in
        out = []
        for r in rows:
            body, err = None, ""
            try:
                body = json.loads(self.cipher.open(r.payload, r.id, r.idem_key))
            except (DecryptError, ValueError, TypeError) as exc:
                err = str(exc)
            out.append(Claimed(r.id, r.idem_key, r.kind, r.path, r.stream, r.ref, r.attempts,
                               body, err))
        return out

    def _clock_went_back(self, conn: Connection, now: float) -> None:
        """Entries due or leased further ahead than anything is ever scheduled were written
        by a clock that has since gone back: due now, lease free (the server's idempotency
        keys make a second send of a leased entry harmless)."""
        ahead = now + MAX_AHEAD_S
        due = conn.execute(outbox.update().where(
            (outbox.c.status == "pending") & (outbox.c.next_attempt_at > ahead)
        ).values(next_attempt_at=now)).rowcount
        leased = conn.execute(outbox.update().where(
            (outbox.c.status == "pending") & (outbox.c.lease_until > ahead)
        ).values(lease_until=now)).rowcount
        if due or leased:
            log.warning("the wall clock went back: %d outbox entr%s due again, %d lease%s freed",
                        due, "y" if due == 1 else "ies", leased, "" if leased == 1 else "s")

    def complete(self, outcomes: Iterable[Outcome]) -> None:
        outcomes = list(outcomes)
        if not outcomes:
            return

        for o in outcomes:
            if o.kind not in _OUTCOME_SQL:
                raise ValueError(f"unknown outcome {o.kind!r}")

        def work(conn: Connection) -> None:
            now = self.clock()
            groups: dict[str, list[dict]] = {}
            for o in outcomes:
                groups.setdefault(o.kind, []).append({
                    "oid": o.id, "now": now, "due": now + o.delay_s,
                    "error": (o.error or "")[:500] or None,
                    "receipt": json.dumps(o.receipt or {}, ensure_ascii=False)})
            for kind, params in groups.items():  # one executemany per kind of outcome
                conn.execute(_OUTCOME_SQL[kind], params)
            if "delivered" in groups:
                _set_meta(conn, "last_success_at", str(now))

        self.write_core(work)

    def note_success(self) -> None:
        self.write_core(lambda conn: _set_meta(conn, "last_success_at", str(self.clock())))

    # ------------------------------------------------------------------ technician
    def release(self, ids: Iterable[int] | None = None) -> int:
        """Parked → pending (attempts reset). ``None``: every parked entry."""
        cond = (outbox.c.status == "parked") & _SEEN  # (every parked row was claimed)
        if ids is not None:
            cond = cond & outbox.c.id.in_(list(ids))

        return self.write_core(lambda conn: conn.execute(outbox.update().where(cond).values(
            status="pending", attempts=0, next_attempt_at=0.0, lease_until=0.0)).rowcount)

    def release_leases(self, *, even_running: bool = False) -> int:
        """Free entries held under the lease of a relay that is no longer running (a killed
        ``kiosk sync once``), or of any relay with ``even_running``: they are due again."""
        now = self.clock()

        def work(conn: Connection) -> int:
            owners = [o for (o,) in conn.execute(
                sa.select(outbox.c.lease_owner).distinct()
                .where((outbox.c.status == "pending") & (outbox.c.lease_until > now) & _SEEN))]
            gone = [o for o in owners if even_running or lease_owner_alive(o) is False]
            if not gone:
                return 0
            return conn.execute(outbox.update().where(
                (outbox.c.status == "pending") & outbox.c.lease_owner.in_(gone) & _SEEN
            ).values(lease_until=0.0, lease_owner="")).rowcount

        return self.write_core(work)

    def wake(self) -> int:
        """Make every pending entry due now (the server is back: do not wait out the backoff)."""
        return self.write_core(lambda conn: conn.execute(
            outbox.update().where((outbox.c.status == "pending") & (outbox.c.next_attempt_at > 0)
                                  & _SEEN)  # (a row no claim has seen yet is due already)
            .values(next_attempt_at=0.0)).rowcount)

    def status(self) -> dict:
        if not self.readable:  # damaged: nothing can be read (``storage`` says why)
            return {"pending": 0, "parked": 0, "delivered": 0, "oldest_pending_age_s": None,
                    "last_success_at": None}
        now = self.clock()
        seen_below = self._seen_below
        with self.engine.connect().execution_options(begin_mode="deferred") as conn, conn.begin():
            # rows a claim has seen from the due index, the others (all pending) from the id
            # range past seen_below: neither reads the whole table
            counts = dict(conn.execute(sa.select(outbox.c.status, sa.func.count()).where(_SEEN)
                                       .group_by(outbox.c.status)).all())
            oldest = conn.execute(sa.select(sa.func.min(outbox.c.created_at))
                                  .where((outbox.c.status == "pending") & _SEEN)).scalar()
            unseen, unseen_oldest = conn.execute(
                sa.select(sa.func.count(), sa.func.min(outbox.c.created_at))
                .where((outbox.c.id >= seen_below) & outbox.c.lease_owner.is_(None))).one()
            last = conn.execute(sa.select(meta.c.value).where(meta.c.key == "last_success_at")
                                ).scalar()
        if unseen_oldest is not None:
            oldest = unseen_oldest if oldest is None else min(oldest, unseen_oldest)
        return {
            "pending": int(counts.get("pending", 0)) + unseen,
            "parked": int(counts.get("parked", 0)),
            "delivered": int(counts.get("delivered", 0)),
            "oldest_pending_age_s": None if oldest is None else round(max(0.0, now - oldest), 3),
            "last_success_at": None if last is None else _iso(float(last)),
        }

    def leases(self) -> list[dict]:
        """Entries a relay holds under its lease, by relay: a killed ``kiosk sync once``
        leaves them held until the lease ends, unless a later relay sees it is gone
        (``kiosk outbox release --leases`` frees them at once)."""
        if not self.readable:
            return []
        now = self.clock()
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(outbox.c.lease_owner, sa.func.count(), sa.func.max(outbox.c.lease_until))
                .where((outbox.c.status == "pending") & (outbox.c.lease_until > now) & _SEEN)
                .group_by(outbox.c.lease_owner)).all()
        return [{"owner": o, "entries": int(n), "until": _iso(float(u)),
                 "running": lease_owner_alive(o)} for o, n, u in rows]

    def entries(self, status: str | None = None, limit: int = 100) -> list[dict]:
        q = sa.select(outbox.c.id, outbox.c.kind, outbox.c.path, outbox.c.ref, outbox.c.stream,
                      outbox.c.status, outbox.c.attempts, outbox.c.created_at,
                      outbox.c.next_attempt_at, outbox.c.last_error, outbox.c.receipt,
                      outbox.c.idem_key).order_by(outbox.c.id).limit(limit)
        if status:
            q = q.where(outbox.c.status == status)
        if not self.readable:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [{"id": r.id, "kind": r.kind, "path": r.path, "ref": r.ref, "stream": r.stream,
                 "status": r.status, "attempts": r.attempts, "created_at": _iso(r.created_at),
                 "next_attempt_at": _iso(r.next_attempt_at) if r.next_attempt_at else None,
                 "last_error": r.last_error, "receipt": json.loads(r.receipt) if r.receipt else None,
                 "idempotency_key": r.idem_key} for r in rows]

    def purge_delivered(self, older_than_days: float = DELIVERED_RETENTION_DAYS) -> int:
        cutoff = self.clock() - older_than_days * 86400
        # the newest row stays, so ids never go down and never come back (see _add, claim)
        newest = sa.select(sa.func.max(outbox.c.id)).scalar_subquery()
        return self.write_core(lambda conn: conn.execute(outbox.delete().where(
            (outbox.c.status == "delivered") & (outbox.c.delivered_at < cutoff) & _SEEN
            & (outbox.c.id < newest))).rowcount)

    def owes(self, ref: str) -> bool:
        """True while an entry about ``ref`` (a case id, a ticket number …) is undelivered."""
        if not self.readable:
            return False
        with self.engine.connect() as conn:
            return conn.execute(sa.select(outbox.c.id).where(
                (outbox.c.ref == ref) & (outbox.c.status != "delivered")).limit(1)
            ).first() is not None

    def get_meta(self, key: str) -> str | None:
        if not self.readable:
            return None
        with self.engine.connect() as conn:
            return conn.execute(sa.select(meta.c.value).where(meta.c.key == key)).scalar()


class _NoEngine:
    """The engine of an outbox whose database cannot be read: every use says why, in the
    words of a ServiceUnavailable (domains that read the database directly get those)."""

    def __init__(self, fault) -> None:
        self.fault = fault
        self.url = sa.engine.make_url("sqlite://")

    def connect(self, *a, **kw):
        raise StorageUnavailable(self.fault)

    begin = connect

    def dispose(self) -> None:
        pass


# the partial indexes' condition (schema.py): SQLite uses them only for queries that name it
_SEEN = outbox.c.lease_owner.is_not(None)
_oid = outbox.c.id == sa.bindparam("oid")
_OUTCOME_SQL = {
    "delivered": outbox.update().where(_oid & (outbox.c.status != "delivered")).values(
        status="delivered", payload=None, size=0, attempts=outbox.c.attempts + 1,
        lease_until=0.0, lease_owner="", delivered_at=sa.bindparam("now"), last_error=None,
        receipt=sa.bindparam("receipt")),
    "park": outbox.update().where(_oid & (outbox.c.status == "pending")).values(
        status="parked", attempts=outbox.c.attempts + 1, lease_until=0.0, lease_owner="",
        last_error=sa.bindparam("error")),
    "retry": outbox.update().where(_oid & (outbox.c.status == "pending")).values(
        next_attempt_at=sa.bindparam("due"), attempts=outbox.c.attempts + 1, lease_until=0.0,
        lease_owner="", last_error=sa.bindparam("error")),
    "unattempted": outbox.update().where(_oid & (outbox.c.status == "pending")).values(
        next_attempt_at=sa.bindparam("due"), lease_until=0.0, lease_owner="",
        last_error=sa.bindparam("error")),
}


def _drop_full_indexes(engine: Engine) -> None:
    """A database made before the outbox indexes left out unseen rows: drop them (once), so
    that create_all makes the partial ones."""
    with engine.begin() as conn:
        sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'index' "
                                   "AND name = 'ix_outbox_due'").scalar()
        if sql is not None and "lease_owner" not in sql:
            conn.exec_driver_sql("DROP INDEX ix_outbox_due")
            conn.exec_driver_sql("DROP INDEX IF EXISTS ix_outbox_stream")


def lease_owner_name() -> str:
    """A relay's lease owner: pid, the process's start time (pid reuse) and a random tag."""
    return f"{os.getpid()}-{_start_ticks(os.getpid())}-{os.urandom(3).hex()}"


def _start_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            # field 22 (start time), counted after the parenthesised command name
            return int(f.read().rsplit(b")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return 0


def lease_owner_alive(owner: str | None) -> bool | None:
    """True/False: the relay that holds a lease is running or not; None: cannot tell (an
    owner named before start times were part of the name, or on another machine)."""
    parts = (owner or "").split("-")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit() or parts[1] == "0":
        return None
    return _start_ticks(int(parts[0])) == int(parts[1])


def _set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(meta.update().where(meta.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(meta.insert().values(key=key, value=value))


def _iso(ts: float) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds")


def _storage_error(exc: BaseException, box: Outbox) -> BaseException:
    err = classify(exc)
    if isinstance(err, StorageFatal) and not isinstance(err, StorageFault):
        # name it: a full or read-only disk is not "disk I/O error" to anyone who reads it
        kind = condition(box.data_dir / "sync", exc)
        if kind == "full":
            err = StorageFull("no free space")
        elif kind == "read_only":
            err = StorageReadOnly(f"storage read-only: {box.data_dir / 'sync'} cannot be "
                                  "written any more (the filesystem went read-only); the kiosk "
                                  "restarts with the outbox out of service", path=box.data_dir)
        else:
            err = StorageFault(f"storage error: {err}", path=box.data_dir)
    if isinstance(err, StorageFatal):
        log.critical("outbox: %s — the kiosk must restart", err)
        box._poisoned = err
        if box._writer is not None:
            try:
                box._writer.invalidate()
            except Exception:  # noqa: BLE001
                pass
            box._writer = box._driver = None
    elif isinstance(err, StorageFull):
        return StorageRefused("storage full: the database could not be written", full=True)
    return err


def minimal_receipt(status: int, body) -> dict:
    """What stays after delivery: the HTTP status and the server's references, nothing personal."""
    out: dict = {"http": status}
    if isinstance(body, dict):
        for k in RECEIPT_KEYS:
            if k in body and (body[k] is None or isinstance(body[k], (str, int, bool))):
                out[k] = body[k]
    return out
