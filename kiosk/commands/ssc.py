"""``kiosk ssc read|simulate|reissue|recover`` — social-security cards from the command line.

``read`` selects SSSE on the card in the reader and reads EF05/EF06 (``--json``: the keys
``card_number``, ``id_number``, ``name``, ``gender``, ``nation``, ``birth_date``,
``issue_date``, ``expiry_date``, ``card_id_code``, ``issuer``, ``atr``). A third-generation
card keeps EF06 locked until the central system authenticates (``--auth`` asks it). ``--port``
is the PC/SC reader's name (bypasses devices.toml); ``--mock`` reads the virtual card
(``--card`` chooses which). ``simulate`` runs the virtual card against vpcd in the
foreground. ``reissue`` runs the whole 补换卡 path without the UI — the same journey code —
for a typed ID number (``--code``: the SMS code; a demo server gives it itself); ``recover``
settles issues a crash left open (captures a card found in the dispenser and reports).

Exit codes: 0 done; 1 no card / not a social-security card / blank card / the issue did not
give a card; 2 bad usage or configuration; 3 device or server error.
"""
from __future__ import annotations

import argparse
import sys

_NOT_DONE = {"no_card", "wrong_card", "blank_card", "card_removed"}


def register(sub, common) -> None:
    p = sub.add_parser("ssc", parents=[common],
                       help="social-security cards: read, simulate, re-issue, recover")
    ssub = p.add_subparsers(dest="ssc_command", metavar="ACTION")
    ssub.required = True

    r = ssub.add_parser("read", parents=[common], help="read the card in the reader")
    from kiosk.device_target import add_target_arguments

    add_target_arguments(r, "PC/SC reader name as pcscd lists it")
    r.add_argument("--card", default="zhangsan",
                   help="--mock: the virtual card in the reader (zhangsan, lisi, wangwu, "
                        "zhaoxiaoliu, sunqi, blank2, blank3, foreign)")
    r.add_argument("--auth", action="store_true",
                   help="third-generation cards: let the central system authenticate EF06")
    r.add_argument("--json", action="store_true", help="one JSON document on stdout")
    r.set_defaults(func=cmd_read)

    s = ssub.add_parser("simulate", parents=[common],
                        help="run the virtual card against vpcd here; prints the reader "
                             "name, then takes commands on stdin (place/remove/fault/quit)")
    # drivers.ssc.simulate.add_arguments, repeated so `kiosk --help` imports no driver
    s.add_argument("--card", default="zhangsan", help="card in the reader at start, or none")
    s.add_argument("--vpcd-port", type=int, default=35963, choices=(35963, 35964),
                   help="35963: reader 'Virtual PCD 00 00', 35964: '… 00 01'")
    s.add_argument("--write-delay", type=float, default=0.0,
                   help="seconds the card takes to write one record")
    s.set_defaults(func=cmd_simulate)

    i = ssub.add_parser("reissue", parents=[common],
                        help="the whole 补换卡 path without the UI, for a typed ID number")
    i.add_argument("--id-number", required=True, metavar="N", help="the citizen's ID number")
    i.add_argument("--code", default=None, help="the SMS code (a demo server gives it itself)")
    i.add_argument("--reason", choices=("lost", "damaged"), default="lost")
    i.add_argument("--leave-card", action="store_true",
                   help="--mock: nobody takes the card at the gate (it is captured and kept)")
    i.add_argument("--take-timeout", type=float, default=None, metavar="S",
                   help="seconds the card waits at the gate (default: the journey's)")
    i.add_argument("--retry", type=int, default=0, help="blank cards to try again with")
    i.add_argument("--json", action="store_true", help="one JSON document on stdout")
    i.set_defaults(func=cmd_reissue)

    c = ssub.add_parser("recover", parents=[common],
                        help="settle issues a crash left open: capture and report")
    c.add_argument("--json", action="store_true", help="one JSON document on stdout")
    c.set_defaults(func=cmd_recover)


def _fail(command: str, exc) -> int:
    zh = getattr(exc, "message_zh", "")
    print(f"kiosk ssc {command}: {exc}" + (f" — {zh}" if zh else ""), file=sys.stderr)
    return 1 if getattr(exc, "code", "") in _NOT_DONE else 3


def cmd_read(args: argparse.Namespace) -> int:
    from drivers.core.errors import DeviceError
    from drivers.ssc.errors import BlankCard
    from kiosk.context import print_json
    from kiosk.device_target import DeviceTarget

    options = {"sim_card": args.card} if getattr(args, "mock", False) else {}
    try:
        with DeviceTarget(args, "smartcard", "pcsc_ssc", options,
                          unavailable_zh="社保卡读卡器暂不可用") as target:
            timeout = target.handle.config.timeout * 4 + 2
            target.call("wait_card", lambda d: d.wait_card(target.handle.config.timeout),
                        timeout)
            card = target.call("read_ssc", lambda d: d.read_ssc(), timeout)
            if card.blank:
                raise BlankCard(f"{target.name}: this card is blank (not personalised yet)",
                                0x6A83)
            if card.holder_locked and args.auth:
                card_id = card.card_id_code
                card.wipe()
                card = _read_with_auth(args, target, timeout, card_id)
            name, mock = target.name, target.mock
    except DeviceError as exc:
        return _fail("read", exc)
    except Exception as exc:  # noqa: BLE001 - the central system (--auth): one line
        print(f"kiosk ssc read: {exc}", file=sys.stderr)
        return 3
    try:
        doc = {**card.to_json(), "device": name, "mock": mock}
        if args.json:
            print_json(doc)
        else:
            print(f"{name}{' [MOCK]' if mock else ''}: social-security card v{card.version}")
            for key in ("card_number", "id_number", "name", "gender", "nation", "birth_date",
                        "issue_date", "expiry_date", "card_id_code", "issuer", "atr"):
                print(f"  {key}: {doc[key] if doc[key] not in (None, '') else '-'}")
            if card.holder_locked:
                print("  holder data: locked (third-generation card: --auth asks the central "
                      "system)")
    finally:
        card.wipe()
    return 0


