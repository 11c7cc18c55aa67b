"""Which citizen functions can run now, and if not, why — decided before the citizen starts.

Inputs are a :class:`Health` snapshot (device states, queue server reachability, free disk)
and the office hours; the output is one :class:`FunctionStatus` per function plus whether
the kiosk can serve at all. Reasons are codes (``Reason("printer", "paper_out")``) that the
UI turns into plain words in the citizen's language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from drivers.core.status import DeviceState, DeviceStatus
from kiosk.flows.hours import OfficeHours


class Fn(StrEnum):
    TICKET = "ticket"  # 取号
    REISSUE = "reissue"  # 补号: missed my number
    GUIDE = "guide"  # 大厅导览: zones, floors, windows, hours (24 h)


@dataclass(frozen=True)
class FunctionSpec:
    fn: Fn
    #: device kinds without which the function cannot start
    needs: tuple[str, ...] = ()
    #: needs the central queue server online (no offline fallback)
    needs_server: bool = False
    #: available outside office hours (24-hour self-service zone)
    hours24: bool = False


FUNCTIONS: tuple[FunctionSpec, ...] = (
    # take_ticket has an offline fallback (kiosk-prefixed numbers), so no needs_server
    FunctionSpec(Fn.TICKET, needs=("printer",)),
    FunctionSpec(Fn.REISSUE, needs=("printer",), needs_server=True),
    FunctionSpec(Fn.GUIDE, hours24=True),
)

#: kinds whose loss (all of them) leaves nothing a citizen can be served with
CRITICAL_KINDS = ("printer", "idcard")

#: device problems, in the words the UI translates
PROBLEMS = ("starting", "offline", "disconnected", "fault", "needs_staff", "paper_out",
            "paper_jam", "missing")


@dataclass(frozen=True)
class DeviceHealth:
    name: str
    kind: str
    up: bool
    problem: str | None = None  # one of PROBLEMS when not up
    mock: bool = False


def device_health(name: str, kind: str, status: DeviceStatus, mock: bool = False,
                  starting: bool = False) -> DeviceHealth:
    """Map a driver status to up/down and a citizen-level problem code."""
    paper = str(status.supplies.get("paper", "unknown"))
    if paper == "out":
        return DeviceHealth(name, kind, False, "paper_out", mock)
    if paper == "jammed":
        return DeviceHealth(name, kind, False, "paper_jam", mock)
    state = status.state
    if state in (DeviceState.ONLINE, DeviceState.BUSY):
        return DeviceHealth(name, kind, True, None, mock)
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
    subject: str  # a device kind, "server", "hours", "disk"
    problem: str  # a PROBLEMS code, "offline", "closed", "low"


@dataclass(frozen=True)
class FunctionStatus:
    available: bool
    reason: Reason | None = None
    opens_at: datetime | None = None  # after hours: when the hall opens next


@dataclass(frozen=True)
class Availability:
    functions: dict[Fn, FunctionStatus] = field(default_factory=dict)
    out_of_service: Reason | None = None

    def status(self, fn: Fn) -> FunctionStatus:
        return self.functions.get(fn, FunctionStatus(False, Reason("kiosk", "unknown")))


def _device_reason(health: Health, kind: str) -> Reason | None:
    d = health.device(kind)
    if d is None:
        return Reason(kind, "missing")
    return None if d.up else Reason(kind, d.problem or "fault")


def evaluate(health: Health, hours: OfficeHours, now: datetime,
             functions: tuple[FunctionSpec, ...] = FUNCTIONS) -> Availability:
    if health.disk_low:
        return Availability({f.fn: FunctionStatus(False, Reason("disk", "low"))
                             for f in functions}, Reason("disk", "low"))
    critical = [d for d in health.devices if d.kind in CRITICAL_KINDS]
    if not critical:
        oos = Reason("devices", "missing")
    elif all(not d.up and d.problem != "starting" for d in critical):
        oos = Reason("devices", "offline")
    else:
        oos = None
    is_open = hours.is_open(now)
    result: dict[Fn, FunctionStatus] = {}
    for spec in functions:
        # closed first: "opens at 09:00" is what a citizen needs, even if a device is down too
        if not spec.hours24 and not is_open:
            result[spec.fn] = FunctionStatus(False, Reason("hours", "closed"), hours.next_open(now))
            continue
        reason = None
        for kind in spec.needs:
            reason = _device_reason(health, kind)
            if reason:
                break
        if reason is None and spec.needs_server and health.server_online is False:
            reason = Reason("server", "offline")
        result[spec.fn] = FunctionStatus(reason is None, reason)
    return Availability(result, oos)
