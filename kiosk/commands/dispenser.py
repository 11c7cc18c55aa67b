"""``kiosk dispenser status|dispense|eject|capture|reset`` — the card dispenser from the command
line.

``status`` asks the device and prints ``online`` (true/false), ``hopper`` (ok/low/empty/
unknown), ``reject_bin`` (ok/full/unknown), ``card_at`` (none/gate/ic/rf/unknown) and
``jammed`` (``--json``: one JSON document). A dispenser that does not answer is ``online:
false`` with every supply ``unknown`` — never "ok". ``dispense`` moves a card (the one in the
channel, else a new one from the hopper) to the IC position (``--to rf|gate`` for others);
``eject`` to the gate; ``capture`` into the reject bin; ``reset`` initialises without moving
a card. Each move prints the status after it.

``--port`` takes a device path, pyserial URL or tcp://host:port and bypasses devices.toml
(``--model crt591|k720`` says which protocol, default crt591); otherwise the device comes
from devices.toml (``--device NAME`` or the first dispenser; ``--mock`` runs its simulator).
Exit codes: 0 done / ready; 1 not ready (status: offline, empty, bin full, jammed); 2 bad
usage or configuration; 3 device error.
"""
from __future__ import annotations

import argparse
import sys

MODELS = ("crt591", "k720")


def register(sub, common) -> None:
    p = sub.add_parser("dispenser", parents=[common],
                       help="card dispenser: status, dispense, eject, capture, reset")
    dsub = p.add_subparsers(dest="dispenser_command", metavar="ACTION")
    dsub.required = True
    for name, text in (("status", "ask the dispenser for its status"),
                       ("dispense", "a card to the IC position (from the hopper if the channel "
                                    "is empty)"),
                       ("eject", "the card to the gate"),
                       ("capture", "the card in the channel into the reject bin"),
                       ("reset", "initialise the mechanism without moving a card")):
        s = dsub.add_parser(name, parents=[common], help=text)
        _target_arguments(s)
        if name == "dispense":
            s.add_argument("--to", choices=("ic", "rf", "gate"), default="ic",
                           help="where the card goes (default: ic)")
        s.add_argument("--json", action="store_true", help="one JSON document on stdout")
        s.set_defaults(func=cmd_dispenser, action=name)


def _target_arguments(p: argparse.ArgumentParser) -> None:
    from kiosk.device_target import add_target_arguments

    add_target_arguments(p, "device path, pyserial URL or tcp://host:port")
    p.add_argument("--model", choices=MODELS, default=None,
                   help="protocol with --port (default crt591); with devices.toml it must "
                        "match the device's driver")


def status_doc(target, error: str = "") -> dict:
    """The documented keys, from the device's last known status (never "ok" by default)."""
    st = target.handle.status
    sup = st.supplies
    card = str(sup.get("card", "unknown"))
    online = str(st.state) in ("online", "busy") and not error
    return {
        "device": target.name, "driver": target.handle.config.driver,
        "port": target.device_port, "mock": target.mock,
        "online": online,
        "hopper": str(sup.get("card_hopper", "unknown")) if online else "unknown",
        "reject_bin": str(sup.get("reject_bin", "unknown")) if online else "unknown",
        "card_at": (card if card != "jammed" else "unknown") if online else "unknown",
        "jammed": card == "jammed",
        "state": str(st.state), "detail": st.detail, "error": error,
    }


def cmd_dispenser(args: argparse.Namespace) -> int:
    from drivers.core.errors import ConfigError, DeviceError
    from kiosk.context import print_json
    from kiosk.device_target import DeviceTarget

    driver = args.model or "crt591"
    action = args.action
    doc: dict = {}
    error = None
    try:
        with DeviceTarget(args, "card_dispenser", driver,
                          unavailable_zh="发卡机暂不可用") as target:
            configured = target.handle.config.driver
            if args.model and not args.port and configured != args.model:
                raise ConfigError("devices.toml", target.name,
                                  f"is a {configured} dispenser, not {args.model}")
            timeout = target.handle.config.timeout * 4 + target.device.move_timeout + 1
            result = None
            try:
                if action == "status":
                    target.call("status", lambda d: d.reading())
                elif action == "dispense":
                    op = {"ic": "to_ic_position", "rf": "to_rf_position", "gate": "eject"}[args.to]
                    target.call(op, lambda d: getattr(d, op)(), timeout)
                elif action == "capture":
                    result = target.call("capture", lambda d: d.capture(), timeout)
                else:
                    target.call(action, lambda d: getattr(d, action)(), timeout)
            except DeviceError as exc:
                error = exc
            doc = status_doc(target, str(error) if error else "")
            if action == "capture" and error is None:
                doc["captured"] = bool(result)
    except DeviceError as exc:  # could not even connect
        if args.json:
            print_json({"online": False, "hopper": "unknown", "reject_bin": "unknown",
                        "card_at": "unknown", "jammed": False, "error": str(exc)})
        else:
            zh = getattr(exc, "message_zh", "")
            print(f"kiosk dispenser {action}: {exc}" + (f" — {zh}" if zh else ""),
                  file=sys.stderr)
        return 3 if action != "status" else 1
    if error is not None:
        doc["recovery"] = str(error.recovery)
        doc["code"] = getattr(error, "code", "")
    if args.json:
        print_json(doc)
    else:
        mode = " [MOCK]" if doc["mock"] else ""
        print(f"{doc['device']}{mode} ({doc['driver']}) on {doc['port']}: {doc['state']}")
        print(f"  hopper: {doc['hopper']}  reject bin: {doc['reject_bin']}  card at: "
              f"{doc['card_at']}  jammed: {'yes' if doc['jammed'] else 'no'}")
        if error is not None:
            zh = getattr(error, "message_zh", "")
            print(f"kiosk dispenser {action}: {error}" + (f" — {zh}" if zh else ""),
                  file=sys.stderr)
    if error is not None:
        return 1 if action == "status" else 3  # status: the answer is "not ready"
    if action == "status":
        ready = doc["online"] and doc["hopper"] in ("ok", "low") and \
            doc["reject_bin"] != "full" and not doc["jammed"]
        return 0 if ready else 1
    return 0