def _read_with_auth(args, target, timeout: float, card_id_code: str):
    """A third-generation card: its challenge, the central system's answer to it, then the
    read in that same card session (nothing else may reach the card in between)."""
    from kiosk.context import settings_from_args
    from kiosk.sync.central import build_central

    challenge = target.call("challenge", lambda d: d.challenge(), timeout)
    with build_central(settings_from_args(args)) as central:
        steps = central.ssc.read_auth(card_id_code, challenge.hex().upper())
    return target.call("read_ssc", lambda d: d.read_ssc(select=False, auth=steps), timeout)


def cmd_simulate(args: argparse.Namespace) -> int:
    from drivers.ssc.holders import CARD_NAMES
    from drivers.ssc.simulate import run_interactive

    if args.card not in (*CARD_NAMES, "none"):
        print(f"kiosk ssc simulate: unknown card {args.card!r} (known: "
              f"{', '.join(CARD_NAMES)}, none)", file=sys.stderr)
        return 2
    return run_interactive(args)


def _station(args):
    """(settings, manager, central) with the relay running; the caller closes them."""
    from kiosk.context import device_manager, settings_from_args
    from kiosk.sync.central import build_central

    settings = settings_from_args(args)
    manager = device_manager(args, settings)
    central = build_central(settings)
    try:
        manager.start()
        central.start()
    except BaseException:
        manager.stop()
        central.close()
        raise
    return settings, manager, central


def cmd_reissue(args: argparse.Namespace) -> int:
    from kiosk.context import print_json
    from kiosk.journeys.ssc.entry import valid_id_number
    from kiosk.journeys.ssc.recovery import run_at_start
    from kiosk.journeys.ssc.runner import Runner, wait_devices

    if not valid_id_number(args.id_number.strip().upper()):
        print("kiosk ssc reissue: --id-number is not a valid 18-character ID number",
              file=sys.stderr)
        return 2
    settings, manager, central = _station(args)
    try:
        if not wait_devices(manager, ("smartcard", "card_dispenser"), 30):
            print("kiosk ssc reissue: the card reader or the dispenser is not ready",
                  file=sys.stderr)
            return 3
        settled = run_at_start(manager, central)
        runner = Runner(manager, central, mock=manager.any_mock,
                        take_timeout_s=args.take_timeout, take_card=not args.leave_card)
        try:
            result = runner.reissue(args.id_number.strip().upper(), code=args.code,
                                    reason=args.reason, retry=args.retry)
        finally:
            runner.close()
        delivered = central.ssc.wait_delivered(result.application_id or "-", timeout=15)
        doc = {**result.to_json(), "settled_first": settled, "reports_delivered": delivered}
        if result.application_id:
            try:
                doc["server_state"] = central.ssc.application(result.application_id)["state"]
            except Exception as exc:  # noqa: BLE001 - offline: the outbox still holds it
                doc["server_state"] = None
                doc["server_error"] = str(exc)
    finally:
        manager.stop()
        central.close()
    if args.json:
        print_json(doc)
    else:
        print(f"application {doc['application_id'] or '-'}: {doc['outcome']}"
              + (f" ({doc['failure']}, card at {doc['card_at']})" if doc["failure"] else "")
              + (f", new card {doc['card_number_masked']}" if doc["card_number_masked"] else ""))
        if doc.get("server_state"):
            print(f"  server: {doc['server_state']}")
        if doc["error"]:
            print(f"  {doc['error']}")
        for stage, t in doc["stages_s"].items():
            print(f"  {t:7.3f} s  {stage}")
    return 0 if doc["outcome"] in ("taken", "retained") else 1


def cmd_recover(args: argparse.Namespace) -> int:
    from kiosk.context import print_json
    from kiosk.journeys.ssc.recovery import run_at_start

    _settings, manager, central = _station(args)
    try:
        settled = run_at_start(manager, central)
        for s in settled:
            central.ssc.wait_delivered(s["application_id"], timeout=15)
        left = central.ssc.interrupted()
    finally:
        manager.stop()
        central.close()
    if args.json:
        print_json({"settled": settled, "still_open": left})
    else:
        for s in settled:
            print(f"application {s['application_id']}: stage {s['stage']}, card "
                  f"{s['position']} → reported {s['report']}, card at {s['card_at']}")
        if not settled:
            print("nothing to settle" if not left else
                  f"{len(left)} issue(s) wait for the card dispenser")
    return 0 if not left else 1
