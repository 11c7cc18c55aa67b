"""Payment by QR (``central.payments``, 便民缴费): the kiosk's side of a payment order.

    order = central.payments.create(notice="3201022611000123", journey="payments")
    order = central.payments.status(order.order_id, wait_s=2.0)   # poll (in the pool)
    order = central.payments.cancel(order.order_id)               # paid already? says so
    central.payments.receipt_printed(order.order_id)
    central.payments.resolve_open()      # after a restart: settle what a dead run left open

The server owns the order and its money (:mod:`kiosk.central.store.payments`): a payment that
reaches an order no longer payable becomes a refund request there, never a second charge.
The kiosk writes down each order it asks for *before* asking (``payment_orders``: the order
id, no personal data) and settles the record when the server says how the order ended, so a
restart mid-payment leaves nothing unknown: :meth:`resolve_open` asks about every open order,
cancels one still payable (nobody stands at the QR code of a restarted kiosk) and records a
paid one's receipt as owed (printed from the staff side: ``kiosk pay ORDER --receipt``).
"""
from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from kiosk import protocol as P
from kiosk.config import Settings
from kiosk.protocol import Err
from kiosk.services import ServiceUnavailable
from kiosk.sync.client import CentralClient, CentralError, Rejected
from kiosk.sync.online import OnlineState
from kiosk.sync.outbox import Outbox
from kiosk.sync.schema import payment_orders as records

log = logging.getLogger(__name__)

TIMEOUT = (2.0, 5.0)
CREATING, OPEN, CLOSED = "creating", "open", "closed"

#: the server's refusals in words for the citizen: (en, zh)
WORDS: dict[str, tuple[str, str]] = {
    Err.UNKNOWN_NOTICE: ("No payment notice has this number. Please check it and type it "
                         "again.", "没有查到这个缴款编号，请核对后重新输入。"),
    Err.NOTICE_PAID: ("This has been paid already: nothing more to pay.",
                      "这笔费用已经缴纳，无需重复缴费。"),
    Err.UNKNOWN_ORDER: ("There is no such payment order.", "没有查到这笔缴费订单。"),
}
_OTHER_REFUSAL = ("This payment cannot be made at this kiosk. Please ask at the window.",
                  "暂时无法在本机缴纳这笔费用，请到窗口咨询。")
_OFFLINE = ("The payment system cannot be reached now. Please try again later.",
            "缴费系统暂时连接不上，请稍后再试。")


class PaymentRefused(ServiceUnavailable):
    """The payment system said no (``code``: its error code)."""

    retry = False

    def __init__(self, code: str, detail: str) -> None:
        en, zh = WORDS.get(code, _OTHER_REFUSAL)
        super().__init__(en, zh, detail=detail)
        self.code = code


@dataclass(frozen=True)
class Order:
    """An order as the server last described it. ``state``: created | paid | expired |
    cancelled; ``refund``: a payment reached it when it was no longer payable (or twice) and
    was turned into a refund request — the citizen is not charged for it."""

    order_id: str
    state: str
    item: str
    amount_fen: int
    pay_url: str
    seconds_left: int = 0
    item_en: str = ""
    payer: str = ""  # masked by the server
    kind: str = "fee"  # fee | fine
    paid_at: str | None = None
    expires_at: str | None = None
    refund: bool = False

    @classmethod
    def from_json(cls, data: dict) -> Order:
        if not isinstance(data, dict) or data.get("state") not in P.PAYMENT_STATES \
                or not isinstance(data.get("amount_fen"), int):
            raise ValueError("not a payment order")
        return cls(order_id=str(data["order_id"]), state=data["state"],
                   item=str(data.get("item") or ""), amount_fen=data["amount_fen"],
                   pay_url=str(data.get("pay_url") or ""),
                   seconds_left=int(data.get("seconds_left") or 0),
                   item_en=str(data.get("item_en") or ""), payer=str(data.get("payer") or ""),
                   kind=str(data.get("kind") or "fee"), paid_at=data.get("paid_at"),
                   expires_at=data.get("expires_at"), refund=bool(data.get("refund")))

    @property
    def paid(self) -> bool:
        return self.state == "paid"

    @property
    def final(self) -> bool:
        return self.state != "created"

    @property
    def yuan(self) -> str:
        return f"{self.amount_fen // 100}.{self.amount_fen % 100:02d}"


def _outcome(order: Order) -> str:
    if order.paid:
        return "paid"
    return "refund" if order.refund else order.state


