"""Status axes shared by every device, after CEN/XFS and UnifiedPOS.

A device has one *device state* and, per kind, a few *supply/media* states (paper, card
hopper, card on the reader …). ``unknown`` is a first-class value on every supply axis and is
what a device reports until it has a valid answer from the hardware: it never defaults to ok.
"""
from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from drivers.core.events import DeviceEvent


class DeviceState(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"  # known device that does not answer (unplugged, powered off, hung)
    NO_DEVICE = "no_device"  # port missing: nothing to talk to yet
    HARDWARE_ERROR = "hardware_error"  # answers, but reports a fault it cannot clear itself
    USER_ERROR = "user_error"  # needs a person: cover open, card jammed, paper out
    BUSY = "busy"


class PaperState(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    JAMMED = "jammed"
    UNKNOWN = "unknown"


class CardHopperState(StrEnum):
    OK = "ok"
    LOW = "low"
    EMPTY = "empty"
    UNKNOWN = "unknown"


class MediaState(StrEnum):
    """Whether the medium (a card, a sheet) is at the device's reading position."""

    PRESENT = "present"
    ABSENT = "absent"
    JAMMED = "jammed"
    UNKNOWN = "unknown"


class Recovery(StrEnum):
    """What it takes to clear an error: named on every error event."""

    NONE = "none"  # nothing to do (informational)
    RETRY = "retry"  # the same operation may succeed if tried again
    RESET = "reset"  # the device must be reset/reopened (done automatically by the worker)
    STAFF = "clear_by_staff"  # hall staff must act: refill paper, close a cover, take a card
    TECHNICIAN = "technician"  # maintenance: wiring, configuration, broken hardware


class HealthLevel(StrEnum):
    INTERNAL = "internal"  # no side effects: status queries only
    EXTERNAL = "external"  # may print, move a card, switch a light


def _frozen(mapping: Mapping[str, str] | None) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class DeviceStatus:
    state: DeviceState
    supplies: Mapping[str, str] = field(default_factory=dict)
    detail: str = ""  # one line for technicians, English, no personal data

    def __post_init__(self) -> None:
        object.__setattr__(self, "supplies", _frozen(self.supplies))

    def replace(self, **changes) -> DeviceStatus:
        if "supplies" in changes:
            merged = dict(self.supplies)
            merged.update(changes["supplies"])
            changes["supplies"] = merged
        return dataclasses.replace(self, **changes)

    def diff(self, other: DeviceStatus) -> dict[str, tuple[str, str]]:
        """Axes that differ from ``other``: ``{"state": (old, new), "paper": (old, new)}``."""
        changed: dict[str, tuple[str, str]] = {}
        if self.state != other.state:
            changed["state"] = (str(other.state), str(self.state))
        for key in sorted(set(self.supplies) | set(other.supplies)):
            old, new = other.supplies.get(key, "unknown"), self.supplies.get(key, "unknown")
            if old != new:
                changed[key] = (str(old), str(new))
        return changed

    def to_dict(self) -> dict:
        return {
            "state": str(self.state),
            "supplies": {k: str(v) for k, v in self.supplies.items()},
            "detail": self.detail,
        }


@dataclass(frozen=True)
class StatusChanged(DeviceEvent):
    old: DeviceStatus
    new: DeviceStatus
    changed: Mapping[str, tuple[str, str]]
    at: float = field(default_factory=time.time)


@dataclass(frozen=True)
class DeviceErrorEvent(DeviceEvent):
    """An operation failed; ``recovery`` names what clears it. Published for every failure,
    including those in waiting mode (a card that fails authentication while the reader
    watches), so the screen in front of the citizen can say what happened."""

    operation: str
    error: Exception
    recovery: Recovery
    at: float = field(default_factory=time.time)


@dataclass(frozen=True)
class DeviceInfo:
    model: str = "unknown"
    firmware: str = "unknown"
    serial_number: str = "unknown"
    extra: Mapping[str, str] = field(default_factory=dict)
    #: what this device was found to do when it opened (probed, not assumed from its
    #: driver): capability → one word or short value, e.g. the printer's ``"confirm": "GS r"``
    capabilities: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "model": self.model,
            "firmware": self.firmware,
            "serial_number": self.serial_number,
            **{k: str(v) for k, v in self.extra.items()},
            "capabilities": {k: str(v) for k, v in self.capabilities.items()},
        }


@dataclass(frozen=True)
class HealthCheck:
    """One line of a health report: what was checked and what came back."""

    name: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class HealthReport:
    device: str
    level: HealthLevel
    ok: bool
    status: DeviceStatus
    checks: tuple[HealthCheck, ...] = ()
    error: str = ""

    def to_dict(self) -> dict:
        return {
            "device": self.device,
            "level": str(self.level),
            "ok": self.ok,
            "status": self.status.to_dict(),
            "checks": [dataclasses.asdict(c) for c in self.checks],
            "error": self.error,
        }
