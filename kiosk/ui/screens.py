"""One widget per screen. Each renders the flow's state and forwards taps to the flow.

No screen decides anything: availability, validation and the next step all come from
:class:`~kiosk.flows.flow.KioskFlow`. Text comes through ``tr()`` at render time, so a
language switch is one re-render.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.flows.availability import Fn, Reason
from kiosk.flows.flow import KioskFlow
from kiosk.flows.state import Action, CardStep, KioskState, Screen, Working
from kiosk.flows.validate import (
    MOBILE_LEN,
    group_mobile,
    mobile_problem,
    valid_mobile,
    valid_ticket_number,
)
from kiosk.privacy import mask_mobile
from kiosk.ui import texts
from kiosk.ui.i18n import tr
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import ActionBar, Busy, Keypad, Tile, clear_layout, label


class ScreenBase(QWidget):
    screen: Screen
    #: shows personal data (name, mobile, number): emptied when the session ends
    personal = False
    painted = Signal()

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__()
        self.flow = flow
        self.setObjectName(f"screen_{self.screen.value}")
        self.setProperty("screen", True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.outer = QVBoxLayout(self)
        self.outer.setSpacing(20)
        self.title = label("title", name="title")
        self.outer.addWidget(self.title)
        self.body = QVBoxLayout()
        self.body.setSpacing(20)
        self.outer.addLayout(self.body, 1)
        self.actions = ActionBar()
        self.outer.addWidget(self.actions)
        self._theme: Theme | None = None

    def apply_theme(self, theme: Theme) -> None:
        m = theme.margin
        self.outer.setContentsMargins(m, m - 8, m, m - 8)
        self.outer.setSpacing(theme.spacing)
        self._theme = theme

    def render(self, st: KioskState) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def wipe(self) -> None:
        """Forget what the last citizen saw here (render() fills every label again)."""
        for lab in self.findChildren(QLabel):
            lab.setText("")
            lab.setAccessibleName("")

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        self.painted.emit()

    def action(self, name: str, text: str, kind: str, fn) -> tuple:
        return (name, text, kind, fn)


def _hours_text(flow: KioskFlow) -> str:
    days = sorted(flow.hours.weekdays)
    names = [tr("周一"), tr("周二"), tr("周三"), tr("周四"), tr("周五"), tr("周六"), tr("周日")]
    if days == [1, 2, 3, 4, 5]:
        day_text = tr("周一至周五")
    else:
        day_text = tr("、").join(names[d - 1] for d in days)
    sessions = tr("、").join(f"{a:%H:%M}–{b:%H:%M}" for a, b in flow.hours.sessions)
    return tr("办公时间：{days} {sessions}（法定节假日除外）").format(
        days=day_text, sessions=sessions)


# ----------------------------------------------------------------------------- home
class HomeScreen(ScreenBase):
    screen = Screen.HOME

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        row = QHBoxLayout()
        row.setSpacing(28)
        self.tiles: dict[Fn, Tile] = {}
        for fn in (Fn.TICKET, Fn.REISSUE, Fn.GUIDE):
            tile = Tile(name=f"tile_{fn.value}", on_tap=lambda fn=fn: flow.open_function(fn),
                        icon=fn.value)
            self.tiles[fn] = tile
            row.addWidget(tile, 1)
        self.body.addLayout(row, 1)
        self.hours = label("muted", name="hours")
        self.body.addWidget(self.hours)
        self.outer.removeWidget(self.actions)
        self.actions.hide()

    def render(self, st: KioskState) -> None:
        self.title.setText(tr("您好！请选择要办理的业务"))
        content = {
            Fn.TICKET: (tr("取号"), tr("选择业务，打印排队号票")),
            Fn.REISSUE: (tr("补号"), tr("错过了叫号？重新领号，不用重新排队")),
            Fn.GUIDE: (tr("大厅导览"), tr("各业务区的楼层、窗口和办公时间（24小时）")),
        }
        now = self.flow.clock()
        for fn, tile in self.tiles.items():
            status = self.flow.function(fn)
            title, sub = content[fn]
            if status.available:
                tile.set_content(title, sub)
            else:
                reason = texts.reason_text(status.reason, status.opens_at, now)
                closed = status.reason is not None and status.reason.subject == "hours"
                prefix = "" if closed else tr("暂停使用：")
                tile.set_content(title, sub, "⚠ " + prefix + reason, enabled=False)
        self.hours.setText(_hours_text(self.flow))


# ----------------------------------------------------------------------------- category
class CategoryScreen(ScreenBase):
    screen = Screen.CATEGORY

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        self.body.addLayout(self.grid, 1)
        self._key: tuple = ()
        self.tiles: dict[str, Tile] = {}  # shown now, in grid order
        self._made: dict[str, Tile] = {}  # every tile made so far, by category code

    def render(self, st: KioskState) -> None:
        pages = self.flow.page_count()
        page = st.session.page if st.session else 0
        title = tr("请选择要办理的业务")
        if pages > 1:
            title += "  " + tr("（第 {page}/{pages} 页）").format(page=page + 1, pages=pages)
        self.title.setText(title)
        cats = self.flow.visible_categories()
        key = (st.lang, st.elder, tuple(c.code for c in cats))
        if key != self._key:
            self._key = key
            self._rebuild(st, cats)
        actions = [self.action("btn_back", tr("返回首页"), "secondary", self.flow.back)]
        if pages > 1:
            prev_ = self.action("btn_prev", tr("上一页"), "secondary", self.flow.page_prev)
            next_ = self.action("btn_next", tr("下一页"), "primary", self.flow.page_next)
            actions += [prev_, next_]
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
                            on_tap=lambda code=c.code: self.flow.choose_category(code))
                tile.setParent(self)
                tile.hide()
                self._made[c.code] = tile

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


# ----------------------------------------------------------------------------- ID card
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


class IdCardScreen(ScreenBase):
    personal = True
    screen = Screen.IDCARD

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
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

    def render(self, st: KioskState) -> None:
        s = st.session
        self.title.setText(tr("如您年满70周岁或已预约，请刷身份证"))
        self.explain.setText(tr("请把身份证放在阅读器感应区上。年满70周岁的市民优先办理；已预约的市民自动签到。"
                                "\n不需要的话，请点“跳过”。"))
        step = s.card_step if s else CardStep.WAITING
        status = ""
        if step is CardStep.WAITING:
            status = tr("等待刷卡……")
        elif step is CardStep.LOOKING_UP:
            status = tr("已读取身份证，正在查询预约……")
        elif step is CardStep.READ and s.holder:
            h = s.holder
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
        self.status.setText(status)
        self.status.setVisible(bool(status))
        notice = texts.NOTICES.get(s.notice) if s and s.notice else None
        self.notice.setText("⚠ " + tr(notice) if notice else "")
        self.notice.setVisible(bool(notice))
        if step is CardStep.READ:
            go_on = tr("下一步")
        elif step is CardStep.UNAVAILABLE:
            go_on = tr("继续")
        else:
            go_on = tr("跳过")
        actions = [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]
        if st.mock and step is CardStep.WAITING:
            actions.append(self.action("btn_simulate_card", tr("模拟刷卡（演示）"), "secondary",
                                       self.flow.simulate_card))
        actions.append(self.action("btn_skip", go_on,
                                   "primary" if step is not CardStep.WAITING else "secondary",
                                   self.flow.skip_idcard))
        self.actions.set_actions(actions, left=len(actions) - 1)
        self.actions.buttons["btn_skip"].setEnabled(step is not CardStep.LOOKING_UP)


# ----------------------------------------------------------------------------- keypad screens
class KeypadScreen(ScreenBase):
    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        row = QHBoxLayout()
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
        self.keypad.key.connect(flow.key)
        self.keypad.backspace.connect(flow.backspace)
        self.keypad.clear.connect(flow.clear_input)
        row.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignVCenter)
        self.body.addLayout(row, 1)

    def _keys(self) -> None:
        self.keypad.set_texts(tr("清除"), tr("删除"))

    def _show(self, lab, text: str | None) -> None:
        lab.setText(text or "")
        lab.setVisible(bool(text))


class MobileScreen(KeypadScreen):
    personal = True
    screen = Screen.MOBILE

    def render(self, st: KioskState) -> None:
        s = st.session
        digits = s.mobile if s else ""
        self._keys()
        self.title.setText(tr("输入手机号码，叫号时短信通知您（可跳过）"))
        placeholder = "_" * (MOBILE_LEN - len(digits))
        self.display.setText(group_mobile(digits + placeholder))
        self.display.setAccessibleName(digits)
        self.hint.setText(tr("请输入11位手机号码。号码只用于本次叫号短信。"))
        problem = mobile_problem(digits)
        self._show(self.problem, "⚠ " + tr("这不是有效的手机号码，请检查") if problem else None)
        notice = texts.NOTICES.get(s.notice) if s and s.notice else None
        self._show(self.notice, "⚠ " + tr(notice) if notice else None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_skip", tr("不需要短信"), "secondary", self.flow.skip_mobile),
            self.action("btn_next", tr("下一步"), "primary", self.flow.mobile_next),
        ], left=1)
        self.actions.buttons["btn_next"].setEnabled(valid_mobile(digits))


class ReissueScreen(KeypadScreen):
    personal = True
    screen = Screen.REISSUE

    def render(self, st: KioskState) -> None:
        s = st.session
        number = s.number if s else ""
        self._keys()
        self.keypad.set_letters(self.flow.ticket_prefixes, 3)
        self.title.setText(tr("补号：请输入您错过的号码"))
        shown = number + "_" * max(0, 4 - len(number))
        self.display.setText(" ".join(shown))
        self.display.setAccessibleName(number)
        self.hint.setText(tr("号码印在号票上方，例如 C023：先点字母，再输入三位数字。"
                             "补号后按原来的顺序叫号，不用重新排队。"))
        self._show(self.problem, None)
        self._show(self.notice, None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回首页"), "secondary", self.flow.back),
            self.action("btn_confirm", tr("确认补号"), "primary", self.flow.confirm),
        ], left=1)
        self.actions.buttons["btn_confirm"].setEnabled(valid_ticket_number(number))


# ----------------------------------------------------------------------------- confirm
def _card() -> tuple[QFrame, QGridLayout]:
    frame = QFrame()
    frame.setProperty("role", "card")
    grid = QGridLayout(frame)
    grid.setContentsMargins(40, 28, 40, 28)
    grid.setHorizontalSpacing(40)
    grid.setVerticalSpacing(20)
    return frame, grid


class Rows:
    """Label/value rows in a card, made once and refilled."""

    def __init__(self, grid: QGridLayout, names: list[str], first_row: int = 0,
                 value_role: str = "body") -> None:
        self.keys = {}
        self.values = {}
        for i, name in enumerate(names):
            k = label("muted", wrap=False)
            v = label(value_role, name=f"row_{name}")
            grid.addWidget(k, first_row + i, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(v, first_row + i, 1, Qt.AlignmentFlag.AlignVCenter)
            self.keys[name], self.values[name] = k, v
        grid.setColumnStretch(1, 1)

    def set(self, name: str, key: str, value: str) -> None:
        self.keys[name].setText(key)
        self.values[name].setText(value)


class ConfirmScreen(ScreenBase):
    personal = True
    screen = Screen.CONFIRM

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        frame, grid = _card()
        self.rows = Rows(grid, ["business", "where", "priority", "sms"])
        self.body.addWidget(frame)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        s = st.session
        self.title.setText(tr("请确认取号信息"))
        c = s.category if s else None
        if c is not None:
            self.rows.set("business", tr("业务"), texts.category_name(c, st))
            self.rows.set("where", tr("办理地点"), tr("{zone}，{where}").format(
                zone=texts.zone_name(c, st), where=texts.where_text(c.floor, c.windows)))
        h = s.holder if s else None
        priority = []
        if h and h.priority_reason:
            priority.append(tr(texts.PRIORITIES[h.priority_reason]))
        if h and h.appointment_code:
            priority.append(tr("预约签到"))
        self.rows.set("priority", tr("优先"), tr("、").join(priority) if priority else tr("无"))
        sms = (tr("叫号时发短信到 {mobile}").format(mobile=mask_mobile(s.mobile))
               if s and s.mobile else tr("不发短信"))
        self.rows.set("sms", tr("短信通知"), sms)
        self.actions.set_actions([
            self.action("btn_back", tr("返回修改"), "secondary", self.flow.back),
            self.action("btn_cancel", tr("取消"), "secondary", self.flow.go_home),
            self.action("btn_confirm", tr("确认并打印号票"), "primary", self.flow.confirm),
        ], left=2)


# ----------------------------------------------------------------------------- working
class WorkingScreen(ScreenBase):
    screen = Screen.WORKING

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.body.addStretch(1)
        self.busy = Busy()
        self.body.addWidget(self.busy)
        self.detail = label("body", name="detail", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.detail)
        self.body.addStretch(2)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def render(self, st: KioskState) -> None:
        s = st.session
        printing = s is not None and s.working is Working.PRINTING
        self.title.setText(tr("正在打印号票，请稍候……") if printing else tr("正在取号，请稍候……"))
        self.detail.setText(tr("号票从下方出票口送出。") if printing else tr("正在连接排队系统。"))
        self.actions.set_actions([])


# ----------------------------------------------------------------------------- done
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
    screen = Screen.DONE

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        row = QHBoxLayout()
        row.setSpacing(40)
        self.card = TicketCard()
        row.addWidget(self.card, 2)
        frame, grid = _card()
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
        s = st.session
        t = s.ticket if s else None
        self.title.setText(tr("取号成功"))
        if t is None:
            return
        self.card.show_ticket(st, t)
        self.rows.set("ahead", tr("前面还有"), texts.ahead_text(t.ahead))
        self.rows.set("wait", tr("预计等候"), texts.minutes_text(t.est_wait_min))
        self.rows.set("where", tr("办理地点"), texts.where_text(t.floor, t.windows))
        call = tr("请留意大厅叫号屏。")
        if s.mobile:
            call += tr("叫号时发短信到 {mobile}。").format(mobile=mask_mobile(s.mobile))
        self.call.setText(call)
        offline = tr("排队系统暂时连接不上：号码已在本机登记，排队人数稍后在叫号屏查看。")
        self.offline.setText("⚠ " + offline if t.offline else "")
        self.offline.setVisible(t.offline)
        self.take.setText(tr("请从下方出票口取走号票"))
        self.actions.set_actions([
            self.action("btn_done", tr("完成"), "primary", self.flow.finish)], left=0)


# ----------------------------------------------------------------------------- errors
class ProblemScreen(ScreenBase):
    """A symbol, what went wrong, what to do — and the ways on as big buttons."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        head = QHBoxLayout()
        self.symbol = label("symbol", "!", wrap=False, name="symbol")
        self.symbol.setFixedWidth(120)
        self.symbol.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.outer.removeWidget(self.title)
        head.addWidget(self.symbol)
        head.addWidget(self.title, 1)
        self.outer.insertLayout(0, head)
        self.message = label("body", name="message")
        self.body.addWidget(self.message)


