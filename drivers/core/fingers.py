"""Fictitious fingers for the fingerprint simulators: no real biometric data anywhere.

A finger is a name (``"1"`` … ``"10"``, or any word); its template in a module's format is
derived from the name alone, so a test, the simulated pad and the reference identity service
agree on it without sharing a file::

    template(finger, fmt) = fmt's 4-byte tag + SHAKE-256("fictitious-finger/" + fmt + "/" +
                            finger) cut to the format's size minus 4

The bytes are noise with a tag, not minutiae: the simulators "match" by equality. ``Pad`` is
the state of the sensor's window (which finger lies on it, and how well it images: good,
wet, dry or partial), shared by both simulators.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

#: format → template size in bytes (as in drivers.kinds.fingerprint)
SIZES = {"zfm": 512, "gt521f": 498, "ministry": 512}
TAGS = {"zfm": b"FZFM", "gt521f": b"FGT5", "ministry": b"FMIN"}
CONDITIONS = ("good", "wet", "dry", "partial")


def template(finger: str | int, fmt: str = "zfm") -> bytes:
    """The fictitious template of ``finger`` in format ``fmt`` (see the module docstring)."""
    if fmt not in SIZES:
        raise ValueError(f"no fictitious templates in format {fmt!r} (known: {', '.join(SIZES)})")
    body = hashlib.shake_256(f"fictitious-finger/{fmt}/{finger}".encode()).digest(SIZES[fmt] - 4)
    return TAGS[fmt] + body


def finger_of(data: bytes | bytearray, fmt: str, fingers: int = 10) -> str | None:
    """Which of fingers 1…``fingers`` a template belongs to (simulators only)."""
    for n in range(1, fingers + 1):
        if bytes(data) == template(n, fmt):
            return str(n)
    return None


def score(finger: str, attempt: int) -> int:
    """A plausible match score (60…199) that varies from one placement to the next."""
    digest = hashlib.sha256(f"score/{finger}/{attempt}".encode()).digest()
    return 60 + digest[0] % 140


@dataclass(frozen=True)
class Placement:
    finger: str
    condition: str = "good"
    number: int = 0  # counts placements: a new one is a new impression


class Pad:
    """The sensor window: which finger lies on it now (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._placement: Placement | None = None
        self._count = 0

    def place(self, finger: str | int = 1, condition: str = "good") -> Placement:
        if condition not in CONDITIONS:
            raise ValueError(f"unknown finger condition {condition!r} "
                             f"(known: {', '.join(CONDITIONS)})")
        with self._lock:
            self._count += 1
            self._placement = Placement(str(finger), condition, self._count)
            return self._placement

    def lift(self) -> None:
        with self._lock:
            self._placement = None

    @property
    def placement(self) -> Placement | None:
        with self._lock:
            return self._placement
