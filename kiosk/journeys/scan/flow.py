"""扫码办事 step by step (no Qt).

scan (the camera's picture; the camera's worker decodes the newest frame) → checking (the
server is asked) →
- an appointment: its service, day and slot → 签到取号: a queue ticket with the appointment
  code (the server checks it in with the ticket) → printed → done;
- an e-certificate: genuine or not, and its summary (status, holder masked, issuer).
"Scan another" goes back to the picture from either result.
"""
from __future__ import annotations

import logging

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.journeys.steps.qrscan import QrScanStep
from kiosk.journeys.ticket.outcome import DONE, PRINT_FAILED, WORKING, TicketOutcome
from kiosk.qr.codes import APPOINTMENT, Scanned

log = logging.getLogger(__name__)

SCAN, CHECKING, APPOINTMENT_STEP, CERTIFICATE_STEP = "scan", "checking", "appointment", \
    "certificate"
LOOKING_UP = "looking_up"


class ScanJourney(TicketOutcome):
    FIRST_STEP = SCAN
    INPUT_STEPS = frozenset({SCAN, APPOINTMENT_STEP})
    RESULT_STEPS = frozenset({DONE, CERTIFICATE_STEP})
    STEPS = (SCAN, CHECKING, APPOINTMENT_STEP, CERTIFICATE_STEP, WORKING, DONE, PRINT_FAILED)
    FAILED_CODE = "checkin_failed"

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.scanner = self.uses(QrScanStep(self, SCAN, on_code=self._scanned))
        self.scanned: Scanned | None = None
        self.appointment: dict | None = None  # the server's view of the scanned appointment
        self.not_found = False  # the server knows no such appointment
        self.certificate = None  # kiosk.sync.certificates.CertificateCheck

    def start(self) -> None:
        super().start()
        self.scanner.enter()

    # ------------------------------------------------------------------ scanning
    def _scanned(self, scanned: Scanned) -> None:
        self.scanned = scanned
        self._look_up()

    def _look_up(self) -> None:
        scanned = self.scanned
        self.working = LOOKING_UP
        self.go(CHECKING)
        if scanned.kind == APPOINTMENT:
            self.central.appointments.by_code(scanned.code).then(self._appointment,
                                                                 self._lookup_failed)
        else:
            self.central.certificates.verify(scanned.code).then(self._certificate,
                                                                self._lookup_failed)

    def _appointment(self, data: dict) -> None:
        self.working = None
        self.appointment, self.not_found = data, False
        self.go(APPOINTMENT_STEP)

    def _certificate(self, check) -> None:
        self.working = None
        self.certificate = check
        self.go(CERTIFICATE_STEP)
        self.shell.after_work()

    def _lookup_failed(self, exc: BaseException) -> None:
        if not getattr(exc, "retry", True) and self.scanned.kind == APPOINTMENT:
            self.working = None  # the server answered: there is no such appointment
            self.appointment, self.not_found = None, True
            self.go(APPOINTMENT_STEP)
            return
        self.fail("scan_failed", (Action.RETRY, Action.STAFF, Action.HOME), exc=exc,
                  retry=self._look_up)

    # ------------------------------------------------------------------ the appointment
    @property
    def category(self):
        code = (self.appointment or {}).get("category")
        return next((c for c in self.shell.state.categories if c.code == code), None)

    @property
    def appointment_problem(self) -> str | None:
        """Why this appointment cannot be checked in here and now (None: it can)."""
        a = self.appointment
        if self.not_found or a is None:
            return "not_found"
        if a.get("status") != "booked":
            return "checked_in"
        if a.get("day") != self.shell.clock().date().isoformat():
            return "other_day"
        if self.category is None:
            return "unknown_category"
        return None

    @tap
    def check_in(self) -> None:
        if self.at(APPOINTMENT_STEP) and self.appointment_problem is None:
            self.take()

    def _request(self):
        return self.central.queue.take_ticket(self.appointment["category"],
                                              appointment_code=self.appointment["code"])

    # ------------------------------------------------------------------ going on
    @tap
    def scan_again(self) -> None:
        if not self.at(APPOINTMENT_STEP, CERTIFICATE_STEP, SCAN):
            return
        self.appointment = self.certificate = self.scanned = None
        self.not_found = False
        self.go(SCAN)
        self.scanner.enter()

    @tap
    def back(self) -> None:
        if self.step in (APPOINTMENT_STEP, CERTIFICATE_STEP):
            self.scan_again()
        elif self.step == SCAN:
            self.scanner.leave()
            self.shell.go_home()

    def wipe(self) -> None:
        super().wipe()
        self.appointment = self.certificate = self.scanned = None
        self.not_found = False
