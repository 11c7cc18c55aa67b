"""在线申报's screens (Qt). Steps: kiosk.journeys.cases.flow."""
from __future__ import annotations

import importlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout

from kiosk.flows.state import KioskState
from kiosk.journeys.cases.flow import (
    AT_WINDOW,
    DISTRICTS,
    HOUSE_DIGITS,
    PROVIDED,
    SKIPPED,
    SOURCE_WORDS,
)
from kiosk.journeys.cases.receipt import group_digits
from kiosk.journeys.steps.idcard import CardStep
from kiosk.privacy import mask_mobile
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import Rows, ScreenBase, card_frame
from kiosk.ui.steps import IdCardStepScreen, KeypadStepScreen, MobileStepScreen, WorkingScreen
from kiosk.ui.widgets import Tile, label, replace_tiles

ERRORS = {
    "idcard_needed": (N_("请先刷身份证"),
                      N_("在线申报需要读取身份证，身份证阅读器暂时无法使用。请稍后再试，或请工作人员帮助。")),
    "submit_failed": (N_("申请没有提交成功"),
                      N_("本机暂时无法保存您的申请。请重试，或请工作人员帮助。")),
    "device_lost": (N_("申报暂停"), N_("{reason}。请稍后再试，或请工作人员帮助。")),
}


def _name(st: KioskState, obj: dict | None, key: str = "name") -> str:
    if not obj:
        return ""
    return (obj.get(f"{key}_en") if st.english else "") or obj.get(key, "")


def _mat_name(st: KioskState, m) -> str:
    return (m.name_en if st.english else "") or m.name


class IdCardScreen(IdCardStepScreen):
    def card_step(self, journey):
        return journey.card

    def texts(self) -> tuple[str, str]:
        return (tr("在线申报：请刷身份证"),
                tr("请把身份证放在阅读器感应区上。申请将以您的名义提交，办理进度可凭身份证查询。"))

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


class CategoryScreen(ScreenBase):
    """The hall's categories first when there are many items."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
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
        self.title.setText(tr("请选择事项所属的业务类别"))
        cats = j.categories()
        key = (st.lang, st.elder, self.narrow, tuple(c.code for c in cats))
        if key != self._key:
            self._key = key
            counts: dict[str, int] = {}
            for i in j.items:
                counts[i.get("category")] = counts.get(i.get("category"), 0) + 1
            self.tiles = replace_tiles(self.grid, self.tiles, [
                (f"cat_{c.code}", c.name_en if st.english else c.name,
                 tr("{n}个事项").format(n=counts.get(c.code, 0)),
                 self.on(lambda j, code=c.code: j.choose_category(code))) for c in cats],
                1 if self.narrow and st.elder else 2 if st.elder or self.narrow else 3)
        self.actions.set_actions([self.action("btn_back", tr("返回"), "secondary",
                                              self.flow.back)], left=1)


class ItemScreen(ScreenBase):
    """The service items a page at a time, each with the start of its materials list."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.hint = label("body", name="hint")
        self.body.addWidget(self.hint)
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
        title = tr("请选择要申请的事项")
        if pages > 1:
            title += "  " + tr("（第 {page}/{pages} 页）").format(page=page + 1, pages=pages)
        self.title.setText(title)
        self.hint.setText(tr("选择事项后，按办事指南逐项提供材料。"))
        items = j.visible_items()
        key = (st.lang, st.elder, self.narrow, tuple(i["code"] for i in items))
        if key != self._key:
            self._key = key
            specs = []
            for item in items:
                mats = [_name(st, m) for m in item["materials"][:3]]
                more = "…" if len(item["materials"]) > 3 else ""
                specs.append((f"item_{item['code']}", _name(st, item),
                              tr("材料：") + tr("、").join(mats) + more,
                              self.on(lambda j, code=item["code"]: j.choose_item(code))))
            cols = 1 if self.narrow and st.elder else 2 if st.elder or self.narrow else 3
            self.tiles = replace_tiles(self.grid, self.tiles, specs, cols)
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


