"""Staff calls (``central.staff``): a citizen pressed "call staff"; the hall's staff see it.

Through the outbox, so a call made while the network is down arrives when it is back
(exactly once: the entry's idempotency key and the call id both guard it).
"""
from __future__ import annotations

import uuid
from typing import Any

from kiosk import protocol as P
from kiosk.sync.client import now_iso
from kiosk.sync.outbox import Outbox
from kiosk.sync.relay import Relay


class StaffCalls:
    def __init__(self, kiosk_id: str, outbox: Outbox, relay: Relay) -> None:
        self.kiosk_id = kiosk_id
        self.outbox, self.relay = outbox, relay

    def call(self, reason: str, ticket_number: str | None = None) -> str:
        """Queue a staff call; returns its id once durably stored (never waits for the network).

        ``reason`` names the screen, e.g. ``print_failed:paper_out``. Not refused when the disk
        reserve is low: a few hundred bytes, and a citizen needs help.
        """
        call_id = uuid.uuid4().hex
        body: dict[str, Any] = {"call_id": call_id, "kiosk_id": self.kiosk_id,
                                "reason": reason[:P.STAFF_CALL_REASON_MAX], "at": now_iso()}
        if ticket_number:
            body["ticket_number"] = ticket_number
        self.outbox.write(lambda tx: tx.add("staff_call", P.STAFF_CALLS, body, ref=call_id),
                          check_reserve=False)
        self.relay.kick()
        return call_id
