"""审批进度查询's screens (Qt). Steps: kiosk.journeys.case_progress.flow."""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout

from kiosk.flows.state import KioskState
from kiosk.journeys.case_progress.flow import CASE_DIGITS, CASE_NO, IDCARD, QR, STAGES
from kiosk.journeys.case_progress.sheet import group_digits
from kiosk.ui import texts
from kiosk.ui.camera_steps import QrScanScreen
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import Rows, ScreenBase, card_frame
from kiosk.ui.steps import IdCardStepScreen, KeypadStepScreen, WorkingScreen
from kiosk.ui.widgets import Tile, label, replace_tiles

ERRORS = {
    "lookup_failed": (N_("暂时查不到办件进度"),
                      N_("办件系统暂时没有回应。请重试，或请工作人员帮助。")),
    "device_lost": (N_("查询暂停"), N_("{reason}。请稍后再试，或请工作人员帮助。")),
}

#: the stages as the citizen reads them
STAGE_NAMES = {
    "received": N_("已收件"),
    "queued_on_kiosk": N_("待发送（本机将自动发送）"),
    "accepted": N_("已受理"),
    "in_review": N_("审核中"),
    "missing_materials": N_("待补正材料"),
    "approved": N_("审批通过"),
    "ready_for_collection": N_("待领取"),
    "delivered": N_("已送达"),
}
NOTICES = {"case_unknown": N_("没有找到这个办件，请核对回执或短信上的编号。")}


def notice_words(notice) -> str:
    if notice is None:
        return ""
    text = NOTICES.get(notice.code)
    return tr(text) if text else texts.notice_text(notice)


def stage_name(status: str) -> str:
    return tr(STAGE_NAMES[status]) if status in STAGE_NAMES else status


def in_language(st: KioskState, text: str) -> str:
    """The server's bilingual "中文 / English" words in the screen's language."""
    zh, sep, en = text.partition(" / ")
    return (en if st.english else zh) if sep else text


def item_name(st: KioskState, case: dict) -> str:
    return (case.get("item_name_en") if st.english else "") or case.get("item_name", "")


class ChooseScreen(ScreenBase):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.hint = label("body", name="hint")
        self.body.addWidget(self.hint)
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self.tiles: list[Tile] = []
        self._key: tuple = ()

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.title.setText(tr("审批进度查询"))
        self.hint.setText(tr("请选择查询方式。"))
        words = {IDCARD: (tr("刷身份证"), tr("查询我名下的全部办件")),
                 CASE_NO: (tr("输入办件编号"), tr("12位数字，见受理回执或短信")),
                 QR: (tr("扫描回执二维码"), tr("把受理回执上的二维码对准摄像头"))}
        ways = j.ways()
        key = (st.lang, st.elder, self.narrow, tuple(ways))
        if key != self._key:
            self._key = key
            self.tiles = replace_tiles(self.grid, self.tiles, [
                (f"way_{w}", *words[w], self.on(lambda j, w=w: j.choose(w))) for w in ways],
                1 if self.narrow else 3 if not st.elder else 2)
        self.actions.set_actions([self.action("btn_back", tr("返回首页"), "secondary",
                                              self.flow.back)], left=1)


class IdCardScreen(IdCardStepScreen):
    def card_step(self, journey):
        return journey.card

    def texts(self) -> tuple[str, str]:
        return (tr("请刷身份证"), tr("请把身份证放在阅读器感应区上，查询您名下的办件。"))

    def actions_for(self, st, step) -> list[tuple]:
        return [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]


class CaseNumberScreen(KeypadStepScreen):
    personal = True

    def entry(self, journey):
        return journey.case_no

    def render(self, st: KioskState) -> None:
        j = self.journey
        digits = j.case_no.digits if j else ""
        self._keys()
        self.keypad.set_letters((), 1)
        self.title.setText(tr("请输入办件编号"))
        self.display.setText(group_digits(digits + "_" * (CASE_DIGITS - len(digits))))
        self.display.setAccessibleName(digits)
        self.hint.setText(tr("办件编号共12位数字，印在受理回执上，或见短信。"))
        self.show_line(self.problem, None)
        notice = notice_words(j.notice) if j else ""
        self.show_line(self.notice, "⚠ " + notice if notice else None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_next", tr("查询"), "primary", self.on(lambda j: j.case_next())),
        ], left=1)
        self.actions.buttons["btn_next"].setEnabled(len(digits) == CASE_DIGITS)


