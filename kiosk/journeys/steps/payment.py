"""Pay by QR code (扫码缴费), a step any journey composes: create the order → show its QR code
with the amount, the item and a countdown to expiry → poll the order's state (off the Qt
thread, every ``poll_s``) → paid: the receipt on the ticket printer; expired: say so and offer
a new order; the citizen's cancel: cancelled at the server — and when the server answers
that it was paid meanwhile, it is treated as paid (never charged twice: the server turns any
payment that reaches an order no longer payable into a refund request, which the screen
shows while the citizen is still there).

    self.printing = self.uses(PrintStep(self, working_step="printing", done_step="done",
                                        failed_step="print_failed"))
    self.payment = self.uses(PaymentStep(self, "pay", printing=self.printing))
    self.payment.start(notice="3201022611000123")          # or item=…, amount_fen=…

The journey lists the step's screen (kiosk.journeys.payments.pay_screen.PaymentStepScreen,
subclassed with ``payment_step(journey)``) under ``"pay"``. While an order is payable the
journey is busy (``working = "payment"``): the quiet period does not run out under a citizen
who is paying on their phone, and leaving is the cancel button. Closing the journey with an
order still payable cancels it at the server.
"""
from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kiosk.flows.notify import tap
from kiosk.flows.state import Action

if TYPE_CHECKING:
    from kiosk.journeys.base import Journey
    from kiosk.journeys.steps.printing import PrintStep

log = logging.getLogger(__name__)

POLL_S = 2.0  # a modest pace: a payment shows within about two seconds
#: after the order closed (cancelled, expired) the state is still read this many times, so
#: a payment that arrived just after the close is shown as refunded while the citizen is here
AFTER_CLOSE_POLLS = 10

CREATING, WAITING, CANCELLING, PAID, EXPIRED, CANCELLED = (
    "creating", "waiting", "cancelling", "paid", "expired", "cancelled")
WORKING = "payment"  # journey.working while an order is payable


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


@dataclass(frozen=True)
class PaymentReceipt:
    """The receipt of a paid order (``Journey.print("printer", receipt)``)."""

    order_id: str
    item: str
    item_en: str
    amount_fen: int
    payer: str
    paid_at: str | None
    hall_name: str
    printed_at: datetime

    @classmethod
    def of(cls, order, hall_name: str, now: datetime) -> PaymentReceipt:
        return cls(order.order_id, order.item, order.item_en, order.amount_fen, order.payer,
                   order.paid_at, hall_name, now)

    def job(self):
        from kiosk.printing import receipt_job

        o = self.order_id
        grouped = " ".join(o[i:i + 8] for i in range(0, len(o), 8))
        paid = (self.paid_at or "")[:19].replace("T", " ")
        return receipt_job(
            "缴费凭证", [
                ("缴费项目 Item", self.item),
                *([self.item_en] if self.item_en else []),
                ("金额 Amount", f"¥{yuan(self.amount_fen)}"),
                ("缴款人 Payer", self.payer or "-"),
                ("支付时间 Paid", paid),
                ("订单号 Order", grouped),
                "款项已支付成功。如需报销票据，请凭订单号到窗口开具。",
                "Paid. For an official invoice, quote the order number at a window.",
            ],
            title_en="Payment receipt", hall_name=self.hall_name,
            number=f"¥{yuan(self.amount_fen)}",
            number_label="已支付 Paid", qr=self.order_id, qr_caption="订单号 / order number",
            printed_at=self.printed_at)


