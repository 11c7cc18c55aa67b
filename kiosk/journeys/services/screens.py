"""办事指南's screens (Qt). Steps: kiosk.journeys.services.flow.

The search screen keeps the on-screen keyboard outside the scrolling body (always whole,
under the results); the guide scrolls (elder mode, English) with its QR code beside it.
Item words come from the guides document in the citizen's language (name_en, materials'
name_en …), the screens' own words from this journey's catalogue.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.flows.state import KioskState
from kiosk.guides.checklist import material_text
from kiosk.journeys.services.flow import BY_EVENT, BY_THEME, BY_ZONE, DIGITS, LETTERS
from kiosk.ui import texts
from kiosk.ui.i18n import N_, tr
from kiosk.ui.keyboard import OnScreenKeyboard
from kiosk.ui.qr import QrCode
from kiosk.ui.screen_base import ScreenBase, card_frame
from kiosk.ui.searchbox import ResultButton, ResultGrid, SearchBox
from kiosk.ui.shell_screens import ProblemScreen
from kiosk.ui.steps import WorkingScreen
from kiosk.ui.widgets import label

#: this journey's error codes → (title, message)
ERRORS = {
    "guides_unavailable": (N_("办事指南暂时无法加载"),
                           N_("请稍后再试，或到咨询台询问工作人员。")),
}


def _en(st: KioskState, item: dict, key: str):
    """The item's field in the citizen's language (the Chinese when no English is given)."""
    if st.english:
        value = item.get(f"{key}_en")
        if value:
            return value
    return item.get(key)


def _item_line(item: dict, st: KioskState) -> str:
    """The line under an item's name: where it is handled."""
    return texts.where_text(int(item.get("floor", 0)), item.get("windows", ""))


def _columns(screen: ScreenBase, st: KioskState) -> int:
    if st.elder:
        return 1 if screen.narrow else 2
    return 2 if screen.narrow else 4


class LoadingScreen(WorkingScreen):
    def words(self, working: str | None) -> tuple[str, str]:
        return tr("正在打开办事指南，请稍候……"), ""


