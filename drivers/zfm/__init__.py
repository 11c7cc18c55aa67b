"""ZFM / R30x / AS608 fingerprint modules (serial): the ``zfm_fingerprint`` driver.

Modules: ``frames`` (EF 01 packets, checksums, incremental decoder, acknowledge payloads),
``errors`` (confirmation codes → typed errors), ``device`` (the driver: deadlines on every
exchange, waiting mode, verify against a given template, capture), ``simulator`` (a module
with fictitious fingers on a pty or TCP).
"""
from __future__ import annotations

from drivers.core.registry import DriverSpec, Option
from drivers.core.transport import check_port
from drivers.zfm.device import BAUDRATES, ZfmFingerprint
from drivers.zfm.simulator import simulator_factory

SPEC = DriverSpec(
    name="zfm_fingerprint",
    kind="fingerprint",
    description="fingerprint module, ZFM/R30x/AS608 packets (EF 01): verify against a "
                "template from the central service (DownChar + GenImg + Img2Tz + Match)",
    device_class=ZfmFingerprint,
    simulator_factory=simulator_factory,
    options={
        "baudrate": Option(int, 57600, "serial speed (the module's N x 9600)", BAUDRATES),
        "address": Option(int, 0xFFFFFFFF, "module address (4294967295 = FF FF FF FF, the "
                          "factory default)"),
        "password": Option(int, 0, "module password for VfyPwd (0: the factory default)"),
        "watch_interval": Option(float, 0.2, "seconds between looks for a finger while armed"),
        "sim_pace": Option(bool, True, "mock mode: pace replies like a real serial line"),
        "sim_transport": Option(str, "pty", "mock mode: simulated module on a pty (serial) or "
                                "a TCP listener on 127.0.0.1", ("pty", "tcp")),
    },
    port_help="serial device (/dev/ttyUSB0), pyserial URL or tcp://host:port",
    default_timeout=1.0,
    check_port=check_port,
)

__all__ = ["SPEC", "ZfmFingerprint"]
