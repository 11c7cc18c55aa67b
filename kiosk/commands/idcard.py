"""``kiosk idcard read|watch|simulate`` — the ID card reader from the command line.

``read`` runs one find → select → read and prints the card (``--json``: the documented keys).
``--port`` takes a device path or pyserial URL (or tcp://host:port) and bypasses
devices.toml; otherwise the device comes from devices.toml (``--device NAME`` or the first
idcard device; ``--mock`` runs it on its simulator). Exit codes: 0 read; 1 no card / card
must be placed again; 2 configuration; 3 device fault.
"""
from __future__ import annotations

import argparse
import sys

#: card-side answers: the command worked, there was just no (fresh) card
_NOT_DONE_CODES = {"no_card", "card_already_read"}


def register(sub, common) -> None:
    p = sub.add_parser("idcard", parents=[common], help="ID card reader: read a card, watch, "
                                                        "run a simulator")
    isub = p.add_subparsers(dest="idcard_command", metavar="ACTION")
    isub.required = True

    r = isub.add_parser("read", parents=[common], help="read the card on the reader once")
    _target_arguments(r)
    r.add_argument("--fingerprint", action="store_true",
                   help="read with 30 10 (adds the fingerprint block)")
    r.add_argument("--address", action="store_true", help="also read the appended address")
    r.add_argument("--json", action="store_true", help="one JSON document on stdout")
    r.set_defaults(func=cmd_read)

    w = isub.add_parser("watch", parents=[common],
                        help="arm the reader and print card events (masked) until stopped")
    _target_arguments(w)
    w.add_argument("--seconds", type=float, default=None, help="stop after S seconds")
    w.add_argument("--count", type=int, default=None, help="stop after N cards read")
    w.set_defaults(func=cmd_watch)

    s = isub.add_parser("simulate", parents=[common],
                        help="run a reader simulator in this process; prints its port, then "
                             "takes commands on stdin (place/remove/fault/clear/quit)")
    # the same arguments as drivers.idcard.simulator.add_arguments, kept here so that
    # `kiosk --help` does not import the driver
    s.add_argument("--card", default="resident",
                   help="card on the reader at start: resident, resident_senior, hmt, "
                        "foreign2017, foreign2023 or none")
    s.add_argument("--tcp", type=int, metavar="PORT", default=None,
                   help="listen on 127.0.0.1:PORT instead of a pty (0: any free port)")
    s.add_argument("--pace", action="store_true", help="pace replies like a 115200 baud line")
    s.set_defaults(func=cmd_simulate)


def _target_arguments(p: argparse.ArgumentParser) -> None:
    from kiosk.device_target import add_target_arguments

    add_target_arguments(p, "device path or pyserial URL")


def _target(args: argparse.Namespace, options: dict):
    from kiosk.device_target import DeviceTarget

    return DeviceTarget(args, "idcard", "sam_idcard", options, unavailable_zh="读卡器暂不可用")


def _fail(command: str, exc) -> int:
    zh = getattr(exc, "message_zh", "")
    print(f"kiosk idcard {command}: {exc}" + (f" — {zh}" if zh else ""), file=sys.stderr)
    return 1 if getattr(exc, "code", "") in _NOT_DONE_CODES else 3


def cmd_read(args: argparse.Namespace) -> int:
    from drivers.core.errors import DeviceError
    from kiosk.context import print_json

    options: dict = {}
    if args.fingerprint:
        options["fingerprint"] = True
    if args.address:
        options["appended_address"] = True
    try:
        with _target(args, options) as target:
            card = target.call("read_card", lambda d: d.read_card())
            mock = target.mock
            name = target.name
    except DeviceError as exc:
        return _fail("read", exc)
    try:
        if args.json:
            print_json({**card.to_json(), "device": name, "mock": mock})
        else:
            _print_card(card, name, mock)
    finally:
        card.wipe()
    return 0


def _print_card(card, device: str, mock: bool) -> None:
    data = card.to_json()
    rows = [
        ("证件类型 type", f"{card.type_zh} ({data['card_type']})"),
        ("姓名 name", data["name"]),
        ("英文姓名 name (en)", data["name_en"]),
        ("性别 gender", data["gender"]),
        ("民族 nation", data["nation"]),
        ("出生 birth date", data["birth_date"]),
        ("住址 address", data["address"]),
        ("证件号码 number", f"{data['id_number']} "
                         f"({'check digit ok' if data['id_number_valid'] else 'CHECK DIGIT WRONG'})"),
        ("签发机关 issuer", data["issuer"]),
        ("有效期 valid", f"{data['valid_from']} – {data['valid_to']}"),
        ("国籍 nationality", data["nationality"]),
        ("通行证号码 pass number", data["pass_number"]),
        ("签发次数 issue count", data["issue_count"]),
        ("换证次数 renewal count", data["renewal_count"]),
        ("照片 photo", f"{len(card.photo_wlt)} bytes WLT"),
        ("指纹 fingerprint", f"{data['fingerprint_bytes']} bytes"),
    ]
    rows += [("迁移地址 appended address", a) for a in data["appended_addresses"]]
    if data["problems"]:
        rows.append(("problems", "; ".join(data["problems"])))
    print(f"{device}{' [MOCK]' if mock else ''}")
    for label, value in rows:
        if value not in (None, ""):
            print(f"  {label}: {value}")


def cmd_watch(args: argparse.Namespace) -> int:
    import threading

    from drivers.core.errors import DeviceError
    from drivers.core.status import DeviceErrorEvent
    from drivers.idcard.events import CardLeftOnReader, CardRead, CardRemoved

    done = threading.Event()
    reads = 0

    def on_event(event) -> None:
        nonlocal reads
        if isinstance(event, CardRead):
            reads += 1
            card = event.card
            print(f"card read: {card.card_type} {card.masked_id}", flush=True)
            card.wipe()
            if args.count and reads >= args.count:
                done.set()
        elif isinstance(event, CardRemoved):
            print("card removed", flush=True)
        elif isinstance(event, CardLeftOnReader):
            print("card already read lies on the reader: lift it and place it again",
                  flush=True)
        elif isinstance(event, DeviceErrorEvent):
            print(f"error: {event.error}", flush=True)

    try:
        with _target(args, {}) as target:
            target.manager.events.subscribe(on_event)
            target.call("arm", lambda d: d.arm())
            print(f"{target.name}{' [MOCK]' if target.mock else ''}: watching", flush=True)
            done.wait(args.seconds)
    except DeviceError as exc:
        return _fail("watch", exc)
    except KeyboardInterrupt:
        return 130
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    from drivers.idcard.simulator import CARD_NAMES, run_interactive

    if args.card not in (*CARD_NAMES, "none"):
        print(f"kiosk idcard simulate: unknown card {args.card!r} "
              f"(known: {', '.join(CARD_NAMES)}, none)", file=sys.stderr)
        return 2
    return run_interactive(args)
