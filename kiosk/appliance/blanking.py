"""The screen at night: dark outside the 24-hour zone's lit hours, woken by a touch.

``[appliance] screen_on = "06:00-23:00"``: outside these hours, after ``blank_after_s``
without a touch or a key (and with no citizen in a journey), the kiosk covers its window
with black and turns the backlight off; the next press, touch or key turns it back on. The
press that wakes the screen is swallowed: it must not land on whatever button lies under it.

What is used, and why: cage 0.1.4 (Debian bookworm) has no output power management for a
client to switch the display off (no wlr-output-power-management, so no ``wlopm``), and a
compositor's own DPMS idle would need the input to wake it to reach the compositor, not the
app. So the app draws black itself (an LCD showing black with its backlight off is dark) and
writes the backlight's sysfs ``brightness`` when the panel has one the kiosk may write (the
package's udev rule gives group video write access). Touch input keeps flowing to the app.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from kiosk.appliance.settings import in_span

log = logging.getLogger(__name__)

BACKLIGHT_DIR = Path("/sys/class/backlight")


class Backlight:
    """A sysfs backlight (``brightness``, ``max_brightness``): off, and back as it was."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._saved: str | None = None

    @classmethod
    def find(cls, setting: str, root: Path = BACKLIGHT_DIR) -> Backlight | None:
        """``"auto"``: the first device under ``root``; a path: that one; ``""``: none."""
        if not setting:
            return None
        if setting != "auto":
            return cls(Path(setting))
        try:
            devices = sorted(p for p in root.iterdir() if (p / "brightness").exists())
        except OSError:
            return None
        return cls(devices[0]) if devices else None

    def off(self) -> bool:
        try:
            self._saved = (self.path / "brightness").read_text().strip()
            (self.path / "brightness").write_text("0")
            return True
        except OSError as exc:
            log.info("backlight %s not switched off (%s): the screen is only black", self.path,
                     exc.strerror or exc)
            return False

    def restore(self) -> None:
        value = self._saved
        if value is None or value == "0":
            try:  # never wake to a dark panel: full brightness when nothing better is known
                value = (self.path / "max_brightness").read_text().strip()
            except OSError:
                return
        try:
            (self.path / "brightness").write_text(value)
        except OSError as exc:
            log.warning("backlight %s not restored: %s", self.path, exc.strerror or exc)


class NightScreen:
    """Watches input (an application event filter) and the clock; covers the window."""

    def __init__(self, window, flow, screen_on: str, blank_after_s: float, *,
                 backlight: Backlight | None = None,
                 clock: Callable[[], datetime] = datetime.now,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        from PySide6.QtCore import QObject

        self.window = window
        self.flow = flow
        self.screen_on = screen_on
        self.blank_after_s = blank_after_s
        self.backlight = backlight
        self.clock = clock
        self.monotonic = monotonic
        self.dark = False
        self.blanked = 0  # times the screen went dark (for the heartbeat, tests)
        self._last_input = monotonic()
        self._cover = None
        self._timer = None
        night = self

        class _Filter(QObject):
            def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
                return night._event(event)

        self._filter = _Filter()

    # ------------------------------------------------------------------ decisions
    def lit_hours(self) -> bool:
        return not self.screen_on or in_span(self.screen_on, self.clock().time())

    def should_blank(self) -> bool:
        return (not self.dark and not self.lit_hours()
                and self.monotonic() - self._last_input >= self.blank_after_s
                and not self.flow.session_active)

    def check(self) -> None:
        """Go dark when it is time (the timer calls this every few seconds)."""
        if self.should_blank():
            self.blank()

    # ------------------------------------------------------------------ actions
    def blank(self) -> None:
        from PySide6.QtWidgets import QWidget

        if self._cover is None:
            self._cover = QWidget(self.window)
            self._cover.setObjectName("night_cover")
            self._cover.setStyleSheet("background: black;")
            self._cover.setAutoFillBackground(True)
        self._cover.setGeometry(self.window.rect())
        self._cover.raise_()
        self._cover.show()
        self.dark = True
        self.blanked += 1
        if self.backlight is not None:
            self.backlight.off()
        log.info("night: screen dark until the next touch")

    def wake(self) -> None:
        if self._cover is not None:
            self._cover.hide()
        if self.backlight is not None:
            self.backlight.restore()
        self.dark = False
        self._last_input = self.monotonic()
        self.flow.note_activity()
        log.info("night: screen woken by a touch")

    def _event(self, event) -> bool:
        from PySide6.QtCore import QEvent

        t = event.type()
        if t in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress):
            self._last_input = self.monotonic()
            if self.dark:
                self.wake()
                return True  # the waking press does not press what lies under it
        elif self.dark and t in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd,
                                 QEvent.Type.TouchUpdate, QEvent.Type.KeyRelease,
                                 QEvent.Type.MouseButtonDblClick):
            return True
        return False

    def start(self, interval_s: float = 5.0) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        QApplication.instance().installEventFilter(self._filter)
        self._timer = QTimer(self.window)
        self._timer.timeout.connect(self.check)
        self._timer.start(int(interval_s * 1000))

    def stop(self) -> None:
        from PySide6.QtWidgets import QApplication

        if self._timer is not None:
            self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._filter)
        if self.dark:
            self.wake()
