"""Byte transports with a deadline on every read and write.

One small class per transport (after python-escpos): serial (any pyserial URL or device path,
which is also how a pty simulator is reached) and TCP. Framing lives in each driver; the
transport only moves bytes and turns OS failures into typed device errors.
"""
from __future__ import annotations

import socket
import time
from abc import ABC, abstractmethod
from urllib.parse import urlsplit

from drivers.core.errors import DeviceDisconnected, DeviceTimeout

try:  # pyserial lets termios.error (not an OSError) escape from flush() on a vanished tty
    from termios import error as _TermiosError
except ImportError:  # pragma: no cover - not POSIX
    class _TermiosError(Exception):
        pass


class Transport(ABC):
    def __init__(self, port: str) -> None:
        self.port = port

    @property
    @abstractmethod
    def is_open(self) -> bool: ...

    @abstractmethod
    def open(self) -> None: ...

    @abstractmethod
    def close(self) -> None:
        """Always safe: idempotent and never raises."""

    @abstractmethod
    def write(self, data: bytes, timeout: float) -> None: ...

    @abstractmethod
    def read_some(self, max_bytes: int, timeout: float) -> bytes:
        """Up to ``max_bytes`` that arrive within ``timeout`` s; b"" when none did."""

    #: discard_input() gives up after this much: a line that never stops talking (a
    #: babbling device, a wrong baud rate on a streaming peer) must not hang the exchange
    DISCARD_LIMIT = 64 * 1024

    def discard_input(self) -> None:
        """Drop whatever is buffered (stale replies, noise) before a new exchange."""
        dropped = 0
        while dropped < self.DISCARD_LIMIT:
            chunk = self.read_some(4096, 0.0)
            if not chunk:
                return
            dropped += len(chunk)

    def read_exactly(self, n: int, deadline: float) -> bytes:
        """``n`` bytes before ``deadline`` (a time.monotonic() value), else DeviceTimeout."""
        buf = bytearray()
        while len(buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeviceTimeout(
                    f"{self.port}: timed out after {len(buf)} of {n} bytes",
                )
            buf += self.read_some(n - len(buf), left)
        return bytes(buf)

    def __enter__(self) -> Transport:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.port!r})"


class SerialTransport(Transport):
    """A serial line: ``/dev/ttyUSB0``, a pty slave path, or any pyserial URL."""

    def __init__(self, port: str, baudrate: int = 115200, **serial_options) -> None:
        super().__init__(port)
        self.baudrate = baudrate
        self.serial_options = serial_options
        self._serial = None

    @property
    def is_open(self) -> bool:
        return self._serial is not None and self._serial.is_open

    def open(self) -> None:
        import serial  # pyserial: imported here so that `kiosk` starts fast

        self.close()
        try:
            self._serial = serial.serial_for_url(
                self.port,
                baudrate=self.baudrate,
                timeout=0,
                write_timeout=1.0,
                exclusive=True if "://" not in self.port else None,
                **self.serial_options,
            )
        except (OSError, serial.SerialException, ValueError) as exc:
            self._serial = None
            raise DeviceDisconnected(f"{self.port}: cannot open: {_reason(exc)}") from exc

    def close(self) -> None:
        ser, self._serial = self._serial, None
        if ser is not None:
            try:
                ser.close()
            except Exception:  # noqa: BLE001 - close must never raise
                pass

    def _require(self):
        if self._serial is None:
            raise DeviceDisconnected(f"{self.port}: port is not open")
        return self._serial

    def write(self, data: bytes, timeout: float) -> None:
        import serial

        ser = self._require()
        try:
            ser.write_timeout = max(timeout, 0.001)
            ser.write(data)
            ser.flush()
        except serial.SerialTimeoutException as exc:
            raise DeviceTimeout(f"{self.port}: write timed out after {timeout:.2f}s") from exc
        except (OSError, serial.SerialException, _TermiosError) as exc:
            self.close()
            raise DeviceDisconnected(f"{self.port}: write failed: {_reason(exc)}") from exc

    def read_some(self, max_bytes: int, timeout: float) -> bytes:
        import serial

        ser = self._require()
        try:
            ser.timeout = max(timeout, 0)
            # read(1) blocks up to the timeout; the rest is whatever is already buffered,
            # so a frame arriving in pieces is returned piece by piece without extra waits.
            first = ser.read(1)
            if not first:
                return b""
            waiting = ser.in_waiting
            rest = ser.read(min(waiting, max_bytes - 1)) if waiting and max_bytes > 1 else b""
            return first + rest
        except (OSError, serial.SerialException, TypeError, _TermiosError) as exc:
            # pyserial raises SerialException("device reports readiness to read but returned
            # no data") when the other end of a pty or USB adapter went away.
            self.close()
            raise DeviceDisconnected(f"{self.port}: read failed: {_reason(exc)}") from exc


