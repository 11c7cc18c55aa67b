"""SAM frames: ``AA AA AA 96 69 | LEN_H LEN_L | body | CHK``.

LEN counts the body and the checksum; CHK is the XOR of LEN_H, LEN_L and the body. The same
layout carries commands (body = CMD PARA DATA) and replies (body = SW1 SW2 SW3 DATA), so one
decoder serves the driver and the simulator.

The decoder is incremental: a serial line delivers a frame in pieces, with noise before it
or half a stale frame after a timeout. ``feed()`` returns what became complete and keeps the
rest; it resynchronises on the preamble and never raises on any input.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_LEN = len(PREAMBLE) + 2
#: smallest LEN: a command is CMD PARA CHK (3); a reply SW1 SW2 SW3 CHK (4)
MIN_LEN = 3
#: largest LEN a reader sends: the 30 10 reply with a 1024-byte fingerprint is 2321 bytes in
#: all, LEN 2314. Anything above this is a corrupted length, not a frame to wait for.
MAX_LEN = 2400


def xor(data: bytes | bytearray | memoryview) -> int:
    return reduce(lambda a, b: a ^ b, data, 0)


def _frame(body: bytes) -> bytes:
    length = len(body) + 1
    if length > 0xFFFF:
        raise ValueError(f"frame body too long: {len(body)} bytes")
    head = length.to_bytes(2, "big")
    return PREAMBLE + head + body + bytes([xor(head) ^ xor(body)])


def encode_command(cmd: int, para: int, data: bytes = b"") -> bytes:
    return _frame(bytes((cmd, para)) + data)


def encode_reply(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return _frame(bytes((sw1, sw2, sw3)) + data)


@dataclass(frozen=True, slots=True)
class Frame:
    """One complete, checksum-valid frame: ``body`` is everything between LEN and CHK."""

    body: bytes

    # reply view
    @property
    def sw3(self) -> int:
        return self.body[2] if len(self.body) >= 3 else -1

    @property
    def data(self) -> bytes:
        return self.body[3:]

    # command view
    @property
    def command(self) -> tuple[int, int]:
        return (self.body[0], self.body[1]) if len(self.body) >= 2 else (-1, -1)

    @property
    def command_data(self) -> bytes:
        return self.body[2:]

    @property
    def wire_length(self) -> int:
        return HEADER_LEN + len(self.body) + 1


@dataclass(frozen=True, slots=True)
class BadFrame:
    """A frame that arrived whole but is wrong: ``kind`` is "checksum" (a complete frame
    whose XOR does not match) or "length" (a preamble followed by an impossible LEN — often
    just noise that happened to contain a preamble)."""

    kind: str
    reason: str


class FrameDecoder:
    """Turns a byte stream into :class:`Frame` / :class:`BadFrame` items.

    ``noise_bytes`` counts bytes skipped while looking for a preamble (for diagnostics);
    ``pending`` tells whether part of a frame is buffered (a timeout then means "truncated",
    not "silent").
    """

    def __init__(self, max_len: int = MAX_LEN) -> None:
        self.max_len = max_len
        self._buf = bytearray()
        self.noise_bytes = 0

    def reset(self) -> None:
        self._buf.clear()

    @property
    def buffered(self) -> int:
        return len(self._buf)

    @property
    def pending(self) -> bool:
        """A preamble is buffered: a frame has begun but is not complete."""
        return len(self._buf) >= len(PREAMBLE) and self._buf.startswith(PREAMBLE)

    def expected_total(self) -> int | None:
        """Wire length of the frame being received, once its header is in."""
        buf = self._buf
        if len(buf) < HEADER_LEN or not buf.startswith(PREAMBLE):
            return None
        return HEADER_LEN + int.from_bytes(buf[5:7], "big")

    def feed(self, data: bytes) -> list[Frame | BadFrame]:
        self._buf += data
        out: list[Frame | BadFrame] = []
        buf = self._buf
        while True:
            if not self._sync():
                break
            if len(buf) < HEADER_LEN:
                break
            length = (buf[5] << 8) | buf[6]
            if length < MIN_LEN or length > self.max_len:
                # A corrupted length or a preamble that was really noise: do not wait for
                # thousands of bytes that will never come; look for the next preamble.
                out.append(BadFrame("length", f"impossible frame length {length}"))
                del buf[:1]
                continue
            total = HEADER_LEN + length
            if len(buf) < total:
                break
            chk = buf[total - 1]
            if xor(memoryview(buf)[5 : total - 1]) != chk:
                out.append(BadFrame("checksum", f"checksum mismatch in a {total}-byte frame"))
                # Skip only the preamble's first byte: if LEN itself was hit, the real
                # frame may start inside what we took for this one.
                del buf[:1]
                continue
            out.append(Frame(bytes(buf[HEADER_LEN : total - 1])))
            del buf[:total]
        return out

    def _sync(self) -> bool:
        """Drop bytes before the first (possibly partial) preamble; False: need more bytes."""
        buf = self._buf
        if not buf:
            return False
        idx = buf.find(PREAMBLE)
        if idx == 0:
            return True
        if idx > 0:
            self.noise_bytes += idx
            del buf[:idx]
            return True
        # No full preamble: keep the longest tail that could be its beginning.
        keep = 0
        for n in range(min(len(PREAMBLE) - 1, len(buf)), 0, -1):
            if buf.endswith(PREAMBLE[:n]):
                keep = n
                break
        drop = len(buf) - keep
        if drop:
            self.noise_bytes += drop
            del buf[:drop]
        return False
