"""Supply counters: how much paper and how many cards are left, counted from what staff did.

A sensor says "near end" late and a card hopper's "low" switch is coarse; halls plan refills
by counts. A technician says what was done — a new paper roll, N cards put in the hopper,
the reject bin emptied (diagnostics mode or ``kiosk supplies set``) — and the count follows
the device's own operation counters (``<data_dir>/devices/NAME.json``) from then on: every
printed job is one ticket off the roll, every card ejected or captured one card out of the
hopper, every capture one card more in the bin. (A card ejected and then captured because
the citizen left it counts twice: the count errs towards "refill sooner".)
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.admin_db import AdminDb


@dataclass(frozen=True)
class SupplyItem:
    kind: str  # the device kind that has it
    name: str  # axis-like name: paper, card_hopper, reject_bin
    aliases: tuple[str, ...]  # what a technician may type: hopper, bin …
    counts: tuple[str, ...]  # operations that change it
    step: int  # +1 or -1 per counted operation
    unit: str  # English, for the CLI and the JSON
    maximum: int  # the largest value a technician may set
    new: int | None = None  # the value "new" / "empty" stands for
    #: at or below (step -1) / at or above (step +1) this, staff should act soon
    warn_at: int | None = None


ITEMS: tuple[SupplyItem, ...] = (
    SupplyItem("printer", "paper", ("roll",), ("print_bytes",), +1,
               "tickets printed since the roll was changed", 1_000_000, new=0),
    SupplyItem("card_dispenser", "card_hopper", ("hopper", "cards"), ("eject", "capture"), -1,
               "cards left in the hopper", 5_000, warn_at=50),
    SupplyItem("card_dispenser", "reject_bin", ("bin", "reject"), ("capture",), +1,
               "cards in the reject bin", 1_000, new=0, warn_at=40),
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS supplies (
    device TEXT NOT NULL,
    item TEXT NOT NULL,
    value INTEGER NOT NULL,        -- what the technician set
    ops_at_set INTEGER NOT NULL,   -- the device's counted operations at that moment
    set_at REAL NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (device, item)
);
"""


class SupplyError(ValueError):
    """A supply assignment that cannot be: one line saying what is accepted."""


def items_for(kind: str) -> list[SupplyItem]:
    return [i for i in ITEMS if i.kind == kind]


def find_item(kind: str, name: str) -> SupplyItem:
    for i in items_for(kind):
        if name == i.name or name in i.aliases:
            return i
    known = ", ".join(i.name for i in items_for(kind)) or "none"
    raise SupplyError(f"a {kind} has no supply {name!r} (it has: {known})")


def parse_value(item: SupplyItem, text: str | int) -> int:
    """``"new"``/``"empty"`` (where it means something) or a whole number in range."""
    word = str(text).strip().lower()
    if word in ("new", "empty", "emptied") and item.new is not None:
        return item.new
    try:
        value = int(word)
    except ValueError:
        words = " or 'new'" if item.new is not None else ""
        raise SupplyError(f"{item.name}: expected a number{words}, got {text!r}") from None
    if not 0 <= value <= item.maximum:
        raise SupplyError(f"{item.name}: {value} is outside 0–{item.maximum}")
    return value


def counted(item: SupplyItem, by_operation: Mapping[str, int]) -> int:
    return sum(int(by_operation.get(op, 0)) for op in item.counts)


class Supplies:
    def __init__(self, data_dir: Path, *, db: AdminDb | None = None, clock=time.time) -> None:
        self.db = db or AdminDb(data_dir)
        self._owns_db = db is None
        self.clock = clock
        self.db.script(_SCHEMA)

    def set(self, device: str, item: SupplyItem, value: int,
            by_operation: Mapping[str, int], *, source: str = "touch") -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO supplies (device, item, value, ops_at_set, set_at, source) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (device, item.name, int(value), counted(item, by_operation), self.clock(), source))

    def levels(self, devices: Iterable[tuple[str, str, Mapping[str, int]]]) -> list[dict]:
        """One row per supply of every ``(name, kind, by_operation)`` device: its count now
        (None until a technician first set it) and whether staff should act soon."""
        stored = {(r[0], r[1]): r[2:] for r in self.db.execute(
            "SELECT device, item, value, ops_at_set, set_at FROM supplies")}
        out = []
        for name, kind, by_operation in devices:
            for item in items_for(kind):
                row = stored.get((name, item.name))
                value = set_at = None
                if row is not None:
                    base, ops_at_set, at = row
                    now = counted(item, by_operation)
                    # counters restarted (file lost, device replaced): count from zero
                    since = now - ops_at_set if now >= ops_at_set else now
                    value = max(0, base + item.step * since)
                    set_at = datetime.fromtimestamp(at).isoformat(timespec="seconds")
                warn = value is not None and item.warn_at is not None and (
                    value <= item.warn_at if item.step < 0 else value >= item.warn_at)
                out.append({"device": name, "kind": kind, "item": item.name, "value": value,
                            "unit": item.unit, "set_at": set_at, "warning": warn,
                            "accepts_new": item.new is not None})
        return out

    def close(self) -> None:
        if self._owns_db:
            self.db.close()
