"""Building blocks of the screens: buttons, tiles, keypads, the top bar, overlays.

Thin: they show what they are told and emit what was tapped. Sizes and colours come from
the theme's style sheet through the ``kind``/``role`` properties set here.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)


def restyle(w: QWidget) -> None:
    w.style().unpolish(w)
    w.style().polish(w)


def discard(w: QWidget | None) -> None:
    """Remove a widget now (deleteLater alone leaves it visible until the loop idles)."""
    if w is not None:
        w.hide()
        w.setParent(None)
        w.deleteLater()


def clear_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        discard(item.widget())


def label(role: str = "body", text: str = "", *, wrap: bool = True,
          align: Qt.AlignmentFlag | None = None, name: str = "") -> QLabel:
    lab = QLabel(text)
    lab.setProperty("role", role)
    lab.setWordWrap(wrap)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    if align is not None:
        lab.setAlignment(align)
    if name:
        lab.setObjectName(name)
    return lab


class TapButton(QPushButton):
    """A touch button: no keyboard focus ring, no context menu, a style ``kind``."""

    def __init__(self, text: str = "", kind: str = "secondary", *, name: str = "",
                 on_tap: Callable[[], None] | None = None) -> None:
        super().__init__(text)
        self.setProperty("kind", kind)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAutoDefault(False)
        if name:
            self.setObjectName(name)
        if on_tap is not None:
            self.clicked.connect(lambda *_: on_tap())

    def set_kind(self, kind: str) -> None:
        if self.property("kind") != kind:
            self.setProperty("kind", kind)
            restyle(self)


class Icon(QWidget):
    """Simple line icons drawn in code (no image assets to go missing)."""

    #: (enabled colour, disabled colour); the window sets them from the theme
    colors = ("#0A4FA3", "#3E4652")

    #: each icon drawn once per (name, size, colour, pixel ratio) and then copied: stroking
    #: the antialiased paths in Python was a sixth of painting the home screen (issue 18)
    _drawn: ClassVar[dict[tuple, QPixmap]] = {}

    def __init__(self, name: str, size: int = 120) -> None:
        super().__init__()
        self.name = name
        self.setFixedSize(size, size)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        color = self.colors[0] if self.isEnabled() else self.colors[1]
        ratio = self.devicePixelRatioF()
        key = (self.name, self.width(), self.height(), color, ratio)
        pixmap = self._drawn.get(key)
        if pixmap is None:
            pixmap = self._drawn[key] = self._picture(QColor(color), ratio)
        p = QPainter(self)
        p.drawPixmap(0, 0, pixmap)
        p.end()

    def _picture(self, color: QColor, ratio: float) -> QPixmap:
        pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = min(self.width(), self.height()) / 100
        p.scale(s, s)
        p.setPen(QPen(color, 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                      Qt.PenJoinStyle.RoundJoin))
        getattr(self, f"_draw_{self.name}", self._draw_ticket)(p, color)
        p.end()
        return pixmap

    def _draw_ticket(self, p: QPainter, color: QColor) -> None:
        body = QPainterPath()
        body.addRoundedRect(QRectF(8, 24, 84, 52), 8, 8)
        notches = QPainterPath()
        notches.addEllipse(QPointF(8, 50), 9, 9)
        notches.addEllipse(QPointF(92, 50), 9, 9)
        p.drawPath(body.subtracted(notches))
        p.setPen(QPen(color, 4, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(66, 28), QPointF(66, 72))
        p.setPen(QPen(color, 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for y in (40, 52, 64):
            p.drawLine(QPointF(24, y), QPointF(52 if y != 52 else 46, y))

    def _draw_reissue(self, p: QPainter, color: QColor) -> None:
        p.drawArc(QRectF(16, 16, 68, 68), 60 * 16, 280 * 16)
        head = QPainterPath(QPointF(70, 8))
        head.lineTo(QPointF(70, 30))
        head.lineTo(QPointF(48, 26))
        p.drawPath(head)
        p.drawLine(QPointF(50, 36), QPointF(50, 52))
        p.drawLine(QPointF(50, 52), QPointF(62, 60))

    def _draw_guide(self, p: QPainter, color: QColor) -> None:
        pin = QPainterPath(QPointF(50, 92))
        pin.cubicTo(QPointF(22, 58), QPointF(18, 44), QPointF(18, 38))
        pin.arcTo(QRectF(18, 6, 64, 64), 180, -180)
        pin.cubicTo(QPointF(82, 44), QPointF(78, 58), QPointF(50, 92))
        p.drawPath(pin)
        p.drawEllipse(QPointF(50, 38), 12, 12)

    def _draw_card(self, p: QPainter, color: QColor) -> None:
        p.drawRoundedRect(QRectF(8, 22, 84, 56), 8, 8)  # a chip card (社保卡)
        p.drawRoundedRect(QRectF(20, 36, 20, 16), 3, 3)
        p.drawLine(QPointF(20, 62), QPointF(78, 62))
        p.drawLine(QPointF(52, 40), QPointF(78, 40))


    def _draw_camera(self, p: QPainter, color: QColor) -> None:
        body = QPainterPath()
        body.addRoundedRect(QRectF(8, 28, 84, 58), 10, 10)
        p.drawPath(body)
        p.drawLine(QPointF(34, 28), QPointF(40, 16))
        p.drawLine(QPointF(40, 16), QPointF(60, 16))
        p.drawLine(QPointF(60, 16), QPointF(66, 28))
        p.drawEllipse(QPointF(50, 57), 17, 17)

    def _draw_qr(self, p: QPainter, color: QColor) -> None:
        for x, y in ((10, 10), (62, 10), (10, 62)):  # the three finder patterns
            p.drawRect(QRectF(x, y, 28, 28))
            p.fillRect(QRectF(x + 9, y + 9, 10, 10), color)
        for x, y in ((66, 66), (80, 80), (66, 84), (84, 64), (50, 50), (50, 20), (20, 50)):
            p.fillRect(QRectF(x, y, 8, 8), color)

    def _draw_locker(self, p: QPainter, color: QColor) -> None:
        p.drawRoundedRect(QRectF(12, 8, 76, 84), 6, 6)  # the cabinet
        p.drawLine(QPointF(50, 8), QPointF(50, 92))
        for y in (36, 64):  # its doors
            p.drawLine(QPointF(12, y), QPointF(88, y))
        for x in (40, 78):  # their handles
            p.drawLine(QPointF(x, 19), QPointF(x, 25))


class Tile(TapButton):
    """A large home/category tile: title, a line under it, and a status line when greyed out."""

    #: the frames (background, border, rounded corners: the style sheet's work, as
    #: QPushButton paints it), shared by all tiles: one per size, state and theme — the home
    #: screen's tiles are all one size. Painting them anew, some with dashed borders, was a
    #: sixth of painting the home screen (issue 18).
    _frames: ClassVar[dict[tuple, QPixmap]] = {}
    #: the theme the style sheet comes from; the window sets it (as Icon.colors): a screen
    #: out of sight takes a new theme's sheet before it is shown, so a frame of the current
    #: theme is the one to paint
    theme: ClassVar[object] = None
    #: the states that change a frame: the style sheet has :disabled and :pressed for buttons
    _LOOK = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Sunken

    def __init__(self, name: str = "", on_tap: Callable[[], None] | None = None,
                 icon: str = "") -> None:
        super().__init__("", "tile", name=name, on_tap=on_tap)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._outer = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        box = QVBoxLayout()
        box.setSpacing(8)
        self.icon = None
        if icon:
            self.icon = Icon(icon)
            self._outer.addWidget(self.icon)
        self._outer.addLayout(box, 1)
        box.addStretch(1)
        self.title = label("tile-title")
        self.sub = label("tile-sub")
        self.status = label("tile-status")
        for lab in (self.title, self.sub, self.status):
            lab.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            box.addWidget(lab)
        box.addStretch(1)
        self.compact = None
        self.set_compact(False)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        ratio = self.devicePixelRatioF()
        w, h = opt.rect.width(), opt.rect.height()
        key = (w, h, opt.state & self._LOOK, ratio, self.property("kind"), Tile.theme)
        frame = self._frames.get(key)
        if frame is None:
            if len(self._frames) > 12:  # sizes of a window resized many times, themes
                self._frames.clear()
            frame = QPixmap(round(w * ratio), round(h * ratio))
            frame.setDevicePixelRatio(ratio)
            frame.fill(Qt.GlobalColor.transparent)
            p = QPainter(frame)
            self.style().drawControl(QStyle.ControlElement.CE_PushButton, opt, p, self)
            p.end()
            self._frames[key] = frame
        p = QPainter(self)
        p.drawPixmap(0, 0, frame)
        p.end()

    def set_compact(self, compact: bool) -> None:
        """The icon beside the words instead of above them: a home screen with many journeys
        keeps more of them in sight (a landscape screen; a portrait one has no width to
        spare)."""
        if compact == self.compact:
            return
        self.compact = compact
        o = self._outer
        o.setDirection(QBoxLayout.Direction.LeftToRight if compact
                       else QBoxLayout.Direction.TopToBottom)
        o.setContentsMargins(*((24, 14, 24, 14) if compact else (28, 20, 28, 20)))
        o.setSpacing(18 if compact else 10)
        if self.icon is not None:
            self.icon.setFixedSize(*((72, 72) if compact else (120, 120)))
            o.setAlignment(self.icon, Qt.AlignmentFlag.AlignVCenter if compact
                           else Qt.AlignmentFlag.AlignLeft)

    def set_content(self, title: str, sub: str = "", status: str = "",
                    enabled: bool = True) -> None:
        self.title.setText(title)
        self.sub.setText(sub)
        self.sub.setVisible(bool(sub))
        self.status.setText(status)
        self.status.setVisible(bool(status))
        self.setEnabled(enabled)
        # what the tile says, for screen readers and tests
        self.setAccessibleName(" ".join(t for t in (title, sub, status) if t))


def replace_tiles(grid: QGridLayout, old: list, specs: list[tuple], cols: int) -> list:
    """Replace ``old`` tiles in ``grid`` by new ones from ``specs`` = (name, title, subtitle,
    on_tap), ``cols`` to a row; returns the new tiles (a choice screen's grid, rebuilt when
    the language, elder mode or width changes)."""
    for tile in old:
        grid.removeWidget(tile)
        tile.hide()
        tile.deleteLater()
    out = []
    for i, (name, title, sub, fn) in enumerate(specs):
        tile = Tile(name=name, on_tap=fn)
        tile.set_content(title, sub)
        grid.addWidget(tile, i // cols, i % cols)
        tile.show()
        out.append(tile)
    return out


class ActionBar(QWidget):
    """A row of buttons along the bottom of a screen, rebuilt only when its set changes."""

    def __init__(self) -> None:
        super().__init__()
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(24)
        self._key: tuple = ()
        self.buttons: dict[str, TapButton] = {}

    def set_actions(self, actions: Sequence[tuple[str, str, str, Callable[[], None]]],
                    *, left: int = 0) -> None:
        """``actions``: (name, text, kind, callback); the first ``left`` sit on the left."""
        key = tuple((n, t, k) for n, t, k, _ in actions) + (left,)
        if key == self._key:
            return
        self._key = key
        clear_layout(self.row)
        self.buttons = {}
        for i, (name, text, kind, callback) in enumerate(actions):
            if i == left:
                self.row.addStretch(1)
            b = TapButton(text, kind, name=name, on_tap=callback)
            self.buttons[name] = b
            self.row.addWidget(b)
            b.show()  # not only at the next event-loop turn: the screen is complete now
        if left >= len(actions):
            self.row.addStretch(1)


class Keypad(QWidget):
    """Digits 1–9, clear, 0, delete — and optional letter keys (beside them) for ticket numbers."""

    key = Signal(str)
    backspace = Signal()
    clear = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.outer = QHBoxLayout(self)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.outer.setSpacing(32)
        self.letters = QGridLayout()
        self.letters.setSpacing(12)
        self.outer.addLayout(self.letters)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, TapButton] = {}
        for i, d in enumerate("123456789"):
            grid.addWidget(self._key(d), i // 3, i % 3)
        self.clear_key = TapButton("", "key-word", name="key_clear", on_tap=self.clear.emit)
        self.back_key = TapButton("", "key-word", name="key_back", on_tap=self.backspace.emit)
        grid.addWidget(self.clear_key, 3, 0)
        grid.addWidget(self._key("0"), 3, 1)
        grid.addWidget(self.back_key, 3, 2)
        self.outer.addLayout(grid)
        self._letters: tuple[str, ...] = ()
        self._shown_letters: tuple[str, ...] = ()

    def _key(self, ch: str) -> TapButton:
        b = TapButton(ch, "key", name=f"key_{ch}", on_tap=lambda: self.key.emit(ch))
        self.keys[ch] = b
        return b

    def set_stacked(self, stacked: bool) -> None:
        """Letters above the digits (a portrait kiosk: six elder-size keys do not fit its
        width side by side) or beside them."""
        self.outer.setDirection(QBoxLayout.Direction.TopToBottom if stacked
                                else QBoxLayout.Direction.LeftToRight)

    def set_texts(self, clear: str, back: str) -> None:
        self.clear_key.setText(clear)
        self.back_key.setText(back)

    def set_letters(self, letters: Sequence[str], columns: int = 3) -> None:
        letters = tuple(letters)
        if letters == self._letters:
            return
        self._letters = letters
        for ch in self._shown_letters:
            self.keys.pop(ch, None)
        clear_layout(self.letters)
        self._shown_letters = letters
        for i, ch in enumerate(letters):
            key = self._key(ch)
            self.letters.addWidget(key, i // columns, i % columns)
            key.show()


class TopBar(QWidget):
    """Hall name, clock, language switch, elder-mode switch, call staff."""

    def __init__(self, on_language: Callable[[], None], on_elder: Callable[[], None],
                 on_staff: Callable[[], None], on_home: Callable[[], None] | None = None,
                 on_voice: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.setObjectName("TopBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(28, 8, 20, 8)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(6)
        # the hall's name takes what room is left and wraps onto a second line rather than
        # pushing the buttons off a crowded bar (English, elder mode)
        self.hall = label("hall", wrap=True)
        self.hall.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hall.setMinimumWidth(320)
        self.clock = label("clock", wrap=False)
        self.language = TapButton("", name="btn_language", on_tap=on_language)
        self.elder = TapButton("", name="btn_elder", on_tap=on_elder)
        self.staff = TapButton("", name="btn_call_staff", on_tap=on_staff)
        # Home, one tap from every screen of a journey (hidden on home itself)
        self.home = TapButton("", name="btn_topbar_home", on_tap=on_home or (lambda: None))
        self.home.hide()
        self.voice = TapButton("", name="btn_voice", on_tap=on_voice or (lambda: None))
        self.narrow: bool | None = None
        self.set_narrow(False)

    def set_narrow(self, narrow: bool) -> None:
        """One row on a landscape screen; two on a narrow (portrait) one: the hall and the
        clock above, the buttons below — nothing is cut off."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        g = self.grid
        for w in (self.home, self.hall, self.clock, self.voice, self.language, self.elder,
                  self.staff):
            g.removeWidget(w)
        for c in range(8):
            g.setColumnStretch(c, 0)
        if narrow:
            g.addWidget(self.hall, 0, 0, 1, 5)
            g.addWidget(self.clock, 0, 5, 1, 1, Qt.AlignmentFlag.AlignRight)
            g.addWidget(self.home, 1, 0)
            g.addWidget(self.voice, 1, 1)
            g.addWidget(self.language, 1, 3)
            g.addWidget(self.elder, 1, 4)
            g.addWidget(self.staff, 1, 5)
            g.setColumnStretch(2, 1)
        else:
            g.addWidget(self.home, 0, 0)
            g.addWidget(self.hall, 0, 1)
            g.addWidget(self.clock, 0, 3)
            g.addWidget(self.voice, 0, 4)
            g.addWidget(self.language, 0, 5)
            g.addWidget(self.elder, 0, 6)
            g.addWidget(self.staff, 0, 7)
            g.setColumnStretch(2, 1)

    def set_elder_active(self, active: bool) -> None:
        if bool(self.elder.property("active")) != active:
            self.elder.setProperty("active", active)
            restyle(self.elder)


class Overlay(QWidget):
    """Dims the window and shows a panel on top (still there? / staff called)."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName("Overlay")
        self.setAccessibleName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.panel = QFrame()
        self.panel.setObjectName("OverlayPanel")
        self.panel.setMaximumWidth(1100)
        self.box = QVBoxLayout(self.panel)
        self.box.setContentsMargins(56, 40, 56, 40)
        self.box.setSpacing(24)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.panel, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.hide()

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()


class Busy(QProgressBar):
    """An indeterminate progress bar: moves while the kiosk works, so it never looks frozen."""

    def __init__(self) -> None:
        super().__init__()
        self.setRange(0, 0)
        self.setTextVisible(False)
