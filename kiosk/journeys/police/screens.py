"""公安自助's screens (Qt). Steps: kiosk.journeys.police.flow; the identity check's screens are
the shared ones (kiosk.ui.identity_screens)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout

from kiosk.flows.state import KioskState
from kiosk.journeys.police.flow import A4, KINDS, THERMAL
from kiosk.journeys.police.receipt import grouped
from kiosk.ui import texts
from kiosk.ui.i18n import N_, tr
from kiosk.ui.identity_screens import IDENTITY_SCREENS, window_line
from kiosk.ui.screen_base import ScreenBase, card_frame
from kiosk.ui.shell_screens import ProblemScreen
from kiosk.ui.steps import WorkingScreen
from kiosk.ui.widgets import label, replace_tiles

#: this journey's error codes → (title, message)
ERRORS = {
    "police_issue_failed": (N_("证明暂时无法出具"),
                            N_("公安业务系统没有出具证明，请重试，或到窗口办理。")),
    "identity_unavailable": (N_("身份核验暂时无法进行"),
                             N_("身份核验服务暂时连接不上，请重试，或到窗口办理。")),
    "device_lost": (N_("办理暂停"), N_("{reason}。请使用其他自助机，或到窗口办理。")),
}


class ChooseScreen(ScreenBase):
    """Which document: one tile each."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.body.addLayout(self.grid, 1)
        self.note = label("muted", name="choose_note")
        self.body.addWidget(self.note)
        self.tiles: list = []
        self._key = None

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.show_progress(j)
        self.title.setText(tr("公安自助：请选择要办理的证明"))
        key = (st.lang, self.narrow)
        if key != self._key:
            self._key = key
            specs = [(f"kind_{k}", tr(title), tr(sub),
                      self.on(lambda j, k=k: j.choose(k))) for k, (title, sub, _p) in
                     KINDS.items()]
            self.tiles = replace_tiles(self.grid, self.tiles, specs, 1 if self.narrow else 3)
        self.note.setText(tr("办理前需要刷身份证并核验本人身份（人脸或指纹）。"))
        self.actions.set_actions([
            self.action("btn_back", tr("返回首页"), "secondary", self.flow.back)], left=1)


class PurposeScreen(ScreenBase):
    """What the document is for (printed on it)."""

    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.who = label("body", name="verified")
        self.body.addWidget(self.who)
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.body.addLayout(self.grid, 1)
        self.tiles: list = []
        self._key = None

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None or j.kind is None:
            return
        self.show_progress(j)
        self.title.setText(tr("{doc}：请选择用途").format(doc=tr(KINDS[j.kind][0])))
        holder = j.identity.card.holder
        name = holder.masked_name if holder else ""
        self.who.setText(tr("身份核验已通过：{name}").format(name=name))
        key = (st.lang, j.kind, self.narrow)
        if key != self._key:
            self._key = key
            specs = [(f"purpose_{i}", tr(p), "", self.on(lambda j, p=p: j.pick_purpose(p)))
                     for i, p in enumerate(j.purposes)]
            self.tiles = replace_tiles(self.grid, self.tiles, specs, 2 if self.narrow else 3)
        self.actions.set_actions([
            self.action("btn_back", tr("返回首页"), "secondary", self.flow.back)], left=1)


class PoliceWorkingScreen(WorkingScreen):
    personal = True

    def words(self, working: str | None) -> tuple[str, str]:
        j = self.journey
        if working == "printing":
            if j is not None and j.printed_on == A4:
                return tr("正在打印证明，请稍候……"), tr("证明从下方文件出口送出。")
            return tr("正在打印取件凭条，请稍候……"), tr("凭条从下方出票口送出。")
        return tr("正在出具证明，请稍候……"), ""


class CodesCard(QVBoxLayout):
    """The pick-up code (big, when the window hands the paper out) and the verification code."""

    def __init__(self) -> None:
        super().__init__()
        self.setSpacing(8)
        self.pickup_caption = label("muted", align=Qt.AlignmentFlag.AlignCenter)
        self.pickup = label("number", wrap=False, name="pickup_code",
                            align=Qt.AlignmentFlag.AlignCenter)
        self.caption = label("muted", align=Qt.AlignmentFlag.AlignCenter)
        self.code = label("title", wrap=False, name="verify_code",
                          align=Qt.AlignmentFlag.AlignCenter)
        for w in (self.pickup_caption, self.pickup, self.caption, self.code):
            self.addWidget(w)

    def show_codes(self, document, pickup: bool) -> None:
        self.caption.setText(tr("验证码"))
        self.code.setText(grouped(document.code) if document else "")
        self.pickup_caption.setText(tr("取件码") if pickup else "")
        self.pickup.setText(document.pickup_code if document and pickup else "")
        self.pickup_caption.setVisible(pickup)
        self.pickup.setVisible(pickup)


class DoneScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.codes = CodesCard()
        grid.addLayout(self.codes, 0, 0)
        self.body.addWidget(frame)
        self.where = label("body", name="done_text", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.where)
        self.take = label("title", name="take", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.take)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None or j.document is None:
            return
        doc = j.document
        self.title.setText(tr("{doc}已出具").format(doc=tr(KINDS[j.kind][0])))
        on_paper = j.printed_on == A4
        self.codes.show_codes(doc, pickup=not on_paper)
        if on_paper:
            self.where.setText(tr("证明上印有验证码和二维码，使用单位可扫码核验真伪。"))
            self.take.setText(tr("请从下方文件出口取走证明"))
        else:
            self.where.setText(tr("请凭取件码领取纸质证明。") + "\n" + window_line(j.identity,
                                                                        st.english))
            self.take.setText(tr("请取走取件凭条") if j.printed_on == THERMAL else
                              tr("请记下取件码"))
        self.actions.set_actions([
            self.action("btn_done", tr("完成"), "primary", self.on(lambda j: j.finish()))],
            left=0)


class PrintFailedScreen(ProblemScreen):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.body.removeWidget(self.message)
        row = QHBoxLayout()
        row.setSpacing(40)
        row.addWidget(self.message, 3)
        self.codes = CodesCard()
        row.addLayout(self.codes, 2)
        self.body.addLayout(row, 1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.title.setText(tr("证明没有打印出来"))
        problem_code = j.print_problem if j.printed_on == A4 else j.printing.problem
        problem = texts.PRINT_PROBLEMS.get(problem_code, texts.PRINT_PROBLEMS["print_failed"])
        self.message.setText(tr(problem) + "\n" + tr(
            "证明已经出具，不会丢失。请记下取件码到窗口领取，或点“重新打印”，或请工作人员帮助。"))
        self.codes.show_codes(j.document, pickup=True)
        actions = []
        if j.can_reprint:
            actions.append(self.action("btn_reprint", tr("重新打印"), "primary",
                                       self.on(lambda j: j.reprint())))
        actions += [
            self.action("btn_staff", tr("呼叫工作人员"), "secondary", self.flow.call_staff),
            self.action("btn_done", tr("我已记下取件码"), "secondary",
                        self.on(lambda j: j.finish())),
        ]
        self.actions.set_actions(actions, left=len(actions))


SCREENS = {
    **IDENTITY_SCREENS,
    "choose": ChooseScreen,
    "purpose": PurposeScreen,
    "working": PoliceWorkingScreen,
    "done": DoneScreen,
    "print_failed": PrintFailedScreen,
}
