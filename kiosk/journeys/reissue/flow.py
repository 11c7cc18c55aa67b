"""补号 step by step: type the missed number → a new ticket in the same place → print."""
from __future__ import annotations

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.flows.validate import TICKET_DIGITS, valid_ticket_number
from kiosk.journeys.steps.keypad import KeypadEntry
from kiosk.journeys.ticket.outcome import TicketOutcome

ENTRY = "entry"
#: letters a queue number may start with when the catalogue does not say (no I and O:
#: they read as 1 and 0)
ALL_LETTERS = tuple("ABCDEFGHJKLMNPQRSTUVWXYZ")


class ReissueJourney(TicketOutcome):
    FIRST_STEP = ENTRY
    INPUT_STEPS = frozenset({ENTRY})
    FAILED_CODE = "reissue_failed"
    #: a number the server does not know (or not called yet): check it and type it again
    REFUSED_ACTIONS = (Action.BACK, Action.STAFF, Action.HOME)

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.number = self.uses(KeypadEntry(self, ENTRY, max_digits=TICKET_DIGITS,
                                            prefixes=self.prefixes))

    def prefixes(self) -> tuple[str, ...]:
        """The letter keys: the catalogue's ticket prefixes (every letter until it is in)."""
        found = {c.prefix for c in self.shell.state.categories if c.prefix}
        return tuple(sorted(found)) or ALL_LETTERS

    @tap
    def confirm(self) -> None:
        if self.at(ENTRY) and valid_ticket_number(self.number.value):
            self.take()

    def _request(self):
        return self.central.queue.reissue(self.number.value)

    @tap
    def back(self) -> None:
        self.shell.go_home()
