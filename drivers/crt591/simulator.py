"""A CRT-591-style dispenser simulator: F2 frames over a pty (or TCP), the shared mechanism.

It ACKs every good frame (NAK for a damaged one), then answers when the command is done — a
move after the motor's time. Faults: ``jam`` (the next move jams: error 10, the card stays
stuck until ``clear_jam``), ``empty_mid_job`` (the next pick finds no card: error A0),
``garbage`` (answer noise), ``no_ack`` (reply without the ACK byte), ``nak`` (NAK the next
frame), and the base ``silent``/``trickle``/``unplug``. Actions: ``take_card`` (the citizen
takes the card at the gate), ``clear_jam``, ``refill``, ``empty_reject_bin``.
"""
from __future__ import annotations

import logging
from typing import Any, ClassVar

from drivers.core.simulator import Simulator
from drivers.crt591 import frames as F
from drivers.crt591.frames import BadFrame, Control, Frame, FrameDecoder
from drivers.dispenser import mechanism as M
from drivers.dispenser.mechanism import Mechanism, mechanism_from_options
from drivers.kinds.card_dispenser import GATE, IC, RF

log = logging.getLogger(__name__)

ERROR_CODES = {M.JAM: "10", M.EMPTY: "A0", M.REJECT_FULL: "A1", M.NO_CARD: "02"}
MOVES = {F.TO_IC: IC, F.TO_RF: RF, F.TO_GATE: GATE, F.CAPTURE: M.REJECT, F.TO_HOLDING: GATE}


class Crt591Simulator(Simulator):
    FAULTS: ClassVar[dict[str, str]] = {
        **Simulator.FAULTS,
        "jam": "the next move jams the card in the channel (error 10; staff: clear_jam)",
        "empty_mid_job": "the next pick finds the hopper empty although it said otherwise",
        "garbage": "answer every frame with noise (`data` hex; default a frame with a bad BCC)",
        "no_ack": "reply without the ACK byte first",
        "nak": "answer the next frame with NAK (the driver sends it again)",
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
        self.mech.faults = self.active_faults  # the mechanism's faults are injected here
        self.address = address
        self.reject_full_when_set = reject_full_when == "set"
        self.commands: list[tuple[int, int]] = []  # every command received (tests)
        self._decoder = FrameDecoder()

    def on_connect(self) -> None:
        self._decoder = FrameDecoder()

    # ------------------------------------------------------------------ actions
    def take_card(self) -> None:
        if not self.mech.take():
            raise ValueError(f"{self.name}: there is no card at the gate")

    def clear_jam(self) -> None:
        self.mech.clear_jam()

    def refill(self, cards: int | str = 50) -> None:
        self.mech.refill(int(cards))

    def empty_reject_bin(self) -> None:
        self.mech.empty_reject_bin()

    # ------------------------------------------------------------------ protocol
    def status_bytes(self) -> bytes:
        m = self.mech
        st0 = {"none": "0", GATE: "1"}.get(m.position, "2")  # IC, RF, stuck: in the channel
        st1 = {"empty": "0", "low": "1", "ok": "2"}[m.hopper_level]
        full = m.reject_full
        st2 = "1" if full == self.reject_full_when_set else "0"
        return (st0 + st1 + st2).encode()

    def sensor_bytes(self) -> bytes:
        """Six sensors, '1' covered: hopper exit, IC, RF, channel, gate, reject chute."""
        m = self.mech
        at = m.position
        flags = [m.hopper > 0, at == IC, at == RF, at in (IC, RF, M.STUCK), at == GATE, False]
        return "".join("1" if f else "0" for f in flags).encode()

    def on_receive(self, data: bytes) -> None:
        for item in self._decoder.feed(data):
            if isinstance(item, BadFrame):
                self._write(bytes((F.NAK,)))
                continue
            if isinstance(item, Control) or item.kind != F.CMD:
                continue
            self._command(item)

    def _command(self, frame: Frame) -> None:
        command = frame.command
        self.commands.append(command)
        if "garbage" in self.active_faults:
            noise = self.active_faults["garbage"].get("data")
            self.send(bytes.fromhex(noise) if isinstance(noise, str) else
                      noise or F.encode(self.address, b"P00")[:-1] + b"\x00")
            return
        if self.active_faults.pop("nak", None) is not None:
            self.send(bytes((F.NAK,)))
            return
        if frame.addr != self.address:
            return  # another device on the line
        if "no_ack" not in self.active_faults:
            self.send(bytes((F.ACK,)))
        self.send(self._answer(command))

    def _answer(self, command: tuple[int, int]) -> bytes:
        a = self.address
        m = self.mech
        if command == F.INITIALISE:
            if m.jammed:
                return F.encode_error(a, command, "10")
            return F.encode_reply(a, command, self.status_bytes())
        if command == F.STATUS:
            return F.encode_reply(a, command, self.status_bytes())
        if command == F.SENSORS:
            return F.encode_reply(a, command, self.status_bytes(), self.sensor_bytes())
        if command in MOVES:
            error = m.move(MOVES[command])
            if error is not None:
                return F.encode_error(a, command, ERROR_CODES[error])
            return F.encode_reply(a, command, self.status_bytes())
        return F.encode_error(a, command, "00")


def simulator_factory(config, data_dir=None) -> Crt591Simulator:
    opts = config.options
    transport = str(opts.get("sim_transport") or "pty")
    return Crt591Simulator(
        config.name, mechanism=mechanism_from_options(config.name, opts),
        address=int(opts.get("address") or 0),
        reject_full_when=str(opts.get("reject_bin_full_when") or "set"),
        transport=transport)


__all__ = ["Crt591Simulator", "simulator_factory"]
