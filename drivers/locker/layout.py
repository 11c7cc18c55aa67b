"""Which compartment is which lock on which board, how big it is, and whether it senses items.

A cabinet's compartments are numbered 1…N as printed on the doors, board by board in the
order ``boards`` lists them, ``locks_per_board`` each (16 on a CU16, 12 on a CU12)::

    boards = [0, 1]            # board addresses on the bus (ADDR high nibble)
    sizes = "1-8:S, 9-14:M, 15-16:L, 17-32:M"
    sensors = "1-16"           # compartments with an infrared item sensor ("all", "none")

Sizes come from configuration because a board cannot know how big a door is. A missing or
malformed entry is a one-line :class:`ValueError` naming what is wrong.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from drivers.core.errors import ConfigError
from drivers.kinds.locker import SIZES
from drivers.locker.frames import LOCKS_PER_BOARD, MAX_BOARD, address


@dataclass(frozen=True)
class Slot:
    number: int  # the number on the door
    board: int  # board address, 0–9
    lock: int  # 0–15 on its board
    size: str
    sensed: bool

    @property
    def addr(self) -> int:
        return address(self.board, self.lock)


def parse_ranges(text: str, limit: int, what: str) -> list[int]:
    """``"1-8, 12"`` → [1…8, 12], each within 1…limit."""
    out: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        lo_text, sep, hi_text = part.partition("-")
        try:
            lo = int(lo_text)
            hi = int(hi_text) if sep else lo
        except ValueError:
            raise ValueError(f"{what}: {part!r} is not a number or a range like 1-8") from None
        if not 1 <= lo <= hi <= limit:
            raise ValueError(f"{what}: {part!r} is outside compartments 1-{limit}")
        out.extend(range(lo, hi + 1))
    return out


def default_sizes(boards: int, per_board: int) -> str:
    """Per board: the first half small, the next three eighths medium, the rest large."""
    parts = []
    for b in range(boards):
        base = b * per_board
        small, medium = per_board // 2, per_board * 7 // 8
        parts += [f"{base + 1}-{base + small}:S", f"{base + small + 1}-{base + medium}:M",
                  f"{base + medium + 1}-{base + per_board}:L"]
    return ", ".join(parts)


@dataclass(frozen=True)
class Layout:
    slots: dict[int, Slot]
    boards: tuple[int, ...]

    @classmethod
    def parse(cls, boards: Sequence[int] = (0,), *, locks_per_board: int = LOCKS_PER_BOARD,
              sizes: str = "", sensors: str = "all") -> Layout:
        boards = tuple(boards)
        if not boards:
            raise ValueError("boards: at least one board address is needed")
        for b in boards:
            if not isinstance(b, int) or isinstance(b, bool) or not 0 <= b <= MAX_BOARD:
                raise ValueError(f"boards: {b!r} is not a board address 0-{MAX_BOARD}")
        if len(set(boards)) != len(boards):
            raise ValueError(f"boards: {list(boards)} names a board twice")
        if not 1 <= locks_per_board <= LOCKS_PER_BOARD:
            raise ValueError(f"locks_per_board: {locks_per_board} is not 1-{LOCKS_PER_BOARD}")
        total = len(boards) * locks_per_board
        size_of: dict[int, str] = {}
        for part in (p.strip() for p in (sizes or default_sizes(len(boards),
                                                                  locks_per_board)).split(",")):
            if not part:
                continue
            where, sep, size = part.rpartition(":")
            size = size.strip().upper()
            if not sep or size not in SIZES:
                raise ValueError(f"sizes: {part!r} should look like 1-8:S (sizes "
                                 f"{'/'.join(SIZES)})")
            for n in parse_ranges(where, total, "sizes"):
                if n in size_of:
                    raise ValueError(f"sizes: compartment {n} is given a size twice")
                size_of[n] = size
        missing = [n for n in range(1, total + 1) if n not in size_of]
        if missing:
            raise ValueError(f"sizes: compartments {_ranges(missing)} have no size")
        text = sensors.strip().lower()
        sensed = set(range(1, total + 1)) if text == "all" else set() if text in ("none", "") \
            else set(parse_ranges(sensors, total, "sensors"))
        slots = {}
        for i, board in enumerate(boards):
            for lock in range(locks_per_board):
                n = i * locks_per_board + lock + 1
                slots[n] = Slot(n, board, lock, size_of[n], n in sensed)
        return cls(slots, boards)

    @classmethod
    def from_options(cls, options, device: str = "locker") -> Layout:
        """The layout a devices.toml table describes; ConfigError (one line) when wrong."""
        try:
            return cls._from_options(options)
        except ValueError as exc:
            raise ConfigError("devices.toml", device, str(exc)) from None

    @classmethod
    def _from_options(cls, options) -> Layout:
        return cls.parse(list(options.get("boards") or [0]),
                         locks_per_board=int(options.get("locks_per_board") or LOCKS_PER_BOARD),
                         sizes=str(options.get("sizes") or ""),
                         sensors=str(options.get("sensors") or "all"))

    def on_board(self, board: int) -> list[Slot]:
        return [s for s in self.slots.values() if s.board == board]

    def numbers(self, board: int) -> tuple[int, ...]:
        return tuple(s.number for s in self.on_board(board))

    def slot_at(self, board: int, lock: int) -> Slot | None:
        return next((s for s in self.slots.values() if s.board == board and s.lock == lock),
                    None)


def _ranges(numbers: Iterable[int]) -> str:
    """[1, 2, 3, 7] → "1-3, 7"."""
    out, run = [], []
    for n in sorted(numbers):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [n]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)
