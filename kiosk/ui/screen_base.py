"""What every screen widget shares: title, body, action bar, theme, wipe — and helpers.

A screen renders the shell's state and forwards taps; it decides nothing. Shell screens
(home, error, out of service) live in :mod:`kiosk.ui.shell_screens`; steps many journeys
share in :mod:`kiosk.ui.steps`; each journey's own in ``kiosk/journeys/<name>/screens.py``.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.flows.flow import KioskFlow
from kiosk.flows.state import KioskState
from kiosk.ui.i18n import tr
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import ActionBar, label


class ScreenBase(QWidget):
    #: shows personal data (name, mobile, number): emptied when the session ends
    personal = False
    painted = Signal()
    _narrow = False
    _turning: tuple = ()

    @property
    def narrow(self) -> bool:
        """The window is narrow (a portrait kiosk): fewer columns (set by the window)."""
        return self._narrow

    @narrow.setter
    def narrow(self, value: bool) -> None:
        self._narrow = bool(value)
        for row in self._turning:
            row.setDirection(QBoxLayout.Direction.TopToBottom if self._narrow
                             else QBoxLayout.Direction.LeftToRight)
        keypad = getattr(self, "keypad", None)
        if keypad is not None and hasattr(keypad, "set_stacked"):
            keypad.set_stacked(self._narrow)

    def turning(self, row: QBoxLayout) -> QBoxLayout:
        """``row`` side by side on a landscape screen, one above the other on a portrait one
        (a screen's content scrolls up and down, never sideways: kiosk.ui.audit)."""
        self._turning = (*self._turning, row)
        self.narrow = self._narrow
        return row

    def __init__(self, flow: KioskFlow, key: str) -> None:
        super().__init__()
        self.flow = flow
        self.key = key  # "home", "error" or "<journey>.<step>"
        self.journey_name = key.partition(".")[0] if "." in key else None
        self.setObjectName(f"screen_{key.replace('.', '_')}")
        self.setProperty("screen", True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.outer = QVBoxLayout(self)
        self.outer.setSpacing(20)
        self.title = label("title", name="title")
        self.step = label("step", wrap=False, name="step_indicator",
                          align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.step.hide()
        self.head = QHBoxLayout()
        self.head.addWidget(self.title, 1)
        self.head.addWidget(self.step)
        self.outer.addLayout(self.head)
        # the body scrolls when it does not fit (elder mode, English, a portrait screen): the
        # window never grows past the screen and the action bar below stays whole
        self.scroll = QScrollArea()
        self.scroll.setObjectName("ScreenScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        # no keyboard focus (a touch screen; the keypad goes by kiosk.ui.hardkeys): a focused
        # scroll area made every screen switch walk the focus chain of every widget of every
        # screen for the next one to focus (issue 18)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        content = QWidget()
        content.setObjectName("ScreenContent")
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(20)
        self.scroll.setWidget(content)
        # a finger drags the content (a touch screen has no wheel); mouse clicks stay clicks
        QScroller.grabGesture(self.scroll.viewport(),
                              QScroller.ScrollerGestureType.TouchGesture)
        self.outer.addWidget(self.scroll, 1)
        self.actions = ActionBar()
        self.outer.addWidget(self.actions)
        self._theme: Theme | None = None

    @property
    def journey(self):
        """This screen's journey while it runs, else None (a tap after the session ended)."""
        j = self.flow.journey
        return j if j is not None and j.spec.name == self.journey_name else None

    def on(self, fn: Callable) -> Callable[[], None]:
        """A tap handler calling ``fn(journey)`` — nothing once the journey is gone."""
        def handler(*_):
            j = self.journey
            if j is not None:
                fn(j)

        return handler

    def apply_theme(self, theme: Theme) -> None:
        m = theme.margin
        self.outer.setContentsMargins(m, m - 8, m, m - 8)
        self.outer.setSpacing(theme.spacing)
        self._theme = theme

    def render(self, st: KioskState) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def show_progress(self, journey) -> None:
        """The step indicator ("第 2 步 / 共 3 步"), in words, for journeys that have one."""
        progress = journey.progress if journey is not None and self.journey is journey \
            else None
        if progress is None:
            self.step.hide()
            return
        now, total = progress
        self.step.setText(tr("第 {step} 步 / 共 {steps} 步").format(step=now, steps=total))
        self.step.show()

    def wipe(self) -> None:
        """Forget what the last citizen saw here (render() fills every label again)."""
        for lab in self.findChildren(QLabel):
            lab.setText("")
            lab.setAccessibleName("")

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent):
            # in the window (kiosk.ui.window): one fill of the style sheet's background
            # colour (the style put it in the palette) instead of the stack's and this
            # screen's, one over the other (issue 18)
            p = QPainter(self)
            p.fillRect(event.rect(), self.palette().window())
            p.end()
        super().paintEvent(event)
        self.painted.emit()

    def action(self, name: str, text: str, kind: str, fn) -> tuple:
        return (name, text, kind, fn)


def card_frame() -> tuple[QFrame, QGridLayout]:
    frame = QFrame()
    frame.setProperty("role", "card")
    grid = QGridLayout(frame)
    grid.setContentsMargins(40, 28, 40, 28)
    grid.setHorizontalSpacing(40)
    grid.setVerticalSpacing(20)
    return frame, grid


class Rows:
    """Label/value rows in a card, made once and refilled."""

    def __init__(self, grid: QGridLayout, names: list[str], first_row: int = 0,
                 value_role: str = "body") -> None:
        self.keys = {}
        self.values = {}
        for i, name in enumerate(names):
            k = label("muted", wrap=False)
            v = label(value_role, name=f"row_{name}")
            grid.addWidget(k, first_row + i, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(v, first_row + i, 1, Qt.AlignmentFlag.AlignVCenter)
            self.keys[name], self.values[name] = k, v
        grid.setColumnStretch(1, 1)

    def set(self, name: str, key: str, value: str) -> None:
        self.keys[name].setText(key)
        self.values[name].setText(value)


def hours_text(flow: KioskFlow) -> str:
    days = sorted(flow.hours.weekdays)
    names = [tr("周一"), tr("周二"), tr("周三"), tr("周四"), tr("周五"), tr("周六"), tr("周日")]
    if days == [1, 2, 3, 4, 5]:
        day_text = tr("周一至周五")
    else:
        day_text = tr("、").join(names[d - 1] for d in days)
    sessions = tr("、").join(f"{a:%H:%M}–{b:%H:%M}" for a, b in flow.hours.sessions)
    return tr("办公时间：{days} {sessions}（法定节假日除外）").format(
        days=day_text, sessions=sessions)