class Payments:
    def __init__(self, settings: Settings, outbox: Outbox, client: CentralClient,
                 link: OnlineState) -> None:
        self.kiosk_id = settings.kiosk.id
        self.outbox, self.client, self.link = outbox, client, link

    # ------------------------------------------------------------------ the server
    def _call(self, method: str, path: str, body: dict | None = None, *,
              key: str | None = None, what: str = "") -> Order:
        try:
            reply = self.client.call(method, path, body=body, idempotency_key=key,
                                     timeout=TIMEOUT, deadline_s=sum(TIMEOUT) + 1.0)
        except Rejected as exc:
            self.link.set(True)
            raise PaymentRefused(exc.code, f"{what}: {exc}") from None
        except CentralError as exc:
            if exc.code == Err.NOTICE_PAID:  # a 409 that is an answer, not "later"
                self.link.set(True)
                raise PaymentRefused(exc.code, f"{what}: {exc}") from None
            self.link.set(False)
            raise ServiceUnavailable(*_OFFLINE, detail=f"{what}: {exc}") from None
        self.link.set(True)
        try:
            return Order.from_json(reply.data)
        except (ValueError, TypeError, KeyError):
            raise ServiceUnavailable(*_OFFLINE, detail=f"{what}: unusable answer") from None

    def create(self, *, notice: str | None = None, item: str | None = None,
               amount_fen: int | None = None, item_en: str = "", payer: str = "",
               journey: str = "", ttl_s: int | None = None) -> Order:
        """A new order: for a payment ``notice`` (the server looks it up and prices it), or
        for a fee the journey names (``item``, ``amount_fen``; ``payer`` masked). Written
        down locally before it is asked for; the request's key is the order id, so a retry
        of the same order is the same order."""
        if (notice is None) == (item is None or amount_fen is None):
            raise ValueError("an order is for a notice, or for an item with its amount")
        order_id = uuid.uuid4().hex
        body: dict[str, Any] = {"order_id": order_id, "kiosk_id": self.kiosk_id,
                                "journey": journey}
        if notice is not None:
            body["notice"] = notice
        else:
            body.update(item=item, amount_fen=int(amount_fen), item_en=item_en, payer=payer)
        if ttl_s is not None:
            body["ttl_s"] = int(ttl_s)
        now = time.time()
        self.outbox.write_core(lambda conn: conn.execute(records.insert().values(
            order_id=order_id, journey=journey, state=CREATING, created_at=now,
            updated_at=now)))
        try:
            order = self._call("POST", P.PAYMENT_ORDERS, body, key=order_id,
                               what="create payment order")
        except PaymentRefused:
            self._settle(order_id, "none")  # the server made no order
            raise
        self._update(order_id, state=OPEN)
        log.info("payment order %s created (%s fen)", order_id, order.amount_fen)
        return order

    def status(self, order_id: str, *, wait_s: float = 0.0) -> Order:
        """The order's state now (after ``wait_s``: the journey's polling pace, spent in the
        pool, never on the Qt thread). A final answer settles the local record."""
        if wait_s > 0:
            time.sleep(wait_s)
        order = self._call("GET", P.path(P.PAYMENT_ORDER, order_id=order_id),
                           what="payment order state")
        if order.final:
            self._settle(order_id, _outcome(order), paid=order.paid)
        return order

    def cancel(self, order_id: str) -> Order:
        """Give the order up. The answer may say paid (the payer was quicker: treat it as
        paid) — the server never takes a payment after this without a refund request."""
        order = self._call("POST", P.path(P.PAYMENT_CANCEL, order_id=order_id),
                           {"kiosk_id": self.kiosk_id}, key=f"cancel-{order_id}",
                           what="cancel payment order")
        self._settle(order_id, _outcome(order), paid=order.paid)
        log.info("payment order %s cancelled: %s", order_id, order.state)
        return order

    # ------------------------------------------------------------------ local records
    def receipt_printed(self, order_id: str) -> None:
        self._update(order_id, receipt="printed")

    def _settle(self, order_id: str, outcome: str, *, paid: bool = False) -> None:
        values: dict[str, Any] = {"state": CLOSED, "outcome": outcome}
        if paid:
            values["receipt"] = sa.func.coalesce(records.c.receipt, "owed")
        self._update(order_id, **values)

    def _update(self, order_id: str, **values) -> None:
        values["updated_at"] = time.time()
        self.outbox.write_core(lambda conn: conn.execute(
            records.update().where(records.c.order_id == order_id).values(**values)))

    def records(self, *, open_only: bool = False) -> list[dict]:
        """The kiosk's order records (newest first); ``open_only``: creating or open."""
        if not self.outbox.readable:
            return []
        q = sa.select(records).order_by(records.c.created_at.desc())
        if open_only:
            q = q.where(records.c.state != CLOSED)
        with self.outbox.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def record(self, order_id: str) -> dict | None:
        if not self.outbox.readable:
            return None
        with self.outbox.engine.connect() as conn:
            row = conn.execute(sa.select(records).where(records.c.order_id == order_id)
                               ).first()
        return dict(row._mapping) if row is not None else None

    def resolve_open(self) -> list[dict]:
        """After a restart: ask the server about every order a dead run left open and settle
        it — still payable: cancelled (its QR code is gone from the screen); paid: the
        receipt is owed; unknown to the server (the request never arrived): closed. An order
        the server cannot be asked about now stays open for the next try."""
        done = []
        for rec in self.records(open_only=True):
            order_id = rec["order_id"]
            try:
                order = self.status(order_id)
                if not order.final:
                    order = self.cancel(order_id)
            except PaymentRefused as exc:
                if exc.code != Err.UNKNOWN_ORDER:
                    log.warning("payment order %s: %s", order_id, exc)
                    continue
                self._settle(order_id, "none")
                done.append({"order_id": order_id, "outcome": "none", "receipt": None})
                continue
            except ServiceUnavailable as exc:
                log.warning("payment order %s left open: %s", order_id, exc)
                continue
            rec = self.record(order_id) or {}
            log.warning("payment order %s left open by the last run: %s%s", order_id,
                        rec.get("outcome"), " (receipt owed)" if rec.get("receipt") == "owed"
                        else "")
            done.append({"order_id": order_id, "outcome": rec.get("outcome"),
                         "receipt": rec.get("receipt"), "state": order.state})
        return done


__all__ = ["Order", "PaymentRefused", "Payments"]
