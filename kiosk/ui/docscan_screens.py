"""Screens of the document-camera step (:mod:`kiosk.journeys.steps.docscan`): the live picture
with the page's outline as the camera's worker found it, and the scanned pages with rotate,
retake and remove per page.

The outline is drawn over the picture from the step's state (the preview frame's corners);
nothing here looks at pixels. A journey puts these two classes in its SCREENS; they find the
step as ``journey.docscan`` (override :meth:`scan_step` for another attribute).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QPainter, QPen, QPixmap, QPolygonF, QTransform
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.flows.state import KioskState
from kiosk.journeys.steps.docscan import GUIDANCE, ScanMaterial, ScanState
from kiosk.ui import texts
from kiosk.ui.camera_steps import GUIDE_COLOUR, OK_COLOUR
from kiosk.ui.frameview import FrameView
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import ScreenBase
from kiosk.ui.widgets import TapButton, clear_layout, label

#: notes on the document-camera steps (Notice codes kiosk.journeys.steps.docscan produces)
DOCSCAN_NOTICES = {
    "docscan_not_found": N_("没有找到材料的四个角，请把材料放在框内再拍"),
}


def scan_notice_words(notice) -> str:
    if notice is None:
        return ""
    if notice.code == "camera_unavailable":
        return tr("高拍仪暂时无法使用。请选择其他提交方式，或请工作人员帮助。")
    words = DOCSCAN_NOTICES.get(notice.code)
    return tr(words) if words else texts.notice_text(notice)


class DocumentView(FrameView):
    """The desk as the document camera sees it (not mirrored: paper reads the right way),
    with the page's outline: dashed while looking, solid green and filling as it holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(None, parent, fps=30.0, mirror=False, background="#1E2430")
        self.setMinimumSize(480, 360)
        self.setObjectName("document_view")
        self.frame_size: tuple[int, int] | None = None
        self.corners: tuple | None = None
        self.progress = 0.0

    def set_overlay(self, frame_size, corners, progress: float) -> None:
        key = (frame_size, corners, round(progress, 2))
        if key == (self.frame_size, self.corners, round(self.progress, 2)):
            return
        self.frame_size, self.corners, self.progress = frame_size, corners, progress
        self.update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.corners is None or self.frame_size is None:
            return
        image = self.image()
        fw, fh = self.frame_size
        if image is not None:
            size = image.deviceIndependentSize()
            pw, ph = size.width(), size.height()
        else:
            s = min(self.width() / fw, self.height() / fh)
            pw, ph = fw * s, fh * s
        ox, oy = (self.width() - pw) / 2, (self.height() - ph) / 2
        s = pw / fw
        poly = QPolygonF([QPointF(ox + x * s, oy + y * s) for x, y in self.corners])
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        holding = self.progress > 0
        p.setPen(QPen(OK_COLOUR if holding else GUIDE_COLOUR, 6 if holding else 4,
                      Qt.PenStyle.SolidLine if holding else Qt.PenStyle.DashLine))
        p.drawPolygon(poly)
        if holding:  # the hold fills the top edge like a progress bar (a shape, not colour)
            a, b = poly[0], poly[1]
            p.setPen(QPen(OK_COLOUR, 14))
            p.drawLine(a, a + (b - a) * self.progress)
        p.end()


class DocScanLiveScreen(ScreenBase):
    """The live picture: lay the page down; it is taken by itself, or with 拍照."""

    personal = True  # the citizen's papers

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = self.row = QHBoxLayout()
        row.setSpacing(40)
        self.view = DocumentView()
        row.addWidget(self.view, 3)
        col = QVBoxLayout()
        col.setSpacing(18)
        self.guidance = label("title", name="guidance")
        self.explain = label("body", name="explain")
        self.pages = label("body", name="pages_count")
        self.notice = label("notice", name="notice")
        for w in (self.guidance, self.explain, self.pages, self.notice):
            col.addWidget(w)
        # 拍照 beside the guidance, not in the action bar: it is the step's own action and
        # the bar keeps room for Back and the demo button on a narrow screen
        self.capture = TapButton("", "primary", name="btn_capture",
                                 on_tap=self.on(lambda j: self.scan_step(j).capture()))
        col.addWidget(self.capture)
        col.addStretch(1)
        row.addLayout(col, 2)
        self.body.addLayout(row, 1)

    def scan_step(self, journey) -> ScanMaterial:
        return journey.docscan

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        step = self.scan_step(j)
        self.row.setDirection(QBoxLayout.Direction.TopToBottom if self.narrow
                              else QBoxLayout.Direction.LeftToRight)
        if self.view.frames is not step.frames:
            self.view.set_frames(step.frames)
        self.title.setText(tr("扫描材料：{name}").format(name=step.display_name(st.english)))
        if step.state is ScanState.UNAVAILABLE:
            self.guidance.setText(tr("高拍仪暂时无法使用"))
        else:
            self.guidance.setText(tr(GUIDANCE[step.guidance]))
        self.explain.setText(tr("材料正面朝上放平，四个角都在画面里。放稳后自动拍照，"
                                "也可以点“拍照”。"))
        n = len(step.pages)
        self.pages.setText(tr("已扫描 {n} 页").format(n=n) if n else "")
        self.pages.setVisible(bool(n))
        words = scan_notice_words(step.notice)
        self.notice.setText("⚠ " + words if words else "")
        self.notice.setVisible(bool(words))
        found = step.found
        corners = tuple((float(x), float(y)) for x, y in found.corners) if found else None
        self.view.set_overlay(step.frame_size, corners, step.hold_progress)
        actions = [self.action("btn_back", tr("返回"), "secondary",
                               self.on(lambda j: self.scan_step(j).back()))]
        if st.mock:
            actions.append(self.action("btn_simulate_page", tr("模拟：放一页材料（演示）"),
                                       "secondary",
                                       self.on(lambda j: self.scan_step(j).mock_place())))
        self.capture.setText(tr("拍照"))
        self.capture.setVisible(step.state is ScanState.LIVE)
        self.actions.set_actions(actions, left=len(actions))

    def wipe(self) -> None:
        super().wipe()
        self.view.set_frames(None)
        self.view.set_overlay(None, None, 0.0)


