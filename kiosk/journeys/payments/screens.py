"""便民缴费's screens (Qt). Steps: kiosk.journeys.payments.flow; the payment screen is the
shared step's (:mod:`.pay_screen`), the rating the shell's (kiosk.ui.rating)."""
from __future__ import annotations

from kiosk.flows.state import KioskState
from kiosk.journeys.payments.flow import INLINE_REFUSALS, MIN_DIGITS
from kiosk.journeys.payments.pay_screen import PaymentStepScreen
from kiosk.journeys.steps.payment import yuan
from kiosk.ui import texts
from kiosk.ui.i18n import N_, tr
from kiosk.ui.rating import RatingScreen
from kiosk.ui.screen_base import Rows, ScreenBase, card_frame
from kiosk.ui.steps import KeypadStepScreen, WorkingScreen
from kiosk.ui.widgets import label

ERRORS = {
    "payment_failed": (N_("暂时无法缴费"),
                       N_("缴费系统没有回应，没有扣款。您可以重试，或请工作人员帮助。")),
    "payment_failed_refused": (N_("无法在本机缴费"),
                               N_("这笔费用不能在本机缴纳，请到窗口咨询。")),
    "device_lost": (N_("缴费暂停"),
                    N_("{reason}。请使用其他自助机，或请工作人员帮助。")),
}

PROBLEMS = {
    "too_short": N_("编号不完整：请输入通知书上的全部数字（12至20位）。"),
    "unknown_notice": N_("没有查到这个编号，请核对通知书后重新输入。"),
    "notice_paid": N_("这笔费用已经缴纳过了，无需重复缴费。"),
}
assert set(INLINE_REFUSALS) <= set(PROBLEMS)


class NoticeScreen(KeypadStepScreen):
    personal = True

    def entry(self, journey):
        return journey.entry

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        digits = j.entry.digits
        self._keys()
        self.title.setText(tr("便民缴费：请输入缴款编号"))
        # groups of four, three groups a line: easy to compare with the notice, and a
        # 20-digit number fits the display in elder mode too
        groups = [digits[i:i + 4] for i in range(0, len(digits), 4)]
        shown = "\n".join(" ".join(groups[i:i + 3]) for i in range(0, len(groups), 3))
        self.display.setText(shown or "—")
        self.display.setAccessibleName(digits)
        self.hint.setText(tr("编号印在《缴款通知书》或《处罚决定书》上，共12至20位数字。"
                             "确认后屏幕上会显示应缴金额和支付二维码。"))
        self.show_line(self.problem, tr(PROBLEMS[j.problem]) if j.problem in PROBLEMS
                       else None)
        self.show_line(self.notice, None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回首页"), "secondary", self.flow.back),
            self.action("btn_next", tr("查询应缴金额"), "primary", self.on(lambda j: j.next())),
        ], left=1)
        self.actions.buttons["btn_next"].setEnabled(len(digits) >= MIN_DIGITS)


class PayScreen(PaymentStepScreen):
    def payment_step(self, journey):
        return journey.payment

    def more_actions(self, st, step) -> list[tuple]:
        return [self.action("btn_retype", tr("输入其他编号"), "secondary",
                            self.on(lambda j: j.retype()))]


class PrintingScreen(WorkingScreen):
    def words(self, working: str | None) -> tuple[str, str]:
        return tr("支付成功，正在打印凭证……"), tr("请稍候，凭证从出票口送出。")


class _PaidCard(ScreenBase):
    """What was paid: item, amount, order number."""

    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.message = label("body", name="message")
        self.body.addWidget(self.message)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["item", "amount", "order"])
        self.body.addWidget(frame)
        self.body.addStretch(1)

    def fill(self, st: KioskState, j) -> None:
        o = j.payment.order
        if o is None:
            return
        self.rows.set("item", tr("缴费项目"), o.item_en if st.lang == "en" and o.item_en
                      else o.item)
        self.rows.set("amount", tr("金额"), f"¥{yuan(o.amount_fen)}")
        self.rows.set("order", tr("订单号"),  # in groups of eight: read out at a window
                      " ".join(o.order_id[i:i + 8] for i in range(0, len(o.order_id), 8)))


class DoneScreen(_PaidCard):
    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.title.setText(tr("缴费成功"))
        self.message.setText(tr("请取走缴费凭证。如需报销票据，请凭订单号到窗口开具。"))
        self.fill(st, j)
        self.actions.set_actions([
            self.action("btn_done", tr("完成"), "primary", self.on(lambda j: j.finish()))],
            left=0)


class PrintFailedScreen(_PaidCard):
    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.title.setText(tr("凭证没有打印出来"))
        problem = texts.PRINT_PROBLEMS.get(j.printing.problem,
                                           texts.PRINT_PROBLEMS["print_failed"])
        can = j.printing.can_reprint
        way_on = tr("请点“重新打印”，或记下订单号到窗口补打。") if can \
            else tr("打印机现在无法使用：请记下订单号到窗口补打凭证。")
        self.message.setText("\n".join((tr(problem), tr("您的缴费已经成功，不会重复扣款。"),
                                        way_on)))
        self.fill(st, j)
        actions = []
        if can:
            actions.append(self.action("btn_reprint", tr("重新打印"), "primary",
                                       self.on(lambda j: j.reprint())))
        actions.append(self.action("btn_done", tr("完成"), "secondary",
                                   self.on(lambda j: j.finish())))
        self.actions.set_actions(actions, left=len(actions))


SCREENS = {
    "notice": NoticeScreen,
    "pay": PayScreen,
    "printing": PrintingScreen,
    "done": DoneScreen,
    "print_failed": PrintFailedScreen,
    "rate": RatingScreen,
}
