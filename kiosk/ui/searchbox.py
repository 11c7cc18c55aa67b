"""A search box for touch screens: the query as typed (a display line, no text cursor to
aim at) and the results under it as large buttons, each a title and a line under it.

    box = SearchBox()
    box.chosen.connect(lambda code: …)
    box.show_query("bdczy")
    box.show_results([("code", "不动产转移登记（继承）", "不动产登记 · 1楼 B01–B20")],
                     empty=tr("没有找到"))

Typing comes from an :class:`kiosk.ui.keyboard.OnScreenKeyboard` (or a hardware keyboard)
through whoever owns the query; the box only shows it. Used by the service guides and meant
for the home screen's search as well.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.widgets import TapButton, label


class ResultButton(TapButton):
    """A tap target with a wrapping title and an optional line under it (a result row, a
    browse choice): long names wrap instead of widening the button past the screen."""

    def __init__(self, title: str, sub: str = "", *, name: str = "",
                 on_tap: Callable[[], None] | None = None) -> None:
        super().__init__("", "secondary", name=name, on_tap=on_tap)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 10, 20, 10)
        box.setSpacing(2)
        self.title = label("body")
        self.sub = label("muted")
        for lab in (self.title, self.sub):
            lab.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            box.addWidget(lab)
        self.code = ""  # what it stands for, in a ResultGrid
        self.set_text(title, sub)

    def set_text(self, title: str, sub: str = "") -> None:
        self.title.setText(title)
        self.sub.setText(sub)
        self.sub.setVisible(bool(sub))
        self.setAccessibleName(" ".join(t for t in (title, sub) if t))


class ResultGrid:
    """Result buttons in a grid layout, laid out again only when what they say (or the
    columns) changes, and reused from one showing to the next: making a page of buttons
    anew was most of a guide screen's 60–100 ms stall in the soak (issue 18), setting their
    text is a fraction of it. Hidden spare buttons keep no name, so a lookup by name finds
    only what is on show."""

    def __init__(self, layout: QGridLayout, prefix: str,
                 on_tap: Callable[[str], None] | None = None) -> None:
        self.layout = layout
        self.prefix = prefix
        self.on_tap = on_tap
        self.buttons: dict[str, ResultButton] = {}  # code → the button on show
        self._pool: list[ResultButton] = []
        self._key: tuple = ()

    def show(self, rows: Sequence[tuple[str, str, str]], columns: int) -> None:
        """``rows``: (code, title, line under it), across, then down."""
        key = (tuple(rows), columns)
        if key == self._key:
            return
        self._key = key
        while self.layout.count():  # the items only: the buttons stay for the next showing
            self.layout.takeAt(0)
        self.buttons = {}
        for i, (code, title, sub) in enumerate(rows):
            if i == len(self._pool):
                self._pool.append(self._new())
            b = self._pool[i]
            b.code = code
            b.setObjectName(f"{self.prefix}_{code}")
            b.set_text(title, sub)
            self.buttons[code] = b
            self.layout.addWidget(b, i // columns, i % columns)
            b.show()  # not only at the next event-loop turn: the screen is complete now
        for b in self._pool[len(rows):]:
            b.hide()
            b.code = ""
            b.setObjectName("")
        for c in range(max(columns, self.layout.columnCount())):
            self.layout.setColumnStretch(c, 1 if c < columns else 0)

    def _new(self) -> ResultButton:
        b = ResultButton("")
        b.clicked.connect(lambda *_: self._tapped(b))
        return b

    def _tapped(self, b: ResultButton) -> None:
        if self.on_tap is not None and b.code:
            self.on_tap(b.code)


class SearchBox(QWidget):
    chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("SearchBox")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(12)
        self.line = label("display", name="search_query", wrap=False)
        self.line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        outer.addWidget(self.line)
        self.status = label("muted", name="search_status")
        outer.addWidget(self.status)
        self.results = QGridLayout()
        self.results.setSpacing(10)
        outer.addLayout(self.results)
        self.grid = ResultGrid(self.results, "result", self.chosen.emit)
        self._query = ""

    def show_query(self, query: str) -> None:
        # a caret after the text: where the next letter goes, without a blinking cursor
        self._query = query
        self._fit_query()

    def _fit_query(self) -> None:
        """A query longer than the line shows its end (what was typed last), "…" before."""
        text = f"{self._query}▏"
        room = self.line.contentsRect().width() - 8
        if room > 0:
            text = self.line.fontMetrics().elidedText(text, Qt.TextElideMode.ElideLeft, room)
        self.line.setText(text)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_query()

    def show_results(self, rows: Sequence[tuple[str, str, str]], *, status: str = "",
                     columns: int = 1) -> None:
        """``rows``: (code, title, line under it), best first (across, then down);
        ``status`` above them (how many found, or that nothing was)."""
        self.status.setText(status)
        self.status.setVisible(bool(status))
        self.grid.show(rows, columns)

    @property
    def buttons(self) -> dict[str, ResultButton]:
        return self.grid.buttons
