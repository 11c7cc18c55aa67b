"""The K720-style dispenser driver: command frame, ACK, ENQ, reply frame; moves polled.

A command is accepted at once (ACK, then the reply after ENQ); the card then moves on its
own while the status (``AP``) shows it collecting, sending or preparing. So a move is: the
command, then ``AP`` every ``poll`` seconds until the motion bits clear (deadline
``move_timeout``), then the state judged — jam, hopper empty, recycle box full, "could not
execute" — and the card's position read from sensors 1-3.
"""
from __future__ import annotations

import logging
import time

from drivers.core.errors import DeviceTimeout
from drivers.dispenser.device import REJECT, DispenserDevice, Reading
from drivers.dispenser.errors import (
    CardJammed,
    CorruptReply,
    DispenserError,
    HopperEmpty,
    RejectBinFull,
)
from drivers.k720 import frames as F
from drivers.k720.frames import BadFrame, Control, FrameDecoder
from drivers.kinds.card_dispenser import GATE, IC, NONE, RF, UNKNOWN

log = logging.getLogger(__name__)

#: a move, by target: the command with a card in the channel, and without one (from the hopper)
MOVES = {IC: (F.TO_READ, F.TO_READ), RF: (F.TO_READ, F.TO_READ),
         GATE: (F.TO_GATE, F.DISPENSE), REJECT: (F.CAPTURE, F.CAPTURE)}
POLL_S = 0.05
NAK_RETRIES = 2


class K720Dispenser(DispenserDevice):
    MODEL = "K720-style card dispenser (ACK/ENQ frames)"

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self._decoder = FrameDecoder()
        self.last_state = 0
        self._last_at = UNKNOWN  # where the last status saw the card (every move reads first)

    # ------------------------------------------------------------------ exchange
    def exchange(self, command: bytes) -> bytes:
        """Command → ACK → ENQ → reply frame; the reply's data."""
        name = command.decode("ascii", "replace")
        with self._lock:
            transport = self._transport()
            for attempt in range(NAK_RETRIES + 1):
                self._decoder.reset()
                transport.discard_input()
                transport.write(F.encode(self.address, command), self.timeout)
                answer = self._expect(transport, name, "ACK", (F.ACK, F.NAK))
                if isinstance(answer, Control) and answer.byte == F.NAK:
                    log.warning("%s: %s: NAK (attempt %d)", self.name, name, attempt + 1)
                    continue
                transport.write(F.control(F.ENQ, self.address), self.timeout)
                reply = self._expect(transport, name, "reply", ())
                return reply.text
            raise CorruptReply(f"{self.name}: {name}: the dispenser refused the frame "
                               f"{NAK_RETRIES + 1} times (NAK)")

    def _expect(self, transport, name: str, what: str, controls: tuple[int, ...]):
        deadline = time.monotonic() + self.timeout
        bad: BadFrame | None = None
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                if bad is not None:
                    raise CorruptReply(f"{self.name}: {name}: {bad.reason}")
                raise DeviceTimeout(f"{self.name}: {name}: no {what} within "
                                    f"{self.timeout:.1f}s")
            chunk = transport.read_some(256, left)
            for item in self._decoder.feed(chunk) if chunk else ():
                if isinstance(item, BadFrame):
                    bad = item
                elif isinstance(item, Control):
                    if item.byte in controls:
                        return item
                elif not controls:  # waiting for the reply frame
                    return item
            if bad is not None and not self._decoder.pending:
                raise CorruptReply(f"{self.name}: {name}: {bad.reason}")

    def state(self) -> int:
        data = self.exchange(F.STATUS)
        try:
            self.last_state = F.decode_state(data)
        except ValueError as exc:
            raise CorruptReply(f"{self.name}: AP: {exc}") from None
        return self.last_state

    # ------------------------------------------------------------------ hooks
    def _initialise(self) -> None:
        self.exchange(F.RESET)

    def _reading(self, state: int) -> Reading:
        s1, s2, s3 = state & F.SENSOR_1, state & F.SENSOR_2, state & F.SENSOR_3
        if s1:
            card = GATE
        elif s2 and s3:
            card = self.last_target if self.last_target in (IC, RF) else IC
        elif s2 or s3:
            card = UNKNOWN  # between two positions
        else:
            card = NONE
        self._last_at = card
        hopper = "empty" if state & F.EMPTY else "low" if state & F.LOW else "ok"
        return Reading(hopper, self.reject_full(bool(state & F.RECYCLE_FULL)), card,
                       jammed=bool(state & F.JAM), moving=bool(state & F.MOVING),
                       detail=f"{self.name}: {F.describe(state)}")

    def _read(self) -> Reading:
        return self._reading(self.state())

    def _move(self, target: str) -> None:
        with_card, from_hopper = MOVES[target]
        from_the_hopper = self._last_at == NONE  # DispenserDevice read the sensors just now
        command = from_hopper if from_the_hopper else with_card
        name = command.decode()
        self.exchange(command)
        deadline = time.monotonic() + self.move_timeout
        while True:
            state = self.state()
            if not state & F.MOVING:
                break
            if time.monotonic() >= deadline:
                raise DeviceTimeout(f"{self.name}: {name}: still moving after "
                                    f"{self.move_timeout:.1f}s ({F.describe(state)})")
            time.sleep(POLL_S)
        message = f"{self.name}: {name}: {F.describe(state)}"
        if state & F.JAM:
            raise CardJammed(message, device_code=f"{state:04X}")
        if state & F.CANNOT_EXECUTE or state & (F.ISSUE_ERROR | F.PREPARE_FAILURE):
            if state & F.EMPTY and from_the_hopper:
                raise HopperEmpty(message, device_code=f"{state:04X}")
            if target == REJECT and self.reject_full(bool(state & F.RECYCLE_FULL)):
                raise RejectBinFull(message, device_code=f"{state:04X}")
            raise DispenserError(message, device_code=f"{state:04X}")
        if state & F.RECYCLE_ERROR:
            raise DispenserError(message, device_code=f"{state:04X}")
        self.last_target = target


__all__ = ["K720Dispenser"]
