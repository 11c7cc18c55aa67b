"""``kiosk pay [ORDER] [--receipt] [--json]``: a payment order of this kiosk (便民缴费).

With ORDER: ask the server for its state now (which settles the kiosk's record of it) and
show it; ``--receipt`` prints its receipt on the kiosk's printer — how staff hand a citizen
the receipt of an order a restart interrupted (the kiosk never prints it unattended at start:
kiosk.journeys.payments.recovery). Without ORDER: the kiosk's order records, open ones and
receipts owed first. Exit codes: 0 paid (or the list), 1 not paid, 2 usage, 3 server/printer.
"""
from __future__ import annotations

import argparse
from datetime import datetime

from kiosk.commands.outbox import EXIT_NOT_DONE, EXIT_USAGE, fail, storage_errors
from kiosk.context import print_json, settings_from_args
from kiosk.device_target import add_target_arguments


def register(sub, common) -> None:
    p = sub.add_parser("pay", parents=[common],
                       help="a payment order: its state now, its receipt (staff); the list")
    p.add_argument("order_id", metavar="ORDER", nargs="?",
                   help="order id (without: this kiosk's order records)")
    p.add_argument("--receipt", action="store_true",
                   help="print the receipt of a paid order on the kiosk's printer")
    p.add_argument("--json", action="store_true")
    add_target_arguments(p, "printer: device path, pyserial URL or tcp://host:port")
    p.set_defaults(func=cmd_pay)


def _order_dict(order, record: dict | None) -> dict:
    return {"order_id": order.order_id, "state": order.state, "item": order.item,
            "item_en": order.item_en, "amount_fen": order.amount_fen, "yuan": order.yuan,
            "payer": order.payer, "paid_at": order.paid_at, "expires_at": order.expires_at,
            "refund": "requested" if order.refund else None,
            "receipt": (record or {}).get("receipt"), "pay_url": order.pay_url}


def _print_receipt(args, settings, order) -> tuple[bool, str]:
    from drivers.core.errors import ConfigError, DeviceError
    from kiosk.device_target import DeviceTarget
    from kiosk.journeys.steps.payment import PaymentReceipt
    from kiosk.printing import job_timeout

    job = PaymentReceipt.of(order, settings.kiosk.hall_name, datetime.now()).job()
    try:
        with DeviceTarget(args, "printer", "escpos", unavailable_zh="打印机暂不可用") as target:
            target.call("print_ticket", job, job_timeout(target.handle))
    except (ConfigError, DeviceError) as exc:
        return False, str(exc)
    return True, ""


def cmd_pay(args: argparse.Namespace) -> int:
    from kiosk.services import ServiceUnavailable
    from kiosk.sync.central import build_central

    settings = settings_from_args(args)
    try:
        with build_central(settings) as central:
            payments = central.payments
            if args.order_id is None:
                if args.receipt:
                    return fail("--receipt needs an ORDER", EXIT_USAGE)
                return _list(args, payments.records())
            try:
                order = payments.status(args.order_id)
            except ServiceUnavailable as exc:
                return fail(f"{exc} / {exc.message_zh}")
            doc = _order_dict(order, payments.record(order.order_id))
            if args.receipt:
                if not order.paid:
                    return fail(f"order {order.order_id} is {order.state}: no receipt",
                                EXIT_NOT_DONE)
                printed, error = _print_receipt(args, settings, order)
                if not printed:
                    return fail(f"the receipt was not printed: {error}")
                if payments.record(order.order_id) is not None:
                    payments.receipt_printed(order.order_id)
                doc["receipt"] = "printed"
    except storage_errors() as exc:
        return fail(str(exc))
    if args.json:
        print_json(doc)
    else:
        refund = " — a later payment: refund requested" if doc["refund"] else ""
        print(f"order {doc['order_id']}: {doc['state']}{refund}")
        print(f"  {doc['item']}  ¥{doc['yuan']}  payer {doc['payer'] or '-'}")
        if doc["paid_at"]:
            print(f"  paid at {doc['paid_at']}; receipt: {doc['receipt'] or 'not this kiosk'}")
    return 0 if order.paid else EXIT_NOT_DONE


def _list(args, records: list[dict]) -> int:
    records.sort(key=lambda r: (r["state"] == "closed", r.get("receipt") != "owed",
                                -r["created_at"]))
    for r in records:
        r["created_at"] = datetime.fromtimestamp(r["created_at"]).isoformat(timespec="seconds")
        r["updated_at"] = datetime.fromtimestamp(r["updated_at"]).isoformat(timespec="seconds")
    if args.json:
        print_json(records)
        return 0
    if not records:
        print("no payment orders on this kiosk")
    for r in records:
        print(f"{r['order_id']}  {r['state']:<8} {r['outcome'] or '-':<9} "
              f"receipt {r['receipt'] or '-':<7} {r['journey']}  {r['created_at']}")
    return 0