class ChoiceGrid(QWidget):
    """Buttons in columns (a :class:`ResultGrid`: reused, laid out again only on a change)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.grid = ResultGrid(layout, name)

    @property
    def buttons(self) -> dict[str, ResultButton]:
        return self.grid.buttons

    def show_choices(self, choices, columns: int, on_tap) -> None:
        """``choices``: (code, title, sub); ``on_tap(code)``."""
        self.grid.on_tap = on_tap
        self.grid.show(choices, columns)


class MenuScreen(ScreenBase):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.search = ResultButton("", "", name="btn_search",
                                   on_tap=self.on(lambda j: j.open_search()))
        self.body.addWidget(self.search)
        self.heads = {}
        self.grids = {}
        for kind in (BY_EVENT, BY_THEME, BY_ZONE):
            self.heads[kind] = label("value", name=f"head_{kind}")
            self.grids[kind] = ChoiceGrid(f"{kind}")
            self.body.addWidget(self.heads[kind])
            self.body.addWidget(self.grids[kind])
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("办事指南"))
        if j is None:
            return
        self.search.title.setText(tr("搜索事项"))
        self.search.sub.setText(tr("输入事项名称、拼音或拼音首字母，如 sbk（社保卡）"))
        self.search.sub.show()
        self.heads[BY_EVENT].setText(tr("按人生事查找"))
        self.heads[BY_THEME].setText(tr("按分类查找"))
        self.heads[BY_ZONE].setText(tr("按办事区域查找"))
        en = st.english
        cols = _columns(self, st)
        self.grids[BY_EVENT].show_choices(
            [(e["code"], e["name_en"] if en else e["name"], "") for e in j.life_events()],
            cols, lambda c: self.on(lambda j: j.browse(BY_EVENT, c))())
        self.grids[BY_THEME].show_choices(
            [(t["code"], t["name_en"] if en else t["name"], "") for t in j.themes()],
            cols, lambda c: self.on(lambda j: j.browse(BY_THEME, c))())
        self.grids[BY_ZONE].show_choices(
            [(c.zone, f"{c.zone}  {texts.zone_name(c, st)}", texts.floor_text(c.floor))
             for c in j.zones()],
            cols, lambda c: self.on(lambda j: j.browse(BY_ZONE, c))())
        self.actions.set_actions([self.action("btn_back", tr("返回首页"), "secondary",
                                              self.flow.back)], left=1)


def _group_title(j, st: KioskState) -> str:
    kind, code = j.group or ("", "")
    en = st.english
    if kind == BY_EVENT:
        e = j.index.life_events.get(code, {})
        return e.get("name_en" if en else "name", code)
    if kind == BY_THEME:
        t = j.index.themes.get(code, {})
        return t.get("name_en" if en else "name", code)
    zone = next((c for c in j.zones() if c.zone == code), None)
    return f"{code}  {texts.zone_name(zone, st)}" if zone else code


class ListScreen(ScreenBase):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.count = label("muted", name="list_count")
        self.body.addWidget(self.count)
        self.list = ChoiceGrid("item")
        self.body.addWidget(self.list)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None or j.index is None:
            return
        self.title.setText(_group_title(j, st))
        items = j.visible_items()
        total = len(j.group_items())
        self.count.setText(tr("共 {n} 项，第 {page}/{pages} 页").format(
            n=total, page=j.page + 1, pages=j.page_count()))
        self.list.show_choices(
            [(i["code"], _en(st, i, "name"), _item_line(i, st)) for i in items],
            1 if self.narrow or st.elder else 2,
            lambda c: self.on(lambda j: j.open_item(c))())
        actions = [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]
        if j.page > 0:
            actions.append(self.action("btn_prev", tr("上一页"), "secondary",
                                       self.on(lambda j: j.page_prev())))
        if j.page < j.page_count() - 1:
            actions.append(self.action("btn_next", tr("下一页"), "secondary",
                                       self.on(lambda j: j.page_next())))
        self.actions.set_actions(actions, left=1)


class SearchScreen(ScreenBase):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.box = SearchBox()
        self.box.chosen.connect(lambda code: self.on(lambda j: j.open_item(code))())
        self.body.addWidget(self.box)
        self.body.addStretch(1)
        # the keyboard stays whole outside the scrolling results: beside them on a landscape
        # screen (the results keep the height), under them on a portrait one
        self.keyboard = OnScreenKeyboard()
        self.keyboard.key.connect(lambda ch: self.on(lambda j: j.key(ch))())
        self.keyboard.backspace.connect(self.on(lambda j: j.backspace()))
        self.keyboard.clear.connect(self.on(lambda j: j.clear()))
        self.keyboard.toggle.connect(self.on(lambda j: j.toggle_layout()))
        at = self.outer.indexOf(self.scroll)
        self.outer.removeWidget(self.scroll)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.setSpacing(24)
        self.row.addWidget(self.scroll, 1)
        self.row.addWidget(self.keyboard, 0, Qt.AlignmentFlag.AlignBottom)
        self.outer.insertLayout(at, self.row, 1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("搜索事项"))
        if j is None:
            return
        self.box.show_query(j.query)
        rows = [(h.code, h.name_en if st.english and h.name_en else h.name,
                 _item_line(j.index.item(h.code), st)) for h in j.hits]
        if not j.query:
            status = tr("例如：shebaoka、sbk（社保卡），bdczy（不动产转移）")
        elif rows:
            status = tr("找到的事项（最相关的在前）：")
        else:
            status = tr("没有找到“{query}”。请换个说法，或按分类查找。").format(query=j.query)
        self.box.show_results(rows, status=status,
                              columns=1)
        self.row.setDirection(QBoxLayout.Direction.TopToBottom if self.narrow
                              else QBoxLayout.Direction.LeftToRight)
        self.keyboard.set_key_width(64 if self.narrow else (96 if st.elder else 72))
        # beside the results the keyboard takes only the room its keys need
        self.keyboard.setSizePolicy(QSizePolicy.Policy.Preferred if self.narrow
                                    else QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.keyboard.set_layout(DIGITS if j.layout == DIGITS else LETTERS)
        self.keyboard.set_texts(clear=tr("清空"), letters=tr("拼音"), digits="123")
        self.actions.set_actions([self.action("btn_back", tr("返回"), "secondary",
                                              self.flow.back)], left=1)


class GuideScreen(ScreenBase):
    """The guide: what it takes, what to bring (a checklist), how it goes, how long, what it
    costs, where, on what legal basis — and the online guide as a QR code."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = QHBoxLayout()
        row.setSpacing(24)
        frame, grid = card_frame()
        self.sections: dict[str, tuple] = {}
        for i, name in enumerate(("where", "materials", "conditions", "process", "time",
                                  "fees", "legal")):
            head = label("value", name=f"head_{name}")
            text = label("body", name=f"guide_{name}")
            text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            grid.addWidget(head, 2 * i, 0)
            grid.addWidget(text, 2 * i + 1, 0)
            self.sections[name] = (head, text)
        row.addWidget(frame, 1)
        side = QVBoxLayout()
        self.qr = QrCode("guide_qr", side=240)
        side.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        self.qr_caption = label("muted", name="qr_caption", align=Qt.AlignmentFlag.AlignCenter)
        self.qr_caption.setFixedWidth(self.qr.width())
        side.addWidget(self.qr_caption)
        side.addStretch(1)
        self.side = QWidget()
        self.side.setLayout(side)
        self.side.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        row.addWidget(self.side, 0)
        self.body.addLayout(row)
        self.below = QWidget()
        below = QHBoxLayout(self.below)
        below.setContentsMargins(0, 0, 0, 0)
        self.qr_below = QrCode("guide_qr", side=240)
        below.addWidget(self.qr_below)
        self.caption_below = label("body", name="qr_caption_below")
        below.addWidget(self.caption_below, 1)
        self.body.addWidget(self.below)
        self.ticket_note = label("note", name="ticket_note")
        self.body.addWidget(self.ticket_note)
        self.body.addStretch(1)

    def _set(self, name: str, head: str, text: str) -> None:
        h, t = self.sections[name]
        h.setText(head)
        t.setText(text)
        h.setVisible(bool(text))
        t.setVisible(bool(text))

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None or j.item is None:
            return
        it = j.item
        en = st.english
        self.title.setText(_en(st, it, "name"))
        zone = next((c for c in j.zones() if c.zone == it.get("zone")), None)
        where = [texts.where_text(int(it.get("floor", 0)), it.get("windows", ""))]
        if zone is not None:
            where.append(tr("{zone} 区 {name}").format(zone=zone.zone,
                                                      name=texts.zone_name(zone, st)))
        if it.get("certificate_windows"):
            where.append(tr("出证窗口：{windows}").format(windows=it["certificate_windows"]))
        if it.get("self_service"):
            where.append(tr("也可以在自助终端办理"))
        self._set("where", tr("办理地点"), "\n".join(where))
        mats = ["☐ " + material_text(m, english=en) for m in it.get("materials", [])]
        if it.get("accept_missing"):
            mats.append(tr("标“可后补”的材料可以容缺受理，在审批前补交。"))
        self._set("materials", tr("所需材料（可打印清单逐项核对）"), "\n".join(mats))
        self._set("conditions", tr("办理条件"),
                  "\n".join(f"• {c}" for c in (_en(st, it, "conditions") or [])))
        self._set("process", tr("办理流程"), "\n".join(
            f"{n}. {p}" for n, p in enumerate(_en(st, it, "process") or [], 1)))
        tl = it.get("time_limit") or {}
        promised, legal = tl.get("promised_days"), tl.get("legal_days")
        time_lines = [tr("当场办结") if promised == 0 else
                      tr("承诺 {days} 个工作日内办结").format(days=promised)]
        if legal:
            time_lines.append(tr("法定时限：{days} 个工作日").format(days=legal))
        self._set("time", tr("办理时限"), "\n".join(time_lines))
        self._set("fees", tr("收费标准"), _en(st, it, "fees") or tr("不收费"))
        # the laws' titles are Chinese only: in English, the online guide has them
        self._set("legal", tr("设定依据"),
                  tr("见网上办事指南") if en else "\n".join(it.get("legal_basis", [])))
        url = it.get("online_url", "")
        # the QR code beside the guide on a landscape screen, under it on a portrait one
        for qr, caption in ((self.qr, self.qr_caption), (self.qr_below, self.caption_below)):
            qr.set_text(url)
            caption.setText(tr("手机扫码查看网上办事指南，可网上申办"))
        self.side.setVisible(bool(url) and not self.narrow)
        self.below.setVisible(bool(url) and self.narrow)
        ok, status = j.ticket_status()
        actions = [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]
        if j.can_print:
            actions.append(self.action("btn_print", tr("打印材料清单"), "secondary",
                                       self.on(lambda j: j.print_checklist())))
        if ok:
            actions.append(self.action("btn_take_number", tr("为此事项取号"), "primary",
                                       self.on(lambda j: j.take_number())))
            self.ticket_note.hide()
        else:
            why = texts.reason_text(status.reason, status.opens_at, j.shell.clock()) \
                if status is not None and status.reason is not None else ""
            self.ticket_note.setText(tr("现在不能为此事项取号。") + (" " + why if why else ""))
            self.ticket_note.show()
        self.actions.set_actions(actions, left=1)


