"""The reference server's database engine: SQLite by default, PostgreSQL by URL.

SQLite files run in WAL mode with ``synchronous=FULL``; pysqlite's own transaction handling
is switched off so that ``begin()`` issues ``BEGIN IMMEDIATE`` (a writer takes the write lock
at its start: two writers never deadlock upgrading a read lock), or a plain ``BEGIN`` on a
connection marked ``begin_mode="deferred"`` (:func:`reader`). PostgreSQL runs at READ
COMMITTED, which the counters in :mod:`kiosk.central.store.tickets` rely on.

(The kiosk's outbox sets its SQLite up the same way in ``kiosk/sync/db.py``; the server keeps
its own copy because it is a separate application that shares only ``kiosk.protocol``.)
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

metadata = sa.MetaData()


def normalise_url(url: str) -> str:
    """``postgresql://`` / ``postgres://`` without a driver name → psycopg (3), the driver this
    project installs (SQLAlchemy 2.0 would otherwise pick psycopg2; ``postgres`` it rejects)."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return url


def connect(url: str) -> Engine:
    """An engine for ``url`` (no tables created: see ``kiosk.central.store.open_engine``)."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        db_path = sa.engine.make_url(url).database
        if db_path and db_path != ":memory:" and not db_path.startswith("file:"):
            private_sqlite_file(Path(db_path))
        engine = sa.create_engine(url, pool_size=16, max_overflow=16,
                                  connect_args={"timeout": 30, "check_same_thread": False})
        _install_sqlite_pragmas(engine)
        return engine
    # a statement or an open transaction that hangs (a lock never released, a client gone
    # mid-request) is ended by the server, not held for ever with a pool connection
    options = "-c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000"
    parsed = sa.engine.make_url(url)
    if parsed.query.get("options"):  # the URL's own (e.g. a search_path): kept, not replaced
        options = f"{parsed.query['options']} {options}"
        parsed = parsed.difference_update_query(["options"])
    return sa.create_engine(parsed, pool_size=16, max_overflow=16, pool_pre_ping=True,
                            isolation_level="READ COMMITTED", connect_args={"options": options})


def private_sqlite_file(path: Path) -> None:
    """The database holds personal data: its directory, when this creates it, is 0700; the
    file 0600 (created so before SQLite opens it, or narrowed if an older version made it
    wider) — SQLite gives the ``-wal`` and ``-shm`` files the database file's mode."""
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    for f in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            mode = f.stat().st_mode & 0o777
            if mode & 0o077:
                os.chmod(f, mode & 0o700)
        except FileNotFoundError:
            continue
        except PermissionError:  # not ours (a shared directory): said, not fatal
            log.warning("central: cannot narrow the mode of %s to 0600", f)


def _install_sqlite_pragmas(engine: Engine, busy_timeout_s: float = 30.0) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see "begin" below)
        cur = dbapi_conn.cursor()
        mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("central: SQLite journal_mode is %s, not WAL", mode)
        # FULL, set explicitly: in WAL mode NORMAL would lose the last commits on power loss,
        # and a kiosk whose entry was answered 201 deletes its copy
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        deferred = conn.get_execution_options().get("begin_mode") == "deferred"
        conn.connection.dbapi_connection.execute("BEGIN" if deferred else "BEGIN IMMEDIATE")


def reader(engine: Engine):
    """A connection whose transactions are plain deferred BEGINs on SQLite (read-only work:
    it does not queue behind the single writer)."""
    return engine.connect().execution_options(begin_mode="deferred")
