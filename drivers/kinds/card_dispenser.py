"""Card dispensers (发卡机): a hopper of blank cards, IC/RF positions, a gate and a reject bin.

The CEN/XFS card-dispenser model: move a card to the contact position (it is then personalised
through a SmartCardReader), eject it to the citizen, or capture it into the reject bin. The
axes come from the hardware's own sensors (empty, low, bin full); the hopper and reject-bin
*counts* a technician sets on refill follow this kind's ``eject`` and ``capture`` operation
counters (:mod:`kiosk.supplies`), so those two operations are named alike by every driver.

Status axes: ``card_hopper`` ok/low/empty/unknown, ``reject_bin`` ok/full/unknown, ``card``
where a card is: ``none``, ``gate``, ``ic``, ``rf``, ``jammed`` or ``unknown``.
"""
from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass

from drivers.core.events import DeviceEvent
from drivers.kinds.base import Axis, KindContract

#: values of the ``card`` axis: where the card in the dispenser's channel is
NONE, GATE, IC, RF, JAMMED, UNKNOWN = "none", "gate", "ic", "rf", "jammed", "unknown"
#: positions holding a card that is still inside the machine's reach (may be captured)
IN_CHANNEL = (GATE, IC, RF, UNKNOWN)


@dataclass(frozen=True)
class CardTaken(DeviceEvent):
    """The citizen took the card from the gate."""


class CardDispenser(KindContract):
    kind = "card_dispenser"
    OPERATIONS = ("to_ic_position", "to_rf_position", "eject", "capture", "reset",
                  "card_position", "wait_taken")
    AXES = (
        Axis("card_hopper", blocking={"empty": "hopper_empty"}, warning={"low": "hopper_low"}),
        Axis("reject_bin", blocking={"full": "reject_bin_full"}),
        Axis("card", blocking={"jammed": "card_jam"}),
    )
    EVENTS = (CardTaken,)

    @abstractmethod
    def to_ic_position(self) -> None:
        """The card in the channel, or else a new one from the hopper, to the contacts."""

    @abstractmethod
    def to_rf_position(self) -> None: ...

    @abstractmethod
    def eject(self) -> None:
        """To the gate, for the citizen to take (a new card from the hopper if none is in
        the channel)."""

    @abstractmethod
    def capture(self) -> bool:
        """Into the reject bin (a card that failed personalisation, or was left at the gate);
        False when there was no card to capture."""

    @abstractmethod
    def reset(self) -> None:
        """Initialise the mechanism without moving a card."""

    @abstractmethod
    def card_position(self) -> str:
        """Where a card is now (asks the device): one of the ``card`` axis values."""

    @abstractmethod
    def wait_taken(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` for the citizen to take the card at the gate: True
        (``CardTaken`` is published) or False (it is still there)."""
