"""24-hour lockers (自助文件柜 / 取件柜): compartments behind RS-485 lock boards.

A board that stops answering leaves its compartments ``unknown`` — never "free".
"""
from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass

from drivers.core.events import DeviceEvent
from drivers.kinds.base import KindContract


@dataclass(frozen=True)
class DoorOpened(DeviceEvent):
    compartment: int = 0


@dataclass(frozen=True)
class DoorClosed(DeviceEvent):
    compartment: int = 0


@dataclass(frozen=True)
class DoorLeftOpen(DeviceEvent):
    compartment: int = 0


@dataclass(frozen=True)
class DoorForced(DeviceEvent):
    """Opened with no unlock: an alarm for the hall."""

    compartment: int = 0


class Locker(KindContract):
    kind = "locker"
    OPERATIONS = ("compartments", "unlock")
    EVENTS = (DoorOpened, DoorClosed, DoorLeftOpen, DoorForced)

    @abstractmethod
    def compartments(self) -> dict[int, dict]:
        """Compartment number → {"size", "door", "occupied"} (values may be "unknown")."""

    @abstractmethod
    def unlock(self, compartment: int) -> None: ...
