"""``kiosk run [--mock] [--windowed]``: the citizen-facing touch UI.

With ``[central] embedded_server`` on and the central URL plain http on a loopback address
(the demo), ``run`` also starts the reference central server — as a child process
(``python -m kiosk.central serve``, :mod:`kiosk.sync.demo_server`), so the kiosk never
imports it. The UI does not wait for it: the child is held until the first home frame is on
screen (their start-ups would compete for a two-core kiosk PC's CPU and disk), and the
kiosk's probe finds the server once it listens. The child stops when the kiosk exits, and on
its own should the kiosk be killed.
"""
from __future__ import annotations

import argparse
import logging

log = logging.getLogger(__name__)


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
    from kiosk.sync.demo_server import start_demo_server

    settings = settings_from_args(args, log_to_file=True)
    server = start_demo_server(settings, hold=True)  # returns at once; None when not wanted
    try:
        from kiosk.ui.app import run_kiosk

        return run_kiosk(args, settings, on_first_frame=server.go if server else None)
    finally:
        if server is not None:
            server.stop()
