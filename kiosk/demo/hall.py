"""The demo hall's zones and categories as Category objects, for the demo doubles.

One source of truth: the reference server's demo catalogue (a data file, read — not an
import of the server), so the doubles and the server never disagree on the hall."""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from kiosk.services import Category

DEMO_HALL = Path(__file__).resolve().parents[1] / "central" / "demo_hall.toml"


@cache
def demo_hall() -> dict:
    return tomllib.loads(DEMO_HALL.read_text(encoding="utf-8"))


def demo_categories() -> list[Category]:
    hall = demo_hall()
    zones = {z["code"]: z for z in hall["zones"]}
    out = []
    for c in hall["categories"]:
        z = zones[c["zone"]]
        out.append(Category(c["code"], c["name"], c["name_en"], z["code"], z["name"],
                            z["name_en"], z["floor"], c["windows"], c.get("prefix", ""),
                            c.get("description", ""), c.get("description_en", "")))
    return out
