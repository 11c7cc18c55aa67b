"""``kiosk outbox status|list|release``: what the kiosk still owes the central servers.

Also the helpers the other central-side commands (``ticket``, ``sync``, ``catalogue``) share:
opening the kiosk's database and reporting its storage errors in one line.
"""
from __future__ import annotations

import argparse
import sys

from kiosk.context import print_json, print_table, settings_from_args

EXIT_NOT_DONE = 1
EXIT_USAGE = 2
EXIT_FAILED = 3


def register(sub, common) -> None:
    p = sub.add_parser("outbox", parents=[common], help="what the kiosk still owes the servers")
    osub = p.add_subparsers(dest="outbox_command", metavar="ACTION")
    osub.required = True
    o = osub.add_parser("status", parents=[common], help="counts and the oldest pending entry")
    o.add_argument("--json", action="store_true")
    o.set_defaults(func=cmd_outbox_status)
    o = osub.add_parser("list", parents=[common], help="list entries (never their contents)")
    o.add_argument("--status", choices=["pending", "parked", "delivered"])
    o.add_argument("--parked", action="store_const", const="parked", dest="status",
                   help="same as --status parked")
    o.add_argument("--limit", type=int, default=100)
    o.add_argument("--json", action="store_true")
    o.set_defaults(func=cmd_outbox_list)
    o = osub.add_parser("release", parents=[common],
                        help="send parked entries again (after fixing what the server refused)")
    o.add_argument("ids", nargs="*", type=int, metavar="ID")
    o.add_argument("--all", action="store_true", help="every parked entry")
    o.set_defaults(func=cmd_outbox_release)


# ---------------------------------------------------------------------- shared helpers
def fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return code


def storage_errors() -> tuple[type[Exception], ...]:
    """The kiosk database or its key cannot be used: one line, exit 3."""
    from kiosk.sync.crypto import KeyFileError
    from kiosk.sync.db import StorageFatal

    return (StorageFatal, KeyFileError)


def open_outbox(settings):
    from kiosk.sync.outbox import Outbox

    return Outbox.open(settings.data_dir, disk_reserve_mb=settings.kiosk.disk_reserve_mb)


# ---------------------------------------------------------------------- commands
def cmd_outbox_status(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    try:
        box = open_outbox(settings)
    except storage_errors() as exc:
        return fail(str(exc))
    try:
        st = box.status()
    finally:
        box.close()
    if args.json:
        print_json(st)
    else:
        age = st["oldest_pending_age_s"]
        print(f"pending {st['pending']}, parked {st['parked']}, delivered {st['delivered']}")
        print(f"oldest pending: {'-' if age is None else f'{age:.0f} s'}; "
              f"last delivery: {st['last_success_at'] or 'never'}")
        if st["parked"]:
            print("parked entries need a technician: kiosk outbox list --parked")
    return 0


def cmd_outbox_list(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    try:
        box = open_outbox(settings)
    except storage_errors() as exc:
        return fail(str(exc))
    try:
        rows = box.entries(args.status, args.limit)
    finally:
        box.close()
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        r["error"] = (r["last_error"] or "-")[:70]
    print_table(rows, [("id", "ID"), ("kind", "KIND"), ("ref", "REF"), ("status", "STATUS"),
                       ("attempts", "TRIES"), ("created_at", "CREATED"), ("error", "LAST ERROR")])
    return 0


def cmd_outbox_release(args: argparse.Namespace) -> int:
    if not args.ids and not args.all:
        return fail("name the entries to release (IDs) or --all", EXIT_USAGE)
    settings = settings_from_args(args)
    try:
        box = open_outbox(settings)
    except storage_errors() as exc:
        return fail(str(exc))
    try:
        n = box.release(None if args.all else args.ids)
    finally:
        box.close()
    print(f"released {n} parked entr{'y' if n == 1 else 'ies'}; `kiosk sync once` sends them")
    return 0
