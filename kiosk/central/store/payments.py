"""Payment orders (便民缴费): a fee or a fine paid by scanning the kiosk's QR code.

An order is created by a kiosk (for a payment notice the server looks up, or for a fee a
journey names with its amount) and moves once: ``created`` → ``paid`` | ``expired`` |
``cancelled``. Payments reach it from the payer's side (the page behind the QR code, or the
demo's ``kiosk-central pay``), each with its own ``payment_id``:

- the same payment reported twice is one payment (the second report changes nothing);
- a payment for an order that is still payable pays it, and its notice;
- any other payment — after the kiosk cancelled, after expiry, a second payment of a paid
  order, or of a notice another order paid — is never counted: it is recorded as a refund
  request (``refund = "requested"``) and the order keeps its state.

So a citizen is never charged twice, whatever order the kiosk's cancel and the payer's app
arrive in. Expiry is lazy: a ``created`` order past ``expires_at`` reads as ``expired`` and
is written so by the next change. Amounts are integers in fen; the payer is stored masked.
"""
from __future__ import annotations

import time
import tomllib
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk import protocol
from kiosk.central.db import metadata
from kiosk.central.fields import ApiError, field
from kiosk.protocol import Err

notices = sa.Table(
    "payment_notices", metadata,
    sa.Column("number", sa.String(protocol.PAYMENT_NOTICE_MAX), primary_key=True),
    sa.Column("kind", sa.String(10), nullable=False),  # fine | fee
    sa.Column("item", sa.String(protocol.PAYMENT_ITEM_MAX), nullable=False),
    sa.Column("item_en", sa.String(120), nullable=False, default=""),
    sa.Column("amount_fen", sa.Integer, nullable=False),
    sa.Column("payer", sa.String(40), nullable=False),  # masked
    sa.Column("paid_order_id", sa.String(protocol.UUID_MAX)),  # the order that paid it
)

orders = sa.Table(
    "payment_orders", metadata,
    sa.Column("order_id", sa.String(protocol.UUID_MAX), primary_key=True),
    sa.Column("kiosk_id", sa.String(protocol.KIOSK_ID_MAX), nullable=False),
    sa.Column("journey", sa.String(protocol.EVALUATION_JOURNEY_MAX), nullable=False,
              default=""),
    sa.Column("notice", sa.String(protocol.PAYMENT_NOTICE_MAX)),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("item", sa.String(protocol.PAYMENT_ITEM_MAX), nullable=False),
    sa.Column("item_en", sa.String(120), nullable=False, default=""),
    sa.Column("amount_fen", sa.Integer, nullable=False),
    sa.Column("payer", sa.String(40), nullable=False, default=""),  # masked
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("paid_at", sa.Float),
    sa.Column("closed_at", sa.Float),  # cancelled or expired
    sa.Column("payment_id", sa.String(protocol.UUID_MAX)),  # the payment that paid it
    sa.Column("refunds", sa.Integer, nullable=False, default=0),
    sa.Index("ix_payment_orders_notice", "notice", "state"),
)

#: every payment the payer's side reported, once (its id is unique): what it did
payments = sa.Table(
    "payment_events", metadata,
    sa.Column("payment_id", sa.String(protocol.UUID_MAX), primary_key=True),
    sa.Column("order_id", sa.String(protocol.UUID_MAX), nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),  # paid | refund_requested
    sa.Column("amount_fen", sa.Integer, nullable=False),
    sa.Column("at", sa.Float, nullable=False),
)

DEMO_NOTICES = Path(__file__).resolve().parents[1] / "payments" / "demo_notices.toml"
PAID, REFUND = "paid", "refund_requested"


def load_demo_notices(path: Path = DEMO_NOTICES) -> list[dict]:
    return tomllib.loads(Path(path).read_text(encoding="utf-8")).get("notices", [])


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds")


