"""An on-screen keyboard for search boxes: pinyin letters (QWERTY, as every pinyin input
method lays them out; typed as latin, matched as pinyin) or digits, with a layout toggle,
backspace and clear.

Thin like the other widgets: it shows a layout and emits what was tapped; who owns the query
(a journey) decides what a key does. Its words come from the caller (``set_texts``), so the
keyboard brings no words of its own into the shell's catalogue.

    kb = OnScreenKeyboard()
    kb.key.connect(on_key); kb.backspace.connect(…); kb.clear.connect(…); kb.toggle.connect(…)
    kb.set_layout("letters" | "digits"); kb.set_texts(clear="清空", back="⌫", letters="拼音",
                                                     digits="123")
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.widgets import TapButton

LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
DIGIT_ROWS = ("1234567890",)  # one row: the keyboard never grows taller than the letters
#: the theme's wide button padding and minimum width go: ten keys a row must fit a portrait
#: kiosk in elder mode (1080 px), so the keys share the width (still >= 96 px each there)
_STYLE = "QPushButton {{ padding: 0px; min-width: {w}px; }}"


class OnScreenKeyboard(QWidget):
    key = Signal(str)
    backspace = Signal()
    clear = Signal()
    toggle = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("OnScreenKeyboard")
        self._key_w = 0
        self.set_key_width(64)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(4)
        self.grid.setVerticalSpacing(6)
        outer.addLayout(self.grid)
        self.keys: dict[str, TapButton] = {}
        self.layout_name = ""
        # the word keys: one row under the character keys
        self.toggle_key = TapButton("", "secondary", name="key_toggle", on_tap=self.toggle.emit)
        self.clear_key = TapButton("", "secondary", name="key_clear", on_tap=self.clear.emit)
        self.back_key = TapButton("⌫", "secondary", name="key_back",
                                  on_tap=self.backspace.emit)
        self._texts = {"letters": "ABC", "digits": "123"}
        self.set_layout("letters")

    def _key(self, ch: str) -> TapButton:
        b = TapButton(ch.upper(), "secondary", name=f"key_{ch}",
                      on_tap=lambda: self.key.emit(ch))
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return b

    def set_layout(self, name: str) -> None:
        """``letters`` (pinyin) or ``digits``; rebuilt only when it changes."""
        if name == self.layout_name:
            return
        self.layout_name = name
        for b in self.keys.values():
            b.hide()
            b.setParent(None)
            b.deleteLater()
        self.keys = {}
        for w in (self.toggle_key, self.clear_key, self.back_key):
            self.grid.removeWidget(w)
        rows = LETTER_ROWS if name == "letters" else DIGIT_ROWS
        width = max(len(r) for r in rows)
        for r, row in enumerate(rows):
            offset = (width - len(row)) // 2  # shorter rows centred, as on a keyboard
            for c, ch in enumerate(row):
                b = self._key(ch)
                self.keys[ch] = b
                self.grid.addWidget(b, r, offset + c)
                b.show()
        last = len(rows)
        third = max(1, width // 3)
        self.grid.addWidget(self.toggle_key, last, 0, 1, third)
        self.grid.addWidget(self.clear_key, last, third, 1, width - 2 * third)
        self.grid.addWidget(self.back_key, last, width - third, 1, third)
        self._show_texts()

    def set_key_width(self, px: int) -> None:
        """The keys' smallest width: where the keyboard has room (beside the results on a
        landscape screen) the theme's tap size; on a portrait screen they share its width."""
        if px != self._key_w:
            self._key_w = px
            self.setStyleSheet(_STYLE.format(w=px))

    def set_texts(self, *, clear: str, back: str = "⌫", letters: str = "ABC",
                  digits: str = "123") -> None:
        """The word keys' words, translated by the caller; the toggle names the *other*
        layout (tap "123" for digits)."""
        self.clear_key.setText(clear)
        self.back_key.setText(back)
        self._texts = {"letters": letters, "digits": digits}
        self._show_texts()

    def _show_texts(self) -> None:
        other = "digits" if self.layout_name == "letters" else "letters"
        self.toggle_key.setText(self._texts[other])
