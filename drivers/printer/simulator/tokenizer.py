"""ESC/POS byte stream → whole commands, as they arrive: the virtual printer's first stage.

The tokenizer knows every command's length, including data blocks such as ``GS v 0`` images,
so bytes inside image or QR data are never mistaken for commands. Real-time commands
(``DLE EOT``, ``DLE ENQ``, ``DLE DC4``) are recognised here, before any buffering, as a real
printer does.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    kind: str  # "text", "ctl", "esc", "gs", "fs", "dle"
    code: int = 0  # command letter (ESC a → ord("a")) or control byte
    args: bytes = b""  # everything after the command letter
    raw: bytes = b""

    @property
    def realtime(self) -> bool:
        return self.kind == "dle"

    def __repr__(self) -> str:
        name = (self.kind if self.kind in ("text", "ctl")
                else f"{self.kind.upper()} {chr(self.code)}")
        return f"<{name} {self.raw[:24].hex(' ')}{'…' if len(self.raw) > 24 else ''}>"


class Incomplete(Exception):
    """The command continues in bytes not received yet."""


# Fixed argument counts after the command letter
_ESC_ARGS = {
    "@": 0, "!": 1, "E": 1, "-": 1, "a": 1, "d": 1, "J": 1, "2": 0, "3": 1, "M": 1, "t": 1,
    "{": 1, "G": 1, "R": 1, " ": 1, "$": 2, "\\": 2, "p": 3, "V": 1, "r": 1, "U": 1, "=": 1,
    "%": 1, "i": 0, "m": 0, "B": 2, "c": 2, "L": 0, "S": 0, "T": 1, "W": 8, "e": 1, "K": 1,
    "?": 1, "<": 0, "+": 1, "A": 1, "C": 1, "u": 1, "v": 0, "n": 1,
}
_GS_ARGS = {
    "!": 1, "B": 1, "b": 1, "h": 1, "w": 1, "H": 1, "f": 1, "L": 2, "W": 2, "r": 1, "I": 1,
    "a": 1, "/": 1, "P": 2, "T": 1, "\\": 2, "$": 2, ":": 0, "^": 3, "E": 1, "x": 1, "y": 1,
    "z": 1, "g": 2, "j": 1, "Q": 2, "S": 1, "C": 1, "G": 1, "t": 1,
}
_FS_ARGS = {"&": 0, ".": 0, "!": 1, "-": 1, "C": 1, "W": 1, "S": 2, "p": 2, "?": 1, "A": 1,
            "@": 0, "g": 1}


def _need(buf: bytes, end: int) -> None:
    if len(buf) < end:
        raise Incomplete


def _with_pl_ph(buf: bytes, i: int) -> int:
    """``X ( fn pL pH data``: ``i`` points at '('. Returns the end index."""
    _need(buf, i + 4)
    length = buf[i + 2] | buf[i + 3] << 8
    _need(buf, i + 4 + length)
    return i + 4 + length


def _parse_one(buf: bytes, i: int) -> tuple[Token, int]:
    b = buf[i]
    if b == 0x10:  # DLE: real-time commands
        _need(buf, i + 2)
        c = buf[i + 1]
        if c in (0x04, 0x05):  # DLE EOT n, DLE ENQ n
            _need(buf, i + 3)
            return Token("dle", c, buf[i + 2 : i + 3], buf[i : i + 3]), i + 3
        if c == 0x14:  # DLE DC4 fn ...
            _need(buf, i + 3)
            end = i + (10 if buf[i + 2] == 8 else 5)
            _need(buf, end)
            return Token("dle", c, buf[i + 2 : end], buf[i:end]), end
        return Token("ctl", b, b"", buf[i : i + 1]), i + 1
    if b in (0x1B, 0x1D, 0x1C):
        kind = {0x1B: "esc", 0x1D: "gs", 0x1C: "fs"}[b]
        _need(buf, i + 2)
        c = buf[i + 1]
        ch = chr(c)
        j = i + 1  # index of the command letter
        if kind == "esc" and ch == "*":  # ESC * m nL nH d…: column bit image
            _need(buf, j + 4)
            m, n = buf[j + 1], buf[j + 2] | buf[j + 3] << 8
            end = j + 4 + n * (3 if m in (32, 33) else 1)
        elif kind == "esc" and ch == "D":  # tab positions, NUL-terminated
            k = j + 1
            while True:
                _need(buf, k + 1)
                if buf[k] == 0 or k - j > 32:
                    break
                k += 1
            end = k + 1
        elif kind == "esc" and ch == "&":  # user-defined characters
            _need(buf, j + 4)
            y, c1, c2 = buf[j + 1], buf[j + 2], buf[j + 3]
            k = j + 4
            for _ in range(max(0, c2 - c1 + 1)):
                _need(buf, k + 1)
                k += 1 + y * buf[k]
            _need(buf, k)
            end = k
        elif ch == "(" and kind in ("esc", "gs", "fs"):  # X ( fn pL pH data
            end = _with_pl_ph(buf, j)
        elif kind == "gs" and ch == "8":  # GS 8 L p1 p2 p3 p4 data (large graphics)
            _need(buf, j + 6)
            end = j + 6 + int.from_bytes(buf[j + 2 : j + 6], "little")
        elif kind == "gs" and ch == "v":  # GS v 0 m xL xH yL yH data
            _need(buf, j + 7)
            x = buf[j + 3] | buf[j + 4] << 8
            y = buf[j + 5] | buf[j + 6] << 8
            end = j + 7 + x * y
        elif kind == "gs" and ch == "k":  # GS k m d… NUL  |  GS k m n d1…dn
            _need(buf, j + 2)
            m = buf[j + 1]
            if m <= 6:
                k = j + 2
                while True:
                    _need(buf, k + 1)
                    if buf[k] == 0:
                        break
                    k += 1
                end = k + 1
            else:
                _need(buf, j + 3)
                end = j + 3 + buf[j + 2]
        elif kind == "gs" and ch == "V":  # GS V m [n]
            _need(buf, j + 2)
            end = j + (2 if buf[j + 1] in (0, 1, 48, 49) else 3)
        elif kind == "gs" and ch == "*":  # GS * x y d (x*y*8 bytes)
            _need(buf, j + 3)
            end = j + 3 + buf[j + 1] * buf[j + 2] * 8
        elif kind == "fs" and ch == "2":  # FS 2 c1 c2 d1…d72
            end = j + 3 + 72
        else:
            table = {"esc": _ESC_ARGS, "gs": _GS_ARGS, "fs": _FS_ARGS}[kind]
            if ch not in table:
                return Token(kind, c, b"", buf[i : i + 2]), i + 2  # unknown: engine reports it
            end = j + 1 + table[ch]
        _need(buf, end)
        return Token(kind, c, bytes(buf[j + 1 : end]), bytes(buf[i:end])), end
    if b < 0x20 or b == 0x7F:
        return Token("ctl", b, b"", buf[i : i + 1]), i + 1
    k = i
    n = len(buf)
    while k < n and buf[k] >= 0x20 and buf[k] != 0x7F:
        k += 1
    return Token("text", 0, bytes(buf[i:k]), bytes(buf[i:k])), k


class Tokenizer:
    """Incremental: ``feed(chunk)`` returns every command completed by this chunk."""

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[Token]:
        self._buf += data
        out: list[Token] = []
        i = 0
        buf = bytes(self._buf)
        while i < len(buf):
            try:
                tok, i2 = _parse_one(buf, i)
            except Incomplete:
                break
            out.append(tok)
            i = i2
        del self._buf[:i]
        return out

    @property
    def pending(self) -> int:
        return len(self._buf)

    def reset(self) -> None:
        self._buf.clear()


def tokenize(data: bytes) -> Iterator[Token]:
    t = Tokenizer()
    yield from t.feed(data)
    if t.pending:
        yield Token("ctl", 0, b"", b"")  # truncated tail: reported as unknown by the engine
