"""What every card dispenser driver shares: the card's position, the sensor axes, the moves
of the contract, waiting for the citizen to take the card — over a protocol-specific core.

A protocol driver (``drivers.crt591``, ``drivers.k720``) implements three hooks:

- ``_initialise()``: bring the mechanism to a known state *without moving a card* (done at
  every open: after a power cut the card that was in the channel stays where it is, for the
  kiosk to find and capture);
- ``_read() -> Reading``: what the sensors say now;
- ``_move(target)``: one move of the card in the channel — or of a new one from the hopper —
  to ``ic``, ``rf``, ``gate`` or ``reject``, returning when the move is over (typed errors:
  CardJammed, HopperEmpty, RejectBinFull, DispenserError).

Every move is checked against the sensors afterwards: a card that did not arrive is an error,
never a silent success. The reject-bin flag's meaning differs between firmware versions, so
its polarity is an option (``reject_bin_full_when`` = "set" or "clear").
"""
from __future__ import annotations

import logging
import threading
import time
from abc import abstractmethod
from dataclasses import dataclass

from drivers.core.status import DeviceInfo, DeviceState, DeviceStatus
from drivers.core.transport import Transport, open_transport
from drivers.dispenser.errors import CardJammed, DispenserError, HopperEmpty
from drivers.kinds.card_dispenser import GATE, IC, JAMMED, NONE, RF, CardDispenser, CardTaken

log = logging.getLogger(__name__)

REJECT = "reject"
TARGETS = (IC, RF, GATE, REJECT)
POLARITIES = ("set", "clear")


@dataclass(frozen=True)
class Reading:
    """The sensors at one moment."""

    hopper: str  # ok / low / empty / unknown
    reject_full: bool | None  # None: the device does not say
    card_at: str  # none / gate / ic / rf / unknown
    jammed: bool = False
    moving: bool = False  # a move is still under way (K720 reports it)
    detail: str = ""

    @property
    def card(self) -> str:
        """The ``card`` axis value."""
        return JAMMED if self.jammed else self.card_at


class DispenserDevice(CardDispenser):
    MODEL = "card dispenser"

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        opts = self.options
        self.baudrate = int(opts.get("baudrate") or 9600)
        self.address = int(opts.get("address") or 0)
        self.move_timeout = float(opts.get("move_timeout") or 15.0)
        self.take_poll = float(opts.get("take_poll") or 0.25)
        polarity = str(opts.get("reject_bin_full_when") or "set")
        if polarity not in POLARITIES:
            raise ValueError(f"reject_bin_full_when must be one of {POLARITIES}")
        self.reject_full_when_set = polarity == "set"
        self.transport: Transport | None = None
        self.last_target = ""  # where the last move sent the card (IC and RF may share a flag)
        self._lock = threading.RLock()  # one exchange at a time, whoever calls

    # ------------------------------------------------------------------ life cycle
    def _open(self) -> None:
        transport = open_transport(self.port, baudrate=self.baudrate)
        transport.open()
        self.transport = transport
        try:
            self._initialise()
        except CardJammed as exc:
            # it answers: stay open, so the status (card: jammed) shows what staff must do
            log.warning("%s: %s", self.name, exc)
        self.info = DeviceInfo(model=self.MODEL, extra={"address": str(self.address),
                                                        "baudrate": str(self.baudrate)},
                               capabilities={"reject_bin_full_when": "set" if
                                             self.reject_full_when_set else "clear"})

    def _close(self) -> None:
        transport, self.transport = self.transport, None
        if transport is not None:
            transport.close()

    def _transport(self) -> Transport:
        transport = self.transport
        if transport is None or not transport.is_open:
            from drivers.core.errors import NotReady

            raise NotReady(f"{self.name}: port is not open")
        return transport

    def reject_full(self, flag: bool) -> bool:
        """The raw reject-bin flag → "the bin is full", by the configured polarity."""
        return flag if self.reject_full_when_set else not flag

    # ------------------------------------------------------------------ protocol hooks
    @abstractmethod
    def _initialise(self) -> None: ...

    @abstractmethod
    def _read(self) -> Reading: ...

    @abstractmethod
    def _move(self, target: str) -> None: ...

    # ------------------------------------------------------------------ status
    def _status_of(self, r: Reading) -> DeviceStatus:
        reject = "unknown" if r.reject_full is None else ("full" if r.reject_full else "ok")
        detail = r.detail or f"card {r.card}, hopper {r.hopper}, reject bin {reject}"
        return DeviceStatus(DeviceState.ONLINE,
                            {"card_hopper": r.hopper, "reject_bin": reject, "card": r.card},
                            detail)

    def _apply(self, r: Reading) -> Reading:
        st = self._status_of(r)
        self.set_status(st.state, st.supplies, st.detail)
        return r

    def poll_status(self) -> DeviceStatus:
        with self._lock:
            return self._status_of(self._read())

    def reading(self) -> Reading:
        """The sensors now, also applied to the status (CLI, tests)."""
        with self._lock:
            return self._apply(self._read())

    # ------------------------------------------------------------------ moves
    def _move_card(self, target: str) -> None:
        with self._lock:
            before = self._apply(self._read())
            if before.jammed:
                raise CardJammed(f"{self.name}: a card is jammed in the channel; staff must "
                                 "clear it before the next move")
            if before.card_at == NONE and before.hopper == "empty":
                raise HopperEmpty(f"{self.name}: the hopper is empty")
            try:
                self._move(target)
            finally:
                after = self._apply(self._read())
            arrived = after.card_at == target or (target in (IC, RF) and after.card_at in (IC, RF))
            if not arrived:
                raise DispenserError(f"{self.name}: the card did not reach the {target} "
                                     f"position (sensors: card {after.card})",
                                     device_code="position")
            self.last_target = target

    def to_ic_position(self) -> None:
        self._move_card(IC)

    def to_rf_position(self) -> None:
        self._move_card(RF)

    def eject(self) -> None:
        self._move_card(GATE)

    def capture(self) -> bool:
        with self._lock:
            before = self._apply(self._read())
            if before.card_at == NONE and not before.jammed:
                return False
            try:
                self._move(REJECT)
            finally:
                after = self._apply(self._read())
            if after.card_at != NONE or after.jammed:
                raise DispenserError(f"{self.name}: the card did not reach the reject bin "
                                     f"(sensors: card {after.card})", device_code="position")
            self.last_target = REJECT
            return True

    def reset(self) -> None:
        with self._lock:
            self._initialise()
            self._apply(self._read())

    def card_position(self) -> str:
        return self.reading().card

    def wait_taken(self, timeout_s: float) -> bool:
        """Polls the sensors every ``take_poll`` s (on this device's worker: nothing else
        moves the card meanwhile)."""
        end = time.monotonic() + timeout_s
        while True:
            r = self.reading()
            if r.card_at != GATE:
                if r.card_at == NONE:
                    log.info("%s: the card was taken from the gate", self.name)
                    self.events.publish(CardTaken(self.name))
                    return True
                return False  # it went somewhere else (a technician's command): not taken
            if time.monotonic() >= end:
                return False
            time.sleep(min(self.take_poll, max(0.0, end - time.monotonic())))


__all__ = ["POLARITIES", "REJECT", "TARGETS", "DispenserDevice", "Reading"]
