"""What the flows ask of the world, as calls that return at once.

Every slow thing (the queue server, the printer, the ID reader) is started by a call here
and answers later through the ``done``/``failed`` callbacks, which the implementation must
invoke on the flow's thread (the Qt thread in the app, the test's thread in tests). The
flows therefore never wait, and tests drive them with a fake that resolves calls by hand.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kiosk.services import Ticket

Done = Callable[[object], None]
Failed = Callable[[BaseException], None]


@dataclass(frozen=True)
class TicketRequest:
    category: str
    priority_reason: str | None = None
    appointment_code: str | None = None
    mobile: str | None = None


class Effects(Protocol):
    def arm_idcard(self) -> None:
        """Start watching for a card (events come back as ``KioskFlow.card_read``)."""

    def disarm_idcard(self) -> None: ...

    def take_ticket(self, request: TicketRequest, done: Callable[[Ticket], None],
                    failed: Failed) -> None: ...

    def reissue(self, number: str, done: Callable[[Ticket], None], failed: Failed) -> None: ...

    def find_appointment(self, id_number: str, category: str,
                         done: Callable[[str | None], None], failed: Failed) -> None:
        """Today's appointment code for this card holder and category, or None."""

    def print_ticket(self, ticket: Ticket, done: Done, failed: Failed) -> None: ...

    def call_staff(self, reason: str, ticket_number: str | None) -> None:
        """Tell the hall staff a citizen needs help here (never blocks)."""

    def simulate_card(self) -> None:
        """Mock mode only: put the simulator's test card on the reader."""
