"""GT-521F / GT-511C (ADH-Tech) fingerprint modules (serial): the ``gt521f`` driver.

Modules: ``frames`` (55 AA command/reply packets, 5A A5 data packets, NACK codes, incremental
decoder), ``errors`` (NACK codes → typed errors), ``device`` (the driver: deadlines on every
exchange, waiting mode, verify against a given template through a scratch slot deleted after
use, capture), ``simulator`` (a module with fictitious fingers on a pty or TCP).
"""
from __future__ import annotations

from drivers.core.registry import DriverSpec, Option
from drivers.core.transport import check_port
from drivers.gt521f.device import BAUDRATES, Gt521Fingerprint
from drivers.gt521f.simulator import simulator_factory

SPEC = DriverSpec(
    name="gt521f",
    kind="fingerprint",
    description="fingerprint module, GT-521F/GT-511C packets (55 AA / 5A A5): verify against "
                "a template from the central service (SetTemplate + CaptureFinger + Verify, "
                "scratch slot deleted after use)",
    device_class=Gt521Fingerprint,
    simulator_factory=simulator_factory,
    options={
        "baudrate": Option(int, 9600, "serial speed (9600 factory default)", BAUDRATES),
        "capacity": Option(int, 200, "templates the module holds (GT-521F32: 200, "
                           "GT-521F52: 3000)"),
        "scratch_slot": Option(int, -1, "database slot a verification's template goes into; "
                               "emptied after every verification and at every open "
                               "(-1: the last one)"),
        "watch_interval": Option(float, 0.2, "seconds between looks for a finger while armed"),
        "sim_pace": Option(bool, True, "mock mode: pace replies like a real serial line"),
        "sim_transport": Option(str, "pty", "mock mode: simulated module on a pty (serial) or "
                                "a TCP listener on 127.0.0.1", ("pty", "tcp")),
    },
    port_help="serial device (/dev/ttyUSB0), pyserial URL or tcp://host:port",
    default_timeout=2.0,
    check_port=check_port,
)

__all__ = ["SPEC", "Gt521Fingerprint"]
