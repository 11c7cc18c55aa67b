"""``kiosk devices``, ``kiosk device test NAME``, ``kiosk drivers``."""
from __future__ import annotations

import argparse
import sys

from kiosk.context import device_manager, print_json, print_table, settings_from_args


def register(sub, common) -> None:
    p = sub.add_parser("devices", parents=[common], help="list configured devices and their state")
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")
    p.add_argument("--wait", type=float, default=None, metavar="S",
                   help="how long to wait for devices to answer (default: their deadlines)")
    p.set_defaults(func=cmd_devices)

    p = sub.add_parser("device", parents=[common], help="act on one device")
    dsub = p.add_subparsers(dest="device_command", metavar="ACTION")
    dsub.required = True
    t = dsub.add_parser("test", parents=[common], help="run a device's health check")
    t.add_argument("name")
    t.add_argument("--level", choices=["internal", "external"], default="internal",
                   help="internal: status only; external: may print or move a card")
    t.add_argument("--json", action="store_true")
    t.set_defaults(func=cmd_device_test)

    p = sub.add_parser("drivers", parents=[common], help="list the drivers devices.toml may name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_drivers)


def _wait_budget(manager, explicit: float | None) -> float:
    if explicit is not None:
        return explicit
    return max((h.config.timeout for h in manager.handles.values()), default=1.0) * 2 + 1


def cmd_devices(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    with device_manager(args, settings) as manager:
        manager.wait_ready(_wait_budget(manager, args.wait))
        rows = manager.describe()
    if args.json:
        print_json({"kiosk_id": settings.kiosk.id, "devices": rows})
        return 0
    for r in rows:
        r["mode"] = "MOCK" if r["mock"] else "real"
        r["supplies_text"] = " ".join(f"{k}={v}" for k, v in r["supplies"].items()) or "-"
        r["last_error"] = r["last_error"] or "-"
    print_table(rows, [("name", "NAME"), ("kind", "KIND"), ("driver", "DRIVER"),
                       ("port", "PORT"), ("mode", "MODE"), ("state", "STATE"),
                       ("supplies_text", "SUPPLIES"), ("last_error", "LAST ERROR")])
    if any(r["mock"] for r in rows):
        print("\nMOCK: devices marked MOCK are simulators, not hardware.")
    return 0


def cmd_device_test(args: argparse.Namespace) -> int:
    from drivers.core.errors import DeviceError
    from drivers.core.status import HealthLevel

    settings = settings_from_args(args)
    manager = device_manager(args, settings)
    if args.name not in {c.name for c in manager.configs}:
        print(f"kiosk: no device named {args.name!r} (configured: "
              f"{', '.join(c.name for c in manager.configs) or 'none'})", file=sys.stderr)
        return 2
    with manager:
        handle = manager.get(args.name)
        handle.worker.wait_connected(handle.config.timeout * 2 + 1)
        try:
            report = handle.check_health(HealthLevel(args.level)).to_dict()
        except DeviceError as exc:
            st = handle.status
            report = {"device": handle.name, "level": args.level, "ok": False,
                      "status": st.to_dict(), "checks": [], "error": str(exc)}
        report["mock"] = handle.is_mock
        report["driver"] = handle.config.driver
        report["port"] = handle.device.port
    if args.json:
        print_json(report)
    else:
        mode = " [MOCK]" if report["mock"] else ""
        print(f"{report['device']}{mode} ({report['driver']} on {report['port']}), "
              f"{report['level']} check: {'OK' if report['ok'] else 'FAILED'}")
        print(f"  state: {report['status']['state']}  "
              + " ".join(f"{k}={v}" for k, v in report["status"]["supplies"].items()))
        for c in report["checks"]:
            print(f"  [{'ok' if c['ok'] else 'FAIL'}] {c['name']}: {c['detail']}")
        if report["error"]:
            print(f"  error: {report['error']}")
    return 0 if report["ok"] else 1


def cmd_drivers(args: argparse.Namespace) -> int:
    from drivers.core.registry import driver_names, get_driver

    rows = []
    for name in driver_names():
        spec = get_driver(name)
        rows.append({"driver": name, "kind": spec.kind, "description": spec.description,
                     "port": spec.port_help, "simulator": spec.simulator_factory is not None,
                     "options": {k: {"default": o.default, "help": o.help}
                                 for k, o in spec.options.items()}})
    if args.json:
        print_json(rows)
    else:
        print_table(rows, [("driver", "DRIVER"), ("kind", "KIND"), ("description", "DESCRIPTION")])
    return 0
