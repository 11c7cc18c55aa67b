"""The Kerong KR-CU lock-board driver: compartments, unlock, door events from the status poll.

One exchange is one 5-byte command and one 9-byte status reply, with a deadline of
``timeout`` plus both frames' wire time. The worker polls every board each ``poll_interval``
seconds (``idle``); each poll is compared with the last one to publish the kind's events:

- closed → open within ``unlock_window_s`` of an unlock: ``DoorOpened``; with no unlock:
  ``DoorForced``;
- open → closed: ``DoorClosed`` with the item sensor's reading;
- open for ``left_open_s``, and again every ``left_open_s``: ``DoorLeftOpen``;
- a board that stops answering (or answers garbage): ``BoardLost``, its compartments
  ``unknown`` on every axis; when it answers again: ``BoardFound``. Doors that changed while
  it was away get no door event: nobody saw what happened, and the kiosk reconciles.

Not one board answering is a :class:`NoBoardAnswers` (the worker reconnects with backoff).
Which bit value means "closed" and which "item inside" is configuration
(``hook_closed_bit``, ``item_bit``): firmwares differ.
"""
from __future__ import annotations

import logging
import threading
import time

from drivers.core.errors import DeviceError, DeviceTimeout, NotReady
from drivers.core.status import DeviceInfo, DeviceState, DeviceStatus, HealthCheck
from drivers.core.transport import Transport, open_transport
from drivers.kinds.locker import (
    BoardFound,
    BoardLost,
    Compartment,
    Door,
    DoorClosed,
    DoorForced,
    DoorLeftOpen,
    DoorOpened,
    Locker,
    door_axis,
    item_axis,
)
from drivers.locker.errors import (
    BoardNotAnswering,
    CorruptReply,
    LockNotReleased,
    NoBoardAnswers,
    UnknownCompartment,
)
from drivers.locker.frames import (
    CMD_STATUS,
    CMD_UNLOCK,
    COMMAND_LEN,
    REPLY_LEN,
    BadFrame,
    FrameDecoder,
    StatusReply,
    address,
    encode_command,
)
from drivers.locker.layout import Layout, Slot

log = logging.getLogger(__name__)

BAUDRATES = (19200, 9600, 38400, 57600, 115200)
#: how often unlock() looks whether the door came open, while it waits for it
CONFIRM_POLL_S = 0.05


def _axes(layout: Layout) -> tuple[str, ...]:
    axes = []
    for n, slot in sorted(layout.slots.items()):
        axes.append(door_axis(n))
        if slot.sensed:
            axes.append(item_axis(n))
    return tuple(axes)


