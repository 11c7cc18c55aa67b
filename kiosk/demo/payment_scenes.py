"""便民缴费's screenshot scenes and the rating (好差评) screen (kiosk/ui/scenes.py lists them):
a demo flow driven by hand to each screen, answered by :mod:`kiosk.demo.payments`."""
from __future__ import annotations

from kiosk.printing import PaperOut

NOTICE = "3201022611000123"  # a demo traffic fine: ¥200.00


def _typed(flow, digits: str = NOTICE) -> None:
    flow.open("payments")
    for d in digits:
        flow.journey.entry.key(d)


def notice(flow, fx, clock) -> None:
    _typed(flow, NOTICE[:10])


def notice_unknown(flow, fx, clock) -> None:
    _typed(flow, "3201022611999999")
    flow.journey.next()
    fx.resolve_service()


def waiting(flow, fx, clock) -> None:
    _typed(flow)
    flow.journey.next()
    fx.resolve_service()  # the order
    clock.advance(47)  # the countdown moves


def _closed(flow, fx, clock, how: str, refund: bool = False) -> None:
    waiting(flow, fx, clock)
    step = flow.journey.payment
    order_id = step.order.order_id
    if how == "expired":
        fx.central.payments.expire(order_id)
        fx.resolve_service()  # the poll sees it expired
    else:
        step.cancel()
        fx.resolve("payments.status", step.order)  # (the poll of the open order: stale now)
        fx.resolve_service()  # the cancel
    if refund:
        fx.central.payments.pay(order_id)  # the payer's app paid after the close
        fx.resolve_service()


def expired(flow, fx, clock) -> None:
    _closed(flow, fx, clock, "expired")


def cancelled_refund(flow, fx, clock) -> None:
    _closed(flow, fx, clock, "cancelled", refund=True)


def _paid(flow, fx, clock) -> None:
    waiting(flow, fx, clock)
    fx.central.payments.pay(flow.journey.payment.order.order_id)
    fx.resolve_service()  # the poll sees it paid: the receipt prints


def done(flow, fx, clock) -> None:
    _paid(flow, fx, clock)
    fx.resolve("printer.print")


def print_failed(flow, fx, clock) -> None:
    _paid(flow, fx, clock)
    fx.fail("printer.print", PaperOut("paper out"))


def rate(flow, fx, clock) -> None:
    done(flow, fx, clock)
    flow.journey.finish()


def rate_reasons(flow, fx, clock) -> None:
    rate(flow, fx, clock)
    r = flow.journey.rating
    r.choose(2)
    r.toggle_reason("slow")
    r.toggle_phrase("needed_help")
