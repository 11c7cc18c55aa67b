"""Events the ID card reader publishes on the device bus while armed (waiting mode).

``CardRead`` once per placement of a card; ``CardRemoved`` when it leaves the reader;
``CardLeftOnReader`` when a card lies on the reader that was already read (the SAM will not
find it again until it is lifted and placed again — the UI asks the citizen to do that).
``at`` is a ``time.perf_counter()`` value (latency measurements compare it with the
simulator's clock). The card object is the only copy of the citizen's data: the UI wipes it
when the session ends.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from drivers.idcard.card import IdCard


@dataclass(frozen=True)
class CardRead:
    device: str
    card: IdCard = field(repr=False)
    at: float = field(default_factory=time.perf_counter)


@dataclass(frozen=True)
class CardRemoved:
    device: str
    at: float = field(default_factory=time.perf_counter)


@dataclass(frozen=True)
class CardLeftOnReader:
    device: str
    at: float = field(default_factory=time.perf_counter)
