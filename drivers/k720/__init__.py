"""TTCE K720-style card dispenser (driver ``k720``): ACK/ENQ exchange, BCC, a 16-bit state.

Modules: ``frames`` (framing, controls, the state's bits), ``device`` (the driver: commands
and polled moves), ``simulator`` (the same bytes over a pty or TCP, on the shared mechanism
of :mod:`drivers.dispenser`).
"""
from __future__ import annotations

from drivers.core.registry import DriverSpec
from drivers.core.transport import check_port
from drivers.dispenser import dispenser_options
from drivers.k720.device import K720Dispenser


def _simulator_factory(config, data_dir=None):
    from drivers.k720.simulator import simulator_factory

    return simulator_factory(config, data_dir)


SPEC = DriverSpec(
    name="k720",
    kind="card_dispenser",
    description="card dispenser, K720-style frames with ACK/ENQ: read position, gate, "
                "recycle bin",
    device_class=K720Dispenser,
    simulator_factory=_simulator_factory,
    options=dispenser_options(9600),
    port_help="serial device (/dev/ttyUSB0), pyserial URL or tcp://host:port",
    default_timeout=2.0,
    check_port=check_port,
)

__all__ = ["SPEC", "K720Dispenser"]
