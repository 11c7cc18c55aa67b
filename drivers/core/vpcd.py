"""The simulator flavour of the APDU family: a virtual smart card behind vpcd.

vpcd (Debian package ``vsmartcard-vpcd``) is a pcscd reader driver whose "card slot" is a TCP
port: it listens on 127.0.0.1:35963 (reader "Virtual PCD 00 00") and 35964 ("Virtual PCD 00
01"), and a virtual card *connects to it*. So in mock mode the real stack runs – pyscard,
pcscd, the reader driver – and only the card is simulated. Inserting the card is connecting,
removing it is disconnecting.

The wire (vpcd's own protocol): every message is a 2-byte big-endian length and a payload.
A 1-byte payload is a control message – ``00`` power off, ``01`` power on, ``02`` reset,
``04`` get ATR (answered with the ATR) – and anything longer is a command APDU, answered with
the response APDU (data + SW1 SW2)::

    vpcd → card   00 01 01                          power on (no answer)
    vpcd → card   00 01 04                          get ATR
    card → vpcd   00 0F 3B 8A 80 01 … 65            the ATR (15 bytes)
    vpcd → card   00 0C 00 A4 04 0C 07 F0 … 01      an APDU (SELECT by name)
    card → vpcd   00 02 90 00                       its response

A card is a :class:`VpcdCard` subclass with an ``atr`` and ``on_apdu(apdu) -> bytes``. vpcd
waits for every answer without a deadline, which is what makes the ``silent`` fault a hung
reader for pcscd and the driver above it.
"""
from __future__ import annotations

import logging
import socket
import threading
from abc import abstractmethod
from typing import Any, ClassVar

from drivers.core.simulator import Link, OnConnect, OnData, Simulator

log = logging.getLogger(__name__)

VPCD_PORT = 35963
#: vpcd's reader per port, as pcscd names them (reader.conf FRIENDLYNAME "Virtual PCD")
VPCD_READERS = {35963: "Virtual PCD 00 00", 35964: "Virtual PCD 00 01"}

CTRL_OFF, CTRL_ON, CTRL_RESET, CTRL_ATR = 0x00, 0x01, 0x02, 0x04

# Linux: ack every segment at once. vpcd writes the length and the payload of a message in two
# send() calls; with the card's delayed ACK, Nagle holds the payload back ~40 ms per APDU.
_QUICKACK = getattr(socket, "TCP_QUICKACK", None)


def frame(payload: bytes) -> bytes:
    """One vpcd message: 2-byte big-endian length + payload."""
    if len(payload) > 0xFFFF:
        raise ValueError(f"vpcd message of {len(payload)} bytes is over 65535")
    return len(payload).to_bytes(2, "big") + payload


class FrameBuffer:
    """Cuts the byte stream from vpcd into messages (TCP may split or join them)."""

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        self._buf += data
        out = []
        while len(self._buf) >= 2:
            size = int.from_bytes(self._buf[:2], "big")
            if len(self._buf) < 2 + size:
                break
            out.append(bytes(self._buf[2 : 2 + size]))
            del self._buf[: 2 + size]
        return out


def reader_for(vpcd_port: int) -> str:
    try:
        return VPCD_READERS[vpcd_port]
    except KeyError:
        raise ValueError(f"no known vpcd reader on port {vpcd_port} (known: "
                         f"{', '.join(map(str, VPCD_READERS))}); give reader=") from None


