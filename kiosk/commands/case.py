"""``kiosk case submit|progress``: 在线申报 without the touch screen, and a case's progress.

    kiosk case submit ITEM --attach [NAME=]FILE … [--name N --id-number N --mobile N]
                      [--missing NAME …] [--post ADDRESS] [--wait S] [--json]
    kiosk case progress CASE [--json]

``submit`` stores the case and its files in the outbox (sealed, chunked uploads) and then
delivers for up to ``--wait`` seconds: exit 0 once stored (``delivered`` says whether the
server has it already; otherwise the kiosk's relay delivers it later). JSON keys: ``case_id``,
``item_code``, ``attachments`` (name, bytes, sha256), ``delivered``, ``status``.
"""
from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

from kiosk.commands.outbox import EXIT_NOT_DONE, EXIT_USAGE, fail, storage_errors
from kiosk.context import print_json, settings_from_args

CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                 ".png": "image/png"}


def register(sub, common) -> None:
    p = sub.add_parser("case", parents=[common], help="apply for a service item; a case's progress")
    s = p.add_subparsers(dest="case_command", metavar="ACTION")
    s.required = True
    c = s.add_parser("submit", parents=[common],
                     help="store a case with its materials and deliver it (chunked uploads)")
    c.add_argument("item", metavar="ITEM", help="service item code (`kiosk catalogue --json`)")
    c.add_argument("--attach", nargs="+", action="extend", default=[], metavar="[NAME=]FILE",
                   help="a material (PDF, JPEG or PNG); NAME defaults to the file's name")
    c.add_argument("--name", default="", help="applicant's name")
    c.add_argument("--id-number", default="", help="applicant's ID number")
    c.add_argument("--mobile", default="", help="mobile number for the result")
    c.add_argument("--missing", action="append", default=[], metavar="NAME",
                   help="a material brought to the window later (容缺受理)")
    c.add_argument("--post", metavar="ADDRESS", help="deliver the result by express post")
    c.add_argument("--wait", type=float, default=60.0, metavar="S",
                   help="deliver for at most S seconds (0: leave it to the relay)")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_submit)
    c = s.add_parser("progress", parents=[common], help="a case's stage, dates, what is missing")
    c.add_argument("case_id", metavar="CASE")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_progress)


def _materials(specs: list[str]) -> list[dict]:
    out = []
    for spec in specs:
        name, sep, file = spec.partition("=")
        path = Path(file if sep else spec)
        ctype = CONTENT_TYPES.get(path.suffix.lower())
        if ctype is None:
            raise ValueError(f"{path}: only PDF, JPEG or PNG files can be attached")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ValueError(f"{path}: {exc.strerror or exc}") from None
        out.append({"name": name if sep else path.stem, "data": data, "content_type": ctype})
    return out


def cmd_submit(args: argparse.Namespace) -> int:
    from kiosk.services import ServiceUnavailable
    from kiosk.sync.cases import CaseRefused
    from kiosk.sync.central import build_central

    try:
        materials = _materials(args.attach)
    except ValueError as exc:
        return fail(str(exc), EXIT_USAGE)
    settings = settings_from_args(args)
    applicant = {k: v for k, v in (("name", args.name), ("id_number", args.id_number),
                                   ("mobile", args.mobile)) if v}
    delivery = {"method": "post", "address": args.post} if args.post else {"method": "pickup"}
    try:
        with build_central(settings) as central:
            if central.catalogue.item(args.item) is None:
                central.catalogue.try_refresh()
            try:
                receipt = central.cases.apply(args.item, applicant, {}, materials,
                                              missing=args.missing, delivery=delivery)
            except CaseRefused as exc:
                return fail(f"{exc} / {exc.message_zh}", EXIT_USAGE)
            except ServiceUnavailable as exc:
                return fail(f"{exc} / {exc.message_zh}")
            case_id = receipt["case_id"]
            end = time.monotonic() + args.wait
            while args.wait > 0 and central.outbox.owes(case_id) and time.monotonic() < end:
                if central.relay.drain(deadline_s=max(0.1, end - time.monotonic())).outage:
                    break
            delivered = not central.outbox.owes(case_id)
            status = "queued_on_kiosk"
            if delivered:
                try:
                    status = central.cases.track(case_id)["status"]
                except ServiceUnavailable:
                    status = "delivered"
    except storage_errors() as exc:
        return fail(str(exc))
    out = {"case_id": case_id, "item_code": args.item, "delivered": delivered,
           "status": status, "submitted_at": receipt["submitted_at"],
           "attachments": [{"name": m["name"], "bytes": len(m["data"]),
                            "sha256": hashlib.sha256(m["data"]).hexdigest()} for m in materials]}
    if args.json:
        print_json(out)
    else:
        print(f"case {case_id}  {args.item}  {len(materials)} materials, "
              f"{sum(len(m['data']) for m in materials)} bytes")
        print(f"  {'delivered: ' + status if delivered else 'stored; the kiosk delivers it later'}")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from kiosk.services import ServiceUnavailable
    from kiosk.sync.cases import CaseRefused
    from kiosk.sync.central import build_central

    settings = settings_from_args(args)
    try:
        with build_central(settings) as central:
            try:
                case = central.cases.track(args.case_id)
            except CaseRefused as exc:
                return fail(f"{exc} / {exc.message_zh}", EXIT_NOT_DONE)
            except ServiceUnavailable as exc:
                return fail(f"{exc} / {exc.message_zh}")
    except storage_errors() as exc:
        return fail(str(exc))
    if args.json:
        print_json(case)
        return 0
    print(f"case {case['case_id']}: {case['status']}  {case.get('item_name', '')}")
    if case.get("missing"):
        print("  missing: " + ", ".join(case["missing"]))
    if case.get("collect"):
        print(f"  collect: {case['collect']['where']}; {case['collect']['when']}")
    for e in case.get("events", []):
        print(f"  {e['at']}  {e['status']:<20}  {e['note']}")
    return 0