class QrScreen(QrScanScreen):
    def scan_step(self, journey):
        return journey.scanner

    def texts(self) -> tuple[str, str]:
        return tr("请出示受理回执上的二维码"), tr("请把回执上的二维码对准摄像头，离屏幕一拳远。")

    def render(self, st: KioskState) -> None:
        super().render(st)
        j = self.journey
        words = notice_words(j.notice) if j is not None else ""
        if words:
            self.notice.setText("⚠ " + words)
            self.notice.setVisible(True)


class LookupScreen(WorkingScreen):
    def words(self, working: str | None) -> tuple[str, str]:
        if working == "printing":
            return tr("正在打印办件进度单……"), ""
        return tr("正在查询，请稍候……"), tr("正在向办件系统查询进度。")


class ListScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.hint = label("body", name="hint")
        self.body.addWidget(self.hint)
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self.tiles: list[Tile] = []
        self._key: tuple = ()

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        cases = j.cases or []
        self.title.setText(tr("我的办件"))
        self.hint.setText(tr("共 {n} 件，请点一件查看进度。").format(n=len(cases)) if cases
                          else tr("您名下没有查到办件。在本机提交的申请，几分钟后即可查到。"))
        key = (st.lang, st.elder, self.narrow, tuple((c["case_id"], c["status"]) for c in cases))
        if key != self._key:
            self._key = key
            self.tiles = replace_tiles(self.grid, self.tiles, [
                (f"case_{c['case_id']}", item_name(st, c),
                 f"{group_digits(c['case_id'])} · {stage_name(c['status'])}",
                 self.on(lambda j, cid=c["case_id"]: j.open_case(cid))) for c in cases[:8]],
                1 if self.narrow or st.elder else 2)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_done", tr("完成"), "primary", self.on(lambda j: j.finish()))],
            left=1)


class DetailScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.stage = label("title", name="stage")
        self.body.addWidget(self.stage)
        # what the citizen must do comes before the details (it is what they came for)
        self.notice = label("notice", name="notice")
        self.body.addWidget(self.notice)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["case", "item", "submitted", "missing", "collect", "when"])
        self.body.addWidget(frame)
        self.timeline = label("body", name="timeline")
        self.body.addWidget(self.timeline)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None or j.case is None:
            return
        c = j.case
        self.title.setText(tr("办件进度"))
        self.stage.setText(tr("当前状态：{stage}").format(stage=stage_name(c.get("status", ""))))
        self.rows.set("case", tr("办件编号"), group_digits(c["case_id"]))
        self.rows.set("item", tr("事项"), item_name(st, c))
        self.rows.set("submitted", tr("提交时间"),
                      str(c.get("submitted_at", ""))[:16].replace("T", " "))
        missing = (c.get("missing_en") if st.english else None) or c.get("missing") or []
        self.rows.set("missing", tr("待补交材料"), tr("、").join(missing) if missing else tr("无"))
        collect = c.get("collect") or {}
        self.rows.set("collect", tr("领取地点"), in_language(st, collect.get("where", "")) or (
            tr("邮寄送达") if c.get("delivery") == "post" else tr("办结后短信通知")))
        self.rows.set("when", tr("领取时间"), in_language(st, collect.get("when", "")) or "—")
        dates = j.stage_dates()
        now = j.stage_index()
        lines = []
        for i, s in enumerate(STAGES):
            mark = "●" if i == now else "✓" if i < now and s in dates else "○"
            lines.append(f"{mark} {stage_name(s)}  {dates.get(s, '')}".rstrip())
        self.timeline.setText("\n".join(lines))
        note = ""
        if missing and c.get("status") in ("accepted", "missing_materials"):
            note = tr("请在审批前把待补交材料送到窗口，并出示受理回执。")
        if j.printing.problem:
            note = tr("进度单没有打印出来。")
        elif j.printed:
            note = tr("进度单已打印，请取走。")
        self.notice.setText(("⚠ " if j.printing.problem or missing else "") + note if note else "")
        self.notice.setVisible(bool(note))
        actions = [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]
        if j.kind_up("printer"):
            actions.append(self.action("btn_print", tr("打印进度单"), "secondary",
                                       self.on(lambda j: j.print_sheet())))
        actions.append(self.action("btn_done", tr("完成"), "primary", self.on(lambda j: j.finish())))
        self.actions.set_actions(actions, left=1)


SCREENS = {
    "choose": ChooseScreen,
    "idcard": IdCardScreen,
    "case_no": CaseNumberScreen,
    "qr": QrScreen,
    "working": LookupScreen,
    "list": ListScreen,
    "detail": DetailScreen,
}