class PaymentStep:
    def __init__(self, journey: Journey, step: str, *, printing: PrintStep | None = None,
                 poll_s: float = POLL_S,
                 on_paid: Callable[[Any], None] | None = None,
                 on_refused: Callable[[BaseException], None] | None = None) -> None:
        self.journey = journey
        self.shell = journey.shell
        self.step = step
        self.printing = printing
        self.poll_s = poll_s
        self.on_paid = on_paid
        self.on_refused = on_refused
        self.phase: str | None = None
        self.order = None  # kiosk.sync.payments.Order, as the server last said
        self.what: dict = {}  # what is paid for (create()'s arguments), for a new order
        self.deadline: float | None = None  # the shell's monotonic time the QR expires
        self.connection_problem = False  # the last poll got no answer (still trying)
        self._token = 0  # which order a poll's answer belongs to
        self._after_close = 0

    # ------------------------------------------------------------------ for the journey
    def start(self, **what: Any) -> None:
        """Create an order for ``what`` (``notice=`` or ``item=``, ``amount_fen=`` …, as
        ``central.payments.create``) and show its QR code once the server has it."""
        self.what = {**what, "journey": self.journey.spec.name}
        self._create()

    def retry(self) -> None:
        """The error screen's retry after the order could not be made: ask again."""
        if self.what:
            self._create()

    @property
    def seconds_left(self) -> int:
        if self.deadline is None or self.phase != WAITING:
            return 0
        return max(0, math.ceil(self.deadline - self.shell.monotonic()))

    @property
    def refund(self) -> bool:
        return bool(self.order is not None and self.order.refund)

    def receipt(self) -> PaymentReceipt:
        return PaymentReceipt.of(self.order, self.shell.state.hall_name, self.shell.clock())

    # ------------------------------------------------------------------ taps
    @tap
    def cancel(self) -> None:
        """The citizen's 取消支付: cancel at the server; its answer decides (paid wins)."""
        if not self.journey.at(self.step) or self.phase != WAITING:
            return
        self.phase = CANCELLING
        self._token += 1  # polls of the open order are not wanted any more
        order_id = self.order.order_id
        self.journey.central.payments.cancel(order_id).then(
            lambda order: self._cancelled(order_id, order),
            lambda exc: self._cancel_failed(order_id, exc))

    @tap
    def again(self) -> None:
        """A new order for the same thing (after expiry or a cancel)."""
        if self.journey.at(self.step) and self.phase in (EXPIRED, CANCELLED) and self.what:
            self._create()

    # ------------------------------------------------------------------ the order
    def _create(self) -> None:
        self._token += 1
        self.phase, self.order, self.deadline = CREATING, None, None
        self.connection_problem = False
        self.journey.working = WORKING
        self.journey.go(self.step)
        token = self._token
        self.journey.central.payments.create(**self.what).then(
            lambda order: self._created(token, order), lambda exc: self._create_failed(token, exc))

    def _created(self, token: int, order) -> None:
        if token != self._token:
            return
        self._show(order)
        self._poll(token, first=True)

    def _create_failed(self, token: int, exc: BaseException) -> None:
        if token != self._token:
            return
        self.phase = None
        self.journey.working = None
        if self.on_refused is not None:
            self.on_refused(exc)
            return
        self.journey.fail("payment_failed", (Action.RETRY, Action.STAFF, Action.HOME), exc=exc,
                          retry=self.retry)

    def _show(self, order) -> None:
        self.order = order
        if order.paid:
            self._paid()
        elif order.state == "created":
            self.phase = WAITING
            self.journey.working = WORKING
            self.deadline = self.shell.monotonic() + order.seconds_left
        else:
            self._closed(EXPIRED if order.state == "expired" else CANCELLED)

    def _poll(self, token: int, *, first: bool = False) -> None:
        order_id = self.order.order_id
        self.journey.central.payments.status(order_id, wait_s=self.poll_s).then(
            lambda order: self._polled(token, order),
            lambda exc: self._poll_failed(token, exc))

    def _polled(self, token: int, order) -> None:
        if token != self._token:
            return
        self.connection_problem = False
        if self.phase == WAITING:
            self._show(order)
            if self.phase == WAITING:
                self._poll(token)
        elif self.phase in (EXPIRED, CANCELLED):
            self.order = order  # a payment after the close shows as a refund request
            self._after_close -= 1
            if not order.refund and self._after_close > 0:
                self._poll(token)

    def _poll_failed(self, token: int, exc: BaseException) -> None:
        if token != self._token:
            return
        log.warning("payment order %s: state not read: %s", self.order.order_id, exc)
        self.connection_problem = True
        if self.phase == WAITING or (self.phase in (EXPIRED, CANCELLED)
                                     and self._after_close > 0):
            self._poll(token)  # (status waits poll_s first: a steady pace, also offline)

    def _cancelled(self, order_id: str, order) -> None:
        if self.order is None or self.order.order_id != order_id or self.phase != CANCELLING:
            return
        self._token += 1
        self.order = order
        if order.paid:
            log.warning("payment order %s was paid before the cancel: treated as paid",
                        order_id)
            self._paid()
        else:
            self._closed(EXPIRED if order.state == "expired" else CANCELLED)

    def _cancel_failed(self, order_id: str, exc: BaseException) -> None:
        if self.order is None or self.order.order_id != order_id or self.phase != CANCELLING:
            return
        # not cancelled: the order is still payable, so it is still shown and watched
        log.warning("payment order %s: cancel failed: %s", order_id, exc)
        self._token += 1
        self.phase = WAITING
        self.connection_problem = True
        self._poll(self._token)

    def _closed(self, phase: str) -> None:
        self.phase = phase
        self.journey.working = None
        self.deadline = None
        self._after_close = AFTER_CLOSE_POLLS
        self.shell.after_work()
        if not self.refund:
            self._poll(self._token)

    def _paid(self) -> None:
        self._token += 1
        self.phase = PAID
        self.journey.working = None
        self.deadline = None
        order = self.order
        log.info("payment order %s paid", order.order_id)
        if self.on_paid is not None:
            self.on_paid(order)
        elif self.printing is not None:
            self.printing.on_printed = lambda _r: self.journey.central.payments.receipt_printed(
                order.order_id).then()
            self.printing.start(self.receipt())
        self.shell.after_work()

    def close(self) -> None:
        """The journey is dropped: an order still payable is cancelled at the server (the
        answer no longer matters here; the kiosk's record is settled by it)."""
        if self.order is not None and self.phase in (WAITING, CANCELLING):
            self.journey.central.payments.cancel(self.order.order_id).then()
        self._token += 1
        self.phase, self.order, self.what, self.deadline = None, None, {}, None
