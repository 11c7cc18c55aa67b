"""CREATOR CRT-591-style card dispenser frames ("F2 framing").

::

    command  F2 | ADDR | LEN_H LEN_L | 43('C') CM PM [DATA] | 03 | BCC
    reply    F2 | ADDR | LEN_H LEN_L | 50('P') CM PM ST0 ST1 ST2 [DATA] | 03 | BCC
             F2 | ADDR | LEN_H LEN_L | 4E('N') CM PM E1 E0 [DATA] | 03 | BCC
    LEN counts the text ('C'/'P'/'N' … DATA); BCC = XOR of every byte from F2 through 03

The status bytes are ASCII digits: ST0 the card in the channel ('0' none, '1' at the gate,
'2' at the IC/RF position), ST1 the hopper ('0' empty, '1' low, '2' enough), ST2 the reject
bin flag (its polarity differs between firmware versions: an option of the driver). A
negative reply carries a two-character error code E1 E0 where a positive one has the status.
CREATOR's manuals have the device answer a good frame with ACK (06) and a damaged one with
NAK (15) before the reply: the decoder yields those as single bytes, and the driver accepts
replies with or without the ACK.

Worked example (the table in ``../shared/hardware/ssc-card.md``)::

    initialise, card not moved   F2 00 00 03 43 30 33 03 B2
"""
from __future__ import annotations

from dataclasses import dataclass

STX, ETX, ACK, NAK = 0xF2, 0x03, 0x06, 0x15
CMD, POSITIVE, NEGATIVE = 0x43, 0x50, 0x4E  # 'C' 'P' 'N'
MAX_TEXT = 1024

# (CM, PM) of each command
INITIALISE = (0x30, 0x33)  # initialise, card not moved
STATUS = (0x31, 0x30)  # hopper level, reject bin, card position
SENSORS = (0x31, 0x31)  # every sensor, one ASCII digit each
TO_GATE = (0x32, 0x30)
TO_IC = (0x32, 0x31)
TO_RF = (0x32, 0x32)
CAPTURE = (0x32, 0x33)
TO_HOLDING = (0x32, 0x39)

COMMAND_NAMES = {INITIALISE: "initialise", STATUS: "status", SENSORS: "sensor status",
                 TO_GATE: "move to gate", TO_IC: "move to IC position",
                 TO_RF: "move to RF position", CAPTURE: "capture to reject bin",
                 TO_HOLDING: "move to holding position"}

#: the error codes a negative reply may carry (CREATOR's numbering, as far as public)
ERRORS = {
    "00": "undefined command", "01": "command parameter error",
    "02": "command sequence error", "03": "command not supported by the hardware",
    "04": "command data error", "10": "card jammed", "12": "sensor error",
    "40": "card pulled out during capture", "43": "card cannot reach the IC position",
    "A0": "card hopper empty", "A1": "reject bin full", "B0": "not initialised",
}


def bcc(data: bytes) -> int:
    out = 0
    for b in data:
        out ^= b
    return out


def encode(addr: int, text: bytes) -> bytes:
    if not 0 <= addr <= 0xFF:
        raise ValueError(f"address {addr} is not one byte")
    if len(text) > MAX_TEXT:
        raise ValueError(f"a text of {len(text)} bytes is over {MAX_TEXT}")
    body = bytes((STX, addr, len(text) >> 8, len(text) & 0xFF)) + text + bytes((ETX,))
    return body + bytes((bcc(body),))


def encode_command(addr: int, command: tuple[int, int], data: bytes = b"") -> bytes:
    return encode(addr, bytes((CMD, *command)) + data)


def encode_reply(addr: int, command: tuple[int, int], status: bytes, data: bytes = b"") -> bytes:
    """A positive reply: ``status`` is ST0 ST1 ST2 (three ASCII digits)."""
    return encode(addr, bytes((POSITIVE, *command)) + status + data)


def encode_error(addr: int, command: tuple[int, int], code: str, data: bytes = b"") -> bytes:
    return encode(addr, bytes((NEGATIVE, *command)) + code.encode("ascii") + data)


@dataclass(frozen=True)
class Frame:
    addr: int
    text: bytes

    @property
    def kind(self) -> int:
        return self.text[0] if self.text else 0

    @property
    def command(self) -> tuple[int, int]:
        return (self.text[1], self.text[2]) if len(self.text) >= 3 else (0, 0)

    @property
    def positive(self) -> bool:
        return self.kind == POSITIVE

    @property
    def status(self) -> bytes:
        """ST0 ST1 ST2 of a positive reply."""
        return self.text[3:6]

    @property
    def error(self) -> str:
        """E1 E0 of a negative reply."""
        return self.text[3:5].decode("ascii", "replace")

    @property
    def data(self) -> bytes:
        """What follows the status (positive) or the error code (negative, command: after PM)."""
        if self.kind == POSITIVE:
            return self.text[6:]
        if self.kind == NEGATIVE:
            return self.text[5:]
        return self.text[3:]


@dataclass(frozen=True)
class Control:
    """A single ACK (06) or NAK (15) byte."""

    byte: int


@dataclass(frozen=True)
class BadFrame:
    reason: str


class FrameDecoder:
    """Cuts a byte stream into frames, ACK/NAK bytes and bad frames (resynchronising on the
    next F2 after a bad one); bytes outside any frame are noise and skipped."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self.skipped = 0

    def reset(self) -> None:
        self._buf.clear()

    @property
    def pending(self) -> bool:
        return bool(self._buf)

    def feed(self, data: bytes) -> list[Frame | Control | BadFrame]:
        self._buf += data
        out: list[Frame | Control | BadFrame] = []
        buf = self._buf
        while buf:
            first = buf[0]
            if first in (ACK, NAK):
                out.append(Control(first))
                del buf[0]
                continue
            if first != STX:
                del buf[0]
                self.skipped += 1
                continue
            if len(buf) < 4:
                break
            size = buf[2] << 8 | buf[3]
            if size > MAX_TEXT:
                out.append(BadFrame(f"length {size} is over {MAX_TEXT}"))
                del buf[0]
                continue
            total = 4 + size + 2
            if len(buf) < total:
                break
            frame = bytes(buf[:total])
            if frame[-2] != ETX:
                out.append(BadFrame(f"no ETX after {size} text bytes"))
                del buf[0]
                continue
            if bcc(frame[:-1]) != frame[-1]:
                out.append(BadFrame(f"BCC {frame[-1]:02X}, expected {bcc(frame[:-1]):02X}"))
                del buf[0]
                continue
            out.append(Frame(frame[1], frame[4:-2]))
            del buf[:total]
        return out


__all__ = ["ACK", "CAPTURE", "COMMAND_NAMES", "ERRORS", "INITIALISE", "NAK", "SENSORS",
           "STATUS", "TO_GATE", "TO_HOLDING", "TO_IC", "TO_RF", "BadFrame", "Control", "Frame",
           "FrameDecoder", "bcc", "encode", "encode_command", "encode_error", "encode_reply"]
