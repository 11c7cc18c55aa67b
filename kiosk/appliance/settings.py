"""``[appliance]``: the 24-hour appliance's settings (kiosk.config validates them with the
rest: one line per problem)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import time as dtime


def parse_span(spec: str) -> tuple[dtime, dtime]:
    """``"06:00-23:00"`` → (06:00, 23:00); a span may not cross midnight."""
    try:
        start, end = (dtime.fromisoformat(p.strip()) for p in str(spec).split("-"))
    except ValueError:
        raise ValueError(f"expected HH:MM-HH:MM, got {spec!r}") from None
    if end <= start:
        raise ValueError(f"ends before it starts (a span may not cross midnight): {spec!r}")
    return start, end


def in_span(spec: str, now: dtime) -> bool:
    start, end = parse_span(spec)
    return start <= now < end


@dataclass
class ApplianceSection:
    #: the 24-hour zone's lit hours; outside them the screen goes dark after ``blank_after_s``
    #: without a touch and wakes at the next touch or key. "" = never dark (the default; the
    #: package's /etc/kiosk/kiosk.toml sets the hall's hours).
    screen_on: str = ""
    blank_after_s: int = 120
    #: the screen's backlight: "auto" (the first /sys/class/backlight device, when there is
    #: one the kiosk may write), a sysfs directory, or "" (only the black screen)
    backlight: str = "auto"
    #: the nightly maintenance window (HH:MM-HH:MM, local time); "" = none. It starts when no
    #: citizen is in a journey, once a night. Off by default (a demo or a developer's run is
    #: not restarted at night); the package's /etc/kiosk/kiosk.toml sets one.
    maintenance: str = ""
    #: log files and temporary files older than this are removed at maintenance
    keep_logs_days: int = 14
    #: a clock further than this from the central server's is reported (and logged)
    clock_max_skew_s: float = 5.0
    #: a device worker whose loop has not turned for this long counts as hung: the watchdog
    #: pings stop and systemd restarts the kiosk. Above the longest job a worker may run
    #: legitimately (an A4 document's print_timeout is 120 s: a long print is not a hang).
    worker_stale_s: float = 300.0

    def problems(self):
        """(key, problem) for each invalid value."""
        for key in ("screen_on", "maintenance"):
            value = getattr(self, key)
            if value:
                try:
                    parse_span(value)
                except ValueError as exc:
                    yield key, str(exc)
        for key in ("blank_after_s", "keep_logs_days"):
            if getattr(self, key) < 1:
                yield key, f"must be at least 1, got {getattr(self, key)!r}"
        for key in ("clock_max_skew_s", "worker_stale_s"):
            value = getattr(self, key)
            if not (0 < value < float("inf")):
                yield key, f"must be a positive number of seconds, got {value!r}"
