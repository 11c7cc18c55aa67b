"""The diagnostics mode's screens (Qt). Steps: kiosk.journeys.diagnostics.flow.

Technical values (device names, states, models, errors) are shown as the devices and the
kiosk's services give them, in English; the words around them are translated. Nothing here
shows a citizen's data: the services hand over none (kiosk.admin).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.flows.state import KioskState
from kiosk.journeys.diagnostics.flow import (
    DEVICES,
    FAULTS,
    HOPPER_DIGITS,
    LOGS,
    OUTBOX,
    SUPPLIES,
    SYSTEM,
)
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import Rows, ScreenBase, card_frame
from kiosk.ui.steps import KeypadStepScreen
from kiosk.ui.widgets import TapButton, Tile, clear_layout, label

ERRORS: dict = {}

#: the menu's tiles: page → (title, what is on it)
PAGE_TILES = {
    DEVICES: (N_("设备与自检"), N_("每台设备的状态、型号、能力、计数和最近的错误；内部和外部自检")),
    SUPPLIES: (N_("耗材"), N_("换纸、补卡、清空废卡箱后在这里记录")),
    OUTBOX: (N_("待发送数据"), N_("还没送到中心的数据；重新发送被拒的数据，立即同步")),
    SYSTEM: (N_("网络与系统"), N_("中心服务器连接、磁盘空间、版本、运行时间")),
    LOGS: (N_("最近日志"), N_("本机最近的日志（已隐去个人信息）")),
    FAULTS: (N_("模拟故障"), N_("模拟设备的故障开关（仅演示和测试）")),
}

STATE_WORDS = {
    "online": N_("正常工作"), "offline": N_("无应答"), "no_device": N_("未连接"),
    "hardware_error": N_("硬件故障"), "user_error": N_("需人工处理"), "busy": N_("忙"),
}

RECOVERY_WORDS = {
    "none": N_("无需处理"), "retry": N_("重试即可"), "reset": N_("自动复位重连"),
    "clear_by_staff": N_("需工作人员处理"), "technician": N_("需技术人员维修"),
}

DONE_WORDS = {
    "check": N_("自检完成：{detail}"),
    "set_supply": N_("已记录：{detail}"),
    "release": N_("已重新排队发送 {detail} 条"),
    "set_fault": N_("故障开关已切换；现在启用的故障：{detail}"),
    "force_sync": N_("已开始同步：{detail}"),
}

WORKING_WORDS = {
    "check": N_("正在自检……"), "set_supply": N_("正在记录……"), "release": N_("正在重新排队……"),
    "set_fault": N_("正在切换故障开关……"), "force_sync": N_("正在同步……"),
}


def state_word(state: str) -> str:
    word = STATE_WORDS.get(state)
    return f"{tr(word)} ({state})" if word else state


class DiagScreen(ScreenBase):
    """A diagnostics page: the page's content, a line for what the last action did, a line
    while loading or working, and Back/Refresh plus the page's own actions."""

    page_title = ""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.status = label("note", name="diag_status")
        self.problem = label("notice", name="diag_problem")
        self.content = QVBoxLayout()
        self.content.setSpacing(16)
        # what the last action did comes first: it is what the technician looks for
        self.body.addWidget(self.status)
        self.body.addWidget(self.problem)
        self.body.addLayout(self.content)
        self.body.addStretch(1)
        self._key: tuple = ()

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.title.setText(tr(self.page_title))
        key = self.content_key(j, st)
        if key != self._key:  # rebuild the page's widgets only when its data changed
            self._key = key
            self.fill(j, st)
        self.update_dynamic(j, st)
        self._render_status(j)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            *self.page_actions(j, st)], left=1)
        self.enable_actions(j)

    # -------------------------------------------------------------- for pages
    def content_key(self, j, st) -> tuple:
        return (st.lang, st.elder, repr(self.page_data(j)))

    def page_data(self, j):
        return None

    def fill(self, j, st) -> None:
        """(Re)build the page's widgets from the journey's data."""

    def update_dynamic(self, j, st) -> None:
        """Selection marks and such, every render."""

    def page_actions(self, j, st) -> list[tuple]:
        return [self.action("btn_refresh", tr("刷新"), "secondary",
                            self.on(lambda j: j.refresh()))]

    def enable_actions(self, j) -> None:
        for name, b in self.actions.buttons.items():
            if name != "btn_back":
                b.setEnabled(not j.busy)

    # -------------------------------------------------------------- helpers
    def _render_status(self, j) -> None:
        n = j.notice
        lines, problems = [], []
        if j.working:
            lines.append(tr(WORKING_WORDS.get(j.working, N_("请稍候……"))))
        elif j.loading:
            lines.append(tr("正在读取……"))
        if n is not None and n.code == "done":
            lines.append(tr(DONE_WORDS.get(n.subject or "", N_("已完成：{detail}"))).format(
                detail=n.detail or "-"))
        elif n is not None and n.code == "failed":
            problems.append(tr("操作没有成功：{detail}").format(detail=n.detail or "-"))
        for op, err in sorted(j.load_errors.items()):
            problems.append(tr("读取失败（{what}）：{detail}").format(what=op, detail=err))
        self.status.setText("\n".join(lines))
        self.status.setVisible(bool(lines))
        self.problem.setText("\n".join("⚠ " + p for p in problems))
        self.problem.setVisible(bool(problems))


