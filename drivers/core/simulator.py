"""Base classes for device simulators that speak the real bytes over a real transport.

A simulator owns one end of the link — the master of a pty pair, or a TCP listener on
127.0.0.1 — and the real driver opens the other end exactly as it would open the hardware.
So mock mode runs the driver's real framing, timeouts and recovery code.

``port`` is stable across unplug/replug: for a pty it is a symlink (like udev's
/dev/serial/by-id links) that is re-pointed at the new pty when the simulator is re-plugged.

Fault injection: ``inject(name, **params)`` / ``clear(name)``; every simulator lists its
faults in ``FAULTS`` so the CLI and the diagnostics screen can offer them.
"""
from __future__ import annotations

import logging
import os
import select
import socket
import tempfile
import threading
import time
import tty
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

log = logging.getLogger(__name__)


class Simulator(ABC):
    #: fault name → one-line description (subclasses extend)
    FAULTS: ClassVar[dict[str, str]] = {
        "silent": "receive commands but never answer",
        "trickle": "send replies one byte at a time (delay=seconds between bytes)",
        "unplug": "disconnect the device (re-plug with clear('unplug') or replug())",
    }

    def __init__(self, name: str, *, baudrate: int | None = None, pace: bool = False) -> None:
        self.name = name
        self.baudrate = baudrate
        self.pace = pace  # pace replies like a real serial line at `baudrate`
        self.faults: dict[str, dict[str, Any]] = {}
        self.received = bytearray()  # every byte the driver sent (tests inspect it)
        self._lock = threading.RLock()
        self._running = False

    # ------------------------------------------------------------- life cycle
    @property
    @abstractmethod
    def port(self) -> str:
        """What the driver opens: a device path or URL."""

    @abstractmethod
    def _plug(self) -> None: ...

    @abstractmethod
    def _unplug(self) -> None: ...

    def start(self) -> Simulator:
        with self._lock:
            if not self._running:
                self._plug()
                self._running = True
        return self

    def stop(self) -> None:
        with self._lock:
            if self._running:
                self._running = False
                self._unplug()

    def unplug(self) -> None:
        """Simulate pulling the cable: the driver's next exchange fails."""
        self.stop()

    def replug(self) -> None:
        self.faults.pop("unplug", None)
        self.start()

    @property
    def running(self) -> bool:
        return self._running

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -------------------------------------------------------- fault injection
    def inject(self, fault: str, **params: Any) -> None:
        if fault not in self.FAULTS:
            known = ", ".join(sorted(self.FAULTS))
            raise ValueError(f"{self.name}: unknown fault {fault!r} (known: {known})")
        if fault == "unplug":
            self.unplug()
        self.faults[fault] = params

    def clear(self, fault: str | None = None) -> None:
        if fault is None:
            had_unplug = "unplug" in self.faults
            self.faults.clear()
            if had_unplug:
                self.replug()
        elif fault == "unplug":
            self.replug()
        else:
            self.faults.pop(fault, None)

    def has_fault(self, fault: str) -> bool:
        return fault in self.faults

    # ---------------------------------------------------------------- protocol
    @abstractmethod
    def on_receive(self, data: bytes) -> None:
        """Bytes from the driver. Reply with :meth:`send`."""

    def on_connect(self) -> None:
        """A driver connected (TCP) or the pty was (re)created: reset per-link state."""

    def send(self, data: bytes) -> None:
        if self.has_fault("silent") or not data:
            return
        if "trickle" in self.faults:
            delay = float(self.faults["trickle"].get("delay", 0.002))
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

    @abstractmethod
    def _write(self, data: bytes) -> None: ...


def runtime_dir() -> Path:
    """Where pty symlinks live: $XDG_RUNTIME_DIR/kiosk-sim or a temp dir of this user."""
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    path = Path(base) / f"kiosk-sim-{os.getuid()}"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


class PtySimulator(Simulator):
    """Simulator on a pty pair: the driver opens ``port`` (a stable symlink to the slave)."""

    def __init__(self, name: str, *, link_dir: Path | None = None, **kw: Any) -> None:
        super().__init__(name, **kw)
        self._link = (link_dir or runtime_dir()) / f"{name}-{os.getpid()}-{id(self):x}"
        self._master: int | None = None
        self._slave: int | None = None
        self._thread: threading.Thread | None = None
        self._wake_r, self._wake_w = os.pipe()

    @property
    def port(self) -> str:
        return str(self._link)

    def _plug(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line discipline: bytes pass through untouched
        tty.setraw(master)
        self._master, self._slave = master, slave
        tmp = self._link.with_suffix(".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(os.ttyname(slave))
        os.replace(tmp, self._link)
        self.on_connect()
        self._thread = threading.Thread(target=self._pump, args=(master,), daemon=True,
                                        name=f"sim-{self.name}")
        self._thread.start()

    def _unplug(self) -> None:
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

    def _pump(self, master: int) -> None:
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
            if not data:
                continue
            self.received += data
            if self.has_fault("unplug"):
                continue
            try:
                self.on_receive(data)
            except Exception:  # noqa: BLE001 - a simulator bug should show, not hang the test
                log.exception("%s simulator failed on %r", self.name, data[:32])

    def _write(self, data: bytes) -> None:
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


class TcpSimulator(Simulator):
    """Simulator listening on 127.0.0.1; the port number is kept across unplug/replug."""

    def __init__(self, name: str, *, tcp_port: int = 0, **kw: Any) -> None:
        super().__init__(name, **kw)
        self._tcp_port = tcp_port
        self._server: socket.socket | None = None
        self._client: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> str:
        return f"tcp://127.0.0.1:{self._tcp_port}"

    def _plug(self) -> None:
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", self._tcp_port))
        srv.listen(4)
        self._tcp_port = srv.getsockname()[1]
        self._server = srv
        self._thread = threading.Thread(target=self._accept_loop, args=(srv,), daemon=True,
                                        name=f"sim-{self.name}")
        self._thread.start()

    def _unplug(self) -> None:
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

    def _accept_loop(self, srv: socket.socket) -> None:
        srv.settimeout(0.2)
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
            self.on_connect()
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
                self.received += data
                try:
                    self.on_receive(data)
                except Exception:  # noqa: BLE001
                    log.exception("%s simulator failed on %r", self.name, data[:32])
            if self._client is client:
                self._client = None
            client.close()

    def _write(self, data: bytes) -> None:
        client = self._client
        if client is None:
            return
        try:
            client.sendall(data)
        except OSError:
            pass
