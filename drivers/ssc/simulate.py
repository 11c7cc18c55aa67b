"""``kiosk ssc simulate``: a virtual social-security card against vpcd, driven from stdin.

It connects to vpcd (pcscd must run with the vsmartcard-vpcd driver), prints the reader's
name, then takes one command a line::

    place zhangsan|lisi|wangwu|zhaoxiaoliu|sunqi|blank2|blank3|foreign
    remove
    fault NAME [key=value …]      (silent, slow, wrong_app, mute, removed_mid_read …)
    clear [NAME]
    show                          what the card holds now (masked)
    quit

Read it with ``kiosk ssc read --port "Virtual PCD 00 00"`` from another shell.
"""
from __future__ import annotations

import argparse
import sys

from drivers.core.vpcd import VPCD_PORT, VPCD_READERS
from drivers.ssc.holders import CARD_NAMES

HELP = """commands: place NAME ({cards}) | remove | fault NAME [k=v…] ({faults}) |
  clear [NAME] | show | quit"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--card", default="zhangsan", choices=(*CARD_NAMES, "none"),
                   help="card in the reader at start (default: zhangsan)")
    p.add_argument("--vpcd-port", type=int, default=VPCD_PORT, choices=tuple(VPCD_READERS),
                   help="vpcd port: 35963 is reader 'Virtual PCD 00 00', 35964 '… 00 01'")
    p.add_argument("--write-delay", type=float, default=0.0,
                   help="seconds the card takes to write one record")


def run_interactive(args: argparse.Namespace, stdin=None, stdout=None) -> int:
    from drivers.ssc.virtual import VirtualSscCard

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    card = None if args.card == "none" else args.card
    sim = VirtualSscCard("ssc", card=card, write_delay=args.write_delay,
                         vpcd_port=args.vpcd_port)
    sim.start()
    print(sim.port, flush=True, file=stdout)
    try:
        for line in stdin:
            words = line.split()
            if not words:
                continue
            verb, rest = words[0], words[1:]
            try:
                if verb == "quit":
                    break
                if verb == "place":
                    sim.perform("place_card", card=rest[0] if rest else "zhangsan")
                elif verb == "remove":
                    sim.perform("remove_card")
                elif verb == "fault" and rest:
                    sim.inject(rest[0], **dict(kv.split("=", 1) for kv in rest[1:] if "=" in kv))
                elif verb == "clear":
                    sim.clear(rest[0] if rest else None)
                elif verb == "show":
                    image = sim.image
                    print(repr(image.to_card()) if image else "no card", file=stdout, flush=True)
                    continue
                else:
                    print(HELP.format(cards=", ".join(CARD_NAMES), faults=", ".join(sim.FAULTS)),
                          file=stdout, flush=True)
                    continue
                print("ok", file=stdout, flush=True)
            except ValueError as exc:
                print(f"error: {exc}", file=stdout, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


__all__ = ["add_arguments", "run_interactive"]
