"""Device simulators that speak the real bytes over a real transport.

A simulator is one class per protocol. The wire it sits on is a :class:`Link` it owns, chosen
by configuration (``transport="pty"`` or ``"tcp"``, or just ``tcp_port=``):

- :class:`PtyLink`: the master of a pty pair; the driver opens ``port``, a stable symlink to
  the slave (like udev's /dev/serial/by-id links), re-pointed at the new pty on replug;
- :class:`TcpLink`: a listener on 127.0.0.1 whose port number is kept across replug.

Either way the real driver opens the other end exactly as it would open the hardware, so mock
mode runs the driver's real framing, timeouts and recovery code.

Every simulator is also a :class:`MockControl`, the one interface through which the app and
the tests drive a mock: faults to inject and clear (``FAULTS``), scenario actions to perform
(``ACTIONS``: place a card, tear off the ticket …). Real hardware has none of this.
"""
from __future__ import annotations

import inspect
import logging
import os
import select
import socket
import tempfile
import threading
import time
import tty
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

log = logging.getLogger(__name__)

TRANSPORTS = ("pty", "tcp")


@runtime_checkable
class MockControl(Protocol):
    """What a mock device offers beyond the protocol it speaks; only mocks have it."""

    def faults(self) -> dict[str, str]:
        """Fault name → one-line description, for :meth:`inject`."""

    def inject(self, fault: str, **params: Any) -> None:
        """Start a fault; ValueError (one line) for an unknown fault or a bad parameter."""

    def clear(self, fault: str | None = None) -> None:
        """End one fault, or all of them (None)."""

    def actions(self) -> dict[str, str]:
        """Scenario action name → one-line description (with its parameters), for
        :meth:`perform`."""

    def perform(self, action: str, **params: Any) -> None:
        """Do what a citizen or staff member would do to the device (place a card …);
        ValueError (one line) for an unknown action or parameter."""


# ---------------------------------------------------------------------- links
OnConnect = Callable[[], None]
OnData = Callable[[bytes], None]


class Link(ABC):
    """The simulator's end of the wire. ``plug`` starts a thread that hands every chunk the
    driver sends to ``on_data``; ``on_connect`` runs whenever a new byte stream begins."""

    kind: ClassVar[str]

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    @abstractmethod
    def port(self) -> str:
        """What the driver opens: a device path or URL."""

    @abstractmethod
    def plug(self, on_connect: OnConnect, on_data: OnData) -> None: ...

    @abstractmethod
    def unplug(self) -> None:
        """Cut the wire; the driver's next exchange fails. Safe to call twice."""

    @abstractmethod
    def write(self, data: bytes) -> None:
        """Bytes to the driver; dropped silently while unplugged (like a pulled cable)."""


def runtime_dir() -> Path:
    """Where pty symlinks live: $XDG_RUNTIME_DIR/kiosk-sim or a temp dir of this user."""
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    path = Path(base) / f"kiosk-sim-{os.getuid()}"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


