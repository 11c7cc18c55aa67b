"""Mock mode's issuing station: a simulated card dispenser puts its cards into a virtual reader.

In a real kiosk the dispenser moves a blank card to its contact (IC) position, where a PC/SC
reader's contacts touch it: the card is then that reader's card. The simulators mirror it:
the virtual card registers under its device name, and a dispenser simulator configured with
``sim_reader = "<that name>"`` loads its card into it on a move to the IC position and takes
it back when the card moves on (to the gate, the reject bin). Both run in one process (the
device manager builds them), so this is a plain registry, looked up at each move — the two
simulators may start in either order, and a reader restarted meanwhile is found again.
"""
from __future__ import annotations

import logging
import threading
import weakref
from typing import Protocol

from drivers.ssc.holders import CardImage

log = logging.getLogger(__name__)


class CardSlot(Protocol):
    """What a dispenser needs of a reader simulator."""

    def load(self, image: CardImage | None) -> None: ...

    def unload(self) -> CardImage | None: ...


_lock = threading.Lock()
_readers: dict[str, weakref.ReferenceType] = {}


def register_reader(name: str, slot: CardSlot) -> None:
    """``slot`` is the reader simulator of device ``name`` (the latest one wins)."""
    with _lock:
        _readers[name] = weakref.ref(slot)


def unregister_reader(name: str, slot: CardSlot) -> None:
    with _lock:
        ref = _readers.get(name)
        if ref is not None and ref() is slot:
            del _readers[name]


def reader(name: str) -> CardSlot | None:
    """The reader simulator registered as ``name``; None when none runs."""
    if not name:
        return None
    with _lock:
        ref = _readers.get(name)
    slot = ref() if ref is not None else None
    if slot is None:
        log.debug("issuing station: no reader simulator named %r", name)
    return slot


__all__ = ["CardSlot", "reader", "register_reader", "unregister_reader"]
