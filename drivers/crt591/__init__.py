"""CREATOR CRT-591-style card dispenser (driver ``crt591``): F2 frames, BCC, ST0–ST2 status.

Modules: ``frames`` (framing, decoder, error codes), ``device`` (the driver), ``simulator``
(the same frames over a pty or TCP, on the shared mechanism of :mod:`drivers.dispenser`).
"""
from __future__ import annotations

from drivers.core.registry import DriverSpec
from drivers.core.transport import check_port
from drivers.crt591.device import Crt591Dispenser
from drivers.dispenser import dispenser_options


def _simulator_factory(config, data_dir=None):
    from drivers.crt591.simulator import simulator_factory

    return simulator_factory(config, data_dir)


SPEC = DriverSpec(
    name="crt591",
    kind="card_dispenser",
    description="card dispenser, CRT-591-style F2 frames: IC/RF position, gate, reject bin",
    device_class=Crt591Dispenser,
    simulator_factory=_simulator_factory,
    options=dispenser_options(9600),
    port_help="serial device (/dev/ttyUSB0), pyserial URL or tcp://host:port",
    default_timeout=2.0,
    check_port=check_port,
)

__all__ = ["SPEC", "Crt591Dispenser"]
