"""``kiosk-central case``: the back office's side of 在线申报 on the reference server (demo).

    kiosk-central case advance CASE STAGE [--note T] [--missing NAME …] [--where W] [--when T]
    kiosk-central case show CASE [--json]

Stages (in order): accepted, in_review, missing_materials, approved, ready_for_collection,
delivered. ``ready_for_collection`` says where (the item's zone's certificate windows unless
``--where``) and when (office hours unless ``--when``). Exit codes: 0 done, 2 no such case or
stage (one line on stderr).
"""
from __future__ import annotations

import argparse

from kiosk import protocol as P


def register(sub, common) -> None:
    c = sub.add_parser("case", parents=[common], help="move a case through its stages (demo)")
    s = c.add_subparsers(dest="case_command", metavar="ACTION")
    s.required = True
    a = s.add_parser("advance", parents=[common], help="move a case to a stage")
    a.add_argument("case_id", metavar="CASE")
    a.add_argument("stage", metavar="STAGE", help=", ".join(P.CASE_STAGES))
    a.add_argument("--note", default="", help="what the citizen reads with the stage")
    a.add_argument("--missing", action="append", default=None, metavar="NAME",
                   help="a material still missing (repeat); with missing_materials")
    a.add_argument("--where", default="", help="where to collect (ready_for_collection)")
    a.add_argument("--when", default="", help="when to collect (ready_for_collection)")
    a.add_argument("--db", metavar="URL")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_advance)
    v = s.add_parser("show", parents=[common], help="a case's progress as the kiosk reads it")
    v.add_argument("case_id", metavar="CASE")
    v.add_argument("--db", metavar="URL")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=cmd_show)


def _run(args, fn):
    from kiosk.central.cli import EXIT_USAGE, _fail, _store
    from kiosk.central.db import metadata
    from kiosk.central.fields import ApiError
    from kiosk.central.store.case_uploads import CaseUploads, chunks, progress, uploads

    store = _store(args)
    try:
        metadata.create_all(store.engine, tables=[uploads, chunks, progress])
        with store.engine.begin() as conn:
            return fn(CaseUploads(store.catalogue), conn), 0
    except ApiError as exc:
        return None, _fail(exc.message, EXIT_USAGE)
    finally:
        store.engine.dispose()


def _print(args, case: dict) -> None:
    from kiosk.central.cli import _print_json

    if args.json:
        _print_json(case)
        return
    print(f"case {case['case_id']}: {case['status']} — {case['item_name']}")
    if case["missing"]:
        print("  missing: " + ", ".join(case["missing"]))
    if case["collect"]:
        print(f"  collect: {case['collect']['where']}; {case['collect']['when']}")
    for e in case["events"]:
        print(f"  {e['at']}  {e['status']:<20}  {e['note']}")


def cmd_advance(args: argparse.Namespace) -> int:
    case, code = _run(args, lambda s, conn: s.advance(
        conn, args.case_id, args.stage, note=args.note, missing=args.missing,
        where=args.where, when=args.when))
    if case is not None:
        _print(args, case)
    return code


def cmd_show(args: argparse.Namespace) -> int:
    case, code = _run(args, lambda s, conn: s.view(conn, args.case_id))
    if case is not None:
        _print(args, case)
    return code
