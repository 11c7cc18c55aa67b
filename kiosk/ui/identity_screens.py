"""Screens of the identity check (人证核验, kiosk.journeys.steps.identity), for any journey that
composes an :class:`~kiosk.journeys.steps.identity.IdentityCheck` as ``journey.identity``:

    SCREENS = {**IDENTITY_SCREENS, "choose": …}

Every screen offers the way without biometrics (the window); the live picture shows the
camera's frames and what to do (look, blink), never a frame kept anywhere.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.flows.state import KioskState
from kiosk.journeys.steps import identity as ident
from kiosk.journeys.steps.idcard import CardStep
from kiosk.ui.camera_steps import CameraView, notice_words
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import ScreenBase, card_frame
from kiosk.ui.steps import IdCardStepScreen, WorkingScreen
from kiosk.ui.widgets import label

#: notes of the identity step (Notice codes it makes), before the shell's
NOTICES = {
    "no_finger": N_("没有检测到手指。请把手指平放在指纹仪上，再点“再试一次”。"),
    "poor_image": N_("指纹不清晰。请擦干手指，抬起后重新平放，再点“再试一次”。"),
    "no_face_found": N_("画面中没有找到人脸。请正对摄像头，再试一次。"),
}


def identity_notice(notice) -> str:
    if notice is None:
        return ""
    words = NOTICES.get(notice.code)
    return tr(words) if words else notice_words(notice)


def window_line(check, english: bool = False) -> str:
    """"请到 1 楼 公安业务区 C01–C12 号窗口办理" — or a plain "to the window"."""
    w = check.window()
    if not w:
        return tr("请携带身份证到人工窗口办理。")
    return tr("请携带身份证到 {floor} 楼 {zone} {windows} 号窗口办理。").format(
        floor=w["floor"], zone=(w["zone_en"] if english else w["zone"]) or "",
        windows=w["windows"])


class _IdentityScreen(ScreenBase):
    personal = True

    def check(self):
        return self.journey.identity

    def window_action(self, finger: bool = False) -> tuple:
        return self.action("btn_window", tr("不用指纹，到窗口办理") if finger else
                           tr("不用人脸，到窗口办理"), "secondary",
                           self.on(lambda j: j.identity.use_window()))


class IdentityCardScreen(IdCardStepScreen):
    """Step 1: the ID card."""

    def card_step(self, journey):
        return journey.identity.card

    def texts(self) -> tuple[str, str]:
        return (tr("身份核验：请刷身份证"),
                tr("请把本人身份证放在阅读器感应区上。下一步将核验您是否为持证人本人。"))

    def holder_lines(self, holder) -> list[str]:
        return [tr("已读取：{name}").format(name=holder.masked_name)]

    def actions_for(self, st, step) -> list[tuple]:
        actions = [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]
        if step.state is CardStep.UNAVAILABLE:
            actions.append(self.action("btn_window", tr("到窗口办理"), "primary",
                                       self.on(lambda j: j.identity.use_window())))
        return actions

    def render(self, st: KioskState) -> None:
        super().render(st)
        j = self.journey
        if j is None:
            return
        self.show_progress(j)
        if self.card_step(j).state is CardStep.LOOKING_UP:
            self.status.setText(tr("已读取身份证，请稍候……"))


class ConsentScreen(_IdentityScreen):
    """Step 2: separate consent before any biometric capture (PIPL art. 28–29)."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.what = label("body", name="consent_what")
        self.keep = label("body", name="consent_keep")
        self.other = label("muted", name="consent_other")
        grid.addWidget(self.what, 0, 0)
        grid.addWidget(self.keep, 1, 0)
        grid.addWidget(self.other, 2, 0)
        self.body.addWidget(frame)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.show_progress(j)
        self.title.setText(tr("人脸或指纹核验：请先阅读并同意"))
        self.what.setText(tr(
            "为确认您是身份证持有人本人，本机将采集您的人脸图像（或指纹），与身份证照片"
            "（或公安机关留存的信息）比对。人脸和指纹属于敏感个人信息，仅用于本次身份核验。"))
        self.keep.setText(tr(
            "采集的图像只在本次核验中使用，不在本机保存，核验结束后立即删除，不用于其他用途。"))
        self.other.setText(tr("您也可以不进行人脸或指纹核验，改到人工窗口办理。"))
        self.actions.set_actions([
            self.action("btn_decline", tr("不同意，到窗口办理"), "secondary",
                        self.on(lambda j: j.identity.decline())),
            self.action("btn_agree", tr("同意并开始核验"), "primary",
                        self.on(lambda j: j.identity.agree())),
        ], left=1)


