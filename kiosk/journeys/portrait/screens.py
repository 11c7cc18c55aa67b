"""证件照's screens (Qt). Steps: kiosk.journeys.portrait.flow; the live picture and the review
are the shared camera screens (kiosk.ui.camera_steps)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.flows.state import KioskState
from kiosk.journeys.portrait.receipt import grouped
from kiosk.ui import texts
from kiosk.ui.camera_steps import PhotoLiveScreen, PhotoReviewScreen
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import ScreenBase, card_frame
from kiosk.ui.shell_screens import ProblemScreen
from kiosk.ui.steps import WorkingScreen
from kiosk.ui.widgets import label

#: this journey's error codes → (title, message)
ERRORS = {
    "photo_send_failed": (N_("照片暂时无法保存"),
                          N_("本机没能保存照片，请重试，或请工作人员帮助。")),
    "device_lost": (N_("拍照暂停"),
                    N_("{reason}。请使用其他自助机，或请工作人员帮助。")),
}


class IntroScreen(ScreenBase):
    """What will happen, what is needed, and what becomes of the photo (consent)."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.steps = label("body", name="intro_steps")
        self.privacy = label("muted", name="intro_privacy")
        grid.addWidget(self.steps, 0, 0)
        grid.addWidget(self.privacy, 1, 0)
        self.body.addWidget(frame)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        r = j.rules
        self.title.setText(tr("自助拍摄证件照"))
        lines = [
            tr("1. 请坐正，面向屏幕，摘下帽子，露出眉毛和耳朵。"),
            tr("2. 按屏幕提示调整位置，满足要求后自动拍照。"),
            tr("3. 确认照片后打印照片回执，办证时出示回执或报出照片编号。"),
            tr("照片规格：{w}×{h} 像素，{dpi} dpi，白色背景。").format(
                w=r.width, h=r.height, dpi=r.dpi),
        ]
        self.steps.setText("\n".join(lines))
        self.privacy.setText(tr("点“同意并开始拍照”即表示您同意本机拍摄您的人像，仅用于办理证件。"
                                "照片上传后本机不保留。"))
        self.actions.set_actions([
            self.action("btn_back", tr("返回首页"), "secondary", self.flow.back),
            self.action("btn_start_camera", tr("同意并开始拍照"), "primary",
                        self.on(lambda j: j.start_camera())),
        ], left=1)


class LiveScreen(PhotoLiveScreen):
    def photo_step(self, journey):
        return journey.camera


class ReviewScreen(PhotoReviewScreen):
    def photo_step(self, journey):
        return journey.camera


class PortraitWorkingScreen(WorkingScreen):
    def words(self, working: str | None) -> tuple[str, str]:
        if working == "printing":
            return tr("正在打印照片回执，请稍候……"), tr("回执从下方出票口送出。")
        return tr("正在保存照片，请稍候……"), tr("照片将上传到办件系统。")


class CodeCard(QVBoxLayout):
    """The photo code, big, with what it is for."""

    def __init__(self) -> None:
        super().__init__()
        self.caption = label("muted", align=Qt.AlignmentFlag.AlignCenter)
        # (grouped characters that wrap between groups on a portrait kiosk)
        self.code = label("number", name="photo_code", align=Qt.AlignmentFlag.AlignCenter)
        self.addWidget(self.caption)
        self.addWidget(self.code)

    def show_code(self, code: str | None) -> None:
        self.caption.setText(tr("照片编号"))
        self.code.setText(grouped(code) if code else "")


class DoneScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.card = CodeCard()
        grid.addLayout(self.card, 0, 0)
        self.body.addWidget(frame)
        self.where = label("body", name="done_text", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.where)
        self.take = label("title", name="take_receipt", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.take)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.title.setText(tr("照片已保存"))
        self.card.show_code(j.code)
        self.where.setText(tr("办理证件时，请向窗口出示照片回执或报出照片编号。照片上传后本机不保留。"))
        printed = j.printing.document is not None
        self.take.setText(tr("请从下方出票口取走照片回执") if printed else
                          tr("请记下照片编号"))
        self.actions.set_actions([
            self.action("btn_done", tr("完成"), "primary", self.on(lambda j: j.finish()))],
            left=0)


class PrintFailedScreen(ProblemScreen):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.body.removeWidget(self.message)
        row = self.turning(QHBoxLayout())
        row.setSpacing(40)
        row.addWidget(self.message, 3)
        self.card = CodeCard()
        row.addLayout(self.card, 2)
        self.body.addLayout(row, 1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.title.setText(tr("照片回执没有打印出来"))
        problem = texts.PRINT_PROBLEMS.get(j.printing.problem,
                                           texts.PRINT_PROBLEMS["print_failed"])
        self.message.setText(tr(problem) + "\n" + tr(
            "照片已经保存，不会丢失。请记下照片编号，或点“重新打印”，或请工作人员帮助。"))
        self.card.show_code(j.code)
        actions = []
        if j.printing.can_reprint:
            actions.append(self.action("btn_reprint", tr("重新打印"), "primary",
                                       self.on(lambda j: j.reprint())))
        actions += [
            self.action("btn_staff", tr("呼叫工作人员"), "secondary", self.flow.call_staff),
            self.action("btn_done", tr("我已记下编号"), "secondary",
                        self.on(lambda j: j.finish())),
        ]
        self.actions.set_actions(actions, left=len(actions))


SCREENS = {
    "intro": IntroScreen,
    "live": LiveScreen,
    "review": ReviewScreen,
    "working": PortraitWorkingScreen,
    "done": DoneScreen,
    "print_failed": PrintFailedScreen,
}
