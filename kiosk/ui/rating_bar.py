"""好差评 under every result: "How was it?" and the national scheme's five levels, one tap.

The window shows it under the screen while a citizen journey shows its result (its
``RESULT_STEPS``) and has not been rated yet. 非常满意/满意 are sent at once (the bar thanks
the citizen, the result stays); a lower level opens the journey's rating screen for the
reasons (:meth:`kiosk.journeys.base.Journey.rate_result`). Walking away sends nothing.
"""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.flows.state import KioskState
from kiosk.journeys.steps.rating import SCORES
from kiosk.ui.i18n import tr
from kiosk.ui.rating import LEVEL_WORDS
from kiosk.ui.widgets import TapButton, label


class RatingBar(QWidget):
    def __init__(self, flow) -> None:
        super().__init__()
        self.flow = flow
        self.setObjectName("RatingBar")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(36, 8, 36, 12)
        self.grid.setSpacing(12)
        self.ask = label("body", name="rating_ask")
        self.buttons: dict[int, TapButton] = {}
        for score in SCORES:
            self.buttons[score] = TapButton("", "secondary", name=f"bar_rate_{score}",
                                            on_tap=lambda s=score: self._rate(s))
        self._narrow: bool | None = None
        self.hide()

    def _place(self, narrow: bool) -> None:
        """One row beside the question on a landscape screen; on a portrait one the question
        above and the levels two to a row (five elder-size words do not fit 1080 px)."""
        if narrow == self._narrow:
            return
        self._narrow = narrow
        for w in (self.ask, *self.buttons.values()):
            self.grid.removeWidget(w)
        if narrow:
            self.grid.addWidget(self.ask, 0, 0, 1, 2)
            for i, b in enumerate(self.buttons.values()):
                self.grid.addWidget(b, 1 + i // 2, i % 2)
        else:
            self.grid.addWidget(self.ask, 0, 0)
            for i, b in enumerate(self.buttons.values()):
                self.grid.addWidget(b, 0, 1 + i)
        for c in range(6):
            self.grid.setColumnStretch(c, (1 if c < 2 else 0) if narrow else int(c == 0))

    def _rate(self, score: int) -> None:
        j = self.flow.state.journey
        if j is not None:
            j.rate_result(score)

    def render(self, st: KioskState, narrow: bool = False, offer: bool = True) -> None:
        j = st.journey
        show = (offer and j is not None and j.spec.audience == "citizen" and j.showing_result
                and j.step != j.RATE_STEP and st.countdown is None)
        self.setVisible(show)
        if not show:
            return
        self._place(narrow)
        done = j.rated
        self.ask.setText(tr("谢谢您的评价！") if done else tr("请为本次服务评价："))
        for score, b in self.buttons.items():
            b.setText(tr(LEVEL_WORDS[score]))
            b.setVisible(not done)
