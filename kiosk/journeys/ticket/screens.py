"""The take-a-ticket journey's screens (Qt). Steps: kiosk.journeys.ticket.flow."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout

from kiosk.flows.state import KioskState
from kiosk.flows.validate import MOBILE_LEN, group_mobile, mobile_problem, valid_mobile
from kiosk.journeys.steps.idcard import CardStep
from kiosk.privacy import mask_mobile
from kiosk.ui import texts
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import Rows, ScreenBase, card_frame
from kiosk.ui.shell_screens import ProblemScreen
from kiosk.ui.steps import IdCardStepScreen, KeypadStepScreen, WorkingScreen
from kiosk.ui.widgets import Tile, label

#: this journey's error codes → (title, message)
ERRORS = {
    "ticket_failed": (N_("暂时无法取号"),
                      N_("排队系统没有回应。您可以重试，或请工作人员帮助。")),
    "device_lost": (N_("取号暂停"),
                    N_("{reason}。请使用其他取号机，或请工作人员帮助。")),
}


class CategoryScreen(ScreenBase):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        self.body.addLayout(self.grid, 1)
        self._key: tuple = ()
        self.tiles: dict[str, Tile] = {}  # shown now, in grid order
        self._made: dict[str, Tile] = {}  # every tile made so far, by category code

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        cats = j.visible_categories()
        pages, page = j.page_count(), j.page
        title = tr("请选择要办理的业务")
        if pages > 1:
            title += "  " + tr("（第 {page}/{pages} 页）").format(page=page + 1, pages=pages)
        self.title.setText(title)
        key = (st.lang, st.elder, tuple(c.code for c in cats))
        if key != self._key:
            self._key = key
            self._rebuild(st, cats)
        actions = [self.action("btn_back", tr("返回首页"), "secondary", self.flow.back)]
        if pages > 1:
            actions += [
                self.action("btn_prev", tr("上一页"), "secondary", self.on(lambda j: j.page_prev())),
                self.action("btn_next", tr("下一页"), "primary", self.on(lambda j: j.page_next())),
            ]
        self.actions.set_actions(actions, left=1)
        if pages > 1:
            self.actions.buttons["btn_prev"].setEnabled(page > 0)
            self.actions.buttons["btn_next"].setEnabled(page < pages - 1)

    def ensure_tiles(self, categories) -> None:
        """Make the tiles once per category (creating and styling widgets is the slow part
        of a screen switch); later renders only place them and set their words."""
        for c in categories:
            if c.code not in self._made:
                tile = Tile(name=f"cat_{c.code}",
                            on_tap=self.on(lambda j, code=c.code: j.choose_category(code)))
                tile.setParent(self)
                tile.hide()
                self._made[c.code] = tile

    def catalogue_changed(self, categories) -> None:
        self.ensure_tiles(categories)

    def _rebuild(self, st: KioskState, cats) -> None:
        self.ensure_tiles(cats)
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
            tile.hide()
        self.tiles = {}
        cols = 2 if st.elder else 3
        rows = 3 if st.elder else 4
        for i, c in enumerate(cats):
            tile = self._made[c.code]
            sub = tr("{floor}楼 · {zone}").format(floor=c.floor, zone=texts.zone_name(c, st))
            tile.set_content(texts.category_name(c, st), sub)
            self.tiles[c.code] = tile
            self.grid.addWidget(tile, i // cols, i % cols)
            tile.show()
        for r in range(4):  # reset rows/columns a larger layout used before
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for col in range(3):
            self.grid.setColumnStretch(col, 1 if col < cols else 0)


class IdCardScreen(IdCardStepScreen):
    def step(self, journey):
        return journey.card

    def texts(self) -> tuple[str, str]:
        return (tr("如您年满70周岁或已预约，请刷身份证"),
                tr("请把身份证放在阅读器感应区上。年满70周岁的市民优先办理；已预约的市民自动签到。"
                   "\n不需要的话，请点“跳过”。"))

    def holder_lines(self, h) -> list[str]:
        lines = [tr("已读取：{name}").format(name=h.masked_name)]
        if h.priority_reason:
            lines.append("✓ " + tr("年满70周岁，优先办理"))
        if h.appointment_code:
            lines.append("✓ " + tr("已找到您的预约，已签到（{code}）").format(
                code=h.appointment_code))
        if not h.priority_reason and not h.appointment_code:
            lines.append(tr("按普通顺序排队。"))
        lines.append(tr("请取回身份证。"))
        return lines

    def actions_for(self, st, step) -> list[tuple]:
        if step.state is CardStep.READ:
            go_on = tr("下一步")
        elif step.state is CardStep.UNAVAILABLE:
            go_on = tr("继续")
        else:
            go_on = tr("跳过")
        actions = [
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_skip", go_on,
                        "primary" if step.state is not CardStep.WAITING else "secondary",
                        self.on(lambda j: j.skip_idcard())),
        ]
        return actions

    def render(self, st: KioskState) -> None:
        super().render(st)
        j = self.journey
        if j is not None and "btn_skip" in self.actions.buttons:
            self.actions.buttons["btn_skip"].setEnabled(j.card.state is not CardStep.LOOKING_UP)


class MobileScreen(KeypadStepScreen):
    personal = True

    def entry(self, journey):
        return journey.mobile

    def render(self, st: KioskState) -> None:
        j = self.journey
        digits = j.mobile.value if j else ""
        self._keys()
        self.title.setText(tr("输入手机号码，叫号时短信通知您（可跳过）"))
        placeholder = "_" * (MOBILE_LEN - len(digits))
        self.display.setText(group_mobile(digits + placeholder))
        self.display.setAccessibleName(digits)
        self.hint.setText(tr("请输入11位手机号码。号码只用于本次叫号短信。"))
        problem = mobile_problem(digits)
        self.show_line(self.problem, "⚠ " + tr("这不是有效的手机号码，请检查") if problem else None)
        notice = texts.notice_text(j.card.notice) if j else ""
        self.show_line(self.notice, "⚠ " + notice if notice else None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_skip", tr("不需要短信"), "secondary",
                        self.on(lambda j: j.skip_mobile())),
            self.action("btn_next", tr("下一步"), "primary", self.on(lambda j: j.mobile_next())),
        ], left=1)
        self.actions.buttons["btn_next"].setEnabled(valid_mobile(digits))


class ConfirmScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["business", "where", "priority", "sms"])
        self.body.addWidget(frame)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("请确认取号信息"))
        if j is None:
            return
        c = j.category
        if c is not None:
            self.rows.set("business", tr("业务"), texts.category_name(c, st))
            self.rows.set("where", tr("办理地点"), tr("{zone}，{where}").format(
                zone=texts.zone_name(c, st), where=texts.where_text(c.floor, c.windows)))
        h = j.card.holder
        priority = []
        if h and h.priority_reason:
            priority.append(tr(texts.PRIORITIES[h.priority_reason]))
        if h and h.appointment_code:
            priority.append(tr("预约签到"))
        self.rows.set("priority", tr("优先"), tr("、").join(priority) if priority else tr("无"))
        mobile = j.mobile.value
        sms = (tr("叫号时发短信到 {mobile}").format(mobile=mask_mobile(mobile))
               if mobile else tr("不发短信"))
        self.rows.set("sms", tr("短信通知"), sms)
        self.actions.set_actions([
            self.action("btn_back", tr("返回修改"), "secondary", self.flow.back),
            self.action("btn_cancel", tr("取消"), "secondary", self.flow.go_home),
            self.action("btn_confirm", tr("确认并打印号票"), "primary",
                        self.on(lambda j: j.confirm())),
        ], left=2)


class TicketWorkingScreen(WorkingScreen):
    def words(self, working: str | None) -> tuple[str, str]:
        if working == "printing":
            return tr("正在打印号票，请稍候……"), tr("号票从下方出票口送出。")
        return tr("正在取号，请稍候……"), tr("正在连接排队系统。")


class TicketCard(QFrame):
    """The number, big, with the business under it."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "card")
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 28, 48, 28)
        box.setSpacing(8)
        self.caption = label("muted", align=Qt.AlignmentFlag.AlignCenter)
        self.number = label("number", wrap=False, name="ticket_number",
                            align=Qt.AlignmentFlag.AlignCenter)
        self.business = label("body", align=Qt.AlignmentFlag.AlignCenter, name="ticket_business")
        self.tags = label("tag", wrap=False, name="ticket_tags", align=Qt.AlignmentFlag.AlignCenter)
        for w in (self.caption, self.number, self.business):
            box.addWidget(w)
        box.addWidget(self.tags, 0, Qt.AlignmentFlag.AlignHCenter)

    def show_ticket(self, st: KioskState, ticket) -> None:
        self.caption.setText(tr("您的号码"))
        self.number.setText(ticket.number)
        self.business.setText(texts.category_name(ticket, st))
        tags = []
        if ticket.priority in texts.PRIORITIES:
            tags.append(tr(texts.PRIORITIES[ticket.priority]))
        if ticket.reissued_from:
            tags.append(tr("补号（原号 {number}）").format(number=ticket.reissued_from))
        self.tags.setText(" · ".join(tags))
        self.tags.setVisible(bool(tags))


class DoneScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = QHBoxLayout()
        row.setSpacing(40)
        self.card = TicketCard()
        row.addWidget(self.card, 2)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["ahead", "wait", "where"], value_role="value")
        self.call = label("body", name="row_call")
        grid.addWidget(self.call, 3, 0, 1, 2)
        self.offline = label("notice", name="offline")
        grid.addWidget(self.offline, 4, 0, 1, 2)
        row.addWidget(frame, 3)
        self.body.addLayout(row)
        self.take = label("title", name="take_ticket", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.take)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        t = j.ticket if j else None
        self.title.setText(tr("取号成功"))
        if t is None:
            return
        self.card.show_ticket(st, t)
        self.rows.set("ahead", tr("前面还有"), texts.ahead_text(t.ahead))
        self.rows.set("wait", tr("预计等候"), texts.minutes_text(t.est_wait_min))
        self.rows.set("where", tr("办理地点"), texts.where_text(t.floor, t.windows))
        call = tr("请留意大厅叫号屏。")
        mobile = getattr(getattr(j, "mobile", None), "value", "")
        if mobile:
            call += tr("叫号时发短信到 {mobile}。").format(mobile=mask_mobile(mobile))
        self.call.setText(call)
        offline = tr("排队系统暂时连接不上：号码已在本机登记，排队人数稍后在叫号屏查看。")
        self.offline.setText("⚠ " + offline if t.offline else "")
        self.offline.setVisible(t.offline)
        self.take.setText(tr("请从下方出票口取走号票"))
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
        col = QVBoxLayout()
        col.addWidget(self.message)
        col.addStretch(1)
        row.addLayout(col, 3)
        right = QVBoxLayout()
        self.card = TicketCard()
        right.addWidget(self.card)
        self.where = label("body", name="where", align=Qt.AlignmentFlag.AlignCenter)
        right.addWidget(self.where)
        right.addStretch(1)
        row.addLayout(right, 2)
        self.body.addLayout(row, 1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        t = j.ticket
        self.title.setText(tr("号票没有打印出来"))
        problem = texts.PRINT_PROBLEMS.get(j.printing.problem, texts.PRINT_PROBLEMS["print_failed"])
        msg = tr(problem) + "\n" + tr(
            "您的号码已经登记，不会作废。请记下号码，或点“重新打印”，或请工作人员帮助。")
        can_reprint = j.printing.can_reprint
        if not can_reprint:
            msg += "\n" + tr("打印机现在无法使用，暂时不能重新打印。")
        self.message.setText(msg)
        if t is not None:
            self.card.show_ticket(st, t)
            self.where.setText(texts.where_text(t.floor, t.windows))
        self.actions.set_actions([
            self.action("btn_reprint", tr("重新打印"), "primary", self.on(lambda j: j.reprint())),
            self.action("btn_staff", tr("呼叫工作人员"), "secondary", self.flow.call_staff),
            self.action("btn_done", tr("我已记下号码"), "secondary", self.on(lambda j: j.finish())),
        ], left=3)
        self.actions.buttons["btn_reprint"].setEnabled(can_reprint)


SCREENS = {
    "category": CategoryScreen,
    "idcard": IdCardScreen,
    "mobile": MobileScreen,
    "confirm": ConfirmScreen,
    "working": TicketWorkingScreen,
    "done": DoneScreen,
    "print_failed": PrintFailedScreen,
}
