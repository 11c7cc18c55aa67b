"""The APDU transport family: command/response exchanges with a smart card in a reader.

Byte-stream devices sit on :mod:`drivers.core.transport`; a contact smart card does not – its
unit is the APDU (ISO 7816-4), and on Linux the reader is reached through pcscd. This module
holds the seam every smart-card driver stands on:

- :class:`ApduChannel`: one reader slot and the card in it (open/close, card presence, ATR,
  ``transmit`` of one raw APDU, and ``exchange`` with the status-word rules applied: 61xx →
  GET RESPONSE, 6Cxx → the same command again with the Le the card asked for);
- :class:`PcscTransport`: the channel through pcscd with pyscard. Every PC/SC call runs on a
  helper thread under a deadline, because pyscard blocks for as long as pcscd, the reader
  driver or the card do: a hung card or daemon becomes a :class:`DeviceTimeout`, never a hung
  device worker;
- :func:`command` / :class:`ApduResponse`: building short APDUs and reading status words;
- the errors a card exchange can end in, typed like every other device error.

The simulator flavour of this family is :mod:`drivers.core.vpcd` (a virtual card behind the
vpcd reader driver, so mock mode runs the real pcscd and pyscard). Nothing here logs APDU
data: a social-security card's answers are personal data; headers and status words only.
"""
from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from drivers.core.errors import DeviceDisconnected, DeviceError, DeviceTimeout, ProtocolError
from drivers.core.status import Recovery

log = logging.getLogger(__name__)
T = TypeVar("T")


# --------------------------------------------------------------------- errors
class NoCardError(DeviceError):
    """The reader is there but holds no card (or the configured reader has none)."""

    code = "no_card"
    state = None
    recovery = Recovery.RETRY
    message_zh = "读卡器中没有卡片"


class CardRemovedError(DeviceError):
    """The card left the reader while it was in use (pulled out mid-exchange)."""

    code = "card_removed"
    state = None
    recovery = Recovery.RETRY
    message_zh = "卡片已被取出"


class CardCommunicationError(ProtocolError):
    """The card is there but the exchange failed: mute card, an answer without a status word,
    a reset by another application. Inserting the card again usually helps."""

    code = "card_io"
    message_zh = "卡片通信错误"


class ReaderBusy(DeviceError):
    """Another application holds the reader exclusively."""

    code = "reader_busy"
    state = None
    recovery = Recovery.RETRY
    message_zh = "读卡器被占用"


