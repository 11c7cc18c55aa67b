"""Which journeys can run now, and if not, why — decided before the citizen starts.

Inputs are a :class:`Health` snapshot (device states on every axis, central reachability,
free disk), the office hours and the journeys' declarations (needed and optional device
kinds, central capabilities, 24-hour flag); the output is one :class:`FunctionStatus` per
journey plus whether the kiosk can serve at all. Reasons are codes
(``Reason("printer", "paper_out")``) that the UI turns into plain words.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from drivers.core.status import DeviceState, DeviceStatus
from kiosk.flows.hours import OfficeHours

if TYPE_CHECKING:
    from kiosk.flows.state import KioskState
    from kiosk.journeys.base import JourneySpec

#: device problems the UI has words for (a kind's contract adds its axis problems:
#: paper_out, hopper_empty, reject_bin_full, …)
PROBLEMS = ("starting", "offline", "disconnected", "fault", "needs_staff", "missing")


@dataclass(frozen=True)
class DeviceHealth:
    name: str
    kind: str
    up: bool
    problem: str | None = None  # a PROBLEMS code or a contract's axis problem when not up
    mock: bool = False
    warning: str | None = None  # works, but staff should look (paper near its end)


def _axes(kind: str):
    from drivers.kinds import contract

    try:
        return contract(kind).AXES
    except KeyError:  # a kind no contract declares: only its state counts
        return ()


def device_health(name: str, kind: str, status: DeviceStatus, mock: bool = False,
                  starting: bool = False) -> DeviceHealth:
    """Map a driver status to up/down and a citizen-level problem code, on every axis the
    kind's contract declares (paper, card hopper, reject bin, …)."""
    warning = None
    for axis in _axes(kind):
        value = str(status.supplies.get(axis.name, "unknown"))
        if value in axis.blocking:
            return DeviceHealth(name, kind, False, axis.blocking[value], mock)
        warning = warning or axis.warning.get(value)
    state = status.state
    if state in (DeviceState.ONLINE, DeviceState.BUSY):
        return DeviceHealth(name, kind, True, None, mock, warning)
    if starting and state in (DeviceState.OFFLINE, DeviceState.NO_DEVICE):
        return DeviceHealth(name, kind, False, "starting", mock)
    problem = {
        DeviceState.OFFLINE: "offline",
        DeviceState.NO_DEVICE: "disconnected",
        DeviceState.HARDWARE_ERROR: "fault",
        DeviceState.USER_ERROR: "needs_staff",
    }.get(state, "fault")
    return DeviceHealth(name, kind, False, problem, mock)


@dataclass(frozen=True)
class Health:
    devices: tuple[DeviceHealth, ...] = ()
    server_online: bool | None = None  # None: not known yet
    disk_free_mb: float | None = None  # None: not measured yet
    disk_reserve_mb: float = 200.0
    #: the kiosk's own storage (kiosk.sync.storage): None when it works, else "damaged",
    #: "full", "read_only", "key_missing" … — only the functions that write locally stop
    storage: str | None = None

    def device(self, kind: str) -> DeviceHealth | None:
        """The first device of a kind that is up, else the first of that kind, else None."""
        found = [d for d in self.devices if d.kind == kind]
        for d in found:
            if d.up:
                return d
        return found[0] if found else None

    def kind_up(self, kind: str) -> bool:
        d = self.device(kind)
        return d is not None and d.up

    @property
    def disk_low(self) -> bool:
        return self.disk_free_mb is not None and self.disk_free_mb < self.disk_reserve_mb


@dataclass(frozen=True)
class Reason:
    subject: str  # a device kind, "server", "hours", "disk", or a journey's own subject
    problem: str  # a problem code, "offline", "closed", "low"


@dataclass(frozen=True)
class FunctionStatus:
    available: bool
    reason: Reason | None = None
    opens_at: datetime | None = None  # after hours: when the hall opens next


@dataclass(frozen=True)
class Availability:
    functions: dict[str, FunctionStatus] = field(default_factory=dict)
    out_of_service: Reason | None = None

    def status(self, name: str) -> FunctionStatus:
        return self.functions.get(name, FunctionStatus(False, Reason("kiosk", "unknown")))


def _device_reason(health: Health, kind: str) -> Reason | None:
    d = health.device(kind)
    if d is None:
        return Reason(kind, "missing")
    return None if d.up else Reason(kind, d.problem or "fault")


#: central capabilities whose work waits in the kiosk's outbox before the server has it:
#: a journey using one stops when the local storage is damaged, full or read-only (the
#: queue needs it only for offline tickets; a ticket the server confirms needs none)
STORAGE_CAPS = frozenset({"cases", "evaluations", "lockers", "ssc"})


def _storage_reason(health: Health, spec: JourneySpec) -> Reason | None:
    if health.storage is None and not health.disk_low:
        return None
    caps = {*spec.central, *spec.central_optional}
    needs = bool(caps & STORAGE_CAPS) or ("queue" in spec.central_optional
                                         and health.server_online is False)
    if not needs:
        return None
    return Reason("storage", health.storage) if health.storage else Reason("disk", "low")


def used_kinds(specs: Iterable[JourneySpec]) -> set[str]:
    return {k for s in specs for k in (*s.needs, *s.optional)}


def evaluate(health: Health, hours: OfficeHours, now: datetime,
             specs: Iterable[JourneySpec], state: KioskState | None = None) -> Availability:
    specs = tuple(specs)
    # (a full, read-only or damaged storage stops only the journeys that write locally —
    # _storage_reason — never the whole kiosk: the guide and tickets the server confirms
    # need no local write)
    # out of service: no device any journey uses is configured, or every one is down
    kinds = used_kinds(specs)
    relevant = [d for d in health.devices if d.kind in kinds]
    if kinds and not relevant:
        oos = Reason("devices", "missing")
    elif relevant and all(not d.up and d.problem != "starting" for d in relevant):
        oos = Reason("devices", "offline")
    else:
        oos = None
    is_open = hours.is_open(now)
    result: dict[str, FunctionStatus] = {}
    for spec in specs:
        # closed first: "opens at 09:00" is what a citizen needs, even if a device is down too
        if not spec.hours24 and not is_open:
            result[spec.name] = FunctionStatus(False, Reason("hours", "closed"),
                                               hours.next_open(now))
            continue
        reason = None
        for kind in spec.needs:
            reason = _device_reason(health, kind)
            if reason:
                break
        if reason is None and spec.central and health.server_online is False:
            reason = Reason("server", "offline")
        if reason is None:
            reason = _storage_reason(health, spec)
        if reason is None and spec.ready is not None and state is not None:
            reason = spec.ready(state)
        result[spec.name] = FunctionStatus(reason is None, reason)
    return Availability(result, oos)
