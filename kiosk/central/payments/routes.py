"""The payment endpoints of the reference server (rules: :mod:`kiosk.central.store.payments`).

Registered by :class:`kiosk.central.api.CentralApp` (``payment_routes(app)``). The kiosk
creates and cancels orders with idempotent POSTs and reads an order's state with a GET; the
payer's side is the public page behind the QR code (``/pay/{order_id}``), a plain HTML form
whose POST is one payment (its hidden ``payment_id`` makes a double submit one payment).
"""
from __future__ import annotations

import uuid
from urllib.parse import parse_qs

from kiosk import protocol as P
from kiosk.central.api import Response, Route
from kiosk.central.fields import ApiError
from kiosk.central.payments.page import pay_page
from kiosk.central.schemas import payments as schema
from kiosk.central.schemas.parts import checked

HTML = "text/html; charset=utf-8"


class PaymentHandlers:
    def __init__(self, app) -> None:
        self.app = app
        self.store = app.store.payments
        self._seeded = False

    def _seed(self) -> None:
        if self.app.demo_appointments and not self._seeded:  # a reference server: demo notices
            self.store.seed_demo()
            self._seeded = True

    # ------------------------------------------------------------------ the kiosk
    def create(self, conn, params, body, kiosk_id, key, req):
        # (as its schema reads it, here too: orders also arrive as items of /v1/batch)
        body = checked(schema.PaymentOrderRequest, body)
        return 201, self.store.create(conn, kiosk_id, body, req.base_url)

    def cancel(self, conn, params, body, kiosk_id, key, req):
        checked(schema.PaymentCancelRequest, body)
        return 200, self.store.cancel(conn, kiosk_id, params["order_id"], req.base_url)

    def order(self, req, params, kiosk_id) -> Response:
        with self.app._read() as conn, conn.begin():
            return Response.json(200, self.store.view(conn, params["order_id"], req.base_url,
                                                      kiosk_id=kiosk_id))

    # ------------------------------------------------------------------ the payer
    def page(self, req, params, kiosk_id) -> Response:
        try:
            with self.app._read() as conn, conn.begin():
                order = self.store.view(conn, params["order_id"])
        except ApiError:
            return Response(404, pay_page(None), HTML)
        return Response(200, pay_page(order, payment_id=uuid.uuid4().hex), HTML)

    def pay(self, req, params, kiosk_id) -> Response:
        form = parse_qs(req.body.decode("utf-8", "replace"))
        payment_id = (form.get("payment_id") or [""])[0]
        try:
            with self.app.engine.begin() as conn:
                result = self.store.pay(conn, params["order_id"], payment_id)
        except ApiError as exc:
            if exc.status != 404:  # a form our page never sends (no payment id): refused as
                return Response.json(exc.status, exc.body())  # the schema would refuse it
            return Response(404, pay_page(None, problem=exc.message), HTML)
        return Response(200, pay_page(result, outcome=result["outcome"]), HTML)


def payment_routes(app) -> list[Route]:
    h = PaymentHandlers(app)
    h._seed()  # (before any request: the seed writes, a request's transaction must not wait)
    return [
        Route("POST", P.PAYMENT_ORDERS, h.create),
        Route("GET", P.PAYMENT_ORDER, h.order),
        Route("POST", P.PAYMENT_CANCEL, h.cancel),
        Route("GET", P.PAY_PAGE, h.page, public=True),
        Route("POST", P.PAY_PAGE, h.pay, public=True, form=True),
    ]


__all__ = ["PaymentHandlers", "payment_routes"]