class Payments:
    def __init__(self, engine: Engine, *, clock=time.time) -> None:
        self.engine = engine
        self.clock = clock

    # ------------------------------------------------------------------ demo data
    def seed_demo(self, entries: list[dict] | None = None) -> int:
        """Add the demo notices that are missing (concurrent callers: one wins)."""
        added = 0
        with self.engine.begin() as conn:
            for e in entries if entries is not None else load_demo_notices():
                if conn.execute(sa.select(notices.c.number).where(
                        notices.c.number == e["number"])).first() is not None:
                    continue
                try:
                    with conn.begin_nested():
                        conn.execute(notices.insert().values(
                            number=e["number"], kind=e["kind"], item=e["item"],
                            item_en=e.get("item_en", ""), amount_fen=int(e["amount_fen"]),
                            payer=e["payer"]))
                    added += 1
                except sa.exc.IntegrityError:
                    pass
        return added

    # ------------------------------------------------------------------ reading
    def _row(self, conn: Connection, order_id: str):
        row = conn.execute(sa.select(orders).where(orders.c.order_id == order_id)).first()
        if row is None:
            raise ApiError(404, Err.UNKNOWN_ORDER, f"no payment order {order_id}")
        return row

    def state_of(self, row) -> str:
        """The order's state now (a created order past its expiry reads as expired)."""
        if row.state == "created" and self.clock() >= row.expires_at:
            return "expired"
        return row.state

    def view(self, conn: Connection, order_id: str, base_url: str = "",
             kiosk_id: str | None = None) -> dict:
        row = self._row(conn, order_id)
        if kiosk_id is not None and row.kiosk_id != kiosk_id:
            raise ApiError(404, Err.UNKNOWN_ORDER, f"no payment order {order_id} of this kiosk")
        return self._view(row, base_url)

    def _view(self, row, base_url: str = "") -> dict:
        state = self.state_of(row)
        left = max(0, int(row.expires_at - self.clock())) if state == "created" else 0
        page = protocol.path(protocol.PAY_PAGE, order_id=row.order_id)
        return {
            "order_id": row.order_id, "state": state, "kind": row.kind, "item": row.item,
            "item_en": row.item_en, "amount_fen": row.amount_fen, "payer": row.payer,
            "journey": row.journey, "created_at": _iso(row.created_at),
            "expires_at": _iso(row.expires_at), "seconds_left": left,
            "paid_at": _iso(row.paid_at),
            "refund": "requested" if row.refunds else None, "refunds": row.refunds,
            "pay_url": f"{base_url.rstrip('/')}{page}",
        }

    def list_orders(self, conn: Connection, limit: int = 200) -> list[dict]:
        rows = conn.execute(sa.select(orders).order_by(orders.c.created_at.desc())
                            .limit(limit)).all()
        return [self._view(r) for r in rows]

    # ------------------------------------------------------------------ the kiosk's side
    def create(self, conn: Connection, kiosk_id: str, body: dict, base_url: str = "") -> dict:
        """A new order (``notice``: the server prices it; else ``item`` + ``amount_fen``).
        The same ``order_id`` again from the same kiosk is the same order (a retry)."""
        order_id = field(body, "order_id", str, max_len=protocol.UUID_MAX)
        if not order_id:
            raise ApiError(400, Err.INVALID, "order_id is empty")
        existing = conn.execute(sa.select(orders).where(orders.c.order_id == order_id)).first()
        if existing is not None:
            if existing.kiosk_id != kiosk_id:
                raise ApiError(422, Err.ORDER_EXISTS, f"order {order_id} is another kiosk's")
            return self._view(existing, base_url)
        journey = field(body, "journey", str, max_len=protocol.EVALUATION_JOURNEY_MAX,
                        optional=True) or ""
        ttl = field(body, "ttl_s", int, optional=True) or protocol.PAYMENT_TTL_S
        lo, hi = protocol.PAYMENT_TTL_RANGE
        ttl = min(max(ttl, lo), hi)
        now = self.clock()
        number = field(body, "notice", str, max_len=protocol.PAYMENT_NOTICE_MAX, optional=True)
        if number is not None:
            values = self._for_notice(conn, number, now)
        else:
            amount = field(body, "amount_fen", int)
            if amount <= 0:
                raise ApiError(400, Err.INVALID, "amount_fen must be positive")
            values = {"notice": None, "kind": "fee", "amount_fen": amount,
                      "item": field(body, "item", str, max_len=protocol.PAYMENT_ITEM_MAX),
                      "item_en": field(body, "item_en", str, max_len=120, optional=True) or "",
                      "payer": field(body, "payer", str, max_len=40, optional=True) or ""}
        conn.execute(orders.insert().values(
            order_id=order_id, kiosk_id=kiosk_id, journey=journey, state="created",
            created_at=now, expires_at=now + ttl, refunds=0, **values))
        return self.view(conn, order_id, base_url)

    def _for_notice(self, conn: Connection, number: str, now: float) -> dict:
        n = conn.execute(sa.select(notices).where(notices.c.number == number)).first()
        if n is None:
            raise ApiError(404, Err.UNKNOWN_NOTICE, f"no payment notice {number}")
        if n.paid_order_id is not None:
            raise ApiError(409, Err.NOTICE_PAID, f"notice {number} is paid")
        # one payable order per notice: an earlier QR code (a citizen who walked away and
        # came back) stops being payable, so the notice cannot be paid through both
        conn.execute(orders.update().where(
            (orders.c.notice == number) & (orders.c.state == "created")).values(
            state=sa.case((orders.c.expires_at <= now, "expired"), else_="cancelled"),
            closed_at=now))
        return {"notice": number, "kind": n.kind, "item": n.item, "item_en": n.item_en,
                "amount_fen": n.amount_fen, "payer": n.payer}

    def cancel(self, conn: Connection, kiosk_id: str, order_id: str, base_url: str = "") -> dict:
        """The kiosk gives up on the order. Too late when it was paid: the answer says paid
        (the kiosk treats it as paid); expired stays expired."""
        row = self._row(conn, order_id)
        if row.kiosk_id != kiosk_id:
            raise ApiError(404, Err.UNKNOWN_ORDER, f"no payment order {order_id} of this kiosk")
        self._close(conn, row, "cancelled")
        return self.view(conn, order_id, base_url)

    def expire(self, conn: Connection, order_id: str) -> dict:
        """Force an unpaid order past its expiry (tests and demos: ``kiosk-central pay
        --expire``)."""
        row = self._row(conn, order_id)
        self._close(conn, row, "expired")
        return self.view(conn, order_id)

    def _close(self, conn: Connection, row, state: str) -> None:
        now = self.clock()
        current = self.state_of(row)
        new = state if current == "created" else current
        if new != row.state:
            conn.execute(orders.update().where(
                (orders.c.order_id == row.order_id) & (orders.c.state == "created")).values(
                state=new, closed_at=now, expires_at=min(row.expires_at, now)))

    # ------------------------------------------------------------------ the payer's side
    def pay(self, conn: Connection, order_id: str, payment_id: str) -> dict:
        """A payment of the order reached the server (the payer's page, the payment
        platform's notification). Returns the order's view and ``outcome``: ``paid``,
        ``refund_requested``, or the earlier outcome of this same payment."""
        if not payment_id or len(payment_id) > protocol.UUID_MAX:
            raise ApiError(400, Err.INVALID, "a payment id has 1 to 64 characters")
        row = self._row(conn, order_id)
        seen = conn.execute(sa.select(payments).where(payments.c.payment_id == payment_id)
                            ).first()
        if seen is not None:  # the same payment reported again: one payment
            return {**self._view(row), "outcome": seen.outcome, "replayed": True}
        now = self.clock()
        payable = self.state_of(row) == "created"
        if payable and row.notice is not None:
            # the notice may have been paid through another order meanwhile
            payable = conn.execute(notices.update().where(
                (notices.c.number == row.notice) & notices.c.paid_order_id.is_(None)).values(
                paid_order_id=order_id)).rowcount == 1
        if payable:
            done = conn.execute(orders.update().where(
                (orders.c.order_id == order_id) & (orders.c.state == "created")).values(
                state="paid", paid_at=now, payment_id=payment_id)).rowcount == 1
            payable = done
        outcome = PAID if payable else REFUND
        if not payable:
            if self.state_of(row) == "expired" and row.state == "created":
                self._close(conn, row, "expired")
            conn.execute(orders.update().where(orders.c.order_id == order_id).values(
                refunds=orders.c.refunds + 1))
        conn.execute(payments.insert().values(payment_id=payment_id, order_id=order_id,
                                              outcome=outcome, amount_fen=row.amount_fen,
                                              at=now))
        return {**self.view(conn, order_id), "outcome": outcome, "replayed": False}

    def events(self, conn: Connection, order_id: str) -> list[dict]:
        rows = conn.execute(sa.select(payments).where(payments.c.order_id == order_id)
                            .order_by(payments.c.at)).all()
        return [{"payment_id": r.payment_id, "outcome": r.outcome, "amount_fen": r.amount_fen,
                 "at": _iso(r.at)} for r in rows]


__all__ = ["Payments", "load_demo_notices", "notices", "orders", "payments"]
