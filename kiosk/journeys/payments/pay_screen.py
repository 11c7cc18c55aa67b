"""The payment step's screen (kiosk.journeys.steps.payment): the order's QR code, the amount
in large type, the item, the payer (masked), a countdown to expiry — and what happened:
paid, expired (a new code), cancelled (and a payment that arrived afterwards: refunded).

Another journey's fee step uses it by subclassing :class:`PaymentStepScreen` with
``payment_step(journey)`` (and ``more_actions`` for its own way on after a closed order).
The countdown is redrawn by a one-second timer of its own (the flow is not re-rendered for
it); the QR code: :class:`kiosk.ui.qr.QrCode`.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout

from kiosk.flows.state import KioskState
from kiosk.journeys.steps.payment import (
    CANCELLED,
    CANCELLING,
    CREATING,
    EXPIRED,
    PAID,
    WAITING,
    PaymentStep,
    yuan,
)
from kiosk.ui.i18n import tr
from kiosk.ui.qr import QrCode
from kiosk.ui.screen_base import ScreenBase
from kiosk.ui.widgets import Busy, label


class PaymentStepScreen(ScreenBase):
    personal = True  # the payer's masked name

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = QHBoxLayout()
        row.setSpacing(56)
        self.row = row
        self.qr = QrCode("payment_qr")
        row.addWidget(self.qr, 4)
        col = QVBoxLayout()
        col.setSpacing(18)
        self.item = label("value", name="pay_item")
        self.amount = label("number", wrap=False, name="pay_amount")
        self.payer = label("body", name="pay_payer")
        self.countdown = label("note", name="pay_countdown")
        self.explain = label("body", name="pay_explain")
        self.notice = label("notice", name="pay_notice")
        self.busy = Busy()
        for w in (self.item, self.amount, self.payer, self.countdown, self.explain,
                  self.notice, self.busy):
            col.addWidget(w)
        col.addStretch(1)
        row.addLayout(col, 5)
        self.body.addLayout(row, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)

    # ------------------------------------------------------------------ for subclasses
    def payment_step(self, journey) -> PaymentStep:  # pragma: no cover - subclasses say which
        raise NotImplementedError

    def more_actions(self, st: KioskState, step: PaymentStep) -> list[tuple]:
        """Actions after an expired or cancelled order besides a new code and home."""
        return []

    # ------------------------------------------------------------------ render
    def _step(self) -> PaymentStep | None:
        j = self.journey
        return self.payment_step(j) if j is not None else None

    def _tick(self) -> None:
        step = self._step()
        if step is None or step.phase != WAITING or not self.isVisible():
            self.timer.stop()
            return
        self._countdown(step)

    def _countdown(self, step: PaymentStep) -> None:
        left = step.seconds_left
        self.countdown.setText(tr("二维码有效时间还剩 {m}分{s:02d}秒").format(m=left // 60,
                                                                      s=left % 60))

    def hideEvent(self, event) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def render(self, st: KioskState) -> None:
        step = self._step()
        if step is None:
            return
        o = step.order
        phase = step.phase
        english = st.lang == "en"
        # a portrait screen: the code above the amount (side by side the amount is cut)
        self.row.setDirection(QBoxLayout.Direction.TopToBottom if self.narrow
                              else QBoxLayout.Direction.LeftToRight)
        self.busy.setVisible(phase in (CREATING, CANCELLING))
        self.qr.setVisible(phase == WAITING and o is not None)
        self.qr.set_text(o.pay_url if o is not None and phase == WAITING else "")
        if o is not None:
            self.item.setText(o.item_en if english and o.item_en else o.item)
            self.amount.setText(f"¥{yuan(o.amount_fen)}")
            self.payer.setText(tr("缴款人：{payer}").format(payer=o.payer) if o.payer else "")
        for w in (self.item, self.amount, self.payer):
            w.setVisible(o is not None and bool(w.text()))
        self.countdown.setVisible(phase == WAITING)
        notice = ""
        actions: list[tuple] = []
        if phase == CREATING:
            self.title.setText(tr("正在生成缴费二维码……"))
            explain = tr("正在向缴费系统查询应缴金额。")
        elif phase == WAITING:
            self.title.setText(tr("请扫码支付"))
            explain = tr("请用微信、支付宝或银行App扫描左侧二维码，在手机上确认支付。"
                         "支付完成后本机自动打印缴费凭证。")
            if step.connection_problem:
                notice = tr("暂时连接不上缴费系统，正在重试。已支付的款项不会丢失。")
            self._countdown(step)
            if not self.timer.isActive():
                self.timer.start()
            actions.append(self.action("btn_pay_cancel", tr("取消支付"), "secondary",
                                       self.on(lambda j: self.payment_step(j).cancel())))
        elif phase == CANCELLING:
            self.title.setText(tr("正在取消……"))
            explain = tr("正在通知缴费系统取消这笔订单。")
        elif phase in (EXPIRED, CANCELLED):
            if phase == EXPIRED:
                self.title.setText(tr("二维码已过期"))
                explain = tr("这张二维码已经失效，没有扣款。如需缴费，请重新生成二维码。")
            else:
                self.title.setText(tr("已取消支付"))
                explain = tr("这笔订单已经取消，没有扣款。")
            if step.refund:
                notice = tr("您的付款在订单关闭后才到账，系统已申请原路退款，不会重复扣费。"
                            "退款一般在1至3个工作日内到账。")
            actions.append(self.action("btn_home", tr("返回首页"), "secondary",
                                       self.flow.go_home))
            actions += self.more_actions(st, step)
            actions.append(self.action("btn_pay_again", tr("重新生成二维码"), "primary",
                                       self.on(lambda j: self.payment_step(j).again())))
        elif phase == PAID:
            self.title.setText(tr("支付成功"))
            explain = tr("款项已到账。")
        else:
            self.title.setText(tr("请稍候……"))
            explain = ""
        self.explain.setText(explain)
        self.explain.setVisible(bool(explain))
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.actions.set_actions(actions, left=1)
