"""Opt-in geometry dump of the live window, for tests that drive it with real input events.

Set ``KIOSK_DEBUG_WIDGETS=/path/file.jsonl`` and the window appends one JSON line after every
render (once the layout has settled) and after every resize or move: the shell's state, the
window's global geometry, the screen's, and every visible button's object name, text and
global rectangle — the part a citizen can see (clipped by the widgets around it) as well as
the whole. A test running ``kiosk run`` under Xvfb reads it to click buttons by name with
xdotool instead of guessing coordinates, and to check that nothing sticks out of the screen.
Without the variable :func:`install_geometry_dump` does nothing: a citizen's kiosk never
writes it.

The window calls ``install_geometry_dump(self)`` once, at the end of its constructor.
``python -m kiosk.ui.debug_geometry run --mock --windowed`` runs the real ``kiosk`` command
line with that call added from outside, for a window that does not make it yet.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QTimer
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QWidget

log = logging.getLogger(__name__)

ENV = "KIOSK_DEBUG_WIDGETS"
#: a render, then the layout requests it posts and the window resize they may cause: wait for
#: that many quiet milliseconds before writing, so a line shows what a citizen would see
SETTLE_MS = 40
_ATTR = "_kiosk_geometry_dump"
_WINDOW_CHANGES = (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show)
_SCROLLS = (QEvent.Type.Wheel, QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd)


def _rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def _global_rect(w: QWidget) -> QRect:
    return QRect(w.mapToGlobal(QPoint(0, 0)), w.size())


def _seen_rect(w: QWidget, top: QWidget) -> tuple[QRect, QRect | None]:
    """The part of ``w`` its ancestors up to ``top`` leave visible (global coordinates), and
    the viewport of the scroll area that cuts it, if one does (scrolled content, which the
    citizen can reach, unlike a button cut by a window too small for it)."""
    seen = _global_rect(w)
    viewport = None
    parent = w.parentWidget()
    while parent is not None:
        clip = _global_rect(parent)
        cut = seen.intersected(clip)
        if cut != seen and viewport is None and isinstance(parent.parentWidget(),
                                                           QAbstractScrollArea):
            viewport = clip
        seen = cut
        if parent is top:
            break
        parent = parent.parentWidget()
    return seen, viewport


def snapshot(window: QWidget) -> dict:
    """The window as a test needs it: state, geometry, visible buttons."""
    st = getattr(getattr(window, "flow", None), "state", None)
    screen = QWidget.screen(window)  # the window class may have a screen() of its own
    buttons = []
    for b in window.findChildren(QAbstractButton):
        if not b.isVisible() or not b.objectName():
            continue
        seen, viewport = _seen_rect(b, window)
        on_top = QApplication.widgetAt(seen.center()) if not seen.isEmpty() else None
        covered = on_top is not None and on_top is not b and not b.isAncestorOf(on_top)
        buttons.append({
            "name": b.objectName(),
            "text": b.text(),
            "enabled": b.isEnabled(),
            "rect": _rect(_global_rect(b)),
            "visible_rect": _rect(seen) if not seen.isEmpty() else None,
            # set when a scroll area's viewport cuts the button: where to scroll it into view
            "scroll_viewport": None if viewport is None else _rect(viewport),
            # what a tap on the middle of its visible part would hit instead (an overlay)
            "covered_by": (on_top.objectName() or type(on_top).__name__) if covered else None,
        })
    return {
        "pid": os.getpid(),
        "state": None if st is None else {
            "screen": str(st.screen), "lang": st.lang, "elder": st.elder,
            "version": st.version, "countdown": st.countdown},
        "window": {"geometry": _rect(window.geometry()),
                   "frame": _rect(window.frameGeometry()),
                   "minimum": [window.minimumSizeHint().width(),
                               window.minimumSizeHint().height()]},
        "screen": None if screen is None else {
            "geometry": _rect(screen.geometry()),
            "available": _rect(screen.availableGeometry())},
        "buttons": buttons,
    }


class GeometryDump(QObject):
    """Appends a :func:`snapshot` line to ``path`` once the window is quiet after a change."""

    def __init__(self, window: QWidget, path: Path) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        self.seq = 0
        # clicks the application has received: a test waits for its click to be counted,
        # then for the line after it, instead of guessing when the click was handled
        self.clicks = 0
        self._last_release = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SETTLE_MS)
        self.timer.timeout.connect(self.write)
        rendered = getattr(window, "rendered", None)
        if rendered is not None:
            rendered.connect(self.schedule)
        window.installEventFilter(self)
        # scrolling moves buttons without a render: a wheel turn or a drag ends in a line too
        QApplication.instance().installEventFilter(self)
        self.schedule()

    def schedule(self, *_) -> None:
        self.timer.start()  # restarts: renders in a burst give one line

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        t = event.type()
        if t == QEvent.Type.MouseButtonRelease:
            # one release reaches the filter once per widget it propagates through: count
            # it once, by its timestamp
            stamp = event.timestamp()
            if stamp != self._last_release:
                self._last_release = stamp
                self.clicks += 1
        if t in _SCROLLS or (obj is self.window and t in _WINDOW_CHANGES):
            self.schedule()
        return False

    def write(self) -> None:
        self.seq += 1
        try:
            doc = {"seq": self.seq, "clicks": self.clicks, **snapshot(self.window)}
        except Exception:  # noqa: BLE001 - a debug aid must never take the kiosk down
            log.exception("%s: no geometry snapshot", ENV)
            return
        try:
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(doc, ensure_ascii=False) + "\n")
        except OSError as exc:  # a debug aid must never take the kiosk down
            log.warning("%s: cannot write %s: %s", ENV, self.path, exc)


def install_geometry_dump(window: QWidget) -> GeometryDump | None:
    """Start dumping ``window``'s geometry when ``KIOSK_DEBUG_WIDGETS`` names a file; else
    nothing. Calling it twice for one window keeps the first."""
    path = os.environ.get(ENV)
    if not path:
        return None
    existing = getattr(window, _ATTR, None)
    if existing is not None:
        return existing
    dump = GeometryDump(window, Path(path))
    setattr(window, _ATTR, dump)
    log.warning("%s set: writing the window's geometry to %s (debugging only)", ENV, path)
    return dump


def _patch_window() -> None:
    """Make every KioskWindow call :func:`install_geometry_dump` after its constructor (for a
    window.py that does not call it itself yet; harmless when it does)."""
    from kiosk.ui import window as window_module

    cls = window_module.KioskWindow
    original = cls.__init__
    if getattr(original, "_geometry_patched", False):
        return

    def __init__(self, *args, **kwargs):  # noqa: N807 - wraps the constructor
        original(self, *args, **kwargs)
        install_geometry_dump(self)

    __init__._geometry_patched = True
    cls.__init__ = __init__


def main(argv: list[str] | None = None) -> int:
    """``python -m kiosk.ui.debug_geometry ARGS``: ``kiosk ARGS`` with the dump installed."""
    _patch_window()
    from kiosk.cli import main as kiosk_main

    return kiosk_main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
