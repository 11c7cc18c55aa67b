"""USB transports: a device on the bus through pyusb/libusb, and the kernel usblp node.

USB has its own failure modes: writes block for ever without a timeout, the kernel ``usblp``
driver may hold the interface, and after a power cycle the old device handle is dead, so every
``open()`` does a fresh ``usb.core.find`` + claim. ``/dev/usb/lp0`` is what the kernel makes of
a USB printer-class device when it keeps it: a file with a back channel, not a tty.

Port strings: ``usb:VID:PID[:SERIAL]`` (hex ids) for :class:`UsbTransport`.
"""
from __future__ import annotations

import errno
import os
import re
import select
import time
from typing import Any

from drivers.core.errors import DeviceDisconnected, DeviceTimeout
from drivers.core.transport import Transport, _reason

_USB_RE = re.compile(
    r"^usb:(?://)?(?P<vid>[0-9a-fA-F]{1,4}):(?P<pid>[0-9a-fA-F]{1,4})(?::(?P<serial>[^:]+))?$"
)


def parse_usb_port(port: str) -> tuple[int, int, str | None]:
    """``usb:VID:PID`` or ``usb:VID:PID:SERIAL`` (hex ids) → (vid, pid, serial)."""
    m = _USB_RE.match(port)
    if not m:
        raise ValueError(f"not a USB address (usb:VID:PID[:SERIAL], hex ids): {port!r}")
    return int(m["vid"], 16), int(m["pid"], 16), m["serial"]


class UsbTransport(Transport):
    """A USB printer-class (or vendor bulk) device through pyusb/libusb."""

    #: errnos meaning "the device is gone" rather than "this transfer failed"
    _GONE = {errno.ENODEV, errno.ENOENT, errno.EIO, errno.EPIPE, errno.ESHUTDOWN}

    def __init__(self, port: str, *, out_ep: int = 0, in_ep: int = 0, interface: int = 0,
                 backend: Any = None) -> None:
        super().__init__(port)
        self.vid, self.pid, self.serial = parse_usb_port(port)
        self.out_ep_addr, self.in_ep_addr = out_ep, in_ep
        self.interface = interface
        self.backend = backend  # pyusb backend; tests pass a fake one
        self._dev = None
        self._out = None
        self._in = None
        self._detached = False

    @property
    def is_open(self) -> bool:
        return self._dev is not None

    def open(self) -> None:
        import usb.core
        import usb.util

        self.close()
        try:
            kw: dict[str, Any] = {"idVendor": self.vid, "idProduct": self.pid}
            if self.serial:
                kw["custom_match"] = lambda d: _usb_serial(d) == self.serial
            dev = usb.core.find(backend=self.backend, **kw)
        except usb.core.NoBackendError as exc:
            raise DeviceDisconnected(f"{self.port}: no libusb backend installed") from exc
        except usb.core.USBError as exc:
            raise DeviceDisconnected(f"{self.port}: USB scan failed: {_reason(exc)}") from exc
        if dev is None:
            raise DeviceDisconnected(f"{self.port}: no USB device {self.vid:04x}:{self.pid:04x}")
        # held from here on, so that a failure below releases the interface, hands it back
        # to usblp and disposes the handle (close()), whatever step failed
        self._dev = dev
        try:
            try:
                if dev.is_kernel_driver_active(self.interface):
                    dev.detach_kernel_driver(self.interface)  # usblp holds printers by default
                    self._detached = True
            except NotImplementedError:
                pass
            try:
                cfg = dev.get_active_configuration()
            except usb.core.USBError:
                dev.set_configuration()
                cfg = dev.get_active_configuration()
            intf = cfg[(self.interface, 0)]
            usb.util.claim_interface(dev, self.interface)
            self._out = self._endpoint(intf, usb.util.ENDPOINT_OUT, self.out_ep_addr)
            self._in = self._endpoint(intf, usb.util.ENDPOINT_IN, self.in_ep_addr,
                                      required=False)
        except usb.core.USBError as exc:
            self.close()
            hint = ""
            if exc.errno == errno.EBUSY:
                hint = " (held by another driver: usblp or CUPS)"
            elif exc.errno == errno.EACCES:
                hint = " (permission denied: install the udev rule for this printer)"
            raise DeviceDisconnected(f"{self.port}: cannot claim: {_reason(exc)}{hint}") from exc
        except BaseException:  # no endpoint (DeviceDisconnected), a pyusb bug …
            self.close()
            raise

    def _endpoint(self, intf, direction: int, address: int, required: bool = True):
        import usb.util

        def match(ep) -> bool:
            if usb.util.endpoint_direction(ep.bEndpointAddress) != direction:
                return False
            if address:
                return ep.bEndpointAddress == address
            return usb.util.endpoint_type(ep.bmAttributes) == usb.util.ENDPOINT_TYPE_BULK

        ep = usb.util.find_descriptor(intf, custom_match=match)
        if ep is None and required:
            want = f"0x{address:02x}" if address else "a bulk"
            raise DeviceDisconnected(f"{self.port}: no {want} endpoint "
                                     f"{'OUT' if direction == usb.util.ENDPOINT_OUT else 'IN'}")
        return ep

    def close(self) -> None:
        dev, self._dev = self._dev, None
        self._out = self._in = None
        if dev is None:
            return
        try:
            import usb.util

            usb.util.release_interface(dev, self.interface)
            if self._detached:
                dev.attach_kernel_driver(self.interface)
        except Exception:  # noqa: BLE001 - close must never raise (device may be gone)
            pass
        self._detached = False
        _dispose(dev)

    def _fail(self, exc, what: str, timeout: float):
        import usb.core

        if isinstance(exc, usb.core.USBTimeoutError) or exc.errno == errno.ETIMEDOUT:
            return DeviceTimeout(f"{self.port}: {what} timed out after {timeout:.2f}s")
        self.close()
        return DeviceDisconnected(f"{self.port}: {what} failed: {_reason(exc)}")

    def write(self, data: bytes, timeout: float) -> None:
        import usb.core

        if self._dev is None or self._out is None:
            raise DeviceDisconnected(f"{self.port}: not open")
        deadline = time.monotonic() + timeout
        view = memoryview(data)
        while view:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeviceTimeout(f"{self.port}: write timed out after {timeout:.2f}s "
                                    f"({len(data) - len(view)} of {len(data)} bytes sent)")
            try:
                n = self._out.write(bytes(view[:4096]), timeout=max(1, int(left * 1000)))
            except usb.core.USBError as exc:
                raise self._fail(exc, "write", timeout) from exc
            view = view[n:]

    def read_some(self, max_bytes: int, timeout: float) -> bytes:
        import usb.core

        if self._dev is None:
            raise DeviceDisconnected(f"{self.port}: not open")
        if self._in is None:
            time.sleep(max(timeout, 0))  # write-only printer: no back channel, never a reply
            return b""
        size = max(max_bytes, self._in.wMaxPacketSize or 64)
        try:
            data = self._in.read(size, timeout=max(1, int(timeout * 1000)))
        except usb.core.USBError as exc:
            if isinstance(exc, usb.core.USBTimeoutError) or exc.errno == errno.ETIMEDOUT:
                return b""
            raise self._fail(exc, "read", timeout) from exc
        return bytes(data[:max_bytes])