class TcpTransport(Transport):
    """A TCP peer: ``tcp://host:port`` (network printers on 9100, simulators on 127.0.0.1)."""

    def __init__(self, port: str, connect_timeout: float = 3.0) -> None:
        super().__init__(port)
        self.connect_timeout = connect_timeout
        self._sock: socket.socket | None = None
        self.host, self.tcp_port = parse_tcp_url(port)

    @property
    def is_open(self) -> bool:
        return self._sock is not None

    def open(self) -> None:
        self.close()
        try:
            sock = socket.create_connection((self.host, self.tcp_port), self.connect_timeout)
        except TimeoutError as exc:
            raise DeviceTimeout(f"{self.port}: connect timed out") from exc
        except OSError as exc:
            raise DeviceDisconnected(f"{self.port}: cannot connect: {_reason(exc)}") from exc
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    def _require(self) -> socket.socket:
        if self._sock is None:
            raise DeviceDisconnected(f"{self.port}: not connected")
        return self._sock

    def write(self, data: bytes, timeout: float) -> None:
        sock = self._require()
        try:
            sock.settimeout(max(timeout, 0.001))
            sock.sendall(data)
        except TimeoutError as exc:
            raise DeviceTimeout(f"{self.port}: write timed out after {timeout:.2f}s") from exc
        except OSError as exc:
            self.close()
            raise DeviceDisconnected(f"{self.port}: write failed: {_reason(exc)}") from exc

    def read_some(self, max_bytes: int, timeout: float) -> bytes:
        sock = self._require()
        try:
            sock.settimeout(timeout if timeout > 0 else 0.0)
            data = sock.recv(max_bytes)
        except (TimeoutError, BlockingIOError):
            return b""
        except OSError as exc:
            self.close()
            raise DeviceDisconnected(f"{self.port}: read failed: {_reason(exc)}") from exc
        if not data:
            self.close()
            raise DeviceDisconnected(f"{self.port}: connection closed by the device")
        return data


def parse_tcp_url(url: str) -> tuple[str, int]:
    parts = urlsplit(url if "://" in url else f"tcp://{url}")
    if not parts.hostname or not parts.port:
        raise ValueError(f"not a TCP address (tcp://host:port): {url!r}")
    return parts.hostname, parts.port


def check_port(port: str) -> None:
    """ValueError when ``port`` cannot name a serial line or TCP peer (no I/O)."""
    if port.startswith("tcp://"):
        parse_tcp_url(port)
    elif "://" in port:
        scheme = port.split("://", 1)[0]
        if scheme not in ("socket", "rfc2217", "loop", "spy", "alt", "hwgrep"):
            raise ValueError(f"unknown port scheme {scheme!r} in {port!r}")
    elif not port.startswith("/"):
        raise ValueError(f"expected a device path (/dev/…), a pyserial URL or tcp://host:port, "
                         f"got {port!r}")


def open_transport(port: str, **options) -> Transport:
    """The transport a port string names (not yet opened).

    ``tcp://host:port`` → TCP; anything else (``/dev/ttyUSB0``, ``socket://``, ``loop://``,
    ``rfc2217://``, ``spy://``) → pyserial.
    """
    if port.startswith("tcp://"):
        return TcpTransport(port, **{k: v for k, v in options.items() if k == "connect_timeout"})
    return SerialTransport(port, **{k: v for k, v in options.items() if k != "connect_timeout"})


def _reason(exc: BaseException) -> str:
    # pyserial repeats the path and errno ("[Errno 2] could not open port X: [Errno 2] No
    # such file…"); the OS reason alone reads better after our own "PORT: cannot open:"
    inner: BaseException | None = exc
    while inner is not None:
        if type(inner) in (OSError, FileNotFoundError, PermissionError, ConnectionRefusedError) \
                and inner.strerror:
            return inner.strerror
        inner = inner.__cause__ or inner.__context__
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
