"""Take a number from the queue service, then print it: shared by 取号 and 补号."""
from __future__ import annotations

import logging

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.journeys.base import Journey
from kiosk.journeys.steps.printing import PrintStep
from kiosk.services import Ticket

log = logging.getLogger(__name__)

WORKING, DONE, PRINT_FAILED = "working", "done", "print_failed"
TAKING = "taking"


class TicketOutcome(Journey):
    RESULT_STEPS = frozenset({DONE})
    FAILED_CODE = "ticket_failed"  # the journey's words for a refused or failed request

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.ticket: Ticket | None = None
        self.printing = self.uses(PrintStep(self, working_step=WORKING, done_step=DONE,
                                            failed_step=PRINT_FAILED))
        # issue 19: the queue service tracks each ticket until it is printed; one that never
        # is (the citizen leaves a failed print) is voided, so its number is never called
        self.printing.on_printed = self._on_paper
        self._on_paper_done = False

    def _request(self):  # pragma: no cover - each journey asks for its own number
        raise NotImplementedError

    def take(self) -> None:
        self.working = TAKING
        self.go(WORKING)
        self._request().then(self._ticket_ready, self._ticket_failed)

    def _ticket_ready(self, ticket: Ticket) -> None:
        self.ticket = ticket
        log.info("ticket %s issued (%s)%s", ticket.number, ticket.category,
                 f", re-issued for {ticket.reissued_from}" if ticket.reissued_from else "")
        from kiosk.printing import TicketDocument

        from kiosk.privacy import mask_mobile

        st = self.shell.state
        mobile = getattr(getattr(self, "mobile", None), "value", "")
        self._on_paper_done = False
        self.central.queue.printing(ticket).then()  # a crash from here on keeps it
        self.printing.start(TicketDocument(ticket, st.hall_name, st.hall_name_en,
                                           sms_to=mask_mobile(mobile) if mobile else ""))

    #: the ways on when the server refused (trying again would get the same answer)
    REFUSED_ACTIONS: tuple = (Action.STAFF, Action.HOME)

    def _ticket_failed(self, exc: BaseException) -> None:
        if getattr(exc, "retry", True):
            self.fail(self.FAILED_CODE, (Action.RETRY, Action.STAFF, Action.HOME), exc=exc,
                      retry=self.take)
        else:
            # "back" from the error returns to what the citizen entered, to correct it
            self.step = self.FIRST_STEP if self.FIRST_STEP in self.INPUT_STEPS else self.step
            self.fail(self.FAILED_CODE + "_refused", self.REFUSED_ACTIONS, exc=exc)

    @tap
    def reprint(self) -> None:
        self.printing.reprint()

    @tap
    def finish(self) -> None:
        if self.at(DONE, PRINT_FAILED):
            self.shell.finish()

    def staff_reason(self) -> tuple[str, str | None]:
        reason = self.screen
        if self.printing.problem and self.step == PRINT_FAILED:
            reason += f":{self.printing.problem}"
        return reason, self.ticket.number if self.ticket else None

    def _on_paper(self, _result) -> None:
        if self.ticket is not None and not self._on_paper_done:
            self._on_paper_done = True
            self.central.queue.printed(self.ticket).then()

    def wipe(self) -> None:
        if self.ticket is not None and not self._on_paper_done:
            self.central.queue.void_unprinted(self.ticket).then()  # shown, never printed
        super().wipe()
        self.ticket = None
