"""投递材料's screens (Qt). Steps: kiosk.journeys.lockers.dropoff.flow."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout

from kiosk.flows.state import KioskState
from kiosk.journeys.lockers.dropoff.flow import CASE_DIGITS
from kiosk.journeys.lockers.receipt import group_digits
from kiosk.journeys.lockers.screens_common import (
    DoorScreen,
    LockerWorkingScreen,
    SizeScreen,
    notice_text,
)
from kiosk.journeys.steps.idcard import CardStep
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import Rows, ScreenBase, card_frame
from kiosk.ui.steps import IdCardStepScreen, KeypadStepScreen, MobileStepScreen
from kiosk.ui.widgets import TapButton, Tile, label

ERRORS = {
    "idcard_needed": (N_("请先刷身份证"),
                      N_("投递材料需要读取身份证，身份证阅读器暂时无法使用。请稍后再试，或请工作人员帮助。")),
    "locker_unavailable": (N_("文件柜暂时无法使用"),
                           N_("暂时读不到柜门状态。请重试，或请工作人员帮助。")),
    "no_compartment": (N_("没有合适的空柜格"),
                       N_("这么大的柜格暂时都满了。可以返回选择更大的柜格，或在办公时间到窗口递交。")),
    "door_not_opened": (N_("柜门没有打开"),
                        N_("这个柜格没有打开，已通知工作人员检修。请点“重试”，系统将为您换一个柜格。")),
    "locker_lost": (N_("文件柜停止响应"),
                    N_("柜子暂时无法确认柜门是否关好。如材料已放入，工作人员会核对该柜格并与您联系；"
                       "请点“呼叫工作人员”。")),
    "dropoff_not_recorded": (N_("投递没有登记成功"),
                             N_("材料已在柜中，但本机暂时无法登记。工作人员会核对该柜格，请点“呼叫工作人员”。")),
    "device_lost": (N_("投递暂停"), N_("{reason}。请稍后再试，或请工作人员帮助。")),
}


class IdCardScreen(IdCardStepScreen):
    def card_step(self, journey):
        return journey.card

    def texts(self) -> tuple[str, str]:
        return (tr("投递材料：请刷身份证"),
                tr("请把身份证放在阅读器感应区上。投递的材料将登记在您的名下，办结后凭身份证或短信取件码取件。"))

    def holder_lines(self, h) -> list[str]:
        return [tr("已读取：{name}").format(name=h.masked_name), tr("请取回身份证。")]

    def actions_for(self, st, step) -> list[tuple]:
        return [self.action("btn_back", tr("返回首页"), "secondary", self.flow.back),
                self.action("btn_next", tr("下一步"), "primary",
                            self.on(lambda j: j.idcard_next()))]

    def render(self, st: KioskState) -> None:
        super().render(st)
        j = self.journey
        if j is not None:
            self.show_progress(j)
            if "btn_next" in self.actions.buttons:
                self.actions.buttons["btn_next"].setEnabled(j.card.state is CardStep.READ)


class ItemScreen(ScreenBase):
    """The service items, a page at a time, and the way for those who have a case number."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = QHBoxLayout()
        self.hint = label("body", name="hint")
        row.addWidget(self.hint, 1)
        # in the body, not the action bar: that bar must also fit an upright screen
        self.case_no = TapButton("", "secondary", name="btn_case_no",
                                 on_tap=self.on(lambda j: j.have_case_number()))
        row.addWidget(self.case_no)
        self.body.addLayout(row)
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        self.body.addLayout(self.grid, 1)
        self.tiles: list[Tile] = []
        self._key: tuple = ()

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.show_progress(j)
        pages, page = j.page_count(), j.page
        title = tr("请选择要投递材料的事项")
        if pages > 1:
            title += "  " + tr("（第 {page}/{pages} 页）").format(page=page + 1, pages=pages)
        self.title.setText(title)
        self.hint.setText(tr("已有办件编号（补交材料）的，请点“我有办件编号”。"))
        items = j.visible_items()
        key = (st.lang, st.elder, tuple(i["code"] for i in items))
        if key != self._key:
            self._key = key
            self._rebuild(st, items)
        self.case_no.setText(tr("我有办件编号"))
        actions = [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]
        if pages > 1:
            actions += [
                self.action("btn_prev", tr("上一页"), "secondary", self.on(lambda j: j.page_prev())),
                self.action("btn_next", tr("下一页"), "primary", self.on(lambda j: j.page_next())),
            ]
        self.actions.set_actions(actions, left=1)
        if pages > 1:
            self.actions.buttons["btn_prev"].setEnabled(page > 0)
            self.actions.buttons["btn_next"].setEnabled(page < pages - 1)

    def _rebuild(self, st: KioskState, items) -> None:
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.hide()
            tile.deleteLater()
        self.tiles = []
        cols = 2 if st.elder else 3
        for i, item in enumerate(items):
            tile = Tile(name=f"item_{item['code']}",
                        on_tap=self.on(lambda j, code=item["code"]: j.choose_item(code)))
            name = item["name_en"] if st.english and item.get("name_en") else item["name"]
            mats = [m["name_en"] if st.english and m.get("name_en") else m["name"]
                    for m in item.get("materials", [])[:3]]
            tile.set_content(name, tr("材料：") + tr("、").join(mats) if mats else "")
            self.grid.addWidget(tile, i // cols, i % cols)
            tile.show()
            self.tiles.append(tile)


class CaseNumberScreen(KeypadStepScreen):
    personal = True

    def entry(self, journey):
        return journey.case_no

    def render(self, st: KioskState) -> None:
        j = self.journey
        digits = j.case_no.digits if j else ""
        self._keys()
        self.keypad.set_letters((), 1)
        if j is not None:
            self.show_progress(j)
        self.title.setText(tr("请输入办件编号"))
        self.display.setText(group_digits(digits + "_" * (CASE_DIGITS - len(digits))))
        self.display.setAccessibleName(digits)
        self.hint.setText(tr("办件编号共12位数字，印在受理回执上，或见短信。"))
        self.show_line(self.problem, None)
        notice = notice_text(j.notice) if j else ""
        self.show_line(self.notice, "⚠ " + notice if notice else None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_next", tr("下一步"), "primary", self.on(lambda j: j.case_next())),
        ], left=1)
        self.actions.buttons["btn_next"].setEnabled(
            len(digits) == CASE_DIGITS and not (j and j.busy))


