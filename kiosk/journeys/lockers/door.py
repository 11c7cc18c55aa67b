"""Open one compartment and wait for its door: the step every locker journey ends with.

The journey has recorded the opening (``central.lockers.reserve``/``open_for``) before it
calls :meth:`DoorStep.open`, so a compartment is never unlocked unrecorded. Then:

- the unlock: the door is seen open (``OPEN``), or the lock does not release / the board
  does not answer (``FAILED``: the journey's ``on_failed``);
- while open, the driver's ``DoorLeftOpen`` comes every ``left_open_s``: the first is a
  reminder, the second tells staff (a staff call with the compartment in its reason). Each
  is a device event, so it also keeps the session from idling out while the door stands open;
- ``DoorClosed`` for this compartment: ``CLOSED``, the journey's ``on_closed(occupied)``;
- the board lost while the door is open (``BoardLost`` naming it, or the cabinet down):
  ``LOST`` — recorded as interrupted for staff, staff called, the journey's ``on_lost``.

A journey dropped before its door closed (the citizen walked away, staff took over the
screen) leaves the opening flagged for staff (:meth:`close`): nothing is left open and
unrecorded.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum

from drivers.kinds.locker import BoardLost, DoorClosed, DoorLeftOpen
from kiosk.flows.effects import Request
from kiosk.flows.notify import tap
from kiosk.journeys.base import N_, Journey, Notice
from kiosk.voice.prompts import PROMPTS

log = logging.getLogger(__name__)

KIND = "locker"

# spoken when the door is left open (kiosk.voice event prompts, keyed by the notice)
PROMPTS.register("locker.door_remind",
                 N_("柜门还开着。放好后请推上柜门，听到“咔哒”一声即已锁好。"))
PROMPTS.register("locker.door_staff_told",
                 N_("柜门开着的时间较长，已通知工作人员。请关好柜门，或在本机旁稍候。"))


def device_name(journey: Journey) -> str:
    """The cabinet's name in devices.toml (the records are kept per device)."""
    d = journey.shell.health.device(KIND)
    return d.name if d is not None else KIND


class DoorState(StrEnum):
    IDLE = "idle"
    UNLOCKING = "unlocking"
    OPEN = "open"
    CLOSED = "closed"
    FAILED = "failed"
    LOST = "lost"


class DoorStep:
    def __init__(self, journey: Journey, step: str, *,
                 on_closed: Callable[[bool | None], None],
                 on_failed: Callable[[BaseException], None],
                 on_lost: Callable[[], None]) -> None:
        self.journey = journey
        self.shell = journey.shell
        self.step = step
        self.on_closed, self.on_failed, self.on_lost = on_closed, on_failed, on_lost
        self.state = DoorState.IDLE
        self.compartment: int | None = None
        self.purpose = ""  # what the door is open for (dropoff, pickup, collect, load, check)
        self.device = KIND
        self.reminders = 0  # DoorLeftOpen events seen for this opening
        self.staff_told = False
        self.notice: Notice | None = None

    @property
    def waiting(self) -> bool:
        """Unlocked (or being unlocked) and not closed yet: the opening is unfinished."""
        return self.state in (DoorState.UNLOCKING, DoorState.OPEN)

    def open(self, compartment: int, purpose: str) -> None:
        """Unlock ``compartment`` (its opening is recorded already) and show the door step."""
        self.compartment = compartment
        self.purpose = purpose
        self.device = device_name(self.journey)
        self.state = DoorState.UNLOCKING
        self.reminders = 0
        self.staff_told = False
        self.notice = None
        self.journey.working = "unlocking"
        self.journey.go(self.step)
        self.journey.device(KIND).unlock(compartment).then(self._unlocked, self._failed)

    # ------------------------------------------------------------------ answers
    def _unlocked(self, _compartment) -> None:
        self.journey.working = None
        if self.state is DoorState.UNLOCKING:
            self.state = DoorState.OPEN
            self.shell.after_work()

    def _failed(self, exc: BaseException) -> None:
        self.journey.working = None
        if self.state is not DoorState.UNLOCKING:
            return
        self.state = DoorState.FAILED
        log.warning("locker: compartment %s did not open: %s", self.compartment, exc)
        self.journey.central.lockers.unlock_failed(self.device, self.compartment,
                                                   getattr(exc, "code", "")).then()
        self.on_failed(exc)

    # ------------------------------------------------------------------ device side
    def on_device_event(self, event: object) -> None:
        if self.compartment is None:
            return
        if isinstance(event, BoardLost):
            if self.waiting and self.compartment in event.compartments:
                self._lost("the cabinet stopped answering while the door was open")
            return
        if getattr(event, "compartment", None) != self.compartment:
            return
        if isinstance(event, DoorClosed) and self.state is DoorState.OPEN:
            self.state = DoorState.CLOSED
            self.notice = None
            self.on_closed(event.occupied)
        elif isinstance(event, DoorLeftOpen) and self.state is DoorState.OPEN:
            self.reminders = event.count
            if event.count >= 2 and not self.staff_told:
                self.staff_told = True
                # straight to the staff-call service, at any hour: a door standing open is
                # not something the hotline can fix
                self.journey.central.staff.call(
                    f"locker:{self.device}:{self.compartment}:left_open").then()
                self.notice = Notice("door_staff_told")
            elif not self.staff_told:
                self.notice = Notice("door_remind")

    def on_health(self) -> None:
        if self.waiting and not self.journey.kind_up(KIND):
            self._lost("the cabinet went offline while the door was open")

    def _lost(self, why: str) -> None:
        self.state = DoorState.LOST
        self.journey.working = None
        self.journey.central.lockers.abandon(self.device, self.compartment, why).then()
        self.on_lost()

    @tap
    def simulate(self, action: str) -> None:
        """Mock mode: what the citizen would do at the open compartment (put the materials in
        and close the door, take the certificate out and close it, just close it)."""
        if self.journey.at(self.step) and self.state is DoorState.OPEN:
            self.journey.mock(KIND, action, compartment=self.compartment)

    def close(self) -> None:
        """The journey is dropped: an opening not finished is left flagged for staff."""
        if self.waiting and self.compartment is not None:
            self.shell.effects.request(
                Request("central", "lockers", "abandon", (self.device, self.compartment)),
                lambda _: None, lambda exc: log.warning("abandon not recorded: %s", exc))
        self.state = DoorState.IDLE
        self.compartment = None
        self.notice = None
