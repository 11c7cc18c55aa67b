"""The demo hall's zones and categories (kiosk/defaults/demo_hall.toml) as Category objects."""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from kiosk.services import Category

DEMO_HALL = Path(__file__).parent / "defaults" / "demo_hall.toml"


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
                            z["name_en"], z["floor"], c["windows"]))
    return out