class MobileScreen(MobileStepScreen):
    def texts(self) -> tuple[str, str]:
        return (tr("办结后短信通知您取件"),
                tr("请输入11位手机号码。号码只用于通知办理结果和取件码。"))

    def more_actions(self) -> list[tuple]:
        return [self.action("btn_no_sms", tr("不需要短信"), "secondary",
                            self.on(lambda j: j.skip_mobile()))]


class DropoffSizeScreen(SizeScreen):
    pass


class DropoffDoorScreen(DoorScreen):
    def words(self, door) -> tuple[str, str]:
        return (tr("请把材料放入{n}号柜，并关好柜门").format(n=door.compartment),
                tr("柜门已自动弹开。放入全部材料后，推上柜门，听到“咔哒”一声即已锁好。"))

    def mock_actions(self, door) -> list[tuple]:
        return [self.action("btn_simulate_drop", tr("模拟放入材料并关门（演示）"), "secondary",
                            self.on(lambda j: j.door.simulate("drop_off")))]


class DoneScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        # (grouped digits that wrap between groups on a portrait kiosk in elder mode)
        self.big = label("number", name="case_number",
                         align=Qt.AlignmentFlag.AlignCenter)
        self.caption = label("muted", name="caption", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.caption)
        self.body.addWidget(self.big)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["compartment", "time", "item"])
        self.body.addWidget(frame)
        self.next = label("body", name="next")
        self.body.addWidget(self.next)
        self.notice = label("notice", name="notice")
        self.body.addWidget(self.notice)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("投递成功"))
        if j is None or j.receipt is None:
            return
        r = j.receipt
        self.caption.setText(tr("办件编号"))
        self.big.setText(group_digits(r["case_id"]))
        self.big.setAccessibleName(r["case_id"])
        self.rows.set("compartment", tr("柜格"), tr("{n}号柜").format(n=r["compartment"]))
        self.rows.set("time", tr("投递时间"), str(r["at"])[:16].replace("T", " "))
        item = j.item
        name = (item.get("name_en") if st.english else "") or item["name"] if item else ""
        self.rows.set("item", tr("事项"), name or tr("补交材料"))
        self.next.setText(tr("工作人员上班后收取材料并办理。办结后将短信通知取件码，凭身份证或取件码在本柜取件。"))
        problem = j.printing.problem
        text = tr("回执没有打印出来，请记下办件编号。") if problem else ""
        self.notice.setText("⚠ " + text if text else "")
        self.notice.setVisible(bool(text))
        self.actions.set_actions([
            self.action("btn_done", tr("完成"), "primary", self.on(lambda j: j.finish()))], left=0)


class DropoffWorkingScreen(LockerWorkingScreen):
    pass


SCREENS = {
    "idcard": IdCardScreen,
    "item": ItemScreen,
    "case_no": CaseNumberScreen,
    "mobile": MobileScreen,
    "size": DropoffSizeScreen,
    "door": DropoffDoorScreen,
    "working": DropoffWorkingScreen,
    "done": DoneScreen,
}
