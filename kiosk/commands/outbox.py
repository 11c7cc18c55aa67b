"""``kiosk outbox status|list|release|salvage|key restore``: what the kiosk still owes the
central servers, and the technician's ways out of a damaged, full or read-only storage.

Also the helpers the other central-side commands (``ticket``, ``sync``, ``catalogue``) share:
opening the kiosk's database and reporting its storage errors in one line.
"""
from __future__ import annotations

import argparse
import sys

from kiosk.auditlog import record_command
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
    o.add_argument("--leases", action="store_true",
                   help="free entries held by a relay that is no longer running (a killed "
                        "`sync once`); with --force also a running one's")
    o.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    o.set_defaults(func=cmd_outbox_release)
    o = osub.add_parser("salvage", parents=[common],
                        help="copy what a damaged outbox still holds into a new database and "
                             "list what could not be read (the damaged file is kept)")
    o.add_argument("--json", action="store_true")
    o.set_defaults(func=cmd_outbox_salvage)
    o = osub.add_parser("key", parents=[common], help="the outbox key: restore a copy")
    ksub = o.add_subparsers(dest="key_command", metavar="ACTION")
    ksub.required = True
    k = ksub.add_parser("restore", parents=[common],
                        help="put a copy of the outbox key back (checked against the records)")
    k.add_argument("file", help="the key file to restore (a backup copy)")
    k.set_defaults(func=cmd_outbox_key_restore)


# ---------------------------------------------------------------------- shared helpers
def fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return code


def storage_errors() -> tuple[type[Exception], ...]:
    """The kiosk database or its key cannot be used: one line, exit 3."""
    from kiosk.services import ServiceUnavailable
    from kiosk.sync.crypto import KeyFileError
    from kiosk.sync.db import StorageFatal

    return (StorageFatal, KeyFileError, ServiceUnavailable)


def open_outbox(settings, *, degraded_ok: bool = False):
    """The outbox; ``degraded_ok``: an out-of-service one (damaged, read-only, no key) too,
    for commands that only read (status, list)."""
    from kiosk.sync.outbox import Outbox

    return Outbox.open(settings.data_dir, disk_reserve_mb=settings.kiosk.disk_reserve_mb,
                       key_backup_dir=settings.key_backup_dir, degraded_ok=degraded_ok)


def storage_lines(box) -> list[str]:
    """What a technician must know about the storage and the leases, one line each."""
    lines = []
    if box.fault is not None:
        lines.append(f"OUT OF SERVICE: {box.fault}")
    elif box.full:
        lines.append("storage full: the reserve is in use; new submissions are refused until "
                     "space is freed")
    lines += [f"alert: {a}" for a in box.alerts]
    for lease in box.leases():
        who = {True: "a relay that is running", False: "a previous run that is gone",
               None: "a relay"}[lease["running"]]
        lines.append(f"{lease['entries']} entr{'y' if lease['entries'] == 1 else 'ies'} held "
                     f"by {who} (lease {lease['owner']}) until {lease['until']}"
                     + ("; `kiosk outbox release --leases` frees them now"
                        if lease["running"] is not True else ""))
    return lines


# ---------------------------------------------------------------------- commands
def cmd_outbox_status(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    try:
        box = open_outbox(settings, degraded_ok=True)
    except storage_errors() as exc:
        return fail(str(exc))
    try:
        st = box.status()
        st["leases"] = box.leases()
        st["storage"] = box.storage_report()
        notes = storage_lines(box)
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
        for line in notes:
            print(line)
    return 0 if st["storage"]["state"] == "ok" else EXIT_FAILED


def cmd_outbox_list(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    try:
        box = open_outbox(settings, degraded_ok=True)
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
    if not args.ids and not args.all and not args.leases:
        return fail("name the entries to release (IDs), --all or --leases", EXIT_USAGE)
    settings = settings_from_args(args)
    try:
        box = open_outbox(settings)
    except storage_errors() as exc:
        return fail(str(exc))
    try:
        if args.leases:
            n = box.release_leases(even_running=args.force)
            held = [lease for lease in box.leases() if lease["running"]]
        else:
            n = box.release(None if args.all else args.ids)
    except storage_errors() as exc:
        return fail(str(exc))
    finally:
        box.close()
    record_command(settings, "outbox_release",
                   f"freed {n} leased entr{'y' if n == 1 else 'ies'}" if args.leases else
                   f"released {n} parked entr{'y' if n == 1 else 'ies'}"
                   + (" (all)" if args.all else f" (entries {', '.join(map(str, args.ids))})"))
    if args.leases:
        print(f"freed {n} leased entr{'y' if n == 1 else 'ies'}; `kiosk sync once` sends them")
        for lease in held:
            print(f"{lease['entries']} still held by a running relay ({lease['owner']}) until "
                  f"{lease['until']}: stop it first (or --force)")
        return 0
    print(f"released {n} parked entr{'y' if n == 1 else 'ies'}; `kiosk sync once` sends them")
    return 0


def cmd_outbox_salvage(args: argparse.Namespace) -> int:
    from kiosk.sync.opening import Paths
    from kiosk.sync.salvage import SalvageError, salvage

    settings = settings_from_args(args)
    try:
        report = salvage(Paths(settings.data_dir, settings.key_backup_dir))
    except SalvageError as exc:
        return fail(str(exc), EXIT_NOT_DONE)
    except OSError as exc:
        return fail(f"salvage failed: {exc.strerror or exc} ({exc.filename or ''})")
    if args.json:
        print_json({"source": str(report.source) if report.source else None,
                    "readable": report.readable, "pending": report.pending,
                    "parked": report.parked, "offline_missing": report.offline_missing,
                    "tables": [{"name": t.name, "recovered": t.recovered, "lost": t.lost,
                                "error": t.error or None} for t in report.tables]})
    else:
        for line in report.lines():
            print(line)
    return 0


def cmd_outbox_key_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.sync.crypto import create_key, key_id, load_key
    from kiosk.sync.opening import KEY_ID_META, Paths, _opens, _sealed_row

    settings = settings_from_args(args)
    paths = Paths(settings.data_dir, settings.key_backup_dir)
    try:
        key = load_key(Path(args.file))
    except storage_errors() as exc:
        return fail(str(exc), EXIT_USAGE)
    try:
        box = open_outbox(settings, degraded_ok=True)
    except storage_errors() as exc:
        return fail(str(exc))
    try:
        if not box.readable:
            return fail(f"the outbox cannot be read ({box.fault}): salvage it first")
        row = _sealed_row(box.engine)
        want = box.get_meta(KEY_ID_META)
    finally:
        box.close()
    if row is not None and not _opens(key, row):
        return fail(f"{args.file} does not open this kiosk's sealed records (fingerprint "
                    f"{key_id(key)}, expected {want or 'unknown'}): not restored", EXIT_USAGE)
    if paths.key.exists():
        import os
        import time

        aside = paths.key.with_name(f"outbox.key.replaced-{time.strftime('%Y%m%d-%H%M%S')}")
        os.replace(paths.key, aside)
        print(f"the key that was there is kept as {aside}")
    create_key(paths.key, key)
    print(f"restored the outbox key (fingerprint {key_id(key)}) to {paths.key}")
    return 0