class VpcdLink(Link):
    """The card's end of the wire: a TCP *client* of vpcd (the other links listen).

    While plugged it keeps connecting: a card stays in its reader when pcscd restarts, so it
    reconnects when vpcd listens again (backoff up to ``retry_max`` s). ``port`` is the reader
    name pcscd shows, which is what the driver opens.
    """

    kind = "vpcd"

    def __init__(self, name: str, *, vpcd_port: int = VPCD_PORT, host: str = "127.0.0.1",
                 reader: str | None = None, retry_max: float = 1.0) -> None:
        super().__init__(name)
        self.vpcd_port = vpcd_port
        self.host = host
        self.reader = reader or reader_for(vpcd_port)
        self.retry_max = retry_max
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._stop: threading.Event | None = None
        self._thread: threading.Thread | None = None
        self._connected = threading.Event()

    @property
    def port(self) -> str:
        return self.reader

    @property
    def plugged(self) -> bool:
        return self._stop is not None and not self._stop.is_set()

    @property
    def connected(self) -> bool:
        """The TCP connection to vpcd is up (vpcd may not have accepted it yet)."""
        return self._connected.is_set()

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def wait_unplugged(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` s; True at once when the card is pulled meanwhile."""
        stop = self._stop
        return stop is None or stop.wait(timeout)

    def plug(self, on_connect: OnConnect, on_data: OnData) -> None:
        with self._lock:
            if self.plugged:
                return
            stop = threading.Event()
            self._stop = stop
            self._thread = threading.Thread(target=self._run, args=(stop, on_connect, on_data),
                                            daemon=True, name=f"vpcd-{self.name}")
            self._thread.start()

    def unplug(self) -> None:
        with self._lock:
            stop, sock, thread = self._stop, self._sock, self._thread
            if stop is None:
                return
            stop.set()
            self._sock = None
        if sock is not None:
            try:
                # shutdown, not just close: close() leaves a recv() in another thread blocked
                # and the connection up, so vpcd would never see the card leave
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if thread is not None and thread is not threading.current_thread():
            thread.join(2)

    def _run(self, stop: threading.Event, on_connect: OnConnect, on_data: OnData) -> None:
        delay = 0.05
        while not stop.is_set():
            try:
                sock = socket.create_connection((self.host, self.vpcd_port), timeout=1.0)
            except OSError:  # vpcd not listening: pcscd is down or not started yet
                stop.wait(delay)
                delay = min(self.retry_max, delay * 2)
                continue
            delay = 0.05
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(None)  # unplug() wakes the blocking recv with shutdown()
            with self._lock:
                if stop.is_set():
                    sock.close()
                    return
                self._sock = sock
            self._connected.set()
            log.debug("%s: card in %s (vpcd %s:%d)", self.name, self.reader, self.host,
                      self.vpcd_port)
            try:
                on_connect()
                while True:
                    if _QUICKACK is not None:
                        sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
                    data = sock.recv(65536)
                    if not data:
                        break
                    on_data(data)
            except OSError:
                pass
            finally:
                self._connected.clear()
                with self._lock:
                    if self._sock is sock:
                        self._sock = None
                sock.close()
            stop.wait(delay)  # vpcd closed on us (pcscd stopped): try again while plugged

    def write(self, data: bytes) -> None:
        sock = self._sock
        if sock is None:
            return
        try:
            sock.sendall(data)
        except OSError:
            pass


class VpcdCard(Simulator):
    """A virtual smart card in a vpcd reader. Subclasses give ``atr`` and ``on_apdu``.

    ``vpcd_port``: 35963 (reader "Virtual PCD 00 00", the default) or 35964 ("Virtual PCD 00
    01"); any other port needs ``reader=`` (the name pcscd shows for it). ``inserted``: whether
    the card is in the reader when the simulator starts. ``port`` (what the driver opens) is
    the reader's name.
    """

    FAULTS: ClassVar[dict[str, str]] = {
        "silent": "receive every message but never answer: vpcd, pcscd and the caller hang "
                  "(clearing it answers what is pending)",
        "trickle": "send answers one byte at a time (delay=seconds between bytes)",
        "unplug": "pull the card out of the reader (clear('unplug') puts it back)",
        "garbage": "answer every APDU with `data` (bytes, or hex at the prompt; default EE: "
                   "one byte, no status word)",
        "slow": "answer APDUs after `delay` seconds (default 0.5)",
        "pull_mid_apdu": "pull the card out when the next APDU arrives, before answering it",
    }
    ACTIONS: ClassVar[dict[str, str]] = {
        "place_card": "insert the card into the reader",
        "remove_card": "take the card out of the reader",
    }

    def __init__(self, name: str = "smartcard", *, vpcd_port: int = VPCD_PORT,
                 reader: str | None = None, host: str = "127.0.0.1",
                 inserted: bool = True) -> None:
        # The base class builds a byte-stream link from its transport options; a card is
        # not one of those (it connects out to vpcd), so the link is replaced by a VpcdLink.
        super().__init__(name, transport="tcp")
        self.link: VpcdLink = VpcdLink(name, vpcd_port=vpcd_port, host=host, reader=reader)
        self.inserted = inserted
        self.powered = False
        self.apdus: list[bytes] = []  # every command APDU received (tests inspect it)
        self._frames = FrameBuffer()
        self._pending: list[bytes] = []  # what arrived while silent
        self._answer_lock = threading.Lock()

    # ---------------------------------------------------------------- the card
    @property
    @abstractmethod
    def atr(self) -> bytes:
        """The answer-to-reset vpcd hands pcscd (TS 3B …)."""

    @abstractmethod
    def on_apdu(self, apdu: bytes) -> bytes:
        """A command APDU → the response APDU (data + SW1 SW2)."""

    def on_power(self, on: bool) -> None:
        """vpcd powered the card on or off: volatile state (selected file …) is lost."""

    def on_reset(self) -> None:
        """Warm reset, or a fresh insertion: back to the state after the ATR."""

    # ------------------------------------------------------------ insert/remove
    @property
    def vpcd_port(self) -> int:
        return self.link.vpcd_port

    @property
    def connected(self) -> bool:
        return self.link.connected

    def wait_connected(self, timeout: float) -> bool:
        return self.link.wait_connected(timeout)

    def start(self) -> VpcdCard:
        with self._lock:
            if not self._running:
                self._running = True
                if self.inserted:
                    self.link.plug(self.on_connect, self._on_data)
        return self

    def insert(self) -> None:
        """Put the card into the reader (connect to vpcd)."""
        with self._lock:
            self.inserted = True
            self.active_faults.pop("unplug", None)
            if self._running:
                self.link.plug(self.on_connect, self._on_data)

    def remove(self) -> None:
        """Take the card out (disconnect): a command in flight gets no answer."""
        self.inserted = False
        self.link.unplug()

    # the "unplug" fault of a card is pulling it out: the simulator keeps running, so that
    # place_card() or clear("unplug") puts it back
    def unplug(self) -> None:
        self.remove()

    def replug(self) -> None:
        if self._running:
            self.insert()
        else:
            self.active_faults.pop("unplug", None)
            self.inserted = True
            self.start()

    def place_card(self) -> None:
        self.insert()

    def remove_card(self) -> None:
        self.remove()

    # ----------------------------------------------------------- fault injection
    def inject(self, fault: str, **params: Any) -> None:
        if fault == "garbage" and "data" in params:
            params["data"] = _bytes(params["data"])
        if fault == "slow":
            params["delay"] = float(params.get("delay", 0.5))
        super().inject(fault, **params)

    def clear(self, fault: str | None = None) -> None:
        was_silent = self.has_fault("silent")
        super().clear(fault)
        if was_silent and not self.has_fault("silent"):
            pending, self._pending = self._pending, []
            for payload in pending:  # a hung card that wakes up answers late
                self._handle(payload)

    # ------------------------------------------------------------------- wire
    def on_connect(self) -> None:
        self._frames = FrameBuffer()
        self._pending = []
        self.powered = False
        self.on_reset()

    def on_receive(self, data: bytes) -> None:
        for payload in self._frames.feed(data):
            if self.has_fault("silent"):
                self._pending.append(payload)
                continue
            self._handle(payload)

    def _handle(self, payload: bytes) -> None:
        with self._answer_lock:
            if len(payload) == 1:
                self._control(payload[0])
            elif len(payload) >= 4:
                self._apdu(payload)
            else:
                log.debug("%s: ignoring a %d-byte vpcd message", self.name, len(payload))

    def _control(self, code: int) -> None:
        if code == CTRL_ATR:
            self.send(frame(self.atr))
        elif code in (CTRL_ON, CTRL_OFF):
            self.powered = code == CTRL_ON
            self.on_power(self.powered)
        elif code == CTRL_RESET:
            self.on_reset()
        else:
            log.debug("%s: unknown vpcd control %02X", self.name, code)

    def _apdu(self, apdu: bytes) -> None:
        self.apdus.append(apdu)
        if self.active_faults.pop("pull_mid_apdu", None) is not None:
            self.inserted = False
            self.link.unplug()  # from the link's own thread: it is not joined
            return
        if "garbage" in self.active_faults:
            self.send(frame(self.active_faults["garbage"].get("data", b"\xee")))
            return
        response = self.on_apdu(apdu)
        slow = self.active_faults.get("slow")
        if slow is not None and self.link.wait_unplugged(slow["delay"]):
            return  # pulled out while thinking
        self.send(frame(response))


def _bytes(value: Any) -> bytes:
    """Fault data come as bytes from code and as hex ("6f 00") from a prompt."""
    return bytes(value) if isinstance(value, bytes | bytearray) else bytes.fromhex(str(value))


__all__ = ["VPCD_PORT", "VPCD_READERS", "FrameBuffer", "VpcdCard", "VpcdLink", "frame",
           "reader_for"]