class StatusWordError(DeviceError):
    """The card refused a command: its status word is not one the caller accepts."""

    code = "status_word"
    state = None
    recovery = Recovery.RETRY
    message_zh = "卡片拒绝了操作"

    def __init__(self, message: str, sw: int, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.sw = sw

    def to_dict(self) -> dict:
        return {**super().to_dict(), "sw": f"{self.sw:04X}"}


# ----------------------------------------------------------- APDUs and SW1 SW2
#: ISO 7816-4 status words a technician may meet, in a few words each (exact matches)
SW_TEXT: dict[int, str] = {
    0x9000: "ok",
    0x6281: "returned data may be corrupted",
    0x6282: "end of file reached before Le bytes",
    0x6283: "selected file invalidated",
    0x6700: "wrong length",
    0x6982: "security status not satisfied",
    0x6983: "authentication method blocked",
    0x6984: "reference data not usable",
    0x6985: "conditions of use not satisfied",
    0x6986: "command not allowed (no current EF)",
    0x6A80: "incorrect data field",
    0x6A81: "function not supported",
    0x6A82: "file or application not found",
    0x6A83: "record not found",
    0x6A86: "incorrect P1 P2",
    0x6A88: "referenced data not found",
    0x6B00: "wrong parameters (offset outside the EF)",
    0x6D00: "instruction not supported",
    0x6E00: "class not supported",
    0x6F00: "no precise diagnosis",
}


def describe_sw(sw: int) -> str:
    """``6A82`` → "file or application not found"; the families for the rest."""
    if sw in SW_TEXT:
        return SW_TEXT[sw]
    sw1, sw2 = sw >> 8, sw & 0xFF
    if sw1 == 0x61:
        return f"{sw2 or 256} more bytes available (GET RESPONSE)"
    if sw1 == 0x6C:
        return f"wrong Le, the card has {sw2 or 256} bytes"
    if sw1 == 0x63 and sw2 & 0xF0 == 0xC0:
        return f"verification failed, {sw2 & 0x0F} tries left"
    return {0x62: "warning, state unchanged", 0x63: "warning, state changed",
            0x64: "execution error, state unchanged", 0x65: "execution error, state changed",
            0x68: "function in CLA not supported", 0x69: "command not allowed",
            0x6A: "wrong parameters"}.get(sw1, "unknown status")


def command(cla: int, ins: int, p1: int, p2: int, data: bytes = b"",
            le: int | None = None) -> bytes:
    """A short command APDU (ISO 7816-4 cases 1-4). ``le`` 1..256 (256 is coded 00)."""
    for name, value in (("CLA", cla), ("INS", ins), ("P1", p1), ("P2", p2)):
        if not 0 <= value <= 0xFF:
            raise ValueError(f"{name} {value:#x} is not one byte")
    apdu = bytearray((cla, ins, p1, p2))
    if data:
        if len(data) > 255:
            raise ValueError(f"{len(data)} data bytes do not fit a short APDU (max 255)")
        apdu += bytes((len(data),)) + bytes(data)
    if le is not None:
        if not 1 <= le <= 256:
            raise ValueError(f"Le {le} is outside 1..256")
        apdu.append(le & 0xFF)
    return bytes(apdu)


def with_le(apdu: bytes, le: int) -> bytes:
    """The same short command with Le replaced (or added): what 6Cxx asks for."""
    le &= 0xFF
    if len(apdu) == 4:  # case 1 → case 2
        return apdu + bytes((le,))
    if len(apdu) == 5:  # case 2: header + Le
        return apdu[:4] + bytes((le,))
    lc = apdu[4]
    if lc and len(apdu) == 5 + lc:  # case 3 → case 4
        return apdu + bytes((le,))
    if lc and len(apdu) == 6 + lc:  # case 4
        return apdu[:-1] + bytes((le,))
    raise ValueError(f"not a short APDU ({len(apdu)} bytes, Lc {lc})")


@dataclass(frozen=True)
class ApduResponse:
    """A response APDU: the data and the status word SW1 SW2."""

    data: bytes
    sw1: int
    sw2: int

    @classmethod
    def parse(cls, raw: bytes, where: str = "card") -> ApduResponse:
        if len(raw) < 2:
            raise CardCommunicationError(
                f"{where}: answer of {len(raw)} byte(s) has no status word")
        return cls(bytes(raw[:-2]), raw[-2], raw[-1])

    @property
    def sw(self) -> int:
        return self.sw1 << 8 | self.sw2

    @property
    def ok(self) -> bool:
        return self.sw == 0x9000

    def check(self, *accepted: int, where: str = "card") -> ApduResponse:
        """Self when SW is in ``accepted`` (default 9000), else StatusWordError."""
        if self.sw not in (accepted or (0x9000,)):
            raise StatusWordError(f"{where}: SW {self.sw:04X} ({describe_sw(self.sw)})", self.sw)
        return self

    def __bytes__(self) -> bytes:
        return self.data + bytes((self.sw1, self.sw2))

    def __repr__(self) -> str:  # the data may be personal: its length only
        return f"ApduResponse({len(self.data)} bytes, SW {self.sw:04X})"


#: GET RESPONSE chains longer than this are a card (or simulator) gone wrong
MAX_GET_RESPONSE = 64


def exchange(transmit: Callable[[bytes], bytes], apdu: bytes,
             where: str = "card") -> ApduResponse:
    """One command with the transport-level status words handled (ISO 7816-3/-4):

    - 6Cxx: wrong Le – send the same command again with Le = xx;
    - 61xx: xx more bytes wait – GET RESPONSE (``0X C0 00 00 xx``) until the card is done,
      the pieces joined into one answer.
    Anything else (9000, 6A82 …) is returned for the caller to judge (``.check()``).
    """
    response = ApduResponse.parse(transmit(apdu), where)
    if response.sw1 == 0x6C:
        response = ApduResponse.parse(transmit(with_le(apdu, response.sw2)), where)
    data = response.data
    # GET RESPONSE keeps the logical channel of an interindustry CLA; proprietary classes
    # (8X, 9X …) still fetch with 00
    cla = apdu[0] & 0x03 if apdu[0] < 0x80 else 0x00
    for _ in range(MAX_GET_RESPONSE):
        if response.sw1 != 0x61:
            return ApduResponse(data, response.sw1, response.sw2)
        get = bytes((cla, 0xC0, 0x00, 0x00, response.sw2))
        response = ApduResponse.parse(transmit(get), where)
        if response.sw1 == 0x6C:
            response = ApduResponse.parse(transmit(with_le(get, response.sw2)), where)
        data += response.data
    raise CardCommunicationError(f"{where}: more than {MAX_GET_RESPONSE} GET RESPONSE rounds")


# ------------------------------------------------------------------- channel
@dataclass(frozen=True)
class ReaderState:
    """What pcscd (or any reader) says about a slot, without talking to the card."""

    reader: str
    present: bool
    mute: bool = False  # a card is there but did not answer its reset
    atr: bytes = b""
    in_use: bool = False  # another application has the card
    event: int = 0  # the raw SCARD_STATE_* word, to ask pcscd "tell me when this changes"


class ApduChannel(ABC):
    """One reader slot and the card in it. ``port`` names the reader as configured.

    ``open`` reaches the reader (the service and the reader exist), ``close`` is always safe,
    ``transmit`` moves one raw APDU, ``exchange`` applies the status-word rules above.
    """

    def __init__(self, port: str, *, timeout: float = 5.0) -> None:
        self.port = port
        self.timeout = timeout  # deadline of one call, seconds

    @property
    @abstractmethod
    def is_open(self) -> bool: ...

    @abstractmethod
    def open(self) -> None:
        """DeviceDisconnected (one line: why) when the reader cannot be reached."""

    @abstractmethod
    def close(self) -> None:
        """Always safe: idempotent and never raises."""

    @abstractmethod
    def reader_state(self) -> ReaderState:
        """Card presence without touching the card; DeviceDisconnected when the reader left."""

    @abstractmethod
    def atr(self) -> bytes:
        """The card's answer-to-reset, connecting to it if needed; NoCardError without one."""

    @abstractmethod
    def transmit(self, apdu: bytes, timeout: float | None = None) -> bytes:
        """One command APDU → the raw response APDU (data + SW1 SW2)."""

    @abstractmethod
    def release_card(self, reset: bool = False) -> None:
        """Let go of the card (reset it: its selected application is forgotten)."""

    def exchange(self, apdu: bytes, timeout: float | None = None) -> ApduResponse:
        return exchange(lambda a: self.transmit(a, timeout), apdu, self.port)

    def card_present(self) -> bool:
        return self.reader_state().present

    def __enter__(self) -> ApduChannel:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.port!r})"


