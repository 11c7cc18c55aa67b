"""Persistent per-device counters: operations, failures, last error, last seen.

Stored as one small JSON file per device in the kiosk's data directory and replaced
atomically, so a power cut leaves either the old or the new file, never half of one.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass
class CounterValues:
    operations: int = 0
    failures: int = 0
    last_error: str = ""
    last_error_at: float | None = None
    last_seen: float | None = None
    by_operation: dict[str, int] = field(default_factory=dict)
    #: the last few failures, newest last: {"at", "operation", "error", "recovery"} (what a
    #: technician's diagnostics page shows; the error text is the driver's, no personal data)
    recent_errors: list[dict] = field(default_factory=list)


RECENT_ERRORS = 5


class Counters:
    """Thread-safe counters, flushed to ``path`` at most every ``flush_interval`` seconds."""

    def __init__(self, path: Path | None, flush_interval: float = 2.0) -> None:
        self.path = path
        self.flush_interval = flush_interval
        self._lock = threading.Lock()
        self._last_flush = 0.0
        self._dirty = False
        self.values = self._load()

    def _load(self) -> CounterValues:
        if self.path is None or not self.path.exists():
            return CounterValues()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            known = {k: data[k] for k in CounterValues.__dataclass_fields__ if k in data}
            return CounterValues(**known)
        except (OSError, ValueError, TypeError) as exc:
            log.warning("counters %s unreadable (%s); starting from zero", self.path, exc)
            return CounterValues()

    def record_success(self, operation: str) -> None:
        with self._lock:
            v = self.values
            v.operations += 1
            v.by_operation[operation] = v.by_operation.get(operation, 0) + 1
            v.last_seen = time.time()
            self._dirty = True
        self._maybe_flush()

    def record_failure(self, operation: str, error: str, recovery: str = "") -> None:
        with self._lock:
            v = self.values
            v.operations += 1
            v.failures += 1
            v.by_operation[operation] = v.by_operation.get(operation, 0) + 1
            v.last_error = f"{operation}: {error}"[:300]
            v.last_error_at = time.time()
            v.recent_errors = [*v.recent_errors, {
                "at": v.last_error_at, "operation": operation, "error": str(error)[:300],
                "recovery": str(recovery)}][-RECENT_ERRORS:]
            self._dirty = True
        self.flush()  # failures are rare and are what a technician looks for

    def mark_seen(self) -> None:
        with self._lock:
            self.values.last_seen = time.time()
            self._dirty = True
        self._maybe_flush()

    def snapshot(self) -> dict:
        with self._lock:
            return asdict(self.values)

    def _maybe_flush(self) -> None:
        if time.monotonic() - self._last_flush >= self.flush_interval:
            self.flush()

    def flush(self) -> None:
        if self.path is None:
            return
        with self._lock:
            if not self._dirty:
                return
            data = json.dumps(asdict(self.values), ensure_ascii=False, indent=1)
            self._dirty = False
            self._last_flush = time.monotonic()
        tmp = self.path.with_suffix(".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(data, encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("cannot save counters to %s: %s", self.path, exc)
