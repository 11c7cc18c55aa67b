"""Contact smart-card readers over PC/SC (社会保障卡 and other ISO 7816 cards).

APDUs go through pcscd (pyscard); the reader is named in devices.toml. Secure steps of
third-generation social-security cards are APDU scripts from the central card-management
system that the kiosk relays with ``transmit``: no keys on the kiosk.
"""
from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass

from drivers.core.events import DeviceEvent
from drivers.kinds.base import Axis, KindContract


@dataclass(frozen=True)
class SmartCardInserted(DeviceEvent):
    atr: bytes = b""


@dataclass(frozen=True)
class SmartCardRemoved(DeviceEvent):
    pass


class SmartCardReader(KindContract):
    kind = "smartcard"
    OPERATIONS = ("arm", "disarm", "atr", "transmit")
    AXES = (Axis("card", blocking={"jammed": "card_jam"}),)
    EVENTS = (SmartCardInserted, SmartCardRemoved)

    @abstractmethod
    def arm(self) -> None:
        """Watch for card insertion/removal (events)."""

    @abstractmethod
    def disarm(self) -> None: ...

    @abstractmethod
    def atr(self) -> bytes:
        """The answer-to-reset of the card in the reader (connects if needed)."""

    @abstractmethod
    def transmit(self, apdu: bytes) -> bytes:
        """One command APDU → the response APDU (data + SW1 SW2)."""
