"""The rating screen (好差评) every rating journey lists under its ``RATE_STEP``: the five
levels, the reasons of a low one, preset phrases for a comment, 提交评价 / 跳过. A chosen
button says so in words (✓) as well as by colour. Steps: kiosk.journeys.steps.rating."""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.flows.state import KioskState
from kiosk.journeys.steps.rating import LEVELS, PHRASES, REASONS, RateStep
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import ScreenBase
from kiosk.ui.widgets import TapButton, label

LEVEL_WORDS = {5: N_("非常满意"), 4: N_("满意"), 3: N_("基本满意"), 2: N_("不满意"),
               1: N_("非常不满意")}
REASON_WORDS = {
    "slow": N_("办理时间太长"),
    "unclear": N_("操作指引不清楚"),
    "machine": N_("设备不好用"),
    "repeat": N_("需要重复提供信息"),
    "not_done": N_("事情没有办成"),
    "help_late": N_("求助没有及时回应"),
}
PHRASE_WORDS = {
    "quick": N_("方便快捷"),
    "clear": N_("指引清楚"),
    "elder": N_("长辈模式好用"),
    "more_services": N_("希望增加更多服务"),
    "long_wait": N_("等候时间长"),
    "needed_help": N_("需要人工帮助"),
}
assert set(LEVEL_WORDS) == set(LEVELS) and set(REASON_WORDS) == set(REASONS) \
    and set(PHRASE_WORDS) == set(PHRASES)


class _Choices(QWidget):
    """Toggle buttons in a grid whose column count follows the screen's width."""

    def __init__(self, names: list[str], on_tap) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(16)
        self.buttons = {n: TapButton("", "secondary", name=n, on_tap=lambda n=n: on_tap(n))
                        for n in names}
        self._cols = 0

    def place(self, cols: int) -> None:
        if cols == self._cols:
            return
        self._cols = cols
        for i, b in enumerate(self.buttons.values()):
            self.grid.removeWidget(b)
            self.grid.addWidget(b, i // cols, i % cols)

    def set(self, name: str, text: str, chosen: bool, enabled: bool = True) -> None:
        b = self.buttons[name]
        b.setText(("✓ " if chosen else "") + text)
        b.set_kind("primary" if chosen else "secondary")
        b.setEnabled(enabled)


class RatingScreen(ScreenBase):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.intro = label("body", name="rating_intro")
        self.body.addWidget(self.intro)
        self.levels = _Choices([f"rate_{s}" for s in LEVELS],
                               lambda n: self._call(lambda r: r.choose(int(n[5:]))))
        self.body.addWidget(self.levels)
        self.reasons_title = label("body", name="reasons_title")
        self.body.addWidget(self.reasons_title)
        self.reasons = _Choices([f"reason_{c}" for c in REASONS],
                                lambda n: self._call(lambda r: r.toggle_reason(n[7:])))
        self.body.addWidget(self.reasons)
        self.problem = label("notice", name="rating_problem")
        self.body.addWidget(self.problem)
        self.phrases_title = label("body", name="phrases_title")
        self.body.addWidget(self.phrases_title)
        self.phrases = _Choices([f"phrase_{c}" for c in PHRASES],
                                lambda n: self._call(lambda r: r.toggle_phrase(n[7:])))
        self.body.addWidget(self.phrases)
        self.body.addStretch(1)

    def _call(self, fn) -> None:
        j = self.journey
        if j is not None and j.rating is not None:
            fn(j.rating)

    def render(self, st: KioskState) -> None:
        j = self.journey
        r: RateStep | None = j.rating if j is not None else None
        if r is None:
            return
        narrow = self.narrow
        self.levels.place((2 if st.elder else 3) if narrow else 5)
        cols = (1 if st.elder else 2) if narrow else 3
        self.reasons.place(cols)
        self.phrases.place(cols)
        self.title.setText(tr("请您评价本次服务"))
        self.intro.setText(tr("您的评价帮助我们改进服务。评价是匿名的，也可以跳过。"))
        for s in LEVELS:
            self.levels.set(f"rate_{s}", tr(LEVEL_WORDS[s]), r.score == s)
        show = r.offers_reasons
        self.reasons_title.setText(tr("哪里让您不满意？（必选，可多选）") if r.reason_required
                                   else tr("哪里可以做得更好？（可多选）"))
        self.reasons_title.setVisible(show)
        self.reasons.setVisible(show)
        for c in REASONS:
            self.reasons.set(f"reason_{c}", tr(REASON_WORDS[c]), c in r.reasons)
        problem = tr("请至少选择一个原因。") if r.needs_reason else ""
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.phrases_title.setText(tr("还想说（可选）："))
        for c in PHRASES:
            self.phrases.set(f"phrase_{c}", tr(PHRASE_WORDS[c]), c in r.phrases)
        self.actions.set_actions([
            self.action("btn_rate_skip", tr("跳过"), "secondary",
                        lambda: self._call(lambda r: r.skip())),
            self.action("btn_rate_submit", tr("提交评价"), "primary",
                        lambda: self._call(lambda r: r.submit()))], left=1)
        self.actions.buttons["btn_rate_submit"].setEnabled(r.score is not None and not r.sent)