class PrintFailedScreen(ProblemScreen):
    personal = True
    screen = Screen.PRINT_FAILED

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
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
        s = st.session
        t = s.ticket if s else None
        self.title.setText(tr("号票没有打印出来"))
        problem = texts.PRINT_PROBLEMS.get(s.print_problem if s else None,
                                           texts.PRINT_PROBLEMS["print_failed"])
        msg = tr(problem) + "\n" + tr(
            "您的号码已经登记，不会作废。请记下号码，或点“重新打印”，或请工作人员帮助。")
        if not self.flow.can_reprint:
            msg += "\n" + tr("打印机现在无法使用，暂时不能重新打印。")
        self.message.setText(msg)
        if t is not None:
            self.card.show_ticket(st, t)
            self.where.setText(texts.where_text(t.floor, t.windows))
        self.actions.set_actions([
            self.action("btn_reprint", tr("重新打印"), "primary", self.flow.reprint),
            self.action("btn_staff", tr("呼叫工作人员"), "secondary", self.flow.call_staff),
            self.action("btn_done", tr("我已记下号码"), "secondary", self.flow.finish),
        ], left=3)
        self.actions.buttons["btn_reprint"].setEnabled(self.flow.can_reprint)


ACTION_BUTTONS = {
    Action.RETRY: ("btn_retry", "primary"),
    Action.REPRINT: ("btn_reprint", "primary"),
    Action.STAFF: ("btn_staff", "secondary"),
    Action.HOME: ("btn_home", "secondary"),
    Action.BACK: ("btn_back", "secondary"),
}


