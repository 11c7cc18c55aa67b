"""Tickets issued but never printed: tracked from before the request, voided after a crash.

The hall calls every waiting number; a number the server issued whose paper never came out
— the kiosk's process died between the answer and the printer — is a number nobody holds.
So each take is written down *before* the request goes out (``asking``, keyed by the
request's Idempotency-Key, which is all the kiosk knows if the answer is lost), becomes
``issued`` with its number, ``printing`` just before the printer gets it and ``printed``
once it is out. After a restart, :meth:`PrintLedger.reconcile` finds the takes of processes
that are gone: ``asking``/``issued`` ones never reached the printer and are voided at the
server through the outbox (``POST /v1/queue/voids``; an offline ticket's void follows its
reconciliation in the same stream). ``printing`` ones are left alone: the printer may have
put the ticket in a citizen's hand, and a number called with nobody there costs less than a
citizen with a ticket that is never called. A failed print that the citizen walks away from
is voided the same way (:meth:`PrintLedger.void`), by the journey that showed it.

When the kiosk's storage is out of service nothing can be written down: tickets still come
from the server (nothing local is needed for them) but are not tracked — said in the log.
"""
from __future__ import annotations

import logging
import time
from functools import lru_cache

import sqlalchemy as sa

from kiosk import protocol as P
from kiosk.services import ServiceUnavailable, Ticket
from kiosk.sync.schema import ticket_takes

log = logging.getLogger(__name__)

VOID_KIND = "ticket_void"
KEEP_S = 3 * 86400  # printed and voided takes are forgotten after this


@lru_cache(maxsize=1)
def process_owner() -> str:
    from kiosk.sync.outbox import lease_owner_name

    return lease_owner_name()


def ticket_stream(day: str, number: str) -> str:
    """An offline ticket and its void share a stream: the void goes out after it."""
    return f"ticket:{day}:{number}"


class PrintLedger:
    def __init__(self, outbox, relay, kiosk_id: str) -> None:
        self.outbox, self.relay, self.kiosk_id = outbox, relay, kiosk_id

    # ------------------------------------------------------------------ a take's life
    def asking(self, take_key: str) -> bool:
        """Before the request: False when the storage cannot record it (not tracked)."""
        now = time.time()
        try:
            self.outbox.write(lambda tx: tx.execute(
                "INSERT INTO ticket_takes (take_key, owner, state, offline, created_at, "
                "updated_at) VALUES (?, ?, 'asking', 0, ?, ?)",
                (take_key, process_owner(), now, now)), check_reserve=False)
            return True
        except ServiceUnavailable as exc:
            log.warning("ticket not tracked until printed (storage: %s)", exc)
            return False

    @staticmethod
    def issued_in(tx, take_key: str, day: str, number: str, offline: bool) -> None:
        """Inside the transaction that records the ticket: the take has its number."""
        now = time.time()
        tx.execute(
            "INSERT INTO ticket_takes (take_key, owner, state, day, number, offline, created_at, "
            "updated_at) VALUES (?, ?, 'issued', ?, ?, ?, ?, ?) ON CONFLICT (take_key) DO "
            "UPDATE SET state = 'issued', day = excluded.day, number = excluded.number, "
            "offline = excluded.offline, updated_at = excluded.updated_at",
            (take_key, process_owner(), day, number, int(offline), now, now))

    def forget(self, take_key: str) -> None:
        """The server refused: nothing was issued."""
        self._set(take_key, "voided")

    def printing(self, ticket: Ticket) -> None:
        """Just before the printer gets it: after a crash from here on, it is not voided."""
        self._set(ticket.extra.get("take_key"), "printing")

    def printed(self, ticket: Ticket) -> None:
        self._set(ticket.extra.get("take_key"), "printed")

    def _set(self, take_key: str | None, state: str) -> None:
        if not take_key:
            return
        try:
            self.outbox.write_core(lambda conn: conn.execute(
                ticket_takes.update().where(ticket_takes.c.take_key == take_key)
                .values(state=state, updated_at=time.time())))
        except ServiceUnavailable as exc:
            log.warning("ticket take %s not marked %s (storage: %s)", take_key[:8], state, exc)

    def void(self, ticket: Ticket, reason: str = "not_printed") -> None:
        """Void a ticket that was shown but never printed (the citizen left without it)."""
        key = ticket.extra.get("take_key")
        day = ticket.extra.get("day") or ticket.issued_at.date().isoformat()
        if key:
            self._void(key, day, ticket.number, ticket.offline, reason)

    def _void(self, take_key: str, day: str | None, number: str | None, offline: bool,
              reason: str) -> None:
        body: dict = {"kiosk_id": self.kiosk_id, "reason": reason}
        if offline and number and day:
            body.update(day=day, number=number)  # the server never saw the take's key
        else:
            body["take_key"] = take_key  # known to the server even if its answer was lost
        stream = ticket_stream(day, number) if offline and number and day else None

        def work(tx) -> None:
            tx.execute("UPDATE ticket_takes SET state = 'voided', updated_at = ? "
                       "WHERE take_key = ?", (time.time(), take_key))
            tx.add(VOID_KIND, P.TICKET_VOIDS, body, stream=stream, ref=number or take_key[:16])

        try:
            self.outbox.write(work, check_reserve=False)
        except ServiceUnavailable as exc:
            log.error("ticket %s not voided (storage: %s): it may be called with nobody there",
                      number or take_key[:8], exc)
            return
        log.warning("ticket %s voided at the server: %s", number or f"(take {take_key[:8]})",
                    reason)
        if self.relay is not None:
            self.relay.kick()

    # ------------------------------------------------------------------ after a restart
    def reconcile(self) -> dict:
        """Void what processes that are gone asked for but never printed; counts by outcome."""
        from kiosk.sync.outbox import lease_owner_alive

        out = {"voided": 0, "print_unknown": 0}
        if self.outbox.fault is not None:
            return out
        try:
            with self.outbox.engine.connect() as conn:
                rows = conn.execute(sa.select(ticket_takes).where(
                    ticket_takes.c.state.in_(("asking", "issued", "printing")))).all()
        except sa.exc.DBAPIError as exc:
            log.error("unprinted tickets not reconciled: %s", exc)
            return out
        for r in rows:
            if r.owner == process_owner() or lease_owner_alive(r.owner) is not False:
                continue
            if r.state == "printing":
                log.warning("ticket %s: the kiosk stopped while printing it; it is kept (it "
                            "may be in a citizen's hand)", r.number)
                self._set(r.take_key, "printed")
                out["print_unknown"] += 1
                continue
            self._void(r.take_key, r.day, r.number, bool(r.offline), "not_printed")
            out["voided"] += 1
        self._purge()
        return out

    def _purge(self) -> None:
        cutoff = time.time() - KEEP_S
        try:
            self.outbox.write_core(lambda conn: conn.execute(ticket_takes.delete().where(
                ticket_takes.c.state.in_(("printed", "voided"))
                & (ticket_takes.c.updated_at < cutoff))))
        except ServiceUnavailable:
            pass
