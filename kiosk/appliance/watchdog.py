"""The systemd watchdog (kiosk-session.service: ``Type=notify``, ``WatchdogSec``).

READY=1 goes when the home screen's first frame is drawn; WATCHDOG=1 pings go from a timer
on the Qt thread, and only while every device worker's loop has turned within
``worker_stale_s``. So a frozen UI (the timer cannot fire) and a worker stuck in a driver
call (its beat stops) both stop the pings, and systemd kills and restarts the kiosk.

The messages go through sdnotify (the notify protocol is systemd's, not ours). The app runs
as a child of cage, not as the unit's main process: the unit says ``NotifyAccess=all``, and
``WATCHDOG_PID`` (cage's pid) is not compared with ours.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable

log = logging.getLogger(__name__)

#: ping interval when systemd gives no WATCHDOG_USEC (pings then go nowhere, harmlessly)
DEFAULT_INTERVAL_S = 10.0


class Notifier:
    """READY/WATCHDOG/STATUS/STOPPING to systemd; does nothing without ``NOTIFY_SOCKET``."""

    def __init__(self) -> None:
        env = os.environ
        self.socket = env.get("NOTIFY_SOCKET", "")
        usec = env.get("WATCHDOG_USEC", "")
        self.watchdog_s = int(usec) / 1e6 if usec.isdigit() and int(usec) > 0 else None
        self._sd = None
        if self.socket:
            import sdnotify

            # sdnotify connects to $NOTIFY_SOCKET (abstract "@…" addresses too) and, like
            # sd_notify(3), never raises: a systemd that went away must not stop the kiosk
            self._sd = sdnotify.SystemdNotifier()
        self.sent = 0  # watchdog pings sent by this process

    @property
    def enabled(self) -> bool:
        return self._sd is not None

    def ping_interval(self) -> float:
        """Half the watchdog timeout (systemd's advice), or DEFAULT_INTERVAL_S."""
        return self.watchdog_s / 2 if self.watchdog_s else DEFAULT_INTERVAL_S

    def _send(self, message: str) -> None:
        if self._sd is not None:
            self._sd.notify(message)

    def ready(self, status: str = "") -> None:
        self._send("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def ping(self) -> None:
        self.sent += 1
        self._send("WATCHDOG=1")

    def status(self, text: str) -> None:
        self._send(f"STATUS={text}")

    def stopping(self) -> None:
        self._send("STOPPING=1")


def device_beats(manager) -> Callable[[], Iterable[tuple[str, float]]]:
    """(device name, its worker's last loop turn) for every device of a DeviceManager."""
    def beats():
        return [(name, h.worker.beat) for name, h in list(manager.handles.items())]
    return beats


class Liveness:
    """The check behind every ping, run by a QTimer on the Qt thread (its firing at all is
    the proof the event loop turns): pings while every worker's beat is recent."""

    def __init__(self, notifier: Notifier, beats: Callable[[], Iterable[tuple[str, float]]], *,
                 stale_s: float = 300.0, interval_s: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.notifier = notifier
        self.beats = beats
        self.stale_s = stale_s
        self.interval_s = interval_s or notifier.ping_interval()
        self.clock = clock
        self.stale: list[str] = []  # the hung workers at the last check
        self.withheld = 0  # checks in a row that sent no ping
        self.checks = 0
        self._timer = None

    def check(self) -> list[str]:
        """The devices whose worker has not turned its loop within ``stale_s``."""
        now = self.clock()
        return [f"{name} ({now - beat:.0f} s)" for name, beat in self.beats()
                if now - beat > self.stale_s]

    def tick(self) -> None:
        self.checks += 1
        stale = self.check()
        if stale:
            if stale != self.stale or self.withheld == 0:
                log.error("watchdog pings withheld: device worker hung: %s", ", ".join(stale))
            self.withheld += 1
        else:
            if self.withheld:
                log.warning("watchdog pings resumed after %d withheld", self.withheld)
            self.withheld = 0
            self.notifier.ping()
        self.stale = stale

    def start(self, parent=None) -> None:
        from PySide6.QtCore import QTimer

        if self._timer is None:
            self._timer = QTimer(parent)
            self._timer.timeout.connect(self.tick)
        self._timer.start(max(1, int(self.interval_s * 1000)))
        self.tick()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
