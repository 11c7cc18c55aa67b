"""Kerong KR-CU lock-board frames: ``STX 02 | ADDR | CMD | ETX 03 | SUM``.

SUM is the low byte of the sum of every byte before it. A command is those five bytes; a
status reply is nine: ``02 ADDR CMD H1 H2 I1 I2 03 SUM``, where H1/H2 are the lock-hook bits
of locks 1–8 / 9–16 and I1/I2 the infrared (item inside) bits, bit 0 = lock 1. ADDR is the
board (high nibble, 0–9) and the lock (low nibble, 0–F); what a set bit means (closed or
open, item or none) depends on the firmware, so it is the driver's configuration, not this
module's business: here a status is two 16-bit masks, lock 1 in bit 0.

Both directions have a fixed length, so one decoder class serves the driver (9-byte
replies) and the simulator (5-byte commands). It is incremental — a serial line delivers a
frame in pieces, with noise around it — and resynchronises on the next STX after anything
that is not a frame; it never raises on any input and never keeps more than one frame's
worth of bytes.
"""
from __future__ import annotations

from dataclasses import dataclass

STX = 0x02
ETX = 0x03

CMD_STATUS = 0x30  # status of one lock (the reply carries its whole board)
CMD_UNLOCK = 0x31  # unlock one lock (answered with the board's status)
CMD_STATUS_ALL = 0x32  # status of all locks on the bus
CMD_UNLOCK_ALL = 0x33  # unlock every lock of a board

COMMAND_LEN = 5
REPLY_LEN = 9
LOCKS_PER_BOARD = 16
MAX_BOARD = 9  # ADDR 00–9F


def checksum(data: bytes | bytearray | memoryview) -> int:
    return sum(data) & 0xFF


def address(board: int, lock: int) -> int:
    """ADDR for lock ``lock`` (0–15) of board ``board`` (0–9)."""
    if not 0 <= board <= MAX_BOARD or not 0 <= lock < LOCKS_PER_BOARD:
        raise ValueError(f"no lock {lock} on board {board} (boards 0–{MAX_BOARD}, locks 0–15)")
    return (board << 4) | lock


def encode_command(addr: int, cmd: int) -> bytes:
    body = bytes((STX, addr & 0xFF, cmd & 0xFF, ETX))
    return body + bytes((checksum(body),))


def encode_status(addr: int, cmd: int, hooks: int, items: int) -> bytes:
    """A status reply: ``hooks``/``items`` are 16-bit masks, lock 1 in bit 0."""
    body = bytes((STX, addr & 0xFF, cmd & 0xFF, hooks & 0xFF, (hooks >> 8) & 0xFF,
                  items & 0xFF, (items >> 8) & 0xFF, ETX))
    return body + bytes((checksum(body),))


@dataclass(frozen=True, slots=True)
class Command:
    addr: int
    cmd: int

    @property
    def board(self) -> int:
        return self.addr >> 4

    @property
    def lock(self) -> int:
        return self.addr & 0x0F


@dataclass(frozen=True, slots=True)
class StatusReply:
    addr: int
    cmd: int
    hooks: int  # lock-hook bits, lock 1 in bit 0 (H2 << 8 | H1)
    items: int  # infrared bits, lock 1 in bit 0 (I2 << 8 | I1)

    @property
    def board(self) -> int:
        return self.addr >> 4

    def hook(self, lock: int) -> bool:
        return bool(self.hooks >> lock & 1)

    def item(self, lock: int) -> bool:
        return bool(self.items >> lock & 1)


@dataclass(frozen=True, slots=True)
class BadFrame:
    """STX … ETX in the right places but a SUM that does not match: a corrupted frame."""

    kind: str
    reason: str


class FrameDecoder:
    """Turns a byte stream into frames of one fixed ``length`` (5: commands, 9: replies).

    ``noise_bytes`` counts bytes skipped while looking for a frame; ``pending`` says whether
    the beginning of a frame is buffered (a timeout then means "cut off", not "silent").
    """

    def __init__(self, length: int = REPLY_LEN) -> None:
        if length not in (COMMAND_LEN, REPLY_LEN):
            raise ValueError(f"KR-CU frames are {COMMAND_LEN} or {REPLY_LEN} bytes, not {length}")
        self.length = length
        self._buf = bytearray()
        self.noise_bytes = 0

    def reset(self) -> None:
        self._buf.clear()

    @property
    def buffered(self) -> int:
        return len(self._buf)

    @property
    def pending(self) -> bool:
        return bool(self._buf) and self._buf[0] == STX

    def feed(self, data: bytes) -> list[Command | StatusReply | BadFrame]:
        buf = self._buf
        buf += data
        out: list[Command | StatusReply | BadFrame] = []
        n = self.length
        while True:
            start = buf.find(STX)
            if start < 0:
                self.noise_bytes += len(buf)
                buf.clear()
                break
            if start:
                self.noise_bytes += start
                del buf[:start]
            if len(buf) < n:
                break
            if buf[n - 2] != ETX:
                # not a frame beginning here (STX is also an ordinary data value): look for
                # the next one, one byte on
                self.noise_bytes += 1
                del buf[:1]
                continue
            frame = bytes(buf[:n])
            if checksum(frame[:-1]) != frame[-1]:
                out.append(BadFrame("checksum", f"checksum {frame[-1]:02X} in a {n}-byte frame, "
                                                f"expected {checksum(frame[:-1]):02X}"))
                # only one byte on: the real frame may start inside the corrupted one
                del buf[:1]
                continue
            del buf[:n]
            if n == COMMAND_LEN:
                out.append(Command(frame[1], frame[2]))
            else:
                out.append(StatusReply(frame[1], frame[2], frame[3] | frame[4] << 8,
                                       frame[5] | frame[6] << 8))
        return out
