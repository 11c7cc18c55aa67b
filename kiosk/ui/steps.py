"""Screens of the steps journeys share (kiosk.journeys.steps): the ID card, the keypad,
"please wait". A journey subclasses them to say which of its components they show and with
which words."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.flows.state import KioskState
from kiosk.flows.validate import MOBILE_LEN, group_mobile, mobile_problem, valid_mobile
from kiosk.journeys.steps.idcard import CardStep, IdCardStep
from kiosk.journeys.steps.keypad import KeypadEntry
from kiosk.ui import texts
from kiosk.ui.i18n import tr
from kiosk.ui.screen_base import ScreenBase
from kiosk.ui.widgets import Busy, Keypad, label


class CardPicture(QWidget):
    """A card above a reader, drawn (no image files): shows where the card goes."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(320, 300)
        self.color = QColor("#0A4FA3")

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        s = min(w / 320, h / 300)
        p.translate((w - 320 * s) / 2, (h - 300 * s) / 2)
        p.scale(s, s)
        pen = QPen(self.color, 6)
        p.setPen(pen)
        p.setBrush(QColor("#FFFFFF"))
        p.drawRoundedRect(QRectF(40, 190, 240, 90), 14, 14)  # reader
        p.setBrush(QColor("#DCE8F7"))
        p.drawRoundedRect(QRectF(70, 30, 180, 112), 12, 12)  # card
        p.setBrush(self.color)
        p.drawEllipse(QRectF(92, 55, 44, 54))  # portrait
        p.drawRect(QRectF(150, 62, 80, 10))
        p.drawRect(QRectF(150, 86, 60, 10))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for r in (18, 34):  # waves between card and reader
            p.drawArc(QRectF(160 - r * 2, 160 - r / 2, r * 4, r), 200 * 16, 140 * 16)
        p.end()


class IdCardStepScreen(ScreenBase):
    """Where the card goes, what happens with it, and what was read (masked)."""

    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = QHBoxLayout()
        row.setSpacing(48)
        self.picture = CardPicture()
        row.addWidget(self.picture, 2)
        col = QVBoxLayout()
        col.setSpacing(18)
        self.explain = label("body", name="explain")
        self.status = label("note", name="card_status")
        self.notice = label("notice", name="notice")
        col.addWidget(self.explain)
        col.addWidget(self.status)
        col.addWidget(self.notice)
        col.addStretch(1)
        row.addLayout(col, 3)
        self.body.addLayout(row, 1)

    # ------------------------------------------------------------------ for subclasses
    # (not ``step``: ScreenBase.step is the step-indicator label)
    def card_step(self, journey) -> IdCardStep:  # pragma: no cover - subclasses say which
        raise NotImplementedError

    def texts(self) -> tuple[str, str]:
        """(title, explanation), translated."""
        return tr("请刷身份证"), tr("请把身份证放在阅读器感应区上。")

    def holder_lines(self, holder) -> list[str]:
        return [tr("已读取：{name}").format(name=holder.masked_name), tr("请取回身份证。")]

    def actions_for(self, st: KioskState, step: IdCardStep) -> list[tuple]:
        return []

    # ------------------------------------------------------------------ render
    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        step = self.card_step(j)
        title, explain = self.texts()
        self.title.setText(title)
        self.explain.setText(explain)
        status = ""
        if step.state is CardStep.WAITING:
            status = tr("等待刷卡……")
        elif step.state is CardStep.LOOKING_UP:
            status = tr("已读取身份证，正在查询预约……")
        elif step.state is CardStep.READ and step.holder:
            status = "\n".join(self.holder_lines(step.holder))
        self.status.setText(status)
        self.status.setVisible(bool(status))
        notice = texts.notice_text(step.notice)
        self.notice.setText("⚠ " + notice if notice else "")
        self.notice.setVisible(bool(notice))
        actions = self.actions_for(st, step)
        if st.mock and step.state is CardStep.WAITING:
            actions.insert(len(actions) - 1 if actions else 0, self.action(
                "btn_simulate_card", tr("模拟刷卡（演示）"), "secondary",
                self.on(lambda j: self.card_step(j).simulate())))
        self.actions.set_actions(actions, left=len(actions) - 1)