class KerongLocker(Locker):

    def __init__(self, name, port, options=None, **kw) -> None:
        opts = dict(options or {})
        self.layout = layout = Layout.from_options(opts, name)
        # one axis per compartment: set before Device.__init__, which starts them unknown
        self.supply_axes = _axes(layout)
        super().__init__(name, port, opts, **kw)
        self.baudrate = int(opts.get("baudrate") or 19200)
        self.closed_bit = int(opts.get("hook_closed_bit", 1))
        self.item_bit = int(opts.get("item_bit", 1))
        self.idle_interval = float(opts.get("poll_interval") or 0.5)
        self.left_open_s = float(opts.get("left_open_s") or 60.0)
        self.open_confirm_s = float(opts.get("open_confirm_s") or 1.5)
        self.unlock_window_s = float(opts.get("unlock_window_s") or 10.0)
        self.transport: Transport | None = None
        self._decoder = FrameDecoder(REPLY_LEN)
        self._lock = threading.RLock()  # one exchange at a time on the bus
        self._doors: dict[int, Door] = {n: Door.UNKNOWN for n in layout.slots}
        self._items: dict[int, bool | None] = {n: None for n in layout.slots}
        self._answering: set[int] = set()  # boards that answered their last poll
        self._opened_at: dict[int, float] = {}  # monotonic time a door was seen opening
        self._left_open_told: dict[int, int] = {}  # DoorLeftOpen events sent for that opening
        self._unlocked_at: dict[int, float] = {}

    # ---------------------------------------------------------------- life cycle
    def _open(self) -> None:
        transport = open_transport(self.port, baudrate=self.baudrate)
        transport.open()
        self.transport = transport
        answered = []
        for board in self.layout.boards:
            try:
                self.exchange(address(board, 0), CMD_STATUS, f"board {board} status")
                answered.append(board)
            except DeviceError as exc:
                if not isinstance(exc, (DeviceTimeout, CorruptReply)):
                    raise
        if not answered:
            raise NoBoardAnswers(f"{self.name}: no lock board answers on {self.port} "
                                 f"(boards {', '.join(map(str, self.layout.boards))})")
        self.info = DeviceInfo(model="Kerong KR-CU lock boards (CU16 frames)",
                               extra={"boards": ",".join(map(str, self.layout.boards)),
                                      "compartments": str(len(self.layout.slots)),
                                      "baudrate": str(self.baudrate)})

    def _close(self) -> None:
        transport, self.transport = self.transport, None
        self._decoder.reset()
        if transport is not None:
            transport.close()
        # the port is gone: nothing is known about any door until a board answers again
        self._lose(list(self._answering), "port closed")

    # ----------------------------------------------------------------- exchanges
    def exchange(self, addr: int, cmd: int, step: str) -> StatusReply:
        """Send one command, return the addressed board's status reply; typed errors else."""
        with self._lock:
            transport = self.transport
            if transport is None or not transport.is_open:
                raise NotReady(f"{self.name}: {step}: port is not open")
            decoder = self._decoder
            decoder.reset()
            transport.discard_input()  # a late reply to an earlier command, line noise
            request = encode_command(addr, cmd)
            budget = self.timeout + (COMMAND_LEN + REPLY_LEN) * 10 / self.baudrate
            deadline = time.monotonic() + budget
            transport.write(request, budget)
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    if decoder.pending:
                        raise CorruptReply(f"{self.name}: {step}: reply cut off after "
                                           f"{decoder.buffered} of {REPLY_LEN} bytes")
                    raise DeviceTimeout(f"{self.name}: {step}: no reply within {budget:.2f}s")
                chunk = transport.read_some(64, left)
                for item in decoder.feed(chunk):
                    if isinstance(item, BadFrame):
                        # the board answered once; it will not send a better copy
                        raise CorruptReply(f"{self.name}: {step}: {item.reason}")
                    if item.board == addr >> 4 and item.cmd == cmd:
                        return item
                    # another board's answer or an RS-485 adapter's echo: not ours

    def _read_board(self, board: int, reply: StatusReply) -> None:
        for slot in self.layout.on_board(board):
            closed = reply.hook(slot.lock) == bool(self.closed_bit)
            self._see(slot, Door.CLOSED if closed else Door.OPEN,
                      (reply.item(slot.lock) == bool(self.item_bit)) if slot.sensed else None)

    # -------------------------------------------------------------------- status
    def poll_status(self) -> DeviceStatus:
        failures: dict[int, DeviceError] = {}
        for board in self.layout.boards:
            try:
                reply = self.exchange(address(board, 0), CMD_STATUS, f"board {board} status")
            except (DeviceTimeout, CorruptReply) as exc:
                failures[board] = exc
                continue
            except DeviceError:
                self._lose(list(self._answering), "port failed")
                raise
            found = board not in self._answering
            self._answering.add(board)
            self._read_board(board, reply)
            if found:
                log.info("%s: board %d answers", self.name, board)
                self.events.publish(BoardFound(self.name, board, self.layout.numbers(board)))
        self._lose(list(failures), "no answer")
        self._check_left_open()
        if len(failures) == len(self.layout.boards):
            first = next(iter(failures.values()))
            if isinstance(first, CorruptReply):
                raise first
            raise NoBoardAnswers(f"{self.name}: no lock board answers ({first})")
        return DeviceStatus(DeviceState.ONLINE, self._supplies(), self._detail(failures))

    def _see(self, slot: Slot, door: Door, occupied: bool | None) -> None:
        """Take in what a board reports for one compartment; publish what it means."""
        n = slot.number
        before = self._doors[n]
        self._doors[n] = door
        self._items[n] = occupied
        now = time.monotonic()
        if door is Door.OPEN and before is not Door.OPEN:
            self._opened_at[n] = now
            self._left_open_told[n] = 0
            if before is Door.CLOSED:
                unlocked = self._unlocked_at.pop(n, None)
                if unlocked is not None and now - unlocked <= self.unlock_window_s:
                    self.events.publish(DoorOpened(self.name, n))
                else:
                    log.warning("%s: compartment %d opened with no unlock", self.name, n)
                    self.events.publish(DoorForced(self.name, n))
        elif door is Door.CLOSED and before is not Door.CLOSED:
            self._opened_at.pop(n, None)
            self._left_open_told.pop(n, None)
            if before is Door.OPEN:
                self.events.publish(DoorClosed(self.name, n, occupied))

    def _check_left_open(self) -> None:
        if self.left_open_s <= 0:
            return
        now = time.monotonic()
        for n, since in list(self._opened_at.items()):
            if self._doors[n] is not Door.OPEN:
                continue
            told = self._left_open_told.get(n, 0)
            if now - since >= self.left_open_s * (told + 1):
                self._left_open_told[n] = told + 1
                self.events.publish(DoorLeftOpen(self.name, n, round(now - since, 1), told + 1))

    def _lose(self, boards: list[int], why: str) -> None:
        for board in boards:
            for slot in self.layout.on_board(board):
                self._doors[slot.number] = Door.UNKNOWN
                self._items[slot.number] = None
                self._opened_at.pop(slot.number, None)
                self._left_open_told.pop(slot.number, None)
            if board in self._answering:
                self._answering.discard(board)
                log.warning("%s: board %d lost (%s)", self.name, board, why)
                self.events.publish(BoardLost(self.name, board, self.layout.numbers(board)))

    def _supplies(self) -> dict[str, str]:
        out = {}
        for n, slot in self.layout.slots.items():
            out[door_axis(n)] = str(self._doors[n])
            if slot.sensed:
                item = self._items[n]
                out[item_axis(n)] = "unknown" if item is None else "present" if item else "absent"
        return out

    def _detail(self, failures: dict[int, DeviceError]) -> str:
        opened = sum(1 for d in self._doors.values() if d is Door.OPEN)
        held = sum(1 for i in self._items.values() if i)
        text = f"{len(self.layout.slots)} compartments: {opened} open, {held} holding items"
        for board, exc in failures.items():
            text += f"; board {board} not answering ({exc.code})"
        return text

    def external_checks(self) -> list[HealthCheck]:
        return [HealthCheck(f"board {b}", b in self._answering,
                            "answers" if b in self._answering else "not answering")
                for b in self.layout.boards]

    # ---------------------------------------------------------------- operations
    def compartment(self, n: int) -> Compartment:
        slot = self.layout.slots[n]
        door = self._doors[n]
        occupied = self._items[n] if door is not Door.UNKNOWN else None
        return Compartment(n, slot.size, door, occupied, slot.sensed)

    def compartments(self) -> dict[int, Compartment]:
        self.refresh_status()
        return {n: self.compartment(n) for n in sorted(self.layout.slots)}

    def unlock(self, compartment: int) -> Compartment:
        slot = self.layout.slots.get(compartment)
        if slot is None:
            raise UnknownCompartment(f"{self.name}: no compartment {compartment} (1-"
                                     f"{len(self.layout.slots)})")
        n = slot.number
        with self._lock:
            try:
                reply = self.exchange(slot.addr, CMD_UNLOCK, f"unlock {n}")
            except (DeviceTimeout, CorruptReply) as exc:
                # one board not answering is that board's trouble; the next poll tells
                # whether the whole cabinet is gone
                raise BoardNotAnswering(f"{self.name}: unlock {n}: board {slot.board} does not "
                                        f"answer ({exc})") from exc
            self._unlocked_at[n] = time.monotonic()
            self._read_board(slot.board, reply)
            deadline = time.monotonic() + self.open_confirm_s
            # a lock's coil pulls for a moment and the door springs: the reply may come
            # before the hook bit shows it, so look again until the door is seen open
            while self._doors[n] is not Door.OPEN:
                if time.monotonic() >= deadline:
                    self._unlocked_at.pop(n, None)
                    raise LockNotReleased(f"{self.name}: compartment {n} still closed "
                                          f"{self.open_confirm_s:.1f}s after the unlock")
                time.sleep(CONFIRM_POLL_S)
                try:
                    reply = self.exchange(slot.addr, CMD_STATUS, f"confirm {n}")
                except (DeviceTimeout, CorruptReply) as exc:
                    raise BoardNotAnswering(f"{self.name}: unlock {n}: board {slot.board} "
                                            f"stopped answering ({exc})") from exc
                self._read_board(slot.board, reply)
        self.set_status(supplies=self._supplies())
        log.info("%s: compartment %d unlocked", self.name, n)
        return self.compartment(n)
