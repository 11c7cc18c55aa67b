"""``kiosk guide search|show|print``: the service guides (办事指南) from the technician's side.

    kiosk guide search bdczy [--limit N] [--json]   # ranked: code, name, category, score
    kiosk guide show CODE [--json]                   # one item's whole guide
    kiosk guide print CODE [--device NAME | --port URL]   # its checklist on the ticket printer

The guides come as the kiosk gets them (kiosk.sync.guides): from the central server, else
from the copy on disk. Exit codes: 0 found/printed, 1 nothing found, 2 unknown code,
3 no guides (server unreachable, no copy) or a printer error.
"""
from __future__ import annotations

import argparse

from kiosk.commands.outbox import EXIT_NOT_DONE, EXIT_USAGE, fail
from kiosk.context import print_json, print_table, settings_from_args
from kiosk.device_target import add_target_arguments

EXIT_UNAVAILABLE = 3


def register(sub, common) -> None:
    p = sub.add_parser("guide", parents=[common], help="service guides: search, show, print "
                       "the material checklist")
    gsub = p.add_subparsers(dest="guide_command", metavar="ACTION")
    gsub.required = True
    s = gsub.add_parser("search", parents=[common],
                        help="search as the kiosk does (characters, pinyin, initials, synonyms)")
    s.add_argument("query", nargs="+", help="what a citizen would type, e.g. bdczy or 社保卡")
    s.add_argument("--limit", type=int, default=10, help="results at most (default 10)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)
    s = gsub.add_parser("show", parents=[common], help="one item's guide")
    s.add_argument("code", help="the item's code (from `kiosk guide search`)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_show)
    s = gsub.add_parser("print", parents=[common],
                        help="print the item's material checklist on the ticket printer")
    s.add_argument("code")
    add_target_arguments(s, "printer: device path, pyserial URL or tcp://host:port")
    s.set_defaults(func=cmd_print)


def _index(settings):
    """The guides' index (server, else the copy on disk) — or None after one error line."""
    from kiosk.services import ServiceUnavailable
    from kiosk.sync.client import CentralClient
    from kiosk.sync.guides import Guides
    from kiosk.sync.online import OnlineState

    client = CentralClient.from_settings(settings)
    try:
        return Guides(settings, client, OnlineState()).index()
    except ServiceUnavailable as exc:
        fail(f"{exc} / {exc.message_zh}", EXIT_UNAVAILABLE)
        return None
    finally:
        client.close()


def cmd_search(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    index = _index(settings)
    if index is None:
        return EXIT_UNAVAILABLE
    hits = index.search(" ".join(args.query), max(1, args.limit))
    rows = [h.as_dict() for h in hits]
    if args.json:
        print_json(rows)
    else:
        print_table(rows, [("code", "CODE"), ("name", "NAME"), ("category", "CATEGORY"),
                           ("score", "SCORE"), ("tier", "MATCH")])
    return 0 if rows else EXIT_NOT_DONE


def _item(args):
    settings = settings_from_args(args)
    index = _index(settings)
    if index is None:
        return settings, None, EXIT_UNAVAILABLE
    item = index.item(args.code)
    if item is None:
        return settings, None, fail(f"no service item {args.code!r} (`kiosk guide search` "
                                    "finds codes)", EXIT_USAGE)
    return settings, item, 0


def cmd_show(args: argparse.Namespace) -> int:
    from kiosk.guides.checklist import material_text

    _settings, item, code = _item(args)
    if item is None:
        return code
    if args.json:
        print_json(item)
        return 0
    tl = item.get("time_limit") or {}
    print(f"{item['name']}  /  {item.get('name_en', '')}")
    print(f"  code: {item['code']}   category: {item['category']}   theme: {item.get('theme')}")
    print(f"  where: floor {item.get('floor')}, zone {item.get('zone')}, windows "
          f"{item.get('windows')} (certificates {item.get('certificate_windows', '-')})")
    print(f"  time: promised {tl.get('promised_days')} / statutory {tl.get('legal_days')} "
          f"working days   fees: {item.get('fees', '')}")
    print("  materials:")
    for m in item.get("materials", []):
        print(f"    [ ] {material_text(m)}")
    for head, key in (("conditions", "conditions"), ("process", "process"),
                      ("legal basis", "legal_basis")):
        print(f"  {head}:")
        for line in item.get(key, []):
            print(f"    - {line}")
    print(f"  online: {item.get('online_url', '')}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from drivers.core.errors import ConfigError, DeviceError
    from kiosk.device_target import DeviceTarget
    from kiosk.guides.checklist import GuideChecklist
    from kiosk.printing import job_timeout

    settings, item, code = _item(args)
    if item is None:
        return code
    job = GuideChecklist(item, settings.kiosk.hall_name).job()
    try:
        with DeviceTarget(args, "printer", "escpos", unavailable_zh="打印机暂不可用") as target:
            target.call("print_ticket", job, job_timeout(target.handle))
    except (ConfigError, DeviceError) as exc:
        return fail(f"checklist not printed: {exc}", EXIT_UNAVAILABLE)
    print(f"printed the checklist of {item['code']} ({item['name']})")
    return 0