class KeypadStepScreen(ScreenBase):
    """A big display of what was typed, a hint, problems — and the keypad."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = self.turning(QHBoxLayout())  # the keypad under the display on a portrait kiosk
        row.setSpacing(56)
        col = QVBoxLayout()
        col.setSpacing(18)
        self.display = label("display", wrap=False, name="display",
                             align=Qt.AlignmentFlag.AlignCenter)
        self.display.setMaximumWidth(760)
        self.hint = label("body", name="hint")
        self.problem = label("notice", name="problem")
        self.notice = label("notice", name="notice")
        col.addStretch(1)
        col.addWidget(self.display)
        col.addWidget(self.hint)
        col.addWidget(self.problem)
        col.addWidget(self.notice)
        col.addStretch(2)
        row.addLayout(col, 1)
        self.keypad = Keypad()
        self.keypad.key.connect(lambda ch: self._entry_call(lambda e: e.key(ch)))
        self.keypad.backspace.connect(lambda: self._entry_call(lambda e: e.backspace()))
        self.keypad.clear.connect(lambda: self._entry_call(lambda e: e.clear()))
        row.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignCenter)
        self.body.addLayout(row, 1)

    def entry(self, journey) -> KeypadEntry:  # pragma: no cover - subclasses say which
        raise NotImplementedError

    def _entry_call(self, fn) -> None:
        j = self.journey
        if j is not None:
            fn(self.entry(j))

    def _keys(self) -> None:
        self.keypad.set_texts(tr("清除"), tr("删除"))

    def show_line(self, lab, text: str | None) -> None:
        lab.setText(text or "")
        lab.setVisible(bool(text))


class MobileStepScreen(KeypadStepScreen):
    """A mainland mobile number (``journey.mobile``) on the keypad: grouped as typed, a wrong
    one said in words, Next only for a valid one. Subclasses give the words
    (:meth:`texts`) and any way past it (:meth:`more_actions`, between Back and Next)."""

    personal = True

    def entry(self, journey):
        return journey.mobile

    def texts(self) -> tuple[str, str]:  # pragma: no cover - subclasses say what for
        """(title, hint), translated."""
        raise NotImplementedError

    def more_actions(self) -> list[tuple]:
        return []

    def render(self, st: KioskState) -> None:
        j = self.journey
        number = j.mobile.value if j else ""
        self._keys()
        self.keypad.set_letters((), 1)
        if j is not None:
            self.show_progress(j)
        title, hint = self.texts()
        self.title.setText(title)
        self.display.setText(group_mobile(number + "_" * (MOBILE_LEN - len(number))))
        self.display.setAccessibleName(number)
        self.hint.setText(hint)
        problem = mobile_problem(number)
        self.show_line(self.problem, "⚠ " + tr("这不是有效的手机号码，请检查") if problem else None)
        self.show_line(self.notice, None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            *self.more_actions(),
            self.action("btn_next", tr("下一步"), "primary", self.on(lambda j: j.mobile_next())),
        ], left=1)
        self.actions.buttons["btn_next"].setEnabled(valid_mobile(number))


class WorkingScreen(ScreenBase):
    """"Please wait": what the kiosk is doing now, in words the journey gives."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.body.addStretch(1)
        self.busy = Busy()
        self.body.addWidget(self.busy)
        self.detail = label("body", name="detail", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.detail)
        self.body.addStretch(2)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def words(self, working: str | None) -> tuple[str, str]:
        """(title, detail) for what the journey is doing, translated."""
        return tr("请稍候……"), ""

    def render(self, st: KioskState) -> None:
        j = self.journey
        title, detail = self.words(j.working if j else None)
        self.title.setText(title)
        self.detail.setText(detail)
        self.actions.set_actions([])
