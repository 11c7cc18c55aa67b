"""What every kind's contract declares: operations, status axes with their blocking values,
events. See :mod:`drivers.kinds`."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar

from drivers.core.device import Device


@dataclass(frozen=True)
class Axis:
    """One supply/media axis a kind reports, and what its values mean for a citizen function.

    ``blocking``: value → problem code; a device whose axis has one of these values cannot
    serve (paper ``out`` → ``paper_out``). ``warning``: value → problem code for values that
    still work but need staff soon (``near_end``). Anything else, ``unknown`` included, does
    not by itself stop a function: the device *state* says whether it answers at all.
    """

    name: str
    blocking: Mapping[str, str] = field(default_factory=dict)
    warning: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "blocking", MappingProxyType(dict(self.blocking)))
        object.__setattr__(self, "warning", MappingProxyType(dict(self.warning)))


class KindContract(Device):
    """Base of every kind's contract (abstract: drivers subclass a contract, not this)."""

    kind: ClassVar[str] = "device"
    #: the kiosk may call these on the device's worker (DeviceHandle.client)
    OPERATIONS: ClassVar[tuple[str, ...]] = ()
    #: supply/media axes with what blocks use; ``supply_axes`` is derived from it
    AXES: ClassVar[tuple[Axis, ...]] = ()
    #: typed events (drivers.core.events.DeviceEvent subclasses) devices of this kind publish
    EVENTS: ClassVar[tuple[type, ...]] = ()

    def __init_subclass__(cls, **kw) -> None:
        super().__init_subclass__(**kw)
        if "AXES" in cls.__dict__:
            cls.supply_axes = tuple(a.name for a in cls.AXES)

    @classmethod
    def axis(cls, name: str) -> Axis | None:
        return next((a for a in cls.AXES if a.name == name), None)
