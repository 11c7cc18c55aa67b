"""The take-a-ticket journey's screens (Qt). Steps: kiosk.journeys.ticket.flow."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QVBoxLayout

from kiosk.flows.state import KioskState
from kiosk.flows.validate import MOBILE_LEN, group_mobile, mobile_problem, valid_mobile
from kiosk.journeys.steps.idcard import CardStep
from kiosk.privacy import mask_mobile
from kiosk.ui import texts
from kiosk.ui.camera_steps import AppointmentCodeScreen
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import Rows, ScreenBase, card_frame
from kiosk.ui.shell_screens import ProblemScreen
from kiosk.ui.steps import KeypadStepScreen, WorkingScreen
from kiosk.ui.widgets import TapButton, Tile, label

#: this journey's error codes → (title, message)
ERRORS = {
    "ticket_failed": (N_("暂时无法取号"),
                      N_("排队系统没有回应。您可以重试，或请工作人员帮助。")),
    "ticket_failed_refused": (N_("无法取号"),
                              N_("这项业务现在不能取号。请工作人员帮助您。")),
    "device_lost": (N_("取号暂停"),
                    N_("{reason}。请使用其他取号机，或请工作人员帮助。")),
}


class CategoryScreen(ScreenBase):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.grid = QGridLayout()
        self.grid.setSpacing(14)
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
        key = (st.lang, st.elder, self.narrow, tuple(c.code for c in cats))
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
                # three lines (name, what it covers, where and how long): a tighter frame
                # keeps a large hall's categories on one screen at 1920×1080
                tile.layout().setContentsMargins(24, 12, 24, 12)
                tile.layout().setSpacing(6)
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
        cols = 2 if st.elder or self.narrow else 3
        rows = 2 if st.elder else (6 if self.narrow else 4)
        for i, c in enumerate(cats):
            tile = self._made[c.code]
            tile.set_content(texts.category_name(c, st), _tile_lines(c, st))
            self.tiles[c.code] = tile
            self.grid.addWidget(tile, i // cols, i % cols)
            tile.show()
        for r in range(6):  # reset rows/columns a larger layout used before
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for col in range(3):
            self.grid.setColumnStretch(col, 1 if col < cols else 0)


def _tile_lines(c, st: KioskState) -> str:
    """What the category covers (helps a citizen choose), then where and how long."""
    about = c.description_en if st.english else c.description
    return f"{about}\n{_queue_line(c, st)}" if about else _queue_line(c, st)


def _queue_line(c, st: KioskState) -> str:
    """Where, and how long the queue is now (when the queue server has said)."""
    # (the tile's own short forms: three lines of a tile in a 3-column grid)
    where = tr("{floor}楼{windows}号窗口").format(floor=c.floor, windows=c.windows)
    now = st.hall.get(c.code)
    if not now:
        return where
    waiting = int(now.get("waiting", 0))
    if waiting == 0:
        return where + " · " + tr("现在无需等候")
    wait = now.get("est_wait_min")
    line = where + " · " + tr("{n} 人等候").format(n=waiting)
    if wait:
        line += " · " + tr("约{minutes}分钟").format(minutes=wait)
    return line


class MobileScreen(KeypadStepScreen):
    personal = True

    def entry(self, journey):
        return journey.mobile

    def render(self, st: KioskState) -> None:
        j = self.journey
        number = j.mobile.value if j else ""
        self._keys()
        self.keypad.set_letters(("+",), 1)
        self.title.setText(tr("输入手机号码，叫号时短信通知您"))
        placeholder = "" if number.startswith("+") else "_" * (MOBILE_LEN - len(number))
        self.display.setText(group_mobile(number + placeholder))
        self.display.setAccessibleName(number)
        self.hint.setText(tr("大陆手机号请直接输入11位数字；境外号码请先点“+”，再输入国家代码和号码。"
                             "号码只用于本次叫号短信。"))
        problem = mobile_problem(number)
        self.show_line(self.problem, "⚠ " + tr("这不是有效的手机号码，请检查") if problem else None)
        self.show_line(self.notice, None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_no_sms", tr("不需要短信"), "secondary",
                        self.on(lambda j: j.skip_mobile())),
            self.action("btn_next", tr("完成"), "primary", self.on(lambda j: j.mobile_next())),
        ], left=1)
        self.actions.buttons["btn_next"].setEnabled(valid_mobile(number))


class ConfirmScreen(ScreenBase):
    """One screen to confirm: the service, and two offers — the ID card (priority,
    appointment) and an SMS number — neither of which the citizen has to take."""

    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["business", "where", "queue"])
        self.body.addWidget(frame)
        offers = self.offers = QHBoxLayout()
        offers.setSpacing(24)
        card_box, card_grid = card_frame()
        self.card_title = label("value", name="card_title")
        self.card_status = label("body", name="card_status")
        self.notice = label("notice", name="notice")
        card_grid.addWidget(self.card_title, 0, 0)
        card_grid.addWidget(self.card_status, 1, 0)
        card_grid.addWidget(self.notice, 2, 0)
        # an appointment QR code instead of the card (issue 12: steps.appointment_code)
        self.qr_button = TapButton("", "secondary", name="btn_scan_appointment",
                                   on_tap=self.on(lambda j: j.appointment_qr.open()))
        card_grid.addWidget(self.qr_button, 3, 0, Qt.AlignmentFlag.AlignLeft)
        offers.addWidget(card_box, 1)
        sms_box, sms_grid = card_frame()
        self.sms_title = label("value", name="sms_title")
        self.sms_status = label("body", name="row_sms")
        self.sms_button = TapButton("", "secondary", name="btn_add_mobile",
                                    on_tap=self.on(lambda j: j.add_mobile()))
        sms_grid.addWidget(self.sms_title, 0, 0)
        sms_grid.addWidget(self.sms_status, 1, 0)
        sms_grid.addWidget(self.sms_button, 2, 0, Qt.AlignmentFlag.AlignLeft)
        offers.addWidget(sms_box, 1)
        self.body.addLayout(offers)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("请确认取号信息"))
        # side by side on a landscape screen, one above the other on a portrait one
        self.offers.setDirection(QBoxLayout.Direction.TopToBottom if self.narrow
                                 else QBoxLayout.Direction.LeftToRight)
        if j is None:
            return
        c = j.category
        if c is not None:
            self.rows.set("business", tr("业务"), texts.category_name(c, st))
            self.rows.set("where", tr("办理地点"), tr("{zone}，{where}").format(
                zone=texts.zone_name(c, st), where=texts.where_text(c.floor, c.windows)))
            now = st.hall.get(c.code)
            if not now:
                queue = tr("暂时无法查询")
            elif int(now["waiting"]) == 0:
                queue = tr("现在无需等候")
            else:
                queue = tr("{n} 人等候").format(n=int(now["waiting"]))
            self.rows.set("queue", tr("现在排队"), queue)
        self._render_card(st, j)
        mobile = j.mobile.value
        self.sms_title.setText(tr("短信叫号（可选）"))
        self.sms_status.setText(tr("叫号时发短信到 {mobile}").format(mobile=mask_mobile(mobile))
                                if mobile else tr("不发短信。需要的话请添加手机号码。"))
        self.sms_button.setText(tr("修改手机号码") if mobile else tr("添加手机号码"))
        actions = [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]
        if st.mock and j.card.state is CardStep.WAITING:
            actions.append(self.action("btn_simulate_card", tr("模拟刷卡（演示）"), "secondary",
                                       self.on(lambda j: j.simulate_card())))
        actions.append(self.action("btn_confirm", tr("确认并打印号票"), "primary",
                                   self.on(lambda j: j.confirm())))
        self.actions.set_actions(actions, left=len(actions) - 1)
        self.actions.buttons["btn_confirm"].setEnabled(j.can_confirm)

    def _render_card(self, st: KioskState, j) -> None:
        step = j.card
        self.card_title.setText(tr("身份证（可选）"))
        if step.state is CardStep.WAITING:
            status = tr("年满70周岁或已预约？请把身份证放在阅读器上，优先办理、自动签到。"
                        "可用：居民身份证、港澳台居民居住证、外国人永久居留身份证。")
        elif step.state is CardStep.LOOKING_UP:
            status = tr("已读取身份证，正在查询预约……")
        elif step.state is CardStep.READ and step.holder:
            h = step.holder
            lines = [tr("已读取：{name}").format(name=h.masked_name)]
            if h.priority_reason:
                lines.append("✓ " + tr("年满70周岁，优先办理"))
            if h.appointment_code:
                lines.append("✓ " + tr("已找到您的预约，已签到（{code}）").format(
                    code=h.appointment_code))
            if not h.priority_reason and not h.appointment_code:
                lines.append(tr("按普通顺序排队。"))
            lines.append(tr("请取回身份证。"))
            status = "\n".join(lines)
        else:
            status = tr("没有证件也可以取号。")
        qr = j.appointment_qr  # an appointment QR code instead of the card (issue 12)
        if qr.code:
            status += "\n✓ " + tr("已扫预约码，取号时签到（{code}）").format(code=qr.code)
        self.qr_button.setText(tr("没带身份证？扫预约码签到"))
        by_card = step.holder is not None and step.holder.appointment_code
        self.qr_button.setVisible(qr.offered and not by_card)
        self.card_status.setText(status)
        notice = texts.notice_text(step.notice) or (
            texts.notice_text(qr.notice) if qr.problem == "unchecked" else "")
        self.notice.setText("⚠ " + notice if notice else "")
        self.notice.setVisible(bool(notice))


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
        row = self.turning(QHBoxLayout())
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
        can_reprint = j.printing.can_reprint
        if can_reprint:
            way_on = tr("您的号码已经登记，不会作废。请点“重新打印”，或记下号码到窗口办理。")
        else:
            way_on = tr("您的号码已经登记，不会作废。打印机现在无法使用：请记下号码，"
                        "或点“呼叫工作人员”。")
        msg = tr(problem) + "\n" + way_on
        self.message.setText(msg)
        if t is not None:
            self.card.show_ticket(st, t)
            self.where.setText(texts.where_text(t.floor, t.windows))
        actions = []
        if can_reprint:  # offered only when it can work
            actions.append(self.action("btn_reprint", tr("重新打印"), "primary",
                                       self.on(lambda j: j.reprint())))
        actions += [
            self.action("btn_staff", tr("呼叫工作人员"),
                        "secondary" if can_reprint else "primary", self.flow.call_staff),
            self.action("btn_done", tr("我已记下号码"), "secondary", self.on(lambda j: j.finish())),
        ]
        self.actions.set_actions(actions, left=len(actions))


class ScanCodeScreen(AppointmentCodeScreen):
    def offer(self, journey):
        return journey.appointment_qr


SCREENS = {
    "category": CategoryScreen,
    "mobile": MobileScreen,
    "confirm": ConfirmScreen,
    "scan_code": ScanCodeScreen,
    "working": TicketWorkingScreen,
    "done": DoneScreen,
    "print_failed": PrintFailedScreen,
}
