"""``kiosk staff hash-pin``: the line to put in the settings for the staff PIN."""
from __future__ import annotations

import argparse
import getpass
import sys


def register(sub, common) -> None:
    p = sub.add_parser("staff", parents=[common], help="staff mode: the PIN behind the gesture")
    ssub = p.add_subparsers(dest="staff_command", metavar="ACTION")
    ssub.required = True
    h = ssub.add_parser("hash-pin", parents=[common],
                        help="read a PIN (6–12 digits) and print its [staff] pin_hash line")
    h.add_argument("--stdin", action="store_true", help="read the PIN from stdin (scripts)")
    h.set_defaults(func=cmd_hash_pin)


def read_pin_hash(stdin: bool) -> str | None:
    """Read a new PIN (twice at a terminal, once from stdin) and hash it; None (after one
    line on stderr) when the PINs differ or the PIN is not 6–12 digits. Also used by
    ``kiosk diag pin set``."""
    from kiosk.flows.staff import hash_pin

    if stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("staff PIN: ")
        if getpass.getpass("again: ") != pin:
            print("kiosk: the two PINs differ", file=sys.stderr)
            return None
    try:
        return hash_pin(pin)
    except ValueError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return None


def cmd_hash_pin(args: argparse.Namespace) -> int:
    line = read_pin_hash(args.stdin)
    if line is None:
        return 2
    print("[staff]")
    print(f'pin_hash = "{line}"')
    return 0
