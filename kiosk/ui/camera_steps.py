"""Screens of the camera steps journeys share (kiosk.journeys.steps.photo / .qrscan): the live
picture with its outline and guidance, the photo to confirm, the QR code to hold up.

The picture is a :class:`~kiosk.ui.frameview.FrameView` on the camera's frame slot: the Qt
thread only converts and paints the newest frame on a timer, never waits for the camera and
never runs a detector (the checks run on the camera's worker; their answers arrive as the
journey's state, which :meth:`CameraView.set_overlay` draws over the picture).
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.flows.state import KioskState
from kiosk.journeys.steps.photo import GUIDANCE, PhotoState, PhotoStep
from kiosk.journeys.steps.qrscan import WORDS as QR_WORDS, QrScanStep
from kiosk.ui import texts
from kiosk.ui.frameview import FrameView
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import ScreenBase
from kiosk.ui.widgets import label

#: notes on a camera step (Notice codes the camera steps produce)
CAMERA_NOTICES = {
    "camera_unavailable": N_("摄像头暂时无法使用。请联系工作人员，或稍后再试。"),
    "qr_other": N_("这个二维码不是预约码或电子证照，请换一个"),
    # an appointment code offered instead of the ID card (steps.appointment_code)
    "appointment_not_found": N_("没有找到这个预约码对应的预约，请核对后再扫。"),
    "appointment_checked_in": N_("这个预约已经签到过了。"),
    "appointment_other_day": N_("这个预约不是今天的，今天不能签到。"),
    "appointment_other_category": N_("这个预约不是您选择的业务。请返回重新选择业务。"),
}

#: the photo checks as the citizen reads them (kiosk.portrait.checks), in their order
CHECK_NAMES = {
    "face_count": N_("画面中只有您一人"),
    "exposure": N_("光线明暗合适"),
    "size": N_("距离合适"),
    "centre": N_("位置居中"),
    "glasses": N_("未戴眼镜"),
    "eyes": N_("眼睛睁开"),
    "level": N_("头部端正"),
    "sharpness": N_("画面清晰"),
    "light": N_("脸部光线均匀"),
}

#: mock mode: the scenes the "change scene" button walks through (drivers.camera.scenes)
DEMO_SCENES = ("portrait_centred", "portrait_off_right", "portrait_far", "portrait_dark",
               "portrait_blurred", "portrait_two", "portrait_nobody")
DEMO_QR_SCENES = ("portrait_qr_appointment", "portrait_qr_certificate", "portrait_qr_forged")

OK_COLOUR = QColor("#1B7F3B")
GUIDE_COLOUR = QColor("#FFFFFF")
FACE_COLOUR = QColor("#F2B705")


def notice_words(notice) -> str:
    if notice is None:
        return ""
    words = CAMERA_NOTICES.get(notice.code)
    return tr(words) if words else texts.notice_text(notice)


class CameraView(FrameView):
    """The mirrored live picture, with a target outline (where the face or the code should
    be) and, when known, the face the checks found."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(None, parent, fps=30.0, mirror=True, background="#1E2430")
        self.setMinimumSize(480, 360)
        self.setObjectName("camera_view")
        self.frame_size: tuple[int, int] | None = None
        self.outline: tuple[float, float, float, float] | None = None  # cx, cy, w, h (fractions)
        self.square = False  # a square target (a QR code) instead of a head outline
        self.face: tuple[int, int, int, int] | None = None  # frame pixels
        self.progress = 0.0
        self.ok = False

    def set_overlay(self, *, frame_size=None, outline=None, face=None, progress=0.0,
                    ok=False, square=False) -> None:
        key = (frame_size, outline, face, round(progress, 2), ok, square)
        if key == (self.frame_size, self.outline, self.face, round(self.progress, 2), self.ok,
                   self.square):
            return
        self.frame_size, self.outline, self.face = frame_size, outline, face
        self.progress, self.ok, self.square = progress, ok, square
        self.update()

    def picture_rect(self) -> QRectF:
        """Where the picture is (or would be) in the widget."""
        image = self.image()
        if image is not None:
            size = image.deviceIndependentSize()
            rect = QRectF(0, 0, size.width(), size.height())
        else:
            w, h = self.frame_size or (4, 3)
            s = min(self.width() / w, self.height() / h)
            rect = QRectF(0, 0, w * s, h * s)
        rect.moveCenter(QRectF(self.rect()).center())
        return rect

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if self.outline is None:
            return
        rect = self.picture_rect()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        cx, cy, w, h = self.outline
        target = QRectF(0, 0, w * rect.width(), h * rect.height())
        # mirrored like the picture: the citizen sees themself as in a mirror
        target.moveCenter(QPointF(rect.left() + (1 - cx) * rect.width(),
                                  rect.top() + cy * rect.height()))
        colour = OK_COLOUR if self.ok else GUIDE_COLOUR
        p.setPen(QPen(colour, 6, Qt.PenStyle.DashLine if not self.ok else Qt.PenStyle.SolidLine))
        if self.square:
            p.drawRoundedRect(target, 16, 16)
        else:
            p.drawEllipse(target)
            if self.progress > 0:  # every check holds: the outline fills up to the photo
                p.setPen(QPen(OK_COLOUR, 12))
                p.drawArc(target, 90 * 16, -int(360 * 16 * self.progress))
        if self.face is not None and self.frame_size is not None:
            fw, fh = self.frame_size
            s = rect.width() / fw
            x, y, w_, h_ = self.face
            box = QRectF(rect.right() - (x + w_) * s, rect.top() + y * s, w_ * s, h_ * s)
            p.setPen(QPen(FACE_COLOUR, 3))
            p.drawRect(box)
        p.end()


