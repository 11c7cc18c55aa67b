"""How bytes reach a ticket printer: USB (pyusb), the kernel's usblp node, serial, TCP 9100.

The transports themselves live in the core (``drivers.core.transport`` for serial and TCP,
``drivers.core.usb`` for USB and usblp); this module is the printer's choice among them for
a devices.toml port.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drivers.core.errors import ConfigError
from drivers.core.transport import Transport, check_port, open_transport
from drivers.core.usb import LpTransport, UsbTransport, parse_usb_port


def check_printer_port(port: str) -> None:
    """ValueError for a port no printer transport can open (devices.toml check, no I/O)."""
    if port.startswith("usb:"):
        parse_usb_port(port)
    elif not port.startswith("/dev/usb/lp"):
        check_port(port)


def printer_transport(port: str, options: Mapping[str, Any] | None = None) -> Transport:
    """The transport a devices.toml port names (not yet opened)."""
    options = options or {}
    if not port:
        raise ConfigError("devices.toml", "port", "missing (tcp://host:9100, usb:VID:PID, "
                          "/dev/ttyUSB0 or /dev/usb/lp0)")
    if port.startswith("usb:"):
        try:
            return UsbTransport(port, out_ep=int(options.get("usb_out_ep") or 0),
                                in_ep=int(options.get("usb_in_ep") or 0))
        except ValueError as exc:
            raise ConfigError("devices.toml", "port", str(exc)) from None
    if port.startswith("/dev/usb/lp"):
        return LpTransport(port)
    try:
        return open_transport(port, baudrate=int(options.get("baudrate") or 115200))
    except ValueError as exc:
        raise ConfigError("devices.toml", "port", str(exc)) from None
