"""``kiosk run [--mock] [--windowed]``: the citizen-facing touch UI."""
from __future__ import annotations

import argparse


def register(sub, common) -> None:
    p = sub.add_parser("run", parents=[common], help="start the kiosk UI")
    p.add_argument("--windowed", action="store_true",
                   help="a normal window instead of full screen (default in demo/mock mode)")
    p.add_argument("--fullscreen", action="store_true", help="full screen even in demo mode")
    p.add_argument("--quit-after", type=float, default=None, metavar="S",
                   help=argparse.SUPPRESS)  # smoke tests: exit after S seconds
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    from kiosk.context import settings_from_args
    from kiosk.ui.app import run_kiosk

    settings = settings_from_args(args, log_to_file=True)
    return run_kiosk(args, settings)