class PtyLink(Link):
    """A pty pair: the driver opens ``port`` (a stable symlink to the slave) with pyserial."""

    kind = "pty"

    def __init__(self, name: str, *, link_dir: Path | None = None) -> None:
        super().__init__(name)
        self._link = (link_dir or runtime_dir()) / f"{name}-{os.getpid()}-{id(self):x}"
        self._master: int | None = None
        self._slave: int | None = None
        self._thread: threading.Thread | None = None
        # wakes the pump out of select() when unplugged, so it notices without a poll delay
        self._wake_r, self._wake_w = os.pipe()

    @property
    def port(self) -> str:
        return str(self._link)

    def plug(self, on_connect: OnConnect, on_data: OnData) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line discipline: bytes pass through untouched
        tty.setraw(master)
        self._master, self._slave = master, slave
        tmp = self._link.with_suffix(".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(os.ttyname(slave))
        os.replace(tmp, self._link)
        on_connect()
        self._thread = threading.Thread(target=self._pump, args=(master, on_data), daemon=True,
                                        name=f"sim-{self.name}")
        self._thread.start()

    def unplug(self) -> None:
        master, slave = self._master, self._slave
        self._master = self._slave = None
        os.write(self._wake_w, b"x")
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(2)
        self._thread = None
        for fd in (master, slave):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._link.unlink(missing_ok=True)

    def _pump(self, master: int, on_data: OnData) -> None:
        while self._master == master:
            try:
                ready, _, _ = select.select([master, self._wake_r], [], [], 0.5)
            except (OSError, ValueError):
                return
            if self._wake_r in ready:
                os.read(self._wake_r, 64)
                continue
            if master not in ready:
                continue
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if data:
                on_data(data)

    def write(self, data: bytes) -> None:
        fd = self._master
        if fd is None:
            return
        try:
            os.write(fd, data)
        except OSError:
            pass

    def __del__(self) -> None:
        for fd in (self._wake_r, self._wake_w):
            try:
                os.close(fd)
            except OSError:
                pass


class TcpLink(Link):
    """A listener on 127.0.0.1 (``tcp://127.0.0.1:PORT``); one driver connection at a time,
    a new one replaces the old. ``tcp_port=0`` takes a free port, kept across replug."""

    kind = "tcp"

    def __init__(self, name: str, *, tcp_port: int = 0) -> None:
        super().__init__(name)
        self.tcp_port = tcp_port
        self._server: socket.socket | None = None
        self._client: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> str:
        return f"tcp://127.0.0.1:{self.tcp_port}"

    def plug(self, on_connect: OnConnect, on_data: OnData) -> None:
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", self.tcp_port))
        srv.listen(4)
        self.tcp_port = srv.getsockname()[1]
        srv.settimeout(0.2)  # here, not in the thread: an unplug may close it before it runs
        self._server = srv
        self._thread = threading.Thread(target=self._accept_loop,
                                        args=(srv, on_connect, on_data), daemon=True,
                                        name=f"sim-{self.name}")
        self._thread.start()

    def unplug(self) -> None:
        srv, self._server = self._server, None
        client, self._client = self._client, None
        for s in (client, srv):
            if s is not None:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(2)
        self._thread = None

    def _accept_loop(self, srv: socket.socket, on_connect: OnConnect, on_data: OnData) -> None:
        while self._server is srv:
            try:
                client, _ = srv.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            old, self._client = self._client, client
            if old is not None:
                old.close()
            on_connect()
            client.settimeout(0.2)
            while self._server is srv and self._client is client:
                try:
                    data = client.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not data:
                    break
                on_data(data)
            if self._client is client:
                self._client = None
            client.close()

    def write(self, data: bytes) -> None:
        client = self._client
        if client is None:
            return
        try:
            client.sendall(data)
        except OSError:
            pass


def make_link(name: str, transport: str | None = None, *, tcp_port: int | None = None,
              link_dir: Path | None = None) -> Link:
    """The link a simulator's configuration names: ``transport`` "pty" (default) or "tcp";
    a ``tcp_port`` alone means TCP. ValueError for a contradiction."""
    transport = transport or ("tcp" if tcp_port is not None else "pty")
    if transport == "pty":
        if tcp_port is not None:
            raise ValueError(f"{name}: tcp_port={tcp_port} given for a pty simulator")
        return PtyLink(name, link_dir=link_dir)
    if transport == "tcp":
        if link_dir is not None:
            raise ValueError(f"{name}: link_dir given for a TCP simulator")
        return TcpLink(name, tcp_port=tcp_port or 0)
    raise ValueError(f"{name}: unknown simulator transport {transport!r} "
                     f"(known: {', '.join(TRANSPORTS)})")


# ------------------------------------------------------------------ simulator
class Simulator(ABC):
    """One protocol's device side. Subclasses implement :meth:`on_receive` and answer with
    :meth:`send`; they extend ``FAULTS`` and ``ACTIONS`` (an action is a public method of the
    same name, its keyword arguments the action's parameters)."""

    #: fault name → one-line description (subclasses extend)
    FAULTS: ClassVar[dict[str, str]] = {
        "silent": "receive commands but never answer",
        "trickle": "send replies one byte at a time (delay=seconds between bytes)",
        "unplug": "disconnect the device (re-plug with clear('unplug') or replug())",
    }
    #: scenario action name → one-line description (subclasses extend)
    ACTIONS: ClassVar[dict[str, str]] = {}

    def __init__(self, name: str, *, transport: str | None = None, tcp_port: int | None = None,
                 link_dir: Path | None = None, baudrate: int | None = None,
                 pace: bool = False) -> None:
        self.name = name
        self.link = make_link(name, transport, tcp_port=tcp_port, link_dir=link_dir)
        self.baudrate = baudrate
        self.pace = pace  # pace replies like a real serial line at `baudrate`
        self.active_faults: dict[str, dict[str, Any]] = {}  # fault name → its parameters
        self.received = bytearray()  # every byte the driver sent (tests inspect it)
        self._lock = threading.RLock()
        self._running = False

    # ------------------------------------------------------------- life cycle
    @property
    def port(self) -> str:
        """What the driver opens: a device path or URL."""
        return self.link.port

    @property
    def transport(self) -> str:
        return self.link.kind

    def start(self) -> Simulator:
        with self._lock:
            if not self._running:
                self.link.plug(self.on_connect, self._on_data)
                self._running = True
        return self

    def stop(self) -> None:
        with self._lock:
            if self._running:
                self._running = False
                self.link.unplug()

    def unplug(self) -> None:
        """Simulate pulling the cable: the driver's next exchange fails."""
        self.stop()

    def replug(self) -> None:
        self.active_faults.pop("unplug", None)
        self.start()

    @property
    def running(self) -> bool:
        return self._running

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------ mock control
    def faults(self) -> dict[str, str]:
        return dict(self.FAULTS)

    def inject(self, fault: str, **params: Any) -> None:
        if fault not in self.FAULTS:
            known = ", ".join(sorted(self.FAULTS))
            raise ValueError(f"{self.name}: unknown fault {fault!r} (known: {known})")
        if fault == "unplug":
            self.unplug()
        self.active_faults[fault] = params

    def clear(self, fault: str | None = None) -> None:
        if fault is None:
            had_unplug = "unplug" in self.active_faults
            self.active_faults.clear()
            if had_unplug:
                self.replug()
        elif fault == "unplug":
            self.replug()
        else:
            self.active_faults.pop(fault, None)

    def has_fault(self, fault: str) -> bool:
        return fault in self.active_faults

    def actions(self) -> dict[str, str]:
        return dict(self.ACTIONS)

    def perform(self, action: str, **params: Any) -> None:
        if action not in self.ACTIONS:
            known = ", ".join(sorted(self.ACTIONS)) or "none"
            raise ValueError(f"{self.name}: unknown action {action!r} (known: {known})")
        method = getattr(self, action)
        try:  # check the parameters first: a TypeError from inside the action is a bug
            inspect.signature(method).bind(**params)
        except TypeError as exc:
            raise ValueError(f"{self.name}: {action}: {exc}") from None
        method(**params)

    # ---------------------------------------------------------------- protocol
    @abstractmethod
    def on_receive(self, data: bytes) -> None:
        """Bytes from the driver. Reply with :meth:`send`."""

    def on_connect(self) -> None:
        """A driver connected (TCP) or the pty was (re)created: reset per-link state."""

    def _on_data(self, data: bytes) -> None:
        self.received += data
        if self.has_fault("unplug"):
            return
        try:
            self.on_receive(data)
        except Exception:  # noqa: BLE001 - a simulator bug should show, not hang the test
            log.exception("%s simulator failed on %r", self.name, data[:32])

    def send(self, data: bytes) -> None:
        if self.has_fault("silent") or not data:
            return
        if "trickle" in self.active_faults:
            delay = float(self.active_faults["trickle"].get("delay", 0.002))
            for i in range(len(data)):
                self._write(data[i : i + 1])
                time.sleep(delay)
            return
        if self.pace and self.baudrate:
            self._write_paced(data)
        else:
            self._write(data)

    def _write_paced(self, data: bytes) -> None:
        """Like a UART at ``baudrate`` (10 bits a byte): a byte is there only once its bits
        are on the wire, so each ~2 ms slice is released when its *last* byte would arrive."""
        bytes_per_s = self.baudrate / 10
        chunk = max(1, int(bytes_per_s * 0.002))
        start = time.perf_counter()
        for offset in range(0, len(data), chunk):
            piece = data[offset : offset + chunk]
            wait = start + (offset + len(piece)) / bytes_per_s - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            self._write(piece)

    def _write(self, data: bytes) -> None:
        self.link.write(data)
