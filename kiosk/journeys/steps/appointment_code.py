"""An appointment QR code instead of the ID card: a journey that takes a queue ticket offers
"scan your appointment code"; the code is read by the camera, looked up on the server and
checked against the chosen service and today, then the ticket is taken with it (the server
checks the appointment in with the ticket, as after an ID card look-up).

The journey composes :class:`AppointmentCodeOffer` on one step of its own (the camera
picture), calls :meth:`open` from its offer button, and reads :attr:`code` when it takes the
ticket. A code that cannot be used here says why on the picture and scanning goes on; Back
returns to the step the offer was made on.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.flows.notify import tap
from kiosk.journeys.base import Journey, Notice
from kiosk.journeys.steps.qrscan import QrScanStep
from kiosk.qr.codes import APPOINTMENT, Scanned

log = logging.getLogger(__name__)


class AppointmentCodeOffer:
    def __init__(self, journey: Journey, step: str, *, back_to: str,
                 category: Callable[[], str | None]) -> None:
        self.journey = journey
        self.shell = journey.shell
        self.step, self.back_to = step, back_to
        self.category = category  # the service the citizen chose (its code)
        self.scanner = QrScanStep(journey, step, on_code=self._scanned, kinds=(APPOINTMENT,))
        self.code: str | None = None  # a usable appointment code, for the ticket
        self.problem: str | None = None  # why the last code cannot be used here
        self.looking_up = False
        self._refused: str | None = None  # a code already refused: not looked up again

    @property
    def offered(self) -> bool:
        """Show the offer: a camera works and no appointment is known yet."""
        return self.code is None and self.journey.kind_up("camera")

    @property
    def notice(self) -> Notice | None:
        if self.problem == "unchecked":  # the shell's words for a look-up that failed
            return Notice("appointment_unknown")
        if self.problem is not None:
            return Notice(f"appointment_{self.problem}")
        return self.scanner.notice

    @tap
    def open(self) -> None:
        if not self.journey.at(self.back_to) or not self.offered:
            return
        self.problem = None
        self.journey.go(self.step)
        self.scanner.enter()

    @tap
    def cancel(self) -> None:
        if self.journey.at(self.step):
            self.scanner.leave()
            self.journey.go(self.back_to)

    def _scanned(self, scanned: Scanned) -> None:
        if scanned.code == self._refused:
            self.scanner.enter()  # the same code still held up: said already, look on
            return
        self._refused = scanned.code  # (until it proves usable)
        self.looking_up = True
        self.journey.central.appointments.by_code(scanned.code).then(self._found,
                                                                     self._failed)

    def _found(self, appointment: dict) -> None:
        self.looking_up = False
        today = self.shell.clock().date().isoformat()
        if appointment.get("status") != "booked":
            self._again("checked_in")
        elif appointment.get("day") != today:
            self._again("other_day")
        elif appointment.get("category") != self.category():
            self._again("other_category")
        else:
            self.code = str(appointment["code"])
            self.problem = self._refused = None
            log.info("appointment %s scanned for the ticket", self.code)
            if self.journey.at(self.step):
                self.journey.go(self.back_to)

    def _failed(self, exc: BaseException) -> None:
        self.looking_up = False
        if getattr(exc, "retry", True):  # the server could not say: go on without
            from kiosk.flows.errors import log_failure

            log_failure("appointment code look-up", exc)
            self.problem = "unchecked"
            self._refused = None  # may be tried again later
            if self.journey.at(self.step):
                self.journey.go(self.back_to)
            return
        self._again("not_found")

    def _again(self, problem: str) -> None:
        self.problem = problem
        if self.journey.at(self.step):
            self.scanner.enter()  # the citizen may show another code

    def on_health(self) -> None:
        self.scanner.on_health()

    def close(self) -> None:
        self.scanner.close()
        self.code = self.problem = self._refused = None
        self.looking_up = False