class PrintingScreen(WorkingScreen):
    def words(self, working: str | None) -> tuple[str, str]:
        return tr("正在打印材料清单，请稍候……"), tr("清单从下方出票口送出。")


class PrintedScreen(ScreenBase):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.take = label("title", name="take_checklist", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addStretch(1)
        self.body.addWidget(self.take)
        self.hint = label("body", name="printed_hint", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.hint)
        self.body.addStretch(2)

    def render(self, st: KioskState) -> None:
        self.title.setText(tr("材料清单已打印"))
        self.take.setText(tr("请从下方出票口取走材料清单"))
        self.hint.setText(tr("清单上的二维码可以用手机打开网上办事指南。"))
        self.actions.set_actions([
            self.action("btn_guide", tr("返回办事指南"), "secondary",
                        self.on(lambda j: j.back_to_guide())),
            self.action("btn_done", tr("完成"), "primary", self.on(lambda j: j.finish()))],
            left=1)


class PrintFailedScreen(ProblemScreen):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.title.setText(tr("材料清单没有打印出来"))
        problem = texts.PRINT_PROBLEMS.get(j.printing.problem,
                                           texts.PRINT_PROBLEMS["print_failed"])
        self.message.setText(tr(problem) + "\n" + tr(
            "办事指南仍可在屏幕上查看，也可以手机扫码查看网上办事指南。"))
        actions = []
        if j.printing.can_reprint:
            actions.append(self.action("btn_reprint", tr("重新打印"), "primary",
                                       self.on(lambda j: j.reprint())))
        actions += [
            self.action("btn_staff", tr("呼叫工作人员"), "secondary", self.flow.call_staff),
            self.action("btn_guide", tr("返回办事指南"), "secondary",
                        self.on(lambda j: j.back_to_guide())),
        ]
        self.actions.set_actions(actions, left=len(actions))


SCREENS = {
    "loading": LoadingScreen,
    "menu": MenuScreen,
    "list": ListScreen,
    "search": SearchScreen,
    "guide": GuideScreen,
    "printing": PrintingScreen,
    "printed": PrintedScreen,
    "print_failed": PrintFailedScreen,
}
