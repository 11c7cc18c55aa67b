"""SQLite engines that mean it: WAL, ``synchronous=FULL``, write transactions that lock early.

The kiosk's outbox uses :func:`sqlite_engine` (the reference central server, a separate
application, sets up its SQLite the same way in ``kiosk/central/db.py``). pysqlite's own
transaction handling is switched off so that SQLAlchemy's ``begin()`` issues ``BEGIN
IMMEDIATE`` (write transactions take the write lock at the start; two writers never deadlock
upgrading a read lock) or ``BEGIN`` for readers.

Storage errors come in two kinds. "Busy"/"locked" is contention and may be retried; an I/O
error, a corrupt page or a file that is not a database is fatal: after a failed fsync the
page cache no longer says what is on disk, so the process must restart and re-read the
file (:class:`StorageFatal`) rather than retry in-process.
"""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

# primary result codes (the low byte of an extended code)
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26
_FATAL_CODES = {SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_NOTADB}


class StorageFatal(Exception):
    """The database cannot be trusted in this process any more: restart (and check it)."""


class StorageFull(Exception):
    """The disk is full; the transaction was rolled back and nothing was written."""


def sqlite_code(exc: BaseException) -> int | None:
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def classify(exc: BaseException) -> BaseException:
    """Turn a fatal/full SQLite error into StorageFatal/StorageFull; others unchanged."""
    code = sqlite_code(exc)
    if code in _FATAL_CODES:
        return StorageFatal(f"database I/O error ({getattr(getattr(exc, 'orig', exc), 'sqlite_errorname', code)}): "
                            f"{getattr(exc, 'orig', exc)}")
    if code == SQLITE_FULL:
        return StorageFull("disk full: the database could not be written")
    return exc


def sqlite_engine(path: Path | str, *, busy_timeout_s: float = 30.0, pool_size: int = 8) -> Engine:
    """An engine on the SQLite file ``path`` with WAL and synchronous=FULL on every connection."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        f"sqlite:///{path}",
        pool_size=pool_size,
        max_overflow=8,
        connect_args={"timeout": busy_timeout_s, "check_same_thread": False},
    )
    install_sqlite_pragmas(engine, busy_timeout_s)
    return engine


def install_sqlite_pragmas(engine: Engine, busy_timeout_s: float = 30.0) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see "begin" below)
        cur = dbapi_conn.cursor()
        mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("SQLite journal_mode is %s, not WAL", mode)
        # FULL, set explicitly: in WAL mode NORMAL would lose the last commits on power loss
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        deferred = conn.get_execution_options().get("begin_mode") == "deferred"
        # straight to the driver: this runs once per transaction, on the enqueue hot path
        conn.connection.dbapi_connection.execute("BEGIN" if deferred else "BEGIN IMMEDIATE")


def pragma(engine: Engine, name: str):
    with engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def check_database(engine: Engine, *, full: bool = False) -> None:
    """``PRAGMA quick_check`` (or integrity_check): raise StorageFatal unless it says ok."""
    stmt = "PRAGMA integrity_check" if full else "PRAGMA quick_check"
    try:
        with engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql(stmt).fetchall()]
    except sa.exc.DBAPIError as exc:
        raise StorageFatal(f"{stmt} failed on {engine.url.database}: {exc.orig}") from exc
    if rows != ["ok"]:
        raise StorageFatal(f"{stmt} on {engine.url.database}: " + "; ".join(map(str, rows[:5])))


def is_sqlite_error(exc: BaseException) -> bool:
    return isinstance(getattr(exc, "orig", exc), sqlite3.Error)
