"""``kiosk-central pay ORDER [--expire|--cancel] [--json]`` and ``kiosk-central payments``:
the payer's side of an order for tests and demos (a payment arrives as from the page behind
the QR code: after a cancel or expiry it becomes a refund request, never a second charge),
and the orders the server holds."""
from __future__ import annotations

import argparse
import uuid


def register(sub, common) -> None:
    c = sub.add_parser("pay", parents=[common],
                       help="pay an order as its payer would (demo), or force it expired")
    c.add_argument("order_id", metavar="ORDER")
    what = c.add_mutually_exclusive_group()
    what.add_argument("--expire", action="store_true", help="force the order past its expiry")
    what.add_argument("--payment-id", default=None,
                      help="the payment's id (default: a new one; the same id again is one "
                           "payment)")
    c.add_argument("--db", metavar="URL")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_pay)

    c = sub.add_parser("payments", parents=[common], help="the payment orders the server holds")
    c.add_argument("--db", metavar="URL")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_payments)


def cmd_pay(args: argparse.Namespace) -> int:
    from kiosk.central.cli import EXIT_USAGE, _fail, _print_json, _store
    from kiosk.central.fields import ApiError

    store = _store(args)
    try:
        with store.engine.begin() as conn:
            if args.expire:
                order = store.payments.expire(conn, args.order_id)
                order["outcome"] = order["state"]
            else:
                order = store.payments.pay(conn, args.order_id,
                                           args.payment_id or uuid.uuid4().hex)
    except ApiError as exc:
        return _fail(exc.message, EXIT_USAGE)
    finally:
        store.engine.dispose()
    if args.json:
        _print_json(order)
    else:
        refund = " — refund requested" if order["refund"] else ""
        print(f"order {order['order_id']}: {order['state']}{refund} "
              f"(this payment: {order['outcome']})")
    return 0


def cmd_payments(args: argparse.Namespace) -> int:
    from kiosk.central.cli import _print_json, _print_table, _rows

    rows = _rows(args, lambda store, conn: store.payments.list_orders(conn))
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        r["amount"] = f"{r['amount_fen'] / 100:.2f}"
        r["refund"] = r["refund"] or "-"
    _print_table(rows, [("order_id", "ORDER"), ("item", "ITEM"), ("amount", "YUAN"),
                        ("state", "STATE"), ("refund", "REFUND"), ("created_at", "CREATED")])
    return 0
