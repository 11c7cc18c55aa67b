"""Card dispensers (发卡机): a hopper of blank cards, IC/RF positions, a gate and a reject bin.

The CEN/XFS card-dispenser model: move a card to the contact position (it is then personalised
through a SmartCardReader), eject it to the citizen, or capture it into the reject bin.
"""
from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass

from drivers.core.events import DeviceEvent
from drivers.kinds.base import Axis, KindContract


@dataclass(frozen=True)
class CardTaken(DeviceEvent):
    """The citizen took the card from the gate."""


class CardDispenser(KindContract):
    kind = "card_dispenser"
    OPERATIONS = ("to_ic_position", "to_rf_position", "eject", "capture", "reset")
    AXES = (
        Axis("card_hopper", blocking={"empty": "hopper_empty"}, warning={"low": "hopper_low"}),
        Axis("reject_bin", blocking={"full": "reject_bin_full"}),
        Axis("card", blocking={"jammed": "card_jam"}),
    )
    EVENTS = (CardTaken,)

    @abstractmethod
    def to_ic_position(self) -> None: ...

    @abstractmethod
    def to_rf_position(self) -> None: ...

    @abstractmethod
    def eject(self) -> None:
        """To the gate, for the citizen to take."""

    @abstractmethod
    def capture(self) -> None:
        """Into the reject bin (a card that failed personalisation, or was left at the gate)."""

    @abstractmethod
    def reset(self) -> None: ...
