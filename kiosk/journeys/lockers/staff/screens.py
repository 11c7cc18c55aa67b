"""文件柜管理's screens (Qt, staff). Steps: kiosk.journeys.lockers.staff.flow."""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout

from kiosk.flows.state import KioskState
from kiosk.journeys.lockers.dropoff.screens import CaseNumberScreen
from kiosk.journeys.lockers.screens_common import (
    DoorScreen,
    LockerWorkingScreen,
    SizeScreen,
    notice_text,
    size_name,
)
from kiosk.journeys.lockers.staff.flow import OVERVIEW
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import Rows, ScreenBase, card_frame
from kiosk.ui.widgets import Tile, label

ERRORS = {
    "locker_lost": (N_("文件柜停止响应"),
                    N_("开着的柜格已记录为异常。请检查文件柜的电源和连线，恢复后在“文件柜管理”中处理。")),
    "not_recorded": (N_("没有登记成功"),
                     N_("本机暂时无法登记。该柜格将标记为异常，请稍后在“文件柜管理”中处理。")),
    "device_lost": (N_("文件柜暂停"), N_("{reason}。")),
}

STATUS = {
    "free": N_("空闲"),
    "opening": N_("开启中"),
    "dropoff": N_("待收取材料"),
    "loaded": N_("待取件"),
}

#: flags (kiosk.sync.lockers) in words for staff
FLAGS = {
    "interrupted": N_("开柜后未完成（如断电）"),
    "door_forced": N_("柜门被强行打开"),
    "left_open": N_("柜门长时间未关"),
    "door_open": N_("柜门开着"),
    "missing_item": N_("记录有物品，柜内为空"),
    "unexpected_item": N_("记录为空，柜内有物品"),
    "lock_failed": N_("开锁失败"),
    "empty_dropoff": N_("投递后未检测到材料"),
    "empty_load": N_("放证后未检测到物品"),
    "technician_open": N_("维护人员开过柜"),
}


def status_text(c: dict) -> str:
    if not c.get("known", True):
        return tr("状态未知")
    text = tr(STATUS.get(c["status"], c["status"]))
    if c.get("flag"):
        text = "⚠ " + tr(FLAGS.get(c["flag"], c["flag"]))
    return text


