"""``kiosk`` — the technician's command line and the kiosk's entry point.

Global options (``--config``, ``--devices``, ``--mock``, ``--json`` where it applies) may be
given before or after the sub-command. Sub-commands live in modules listed in
``COMMAND_MODULES``; each has ``register(subparsers, common)`` and sets ``func`` on its
parser. Heavy imports happen inside the command functions so ``kiosk --help`` is fast.

The reference central server is another application with its own command line
(``kiosk-central``, :mod:`kiosk.central.cli`); ``kiosk`` never imports it: ``kiosk central …``
replaces the process by ``python -m kiosk.central …``.

Exit codes: 0 ok; 1 the command ran and the answer is "not healthy"/"not done";
2 bad usage or bad configuration (one line on stderr); 3 a device or server error.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from drivers.core.errors import ConfigError, DeviceError

COMMAND_MODULES = [
    "kiosk.commands.run",
    "kiosk.commands.devices",
    "kiosk.commands.journeys",  # kiosk journeys
    "kiosk.commands.staff",  # kiosk staff hash-pin
    "kiosk.commands.diag",  # kiosk diag pin set|status|logs, kiosk supplies, kiosk audit
    "kiosk.commands.idcard",  # kiosk idcard read
    "kiosk.commands.printer",  # kiosk printer status|test
    "kiosk.commands.certificate",  # kiosk certificate list|print, kiosk a4printer status
    "kiosk.commands.ssc",  # kiosk ssc read|simulate|reissue|recover
    "kiosk.commands.dispenser",  # kiosk dispenser status|dispense|eject|capture|reset
    "kiosk.commands.camera",  # kiosk camera snapshot|portrait|simulate
    "kiosk.commands.qr",  # kiosk qr scan
    "kiosk.commands.scan",  # kiosk scan OUT.pdf | kiosk scan file IN OUT (document camera)
    "kiosk.commands.locker",  # kiosk locker status|open|simulate
    "kiosk.commands.fingerprint",  # kiosk fingerprint info|capture|verify|simulate
    "kiosk.commands.ticket",  # kiosk ticket take|reissue
    "kiosk.commands.pay",  # kiosk pay [ORDER] [--receipt]: payment orders (便民缴费)
    "kiosk.commands.case",  # kiosk case submit|progress (在线申报)
    "kiosk.commands.catalogue",  # kiosk catalogue
    "kiosk.commands.guide",  # kiosk guide search|show|print (办事指南)
    "kiosk.commands.outbox",  # kiosk outbox status|list|release
    "kiosk.commands.sync",  # kiosk sync once
    "kiosk.commands.ui",  # kiosk ui screenshots
    "kiosk.commands.central",  # kiosk central … = kiosk-central … (a separate process)
]


def _common_parser(suppress: bool) -> argparse.ArgumentParser:
    default = argparse.SUPPRESS if suppress else None
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--config", metavar="FILE", default=default,
                   help="kiosk settings (TOML); default: embedded defaults")
    p.add_argument("--devices", metavar="FILE", default=default,
                   help="devices.toml to use instead of the one the settings name")
    p.add_argument("--mock", action="store_true", default=argparse.SUPPRESS if suppress else False,
                   help="replace every device by its simulator (always shown as MOCK)")
    p.add_argument("-v", "--verbose", action="store_true",
                   default=argparse.SUPPRESS if suppress else False, help="debug logging")
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Government self-service kiosk (政务服务自助一体机)",
        parents=[_common_parser(suppress=False)],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    common = _common_parser(suppress=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["central"]:
        # Everything after `central` is kiosk-central's, options first included
        # (argparse's REMAINDER would not take a leading `--data-dir`).
        from kiosk.commands.central import cmd_central
        return cmd_central(argparse.Namespace(central_args=argv[1:]))
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"kiosk: configuration error: {exc}", file=sys.stderr)
        return 2
    except DeviceError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
