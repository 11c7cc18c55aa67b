"""Check a rendered screen against the accessibility rules; used by tests and screenshots.

- every tap target at least 48×48 px (elder mode: 60×60);
- elder mode: every text at least 30 px;
- text fits its widget (no clipped label, no button narrower than its text);
- no two tap targets overlap; the screen fits the display it was laid out for.
"""
from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QWidget

from kiosk.ui.theme import MIN_TAP_ELDER, MIN_TAP_NORMAL, MIN_TEXT_ELDER

_SLACK = 2  # px: rounding in layouts


def _shown(w: QWidget, root: QWidget) -> bool:
    return w.isVisibleTo(root) and w.width() > 0 and w.height() > 0


def _name(w: QWidget) -> str:
    text = w.text() if hasattr(w, "text") else ""
    return f"{type(w).__name__}({w.objectName() or '-'}, {text[:24]!r})"


def _global(w: QWidget) -> QRect:
    return QRect(w.mapToGlobal(w.rect().topLeft()), w.size())


def _visible(w: QWidget, root: QWidget) -> QRect:
    """The part of ``w`` one can see: clipped by every ancestor up to ``root`` (a tile that
    scrolled under the edge of a scroll area is not under the buttons below it)."""
    r = _global(w)
    p = w.parentWidget()
    while p is not None and r.isValid():
        r = r.intersected(_global(p))
        if p is root:
            break
        p = p.parentWidget()
    return r


def _font_px(w: QWidget) -> int:
    px = w.font().pixelSize()
    return px if px > 0 else QFontInfo(w.font()).pixelSize()


def _in(w: QWidget, ancestor: QWidget) -> bool:
    return ancestor is w or ancestor.isAncestorOf(w)


def audit(window: QWidget, *, elder: bool, size: tuple[int, int] | None = None) -> list[str]:
    problems: list[str] = []
    min_tap = MIN_TAP_ELDER if elder else MIN_TAP_NORMAL
    if size and (window.width() > size[0] or window.height() > size[1]):
        problems.append(f"screen needs {window.width()}x{window.height()}, more than "
                        f"{size[0]}x{size[1]}")
    overlays = [o for o in window.findChildren(QWidget, "Overlay") if _shown(o, window)]
    buttons = [b for b in window.findChildren(QAbstractButton) if _shown(b, window)]
    labels = [lab for lab in window.findChildren(QLabel) if _shown(lab, window) and lab.text()]
    for b in buttons:
        if b.width() < min_tap or b.height() < min_tap:
            problems.append(f"{_name(b)} is {b.width()}x{b.height()} px, below {min_tap}")
        if b.text() and b.sizeHint().width() > b.width() + _SLACK:
            problems.append(f"{_name(b)}: text needs {b.sizeHint().width()} px, has {b.width()}")
    for w in [*buttons, *labels]:
        if elder and (w.text() if hasattr(w, "text") else "") and _font_px(w) < MIN_TEXT_ELDER:
            problems.append(f"{_name(w)}: text {_font_px(w)} px, below {MIN_TEXT_ELDER}")
    for lab in labels:
        r = lab.contentsRect()
        if lab.wordWrap():
            need = lab.heightForWidth(lab.width())
            if need > lab.height() + _SLACK:
                problems.append(f"{_name(lab)}: text needs {need} px height, has {lab.height()}")
        else:
            fm = lab.fontMetrics()
            widest = max(fm.horizontalAdvance(line) for line in lab.text().split("\n"))
            if widest > r.width() + _SLACK:
                problems.append(f"{_name(lab)}: text needs {widest} px width, has {r.width()}")
    # a screen's content scrolls up and down, never sideways: wider than its viewport is cut off
    for area in window.findChildren(QScrollArea):
        inner = area.widget()
        if inner is None or not _shown(area, window):
            continue
        if inner.minimumSizeHint().width() > area.viewport().width() + _SLACK:
            problems.append(f"{_name(area)}: content needs {inner.minimumSizeHint().width()} px "
                            f"width, has {area.viewport().width()} (cut off at the side)")
    rects = [(b, _visible(b, window)) for b in buttons]
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a) or not ra.intersects(rb):
                continue
            if any(_in(a, o) != _in(b, o) for o in overlays):
                continue  # one of them is on an overlay above the other
            problems.append(f"{_name(a)} overlaps {_name(b)}")
    return problems
