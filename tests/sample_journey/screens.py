from __future__ import annotations

from kiosk.ui.screen_base import ScreenBase
from kiosk.ui.steps import KeypadStepScreen
from kiosk.ui.widgets import label


class CodeScreen(KeypadStepScreen):
    personal = True

    def entry(self, journey):
        return journey.code

    def render(self, st) -> None:
        j = self.journey
        self._keys()
        self.title.setText("请输入核验码")
        self.display.setText(j.code.value if j else "")
        self.actions.set_actions([
            self.action("btn_back", "返回", "secondary", self.flow.back),
            self.action("btn_confirm", "查询", "primary", self.on(lambda j: j.confirm())),
        ], left=1)


class AnswerScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key) -> None:
        super().__init__(flow, key)
        self.answer = label("body", name="answer")
        self.body.addWidget(self.answer)

    def render(self, st) -> None:
        j = self.journey
        self.title.setText("查询结果")
        self.answer.setText("" if j is None else ("有效" if j.valid else "无效"))
        self.actions.set_actions([
            self.action("btn_rate_5", "非常满意", "secondary", self.on(lambda j: j.rating.rate(5))),
            self.action("btn_done", "完成", "primary", self.flow.finish),
        ], left=1)


SCREENS = {"code": CodeScreen, "answer": AnswerScreen}
