"""自助取件's screens (Qt). Steps: kiosk.journeys.lockers.pickup.flow.

The code screen also takes the code from a keyboard-wedge QR scanner: it types the digits of
the SMS's QR code and Enter, which this screen reads like taps on its keypad.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout

from kiosk.flows.state import KioskState
from kiosk.journeys.lockers.screens_common import DoorScreen, LockerWorkingScreen, notice_text
from kiosk.journeys.steps.idcard import CardStep
from kiosk.protocol import PICKUP_CODE_LEN
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import ScreenBase
from kiosk.ui.steps import IdCardStepScreen, KeypadStepScreen
from kiosk.ui.widgets import TapButton, label

ERRORS = {
    "pickup_unavailable": (N_("暂时无法开柜"),
                           N_("本机暂时无法登记开柜。请稍后再试，或请工作人员帮助。")),
    "door_not_opened": (N_("柜门没有打开"),
                        N_("您的证件还在柜中，工作人员已收到通知，会为您开柜。请点“呼叫工作人员”。")),
    "locker_lost": (N_("文件柜停止响应"),
                    N_("柜子暂时无法确认柜门是否关好。工作人员会核对该柜格，请点“呼叫工作人员”。")),
    "pickup_not_recorded": (N_("取件没有登记成功"),
                            N_("本机暂时无法登记本次取件，工作人员会核对。请点“呼叫工作人员”。")),
    "device_lost": (N_("取件暂停"), N_("{reason}。请稍后再试，或请工作人员帮助。")),
}


class IdentifyScreen(IdCardStepScreen):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        # the other way in, as big as the card picture's words: not one more button in a
        # bar that must also fit an upright screen in elder mode
        self.use_code = TapButton("", "primary", name="btn_use_code",
                                  on_tap=self.on(lambda j: j.use_code()))
        self.body.addWidget(self.use_code, 0, Qt.AlignmentFlag.AlignRight)

    def card_step(self, journey):
        return journey.card

    def texts(self) -> tuple[str, str]:
        return (tr("取件：请刷身份证，或输入取件码"),
                tr("请把身份证放在阅读器感应区上；也可以点“输入取件码”，输入短信中的6位取件码。"))

    def actions_for(self, st, step) -> list[tuple]:
        return [self.action("btn_back", tr("返回首页"), "secondary", self.flow.back)]

    def render(self, st: KioskState) -> None:
        super().render(st)
        j = self.journey
        if j is None:
            return
        step = j.card
        if step.state is CardStep.LOOKING_UP:
            self.status.setText(tr("已读取身份证，正在查找您的待取件……"))
            self.status.setVisible(True)
        elif step.state is CardStep.WAITING:
            self.status.setText(tr("等待刷卡……"))
        notice = notice_text(step.notice)
        self.notice.setText("⚠ " + notice if notice else "")
        self.notice.setVisible(bool(notice))
        self.use_code.setText(tr("输入取件码"))
        self.use_code.setEnabled(not j.busy)
        actions = self.actions_for(st, step)
        if st.mock and step.state is CardStep.WAITING:  # Back stays on the left
            actions.append(self.action("btn_simulate_card", tr("模拟刷卡（演示）"), "secondary",
                                       self.on(lambda j: j.card.simulate())))
        self.actions.set_actions(actions, left=len(actions))


class CodeScreen(KeypadStepScreen):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        # a QR scanner that types: the screen takes the keyboard while it is shown
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def entry(self, journey):
        return journey.code

    def render(self, st: KioskState) -> None:
        j = self.journey
        digits = j.code.digits if j else ""
        self._keys()
        self.keypad.set_letters((), 1)
        self.title.setText(tr("请输入取件码"))
        self.display.setText(" ".join(digits + "_" * (PICKUP_CODE_LEN - len(digits))))
        self.display.setAccessibleName(digits)
        self.hint.setText(tr("取件码是短信中的6位数字；也可以把短信中的二维码对准扫码口。"))
        self.show_line(self.problem, None)
        notice = notice_text(j.notice) if j else ""
        self.show_line(self.notice, "⚠ " + notice if notice else None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_open", tr("开柜"), "primary", self.on(lambda j: j.code_next())),
        ], left=1)
        self.actions.buttons["btn_open"].setEnabled(
            len(digits) == PICKUP_CODE_LEN and not (j and j.busy))
        if self.isVisible() and not self.hasFocus():
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        j = self.journey
        text = event.text()
        if j is None:
            super().keyPressEvent(event)
        elif text and text.isdigit():
            j.code.key(text)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            j.code_next()
        elif event.key() == Qt.Key.Key_Backspace:
            j.code.backspace()
        else:
            super().keyPressEvent(event)


class PickupDoorScreen(DoorScreen):
    def words(self, door) -> tuple[str, str]:
        return (tr("请从{n}号柜取出您的证件，并关好柜门").format(n=door.compartment),
                tr("柜门已自动弹开。取出全部物品后，推上柜门，听到“咔哒”一声即已锁好。"))

    def actions_for(self, st, journey, door) -> list[tuple]:
        actions = []
        if journey.still_inside:
            actions += [self.action("btn_open_again", tr("再次开门"), "primary",
                                    self.on(lambda j: j.open_again())),
                        self.action("btn_leave_it", tr("已取走我的物品"), "secondary",
                                    self.on(lambda j: j.leave_it()))]
        return actions + super().actions_for(st, journey, door)

    def extra_notice(self, journey) -> str:
        return notice_text(journey.notice)

    def render(self, st: KioskState) -> None:
        super().render(st)
        j = self.journey
        if j is not None and j.still_inside:
            self.title.setText(tr("{n}号柜内还有物品").format(n=j.door.compartment))

    def mock_actions(self, door) -> list[tuple]:
        return [self.action("btn_simulate_take", tr("模拟取出并关门（演示）"), "secondary",
                            self.on(lambda j: j.door.simulate("take_out")))]


class DoneScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = QHBoxLayout()
        self.symbol = label("symbol-ok", "✓", wrap=False, name="symbol")
        row.addWidget(self.symbol)
        self.message = label("body", name="message")
        row.addWidget(self.message, 1)
        self.body.addLayout(row)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("取件完成"))
        if j is None or j.done is None:
            return
        self.message.setText(tr("{n}号柜已关好，取件已登记。请妥善保管您的证件。").format(
            n=j.done["compartment"]))
        self.actions.set_actions([
            self.action("btn_done", tr("完成"), "primary", self.on(lambda j: j.finish()))], left=0)


class PickupWorkingScreen(LockerWorkingScreen):
    def words(self, working: str | None) -> tuple[str, str]:
        if working == "recording":
            return tr("正在登记取件，请稍候……"), tr("柜门已关好。")
        return super().words(working)


SCREENS = {
    "identify": IdentifyScreen,
    "code": CodeScreen,
    "door": PickupDoorScreen,
    "working": PickupWorkingScreen,
    "done": DoneScreen,
}