def _usb_serial(dev) -> str | None:
    try:
        import usb.util

        return usb.util.get_string(dev, dev.iSerialNumber)
    except Exception:  # noqa: BLE001
        return None


def _dispose(dev) -> None:
    try:
        import usb.util

        usb.util.dispose_resources(dev)
    except Exception:  # noqa: BLE001
        pass


class LpTransport(Transport):
    """The kernel usblp node (``/dev/usb/lp0``): a file with a back channel, not a tty."""

    def __init__(self, port: str) -> None:
        super().__init__(port)
        self._fd: int | None = None

    @property
    def is_open(self) -> bool:
        return self._fd is not None

    def open(self) -> None:
        self.close()
        try:
            self._fd = os.open(self.port, os.O_RDWR | os.O_NONBLOCK | os.O_NOCTTY)
        except OSError as exc:
            raise DeviceDisconnected(f"{self.port}: cannot open: {_reason(exc)}") from exc

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass

    def _require(self) -> int:
        if self._fd is None:
            raise DeviceDisconnected(f"{self.port}: not open")
        return self._fd

    def write(self, data: bytes, timeout: float) -> None:
        fd = self._require()
        deadline = time.monotonic() + timeout
        view = memoryview(data)
        while view:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeviceTimeout(f"{self.port}: write timed out after {timeout:.2f}s")
            _, ready, _ = select.select([], [fd], [], left)
            if not ready:
                continue
            try:
                view = view[os.write(fd, view):]
            except BlockingIOError:
                continue
            except OSError as exc:
                self.close()
                raise DeviceDisconnected(f"{self.port}: write failed: {_reason(exc)}") from exc

    def read_some(self, max_bytes: int, timeout: float) -> bytes:
        fd = self._require()
        ready, _, _ = select.select([fd], [], [], max(timeout, 0))
        if not ready:
            return b""
        try:
            return os.read(fd, max_bytes)
        except BlockingIOError:
            return b""
        except OSError as exc:
            self.close()
            raise DeviceDisconnected(f"{self.port}: read failed: {_reason(exc)}") from exc