class OverviewScreen(ScreenBase):
    """Every compartment as a tile: number, size, what it holds, flags in words."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.summary = label("body", name="summary")
        self.body.addWidget(self.summary)
        self.notice = label("note", name="notice")
        self.body.addWidget(self.notice)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        self.body.addLayout(self.grid, 1)
        self.tiles: dict[int, Tile] = {}
        self._cols = 0

    def _tile(self, n: int) -> Tile:
        if n not in self.tiles:
            self.tiles[n] = Tile(name=f"compartment_{n}",
                                 on_tap=self.on(lambda j, n=n: j.select(n)))
        return self.tiles[n]

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("文件柜管理"))
        if j is None:
            return
        view = j.view
        cols = 3 if st.elder else 4
        if view is None:
            self.summary.setText(tr("正在读取柜子状态……"))
        else:
            counts = {s: sum(1 for c in view if c["status"] == s) for s in STATUS}
            flagged = sum(1 for c in view if c["flag"])
            unknown = sum(1 for c in view if not c["known"])
            text = tr("空闲 {free} · 待收取 {dropoff} · 待取件 {loaded} · 异常 {flagged}").format(
                free=counts["free"], dropoff=counts["dropoff"], loaded=counts["loaded"],
                flagged=flagged)
            if unknown:
                text += tr(" · 状态未知 {n}").format(n=unknown)
            self.summary.setText(text)
            if cols != self._cols:
                self._cols = cols
                for tile in self.tiles.values():
                    self.grid.removeWidget(tile)
            for i, c in enumerate(view):
                tile = self._tile(c["compartment"])
                if self.grid.indexOf(tile) < 0:
                    self.grid.addWidget(tile, i // cols, i % cols)
                tile.set_content(tr("{n}号柜 · {size}").format(
                    n=c["compartment"], size=size_name(c["size"])), status_text(c))
                tile.show()
        notice = notice_text(j.notice)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        collect = len(j.to_collect()) if view else 0
        # (no refresh button: the overview follows the cabinet's door events by itself)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_load", tr("放入办结证件"), "secondary", self.on(lambda j: j.load())),
            self.action("btn_collect_all", tr("收取全部材料（{n}）").format(n=collect), "primary",
                        self.on(lambda j: j.collect_all())),
        ], left=1)
        self.actions.buttons["btn_collect_all"].setEnabled(collect > 0)


class DetailScreen(ScreenBase):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["size", "record", "case", "board", "flag"])
        self.body.addWidget(frame)
        self.detail = label("muted", name="flag_detail")
        self.body.addWidget(self.detail)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        c = j.compartment(j.selected) if j is not None else None
        if c is None:
            return
        self.title.setText(tr("{n}号柜").format(n=c["compartment"]))
        self.rows.set("size", tr("尺寸"), size_name(c["size"]))
        self.rows.set("record", tr("记录"), tr(STATUS.get(c["status"], c["status"])))
        self.rows.set("case", tr("办件编号"), c["case_id"] or "—")
        occupied = {True: tr("有物品"), False: tr("空"), None: tr("无感应")}[c["occupied"]]
        door = {"open": tr("开"), "closed": tr("关"), "unknown": tr("未知")}.get(c["door"], "")
        self.rows.set("board", tr("柜子报告"), tr("柜门{door} · {item}").format(
            door=door, item=occupied if c["known"] else tr("未知")))
        self.rows.set("flag", tr("异常"), tr(FLAGS.get(c["flag"], c["flag"])) if c["flag"]
                      else tr("无"))
        self.detail.setText(c.get("flag_detail") or "")
        self.detail.setVisible(bool(c.get("flag_detail")))
        actions = [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]
        if c["status"] == "dropoff" and not c["flag"]:
            actions.append(self.action("btn_collect", tr("开柜收取材料"), "primary",
                                       self.on(lambda j: j.collect())))
        else:
            actions.append(self.action("btn_check", tr("开柜检查"), "primary",
                                       self.on(lambda j: j.check())))
        self.actions.set_actions(actions, left=1)
        self.actions.buttons[actions[-1][0]].setEnabled(c["known"])


class StaffCaseNumberScreen(CaseNumberScreen):
    def render(self, st: KioskState) -> None:
        super().render(st)
        self.title.setText(tr("放入办结证件：请输入办件编号"))
        self.hint.setText(tr("办件编号共12位数字，见办结证件的流转单。放入后系统自动短信通知申请人取件码。"))


class StaffSizeScreen(SizeScreen):
    def texts(self) -> tuple[str, str]:
        return tr("证件放哪种柜格？"), tr("系统自动分配一个空闲柜格并打开。")

    def fits(self, free: dict[str, int], size: str) -> int:
        return free.get(size, 0)  # staff choose the size exactly


class StaffDoorScreen(DoorScreen):
    def words(self, door) -> tuple[str, str]:
        n = door.compartment
        return {
            "collect": (tr("{n}号柜：请取出材料并关门").format(n=n),
                        tr("取出全部投递材料后关好柜门，系统登记为已收取并通知办件系统。")),
            "load": (tr("{n}号柜：请放入证件并关门").format(n=n),
                     tr("放入办结证件后关好柜门，系统生成取件码并短信通知申请人。")),
        }.get(door.purpose, (tr("{n}号柜：请检查后关门").format(n=n),
                             tr("检查柜内物品，关好柜门后登记检查结果。")))

    def actions_for(self, st, journey, door) -> list[tuple]:
        return []  # staff are the ones who would be called

    def mock_actions(self, door) -> list[tuple]:
        action = {"collect": "take_out", "load": "drop_off"}.get(door.purpose, "close_door")
        return [self.action("btn_simulate_close", tr("模拟完成并关门（演示）"), "secondary",
                            self.on(lambda j: j.door.simulate(action)))]


class ResolveScreen(ScreenBase):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.message = label("body", name="message")
        self.body.addWidget(self.message)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        n = j.door.compartment
        self.title.setText(tr("{n}号柜检查结果").format(n=n))
        seen = {True: tr("柜子检测到柜内有物品。"), False: tr("柜子检测到柜内为空。"),
                None: tr("该柜格没有物品感应。")}[j.seen_occupied]
        self.message.setText(seen + "\n" + tr("请登记检查结果："))
        self.actions.set_actions([
            self.action("btn_kept", tr("物品保留在柜中"), "secondary",
                        self.on(lambda j: j.resolve(False))),
            self.action("btn_emptied", tr("已全部取出，柜格空闲"), "primary",
                        self.on(lambda j: j.resolve(True))),
        ], left=1)


class StaffWorkingScreen(LockerWorkingScreen):
    pass


SCREENS = {
    OVERVIEW: OverviewScreen,
    "detail": DetailScreen,
    "case_no": StaffCaseNumberScreen,
    "size": StaffSizeScreen,
    "door": StaffDoorScreen,
    "resolve": ResolveScreen,
    "working": StaffWorkingScreen,
}
