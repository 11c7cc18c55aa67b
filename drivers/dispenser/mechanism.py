"""The simulated card dispenser's mechanism, shared by the CRT-591 and K720 simulators.

A hopper of blank cards (fictitious, :func:`drivers.ssc.holders.blank_card`), a channel with
the IC/RF contacts and the gate, a reject bin. Each move takes ``move_delay`` seconds (the
motor), and the physics are those the drivers must cope with:

- a card moved to the IC (or RF) position is put into the linked virtual reader
  (:mod:`drivers.ssc.station`, ``reader`` = its device name) and taken out of it when it
  moves on — so in mock mode a dispensed blank card appears on the virtual reader;
- ``jam``: the next move leaves the card stuck in the channel (only staff clear it:
  ``clear_jam``); ``empty_mid_job``: the next pick finds the hopper empty although its
  sensor said otherwise; a full reject bin refuses captures;
- the citizen takes the card at the gate (``take``); staff refill the hopper and empty the
  reject bin.

Every card is accounted for: it is in the hopper (a count), in the channel (``card``), in
the reject bin (``rejected``, then ``collected`` when staff empty it), taken by a citizen
(``taken``) or removed by staff from a jam (``removed``). Tests check that sum.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from drivers.kinds.card_dispenser import GATE, IC, NONE, RF
from drivers.ssc.holders import CardImage, blank_card

log = logging.getLogger(__name__)

REJECT = "reject"
STUCK = "stuck"  # a jammed card between two positions

#: error codes a move can end with (the protocols map them to their own)
JAM, EMPTY, REJECT_FULL, NO_CARD = "jam", "empty", "reject_full", "no_card"


@dataclass
class Mechanism:
    name: str
    hopper: int = 50
    low_at: int = 10  # the low-level switch closes at this many cards
    reject: int = 0
    reject_capacity: int = 30
    move_delay: float = 0.3
    generation: int = 3  # of the blank cards in the hopper
    reader: str = ""  # the virtual reader's device name (issuing station)
    faults: dict[str, dict[str, Any]] = field(default_factory=dict)
    position: str = NONE
    card: CardImage | None = None
    jammed: bool = False
    rejected: list[CardImage] = field(default_factory=list)
    taken: list[CardImage] = field(default_factory=list)
    removed: list[CardImage] = field(default_factory=list)
    collected: list[CardImage] = field(default_factory=list)  # staff emptied the reject bin
    picked: int = 0
    moves: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._motor = threading.Event()  # never set: the motor's running time

    # ------------------------------------------------------------------ sensors
    @property
    def hopper_level(self) -> str:
        if self.hopper <= 0:
            return "empty"
        return "low" if self.hopper <= self.low_at else "ok"

    @property
    def reject_full(self) -> bool:
        return self.reject >= self.reject_capacity

    # ------------------------------------------------------------------ the reader link
    def _to_reader(self) -> None:
        from drivers.ssc.station import reader

        slot = reader(self.reader)
        if slot is not None:
            slot.load(self.card)

    def _from_reader(self) -> None:
        from drivers.ssc.station import reader

        slot = reader(self.reader)
        if slot is not None:
            image = slot.unload()
            if image is not None:
                self.card = image  # what was written to it travels with it

    # ------------------------------------------------------------------ moves
    def move(self, target: str) -> str | None:
        """Move the card in the channel (or pick one) to ``target``: ic, rf, gate, reject.
        Blocks for the motor's time; returns None or an error code (JAM, EMPTY, …)."""
        with self._lock:
            if self.jammed:
                return JAM
            if target == REJECT:
                if self.card is None:
                    return NO_CARD
                if self.reject_full:
                    return REJECT_FULL
            elif self.card is None:
                if self.faults.pop("empty_mid_job", None) is not None:
                    self.hopper = 0
                if self.hopper <= 0:
                    return EMPTY
                self.hopper -= 1
                self.picked += 1
                self.card = blank_card(self.generation)
                self.position = "hopper"
            if self.position in (IC, RF):
                self._from_reader()
            self.moves += 1
        self._motor.wait(self.move_delay)
        with self._lock:
            jam = self.faults.pop("jam", None)
            if jam is not None:
                self.jammed, self.position = True, STUCK
                log.info("%s: card jammed on its way to %s", self.name, target)
                return JAM
            if target == REJECT:
                self.rejected.append(self.card)
                self.reject += 1
                self.card, self.position = None, NONE
                return None
            self.position = target
            if target in (IC, RF):
                self._to_reader()
            return None

    # ------------------------------------------------------------------ people
    def take(self) -> bool:
        """The citizen takes the card at the gate."""
        with self._lock:
            if self.position != GATE or self.card is None:
                return False
            self.taken.append(self.card)
            self.card, self.position = None, NONE
            return True

    def clear_jam(self) -> None:
        """Staff open the machine and take the stuck card out."""
        with self._lock:
            if self.card is not None:
                self.removed.append(self.card)
            self.card, self.position, self.jammed = None, NONE, False

    def refill(self, cards: int) -> None:
        with self._lock:
            self.hopper = int(cards)

    def empty_reject_bin(self) -> list[CardImage]:
        with self._lock:
            out, self.rejected, self.reject = self.rejected, [], 0
            self.collected += out
            return out

    def accounted(self) -> int:
        """Cards that left the hopper, wherever they are now (tests: equals ``picked``)."""
        with self._lock:
            return (len(self.rejected) + len(self.taken) + len(self.removed)
                    + len(self.collected) + (1 if self.card is not None else 0))


def mechanism_from_options(name: str, opts) -> Mechanism:
    return Mechanism(
        name,
        hopper=int(opts.get("sim_hopper", 50)),
        low_at=int(opts.get("sim_hopper_low_at", 10)),
        reject=int(opts.get("sim_reject", 0)),
        reject_capacity=int(opts.get("sim_reject_capacity", 30)),
        move_delay=float(opts.get("sim_move_delay", 0.3)),
        generation=int(opts.get("sim_card_generation", 3)),
        reader=str(opts.get("sim_reader", "")),
    )


__all__ = ["EMPTY", "JAM", "NO_CARD", "REJECT", "REJECT_FULL", "STUCK", "Mechanism",
           "mechanism_from_options"]
