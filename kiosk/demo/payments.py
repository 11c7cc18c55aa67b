"""Payment orders and ratings for tests and screenshots: the reference server's rules
(kiosk.central.store.payments) in memory, behind ``central.payments``/``central.evaluations``.

``pay(order_id)`` is the payer's side (a payment reaching the order: paid while payable, a
refund request otherwise), ``expire(order_id)`` forces expiry."""
from __future__ import annotations

import itertools
import threading

from kiosk.protocol import Err
from kiosk.sync.payments import Order, PaymentRefused

#: the demo notices (as kiosk/central/payments/demo_notices.toml): number → (item, en, fen, payer)
NOTICES = {
    "3201022611000123": ("交通违法罚款（闯红灯）", "Traffic fine (red light)", 20000, "张*"),
    "11010126000000001234": ("不动产登记费", "Property registration fee", 8000, "李*"),
}
TTL_S = 300


class DemoPayments:
    def __init__(self, base_url: str = "http://127.0.0.1:8780") -> None:
        self.base_url = base_url
        self.orders: dict[str, dict] = {}
        self.paid_notices: set[str] = set()
        self.receipts: list[str] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def _order(self, o: dict) -> Order:
        return Order(order_id=o["order_id"], state=o["state"], item=o["item"],
                     item_en=o["item_en"], amount_fen=o["amount_fen"], payer=o["payer"],
                     pay_url=f"{self.base_url}/pay/{o['order_id']}",
                     seconds_left=TTL_S if o["state"] == "created" else 0,
                     paid_at="2025-03-18T10:25:00+08:00" if o["state"] == "paid" else None,
                     refund=o["refunds"] > 0)

    def create(self, *, notice=None, item=None, amount_fen=None, item_en="", payer="",
               journey="", ttl_s=None) -> Order:
        with self._lock:
            if notice is not None:
                if notice not in NOTICES:
                    raise PaymentRefused(Err.UNKNOWN_NOTICE, f"no notice {notice}")
                if notice in self.paid_notices:
                    raise PaymentRefused(Err.NOTICE_PAID, f"notice {notice} paid")
                item, item_en, amount_fen, payer = NOTICES[notice]
            order_id = f"{next(self._ids):032x}"
            self.orders[order_id] = {"order_id": order_id, "state": "created", "item": item,
                                     "item_en": item_en, "amount_fen": amount_fen,
                                     "payer": payer, "notice": notice, "refunds": 0}
            return self._order(self.orders[order_id])

    def status(self, order_id: str, *, wait_s: float = 0.0) -> Order:
        return self._order(self.orders[order_id])

    def cancel(self, order_id: str) -> Order:
        with self._lock:
            o = self.orders[order_id]
            if o["state"] == "created":
                o["state"] = "cancelled"
            return self._order(o)

    def receipt_printed(self, order_id: str) -> None:
        self.receipts.append(order_id)

    # ------------------------------------------------------------------ the payer's side
    def pay(self, order_id: str) -> str:
        with self._lock:
            o = self.orders[order_id]
            if o["state"] == "created" and o["notice"] not in self.paid_notices:
                o["state"] = "paid"
                if o["notice"]:
                    self.paid_notices.add(o["notice"])
                return "paid"
            o["refunds"] += 1
            return "refund_requested"

    def expire(self, order_id: str) -> None:
        with self._lock:
            if self.orders[order_id]["state"] == "created":
                self.orders[order_id]["state"] = "expired"


class DemoEvaluations:
    """Ratings as the outbox would take them: kept in a list."""

    def __init__(self) -> None:
        self.submitted: list[dict] = []

    def submit(self, subject_type: str, subject: str, score: int, tags=(), comment: str = "",
               journey: str = "") -> str:
        self.submitted.append({"subject_type": subject_type, "subject": subject, "score": score,
                               "tags": list(tags), "comment": comment, "journey": journey})
        return f"e{len(self.submitted)}"
