"""Opening the outbox's storage: every check a damaged, full or read-only disk calls for.

``open_storage`` runs at every open (the kiosk's start, each technician command):

1. the database file's header (:func:`kiosk.sync.storage.inspect_db_file`): a zero-length,
   truncated or garbage file is damaged — kept aside, never taken for a new database;
2. a missing database where this kiosk has used one (its key, key backup or offline counter
   log exist) is damaged too: the kiosk does not start over silently;
3. SQLite's ``quick_check``; errors are named by what they are (damaged / full / read-only);
   a full disk first gets the reserve file released, and the open tried once more;
4. the key: never made while records sealed with another key exist. A missing or wrong key
   is put back from the backup when the backup's fingerprint is the database's (loudly: an
   alert in the heartbeat), else the outbox is out of service (``KeyMissing`` /
   ``KeyMismatch``) until a technician acts (``kiosk outbox key restore FILE``).

Why a key backup in a second directory and not a TPM: the key protects personal data on a
stolen disk, and the key file already sits on that disk, so a second copy on the same
machine costs no secrecy; what it buys is surviving a deleted or overwritten key file (a
cleanup script, a technician's mistake), the case seen in the hall. A TPM would add secrecy,
not availability, and many kiosk PCs have none. ``[kiosk] key_backup_dir`` should name a
directory on another partition (e.g. ``/var/lib/kiosk-keys``); by default it is
``<data_dir>/keys-backup``, which survives ``rm -r keys`` but not the loss of the disk (with
which the database goes too).
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kiosk.sync import schema
from kiosk.sync.counters import OfflineCounterLog
from kiosk.sync.crypto import (DecryptError, KeyFileError, KeyFileMissing, PayloadCipher,
                               create_key, key_id, load_key)
from kiosk.sync.db import (SQLITE_CORRUPT, SQLITE_NOTADB, StorageFatal, check_database, pragma,
                           sqlite_code, sqlite_engine)
from kiosk.sync.storage import (KeyMismatch, KeyMissing, Reserve, StorageDamaged, StorageFault,
                                StorageIsFull, StorageReadOnly, fault_for, inspect_db_file,
                                keep_aside, unsalvaged)

log = logging.getLogger(__name__)

DB_NAME = "kiosk.db"
KEY_ID_META = "key_id"
#: the pre-allocated reserve file: at most this many MB (half the free-space threshold when
#: that is smaller: a test kiosk with a 1 MB threshold does not hold 16 MB)
RESERVE_FILE_MB = 16.0


@dataclass
class Paths:
    data_dir: Path
    key_backup_dir: Path | None = None

    @property
    def sync_dir(self) -> Path:
        return self.data_dir / "sync"

    @property
    def db(self) -> Path:
        return self.sync_dir / DB_NAME

    @property
    def key(self) -> Path:
        return self.data_dir / "keys" / "outbox.key"

    @property
    def backup_key(self) -> Path:
        return (self.key_backup_dir or self.data_dir / "keys-backup") / "outbox.key"

    @property
    def counters(self) -> Path:
        return self.data_dir / "counters"

    @property
    def reserve(self) -> Path:
        return self.sync_dir / "reserve.bin"


@dataclass
class Opened:
    engine: Engine | None = None
    cipher: PayloadCipher | None = None
    fault: StorageFault | None = None
    alerts: list[str] = field(default_factory=list)
    snapshot_dir: Path | None = None  # a read-only disk: status is read from a copy here
    reserve: Reserve | None = None
    full: bool = False  # opened, but only after releasing the reserve


def used_before(paths: Paths) -> bool:
    """Evidence that this kiosk has had an outbox database (so a missing one was lost)."""
    return (paths.key.exists() or paths.backup_key.exists()
            or OfflineCounterLog(paths.counters).used())


def open_storage(paths: Paths, *, check: bool = True, disk_reserve_mb: float = 200) -> Opened:
    """Open the outbox database and its key; raise StorageFault (one line) when they cannot
    be used. ``Opened.fault`` is set instead when the database can still be *read* (a
    read-only disk, a missing key): the caller keeps it as an out-of-service outbox."""
    out = Opened(reserve=Reserve(paths.reserve, min(RESERVE_FILE_MB, disk_reserve_mb / 2)))
    db = paths.db
    try:
        paths.sync_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fault_for(paths.sync_dir, exc, "the outbox directory") from None
    problem = inspect_db_file(db)
    if problem == "is empty (0 bytes)" and not used_before(paths):
        problem = None  # a new kiosk whose very first open was cut short
    if problem is not None:
        raise _damaged(db, problem)
    if not db.exists():
        waiting = unsalvaged(paths.sync_dir)
        if waiting:
            raise StorageDamaged(f"storage damaged: {db} was kept aside in {waiting[-1]} and "
                                 "has not been salvaged: run `kiosk outbox salvage`", path=db)
        if used_before(paths):
            raise StorageDamaged(
                f"storage damaged: {db} is missing, but this kiosk has used one (its outbox "
                "key or offline ticket log exists): what it held may be lost; run `kiosk "
                "outbox salvage` to start a new database (offline numbers continue above "
                "the log)", path=db)
    for attempt in range(2):
        try:
            out.engine = _open_engine(db, check)
            break
        except StorageDamaged:
            raise
        except (StorageFatal, sa.exc.DBAPIError, OSError) as exc:
            fault = fault_for(paths.sync_dir, exc, str(db))
            if isinstance(fault, StorageIsFull) and attempt == 0 and out.reserve.release():
                out.full = True
                out.alerts.append("storage full: the reserve was released to open the outbox")
                continue
            if isinstance(fault, (StorageReadOnly, StorageIsFull)):
                # the database itself is fine: read it from a copy (status, list)
                out.engine, out.snapshot_dir = _snapshot(db)
                out.fault = fault
                _check_key_read_only(paths, out)
                return out
            raise fault from None
    try:
        out.cipher = _key(paths, out.engine, out.alerts)
    except StorageFault as fault:
        out.fault = fault  # the database reads; nothing is written until the key is back
        return out
    if not out.full:
        out.reserve.ensure()
    return out


def _damaged(db: Path, problem: str) -> StorageDamaged:
    try:
        kept = keep_aside(db, problem)
        where = f"kept aside in {kept}"
    except OSError as exc:
        where = f"left in place (cannot move it: {exc.strerror or exc})"
    return StorageDamaged(f"storage damaged: {db} {problem}; {where}; the outbox is out of "
                          "service until `kiosk outbox salvage`", path=db)


def _open_engine(db: Path, check: bool) -> Engine:
    engine = sqlite_engine(db)
    try:
        if check:
            check_database(engine)
        from kiosk.sync.outbox import _drop_full_indexes  # (the outbox's own migration)

        _drop_full_indexes(engine)
        schema.metadata.create_all(engine)
        if str(pragma(engine, "synchronous")) != "2":  # 2 = FULL
            raise StorageFault("SQLite refused synchronous=FULL", path=db)
    except BaseException as exc:
        engine.dispose()
        code = _chain_code(exc)
        if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or (
                isinstance(exc, StorageFatal) and "quick_check on" in str(exc)):
            raise _damaged(db, f"fails SQLite's check ({_first_line(exc)})") from None
        raise
    return engine


def _chain_code(exc: BaseException | None) -> int | None:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        code = sqlite_code(exc)
        if code is not None:
            return code
        exc = exc.__cause__ or exc.__context__
    return None


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc)).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _snapshot(db: Path) -> tuple[Engine | None, Path | None]:
    """A copy of the database and its WAL where SQLite may write its index files."""
    if not db.exists():
        return None, None
    try:
        tmp = Path(tempfile.mkdtemp(prefix="kiosk-outbox-ro-"))
        for suffix in ("", "-wal"):
            src = db.with_name(db.name + suffix)
            if src.exists():
                shutil.copyfile(src, tmp / src.name)
        engine = sa.create_engine(f"sqlite:///{tmp / db.name}")
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT COUNT(*) FROM sqlite_master").scalar()
        return engine, tmp
    except (OSError, sa.exc.DBAPIError) as exc:
        log.warning("outbox: cannot read a copy of %s: %s", db, exc)
        return None, None


def _sealed_row(engine: Engine):
    with engine.connect() as conn:
        return conn.execute(sa.select(schema.outbox.c.id, schema.outbox.c.idem_key,
                                      schema.outbox.c.payload)
                            .where(schema.outbox.c.payload.is_not(None))
                            .order_by(schema.outbox.c.id.desc()).limit(1)).first()


def _meta(engine: Engine, key: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(sa.select(schema.meta.c.value)
                            .where(schema.meta.c.key == key)).scalar()


def _opens(key: bytes, row) -> bool:
    try:
        PayloadCipher(key).open(row.payload, row.id, row.idem_key)
        return True
    except DecryptError:
        return False


def _fits(key: bytes | None, kid: str | None, row) -> bool:
    """The key is the one this database's sealed records need."""
    if key is None:
        return False
    if row is not None:
        return _opens(key, row)
    return kid is None or key_id(key) == kid