# ---------------------------------------------------------------- PC/SC codes
# PC/SC return codes (winscard.h; the same numbers on every platform)
SCARD_S_SUCCESS = 0x00000000
SCARD_E_CANCELLED = 0x80100002
SCARD_E_INVALID_HANDLE = 0x80100003
SCARD_E_UNKNOWN_READER = 0x80100009
SCARD_E_TIMEOUT = 0x8010000A
SCARD_E_SHARING_VIOLATION = 0x8010000B
SCARD_E_NO_SMARTCARD = 0x8010000C
SCARD_E_PROTO_MISMATCH = 0x8010000F
SCARD_F_COMM_ERROR = 0x80100013
SCARD_E_NOT_TRANSACTED = 0x80100016
SCARD_E_READER_UNAVAILABLE = 0x80100017
SCARD_E_NO_SERVICE = 0x8010001D
SCARD_E_SERVICE_STOPPED = 0x8010001E
SCARD_E_NO_READERS_AVAILABLE = 0x8010002E
SCARD_E_COMM_DATA_LOST = 0x8010002F
SCARD_W_UNRESPONSIVE_CARD = 0x80100066
SCARD_W_UNPOWERED_CARD = 0x80100067
SCARD_W_RESET_CARD = 0x80100068
SCARD_W_REMOVED_CARD = 0x80100069