def _pixmap(thumb: np.ndarray, rotation: int) -> QPixmap:
    img = np.ascontiguousarray(thumb)
    h, w = img.shape[:2]
    if img.ndim == 2:
        q = QImage(img.data, w, h, img.strides[0], QImage.Format.Format_Grayscale8)
    else:
        q = QImage(img.data, w, h, img.strides[0], QImage.Format.Format_BGR888)
    pm = QPixmap.fromImage(q.copy())  # copy: the array is not kept alive by Qt
    if rotation % 4:
        pm = pm.transformed(QTransform().rotate(90 * (rotation % 4)))
    return pm


class DocScanPagesScreen(ScreenBase):
    """The pages scanned so far: turn, retake or remove each; scan another; done."""

    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.hint = label("body", name="pages_hint")
        self.body.addWidget(self.hint)
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self._shown: tuple = ()

    def scan_step(self, journey) -> ScanMaterial:
        return journey.docscan

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        step = self.scan_step(j)
        self.title.setText(tr("{name}：已扫描 {n} 页").format(name=step.display_name(st.english),
                                                          n=len(step.pages)))
        self.hint.setText(tr("请检查每一页是否清楚完整。可以旋转、重拍或删除某一页，"
                             "还有下一页请点“继续扫描”。"))
        key = (tuple((id(p), p.rotation) for p in step.pages), st.lang, st.elder,
               self.narrow)
        if key != self._shown:
            self._shown = key
            self._fill(step, st)
        actions = [self.action("btn_cancel", tr("取消"), "secondary",
                               self.on(lambda j: self.scan_step(j).cancel()))]
        if step.can_add:
            actions.append(self.action("btn_add_page", tr("继续扫描"), "secondary",
                                       self.on(lambda j: self.scan_step(j).add_page())))
        actions.append(self.action("btn_done", tr("完成"), "primary",
                                   self.on(lambda j: self.scan_step(j).done())))
        self.actions.set_actions(actions, left=1)

    def _fill(self, step: ScanMaterial, st: KioskState) -> None:
        clear_layout(self.grid)
        # three buttons under each page: fewer pages a row where words are bigger or the
        # screen narrower
        cols = 1 if (self.narrow and st.elder) else 2 if (self.narrow or st.elder) else 3
        for i, page in enumerate(step.pages):
            cell = QVBoxLayout()
            cell.setSpacing(8)
            pic = QLabel()
            pic.setObjectName(f"page_{i + 1}")
            pic.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pm = _pixmap(page.thumb, page.rotation)
            pic.setPixmap(pm.scaled(260, 260, Qt.AspectRatioMode.KeepAspectRatio,
                                    Qt.TransformationMode.SmoothTransformation))
            cell.addWidget(pic)
            cell.addWidget(label("muted", tr("第 {n} 页").format(n=i + 1),
                                 align=Qt.AlignmentFlag.AlignCenter, name=f"page_label_{i + 1}"))
            buttons = QHBoxLayout()
            for name, words, fn in (("rotate", tr("旋转"), lambda j, i=i: self.scan_step(j)
                                     .rotate(i)),
                                    ("retake", tr("重拍"), lambda j, i=i: self.scan_step(j)
                                     .retake(i)),
                                    ("remove", tr("删除"), lambda j, i=i: self.scan_step(j)
                                     .remove(i))):
                b = TapButton(words, "secondary", name=f"btn_{name}_{i + 1}",
                              on_tap=self.on(fn))
                buttons.addWidget(b)
            cell.addLayout(buttons)
            holder = QWidget()
            holder.setLayout(cell)
            self.grid.addWidget(holder, i // cols, i % cols)

    def wipe(self) -> None:
        super().wipe()
        clear_layout(self.grid)
        self._shown = ()
