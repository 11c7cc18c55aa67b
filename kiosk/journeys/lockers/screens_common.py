"""Screens the locker journeys share (Qt): the open door, the sizes, "please wait", and the
words for their notices. Each journey's screens module subclasses these with its own words."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.flows.state import KioskState
from kiosk.journeys.base import Notice
from kiosk.journeys.lockers.door import DoorState, DoorStep
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import ScreenBase
from kiosk.ui.steps import WorkingScreen
from kiosk.ui.widgets import Busy, Tile, label

#: size → (name, what fits), Chinese source strings
SIZES = {
    "S": (N_("小格"), N_("信封、几页纸")),
    "M": (N_("中格"), N_("文件袋、一叠材料")),
    "L": (N_("大格"), N_("档案盒、厚材料")),
}

#: the locker journeys' notices (kiosk.journeys.base.Notice codes)
NOTICES = {
    "door_remind": N_("柜门还开着。放好后请推上柜门，听到“咔哒”一声即已锁好。"),
    "door_staff_told": N_("柜门开着的时间较长，已通知工作人员。请关好柜门，或在本机旁稍候。"),
    "still_inside": N_("柜内还有物品。请全部取出后关门；不是您的物品请点“呼叫工作人员”。"),
    "case_unknown": N_("没有找到这个办件编号，请核对回执或短信上的编号。"),
    "case_unchecked": N_("暂时无法核对办件编号，将先行登记，稍后由系统核对。"),
    "no_code": N_("没有找到这个取件码，请核对短信。"),
    "too_many_tries": N_("取件码输错次数过多，请稍后再试或联系工作人员。"),
    "needs_staff": N_("您的柜格需要工作人员先处理，请点“呼叫工作人员”。"),
    "no_pickup": N_("柜中没有这张身份证的待取件。也可以输入短信中的取件码。"),
    "lookup_offline": N_("暂时无法凭身份证查询，请输入短信中的取件码。"),
    "lookup_failed": N_("暂时无法查询，请稍后再试或联系工作人员。"),
    "use_code": N_("身份证阅读器暂时无法使用，请输入短信中的取件码。"),
    "not_held": N_("这个柜格里没有对应的物品，请联系工作人员。"),
    "board_unavailable": N_("暂时读不到柜子的状态，请检查文件柜的电源和连线。"),
    "not_opened": N_("柜门没有打开，已记录为异常柜格。"),
    "collected": N_("{subject}号柜已收取。"),
    "collected_all": N_("已收取 {subject} 个柜格的材料。"),
    "loaded": N_("证件已放入{subject}号柜，取件码将以短信通知申请人。"),
    "resolved": N_("{subject}号柜已处理。"),
}


def notice_text(notice: Notice | None) -> str:
    if notice is None:
        return ""
    text = NOTICES.get(notice.code)
    if text is None:
        from kiosk.ui import texts

        return texts.notice_text(notice)  # the shared steps' own notices (the ID card)
    return tr(text).format(subject=notice.subject or "")


def size_name(size: str) -> str:
    return tr(SIZES[size][0]) if size in SIZES else size


class CabinetPicture(QWidget):
    """The cabinet drawn as its grid of doors, the one in question filled and numbered: where
    to look, without reading."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(300, 320)
        self.compartment: int | None = None
        self.count = 16
        self.color = QColor("#0A4FA3")

    def show_compartment(self, n: int | None, count: int = 16) -> None:
        self.compartment, self.count = n, max(count, n or 0)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        cols = 4
        rows = (self.count + cols - 1) // cols
        w, h = self.width(), self.height()
        cell = min((w - 20) / cols, (h - 20) / rows)
        x0 = (w - cell * cols) / 2
        y0 = (h - cell * rows) / 2
        font = QFont(self.font())
        for i in range(self.count):
            n = i + 1
            r = QRectF(x0 + (i % cols) * cell + 4, y0 + (i // cols) * cell + 4, cell - 8, cell - 8)
            target = n == self.compartment
            p.setPen(QPen(self.color, 4 if target else 2))
            p.setBrush(self.color if target else QColor("#FFFFFF"))
            p.drawRoundedRect(r, 8, 8)
            font.setPixelSize(int(cell * (0.42 if target else 0.26)))
            font.setBold(target)
            p.setFont(font)
            p.setPen(QColor("#FFFFFF") if target else self.color)
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, str(n))
        p.end()


class DoorScreen(ScreenBase):
    """An open compartment: which one (big), what to do, and the notices as time passes."""

    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = self.turning(QHBoxLayout())
        row.setSpacing(48)
        self.picture = CabinetPicture()
        row.addWidget(self.picture, 2)
        col = QVBoxLayout()
        col.setSpacing(18)
        self.number = label("number", wrap=False, name="compartment_number",
                            align=Qt.AlignmentFlag.AlignLeft)
        self.explain = label("body", name="explain")
        self.status = label("note", name="door_status")
        self.busy = Busy()
        self.notice = label("notice", name="notice")
        # the notice first: a reminder or "staff are told" must be seen without scrolling,
        # even in elder mode where the number alone fills half the screen
        for w in (self.notice, self.number, self.explain, self.status, self.busy):
            col.addWidget(w)
        col.addStretch(1)
        row.addLayout(col, 3)
        self.body.addLayout(row, 1)

    # ------------------------------------------------------------------ for subclasses
    def door(self, journey) -> DoorStep:
        return journey.door

    def words(self, door: DoorStep) -> tuple[str, str]:
        """(title, what to do), translated."""
        return (tr("请打开{n}号柜").format(n=door.compartment),
                tr("柜门已打开，完成后请关好柜门。"))

    def extra_notice(self, journey) -> str:
        return ""

    def actions_for(self, st: KioskState, journey, door: DoorStep) -> list[tuple]:
        return [self.action("btn_staff", tr("呼叫工作人员"), "secondary", self.flow.call_staff)]

    def mock_actions(self, door: DoorStep) -> list[tuple]:
        """Mock mode: what the citizen would do at the door (the simulator does it)."""
        return []

    # ------------------------------------------------------------------ render
    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.show_progress(j)
        door = self.door(j)
        n = door.compartment
        self.picture.show_compartment(n)
        self.number.setText(tr("{n}号柜").format(n=n) if n is not None else "")
        title, explain = self.words(door)
        self.title.setText(title)
        self.explain.setText(explain)
        opening = door.state is DoorState.UNLOCKING
        self.busy.setVisible(opening)
        status = tr("正在开锁……") if opening else (
            tr("柜门已打开") if door.state is DoorState.OPEN else "")
        self.status.setText(status)
        self.status.setVisible(bool(status))
        notice = notice_text(door.notice) or self.extra_notice(j)
        self.notice.setText("⚠ " + notice if notice else "")
        self.notice.setVisible(bool(notice))
        actions = self.actions_for(st, j, door)
        if st.mock and door.state is DoorState.OPEN:
            actions = self.mock_actions(door) + actions
        self.actions.set_actions(actions, left=len(actions) - 1)


class SizeScreen(ScreenBase):
    """Three big tiles: small, medium, large — what fits, how many are free; full ones grey."""

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.hint = label("body", name="hint")
        self.body.addWidget(self.hint)
        self.grid = QGridLayout()
        self.grid.setSpacing(28)
        self.tiles: dict[str, Tile] = {}
        for i, size in enumerate(SIZES):
            tile = Tile(name=f"size_{size}",
                        on_tap=self.on(lambda j, s=size: j.choose_size(s)))
            self.tiles[size] = tile
            self.grid.addWidget(tile, 0, i)
        self.body.addLayout(self.grid, 1)
        self.wait = label("note", name="size_wait")
        self.body.addWidget(self.wait)
        self.notice = label("notice", name="notice")
        self.body.addWidget(self.notice)

    def texts(self) -> tuple[str, str]:
        """(title, hint), translated."""
        return tr("材料有多大？"), tr("请选择能放下材料的柜格，系统自动分配。")

    def fits(self, free: dict[str, int], size: str) -> int:
        """How many compartments could take this size (larger ones too, by default)."""
        order = list(SIZES)
        return sum(n for s, n in free.items() if s in order and order.index(s)
                   >= order.index(size))

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.show_progress(j)
        title, hint = self.texts()
        self.title.setText(title)
        self.hint.setText(hint)
        free = j.sizes
        for size, tile in self.tiles.items():
            name, fits = SIZES[size]
            if free is None:
                tile.set_content(tr(name), tr(fits), "", enabled=False)
                continue
            count = self.fits(free, size)
            if count:
                tile.set_content(tr(name), tr(fits), tr("可用 {n} 格").format(n=count))
            else:
                tile.set_content(tr(name), tr(fits), "⚠ " + tr("已满"), enabled=False)
        waiting = free is None or j.busy
        self.wait.setText(tr("正在查看空闲柜格……") if free is None else
                          tr("正在分配柜格……") if j.busy else "")
        self.wait.setVisible(waiting)
        notice = notice_text(j.notice)
        self.notice.setText("⚠ " + notice if notice else "")
        self.notice.setVisible(bool(notice))
        self.actions.set_actions([self.action("btn_back", tr("返回"), "secondary", self.flow.back)],
                                 left=1)


class LockerWorkingScreen(WorkingScreen):
    def words(self, working: str | None) -> tuple[str, str]:
        return {
            "recording": (tr("正在登记，请稍候……"), tr("柜门已关好。")),
            "printing": (tr("正在打印回执，请稍候……"), tr("回执从下方出票口送出。")),
            "opening": (tr("正在打开柜门……"), ""),
            "unlocking": (tr("正在打开柜门……"), ""),
        }.get(working or "", (tr("请稍候……"), ""))