class MaterialScreen(ScreenBase):
    """One material: how to hand it in, or what was handed in."""

    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.about = label("body", name="about")
        self.state = label("note", name="material_state")
        self.notice = label("notice", name="notice")
        self.body.addWidget(self.about)
        self.body.addWidget(self.state)
        self.body.addWidget(self.notice)
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self.tiles: list[Tile] = []
        self._key: tuple = ()

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None or j.current is None:
            return
        self.show_progress(j)
        m = j.current
        n, total = j.position()
        self.title.setText(tr("材料 {n}/{total}：{name}").format(n=n, total=total,
                                                               name=_mat_name(st, m)))
        about = [tr("必须提供") if m.required else tr("可选材料")]
        if m.lenient:
            about.append(tr("可容缺受理：可先提交申请，审批前到窗口补交"))
        self.about.setText(tr("，").join(about))
        state = ""
        if m.how == PROVIDED:
            state = tr("✓ 已提交 {pages} 页").format(pages=m.pages)
        elif m.how == AT_WINDOW:
            state = tr("✓ 到窗口补交")
        elif m.how == SKIPPED:
            state = tr("✓ 不提供")
        self.state.setText(state)
        self.state.setVisible(bool(state))
        offered = j.offered_sources()
        note = ""
        if m.how is None and not offered:
            note = tr("本机暂时不能扫描或读取U盘。") + (
                tr("这项材料可以到窗口补交。") if m.lenient else
                "" if not m.required else tr("请到窗口递交申请，或请工作人员帮助。"))
        self.notice.setText("⚠ " + note if note else "")
        self.notice.setVisible(bool(note))
        specs = []
        if m.how is None:
            for k in offered:
                specs.append((f"source_{k}", tr(SOURCE_WORDS[k][0]), tr(SOURCE_WORDS[k][1]),
                              self.on(lambda j, k=k: j.use_source(k))))
            if m.lenient:
                specs.append(("btn_at_window", tr("到窗口补交"), tr("容缺受理，先提交申请"),
                              self.on(lambda j: j.bring_to_window())))
            if not m.required:
                specs.append(("btn_skip", tr("不提供"), "", self.on(lambda j: j.skip_material())))
        key = (st.lang, st.elder, self.narrow, j.index, tuple(s[0] for s in specs))
        if key != self._key:
            self._key = key
            self.tiles = replace_tiles(self.grid, self.tiles, specs, 1 if self.narrow else 2)
        actions = [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]
        if m.done:
            actions.append(self.action("btn_redo", tr("重新提供"), "secondary",
                                       self.on(lambda j: j.redo_material())))
        actions.append(self.action("btn_next", tr("下一步"), "primary",
                                   self.on(lambda j: j.material_next())))
        self.actions.set_actions(actions, left=1)
        self.actions.buttons["btn_next"].setEnabled(m.done)


class MobileScreen(MobileStepScreen):
    def texts(self) -> tuple[str, str]:
        return tr("请输入手机号码"), tr("用于短信通知受理、补正材料和办理结果。")


class _TileScreen(ScreenBase):
    """A title, a hint and a grid of choices."""

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

    def show_tiles(self, st: KioskState, specs: list[tuple], cols: int) -> None:
        key = (st.lang, st.elder, self.narrow, tuple(s[:3] for s in specs))
        if key != self._key:
            self._key = key
            self.tiles = replace_tiles(self.grid, self.tiles, specs,
                                1 if self.narrow and st.elder else cols)

    def back_only(self) -> None:
        self.actions.set_actions([self.action("btn_back", tr("返回"), "secondary",
                                              self.flow.back)], left=1)


class DeliveryScreen(_TileScreen):
    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.show_progress(j)
        self.title.setText(tr("办结后如何领取结果？"))
        self.hint.setText(tr("窗口领取请凭身份证或受理回执；邮寄送达免费，由邮政快递送到您填写的地址。"))
        self.show_tiles(st, [
            ("delivery_pickup", tr("窗口领取"), tr("到大厅出件窗口领取"),
             self.on(lambda j: j.choose_delivery("pickup"))),
            ("delivery_post", tr("邮寄送达"), tr("快递送到您的地址"),
             self.on(lambda j: j.choose_delivery("post")))], 2)
        self.back_only()


class DistrictScreen(_TileScreen):
    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.show_progress(j)
        self.title.setText(tr("邮寄地址：请选择区"))
        self.hint.setText(tr("依次选择区、道路，再输入门牌号。"))
        self.show_tiles(st, [
            (f"district_{i}", en if st.english else zh, "",
             self.on(lambda j, zh=zh: j.choose_district(zh)))
            for i, (zh, (en, _roads)) in enumerate(DISTRICTS.items())], 3)
        self.back_only()


class RoadScreen(_TileScreen):
    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.show_progress(j)
        self.title.setText(tr("邮寄地址：请选择道路"))
        d = DISTRICTS.get(j.app.address.district)
        self.hint.setText(d[0] if st.english and d else j.app.address.district)
        self.show_tiles(st, [
            (f"road_{i}", en if st.english else zh, "",
             self.on(lambda j, zh=zh: j.choose_road(zh)))
            for i, (zh, en) in enumerate(j.roads())], 3)
        self.back_only()


class HouseScreen(KeypadStepScreen):
    personal = True

    def entry(self, journey):
        return journey.house

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        digits = j.house.digits
        self._keys()
        self.keypad.set_letters((), 1)
        self.show_progress(j)
        a = j.app.address
        self.title.setText(tr("邮寄地址：请输入门牌号"))
        self.display.setText((digits or "_") + tr("号"))
        self.display.setAccessibleName(digits)
        d = DISTRICTS.get(a.district)
        where = f"{dict(d[1]).get(a.road, a.road)}, {d[0]}" if st.english and d else \
            f"{a.district} {a.road}"
        self.hint.setText(where + "\n" + tr("最多{n}位数字。").format(n=HOUSE_DIGITS))
        self.show_line(self.problem, None)
        self.show_line(self.notice, None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_next", tr("下一步"), "primary", self.on(lambda j: j.house_next())),
        ], left=1)
        self.actions.buttons["btn_next"].setEnabled(bool(digits) and int(digits) > 0)


class ReviewScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["applicant", "item", "materials", "missing", "mobile",
                                "delivery"])
        self.body.addWidget(frame)
        self.note = label("body", name="note")
        self.body.addWidget(self.note)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.show_progress(j)
        self.title.setText(tr("请核对申请信息"))
        self.rows.set("applicant", tr("申请人"),
                      j.card.holder.masked_name if j.card.holder else "")
        self.rows.set("item", tr("事项"), _name(st, j.app.item))
        handed = [tr("{name}（{pages}页）").format(name=_mat_name(st, m), pages=m.pages)
                  for m in j.app.materials if m.how == PROVIDED]
        self.rows.set("materials", tr("已提供材料"), "\n".join(handed) or tr("无"))
        missing = [_mat_name(st, m) for m in j.app.materials if m.how == AT_WINDOW]
        self.rows.set("missing", tr("到窗口补交"), "\n".join(missing) or tr("无"))
        self.rows.set("mobile", tr("手机号码"), mask_mobile(j.mobile.value))
        a = j.app.address
        self.rows.set("delivery", tr("领取方式"), tr("窗口领取") if j.app.delivery == "pickup"
                      else tr("邮寄送达：{address}").format(
                          address=a.text_en() if st.english else a.text()))
        self.note.setText(tr("提交后材料将加密保存并发送到审批部门，本机不保留材料。"))
        self.actions.set_actions([
            self.action("btn_back", tr("返回修改"), "secondary", self.flow.back),
            self.action("btn_submit", tr("确认提交"), "primary", self.on(lambda j: j.submit())),
        ], left=1)
        self.actions.buttons["btn_submit"].setEnabled(not j.busy)


class ApplyWorkingScreen(WorkingScreen):
    def words(self, working: str | None) -> tuple[str, str]:
        if working == "printing":
            return tr("正在打印受理回执……"), ""
        return tr("正在提交申请，请稍候……"), tr("材料正在加密保存，不要离开。")


class DoneScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.caption = label("muted", name="caption", align=Qt.AlignmentFlag.AlignCenter)
        # (grouped digits that wrap between groups on a portrait kiosk in elder mode)
        self.big = label("number", name="case_number",
                         align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.caption)
        self.body.addWidget(self.big)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["item", "time", "missing", "delivery"])
        self.body.addWidget(frame)
        self.next = label("body", name="next")
        self.body.addWidget(self.next)
        self.notice = label("notice", name="notice")
        self.body.addWidget(self.notice)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("申请已提交"))
        if j is None or j.receipt is None:
            return
        r = j.receipt
        self.caption.setText(tr("办件编号"))
        self.big.setText(group_digits(r["case_id"]))
        self.big.setAccessibleName(r["case_id"])
        self.rows.set("item", tr("事项"), _name(st, j.app.item))
        self.rows.set("time", tr("提交时间"), str(r["submitted_at"])[:16].replace("T", " "))
        missing = [_mat_name(st, m) for m in j.app.materials if m.how == AT_WINDOW]
        self.rows.set("missing", tr("到窗口补交"), tr("、").join(missing) or tr("无"))
        self.rows.set("delivery", tr("领取方式"),
                      tr("窗口领取") if j.app.delivery == "pickup" else tr("邮寄送达"))
        self.next.setText(tr("审批进度可在自助机凭身份证或办件编号查询，也可扫描回执上的二维码。"))
        problem = j.printing.problem
        text = tr("回执没有打印出来，请记下办件编号。") if problem else ""
        self.notice.setText("⚠ " + text if text else "")
        self.notice.setVisible(bool(text))
        actions = []
        if problem and j.printing.can_reprint:
            actions.append(self.action("btn_reprint", tr("重新打印"), "secondary",
                                       self.on(lambda j: j.reprint())))
        actions.append(self.action("btn_done", tr("完成"), "primary",
                                   self.on(lambda j: j.finish())))
        self.actions.set_actions(actions, left=len(actions) - 1)


SCREENS = {
    "idcard": IdCardScreen,
    "category": CategoryScreen,
    "item": ItemScreen,
    "material": MaterialScreen,
    "mobile": MobileScreen,
    "delivery": DeliveryScreen,
    "district": DistrictScreen,
    "road": RoadScreen,
    "house": HouseScreen,
    "review": ReviewScreen,
    "working": ApplyWorkingScreen,
    "done": DoneScreen,
}


def _source_screens() -> None:
    """The material sources' own screens, where their modules exist (see flow.build_sources)."""
    for module, names in (("kiosk.ui.docscan_screens",
                           {"scan": "DocScanLiveScreen", "scan_pages": "DocScanPagesScreen"}),
                          ("kiosk.ui.usb_screens",
                           {"usb": "UsbInsertScreen", "usb_files": "UsbFilesScreen",
                            "usb_take": "UsbTakeScreen"})):
        try:
            mod = importlib.import_module(module)
            found = {step: getattr(mod, cls) for step, cls in names.items()}
        except (ImportError, AttributeError):
            continue
        SCREENS.update(found)


_source_screens()