PCSC_NAMES = {value: name for name, value in globals().items()
              if name.startswith(("SCARD_E_", "SCARD_W_", "SCARD_F_", "SCARD_S_"))}

#: the daemon or the reader is gone: reopen everything (the worker reconnects)
_GONE = {SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED, SCARD_F_COMM_ERROR,
         SCARD_E_NO_READERS_AVAILABLE, SCARD_E_UNKNOWN_READER, SCARD_E_READER_UNAVAILABLE,
         SCARD_E_INVALID_HANDLE}
#: the card went away
_REMOVED = {SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD}
#: the card is (perhaps) there but did not complete the exchange
_CARD_TROUBLE = {SCARD_E_NOT_TRANSACTED, SCARD_W_UNRESPONSIVE_CARD, SCARD_W_UNPOWERED_CARD,
                 SCARD_E_COMM_DATA_LOST, SCARD_E_PROTO_MISMATCH}

# SCARD_STATE_* bits of a reader state
_STATE_UNKNOWN, _STATE_UNAVAILABLE = 0x0004, 0x0008
_STATE_PRESENT, _STATE_INUSE, _STATE_MUTE = 0x0020, 0x0100, 0x0200
_STATE_UNAWARE, _STATE_CHANGED = 0x0000, 0x0002

_PROTOCOLS = {"any": 0x3, "T0": 0x1, "T1": 0x2}
_SHARE = {"shared": 2, "exclusive": 1}
_LEAVE_CARD, _RESET_CARD = 0, 1
_SCOPE_USER = 0

#: reader names meaning "the first reader with a card"
ANY_READER = ("", "*")


def pcsc_text(code: int) -> str:
    """``SCARD_E_NO_SERVICE`` for 0x8010001D; the hex for codes without a name here."""
    code &= 0xFFFFFFFF
    return PCSC_NAMES.get(code, f"0x{code:08X}")


def _scard():
    """pyscard's PC/SC binding, imported on first use (``kiosk --help`` stays fast)."""
    try:
        from smartcard import scard
    except ImportError as exc:  # pragma: no cover - pyscard is a runtime dependency
        raise DeviceError("pyscard is not installed (pip install pyscard)",
                          recovery=Recovery.TECHNICIAN, code="no_pyscard") from exc
    return scard


