"""Whether the central server answers, as the last exchange with it found out.

After a failed exchange the kiosk stays offline for ``hold_s`` (no citizen waits out a
timeout again: tickets come from the kiosk's own range at once) unless an exchange — the
relay's, or the probe's — reaches the server first.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

OFFLINE_HOLD_S = 30.0


class OnlineState:
    def __init__(self, hold_s: float = OFFLINE_HOLD_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.hold_s = hold_s
        self.clock = clock
        self._up: bool | None = None  # None: not asked yet
        self.ever_up = False  # the server answered at least once (in this process)
        self._offline_until = 0.0
        self._lock = threading.Lock()
        #: called (on the thread whose exchange found it) when the server answers again:
        #: whichever exchange finds it first — a ticket, a lookup, the probe — the outbox's
        #: relay must stop backing off then, not at the end of its backoff (up to minutes)
        self.on_up: list[Callable[[], None]] = []

    def set(self, up: bool) -> None:
        """An exchange reached the server (``True``) or did not (``False``)."""
        with self._lock:
            changed, was = up != self._up, self._up
            self._up = up
            self.ever_up = self.ever_up or up
            self._offline_until = 0.0 if up else self.clock() + self.hold_s
        if changed and not up:
            log.warning("central unreachable: OFFLINE mode (offline tickets, outbox holds work)")
        elif changed:
            log.log(logging.INFO if was is None else logging.WARNING, "central reachable: online")
            for fn in self.on_up:
                fn()

    def online(self) -> bool:
        """The server answered the last exchange (and the offline hold is over)."""
        with self._lock:
            return bool(self._up) and self.clock() >= self._offline_until

    def should_try(self) -> bool:
        """Worth asking the server now: not known down, or the offline hold is over."""
        with self._lock:
            return self._up is not False or self.clock() >= self._offline_until

    @property
    def known_up(self) -> bool:
        return self._up is True

    @property
    def known_down(self) -> bool:
        return self._up is False
