"""``kiosk outbox salvage``: copy what a damaged outbox database still holds into a new one.

The damaged file stays where the kiosk kept it aside (``sync/damaged/<time>/``, never
deleted); a copy of it is opened (so its WAL is read too) and every table of the kiosk's
schema — and any other table both schemas have — is read by rowid ranges, halving a range
that fails until the unreadable part is small, so that one bad page costs only its own rows.
The rows go into a new database, keeping their ids (a sealed payload's id is part of what
it is sealed with, so the key still opens them), which takes the damaged one's place only
once it is whole and checked. The report says what was recovered, which id ranges could not
be read, and which offline numbers the counter log says were handed out but whose records
are gone (the server's list has them once reconciled; the log keeps them from being reused).
"""
from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.sync import schema
from kiosk.sync.counters import OfflineCounterLog
from kiosk.sync.opening import Paths, used_before
from kiosk.sync.storage import fsync_dir, inspect_db_file, keep_aside, unsalvaged

log = logging.getLogger(__name__)

#: a failing range this small is given up as lost instead of halved further
MIN_RANGE = 32
#: the highest rowid tried when a table's own MAX(rowid) cannot be read
UNKNOWN_TOP = 1 << 20


class SalvageError(Exception):
    pass


@dataclass
class TableReport:
    name: str
    recovered: int = 0
    lost: list[tuple[int, int]] = field(default_factory=list)  # rowid ranges not readable
    error: str = ""  # the whole table could not be read

    def merge(self) -> None:
        merged: list[tuple[int, int]] = []
        for a, b in sorted(self.lost):
            if merged and a <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        self.lost = merged

    def lost_text(self) -> str:
        return ", ".join(f"{a}" if a == b else f"{a}-{b}" if b < UNKNOWN_TOP else f"{a} and up"
                         for a, b in self.lost)


@dataclass
class SalvageReport:
    source: Path | None
    tables: list[TableReport] = field(default_factory=list)
    readable: bool = True  # the damaged file opened at all
    pending: int = 0
    parked: int = 0
    offline_missing: list[str] = field(default_factory=list)
    note: str = ""

    def lines(self) -> list[str]:
        out = [f"salvaged from {self.source}" if self.source else self.note]
        if self.source is not None and not self.readable:
            out.append("nothing could be read (not an SQLite database any more)")
        for t in self.tables:
            if t.error:
                out.append(f"  {t.name}: not readable ({t.error})")
            elif t.recovered or t.lost:
                lost = f"; ids not readable: {t.lost_text()}" if t.lost else ""
                out.append(f"  {t.name}: {t.recovered} rows recovered{lost}")
        out.append(f"outbox: {self.pending} pending and {self.parked} parked entries will be "
                   "sent (the server recognises any it already has by their keys)")
        if self.offline_missing:
            out.append("offline tickets handed out whose records were not recovered (never "
                       f"reused; check the server's list): {', '.join(self.offline_missing)}")
        return out


def _rows(conn: sqlite3.Connection, table: str, cols: list[str], rep: TableReport):
    quoted = ", ".join(f'"{c}"' for c in cols)
    try:
        top = conn.execute(f'SELECT MAX(rowid) FROM "{table}"').fetchone()[0] or 0
    except sqlite3.DatabaseError:
        top = UNKNOWN_TOP
    stack = [(0, top)]
    while stack:
        lo, hi = stack.pop()
        try:
            rows = conn.execute(f'SELECT rowid, {quoted} FROM "{table}" WHERE rowid BETWEEN ? '
                                "AND ? ORDER BY rowid", (lo, hi)).fetchall()
        except sqlite3.DatabaseError:
            if hi - lo < MIN_RANGE:
                rep.lost.append((max(lo, 1), hi))
                continue
            mid = (lo + hi) // 2
            stack += [(mid + 1, hi), (lo, mid)]  # (lower half first: ids stay in order)
            continue
        yield from rows


def _open_copy(src_dir: Path, tmp: Path) -> sqlite3.Connection | None:
    db = src_dir / "kiosk.db"
    if not db.exists() or inspect_db_file(db) in ("is empty (0 bytes)",) or \
            (inspect_db_file(db) or "").startswith("is not an SQLite"):
        return None
    for suffix in ("", "-wal"):
        p = src_dir / f"kiosk.db{suffix}"
        if p.exists():
            shutil.copyfile(p, tmp / p.name)
    copy = tmp / "kiosk.db"
    head = copy.read_bytes()[:100]
    page = int.from_bytes(head[16:18], "big") or 65536
    pages = copy.stat().st_size // page
    if int.from_bytes(head[28:32], "big") > pages:
        # truncated: SQLite refuses a file shorter than its header says, so the copy's
        # header is told the truth; the pages that are gone then fail one range at a time
        with open(copy, "r+b") as f:
            f.seek(28)
            f.write(pages.to_bytes(4, "big"))
    try:
        conn = sqlite3.connect(tmp / "kiosk.db")
        conn.execute("SELECT name FROM sqlite_master").fetchall()
        return conn
    except sqlite3.DatabaseError as exc:
        log.warning("salvage: the damaged database does not open: %s", exc)
        return None


