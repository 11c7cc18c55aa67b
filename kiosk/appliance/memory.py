"""Memory given back to the system when a citizen's session ends (issue 18).

A portrait or document journey handles camera frames and photos of several megabytes on
device and pool threads; freed, glibc keeps those pages in its per-thread arenas, and the
next session's peak lands somewhere else in them. Over a soak day the kiosk's RSS rose in
steps of 30–120 MB (about 1.3 MB per ID-photo journey) although Python's own memory stayed
flat, and ``malloc_trim(0)`` took it back to where it started. So each time a session ends
(the flow's :attr:`session_active` turning false), one ``malloc_trim`` runs on the kiosk's
I/O pool: about 5 ms there, none on the Qt thread. Without glibc (musl), nothing is done.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
from concurrent.futures import Executor
from functools import cache

log = logging.getLogger(__name__)


@cache
def _malloc_trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim  # glibc only
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def give_back() -> bool:
    """Return the allocator's free pages to the system; False where that is not possible
    (or there was nothing to return)."""
    trim = _malloc_trim()
    return bool(trim is not None and trim(0))


class SessionTrim:
    """``give_back`` on ``pool`` after each session (Qt-free: a flow listener)."""

    def __init__(self, flow, pool: Executor) -> None:
        self.flow = flow
        self.pool = pool
        self.sessions = 0  # sessions ended since start (each one trim)
        self._active = flow.session_active
        flow.subscribe(self._changed)

    def _changed(self, _state) -> None:
        active = self.flow.session_active
        if self._active and not active:
            self.sessions += 1
            try:
                self.pool.submit(give_back)
            except RuntimeError:  # the pool is shut down: the kiosk is closing
                pass
        self._active = active
