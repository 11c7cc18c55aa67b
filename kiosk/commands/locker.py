"""``kiosk locker status|open|simulate`` — the 24-hour locker cabinet from the command line.

``status`` asks every board and lists the compartments: ``id``, ``size``, ``door``
(open/closed/unknown), ``occupied`` (true/false/null: no sensor, or the board does not
answer) and ``assigned_to`` (the case the kiosk's own records hold it for, null when free or
when the records cannot be read). A board that does not answer leaves its compartments
``unknown`` — never free. ``open N`` unlocks one compartment for a technician; the opening
is recorded in the kiosk's records (and sent to the server) before the lock is released, so
a compartment is never open without a record. ``simulate`` runs a simulated cabinet in the
foreground for another process to talk to.

``--port`` takes a device path, pyserial URL or tcp://host:port and bypasses devices.toml;
otherwise the device comes from devices.toml (``--device NAME`` or the first locker;
``--mock`` runs it on its simulator). Exit codes: 0 every board answers / opened; 1 a board
does not answer; 2 configuration; 3 device fault.
"""
from __future__ import annotations

import argparse
import logging
import sys

log = logging.getLogger(__name__)


def register(sub, common) -> None:
    p = sub.add_parser("locker", parents=[common],
                       help="24-hour locker cabinet: compartments, open one, simulator")
    lsub = p.add_subparsers(dest="locker_command", metavar="ACTION")
    lsub.required = True

    s = lsub.add_parser("status", parents=[common], help="every compartment: size, door, item, "
                                                         "what it is assigned to")
    _target_arguments(s)
    s.add_argument("--json", action="store_true", help="one JSON document on stdout")
    s.set_defaults(func=cmd_status)

    o = lsub.add_parser("open", parents=[common], help="unlock one compartment (recorded)")
    _target_arguments(o)
    o.add_argument("compartment", type=int, metavar="N")
    o.add_argument("--json", action="store_true", help="one JSON document on stdout")
    o.set_defaults(func=cmd_open)

    m = lsub.add_parser("simulate", parents=[common],
                        help="run a simulated cabinet here; prints its port, then takes "
                             "commands on stdin (close/force/put/take/fault/clear/show/quit)")
    # drivers.locker.simulator.add_arguments, repeated so `kiosk --help` imports no driver
    m.add_argument("--tcp", type=int, metavar="PORT", default=None,
                   help="listen on 127.0.0.1:PORT instead of a pty (0: any free port)")
    m.add_argument("--boards", default="0", help="board addresses, e.g. 0,1 (default 0)")
    m.add_argument("--sizes", default="", help="compartment sizes, e.g. '1-8:S,9-14:M,15-16:L'")
    m.add_argument("--sensors", default="all", help="compartments with an item sensor")
    m.add_argument("--state", default=None, metavar="FILE",
                   help="keep doors and items in this JSON file across runs")
    m.set_defaults(func=cmd_simulate)


def _target_arguments(p: argparse.ArgumentParser) -> None:
    from kiosk.device_target import add_target_arguments

    add_target_arguments(p, "serial device of the RS-485 adapter, pyserial URL or "
                            "tcp://host:port")


def _target(args: argparse.Namespace):
    from kiosk.device_target import DeviceTarget

    return DeviceTarget(args, "locker", "kerong_cu", unavailable_zh="自助文件柜暂不可用")


def _records(settings, device: str) -> dict[int, dict] | None:
    """What the kiosk's own records say each compartment holds; None when they cannot be
    read (the board's answer is still worth printing)."""
    try:
        from kiosk.sync.central import build_central

        central = build_central(settings)
    except Exception as exc:  # noqa: BLE001 - no records is an answer here
        log.warning("locker records unavailable: %s", exc)
        return None
    try:
        return {n: r.to_dict() for n, r in central.lockers.records(device).items()}
    finally:
        central.close()