class ErrorScreen(ProblemScreen):
    screen = Screen.ERROR

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        e = st.error
        if e is None:
            return
        title, message = texts.ERRORS.get(e.code, texts.GENERIC_ERROR)
        own = e.message_en if st.english else e.message_zh
        self.title.setText(tr(title))
        if own:
            text = own + "\n" + tr("您可以重试，或请工作人员帮助。")
        elif e.code == "device_lost":
            reason = texts.reason_text(_reason(e))
            text = tr(message).format(reason=reason)
        else:
            text = tr(message)
        self.message.setText(text)
        names = {Action.RETRY: tr("重试"), Action.REPRINT: tr("重新打印"),
                 Action.STAFF: tr("呼叫工作人员"), Action.HOME: tr("返回首页"),
                 Action.BACK: tr("返回")}
        actions = []
        for a in e.actions:
            name, kind = ACTION_BUTTONS[a]
            actions.append(self.action(name, names[a], kind, lambda a=a: self.flow.act(a)))
        self.actions.set_actions(actions, left=len(actions))


def _reason(e):
    return Reason(e.subject or "device", e.problem or "offline")


# ----------------------------------------------------------------------------- guide
class GuideScreen(ScreenBase):
    """Zones, floors and windows — one floor at a time (fewer items per screen)."""

    screen = Screen.GUIDE

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.frame, self.grid = _card()
        self.grid.setVerticalSpacing(8)
        self.body.addWidget(self.frame)
        self.hours = label("body", name="hours")
        self.body.addWidget(self.hours)
        self.body.addStretch(1)
        self._key: tuple = ()

    def render(self, st: KioskState) -> None:
        self.title.setText(tr("大厅导览"))
        key = (st.lang, st.elder, st.categories, st.guide_floor)
        if key != self._key:
            self._key = key
            self._rebuild(st)
        note = tr("自助服务区24小时开放；取号请在办公时间内。")
        self.hours.setText(_hours_text(self.flow) + "\n" + note)
        # the floor buttons say "selected" in words too (✓), not by colour alone
        floors = [self.action(f"btn_floor_{f}",
                              ("✓ " if f == st.guide_floor else "") + texts.floor_text(f),
                              "primary" if f == st.guide_floor else "secondary",
                              lambda f=f: self.flow.show_floor(f)) for f in self.flow.floors()]
        self.actions.set_actions(
            [self.action("btn_back", tr("返回首页"), "secondary", self.flow.back), *floors],
            left=1)

    def _rebuild(self, st: KioskState) -> None:
        clear_layout(self.grid)
        zones: dict[str, list] = {}
        for c in st.categories:
            if c.floor == st.guide_floor:
                zones.setdefault(c.zone, []).append(c)
        heads = (tr("业务区"), tr("业务"), tr("窗口"))
        for col, h in enumerate(heads):
            self.grid.addWidget(label("muted", h, wrap=False), 0, col)
        row = 1
        for zone, cats in sorted(zones.items()):
            top = Qt.AlignmentFlag.AlignTop
            self.grid.addWidget(label("value", f"{zone}  {texts.zone_name(cats[0], st)}"), row, 0,
                                len(cats), 1, top)
            for c in cats:
                self.grid.addWidget(label("body", texts.category_name(c, st), wrap=False), row, 1)
                self.grid.addWidget(label("body", c.windows, wrap=False), row, 2)
                row += 1
        for i in range(self.grid.count()):
            self.grid.itemAt(i).widget().show()
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 1)


# ----------------------------------------------------------------------------- out of service
class OutOfServiceScreen(ProblemScreen):
    screen = Screen.OUT_OF_SERVICE

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.what = label("body", name="what")
        self.body.addWidget(self.what)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        self.title.setText(tr("本机暂停服务"))
        reason = texts.reason_text(st.availability.out_of_service)
        self.message.setText(reason + tr("。") if reason else "")
        self.what.setText(tr("请到服务窗口办理，或使用其他自助机。本机恢复后会自动重新开放。"))
        self.actions.set_actions([])


ALL_SCREENS = (HomeScreen, CategoryScreen, IdCardScreen, MobileScreen, ConfirmScreen,
               WorkingScreen, DoneScreen, PrintFailedScreen, ErrorScreen, ReissueScreen,
               GuideScreen, OutOfServiceScreen)