class FaceScreen(_IdentityScreen):
    """Step 3: the live picture; look at the camera and blink."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = self.row = QHBoxLayout()
        row.setSpacing(40)
        self.view = CameraView()
        row.addWidget(self.view, 3)
        col = QVBoxLayout()
        col.setSpacing(18)
        self.guidance = label("title", name="guidance")
        self.explain = label("body", name="explain")
        self.notice = label("notice", name="notice")
        col.addWidget(self.guidance)
        col.addWidget(self.explain)
        col.addWidget(self.notice)
        col.addStretch(1)
        row.addLayout(col, 2)
        self.body.addLayout(row, 1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        check = self.check()
        self.show_progress(j)
        from PySide6.QtWidgets import QBoxLayout

        self.row.setDirection(QBoxLayout.Direction.TopToBottom if self.narrow
                              else QBoxLayout.Direction.LeftToRight)
        if self.view.frames is not check.feed.frames:
            self.view.set_frames(check.feed.frames)
        self.title.setText(tr("人脸核验：请看着摄像头"))
        notice = check.face_notice
        working = check.feed.running
        if notice is not None and not working:
            self.guidance.setText(tr("摄像头暂时无法使用"))
            self.explain.setText(window_line(check, st.english))
        else:
            self.guidance.setText(tr(ident.FACE_PROMPTS.get(check.prompt,
                                                            ident.FACE_PROMPTS["look"])))
            self.explain.setText(tr("请摘下帽子和口罩，正对摄像头。看到提示后眨一眨眼睛，"
                                    "本机确认是真人后自动比对。"))
        words = identity_notice(notice)
        self.notice.setText("⚠ " + words if words else "")
        self.notice.setVisible(bool(words))
        self.view.set_overlay(outline=(0.5, 0.42, 0.36, 0.7))
        actions = [self.window_action()]
        if check.finger_available:
            actions.append(self.action("btn_finger", tr("改用指纹"), "secondary",
                                       self.on(lambda j: j.identity.use_finger())))
        if st.mock and working:
            actions.append(self.action("btn_simulate_blink", tr("模拟眨眼（演示）"),
                                       "secondary",
                                       self.on(lambda j: j.identity.simulate_blink())))
        self.actions.set_actions(actions, left=len(actions))

    def wipe(self) -> None:
        super().wipe()
        self.view.set_frames(None)


class FingerScreen(_IdentityScreen):
    """Step 3 (with a pad that can match): the finger on the pad."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.body.addStretch(1)
        self.guidance = label("title", name="guidance", align=Qt.AlignmentFlag.AlignCenter)
        self.explain = label("body", name="explain", align=Qt.AlignmentFlag.AlignCenter)
        self.notice = label("notice", name="notice", align=Qt.AlignmentFlag.AlignCenter)
        for w in (self.guidance, self.explain, self.notice):
            self.body.addWidget(w)
        self.body.addStretch(2)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        check = self.check()
        self.show_progress(j)
        self.title.setText(tr("指纹核验"))
        self.guidance.setText(tr("请把手指平放在指纹仪上"))
        self.explain.setText(tr("请使用办理身份证时登记的手指，放稳，听到提示后抬起。"))
        words = identity_notice(check.notice)
        self.notice.setText("⚠ " + words if words else "")
        self.notice.setVisible(bool(words))
        actions = [self.window_action(finger=True)]
        if check.camera_available:
            actions.append(self.action("btn_face", tr("改用人脸"), "secondary",
                                       self.on(lambda j: j.identity.use_face())))
        if check.notice is not None:
            actions.append(self.action("btn_try_again", tr("再试一次"), "primary",
                                       self.on(lambda j: j.identity.try_again())))
        self.actions.set_actions(actions, left=1)