def _status_doc(args, target) -> dict:
    from drivers.core.errors import DeviceError
    from kiosk.context import settings_from_args

    doc: dict = {"device": target.name, "port": target.device_port, "mock": target.mock,
                 "error": None}
    try:
        comps = target.call("compartments", lambda d: d.compartments())
        rows = [c.to_dict() for c in comps.values()]
    except DeviceError as exc:
        # not answering now: every compartment unknown, never "free"
        layout = getattr(target.device, "layout", None)
        slots = layout.slots.values() if layout is not None else ()
        rows = [{"id": s.number, "size": s.size, "door": "unknown", "occupied": None,
                 "sensed": s.sensed} for s in slots]
        doc["error"] = str(exc)
        doc["recovery"] = str(exc.recovery)
    records = None if args.port else _records(settings_from_args(args), target.name)
    for row in rows:
        rec = (records or {}).get(row["id"], {})
        row["assigned_to"] = rec.get("case_id")
        # no record yet: nothing was ever assigned to it
        row["status"] = rec.get("status", "free" if records is not None else None)
        row["flag"] = rec.get("flag")
    st = target.device.status
    doc.update(state=str(st.state), detail=st.detail, compartments=rows)
    return doc


def cmd_status(args: argparse.Namespace) -> int:
    from kiosk.context import print_json, print_table

    with _target(args) as target:
        doc = _status_doc(args, target)
    if args.json:
        print_json(doc)
    else:
        mode = " [MOCK]" if doc["mock"] else ""
        print(f"{doc['device']}{mode} on {doc['port']}: {doc['state']} — {doc['detail']}")
        if doc["error"]:
            print(f"  error: {doc['error']} (recovery: {doc['recovery']})")
        rows = []
        for r in doc["compartments"]:
            occupied = {True: "yes", False: "no", None: "-" if not r["sensed"] else "unknown"}
            rows.append({**r, "occupied_text": occupied[r["occupied"]],
                         "assigned": r["assigned_to"] or "-", "record": r["status"] or "-",
                         "flag_text": r["flag"] or ""})
        print_table(rows, [("id", "N"), ("size", "SIZE"), ("door", "DOOR"),
                           ("occupied_text", "ITEM"), ("record", "RECORD"),
                           ("assigned", "ASSIGNED TO"), ("flag_text", "FLAG")])
    unknown = any(r["door"] == "unknown" for r in doc["compartments"])
    return 0 if not doc["error"] and not unknown else 1


def cmd_open(args: argparse.Namespace) -> int:
    from drivers.core.errors import DeviceError
    from kiosk.context import print_json, settings_from_args

    with _target(args) as target:
        layout = getattr(target.device, "layout", None)
        if layout is not None and args.compartment not in layout.slots:
            from drivers.core.errors import ConfigError

            raise ConfigError("kiosk locker open", str(args.compartment),
                              f"no such compartment (1-{len(layout.slots)})")
        central = None
        if not args.port:
            from kiosk.sync.central import build_central

            central = build_central(settings_from_args(args))
        try:
            if central is not None:
                # the record first: a power cut after the unlock still leaves a trace
                central.lockers.technician_open(target.name, args.compartment)
            try:
                comp = target.call("unlock", lambda d: d.unlock(args.compartment))
            except DeviceError as exc:
                if central is not None:
                    central.lockers.unlock_failed(target.name, args.compartment, exc.code)
                if args.json:
                    print_json({"opened": False, "compartment": args.compartment,
                                "error": exc.to_dict()})
                else:
                    print(f"kiosk locker open: {exc} — {exc.message_zh} "
                          f"(recovery: {exc.recovery})", file=sys.stderr)
                return 3
        finally:
            if central is not None:
                central.close()
        doc = {"opened": True, "device": target.name, "mock": target.mock, **comp.to_dict()}
    if args.json:
        print_json(doc)
    else:
        mode = " [MOCK]" if doc["mock"] else ""
        print(f"{doc['device']}{mode}: compartment {doc['id']} ({doc['size']}) is open")
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from drivers.locker.simulator import run_interactive

    args.state = Path(args.state) if args.state else None
    return run_interactive(args)
