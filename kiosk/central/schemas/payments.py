"""The payment operations (便民缴费): the kiosk's orders, and the payer's page behind an
order's QR code (a plain HTML form, public).

The rules are :mod:`kiosk.central.store.payments`'s; the handlers read the kiosk's bodies
through these models (:func:`.parts.checked`). The kiosk's side is :mod:`kiosk.sync.payments`.
"""
from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from kiosk import protocol as P
from kiosk.central.schemas import Operation
from kiosk.central.schemas.common import Model, Text
from kiosk.central.schemas.parts import (
    INT4_MAX,
    PUBLIC_ERRORS,
    READ_ERRORS,
    RECORD_ERRORS,
    FromKiosk,
    PathId,
    any_of,
    either,
)
from kiosk.central.schemas.values import Integer, body_schema

_TTL_MIN, _TTL_MAX = P.PAYMENT_TTL_RANGE


class PaymentOrderRequest(FromKiosk):
    """A new order: for a payment notice (``notice``: the server prices it) or for a fee a
    journey names (``item`` and ``amount_fen``). The same ``order_id`` again from the same
    kiosk is the same order."""

    model_config = ConfigDict(json_schema_extra=body_schema(
        **any_of(("notice",), ("item", "amount_fen"))))
    order_id: PathId = Field(
        description="chosen by the kiosk, which also uses it as the Idempotency-Key")
    journey: Text(P.EVALUATION_JOURNEY_MAX) | None = None
    notice: Text(P.PAYMENT_NOTICE_MAX) | None = Field(
        None, description="a payment notice (缴款通知书) or fine decision (处罚决定书) number",
        examples=["3201022611000123"])
    item: Text(P.PAYMENT_ITEM_MAX) | None = None
    item_en: Text(120) | None = None
    amount_fen: Integer(1, INT4_MAX, "fen (1/100 yuan)") | None = None
    payer: Text(40) | None = Field(None, description="masked")
    ttl_s: Integer(_TTL_MIN, _TTL_MAX,
                   f"seconds the QR code is payable (default {P.PAYMENT_TTL_S})") | None = None
    _given = either(("notice",), ("item", "amount_fen"))


class PaymentCancelRequest(FromKiosk):
    """The kiosk gives the order up (the body only names the kiosk)."""


class PaymentOrder(Model):
    """An order as it stands now (a created order past its expiry reads ``expired``)."""

    order_id: str
    state: Literal[P.PAYMENT_STATES]
    kind: Literal["fee", "fine"]
    item: str
    item_en: str
    amount_fen: int
    payer: str = Field(description="masked")
    journey: str
    created_at: str = Field(json_schema_extra={"format": "date-time"})
    expires_at: str = Field(json_schema_extra={"format": "date-time"})
    seconds_left: int
    paid_at: str | None
    refund: Literal["requested"] | None = Field(
        description="a payment arrived that the order could not take: it is refunded")
    refunds: int
    pay_url: str = Field(description="the link in the QR code (the payer's page)")


class PaymentForm(Model):
    """The payer's page form (``application/x-www-form-urlencoded``): one payment, named by
    the page so a double submit is one payment."""

    payment_id: Text(P.UUID_MAX, min_length=1)


_TAGS = ("payments",)

OPERATIONS = {
    ("POST", P.PAYMENT_ORDERS): Operation(
        operation_id="createPaymentOrder", tags=_TAGS,
        summary="A payment order for a payment notice, or for a fee a journey names",
        description="404 `unknown_notice`; 409 `notice_paid` (or the first request with this "
                    "key still runs); 422 `order_exists` (another kiosk's order id) or the "
                    "key was used for another request. An earlier payable order of the same "
                    "notice stops being payable.",
        body=PaymentOrderRequest, answers={201: PaymentOrder},
        errors=(*RECORD_ERRORS, 404)),
    ("GET", P.PAYMENT_ORDER): Operation(
        operation_id="paymentOrder", tags=_TAGS,
        summary="An order's state now (the kiosk polls it while the QR code is shown)",
        description="404 `unknown_order` (none, or another kiosk's).",
        answers={200: PaymentOrder}, errors=(*READ_ERRORS, 404)),
    ("POST", P.PAYMENT_CANCEL): Operation(
        operation_id="cancelPaymentOrder", tags=_TAGS,
        summary="The kiosk gives the order up; the answer says `paid` when the payer was "
                "quicker",
        description="A payment after this is not counted: it is recorded as a refund request. "
                    "404 `unknown_order`.",
        body=PaymentCancelRequest, answers={200: PaymentOrder},
        errors=(*RECORD_ERRORS, 404)),
    ("GET", P.PAY_PAGE): Operation(
        operation_id="payPage", tags=_TAGS,
        summary="The payer's page behind an order's QR code (stands in for a payment "
                "platform)",
        description="Public. What is paid, the amount and a pay button (a plain form, no "
                    "script); 404: no such order.",
        media_type="text/html", answers={200: None, 404: None}, errors=PUBLIC_ERRORS),
    ("POST", P.PAY_PAGE): Operation(
        operation_id="pay", tags=_TAGS,
        summary="One payment of the order (the page's urlencoded form; no Idempotency-Key)",
        description="Public. The same `payment_id` again is the same payment. Pays the order "
                    "while it is payable, else records a refund request; never counts a second "
                    "payment. The outcome is an HTML page (404: no such order); a form without "
                    "a payment id of 1-64 characters is a 400 (JSON).",
        body=PaymentForm, media_type="text/html", answers={200: None, 404: None},
        errors=(*PUBLIC_ERRORS, 400, 413, 415)),
}

__all__ = ["OPERATIONS"]
