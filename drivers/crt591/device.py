"""The CRT-591-style dispenser driver: F2 frames over a serial line (or TCP).

One exchange: drop stale input, write the command, read until the reply frame (an ACK byte
before it is accepted, a NAK means the frame arrived damaged: it is sent again, twice at
most). Status and initialise answer at once; a move answers when the card has arrived, so
its deadline is ``timeout`` + ``move_timeout``. The protocol's status has no jam flag: a jam
is known from a move's negative reply ("10") and remembered until an initialise succeeds.
"""
from __future__ import annotations

import logging
import time

from drivers.core.errors import DeviceTimeout
from drivers.crt591 import frames as F
from drivers.crt591.frames import BadFrame, Control, Frame, FrameDecoder
from drivers.dispenser.device import REJECT, DispenserDevice, Reading
from drivers.dispenser.errors import (
    CardJammed,
    CorruptReply,
    DispenserError,
    HopperEmpty,
    RejectBinFull,
)
from drivers.kinds.card_dispenser import GATE, IC, NONE, RF, UNKNOWN

log = logging.getLogger(__name__)

MOVES = {IC: F.TO_IC, RF: F.TO_RF, GATE: F.TO_GATE, REJECT: F.CAPTURE}
HOPPER = {ord("0"): "empty", ord("1"): "low", ord("2"): "ok"}
NAK_RETRIES = 2


class Crt591Dispenser(DispenserDevice):
    MODEL = "CRT-591-style card dispenser (F2 frames)"

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self._decoder = FrameDecoder()
        self._jam_seen = False
        self.last_reply_at = 0.0

    # ------------------------------------------------------------------ exchange
    def exchange(self, command: tuple[int, int], *, move: bool = False) -> Frame:
        """One command → its reply frame (positive or negative); typed errors otherwise."""
        name = F.COMMAND_NAMES.get(command, f"{command[0]:02X} {command[1]:02X}")
        budget = self.timeout + (self.move_timeout if move else 0.0)
        with self._lock:
            transport = self._transport()
            request = F.encode_command(self.address, command)
            for attempt in range(NAK_RETRIES + 1):
                self._decoder.reset()
                transport.discard_input()
                transport.write(request, self.timeout)
                reply = self._read_reply(transport, command, name, budget)
                if reply is not None:
                    return reply
                log.warning("%s: %s: the dispenser answered NAK (attempt %d)", self.name, name,
                            attempt + 1)
            raise CorruptReply(f"{self.name}: {name}: the dispenser refused the frame "
                               f"{NAK_RETRIES + 1} times (NAK)")

    def _read_reply(self, transport, command, name: str, budget: float) -> Frame | None:
        """The reply frame; None after a NAK (send again)."""
        deadline = time.monotonic() + budget
        bad: BadFrame | None = None
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                if bad is not None:
                    raise CorruptReply(f"{self.name}: {name}: {bad.reason}")
                if self._decoder.pending:
                    raise CorruptReply(f"{self.name}: {name}: reply cut off")
                raise DeviceTimeout(f"{self.name}: {name}: no reply within {budget:.1f}s")
            chunk = transport.read_some(256, left)
            if not chunk:
                continue
            self.last_reply_at = time.perf_counter()
            for item in self._decoder.feed(chunk):
                if isinstance(item, Control):
                    if item.byte == F.NAK:
                        return None
                    continue  # ACK: the reply follows
                if isinstance(item, BadFrame):
                    bad = item
                    continue
                if item.kind not in (F.POSITIVE, F.NEGATIVE) or item.command != command:
                    bad = BadFrame(f"a reply to another command ({item.text[:3].hex(' ')})")
                    continue
                if item.positive and len(item.status) < 3:
                    raise CorruptReply(f"{self.name}: {name}: positive reply without status")
                return item
            if bad is not None and not self._decoder.pending:
                raise CorruptReply(f"{self.name}: {name}: {bad.reason}")

    def _check(self, reply: Frame, what: str) -> Frame:
        if reply.positive:
            return reply
        code = reply.error
        text = F.ERRORS.get(code, "error")
        message = f"{self.name}: {what}: {text} (error {code})"
        if code == "10":
            self._jam_seen = True
            raise CardJammed(message, device_code=code)
        if code == "A0":
            raise HopperEmpty(message, device_code=code)
        if code == "A1":
            raise RejectBinFull(message, device_code=code)
        raise DispenserError(message, device_code=code)

    # ------------------------------------------------------------------ hooks
    def _initialise(self) -> None:
        self._check(self.exchange(F.INITIALISE), "initialise")
        self._jam_seen = False

    def _reading(self, status: bytes) -> Reading:
        st0, st1, st2 = status[0], status[1], status[2]
        if st0 == ord("0"):
            card = NONE
        elif st0 == ord("1"):
            card = GATE
        elif st0 == ord("2"):
            # one flag for both contact positions: the last move says which
            card = self.last_target if self.last_target in (IC, RF) else IC
        else:
            card = UNKNOWN
        reject = self.reject_full(st2 == ord("1")) if st2 in b"01" else None
        return Reading(HOPPER.get(st1, "unknown"), reject, card, jammed=self._jam_seen)

    def _read(self) -> Reading:
        return self._reading(self._check(self.exchange(F.STATUS), "status").status)

    def _move(self, target: str) -> None:
        reply = self.exchange(MOVES[target], move=True)
        self._check(reply, F.COMMAND_NAMES[MOVES[target]])
        self.last_target = target
        self._jam_seen = False


__all__ = ["Crt591Dispenser"]
