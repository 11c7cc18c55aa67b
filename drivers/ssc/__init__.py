"""Social-security cards (社会保障卡) through PC/SC: driver ``pcsc_ssc``.

Modules: ``codec`` (TLV, BCD ``cn``, ``an`` padding), ``card`` (the EF05/EF06 items and
:class:`SscCard`), ``errors`` (status words → typed errors), ``application`` (the SSSE
application over any APDU exchange: read, identify a blank card, relay scripts), ``device``
(the reader driver, waiting mode), ``holders`` (fictitious holders and blank cards),
``secure`` (the virtual card's fictitious key scheme), ``virtual`` (the virtual card on vpcd:
mock mode), ``station`` (mock mode: a simulated dispenser puts its cards into the virtual
reader), ``simulate`` (``kiosk ssc simulate``).
"""
from __future__ import annotations

from drivers.core.registry import DriverSpec, Option
from drivers.core.vpcd import VPCD_PORT, VPCD_READERS
from drivers.smartcard import check_reader
from drivers.ssc.device import PcscSscReader
from drivers.ssc.holders import CARD_NAMES


def _simulator_factory(config, data_dir=None):
    from drivers.ssc.virtual import simulator_factory

    return simulator_factory(config, data_dir)


SPEC = DriverSpec(
    name="pcsc_ssc",
    kind="smartcard",
    description="social-security card reader through pcscd (PC/SC): SSSE EF05/EF06, issuing "
                "scripts relayed from the card-management system",
    device_class=PcscSscReader,
    simulator_factory=_simulator_factory,
    options={
        "share": Option(str, "shared", "PC/SC share mode", ("shared", "exclusive")),
        "protocol": Option(str, "any", "card protocol to accept", ("any", "T0", "T1")),
        "watch_interval": Option(float, 0.25, "seconds between looks for a card while armed"),
        "read_on_insert": Option(bool, True, "waiting mode: read an inserted card at once"),
        "sim_vpcd_port": Option(int, VPCD_PORT, "mock mode: vpcd port the virtual card "
                                "connects to (" + ", ".join(f"{p}: {r!r}" for p, r in
                                                            VPCD_READERS.items()) + ")",
                                tuple(VPCD_READERS)),
        "sim_card": Option(str, "none", "mock mode: card in the reader at start",
                           (*CARD_NAMES, "none")),
        "sim_write_delay": Option(float, 0.0, "mock mode: seconds the virtual card takes to "
                                  "write one record"),
    },
    port_help='PC/SC reader name as pcscd lists it (a unique prefix will do), or "*" for the '
              "first reader with a card",
    default_timeout=5.0,
    check_port=check_reader,
)

__all__ = ["SPEC", "PcscSscReader"]