def salvage(paths: Paths) -> SalvageReport:
    """Build a new outbox database from the newest damaged one kept aside (or a new, empty
    one when the database was lost and nothing is left to read). Raises SalvageError."""
    db = paths.db
    if db.exists():
        problem = inspect_db_file(db)
        if problem is None:
            try:
                with sqlite3.connect(db) as c:
                    ok = c.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            except sqlite3.DatabaseError:
                ok = False
            if ok:
                raise SalvageError(f"{db} is whole (quick_check ok): nothing to salvage")
            problem = "fails SQLite's check"
        keep_aside(db, problem)
    waiting = unsalvaged(paths.sync_dir)
    if not waiting and not used_before(paths):
        raise SalvageError("no damaged database is kept aside and this kiosk has none to lose: "
                           "nothing to salvage")
    source = waiting[-1] if waiting else None
    report = SalvageReport(source, note="" if source else
                           "no damaged database was kept aside: a new, empty one is made")
    new = paths.sync_dir / f"kiosk.db.salvage-{os.getpid()}"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{new}{suffix}").unlink(missing_ok=True)
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{new}")
    schema.metadata.create_all(engine)
    engine.dispose()
    out = sqlite3.connect(new, isolation_level=None)
    out.execute("PRAGMA journal_mode=DELETE")
    out.execute("PRAGMA synchronous=FULL")
    with tempfile.TemporaryDirectory(prefix="kiosk-salvage-") as tmp:
        src = _open_copy(source, Path(tmp)) if source is not None else None
        report.readable = src is not None or source is None
        if src is not None:
            _copy(src, out, report)
            src.close()
    _offline_check(paths, out, report)
    out.execute("PRAGMA integrity_check")
    rows = out.execute("PRAGMA integrity_check").fetchall()
    out.close()
    if rows != [("ok",)]:
        raise SalvageError(f"the new database fails its check: {rows[:3]}")
    fd = os.open(new, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    if db.exists():
        raise SalvageError(f"{db} appeared meanwhile (is the kiosk running?): the salvaged "
                           f"copy stays in {new}")
    os.replace(new, db)
    fsync_dir(paths.sync_dir)
    if source is not None:
        (source / "SALVAGED.txt").write_text(
            f"{time.strftime('%Y-%m-%d %H:%M:%S %z')}\n" + "\n".join(report.lines()) + "\n",
            encoding="utf-8")
        fsync_dir(source)
    log.warning("outbox salvaged: %s", "; ".join(report.lines()))
    return report


def _copy(src: sqlite3.Connection, out: sqlite3.Connection, report: SalvageReport) -> None:
    try:
        names = [r[0] for r in src.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    except sqlite3.DatabaseError:
        names = list(schema.metadata.tables)
    # the outbox last: its trigger wants ids above every existing one, which holds in order
    ordered = [n for n in schema.metadata.tables if n in names and n != "outbox"]
    ordered += [n for n in names if n not in schema.metadata.tables]
    if "outbox" in names:
        ordered.append("outbox")
    for name in ordered:
        rep = TableReport(name)
        report.tables.append(rep)
        try:
            have = [r[1] for r in src.execute(f'PRAGMA table_info("{name}")')]
            want = [r[1] for r in out.execute(f'PRAGMA table_info("{name}")')]
        except sqlite3.DatabaseError as exc:
            rep.error = str(exc)
            continue
        if not want:  # a table the new schema does not know: copied as it was
            try:
                sql = src.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                                  (name,)).fetchone()[0]
                out.execute(sql)
                want = have
            except (sqlite3.DatabaseError, TypeError) as exc:
                rep.error = str(exc)
                continue
        cols = [c for c in want if c in have]
        if not cols:
            continue
        info = out.execute(f'PRAGMA table_info("{name}")').fetchall()
        pks = [r for r in info if r[5]]
        # an INTEGER PRIMARY KEY is the rowid itself: its value comes with the columns
        alias = len(pks) == 1 and str(pks[0][2]).upper() == "INTEGER" and pks[0][1] in cols
        target = quoted_cols = ", ".join(f'"{c}"' for c in cols)
        if not alias:
            target = f"rowid, {quoted_cols}"
        marks = ", ".join("?" * (len(cols) + (0 if alias else 1)))
        out.execute("BEGIN")
        try:
            for row in _rows(src, name, cols, rep):
                try:
                    out.execute(f'INSERT INTO "{name}" ({target}) VALUES ({marks})',
                                row[1:] if alias else row)
                    rep.recovered += 1
                except sqlite3.IntegrityError:
                    rep.lost.append((row[0], row[0]))
            out.execute("COMMIT")
            rep.merge()
        except sqlite3.DatabaseError as exc:
            out.execute("ROLLBACK")
            rep.error = str(exc)
    try:
        for status, n in out.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status"):
            if status == "pending":
                report.pending = n
            elif status == "parked":
                report.parked = n
        # no lease survives a salvage: whoever held one is gone
        out.execute("UPDATE outbox SET lease_until = 0, lease_owner = '' "
                    "WHERE lease_owner IS NOT NULL")
    except sqlite3.DatabaseError:
        pass


def _offline_check(paths: Paths, out: sqlite3.Connection, report: SalvageReport) -> None:
    """Offline numbers the counter log has and the salvaged tickets do not."""
    log_ = OfflineCounterLog(paths.counters)
    for day in log_.days():
        for category, high in log_.all_high(day).items():
            have = {r[0] for r in out.execute(
                "SELECT number FROM tickets WHERE day = ? AND category = ? AND offline = 1",
                (day, category))}
            seqs = {int(n.rsplit("-", 1)[-1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or 0)
                    for n in have}
            missing = [s for s in range(1, high + 1) if s not in seqs]
            if missing:
                report.offline_missing.append(
                    f"{day} {category} #{_ranges(missing)}")


def _ranges(nums: list[int]) -> str:
    out, start, prev = [], nums[0], nums[0]
    for n in nums[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)
