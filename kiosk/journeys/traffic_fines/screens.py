"""交通违法缴款's screens (Qt). The identity check's screens are the shared ones
(kiosk.ui.identity_screens); the QR code, the receipt's printing and the paid card are the
payment step's and 便民缴费's (kiosk.journeys.payments)."""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout

from kiosk.flows.state import KioskState
from kiosk.journeys.payments.pay_screen import PaymentStepScreen
from kiosk.journeys.payments.screens import DoneScreen, PrintFailedScreen, PrintingScreen
from kiosk.journeys.steps.payment import yuan
from kiosk.ui.i18n import N_, tr
from kiosk.ui.identity_screens import IDENTITY_SCREENS
from kiosk.ui.screen_base import ScreenBase
from kiosk.ui.steps import WorkingScreen
from kiosk.ui.widgets import Tile, label

ERRORS = {
    "fines_unavailable": (N_("暂时查不到交通违法记录"),
                          N_("公安交通管理系统暂时连接不上，请重试，或到窗口办理。")),
    "payment_failed": (N_("暂时无法缴款"),
                       N_("缴费系统暂时无法创建订单，请重试，或到窗口办理。")),
    "identity_unavailable": (N_("身份核验暂时无法进行"),
                             N_("身份核验服务暂时连接不上，请重试，或到窗口办理。")),
    "device_lost": (N_("办理暂停"), N_("{reason}。请使用其他自助机，或到窗口办理。")),
}


class LoadingScreen(WorkingScreen):
    personal = True

    def words(self, working: str | None) -> tuple[str, str]:
        return tr("正在查询交通违法记录，请稍候……"), ""


class FinesScreen(ScreenBase):
    """The person's fines: unpaid ones as tiles to pay, paid ones said so."""

    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.summary = label("body", name="fines_summary")
        self.body.addWidget(self.summary)
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.body.addLayout(self.grid, 1)
        self.tiles: list = []
        self._key = None

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.show_progress(j)
        english = st.lang == "en"
        self.title.setText(tr("本人交通违法罚款"))
        unpaid = j.unpaid
        paid = len(j.fines) - len(unpaid)
        if not unpaid:
            self.summary.setText(tr("没有需要缴纳的交通违法罚款。"))
        else:
            self.summary.setText(tr("共 {n} 笔未缴罚款，请选择要缴纳的一笔：").format(n=len(unpaid))
                                 + (" " + tr("（另有 {n} 笔已缴）").format(n=paid) if paid else ""))
        key = (st.lang, tuple(f.notice for f in unpaid), self.narrow)
        if key != self._key:
            self._key = key
            for t in self.tiles:
                self.grid.removeWidget(t)
                t.hide()
                t.deleteLater()
            self.tiles = []
            cols = 1 if self.narrow else 2
            for i, f in enumerate(unpaid):
                tile = Tile(name=f"fine_{i}", on_tap=self.on(lambda j, n=f.notice: j.pay(n)))
                offence = f.offence_en if english and f.offence_en else f.offence
                place = f.place_en if english and f.place_en else f.place
                plate = f.plate_en if english and f.plate_en else f.plate
                tile.set_content(f"¥{yuan(f.amount_fen)}  {offence}",
                                 tr("{at} {place}，车牌 {plate}，记 {points} 分").format(
                                     at=f.at, place=place, plate=plate, points=f.points))
                self.grid.addWidget(tile, i // cols, i % cols)
                tile.show()
                self.tiles.append(tile)
        self.actions.set_actions([
            self.action("btn_done", tr("完成"), "secondary", self.on(lambda j: j.finish()))],
            left=1)


class PayScreen(PaymentStepScreen):
    def payment_step(self, journey):
        return journey.payment

    def more_actions(self, st, step) -> list[tuple]:
        return [self.action("btn_other_fine", tr("选择其他罚款"), "secondary",
                            self.on(lambda j: j.other_fine()))]


SCREENS = {
    **IDENTITY_SCREENS,
    "loading": LoadingScreen,
    "fines": FinesScreen,
    "pay": PayScreen,
    "printing": PrintingScreen,
    "done": DoneScreen,
    "print_failed": PrintFailedScreen,
}
