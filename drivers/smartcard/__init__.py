"""Contact smart cards through PC/SC: a generic reader (``pcsc``) on pcscd with pyscard.

Modules: ``device`` (PcscReader, the SmartCardReader contract: presence, ATR, APDUs, waiting
mode), ``simulator`` (a fictitious ISO 7816 card on vpcd for mock mode, so pcscd and pyscard
run for real). The APDU transport itself is :mod:`drivers.core.apdu`; card applications (the
social-security card) build on ``PcscReader.exchange``.
"""
from __future__ import annotations

from drivers.core.registry import DriverSpec, Option
from drivers.core.vpcd import VPCD_PORT, VPCD_READERS
from drivers.smartcard.device import PcscReader
from drivers.smartcard.simulator import simulator_factory


def check_reader(port: str) -> None:
    """A reader name is free text; only an empty one (or blanks) is wrong."""
    if not port.strip():
        raise ValueError('expected a PC/SC reader name (or "*" for the first reader with a card)')


SPEC = DriverSpec(
    name="pcsc",
    kind="smartcard",
    description="contact smart-card reader through pcscd (PC/SC, pyscard): presence, ATR, "
                "APDUs",
    device_class=PcscReader,
    simulator_factory=simulator_factory,
    options={
        "share": Option(str, "shared", "PC/SC share mode", ("shared", "exclusive")),
        "protocol": Option(str, "any", "card protocol to accept", ("any", "T0", "T1")),
        "watch_interval": Option(float, 0.25, "seconds between looks for a card while armed"),
        "sim_vpcd_port": Option(int, VPCD_PORT, "mock mode: vpcd port the virtual card "
                                "connects to (" + ", ".join(f"{p}: {r!r}" for p, r in
                                                            VPCD_READERS.items()) + ")",
                                tuple(VPCD_READERS)),
        "sim_card": Option(str, "test", "mock mode: card in the reader at start",
                           ("test", "none")),
    },
    port_help='PC/SC reader name as pcscd lists it (a unique prefix will do), or "*" for the '
              "first reader with a card",
    default_timeout=5.0,
    check_port=check_reader,
)

__all__ = ["SPEC", "PcscReader"]
