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

from kiosk.ui.widgets import TapButton, clear_layout, label


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
        self.title = label("body", title)
        self.sub = label("muted", sub)
        self.sub.setVisible(bool(sub))
        for lab in (self.title, self.sub):
            lab.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            box.addWidget(lab)
        self.setAccessibleName(" ".join(t for t in (title, sub) if t))


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
        self._shown: tuple = ()
        self._query = ""
        self.buttons: dict[str, ResultButton] = {}

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
        key = (tuple(rows), columns)
        if key == self._shown:
            return
        self._shown = key
        clear_layout(self.results)
        self.buttons = {}
        for i, (code, title, sub) in enumerate(rows):
            b = ResultButton(title, sub, name=f"result_{code}",
                             on_tap=lambda c=code: self.chosen.emit(c))
            self.buttons[code] = b
            self.results.addWidget(b, i // columns, i % columns)
            b.show()
        for c in range(columns):
            self.results.setColumnStretch(c, 1)
