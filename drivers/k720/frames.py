"""TTCE K720-style card dispenser frames and the ACK/ENQ exchange.

::

    host → device   02 | ADDR | LEN_H LEN_L | ASCII command | 03 | BCC     (a command frame)
    device → host   06 ADDR                                                 (ACK: frame good)
                    15 ADDR                                                 (NAK: frame bad)
    host → device   05 ADDR                                                 (ENQ: go on)
    device → host   02 | ADDR | LEN_H LEN_L | data | 03 | BCC               (the reply frame)

ADDR is two ASCII digits ("00" … "99"); LEN is the length of the command (or data), high
byte first — ``len >> 8`` and ``len & 0xFF``, and a reply's length is ``0x100 * H + L`` (two
slips public code makes); BCC is the XOR of every byte from 02 through 03; 9600 baud.

Commands: ``RS`` reset, ``DC`` dispense (hopper → take-card position), ``CP`` capture to the
recycle bin, ``FC0`` card out, ``FC4`` to the take-card position (the gate), ``FC7`` to the
read position (the contacts), ``AP`` status, ``RF`` a simpler sensor query. The status
reply's data is two bytes (skipped: public drivers use ``data[2:]``) and then ASCII digits,
each ``digit − '0'`` one nibble, most significant first: a 16-bit state (:data:`BITS`).
"""
from __future__ import annotations

from dataclasses import dataclass

STX, ETX, ACK, NAK, ENQ = 0x02, 0x03, 0x06, 0x15, 0x05
MAX_TEXT = 512

RESET, DISPENSE, CAPTURE = b"RS", b"DC", b"CP"
CARD_OUT, TO_GATE, TO_READ = b"FC0", b"FC4", b"FC7"
STATUS, SENSORS = b"AP", b"RF"

SENSOR_1, SENSOR_2, SENSOR_3 = 0x0001, 0x0002, 0x0004  # 1: at the gate … 3: by the hopper
EMPTY, LOW, JAM, OVERLAP, HOPPER_FULL = 0x0008, 0x0010, 0x0020, 0x0040, 0x0080
RECYCLE_ERROR, ISSUE_ERROR, COLLECTING, SENDING = 0x0100, 0x0200, 0x0400, 0x0800
PREPARING, PREPARE_FAILURE, CANNOT_EXECUTE, RECYCLE_FULL = 0x1000, 0x2000, 0x4000, 0x8000
MOVING = COLLECTING | SENDING | PREPARING
BITS = {
    SENSOR_1: "card at sensor 1", SENSOR_2: "card at sensor 2", SENSOR_3: "card at sensor 3",
    EMPTY: "hopper empty", LOW: "hopper low", JAM: "card jammed", OVERLAP: "cards overlap",
    HOPPER_FULL: "hopper full", RECYCLE_ERROR: "recycle error", ISSUE_ERROR: "issue error",
    COLLECTING: "collecting", SENDING: "sending", PREPARING: "preparing",
    PREPARE_FAILURE: "prepare failure", CANNOT_EXECUTE: "could not execute",
    RECYCLE_FULL: "recycle box full",
}


def bcc(data: bytes) -> int:
    out = 0
    for b in data:
        out ^= b
    return out


def address_bytes(addr: int) -> bytes:
    if not 0 <= addr <= 99:
        raise ValueError(f"a K720 address is 00-99, got {addr}")
    return f"{addr:02d}".encode("ascii")


def encode(addr: int, text: bytes) -> bytes:
    if len(text) > MAX_TEXT:
        raise ValueError(f"a text of {len(text)} bytes is over {MAX_TEXT}")
    body = bytes((STX,)) + address_bytes(addr) + bytes((len(text) >> 8, len(text) & 0xFF)) \
        + text + bytes((ETX,))
    return body + bytes((bcc(body),))


def control(byte: int, addr: int) -> bytes:
    """ACK, NAK or ENQ with the address: ``06 30 30``."""
    return bytes((byte,)) + address_bytes(addr)


def encode_state(state: int, lead: bytes = b"SF") -> bytes:
    """Status reply data: two leading bytes, then one ASCII "digit" per nibble."""
    return lead + bytes(0x30 + ((state >> shift) & 0xF) for shift in (12, 8, 4, 0))


def decode_state(data: bytes) -> int:
    """Status reply data → the 16-bit state (ValueError for a shape that is not one)."""
    digits = data[2:]
    if len(digits) != 4 or any(not 0x30 <= d <= 0x3F for d in digits):
        raise ValueError(f"status data {data[:8].hex(' ')} is not 2 bytes and 4 nibbles")
    state = 0
    for d in digits:
        state = state << 4 | (d - 0x30)
    return state


def describe(state: int) -> str:
    return ", ".join(text for bit, text in BITS.items() if state & bit) or "idle, no card"


@dataclass(frozen=True)
class Frame:
    addr: bytes
    text: bytes


@dataclass(frozen=True)
class Control:
    byte: int  # ACK, NAK or ENQ
    addr: bytes


@dataclass(frozen=True)
class BadFrame:
    reason: str


class FrameDecoder:
    """Frames and the three-byte controls out of a byte stream; noise is skipped, a bad frame
    reported and the stream resynchronised on the next 02."""

    def __init__(self) -> None:
        self._buf = bytearray()

    def reset(self) -> None:
        self._buf.clear()

    @property
    def pending(self) -> bool:
        return bool(self._buf)

    def feed(self, data: bytes) -> list[Frame | Control | BadFrame]:
        self._buf += data
        buf = self._buf
        out: list[Frame | Control | BadFrame] = []
        while buf:
            first = buf[0]
            if first in (ACK, NAK, ENQ):
                if len(buf) < 3:
                    break
                out.append(Control(first, bytes(buf[1:3])))
                del buf[:3]
                continue
            if first != STX:
                del buf[0]
                continue
            if len(buf) < 5:
                break
            size = 0x100 * buf[3] + buf[4]
            if size > MAX_TEXT:
                out.append(BadFrame(f"length {size} is over {MAX_TEXT}"))
                del buf[0]
                continue
            total = 5 + size + 2
            if len(buf) < total:
                break
            frame = bytes(buf[:total])
            if frame[-2] != ETX:
                out.append(BadFrame(f"no ETX after {size} bytes"))
                del buf[0]
                continue
            if bcc(frame[:-1]) != frame[-1]:
                out.append(BadFrame(f"BCC {frame[-1]:02X}, expected {bcc(frame[:-1]):02X}"))
                del buf[0]
                continue
            out.append(Frame(frame[1:3], frame[5:-2]))
            del buf[:total]
        return out


__all__ = ["ACK", "BITS", "CAPTURE", "CARD_OUT", "DISPENSE", "ENQ", "MOVING", "NAK", "RESET",
           "SENSORS", "STATUS", "TO_GATE", "TO_READ", "BadFrame", "Control", "Frame",
           "FrameDecoder", "address_bytes", "bcc", "control", "decode_state", "describe",
           "encode", "encode_state"]
