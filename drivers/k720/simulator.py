"""A K720-style dispenser simulator: command frames, ACK/NAK, ENQ, reply frames, and moves
that run on after the reply while ``AP`` shows them — on the shared mechanism.

Faults: ``jam`` (the next move jams: the jam bit stays until ``clear_jam``),
``empty_mid_job`` (the next pick finds no card), ``garbage`` (noise instead of the reply),
``nak`` (NAK the next frame), ``no_ack`` (never ACK: the driver times out), and the base
``silent``/``trickle``/``unplug``. Actions as the CRT-591 simulator's.
"""
from __future__ import annotations

import logging
import threading
from typing import Any, ClassVar

from drivers.core.simulator import Simulator
from drivers.dispenser import mechanism as M
from drivers.dispenser.mechanism import Mechanism, mechanism_from_options
from drivers.k720 import frames as F
from drivers.k720.frames import BadFrame, Control, Frame, FrameDecoder
from drivers.kinds.card_dispenser import GATE, IC

log = logging.getLogger(__name__)

#: command → (where the card goes, the motion bit AP shows meanwhile)
MOVES = {F.TO_READ: (IC, F.SENDING), F.TO_GATE: (GATE, F.SENDING),
         F.DISPENSE: (GATE, F.SENDING), F.CARD_OUT: (GATE, F.SENDING),
         F.CAPTURE: (M.REJECT, F.COLLECTING)}


class K720Simulator(Simulator):
    FAULTS: ClassVar[dict[str, str]] = {
        **Simulator.FAULTS,
        "jam": "the next move jams the card (jam bit until clear_jam)",
        "empty_mid_job": "the next pick finds the hopper empty although it said otherwise",
        "garbage": "answer ENQ with noise (`data` hex; default a frame with a bad BCC)",
        "nak": "answer the next frame with NAK (the driver sends it again)",
        "no_ack": "never acknowledge a frame",
    }
    ACTIONS: ClassVar[dict[str, str]] = {
        "take_card": "the citizen takes the card at the gate",
        "clear_jam": "staff open the machine and remove a jammed card",
        "refill": "staff put cards into the hopper: cards=N",
        "empty_reject_bin": "staff empty the reject bin",
    }

    def __init__(self, name: str = "card_dispenser", *, mechanism: Mechanism | None = None,
                 address: int = 0, reject_full_when: str = "set", **kw: Any) -> None:
        super().__init__(name, **kw)
        self.mech = mechanism or Mechanism(name)
        self.mech.faults = self.active_faults
        self.address = address
        self.reject_full_when_set = reject_full_when == "set"
        self.commands: list[bytes] = []
        self._decoder = FrameDecoder()
        self._pending: bytes | None = None  # the reply waiting for ENQ
        self._motion = 0  # the motion bit while a move runs
        self._errors = 0  # error bits of the last command, until the next one
        self._mover: threading.Thread | None = None

    def on_connect(self) -> None:
        self._decoder = FrameDecoder()
        self._pending = None

    # ------------------------------------------------------------------ actions
    def take_card(self) -> None:
        if not self.mech.take():
            raise ValueError(f"{self.name}: there is no card at the gate")

    def clear_jam(self) -> None:
        self.mech.clear_jam()
        self._errors = 0

    def refill(self, cards: int | str = 50) -> None:
        self.mech.refill(int(cards))

    def empty_reject_bin(self) -> None:
        self.mech.empty_reject_bin()

    def wait_idle(self, timeout: float) -> bool:
        """Tests: until the move in progress (if any) is over."""
        mover = self._mover
        if mover is not None:
            mover.join(timeout)
            return not mover.is_alive()
        return True

    # ------------------------------------------------------------------ state
    def state(self) -> int:
        m = self.mech
        bits = self._motion | self._errors
        at = m.position
        if at == GATE:
            bits |= F.SENSOR_1
        elif at in (IC, "rf"):
            bits |= F.SENSOR_2 | F.SENSOR_3
        elif at == M.STUCK:
            bits |= F.SENSOR_2
        if m.jammed:
            bits |= F.JAM
        level = m.hopper_level
        bits |= F.EMPTY if level == "empty" else F.LOW if level == "low" else 0
        if m.reject_full == self.reject_full_when_set:
            bits |= F.RECYCLE_FULL
        return bits

    # ------------------------------------------------------------------ protocol
    def on_receive(self, data: bytes) -> None:
        addr = F.address_bytes(self.address)
        for item in self._decoder.feed(data):
            if isinstance(item, BadFrame):
                self.send(F.control(F.NAK, self.address))
            elif isinstance(item, Control):
                if item.byte == F.ENQ and item.addr == addr and self._pending is not None:
                    reply, self._pending = self._pending, None
                    if "garbage" in self.active_faults:
                        noise = self.active_faults["garbage"].get("data")
                        reply = bytes.fromhex(noise) if isinstance(noise, str) else \
                            noise or F.encode(self.address, b"SF0000")[:-1] + b"\x00"
                    self.send(reply)
            elif item.addr == addr:
                self._frame(item)

    def _frame(self, frame: Frame) -> None:
        self.commands.append(frame.text)
        if "no_ack" in self.active_faults:
            return
        if self.active_faults.pop("nak", None) is not None:
            self.send(F.control(F.NAK, self.address))
            return
        self._pending = F.encode(self.address, self._execute(frame.text))
        self.send(F.control(F.ACK, self.address))

    def _execute(self, command: bytes) -> bytes:
        if command == F.STATUS:
            return F.encode_state(self.state())
        if command == F.SENSORS:
            return F.encode_state(self.state() & 0x003F)
        if command == F.RESET:
            self._errors = 0
            return command
        move = MOVES.get(command)
        if move is None:
            self._errors = F.CANNOT_EXECUTE
            return command
        if self._motion:
            self._errors |= F.CANNOT_EXECUTE  # busy: refused
            return command
        target, bit = move
        m = self.mech
        if command == F.DISPENSE and m.card is not None:
            self._errors = F.CANNOT_EXECUTE  # DC takes from the hopper only
            return command
        self._errors = 0
        self._motion = bit
        self._mover = threading.Thread(target=self._run_move, args=(target,), daemon=True,
                                       name=f"sim-{self.name}-move")
        self._mover.start()
        return command

    def _run_move(self, target: str) -> None:
        try:
            error = self.mech.move(target)
        finally:
            self._motion = 0
        if error == M.JAM:
            self._errors = F.ISSUE_ERROR if target != M.REJECT else F.RECYCLE_ERROR
        elif error == M.EMPTY:
            self._errors = F.ISSUE_ERROR | F.CANNOT_EXECUTE
        elif error in (M.REJECT_FULL, M.NO_CARD):
            self._errors = F.CANNOT_EXECUTE


def simulator_factory(config, data_dir=None) -> K720Simulator:
    opts = config.options
    return K720Simulator(
        config.name, mechanism=mechanism_from_options(config.name, opts),
        address=int(opts.get("address") or 0),
        reject_full_when=str(opts.get("reject_bin_full_when") or "set"),
        transport=str(opts.get("sim_transport") or "pty"))


__all__ = ["K720Simulator", "simulator_factory"]
