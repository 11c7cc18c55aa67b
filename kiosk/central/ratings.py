"""``kiosk-central ratings [--json]``: the citizens' ratings (好差评) per journey — how many,
how many of each of the five levels, the average, and the reasons given for low ones."""
from __future__ import annotations

import argparse

from kiosk.central.store.evaluations import LEVELS


def register(sub, common) -> None:
    c = sub.add_parser("ratings", parents=[common],
                       help="ratings (好差评) per journey: counts per level, average, reasons")
    c.add_argument("--db", metavar="URL")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_ratings)


def cmd_ratings(args: argparse.Namespace) -> int:
    from kiosk.central.cli import _print_json, _print_table, _rows

    rows = _rows(args, lambda store, conn: store.evaluations.summary(conn))
    if args.json:
        _print_json(rows)
        return 0
    if not rows:
        print("no ratings yet")
        return 0
    columns = [("journey", "JOURNEY"), ("count", "COUNT")]
    for score, name in LEVELS.items():
        columns.append((f"s{score}", f"{score} {name}"))
    columns += [("average", "AVG"), ("top", "REASONS")]
    for r in rows:
        r["journey"] = r["journey"] or "-"
        for score in LEVELS:
            r[f"s{score}"] = r["scores"][str(score)]
        r["top"] = ", ".join(f"{k}×{n}" for k, n in list(r["reasons"].items())[:3]) or "-"
    _print_table(rows, columns)
    return 0
