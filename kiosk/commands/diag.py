"""The diagnostics mode's actions for a technician with a keyboard (kiosk.admin, like the
touch screen's 维护模式):

    kiosk diag pin set [--stdin]          # the technician PIN: its scrypt hash into --config
    kiosk diag status [--json]            # central reachability, disk, version, outbox, supplies
    kiosk diag logs [--lines N]           # the kiosk's recent log, redacted
    kiosk supplies list [--json]          # supply counters
    kiosk supplies set printer paper=new | dispenser hopper=500 | dispenser reject_bin=0
    kiosk audit [--json] [--limit N]      # the audit trail: logins, diagnostics, these commands

The rest of the diagnostics mode is already a command: ``kiosk devices``, ``kiosk device
test NAME --level external``, ``kiosk outbox list --parked``, ``kiosk outbox release ID``,
``kiosk sync once`` (both audited).

    kiosk diag faults [--json]            # the running kiosk's simulator fault switches
    kiosk diag fault printer paper_out on # … set one (through its control socket, kiosk.control)
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tomllib
from pathlib import Path

from kiosk.auditlog import cli_source
from kiosk.context import device_configs, print_json, print_table, settings_from_args

EXIT_USAGE = 2
EXIT_FAILED = 3


def register(sub, common) -> None:
    p = sub.add_parser("diag", parents=[common], help="technician diagnostics (维护模式)")
    dsub = p.add_subparsers(dest="diag_command", metavar="ACTION")
    dsub.required = True
    pin = dsub.add_parser("pin", parents=[common], help="the technician PIN")
    psub = pin.add_subparsers(dest="pin_command", metavar="ACTION")
    psub.required = True
    s = psub.add_parser("set", parents=[common],
                        help="read a new PIN and write its hash into the settings (--config)")
    s.add_argument("--stdin", action="store_true", help="read the PIN from stdin (scripts)")
    s.set_defaults(func=cmd_pin_set)
    s = dsub.add_parser("status", parents=[common],
                        help="central reachability, disk, version, outbox backlog, supplies")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_status)
    s = dsub.add_parser("logs", parents=[common], help="the kiosk's recent log (redacted)")
    s.add_argument("--lines", type=int, default=40, metavar="N")
    s.set_defaults(func=cmd_logs)
    s = dsub.add_parser("faults", parents=[common],
                        help="the running kiosk's simulator fault switches (mock mode)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_faults)
    s = dsub.add_parser("fault", parents=[common],
                        help="turn a simulator fault on or off in the running kiosk")
    s.add_argument("device", help="the device's name (kiosk diag faults lists them)")
    s.add_argument("fault", help="the fault switch, e.g. paper_out")
    s.add_argument("state", choices=("on", "off"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_fault)

    p = sub.add_parser("supplies", parents=[common], help="paper and card counters")
    ssub = p.add_subparsers(dest="supplies_command", metavar="ACTION")
    ssub.required = True
    s = ssub.add_parser("list", parents=[common], help="every supply counter")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_supplies_list)
    s = ssub.add_parser("set", parents=[common],
                        help="record a refill: printer paper=new, dispenser hopper=500, "
                             "dispenser reject_bin=0")
    s.add_argument("device", help="the device's name in devices.toml (or its kind)")
    s.add_argument("values", nargs="+", metavar="ITEM=VALUE")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_supplies_set)

    p = sub.add_parser("audit", parents=[common],
                       help="the audit trail: staff logins, diagnostics actions, commands")
    p.add_argument("--limit", type=int, default=100, metavar="N")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit)


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return code




def _admin(args: argparse.Namespace, settings, *, with_devices: bool = False):
    from kiosk.admin import Admin

    configs = device_configs(args, settings)[0] if with_devices else None
    return Admin(settings, configs=configs, source=cli_source())


# ---------------------------------------------------------------------- pin
_STAFF_HEADER = re.compile(r"^\s*\[staff\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")
_PIN_LINE = re.compile(r"^\s*pin_hash\s*=")


def set_pin_hash(text: str, line: str) -> str:
    """``text`` (a settings file) with ``[staff] pin_hash`` set to ``line``; the rest of the
    file — other keys, comments, order — is left as it was."""
    lines = text.splitlines()
    entry = f'pin_hash = "{line}"'
    start = next((i for i, s in enumerate(lines) if _STAFF_HEADER.match(s)), None)
    if start is None:
        return text.rstrip("\n") + ("\n\n" if text.strip() else "") + f"[staff]\n{entry}\n"
    end = next((i for i in range(start + 1, len(lines)) if _ANY_HEADER.match(lines[i])),
               len(lines))
    for i in range(start + 1, end):
        if _PIN_LINE.match(lines[i]):
            lines[i] = entry
            break
    else:
        lines.insert(start + 1, entry)
    return "\n".join(lines) + "\n"


def cmd_pin_set(args: argparse.Namespace) -> int:
    from kiosk.commands.staff import read_pin_hash
    from kiosk.config import load_settings

    if not args.config:
        return _fail("name the kiosk's settings file with --config FILE (the PIN hash is "
                     "written there, [staff] pin_hash)", EXIT_USAGE)
    path = Path(args.config)
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except OSError as exc:
        return _fail(f"cannot read {path}: {exc.strerror or exc}", EXIT_USAGE)
    try:  # a file that does not parse is not made worse (a bad old hash is what we replace)
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _fail(f"{path}: TOML syntax error: {exc}", EXIT_USAGE)
    line = read_pin_hash(args.stdin)
    if line is None:
        return EXIT_USAGE
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(set_pin_hash(text, line), encoding="utf-8")
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        return _fail(f"cannot write {path}: {exc.strerror or exc}")
    settings = load_settings(path)  # the file still parses, the hash is valid (else exit 2)
    with _admin(args, settings) as admin:
        admin.audit("staff_pin_set", f"technician PIN changed in {path}")
    print(f"staff PIN set in {path} ([staff] pin_hash); restart the kiosk to use it")
    if os.environ.get("KIOSK__STAFF__PIN_HASH"):
        print("note: KIOSK__STAFF__PIN_HASH is set in this environment and overrides the file",
              file=sys.stderr)
    return 0


# ---------------------------------------------------------------------- status, logs
def cmd_status(args: argparse.Namespace) -> int:
    from kiosk.admin import AdminError

    settings = settings_from_args(args)
    out: dict = {}
    with _admin(args, settings, with_devices=True) as admin:
        out["network"] = admin.network()
        out["system"] = admin.system()
        try:
            out["outbox"] = admin.outbox()
        except Exception as exc:  # noqa: BLE001 - a broken outbox is part of the answer
            out["outbox"] = {"error": str(exc)}
        try:
            out["supplies"] = admin.supplies()
        except AdminError as exc:
            out["supplies"] = {"error": str(exc)}
    if args.json:
        print_json(out)
        return 0
    n, s, box = out["network"], out["system"], out["outbox"]
    reach = f"reachable in {n['answer_ms']} ms" if n["reachable"] else f"UNREACHABLE: {n['error']}"
    print(f"kiosk {s['kiosk_id']} ({s['mode']}), version {s['version']}, "
          f"up {s['uptime_s'] // 60} min")
    print(f"central {n['central_url']}: {reach} (from {n['local_address']})")
    print(f"disk: {s['disk_free_mb']} MB free of {s['disk_total_mb']} MB "
          f"(reserve {s['disk_reserve_mb']} MB) in {s['data_dir']}")
    if "error" in box:
        print(f"outbox: {box['error']}")
    else:
        print(f"outbox: {box['pending']} pending, {box['parked']} parked"
              + ("" if box["oldest_pending_age_s"] is None
                 else f", oldest {box['oldest_pending_age_s']:.0f} s"))
    for r in out["supplies"] if isinstance(out["supplies"], list) else ():
        print(f"supply {r['device']} {r['item']}: "
              f"{'-' if r['value'] is None else r['value']} {r['unit']}"
              + (" (WARNING)" if r["warning"] else ""))
    return 0 if n["reachable"] else 1


def cmd_logs(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    with _admin(args, settings) as admin:
        for line in admin.logs(max(1, args.lines)):
            print(line)
    return 0


# ---------------------------------------------------------------------- supplies
def cmd_supplies_list(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    with _admin(args, settings, with_devices=True) as admin:
        rows = admin.supplies()
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        r["count"] = "-" if r["value"] is None else str(r["value"])
        r["note"] = "LOW/FULL" if r["warning"] else ""
        r["set_at"] = r["set_at"] or "never"
    print_table(rows, [("device", "DEVICE"), ("item", "SUPPLY"), ("count", "COUNT"),
                       ("unit", "MEANING"), ("set_at", "RECORDED"), ("note", "")])
    return 0


def cmd_supplies_set(args: argparse.Namespace) -> int:
    from kiosk.admin import AdminError

    pairs = []
    for v in args.values:
        item, sep, value = v.partition("=")
        if not sep or not item or not value:
            return _fail(f"expected ITEM=VALUE (paper=new, hopper=500), got {v!r}", EXIT_USAGE)
        pairs.append((item.strip(), value.strip()))
    settings = settings_from_args(args)
    done = []
    with _admin(args, settings, with_devices=True) as admin:
        for item, value in pairs:
            try:
                done.append(admin.set_supply(args.device, item, value))
            except AdminError as exc:
                return _fail(str(exc), EXIT_USAGE)
    if args.json:
        print_json(done)
    else:
        for r in done:
            print(f"{r['device']} {r['item']}: {r['value']} ({r['unit']})")
    return 0


# ---------------------------------------------------------------------- fault switches
def _control(args: argparse.Namespace, op: str, **kw):
    """Ask the running kiosk (the switches live in its simulators); None after a message."""
    from kiosk.control import ControlError, call, control_path

    settings = settings_from_args(args)
    try:
        return call(control_path(settings.data_dir), op, **kw)
    except ControlError as exc:
        _fail(str(exc))
        return None


def _print_faults(rows: list[dict]) -> None:
    if not rows:
        print("no simulated devices: fault switches exist in mock mode only")
    for r in rows:
        on = set(r["active"])
        switches = ", ".join(f"{name}{' [ON]' if name in on else ''}" for name in r["faults"])
        print(f"{r['device']} ({r['kind']}): {switches or '-'}")


def cmd_faults(args: argparse.Namespace) -> int:
    rows = _control(args, "faults")
    if rows is None:
        return EXIT_FAILED
    if args.json:
        print_json(rows)
    else:
        _print_faults(rows)
    return 0


def cmd_fault(args: argparse.Namespace) -> int:
    row = _control(args, "set_fault", device=args.device, fault=args.fault,
                   on=args.state == "on")
    if row is None:
        return EXIT_FAILED
    if args.json:
        print_json(row)
    else:
        _print_faults([row])
    return 0


# ---------------------------------------------------------------------- audit
def cmd_audit(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    with _admin(args, settings) as admin:
        rows = admin.audit_entries(max(1, args.limit))
    if args.json:
        print_json(rows)
        return 0
    print_table(rows, [("at", "TIME"), ("source", "SOURCE"), ("action", "ACTION"),
                       ("detail", "DETAIL")])
    return 0
