"""``kiosk sync once``: deliver what the outbox holds now, for a technician or a timer."""
from __future__ import annotations

import argparse

from kiosk.auditlog import record_command
from kiosk.commands.outbox import EXIT_NOT_DONE, fail, storage_errors
from kiosk.context import print_json, settings_from_args


def register(sub, common) -> None:
    p = sub.add_parser("sync", parents=[common], help="deliver the outbox")
    ssub = p.add_subparsers(dest="sync_command", metavar="ACTION")
    ssub.required = True
    s = ssub.add_parser("once", parents=[common],
                        help="send what can be sent now and exit (0: nothing left pending)")
    s.add_argument("--timeout", type=float, default=120.0, metavar="S")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_sync_once)


def cmd_sync_once(args: argparse.Namespace) -> int:
    from kiosk.sync.central import build_central

    settings = settings_from_args(args)
    try:
        with build_central(settings) as central:
            if central.outbox.fault is not None:  # out of service: say why, in one line
                return fail(str(central.outbox.fault))
            unprinted = central.queue.ledger.reconcile()  # voids what a crash left unprinted
            report = central.relay.drain(deadline_s=args.timeout)
            st = central.outbox.status()
            freed = central.relay.leases_freed
            held = central.outbox.leases()
    except storage_errors() as exc:
        return fail(str(exc))
    record_command(settings, "force_sync",
                   f"delivered={report.delivered} parked={report.parked} "
                   f"retry_later={report.retried} reachable={not report.outage}")
    out = {"delivered": report.delivered, "parked": report.parked, "retry_later": report.retried,
           "outage": report.outage, "error": report.error or None, "leases_freed": freed,
           "leases_held": held, "unprinted_voided": unprinted["voided"], **{
               f"outbox_{k}": v for k, v in st.items()}}
    if args.json:
        print_json(out)
    else:
        print(f"delivered {report.delivered}, parked {report.parked}, "
              f"to retry {report.retried}; pending now {st['pending']}, parked {st['parked']}")
        if report.error:
            print(f"  last error: {report.error}")
        if freed:
            print(f"  {freed} entr{'y' if freed == 1 else 'ies'} held by a previous run that is "
                  "gone were freed and sent")
        for lease in held:
            who = "a running relay" if lease["running"] else "a previous run"
            print(f"  {lease['entries']} held by {who} until {lease['until']} "
                  "(kiosk outbox release --leases)")
        if unprinted["voided"]:
            print(f"  {unprinted['voided']} ticket(s) issued but never printed were voided")
    return 0 if st["pending"] == 0 else EXIT_NOT_DONE
