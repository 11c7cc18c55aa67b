"""Fault injection for the reference central server: break the network on purpose.

A fault is armed with a probability (``rate``), optionally a number of times (``count``)
and a path prefix; the HTTP layer asks :meth:`FaultInjector.pick` at each stage of a
request. Faults that act *after* the request was processed (``drop_after``, ``garbage``,
``wrong_type``, ``oversized``, ``stall``) are the interesting ones: the server did the work
and the kiosk cannot know it — only idempotency keeps that from duplicating anything.
"""
from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

FAULTS = {
    "latency": "sleep `seconds` (default 0.5) before handling the request",
    "error": "answer `status` (default 503) without handling the request",
    "drop_before": "close the connection without handling or answering",
    "drop_after": "handle the request, then close the connection without answering",
    "garbage": "handle the request, then answer 200 with a body that is not JSON",
    "wrong_type": "handle the request, then answer 200 as text/html",
    "oversized": "handle the request, then answer with `bytes` (default 16 MiB) of JSON",
    "stall": "handle the request, send the headers and half the body, then hang `seconds` "
             "(default 30) before closing",
    "duplicate": "handle the request twice, as a retrying proxy would, answering the second",
}

BEFORE = ("latency", "error", "drop_before")
AFTER = ("drop_after", "garbage", "wrong_type", "oversized", "stall")


@dataclass
class Fault:
    name: str
    rate: float = 1.0
    count: int | None = None  # None: until cleared
    path: str = ""  # only requests whose path starts with this
    params: dict = field(default_factory=dict)
    fired: int = 0


class FaultInjector:
    def __init__(self, seed: int | None = None) -> None:
        self._faults: dict[str, Fault] = {}
        self._lock = threading.Lock()
        self._rng = random.Random(seed)

    def inject(self, name: str, *, rate: float = 1.0, count: int | None = None, path: str = "",
               **params) -> Fault:
        if name not in FAULTS:
            raise ValueError(f"unknown fault {name!r} (known: {', '.join(FAULTS)})")
        if not 0.0 <= rate <= 1.0:
            raise ValueError("rate must be within 0..1")
        fault = Fault(name, rate, count, path, params)
        with self._lock:
            self._faults[name] = fault
        return fault

    def clear(self, name: str | None = None) -> None:
        with self._lock:
            if name is None:
                self._faults.clear()
            else:
                self._faults.pop(name, None)

    def active(self) -> list[str]:
        with self._lock:
            return list(self._faults)

    def fired(self, name: str) -> int:
        with self._lock:
            f = self._faults.get(name)
            return f.fired if f else 0

    def pick(self, names: tuple[str, ...], path: str) -> Fault | None:
        """The first armed fault among ``names`` that fires for this request (and counts it)."""
        with self._lock:
            for name in names:
                f = self._faults.get(name)
                if f is None or not path.startswith(f.path):
                    continue
                if self._rng.random() >= f.rate:
                    continue
                f.fired += 1
                if f.count is not None:
                    f.count -= 1
                    if f.count <= 0:
                        del self._faults[name]
                return f
        return None

    def should(self, name: str, path: str) -> Fault | None:
        return self.pick((name,), path)


def parse_fault_spec(spec: str) -> tuple[str, dict]:
    """``"error:rate=0.2,status=500"`` → ("error", {"rate": 0.2, "status": 500})."""
    name, _, rest = spec.partition(":")
    params: dict = {}
    for part in filter(None, rest.split(",")):
        key, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"fault parameter {part!r} is not key=value")
        try:
            params[key.strip()] = int(value) if value.strip().lstrip("-").isdigit() else float(value)
        except ValueError:
            params[key.strip()] = value.strip()
    if name.strip() not in FAULTS:
        raise ValueError(f"unknown fault {name!r} (known: {', '.join(FAULTS)})")
    return name.strip(), params