def _read_backup(paths: Paths) -> bytes | None:
    try:
        return load_key(paths.backup_key)
    except KeyFileError:
        return None


def _key(paths: Paths, engine: Engine, alerts: list[str]) -> PayloadCipher:
    row = _sealed_row(engine)
    kid = _meta(engine, KEY_ID_META)
    try:
        key: bytes | None = load_key(paths.key)
        problem = None
    except KeyFileMissing:
        key, problem = None, "missing"
    except KeyFileError as exc:
        key, problem = None, str(exc)
    if key is not None and row is not None and not _opens(key, row):
        problem = "wrong"
    if problem is not None and row is None and (problem == "missing"):
        # nothing sealed waits: a new key loses nothing (delivered records keep no payload)
        key = create_key(paths.key)
        if kid is not None:
            alerts.append(f"outbox key re-created (fingerprint {key_id(key)}): no sealed "
                          "record was waiting")
        problem = None
    if problem is not None:
        backup = _read_backup(paths)
        if _fits(backup, kid, row):
            if paths.key.exists():
                aside = paths.key.with_name(f"outbox.key.wrong-{time.strftime('%Y%m%d-%H%M%S')}")
                os.replace(paths.key, aside)
            key = create_key(paths.key, backup)
            msg = (f"outbox key {problem}: restored from the backup {paths.backup_key} "
                   f"(fingerprint {key_id(key)})")
            log.critical("outbox: %s", msg)
            alerts.append(msg)
        else:
            waiting = "sealed records wait for it" if row is not None else \
                "the database was sealed with another key"
            want = f"fingerprint {kid}" if kid else "the key its records were sealed with"
            if problem == "missing":
                raise KeyMissing(
                    f"outbox key missing: {paths.key} is gone and {waiting} ({want}); the "
                    f"kiosk will not make a new one. Put the key back (`kiosk outbox key "
                    f"restore FILE`); no usable backup in {paths.backup_key}", path=paths.key)
            raise KeyMismatch(
                f"outbox key wrong: {paths.key} does not open this kiosk's sealed records "
                f"({want}{'' if problem == 'wrong' else '; ' + problem}); put the right key "
                f"back (`kiosk outbox key restore FILE`); no usable backup in "
                f"{paths.backup_key}", path=paths.key)
    assert key is not None
    fp = key_id(key)
    if kid != fp:
        with engine.begin() as conn:
            if conn.execute(schema.meta.update().where(schema.meta.c.key == KEY_ID_META)
                            .values(value=fp)).rowcount == 0:
                conn.execute(schema.meta.insert().values(key=KEY_ID_META, value=fp))
    _ensure_backup(paths, key)
    return PayloadCipher(key)


def _ensure_backup(paths: Paths, key: bytes) -> None:
    backup = _read_backup(paths)
    if backup == key:
        return
    try:
        if paths.backup_key.exists():  # an older key: kept, never deleted
            os.replace(paths.backup_key, paths.backup_key.with_name(
                f"outbox.key.old-{time.strftime('%Y%m%d-%H%M%S')}"))
        create_key(paths.backup_key, key)
    except (OSError, KeyFileError) as exc:
        log.error("outbox: cannot keep a backup of the key in %s: %s", paths.backup_key, exc)


def _check_key_read_only(paths: Paths, out: Opened) -> None:
    """On a read-only disk nothing is written, but a missing key is still said."""
    if out.engine is None:
        return
    try:
        row = _sealed_row(out.engine)
    except sa.exc.DBAPIError:
        return
    try:
        key = load_key(paths.key)
    except KeyFileError:
        key = None
    if row is not None and (key is None or not _opens(key, row)):
        out.alerts.append(f"outbox key {'missing' if key is None else 'wrong'}: {paths.key}")
    elif key is not None:
        out.cipher = PayloadCipher(key)