class _CameraScreen(ScreenBase):
    """Picture on the left, what to do on the right."""

    personal = True  # the citizen's face

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
        self.checklist = label("body", name="checklist")
        self.checklist.hide()
        col.addWidget(self.guidance)
        col.addWidget(self.explain)
        col.addWidget(self.notice)
        col.addWidget(self.checklist)
        col.addStretch(1)
        row.addLayout(col, 2)
        self.body.addLayout(row, 1)

    def arrange(self) -> None:
        """Picture beside the words on a landscape screen, above them on a portrait one."""
        self.row.setDirection(QBoxLayout.Direction.TopToBottom if self.narrow
                              else QBoxLayout.Direction.LeftToRight)

    def show_notice(self, notice) -> None:
        words = notice_words(notice)
        self.notice.setText("⚠ " + words if words else "")
        self.notice.setVisible(bool(words))

    def wipe(self) -> None:
        super().wipe()
        self.view.set_frames(None)


class PhotoLiveScreen(_CameraScreen):
    """The live picture of a :class:`~kiosk.journeys.steps.photo.PhotoStep`."""

    def photo_step(self, journey) -> PhotoStep:  # pragma: no cover - subclasses say which
        raise NotImplementedError

    def actions_for(self, st: KioskState, step: PhotoStep) -> list[tuple]:
        return [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        step = self.photo_step(j)
        self.arrange()
        if self.view.frames is not step.frames:
            self.view.set_frames(step.frames)
        self.title.setText(tr("拍证件照：请看着镜头"))
        if step.state is PhotoState.UNAVAILABLE:
            self.guidance.setText(tr("摄像头暂时无法使用"))
        else:
            self.guidance.setText(tr(GUIDANCE.get(step.guidance, GUIDANCE["starting"])))
        self.explain.setText(tr("把脸放进框内，眼睛平视镜头。所有要求都满足后会自动拍照。"))
        self.show_notice(step.notice)
        a = step.assessment
        r = step.rules
        # (elder mode: fewer items on a screen — the one thing to do now is enough)
        self.checklist.setText(self._checklist(a, r))
        self.checklist.setVisible(a is not None and not st.elder)
        size = step.frame_size
        ratio = (size[0] / size[1]) if size else 4 / 3
        mid = (r.face_min + r.face_max) / 2
        # the outline: the head around the target face (a face box is ~0.75 of the head's
        # height and the head ~1.35 times as tall as wide)
        outline = (r.target_x, r.target_y - 0.08, mid * 1.25 / ratio, mid * 1.7)
        face = (a.face.x, a.face.y, a.face.w, a.face.h) if a is not None and a.face else None
        self.view.set_overlay(frame_size=size, outline=outline, face=face,
                              progress=step.hold_progress,
                              ok=step.guidance in ("hold", "capturing"))
        actions = self.actions_for(st, step)
        if st.mock:
            actions.append(self.action("btn_simulate_scene", tr("模拟：换个姿势（演示）"),
                                       "secondary", self.on(lambda j: self._next_scene(j))))
        self.actions.set_actions(actions, left=len(actions))

    @staticmethod
    def _checklist(assessment, rules) -> str:
        """One line per check: ✓ holds, ✗ to fix, ○ not judged yet (a symbol, not only a
        colour)."""
        if assessment is None:
            return ""
        lines = []
        for name, words in CHECK_NAMES.items():
            if name == "glasses" and not rules.no_glasses:
                continue
            check = assessment.checks.get(name)
            ok = check.ok if check is not None else None
            mark = "✓" if ok else ("✗" if ok is False else "○")
            lines.append(f"{mark} {tr(words)}")
        return "\n".join(lines)

    def _next_scene(self, journey) -> None:
        self._scene = (getattr(self, "_scene", 0) + 1) % len(DEMO_SCENES)
        journey.mock("camera", "show_scene", scene=DEMO_SCENES[self._scene])


class PhotoReviewScreen(ScreenBase):
    """The photo as it will be sent: use it, or retake."""

    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = QHBoxLayout()
        row.setSpacing(48)
        self.picture = QLabel()
        self.picture.setObjectName("photo")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(358, 441)
        row.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        col = QVBoxLayout()
        col.setSpacing(18)
        self.spec = label("body", name="photo_spec")
        self.hint = label("body", name="hint")
        self.retakes = label("muted", name="retakes")
        col.addWidget(self.spec)
        col.addWidget(self.hint)
        col.addWidget(self.retakes)
        col.addStretch(1)
        row.addLayout(col, 1)
        self.body.addLayout(row, 1)
        self._shown: bytes | None = None

    def photo_step(self, journey) -> PhotoStep:  # pragma: no cover - subclasses say which
        raise NotImplementedError

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        step = self.photo_step(j)
        photo = step.photo
        self.title.setText(tr("请确认照片"))
        if photo is not None and photo.jpeg is not self._shown:
            image = QImage.fromData(photo.jpeg, "JPG")
            pixmap = QPixmap.fromImage(image)
            # shown at its own size on a kiosk screen (larger would invent detail)
            self.picture.setPixmap(pixmap)
            self._shown = photo.jpeg
        if photo is not None:
            self.spec.setText(tr("证件照 {w}×{h} 像素，{dpi} dpi，白色背景").format(
                w=photo.width, h=photo.height, dpi=photo.dpi))
        self.hint.setText(tr("照片满意请点“使用这张照片”。不满意可以重拍。"))
        left = step.retakes_left
        self.retakes.setText(tr("还可以重拍 {n} 次").format(n=left) if left else
                             tr("已经不能再重拍了"))
        actions = [self.action("btn_home", tr("取消"), "secondary", self.flow.go_home)]
        if left:
            actions.append(self.action("btn_retake", tr("重拍"), "secondary",
                                       self.on(lambda j: j.retake())))
        actions.append(self.action("btn_use_photo", tr("使用这张照片"), "primary",
                                   self.on(lambda j: j.confirm())))
        self.actions.set_actions(actions, left=1)

    def wipe(self) -> None:
        super().wipe()
        self.picture.clear()
        self._shown = None


class QrScanScreen(_CameraScreen):
    """The live picture of a :class:`~kiosk.journeys.steps.qrscan.QrScanStep`."""

    personal = False

    def scan_step(self, journey) -> QrScanStep:  # pragma: no cover - subclasses say which
        raise NotImplementedError

    def texts(self) -> tuple[str, str]:
        """(title, explanation), translated."""
        return tr("请出示二维码"), tr(QR_WORDS["show"])

    def actions_for(self, st: KioskState, step: QrScanStep) -> list[tuple]:
        return [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        step = self.scan_step(j)
        self.arrange()
        if self.view.frames is not step.frames:
            self.view.set_frames(step.frames)
        title, explain = self.texts()
        self.title.setText(title)
        self.guidance.setText(explain)
        self.explain.setText(tr("手机上的二维码请把屏幕调亮；纸质的请放平，不要反光。"))
        self.show_notice(step.notice)
        self.view.set_overlay(outline=(0.5, 0.7, 0.36, 0.48), square=True)
        actions = self.actions_for(st, step)
        if st.mock:
            actions.append(self.action("btn_simulate_code", tr("模拟：出示二维码（演示）"),
                                       "secondary", self.on(lambda j: self._next_scene(j))))
        self.actions.set_actions(actions, left=len(actions))

    def _next_scene(self, journey) -> None:
        i = getattr(self, "_scene", -1) + 1
        self._scene = i % len(DEMO_QR_SCENES)
        journey.mock("camera", "show_scene", scene=DEMO_QR_SCENES[self._scene])


class AppointmentCodeScreen(QrScanScreen):
    """The camera picture of an :class:`~kiosk.journeys.steps.appointment_code.
    AppointmentCodeOffer`: show the appointment's QR code instead of the ID card."""

    def offer(self, journey):  # pragma: no cover - subclasses say which
        raise NotImplementedError

    def scan_step(self, journey) -> QrScanStep:
        return self.offer(journey).scanner

    def texts(self) -> tuple[str, str]:
        return tr("请出示预约二维码"), tr("请把预约短信或预约页面上的二维码对准摄像头")

    def actions_for(self, st: KioskState, step: QrScanStep) -> list[tuple]:
        return [self.action("btn_back", tr("返回"), "secondary",
                            self.on(lambda j: self.offer(j).cancel()))]

    def render(self, st: KioskState) -> None:
        super().render(st)
        j = self.journey
        if j is not None:
            self.show_notice(self.offer(j).notice)
