"""24-hour lockers (自助文件柜 / 取件柜): compartments behind RS-485 lock boards.

Whatever board is behind it (Kerong KR-CU frames, a Modbus lock board, a vendor TCP
controller), a locker is a set of numbered compartments, each with

- a size (``S``/``M``/``L``, from configuration: a board does not know how big a door is),
- a door: ``open``, ``closed`` or ``unknown``,
- an occupancy where the compartment has an item sensor: True/False, None when it has no
  sensor or the board does not answer now;

and one operation that matters, :meth:`Locker.unlock`. A board that stops answering leaves
its compartments ``unknown`` — never "free": nothing may be assigned to a compartment the
kiosk cannot see.

Status: the device's supplies carry one axis per compartment, ``door.N`` (open/closed/
unknown) and, for sensed compartments, ``item.N`` (present/absent/unknown), so every door
change is a :class:`~drivers.core.status.StatusChanged` and a lost board turns them all
``unknown`` in the same update. None of them blocks the device: an open door is a journey's
business, not a fault.

Events (published from the status poll on the device's worker):
``DoorOpened`` after an unlock, ``DoorForced`` when a door opens with no unlock (an alarm for
the hall), ``DoorClosed`` (with what the sensor says), ``DoorLeftOpen`` every
``left_open_s`` while a door stays open, ``BoardLost``/``BoardFound`` when a board stops or
starts answering again (its compartments go unknown / come back).
"""
from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from enum import StrEnum

from drivers.core.events import DeviceEvent
from drivers.kinds.base import KindContract

SIZES = ("S", "M", "L")  # smallest first: an envelope, a document bag, an archive box


class Door(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Compartment:
    """One compartment as the board reports it now."""

    id: int  # the number on the door, 1…N
    size: str  # one of SIZES
    door: Door = Door.UNKNOWN
    #: what the item sensor says; None when the compartment has none or is not seen now
    occupied: bool | None = None
    sensed: bool = False  # has an item sensor

    @property
    def known(self) -> bool:
        return self.door is not Door.UNKNOWN

    def to_dict(self) -> dict:
        return {"id": self.id, "size": self.size, "door": str(self.door),
                "occupied": self.occupied, "sensed": self.sensed}


def door_axis(n: int) -> str:
    return f"door.{n}"


def item_axis(n: int) -> str:
    return f"item.{n}"


@dataclass(frozen=True)
class DoorOpened(DeviceEvent):
    compartment: int = 0


@dataclass(frozen=True)
class DoorClosed(DeviceEvent):
    compartment: int = 0
    occupied: bool | None = None  # the sensor's reading as the door closed (None: none)


@dataclass(frozen=True)
class DoorLeftOpen(DeviceEvent):
    """Still open ``seconds`` after it opened; repeated every ``left_open_s`` (``count``)."""

    compartment: int = 0
    seconds: float = 0.0
    count: int = 1


@dataclass(frozen=True)
class DoorForced(DeviceEvent):
    """Opened with no unlock: an alarm for the hall."""

    compartment: int = 0


@dataclass(frozen=True)
class BoardLost(DeviceEvent):
    """A lock board stopped answering: its compartments are unknown until it is back."""

    board: int = 0
    compartments: tuple[int, ...] = ()


@dataclass(frozen=True)
class BoardFound(DeviceEvent):
    """A lock board answers again (also the first time after the device opened)."""

    board: int = 0
    compartments: tuple[int, ...] = ()


class Locker(KindContract):
    kind = "locker"
    OPERATIONS = ("compartments", "unlock")
    EVENTS = (DoorOpened, DoorClosed, DoorLeftOpen, DoorForced, BoardLost, BoardFound)

    @abstractmethod
    def compartments(self) -> dict[int, Compartment]:
        """Every compartment as the boards report it now (asked afresh), by number."""

    @abstractmethod
    def unlock(self, compartment: int) -> Compartment:
        """Release the compartment's lock and return it once its door is seen open.

        Raises a DeviceError when the board does not answer or the lock does not release
        (the door is still closed after the driver's confirmation time)."""
