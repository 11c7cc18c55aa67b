"""A4 document printers through CUPS (``driver = "cups"``): the DocumentPrinter contract with
pycups.

Modules: ``device`` (CupsPrinter: queue status, print and watch a job to completion, cancel
on failure, a deadline on every cupsd request), ``reasons`` (IPP printer-state-reasons onto
the paper/toner axes and the device state), ``errors`` (typed failures), ``cupsd`` (a private
cupsd with the ``kiosk-pdf`` file backend), ``simulator`` (mock mode: that cupsd and a queue,
faults as printer-state-reasons). pycups is imported only when a request is made.
"""
from __future__ import annotations

from drivers.core.registry import DriverSpec, Option


def _device_class(*args, **kwargs):
    from drivers.cups.device import CupsPrinter

    return CupsPrinter(*args, **kwargs)


def _simulator_factory(config, data_dir=None):
    from drivers.cups.simulator import simulator_factory

    return simulator_factory(config, data_dir)


def check_queue(port: str) -> None:
    from drivers.cups.device import parse_port

    parse_port(port)


SPEC = DriverSpec(
    name="cups",
    kind="a4printer",
    description="A4 document printer through CUPS (pycups): queue status from IPP "
                "printer-state-reasons, jobs watched to completion, cancelled on failure",
    device_class=_device_class,
    simulator_factory=_simulator_factory,
    options={
        "print_timeout": Option(float, 120.0, "seconds a job may take from queued to "
                                "completed before it is cancelled as not confirmed"),
        "job_poll": Option(float, 0.2, "seconds between looks at a job's state"),
        "media": Option(str, "A4", "IPP media asked for each job"),
        "sim_queue": Option(str, "kiosk-a4", "mock mode: name of the queue on the private "
                            "cupsd"),
    },
    port_help='CUPS queue: "QUEUE" (the default cupsd), "QUEUE@HOST[:PORT]" or '
              '"QUEUE@/path/to/cups.sock"',
    default_timeout=5.0,
    check_port=check_queue,
)

__all__ = ["SPEC"]
