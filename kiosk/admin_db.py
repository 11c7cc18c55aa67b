"""The technician's small local database, ``<data_dir>/admin.sqlite``: the audit trail
(:mod:`kiosk.auditlog`) and the supply counters (:mod:`kiosk.supplies`).

Apart from the outbox on purpose: it is written by the running kiosk and by a technician's
``kiosk`` commands at the same time, holds no personal data, and must still take an audit
line when the outbox is poisoned by a storage error. WAL with ``synchronous=FULL``: a
technician's action that was confirmed on screen survives a power cut.
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

DB_NAME = "admin.sqlite"
BUSY_TIMEOUT_MS = 5000


class AdminDbError(Exception):
    """The admin database cannot be opened or written: one line naming the file."""


class AdminDb:
    """One connection shared by the threads of a process (writes are rare and short)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / DB_NAME
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                         check_same_thread=False, isolation_level=None)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
        except (OSError, sqlite3.Error) as exc:
            raise AdminDbError(f"cannot open {self.path}: {exc}") from None

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run one statement in its own transaction; the rows it returns."""
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise AdminDbError(f"{self.path}: {exc}") from None

    def script(self, sql: str) -> None:
        with self._lock:
            try:
                self._conn.executescript(sql)
            except sqlite3.Error as exc:
                raise AdminDbError(f"{self.path}: {exc}") from None

    def close(self) -> None:
        with self._lock:
            self._conn.close()
