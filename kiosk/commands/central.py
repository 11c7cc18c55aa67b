"""``kiosk central …``: the reference central server's command line, reached from ``kiosk``.

The server is its own application (``kiosk-central``, :mod:`kiosk.central`); the kiosk never
imports it. This command replaces the ``kiosk`` process by ``python -m kiosk.central`` with the
same arguments — same PID, signals and exit code as ``kiosk-central`` itself — so
``kiosk central serve|token|tickets …`` keep working as they did before the split.
"""
from __future__ import annotations

import argparse
import os
import sys

CENTRAL_MODULE = "kiosk.central"


def register(sub, common) -> None:
    # No `common` parent and no -h of its own: every argument after `central` (including
    # --config, --db, -h) belongs to kiosk-central, which parses and documents them.
    p = sub.add_parser("central", add_help=False,
                       help="the reference central server (same as kiosk-central …)")
    p.add_argument("central_args", nargs=argparse.REMAINDER, metavar="ARGS")
    p.set_defaults(func=cmd_central)


def central_argv(args: argparse.Namespace) -> list[str]:
    """The command line that runs kiosk-central with the arguments given after `central`."""
    return [sys.executable, "-m", CENTRAL_MODULE, *args.central_args]


def cmd_central(args: argparse.Namespace) -> int:
    argv = central_argv(args)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(argv[0], argv)
    return 0  # not reached
