"""The offline ticket numbers' high-water mark, kept outside the database.

An offline number (``K01-C023``) is handed to a citizen before the server knows it; if the
database that counted it is lost — a zero-length file after a bad copy, a restore of an
older backup, a salvage that could not read every page — the kiosk must still never hand
out the same number again that day. So every offline number is first appended to a small
log of its own (``<data_dir>/counters/offline-<day>.log``, fsynced) and only then committed
with its ticket and outbox entry; the next number is one above both the database's counter
and the log's highest. A number in the log but not in the database is a gap (nobody holds
it), never a duplicate.

Why a log on the kiosk and not the server's confirmation: offline numbers are needed
exactly when the server cannot be reached, and its confirmation of the last ones may never
have arrived. Why a log and not a rewritten file: an append is one write and one fsync
(the directory is fsynced once a day, when the file is made), and a power cut can only
tear the last line, which was never handed out (the number goes out after the fsync).
"""
from __future__ import annotations

import os
import re
import threading
from datetime import date, timedelta
from pathlib import Path

from kiosk.sync.storage import fsync_dir

_LINE = re.compile(r"^(\S+) (\d+)$")
KEEP_DAYS = 7


class OfflineCounterLog:
    def __init__(self, directory: Path) -> None:
        self.dir = Path(directory)
        self._lock = threading.Lock()
        self._cache: dict[str, dict[str, int]] = {}

    def _file(self, day: str) -> Path:
        return self.dir / f"offline-{day}.log"

    def _read(self, day: str) -> dict[str, int]:
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        high: dict[str, int] = {}
        try:
            text = self._file(day).read_bytes().decode("ascii", "replace")
        except FileNotFoundError:
            text = ""
        for line in text.splitlines():
            m = _LINE.match(line.strip())
            if m:  # (a torn last line does not match: that number was never handed out)
                high[m.group(1)] = max(high.get(m.group(1), 0), int(m.group(2)))
        self._cache = {day: high}  # one day at a time is all the kiosk asks for
        return high

    def high(self, day: str, category: str) -> int:
        """The highest number of ``category`` logged on ``day`` (0: none)."""
        with self._lock:
            return self._read(day).get(category, 0)

    def days(self) -> list[str]:
        return sorted(p.name[len("offline-"):-len(".log")] for p in self.dir.glob("offline-*.log"))

    def all_high(self, day: str) -> dict[str, int]:
        with self._lock:
            return dict(self._read(day))

    def record(self, day: str, category: str, seq: int) -> None:
        """Append ``seq`` durably; only then may the number be handed out. Raises OSError."""
        line = f"{category} {seq}\n".encode("ascii")
        with self._lock:
            high = self._read(day)
            path = self._file(day)
            new = not path.exists()
            if new:
                self.dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
            if new:
                fsync_dir(self.dir)
                fsync_dir(self.dir.parent)
                self._prune(day)
            high[category] = max(high.get(category, 0), seq)

    def _prune(self, today: str) -> None:
        try:
            cutoff = (date.fromisoformat(today) - timedelta(days=KEEP_DAYS)).isoformat()
        except ValueError:
            return
        for p in self.dir.glob("offline-*.log"):
            if p.name[len("offline-"):-len(".log")] < cutoff:
                p.unlink(missing_ok=True)

    def used(self) -> bool:
        """True once any offline number was logged (evidence that a database existed)."""
        return self.dir.is_dir() and any(self.dir.glob("offline-*.log"))
