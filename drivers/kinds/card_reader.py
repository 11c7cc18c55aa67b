"""ID card readers (二代证阅读器): resident ID, HK/Macau/Taiwan permits, foreign permanent IDs.

Waiting mode: after ``arm()`` the reader watches for cards on its worker and publishes
``CardRead`` once per placement, ``CardRemoved`` when the card leaves, ``CardLeftOnReader``
when a card already read lies there (it must be lifted and placed again); failures while
watching (a card that fails authentication, the reader unplugged mid-read) come as
``DeviceErrorEvent``. The card object is the only copy of the citizen's data: whoever
receives it wipes it when done.
"""
from __future__ import annotations

import time
from abc import abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from drivers.core.events import DeviceEvent
from drivers.kinds.base import Axis, KindContract

if TYPE_CHECKING:
    from drivers.idcard.card import IdCard


@dataclass(frozen=True)
class CardRead(DeviceEvent):
    card: IdCard = field(repr=False)
    #: time.perf_counter() value (latency measurements compare it with the simulator's clock)
    at: float = field(default_factory=time.perf_counter)


@dataclass(frozen=True)
class CardRemoved(DeviceEvent):
    at: float = field(default_factory=time.perf_counter)


@dataclass(frozen=True)
class CardLeftOnReader(DeviceEvent):
    at: float = field(default_factory=time.perf_counter)


class CardReader(KindContract):
    kind = "idcard"
    OPERATIONS = ("arm", "disarm", "read_card", "decode_photo")
    AXES = (Axis("card", blocking={"jammed": "card_jam"}),)
    EVENTS = (CardRead, CardRemoved, CardLeftOnReader)

    @abstractmethod
    def arm(self) -> None:
        """Start watching for cards (events as above)."""

    @abstractmethod
    def disarm(self) -> None:
        """Stop watching; the card axis goes back to unknown."""

    @abstractmethod
    def read_card(self) -> IdCard:
        """One read of the card on the reader (technician CLI, tests)."""

    def decode_photo(self, card: IdCard) -> Any:
        """The portrait as an image where the reader can decode it; None otherwise."""
        return None
