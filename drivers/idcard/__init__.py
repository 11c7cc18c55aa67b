"""Resident ID card reader (二代证阅读器) on its SAM module's serial frames (GA 467 family).

Modules: ``frames`` (framing, incremental decoder), ``sw3`` (SAM status → typed errors),
``card`` (IdCard, text-block layouts of the four card types, GB 11643 check digit),
``photo`` (pluggable WLT decoder), ``device`` (the driver, waiting mode), ``events``
(CardRead / CardRemoved / CardLeftOnReader), ``simulator`` (same frames over a pty or TCP).
"""
from __future__ import annotations

from drivers.core.registry import DriverSpec, Option
from drivers.core.transport import check_port
from drivers.idcard.device import BAUDRATES, IdCardDevice
from drivers.idcard.simulator import CARD_NAMES, simulator_factory

SPEC = DriverSpec(
    name="sam_idcard",
    kind="idcard",
    description="ID card reader, SAM module frames (AA AA AA 96 69): resident ID, "
                "HK/Macau/Taiwan permit, foreign permanent ID 2017/2023",
    device_class=IdCardDevice,
    simulator_factory=simulator_factory,
    options={
        "baudrate": Option(int, 115200, "serial speed of the SAM module", BAUDRATES),
        "fingerprint": Option(bool, False, "read with 30 10 (text + photo + fingerprint)"),
        "appended_address": Option(bool, False, "also read the appended address (30 03)"),
        "watch_interval": Option(float, 0.25, "seconds between looks for a card while armed"),
        "wlt_library": Option(str, "", "vendor WLT decoder library (.so); empty: no photo"),
        "wlt_function": Option(str, "unpack", "entry point in the WLT library"),
        "sim_card": Option(str, "resident", "mock mode: card on the simulated reader",
                           (*CARD_NAMES, "none")),
        "sim_pace": Option(bool, True, "mock mode: pace replies like a real serial line"),
        "sim_transport": Option(str, "pty", "mock mode: simulated reader on a pty (serial) or "
                                "a TCP listener on 127.0.0.1", ("pty", "tcp")),
    },
    port_help="serial device (/dev/ttyUSB0), pyserial URL or tcp://host:port",
    default_timeout=2.0,
    check_port=check_port,
)

__all__ = ["SPEC", "IdCardDevice"]