class CheckingScreen(WorkingScreen):
    personal = True

    def words(self, working: str | None) -> tuple[str, str]:
        if working == "template":
            return tr("正在准备指纹核验，请稍候……"), ""
        return tr("正在核验身份，请稍候……"), tr("比对完成后，采集的图像立即删除。")


class RetryScreen(_IdentityScreen):
    """Not matched (or no face in the picture): try again, another way, or the window."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.message = label("body", name="message")
        self.tries = label("title", name="tries")
        grid.addWidget(self.message, 0, 0)
        grid.addWidget(self.tries, 1, 0)
        self.body.addWidget(frame)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        check = self.check()
        self.show_progress(j)
        if check.notice is not None:
            self.title.setText(tr("没有找到人脸"))
            self.message.setText(identity_notice(check.notice))
        else:
            self.title.setText(tr("核验没有通过"))
            self.message.setText(tr("本次比对结果与身份证不一致。请摘下帽子、口罩和眼镜，"
                                    "正对摄像头再试一次。"))
        self.tries.setText(tr("还可以再试 {n} 次").format(n=check.tries_left))
        actions = [self.window_action(finger=check.method == "fingerprint")]
        if check.method == "face" and check.finger_available:
            actions.append(self.action("btn_finger", tr("改用指纹"), "secondary",
                                       self.on(lambda j: j.identity.use_finger())))
        elif check.method == "fingerprint" and check.camera_available:
            actions.append(self.action("btn_face", tr("改用人脸"), "secondary",
                                       self.on(lambda j: j.identity.use_face())))
        actions.append(self.action("btn_try_again", tr("再试一次"), "primary",
                                   self.on(lambda j: j.identity.try_again())))
        self.actions.set_actions(actions, left=len(actions) - 1)


class _EndScreen(_IdentityScreen):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.message = label("body", name="message")
        self.where = label("title", name="where")
        grid.addWidget(self.message, 0, 0)
        grid.addWidget(self.where, 1, 0)
        self.body.addWidget(frame)
        self.body.addStretch(1)

    def finish_actions(self) -> None:
        self.actions.set_actions([
            self.action("btn_staff", tr("呼叫工作人员"), "secondary", self.flow.call_staff),
            self.action("btn_done", tr("完成"), "primary", self.on(lambda j: j.finish())),
        ], left=1)


#: why the citizen is sent to the window → (title, message)
WINDOW_REASONS = {
    "declined": (N_("请到窗口办理"), N_("您选择了不进行人脸或指纹核验。窗口工作人员会"
                                     "查验您的身份证，为您办理。")),
    "no_means": (N_("本机暂时无法核验身份"), N_("本机的摄像头和指纹仪暂时无法使用。"
                                           "窗口工作人员会查验您的身份证，为您办理。")),
    "no_reference": (N_("本机无法核验您的身份"), N_("没有可用于比对的照片。窗口工作人员会"
                                             "查验您的身份证，为您办理。")),
    "no_card": (N_("请到窗口办理"), N_("身份证阅读器暂时无法使用。窗口工作人员会查验您的"
                                    "身份证，为您办理。")),
}


class WindowScreen(_EndScreen):
    """The way without biometrics: which window, with the card."""

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        check = self.check()
        title, message = WINDOW_REASONS.get(check.window_reason or "declined",
                                            WINDOW_REASONS["declined"])
        self.title.setText(tr(title))
        self.message.setText(tr(message))
        self.where.setText(window_line(check, st.english))
        self.finish_actions()


class FailedScreen(_EndScreen):
    """Three failed tries: the step ends, clearly."""

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        check = self.check()
        self.title.setText(tr("无法核验您的身份"))
        self.message.setText(tr("已连续 {n} 次核验没有通过，本机不能再为您办理。为保护您的"
                                "信息安全，采集的图像已经删除。").format(n=check.max_failures))
        self.where.setText(window_line(check, st.english))
        self.finish_actions()


IDENTITY_SCREENS = {
    ident.CARD: IdentityCardScreen,
    ident.CONSENT: ConsentScreen,
    ident.FACE: FaceScreen,
    ident.FINGER: FingerScreen,
    ident.CHECKING: CheckingScreen,
    ident.RETRY: RetryScreen,
    ident.WINDOW: WindowScreen,
    ident.FAILED: FailedScreen,
}

__all__ = ["IDENTITY_SCREENS", "window_line"]