class MenuScreen(ScreenBase):
    """The pages as tiles; the fault switches only on a kiosk with simulated devices."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.body.addLayout(self.grid, 1)
        self.tiles: dict[str, Tile] = {}
        self._shown: tuple = ()

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.title.setText(tr("维护模式"))
        pages = j.pages()
        cols = 2 if st.elder else 3
        if (pages, cols) != self._shown:
            self._shown = (pages, cols)
            for t in self.tiles.values():
                self.grid.removeWidget(t)
                t.hide()
            for i, page in enumerate(pages):
                tile = self.tiles.get(page)
                if tile is None:
                    tile = Tile(name=f"page_{page}",
                                on_tap=self.on(lambda j, page=page: j.open_page(page)))
                    self.tiles[page] = tile
                self.grid.addWidget(tile, i // cols, i % cols)
                tile.show()
        for page in pages:
            title, sub = PAGE_TILES[page]
            self.tiles[page].set_content(tr(title), tr(sub))
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_staff_leave", tr("退出工作人员模式"), "primary",
                        self.flow.leave_staff)], left=1)


class DevicesScreen(DiagScreen):
    page_title = N_("设备与自检")

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        # the devices as buttons above the selected one's details: fits a portrait screen
        self.list = QGridLayout()
        self.list.setSpacing(12)
        self.content.addLayout(self.list)
        self.frame, grid = card_frame()
        self.rows = Rows(grid, ["kind", "state", "model", "firmware", "serial", "capabilities",
                                "counters", "errors", "check"])
        self.content.addWidget(self.frame)
        self.buttons: dict[str, TapButton] = {}

    def page_data(self, j):
        return j.data.get("devices")

    def fill(self, j, st) -> None:
        clear_layout(self.list)
        self.buttons = {}
        cols = 1 if st.elder else 3
        for i, d in enumerate(j.data.get("devices") or []):
            b = TapButton("", "secondary", name=f"dev_{d['name']}",
                          on_tap=self.on(lambda j, n=d["name"]: j.select_device(n)))
            self.buttons[d["name"]] = b
            self.list.addWidget(b, i // cols, i % cols)
            b.show()

    def update_dynamic(self, j, st) -> None:
        devices = {d["name"]: d for d in j.data.get("devices") or []}
        for name, b in self.buttons.items():
            d = devices[name]
            chosen = name == j.selected_device
            word = STATE_WORDS.get(d["state"])
            b.setText(("✓ " if chosen else "") + f"{name} · {tr(word) if word else d['state']}")
            b.set_kind("primary" if chosen else "secondary")
            b.setEnabled(not j.busy)
        d = devices.get(j.selected_device or "")
        self.frame.setVisible(d is not None)
        if d is None:
            return
        axes = "  ".join(f"{k}={v}" for k, v in d["axes"].items())
        mode = "MOCK" if d["mock"] else tr("真实设备")
        r = self.rows
        r.set("kind", tr("类型"), f"{d['kind']} · {d['driver']} · {mode} · {d['port']}")
        r.set("state", tr("状态"), state_word(d["state"]) + (f"   {axes}" if axes else "")
              + (f"\n{d['detail']}" if d["detail"] else ""))
        r.set("model", tr("型号"), d["info"]["model"])
        r.set("firmware", tr("固件"), d["info"]["firmware"])
        r.set("serial", tr("序列号"), d["info"]["serial_number"])
        caps = d.get("capabilities") or {}
        r.set("capabilities", tr("能力"),
              "  ".join(f"{k}: {v}" for k, v in caps.items()) or tr("未报告"))
        c = d["counters"]
        r.set("counters", tr("计数"), tr("{ops} 次操作，{failures} 次失败；最后应答 {seen}").format(
            ops=c["operations"], failures=c["failures"], seen=c["last_seen"] or "-"))
        errors = [f"{e['at']}  {e['operation']}: {e['error']}  → "
                  + tr(RECOVERY_WORDS.get(e["recovery"], N_("未知"))) for e in d["errors"][:3]]
        r.set("errors", tr("最近错误"), "\n".join(errors) or tr("没有错误记录"))
        rep = j.report if j.report and j.report.get("device") == d["name"] else None
        if rep is None:
            r.set("check", tr("自检"), tr("未运行"))
        else:
            lines = [("✓ " if c["ok"] else "✗ ") + f"{c['name']}: {c['detail']}"
                     for c in rep["checks"]]
            head = tr("通过") if rep["ok"] else tr("未通过")
            r.set("check", tr("自检"), f"{head} ({rep['level']})\n" + "\n".join(lines)
                  + (f"\n{rep['error']}" if rep["error"] else ""))

    def page_actions(self, j, st) -> list[tuple]:
        # (no Refresh: opening the page and every check ask again; the bar fits a portrait
        # screen in elder mode)
        return [self.action("btn_check_internal", tr("内部自检"), "secondary",
                            self.on(lambda j: j.check("internal"))),
                self.action("btn_check_external", tr("外部自检"), "primary",
                            self.on(lambda j: j.check("external")))]

    def enable_actions(self, j) -> None:
        super().enable_actions(j)
        for name in ("btn_check_internal", "btn_check_external"):
            self.actions.buttons[name].setEnabled(not j.busy and j.selected_device is not None)


SUPPLY_WORDS = {
    "paper": (N_("纸卷"), N_("换纸后已打印 {n} 张"), N_("已换新纸卷")),
    "card_hopper": (N_("卡箱"), N_("剩余 {n} 张卡"), N_("补充卡片")),
    "reject_bin": (N_("废卡箱"), N_("箱内 {n} 张卡"), N_("已清空废卡箱")),
}


class SuppliesScreen(DiagScreen):
    page_title = N_("耗材")

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.frame, self.grid = card_frame()
        self.content.addWidget(self.frame)
        self.empty = label("body", name="supplies_empty")
        self.content.addWidget(self.empty)
        self.hint = label("muted", name="supplies_hint")
        self.content.addWidget(self.hint)

    def page_data(self, j):
        return j.data.get("supplies")

    def fill(self, j, st) -> None:
        clear_layout(self.grid)
        rows = j.data.get("supplies") or []
        for i, s in enumerate(rows):
            what, amount, button = SUPPLY_WORDS.get(s["item"], (s["item"], "{n}", ""))
            if s["value"] is None:
                value = tr("未记录（换纸或补卡后请在这里记录）")
            else:
                value = ("⚠ " if s["warning"] else "") + tr(amount).format(n=s["value"])
            if s.get("sensor"):
                value += "\n" + tr("传感器：{state}").format(state=s["sensor"])
            words = QVBoxLayout()
            words.setSpacing(4)
            words.addWidget(label("value", f"{s['device']} · {tr(what)}"))
            words.addWidget(label("body", value, name=f"supply_{s['device']}_{s['item']}"))
            self.grid.addWidget(_boxed(words), i, 0)
            tap = {"paper": lambda j, d=s["device"]: j.paper_new(d),
                   "card_hopper": lambda j, d=s["device"]: j.refill_hopper(d),
                   "reject_bin": lambda j, d=s["device"]: j.bin_emptied(d)}.get(s["item"])
            if tap is not None:
                b = TapButton(tr(button), "primary", name=f"btn_{s['item']}_{s['device']}",
                              on_tap=self.on(tap))
                self.grid.addWidget(b, i, 1)
        self.grid.setColumnStretch(0, 1)
        for k in range(self.grid.count()):
            self.grid.itemAt(k).widget().show()
        self.frame.setVisible(bool(rows))
        loaded = "supplies" in j.data
        self.empty.setText(tr("本机没有需要计数的耗材。") if loaded and not rows else "")
        self.empty.setVisible(loaded and not rows)
        self.hint.setText(tr("数量从记录时起按设备的操作计数自动减少；传感器报告“将尽”时请及时更换。"))

    def enable_actions(self, j) -> None:
        super().enable_actions(j)
        for k in range(self.grid.count()):
            w = self.grid.itemAt(k).widget()
            if isinstance(w, TapButton):
                w.setEnabled(not j.busy)


class HopperScreen(KeypadStepScreen):
    """How many cards are in the hopper now, typed on the keypad."""

    def entry(self, journey):
        return journey.hopper

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self._keys()
        self.title.setText(tr("补充卡片：{device}").format(device=j.hopper_device or "-"))
        self.display.setText(j.hopper.digits or "—")
        self.hint.setText(tr("请输入补充后卡箱里的卡片总数（最多 {n} 位数）。").format(
            n=HOPPER_DIGITS))
        self.show_line(self.problem, None)
        n = j.notice
        self.show_line(self.notice, tr("操作没有成功：{detail}").format(detail=n.detail)
                       if n is not None and n.code == "failed" else None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_hopper_confirm", tr("确认"), "primary",
                        self.on(lambda j: j.hopper_confirm()))], left=1)
        self.actions.buttons["btn_hopper_confirm"].setEnabled(bool(j.hopper.digits)
                                                              and not j.busy)


class OutboxScreen(DiagScreen):
    page_title = N_("待发送数据")

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.summary = label("body", name="outbox_summary")
        self.content.addWidget(self.summary)
        self.kinds = label("body", name="outbox_kinds")
        self.content.addWidget(self.kinds)
        self.parked_title = label("value", name="outbox_parked_title")
        self.content.addWidget(self.parked_title)
        self.list = QVBoxLayout()
        self.list.setSpacing(10)
        self.content.addLayout(self.list)
        self.error = label("note", name="outbox_error")
        self.content.addWidget(self.error)
        self.buttons: dict[int, TapButton] = {}

    def page_data(self, j):
        return j.data.get("outbox")

    def fill(self, j, st) -> None:
        box = j.data.get("outbox")
        clear_layout(self.list)
        self.buttons = {}
        if box is None:
            for w in (self.summary, self.kinds, self.parked_title):
                w.setText("")
            return
        age = box["oldest_pending_age_s"]
        self.summary.setText(tr("待发送 {pending} 条，被拒搁置 {parked} 条；最早一条已等 {age}；"
                                "上次送达：{last}").format(
            pending=box["pending"], parked=box["parked"],
            age="-" if age is None else tr("{m} 分钟").format(m=round(age / 60)),
            last=box["last_success_at"] or tr("从未")))
        kinds = [f"{k['kind']}: {k['pending']} / {k['parked']}" for k in box["by_kind"]]
        self.kinds.setText(tr("按类型（待发送 / 搁置）：") + ("   ".join(kinds) or "-"))
        entries = box["parked_entries"]
        self.parked_title.setText(tr("被中心拒收、等待处理的数据：") if entries
                                  else tr("没有被拒收的数据。"))
        for e in entries[:8]:
            b = TapButton("", "secondary", name=f"entry_{e['id']}",
                          on_tap=self.on(lambda j, i=e["id"]: j.select_entry(i)))
            self.buttons[e["id"]] = b
            self.list.addWidget(b)
            b.show()

    def update_dynamic(self, j, st) -> None:
        box = j.data.get("outbox") or {}
        entries = {e["id"]: e for e in box.get("parked_entries", [])}
        for i, b in self.buttons.items():
            e = entries[i]
            chosen = i == j.selected_entry
            b.setText(("✓ " if chosen else "") + f"#{e['id']}  {e['kind']}  {e['ref'] or '-'}  · "
                      + tr("已试 {n} 次").format(n=e["attempts"]))
            b.set_kind("primary" if chosen else "secondary")
            b.setEnabled(not j.busy)
        e = entries.get(j.selected_entry)
        self.error.setText(tr("拒收原因：{error}").format(error=e["error"] or "-") if e else "")
        self.error.setVisible(e is not None)

    def page_actions(self, j, st) -> list[tuple]:
        return [self.action("btn_sync", tr("立即同步"), "secondary",
                            self.on(lambda j: j.sync())),
                self.action("btn_release", tr("重新发送所选"), "primary",
                            self.on(lambda j: j.release()))]

    def enable_actions(self, j) -> None:
        super().enable_actions(j)
        self.actions.buttons["btn_release"].setEnabled(not j.busy
                                                       and j.selected_entry is not None)


class SystemScreen(DiagScreen):
    page_title = N_("网络与系统")

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.frame, grid = card_frame()
        self.rows = Rows(grid, ["central", "reachable", "address", "disk", "version", "uptime",
                                "kiosk", "data_dir"])
        self.content.addWidget(self.frame)

    def page_data(self, j):
        return (j.data.get("system"), j.data.get("network"))

    def fill(self, j, st) -> None:
        s, n = j.data.get("system") or {}, j.data.get("network") or {}
        r = self.rows
        r.set("central", tr("中心服务器"), n.get("central_url", "…"))
        if not n:
            reach = "…"
        elif n.get("reachable"):
            reach = tr("可以连接（{ms} 毫秒）").format(ms=n.get("answer_ms"))
        else:
            reach = "⚠ " + tr("连接不上：{error}").format(error=n.get("error") or "-")
        if "online" in n:
            reach += "\n" + tr("本机状态：{state}").format(
                state=tr("在线") if n["online"] else tr("离线（号票由本机发放，数据暂存）"))
        r.set("reachable", tr("连接"), reach)
        r.set("address", tr("本机地址"), f"{n.get('local_address', '…')} ({n.get('hostname', '…')})")
        if s.get("disk_free_mb") is None:
            disk = "…" if not s else tr("无法测量")
        else:
            disk = tr("可用 {free} MB / 共 {total} MB（保留 {reserve} MB）").format(
                free=s["disk_free_mb"], total=s["disk_total_mb"], reserve=s["disk_reserve_mb"])
        r.set("disk", tr("磁盘"), disk)
        r.set("version", tr("版本"), f"{s.get('version', '…')}  ·  Python {s.get('python', '…')}"
              f"  ·  {s.get('system', '')}")
        up = s.get("uptime_s")
        r.set("uptime", tr("运行时间"), "…" if up is None else tr("{h} 小时 {m} 分钟").format(
            h=up // 3600, m=up % 3600 // 60))
        r.set("kiosk", tr("本机"), f"{s.get('kiosk_id', '…')}  ·  {s.get('mode', '')}"
              + ("  ·  MOCK" if s.get("mock") else ""))
        r.set("data_dir", tr("数据目录"), s.get("data_dir", "…"))

    def page_actions(self, j, st) -> list[tuple]:
        return [self.action("btn_refresh", tr("重新检测"), "primary",
                            self.on(lambda j: j.refresh()))]


class LogsScreen(DiagScreen):
    page_title = N_("最近日志")
    LINES = 25

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.text = label("muted", name="log_lines")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.content.addWidget(self.text)

    def page_data(self, j):
        return j.data.get("logs")

    def fill(self, j, st) -> None:
        lines = j.data.get("logs")
        if lines is None:
            self.text.setText("")
            return
        self.text.setText("\n".join(lines[-self.LINES:]) or tr("日志是空的。"))


class FaultsScreen(DiagScreen):
    page_title = N_("模拟故障")

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.box = QVBoxLayout()
        self.box.setSpacing(12)
        self.content.addLayout(self.box)
        self.note = label("muted", name="faults_note")
        self.content.addWidget(self.note)

    def page_data(self, j):
        return j.data.get("faults")

    def fill(self, j, st) -> None:
        clear_layout(self.box)
        cols = 3 if st.elder else 4
        devices = j.data.get("faults")
        for d in devices or []:
            self.box.addWidget(label("value", f"{d['device']} ({d['kind']})"))
            grid = QGridLayout()
            grid.setSpacing(10)
            for i, fault in enumerate(d["faults"]):
                on = fault in d["active"]
                b = TapButton(("✓ " if on else "") + fault, "primary" if on else "secondary",
                              name=f"fault_{d['device']}_{fault}",
                              on_tap=self.on(lambda j, dev=d["device"], f=fault:
                                             j.toggle_fault(dev, f)))
                grid.addWidget(b, i // cols, i % cols)
            wrapper = _boxed(grid)
            self.box.addWidget(wrapper)
            wrapper.show()
        self.note.setText(tr("点一下打开故障，再点一下关闭（✓ 表示已打开）。只影响模拟设备。")
                          if devices else tr("没有模拟设备。") if devices is not None else "")

    def enable_actions(self, j) -> None:
        super().enable_actions(j)
        for b in self.findChildren(TapButton):
            if b.objectName().startswith("fault_"):
                b.setEnabled(not j.busy)


def _boxed(layout) -> QWidget:
    """A plain widget holding ``layout`` (so clear_layout can remove it whole)."""
    w = QWidget()
    w.setLayout(layout)
    layout.setContentsMargins(0, 0, 0, 0)
    for k in range(layout.count()):
        layout.itemAt(k).widget().show()
    return w


SCREENS = {"menu": MenuScreen, DEVICES: DevicesScreen, SUPPLIES: SuppliesScreen,
           "hopper": HopperScreen, OUTBOX: OutboxScreen, SYSTEM: SystemScreen, LOGS: LogsScreen,
           FAULTS: FaultsScreen}