class PcscTransport(ApduChannel):
    """A reader through pcscd (pyscard's ``smartcard.scard``).

    ``port``: the reader's name as pcscd lists it (``"Virtual PCD 00 00"``, ``"ACS ACR39U ICC
    Reader 00 00"``); a prefix that names one reader will do (the index suffix changes with
    the USB port). ``"*"`` or ``""``: whichever reader holds a card, the first one listed.
    ``share``: "shared" (default) or "exclusive"; ``protocol``: "any", "T0" or "T1".

    Each PC/SC call runs on its own short-lived thread with a deadline (``timeout``). When it
    misses the deadline the context is abandoned – released in the background once the stuck
    call returns – and DeviceTimeout is raised; the next ``open`` starts a fresh context.
    """

    #: how long a failed exchange waits for pcscd to tell whether the card left: pcscd polls
    #: card presence every 0.4 s (readers without interrupt notification, vpcd among them)
    REMOVAL_GRACE = 1.0

    def __init__(self, port: str = "*", *, timeout: float = 5.0, share: str = "shared",
                 protocol: str = "any") -> None:
        super().__init__(port, timeout=timeout)
        if share not in _SHARE:
            raise ValueError(f"share must be one of {', '.join(_SHARE)}, got {share!r}")
        if protocol not in _PROTOCOLS:
            raise ValueError(f"protocol must be one of {', '.join(_PROTOCOLS)}, got {protocol!r}")
        self.share = share
        self.protocol = protocol
        self._context: int | None = None
        self._card: int | None = None  # SCARDHANDLE of the connected card
        self._active_protocol = 0
        self._card_reader = ""  # the reader the card handle belongs to
        self._card_atr = b""
        self._readers: list[str] = []
        self._resolved = ""  # the configured reader's full name ("" for any reader)
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ plumbing
    def _call(self, what: str, fn: Callable[..., T], *args: Any,
              timeout: float | None = None) -> T:
        """``fn(*args)`` on a helper thread; DeviceTimeout when it outlives the deadline.

        pyscard releases the GIL inside the PC/SC call, so the caller really waits with a
        deadline; a call that never returns strands only its own daemon thread.
        """
        budget = self.timeout if timeout is None else timeout
        box: dict[str, Any] = {}
        done = threading.Event()

        def run() -> None:
            try:
                box["result"] = fn(*args)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                box["error"] = exc
            finally:
                done.set()

        threading.Thread(target=run, name=f"pcsc-{what}", daemon=True).start()
        if not done.wait(budget):
            self._abandon()
            raise DeviceTimeout(f"{self.port}: {what} got no answer from pcscd within "
                                f"{budget:.1f}s (reader or card hung)")
        if "error" in box:
            raise box["error"]
        return box["result"]

    def _abandon(self) -> None:
        """Drop a context that a stuck call holds: release it once that call returns."""
        context, card = self._context, self._card
        self._context = self._card = None
        self._card_reader, self._card_atr = "", b""
        if context is None:
            return
        scard = _scard()

        def release() -> None:  # blocks for as long as the stuck call does
            try:
                if card is not None:
                    scard.SCardDisconnect(card, _LEAVE_CARD)
                scard.SCardReleaseContext(context)
            except Exception:  # noqa: BLE001 - best effort on a dead context
                pass

        threading.Thread(target=release, name="pcsc-release", daemon=True).start()

    def _error(self, what: str, code: int) -> DeviceError:
        """The typed error a PC/SC return code means."""
        code &= 0xFFFFFFFF
        name = pcsc_text(code)
        if code in (SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED):
            return DeviceDisconnected(f"{self.port}: pcscd is not running ({name})")
        if code == SCARD_F_COMM_ERROR:
            return DeviceDisconnected(f"{self.port}: lost the connection to pcscd ({name})")
        if code in (SCARD_E_NO_READERS_AVAILABLE, SCARD_E_UNKNOWN_READER,
                    SCARD_E_READER_UNAVAILABLE):
            return DeviceDisconnected(f"{self.port}: reader is gone ({name})")
        if code == SCARD_E_INVALID_HANDLE:
            return DeviceDisconnected(f"{self.port}: {what}: stale PC/SC handle, pcscd was "
                                      f"restarted ({name})")
        if code == SCARD_E_TIMEOUT:
            return DeviceTimeout(f"{self.port}: {what} timed out in pcscd ({name})")
        if code in _REMOVED:
            return CardRemovedError(f"{self.port}: {what}: the card was removed ({name})")
        if code == SCARD_E_SHARING_VIOLATION:
            return ReaderBusy(f"{self.port}: {what}: another application holds the reader "
                              f"({name})")
        if code == SCARD_W_RESET_CARD:
            return CardCommunicationError(f"{self.port}: {what}: the card was reset by another "
                                          f"application ({name})")
        return CardCommunicationError(f"{self.port}: {what} failed ({name})")

    def _check(self, what: str, code: int) -> None:
        if code & 0xFFFFFFFF != SCARD_S_SUCCESS:
            error = self._error(what, code)
            if isinstance(error, DeviceDisconnected):
                self.close()
            raise error

    # ---------------------------------------------------------------- life cycle
    @property
    def is_open(self) -> bool:
        return self._context is not None

    def open(self) -> None:
        scard = _scard()
        with self._lock:
            self.close()
            code, context = self._call("SCardEstablishContext", scard.SCardEstablishContext,
                                       _SCOPE_USER)
            self._check("connect to pcscd", code)
            self._context = context
            try:
                self._resolved = self._resolve_reader()
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        with self._lock:
            context, card = self._context, self._card
            self._context = self._card = None
            self._card_reader, self._card_atr = "", b""
            if context is None:
                return
            try:
                scard = _scard()
                if card is not None:
                    self._call("SCardDisconnect", scard.SCardDisconnect, card, _LEAVE_CARD)
                self._call("SCardReleaseContext", scard.SCardReleaseContext, context)
            except Exception:  # noqa: BLE001 - close must never raise (a timeout abandons)
                pass

    def _require(self) -> int:
        if self._context is None:
            raise DeviceDisconnected(f"{self.port}: not connected to pcscd")
        return self._context

    def list_readers(self) -> list[str]:
        """The readers pcscd knows now (empty: none attached)."""
        scard = _scard()
        code, readers = self._call("SCardListReaders", scard.SCardListReaders,
                                   self._require(), [])
        if code & 0xFFFFFFFF == SCARD_E_NO_READERS_AVAILABLE:
            return []
        self._check("list readers", code)
        return list(readers)

    def _resolve_reader(self) -> str:
        """The configured reader's full name (checks it exists); "" for "any reader"."""
        readers = self.list_readers()
        self._readers = readers
        if self.port in ANY_READER:
            if not readers:
                raise DeviceDisconnected(f"{self.port or '*'}: pcscd lists no reader")
            return ""
        if self.port in readers:
            return self.port
        matches = [r for r in readers if r.startswith(self.port)]
        if len(matches) == 1:
            return matches[0]
        listed = ", ".join(repr(r) for r in readers) or "none"
        why = "names several readers" if matches else "not found"
        raise DeviceDisconnected(f"{self.port}: reader {why} (pcscd lists: {listed})")

    @property
    def reader(self) -> str:
        """The reader in use: the card's, else the configured one (full name when known)."""
        return self._card_reader or self._resolved

    # -------------------------------------------------------------- card presence
    def _states(self, readers: list[str], timeout_ms: int = 0,
                current: dict[str, int] | None = None) -> list[ReaderState]:
        scard = _scard()
        query = [(r, (current or {}).get(r, _STATE_UNAWARE)) for r in readers]
        code, states = self._call("SCardGetStatusChange", scard.SCardGetStatusChange,
                                  self._require(), timeout_ms, query,
                                  timeout=self.timeout + timeout_ms / 1000)
        code &= 0xFFFFFFFF
        if code == SCARD_E_TIMEOUT:  # nothing changed within timeout_ms
            return []
        self._check("reader status", code)
        out = []
        for name, event, atr in states:
            if event & (_STATE_UNKNOWN | _STATE_UNAVAILABLE) and name == self._resolved:
                self.close()
                raise DeviceDisconnected(f"{self.port}: reader {name!r} is gone")
            present = bool(event & _STATE_PRESENT)
            out.append(ReaderState(name, present, bool(event & _STATE_MUTE),
                                   bytes(atr) if present else b"", bool(event & _STATE_INUSE),
                                   event & ~_STATE_CHANGED))
        return out

    def reader_state(self) -> ReaderState:
        with self._lock:
            self._require()
            if self._resolved:
                return self._states([self._resolved])[0]
            readers = self.list_readers()
            self._readers = readers
            if not readers:
                self.close()
                raise DeviceDisconnected("*: pcscd lists no reader")
            states = self._states(readers)
            return next((s for s in states if s.present), states[0])

    def _wait_removed(self, reader: str, budget: float) -> bool:
        """True when ``reader`` turns out empty within ``budget`` s. pcscd notices a card
        that vanished mid-exchange at its next presence poll, so this waits for that."""
        end = time.monotonic() + budget
        current = _STATE_UNAWARE  # the first answer is the state now
        while True:
            left = end - time.monotonic()
            states = self._states([reader], max(0, int(left * 1000)), {reader: current})
            if not states:
                return False  # no change within the budget: still there
            if not states[0].present:
                return True
            if left <= 0:
                return False
            current = states[0].event

    # ------------------------------------------------------------------- the card
    def _connect_card(self) -> int:
        if self._card is not None:
            return self._card
        scard = _scard()
        context = self._require()
        reader = self._resolved
        if not reader:  # any reader: the first that holds a card
            self._readers = self.list_readers()
            holding = [s for s in self._states(self._readers) if s.present]
            if not holding:
                raise NoCardError("*: no reader holds a card")
            reader = holding[0].reader
        code, card, active = self._call("SCardConnect", scard.SCardConnect, context, reader,
                                        _SHARE[self.share], _PROTOCOLS[self.protocol])
        code &= 0xFFFFFFFF
        if code in _REMOVED:
            raise NoCardError(f"{reader}: no card in the reader")
        if code in (SCARD_W_UNRESPONSIVE_CARD, SCARD_W_UNPOWERED_CARD):
            raise CardCommunicationError(f"{reader}: the card does not answer its reset "
                                         f"({pcsc_text(code)})")
        self._check(f"connect to the card in {reader!r}", code)
        self._card, self._active_protocol, self._card_reader = card, active, reader
        code, _name, _state, _proto, atr = self._call("SCardStatus", scard.SCardStatus, card)
        self._card_atr = bytes(atr) if code & 0xFFFFFFFF == SCARD_S_SUCCESS else b""
        log.debug("%s: card connected (T=%d)", reader, 0 if active == 1 else 1)
        return card

    def _drop_card(self) -> None:
        """Forget the card handle (after removal, reset or a failed exchange)."""
        card, self._card = self._card, None
        self._card_atr = b""
        if card is not None and self._context is not None:
            try:
                self._call("SCardDisconnect", _scard().SCardDisconnect, card, _LEAVE_CARD)
            except DeviceError:
                pass
        self._card_reader = ""

    def atr(self) -> bytes:
        with self._lock:
            if self._card is not None:
                # the handle may be stale: the card was pulled (and perhaps another inserted)
                code, *_rest, atr = self._call("SCardStatus", _scard().SCardStatus, self._card)
                code &= 0xFFFFFFFF
                if code == SCARD_S_SUCCESS:
                    self._card_atr = bytes(atr)
                    return self._card_atr
                if code in _REMOVED or code in _CARD_TROUBLE or code == SCARD_W_RESET_CARD:
                    self._drop_card()
                else:
                    self._check("card status", code)
            self._connect_card()
            return self._card_atr

    def release_card(self, reset: bool = False) -> None:
        with self._lock:
            card, self._card = self._card, None
            self._card_reader, self._card_atr = "", b""
            if card is not None and self._context is not None:
                try:
                    self._call("SCardDisconnect", _scard().SCardDisconnect, card,
                               _RESET_CARD if reset else _LEAVE_CARD)
                except DeviceError:
                    pass

    def transmit(self, apdu: bytes, timeout: float | None = None) -> bytes:
        apdu = bytes(apdu)
        if len(apdu) < 4:
            raise ValueError(f"an APDU has at least 4 bytes, got {len(apdu)}")
        budget = self.timeout if timeout is None else timeout
        start = time.monotonic()
        with self._lock:
            card = self._connect_card()
            reader = self._card_reader
            code, response = self._call("SCardTransmit", _scard().SCardTransmit, card,
                                        self._active_protocol, list(apdu), timeout=budget)
            code &= 0xFFFFFFFF
            response = bytes(response)
            if code == SCARD_S_SUCCESS and len(response) >= 2:
                log.debug("%s: %s → SW %s", reader, apdu[:4].hex(" "), response[-2:].hex())
                return response
            # an answer without a status word (vpcd hands on an empty one when the card
            # vanishes mid-command) or a failed exchange: removed, or a card in trouble?
            left = max(0.0, budget - (time.monotonic() - start))
            if code in _REMOVED:
                self._drop_card()
                raise self._error("transmit", code)
            if code == SCARD_S_SUCCESS or code in _CARD_TROUBLE:
                self._drop_card()
                what = (f"answer of {len(response)} byte(s) has no status word"
                        if code == SCARD_S_SUCCESS else f"transmit failed ({pcsc_text(code)})")
                if self._wait_removed(reader, min(left, self.REMOVAL_GRACE)):
                    raise CardRemovedError(f"{reader}: the card was removed mid-command "
                                           f"({what})")
                raise CardCommunicationError(f"{reader}: {what}")
            if code == SCARD_W_RESET_CARD:
                self._drop_card()
            self._check("transmit", code)
            raise AssertionError("unreachable")  # pragma: no cover


__all__ = [
    "ANY_READER", "ApduChannel", "ApduResponse", "CardCommunicationError", "CardRemovedError",
    "NoCardError", "PcscTransport", "ReaderBusy", "ReaderState", "StatusWordError",
    "command", "describe_sw", "exchange", "pcsc_text", "with_le",
]
