"""Which driver names exist, what each needs in devices.toml, and how to build its simulator.

Driver modules are imported lazily (only when a device uses them) so that ``kiosk`` starts
fast and a technician's ``kiosk --help`` does not load pyserial, OpenCV or pyscard.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from drivers.core.device import Device
from drivers.core.simulator import Simulator


@dataclass(frozen=True)
class Option:
    type: type | tuple[type, ...]
    default: Any = None
    help: str = ""
    choices: tuple[Any, ...] = ()


@dataclass(frozen=True)
class DriverSpec:
    name: str  # as written in devices.toml: driver = "sam_idcard"
    kind: str  # device kind: idcard, printer, ssc_card, card_dispenser, fingerprint, camera …
    description: str
    device_class: Callable[..., Device]
    #: mock mode: ``factory(config, data_dir)`` builds the (not yet started) simulator for a
    #: device config; data_dir is the kiosk's (or None). None: this driver has no simulator
    simulator_factory: Callable[..., Simulator] | None
    options: Mapping[str, Option] = field(default_factory=dict)
    port_help: str = "device path or pyserial URL"
    default_timeout: float = 2.0
    #: ``check_port(port)`` raises ValueError (one line: what is wrong) for a port this
    #: driver can never open, so devices.toml fails at start-up rather than at every retry
    check_port: Callable[[str], None] | None = None


#: driver name → "module:attribute" of its DriverSpec. Add a line per driver.
BUILTIN_DRIVERS: dict[str, str] = {
    "sam_idcard": "drivers.idcard:SPEC",
    "escpos": "drivers.printer:SPEC",
    "uvc_camera": "drivers.camera:SPEC",
    "uvc_document_camera": "drivers.camera.document:SPEC",
    "usb_stick": "drivers.usbstick:SPEC",
    "pcsc": "drivers.smartcard:SPEC",
    "kerong_cu": "drivers.locker:SPEC",
    "pcsc_ssc": "drivers.ssc:SPEC",
    "crt591": "drivers.crt591:SPEC",
    "k720": "drivers.k720:SPEC",
    "zfm_fingerprint": "drivers.zfm:SPEC",
    "gt521f": "drivers.gt521f:SPEC",
    "cups": "drivers.cups:SPEC",  # A4 document printer (a4printer) through CUPS
}


def driver_names() -> list[str]:
    return sorted(BUILTIN_DRIVERS)


def get_driver(name: str) -> DriverSpec:
    """The spec for ``name``; KeyError when no such driver exists."""
    target = BUILTIN_DRIVERS[name]
    module_name, _, attr = target.partition(":")
    spec = getattr(importlib.import_module(module_name), attr)
    if not isinstance(spec, DriverSpec) or spec.name != name:
        raise TypeError(f"{target} is not the DriverSpec of {name!r}")
    return spec
