"""``kiosk central identity force match|no_match|auto``: force the identity service's face
comparison for tests and demonstrations, on the server's database (a running server reads it
at the next check); ``kiosk central identity mode``: show it."""
from __future__ import annotations

import argparse


def add_parser(sub, common) -> None:
    c = sub.add_parser("identity", parents=[common],
                       help="the identity service: force face checks to match / not match")
    isub = c.add_subparsers(dest="identity_command", metavar="ACTION")
    isub.required = True
    f = isub.add_parser("force", help="answer every face check with this (auto: compare)")
    f.add_argument("mode", choices=("match", "no_match", "auto"))
    f.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: SQLite in the data dir)")
    f.set_defaults(func=cmd_force)
    m = isub.add_parser("mode", help="print the current mode")
    m.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: SQLite in the data dir)")
    m.set_defaults(func=cmd_mode)


def _store(args):
    from kiosk.central import cli
    from kiosk.central.store import open_engine
    from kiosk.central.store.identity import IdentityStore

    # the mode needs no key: the ID-number hash key only matters for issued documents
    return IdentityStore(open_engine(cli._db_url(args)), b"")


def cmd_force(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        with store.engine.begin() as conn:
            store.set_mode(conn, args.mode)
    finally:
        store.engine.dispose()
    print(f"identity face checks: {args.mode}")
    return 0


def cmd_mode(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        with store.engine.connect() as conn:
            print(store.mode(conn))
    finally:
        store.engine.dispose()
    return 0
