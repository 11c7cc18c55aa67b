"""The shell's own screens: home (one tile per journey), the error screen, out of service."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout

from kiosk.flows.availability import Reason
from kiosk.flows.flow import KioskFlow
from kiosk.flows.state import Action, KioskState, Screen
from kiosk.ui import texts
from kiosk.ui.i18n import tr
from kiosk.ui.screen_base import ScreenBase, hours_text
from kiosk.ui.widgets import Keypad, TapButton, Tile, label


class HomeScreen(ScreenBase):
    """One tile per registered journey, in the order the journeys declare; a tile that
    cannot be used now is greyed out with the reason in words."""

    #: tiles per row: elder mode has fewer, larger ones
    COLUMNS, COLUMNS_ELDER = 4, 3
    COMPACT_ABOVE = 8

    def __init__(self, flow: KioskFlow, key: str = Screen.HOME) -> None:
        super().__init__(flow, key)
        self.grid = QGridLayout()
        self.grid.setSpacing(28)
        self.tiles: dict[str, Tile] = {}
        for spec in flow.tiles():
            self.tiles[spec.name] = Tile(name=f"tile_{spec.name}", icon=spec.tile.icon,
                                         on_tap=lambda name=spec.name: flow.open(name))
        self.body.addLayout(self.grid, 1)
        self.hours = label("muted", name="hours")
        self.body.addWidget(self.hours)
        self.outer.removeWidget(self.actions)
        self.actions.hide()
        self._columns = 0
        # a search box for a citizen who knows what they want (opens the journey that offers
        # it: the service guides' search, JourneySpec.home_search); beside the greeting
        self._search = next((spec for spec in flow.tiles() if spec.home_search), None)
        self.search = TapButton("", "secondary", name="btn_home_search",
                                on_tap=self._open_search)
        self.search.setVisible(self._search is not None)
        self.head.addWidget(self.search)

    def _open_search(self) -> None:
        if self._search is not None:
            self.flow.open(self._search.name, opened_by="search")

    def _place(self, elder: bool) -> None:
        n = len(self.tiles)
        cols = max(1, min(n, self.COLUMNS_ELDER if elder else self.COLUMNS))
        if self.narrow:
            cols = min(cols, 2)
        # a kiosk with many functions: compact tiles (the icon beside the words) keep more of
        # them in sight on a landscape screen
        compact = n > self.COMPACT_ABOVE and not self.narrow
        for tile in self.tiles.values():
            tile.set_compact(compact)
        spacing = 16 if compact else 28
        if self.grid.spacing() != spacing:  # setting it, even unchanged, relays the grid out
            self.grid.setSpacing(spacing)
        if cols == self._columns:
            return
        self._columns = cols
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for i, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, i // cols, i % cols)
        for c in range(max(self.COLUMNS, self.COLUMNS_ELDER)):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)

    def render(self, st: KioskState) -> None:
        self._place(st.elder)
        self.title.setText(tr("您好！请选择要办理的业务"))
        now = self.flow.clock()
        for name, tile in self.tiles.items():
            spec = self.flow.journeys[name]
            status = self.flow.function(name)
            title, sub = tr(spec.tile.title), tr(spec.tile.subtitle)
            if status.available:
                tile.set_content(title, sub)
            else:
                reason = texts.reason_text(status.reason, status.opens_at, now,
                                           tickets=spec.issues_tickets)
                closed = status.reason is not None and status.reason.subject == "hours"
                prefix = "" if closed else tr("暂停使用：")
                tile.set_content(title, sub, "⚠ " + prefix + reason, enabled=False)
        self.hours.setText(hours_text(self.flow))
        if self._search is not None:
            # a search field to look at, a button to tap: "🔍" is not in the kiosk's fonts
            self.search.setText(tr("搜索办事事项…"))
            self.search.setEnabled(self.flow.function(self._search.name).available)


class ProblemScreen(ScreenBase):
    """A symbol, what went wrong, what to do — and the ways on as big buttons."""

    def __init__(self, flow: KioskFlow, key: str) -> None:
        super().__init__(flow, key)
        self.symbol = label("symbol", "!", wrap=False, name="symbol")
        self.symbol.setFixedWidth(120)
        self.symbol.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.head.insertWidget(0, self.symbol)  # the symbol before the title
        self.message = label("body", name="message")
        self.body.addWidget(self.message)


ACTION_BUTTONS = {
    Action.RETRY: ("btn_retry", "primary"),
    Action.REPRINT: ("btn_reprint", "primary"),
    Action.STAFF: ("btn_staff", "secondary"),
    Action.HOME: ("btn_home", "secondary"),
    Action.BACK: ("btn_back", "secondary"),
}


class ErrorScreen(ProblemScreen):
    """The shell's error screen; the words for a journey's own codes come from the journey's
    ``ERRORS`` (its screens module), the rest from :mod:`kiosk.ui.texts`."""

    def __init__(self, flow: KioskFlow, key: str = Screen.ERROR,
                 journey_errors: dict | None = None) -> None:
        super().__init__(flow, key)
        self.journey_errors = journey_errors or {}
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        e = st.error
        if e is None:
            return
        own_texts = self.journey_errors.get(e.journey, {})
        title, message = own_texts.get(e.code) or texts.ERRORS.get(e.code, texts.GENERIC_ERROR)
        own = e.message_en if st.english else e.message_zh
        self.title.setText(tr(title))
        if own:  # the service's own sentence for the citizen, then what to do here
            if Action.RETRY in e.actions:
                text = own + "\n" + tr("您可以重试，或请工作人员帮助。")
            elif Action.BACK in e.actions:
                text = own + "\n" + tr("请核对后再输入一次，或请工作人员帮助。")
            else:
                text = own + "\n" + tr("请工作人员帮助您。")
        elif e.code == "device_lost":
            reason = texts.reason_text(Reason(e.subject or "device", e.problem or "offline"))
            text = tr(message).format(reason=reason)
        else:
            text = tr(message)
        self.message.setText(text)
        names = {Action.RETRY: tr("重试"), Action.REPRINT: tr("重新打印"),
                 Action.STAFF: tr("呼叫工作人员"), Action.HOME: tr("返回首页"),
                 Action.BACK: tr("返回")}
        if e.journey and Action.BACK in e.actions:
            names[Action.BACK] = tr("重新输入")
        actions = []
        for i, a in enumerate(e.actions):
            name, _ = ACTION_BUTTONS[a]
            # the first way on is the one that helps most here: the big primary button
            kind = "primary" if i == 0 else "secondary"
            actions.append(self.action(name, names[a], kind, lambda a=a: self.flow.act(a)))
        self.actions.set_actions(actions, left=len(actions))


class OutOfServiceScreen(ProblemScreen):
    def __init__(self, flow: KioskFlow, key: str = Screen.OUT_OF_SERVICE) -> None:
        super().__init__(flow, key)
        self.what = label("body", name="what")
        self.body.addWidget(self.what)
        # what still works here (the 24-hour functions) as tiles that wrap: a row of buttons
        # outgrows the screen once a hall has more than a few of them
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self.tiles: dict[str, Tile] = {}
        self._layout_key: tuple = ()
        self.outer.removeWidget(self.actions)
        self.actions.hide()

    def _place(self, st: KioskState, still: list) -> None:
        key = (tuple(spec.name for spec in still), st.elder, self.narrow)
        if key == self._layout_key:
            return
        self._layout_key = key
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
            tile.hide()
        cols = 2 if st.elder or self.narrow else 3
        for i, spec in enumerate(still):
            tile = self.tiles.get(spec.name)
            if tile is None:
                tile = self.tiles[spec.name] = Tile(
                    name=f"tile_{spec.name}", on_tap=lambda name=spec.name: self.flow.open(name))
            self.grid.addWidget(tile, i // cols, i % cols)
            tile.show()

    def render(self, st: KioskState) -> None:
        self.title.setText(tr("本机暂停服务"))
        reason = texts.reason_text(st.availability.out_of_service)
        self.message.setText(reason + tr("。") if reason else "")
        still = [spec for spec in self.flow.tiles() if self.flow.function(spec.name).available]
        what = tr("请到服务窗口办理，或使用其他自助机。本机恢复后会自动重新开放。")
        if still:
            what += "\n" + tr("下面的功能仍可使用。")
        self.what.setText(what)
        # what still works here (the 24-hour hall guide …) stays one tap away
        self._place(st, still)
        for spec in still:
            self.tiles[spec.name].set_content(tr(spec.tile.title), tr(spec.tile.subtitle))


class StaffLoginScreen(ScreenBase):
    """The staff PIN pad: dots for the digits, what went wrong, nothing about the PIN."""

    def __init__(self, flow: KioskFlow, key: str = Screen.STAFF_LOGIN) -> None:
        super().__init__(flow, key)
        row = QHBoxLayout()
        col = QGridLayout()
        self.dots = label("display", wrap=False, name="staff_pin",
                          align=Qt.AlignmentFlag.AlignCenter)
        self.message = label("notice", name="staff_message")
        self.hint = label("muted", name="staff_hint")
        col.addWidget(self.dots, 0, 0)
        col.addWidget(self.message, 1, 0)
        col.addWidget(self.hint, 2, 0)
        col.setRowStretch(3, 1)
        row.addLayout(col, 1)
        self.keypad = Keypad()
        self.keypad.key.connect(flow.staff_key)
        self.keypad.backspace.connect(flow.staff_backspace)
        self.keypad.clear.connect(lambda: [flow.staff_backspace() for _ in range(12)])
        row.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignVCenter)
        self.body.addLayout(row, 1)

    def render(self, st: KioskState) -> None:
        self.title.setText(tr("工作人员登录"))
        self.keypad.set_texts(tr("清除"), tr("删除"))
        self.dots.setText("● " * len(st.staff_pin) or "—")
        messages = {
            "wrong": tr("密码不对，请重试。"),
            "locked": tr("错误次数过多，已暂时锁定，请稍后再试。"),
            "disabled": tr("本机没有设置工作人员密码。"),
        }
        text = messages.get(st.staff_message or "", "")
        self.message.setText("⚠ " + text if text else "")
        self.message.setVisible(bool(text))
        auth = self.flow.staff_auth
        self.hint.setText(tr("演示模式：工作人员密码 {pin}").format(pin=_demo_pin())
                          if auth.demo_pin else "")
        self.hint.setVisible(auth.demo_pin)
        self.actions.set_actions([
            self.action("btn_staff_cancel", tr("返回"), "secondary", self.flow.leave_staff),
            self.action("btn_staff_enter", tr("登录"), "primary", self.flow.staff_submit),
        ], left=1)
        self.actions.buttons["btn_staff_enter"].setEnabled(bool(st.staff_pin))


def _demo_pin() -> str:
    from kiosk.flows.staff import DEMO_PIN

    return DEMO_PIN


class StaffHomeScreen(ScreenBase):
    """The staff journeys (diagnostics, lockers …) as tiles, and the way back to citizens."""

    def __init__(self, flow: KioskFlow, key: str = Screen.STAFF_HOME) -> None:
        super().__init__(flow, key)
        self.grid = QGridLayout()
        self.grid.setSpacing(28)
        self.tiles: dict[str, Tile] = {}
        for i, spec in enumerate(flow.tiles("staff")):
            tile = Tile(name=f"tile_{spec.name}", icon=spec.tile.icon,
                        on_tap=lambda name=spec.name: flow.open(name))
            self.tiles[spec.name] = tile
            self.grid.addWidget(tile, i // 3, i % 3)
        self.body.addLayout(self.grid, 1)
        self.empty = label("muted", name="staff_empty")
        self.body.addWidget(self.empty)

    def render(self, st: KioskState) -> None:
        self.title.setText(tr("工作人员模式"))
        for name, tile in self.tiles.items():
            spec = self.flow.journeys[name]
            status = self.flow.function(name)
            reason = "" if status.available else "⚠ " + texts.reason_text(status.reason)
            tile.set_content(tr(spec.tile.title), tr(spec.tile.subtitle), reason,
                             enabled=status.available)
        self.empty.setText("" if self.tiles else tr("没有可用的工作人员功能。"))
        self.empty.setVisible(not self.tiles)
        self.actions.set_actions([
            self.action("btn_staff_leave", tr("退出工作人员模式"), "primary",
                        self.flow.leave_staff)], left=0)
