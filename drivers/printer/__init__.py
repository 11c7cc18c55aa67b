"""ESC/POS ticket printers: USB, serial and TCP 9100, with a virtual printer for mock mode."""
from __future__ import annotations

from drivers.core.registry import DriverSpec, Option


def _device_class(*args, **kwargs):
    from drivers.printer.device import EscPosPrinter

    return EscPosPrinter(*args, **kwargs)


def _check_port(port: str) -> None:
    from drivers.printer.transports import check_printer_port

    check_printer_port(port)


def _simulator_factory(config, data_dir=None):
    from drivers.printer.simulator import simulator_for_config

    return simulator_for_config(config, data_dir)


SPEC = DriverSpec(
    name="escpos",
    kind="printer",
    description="ESC/POS thermal ticket printer (USB, serial, TCP 9100)",
    device_class=_device_class,
    simulator_factory=_simulator_factory,
    options={
        "paper_width_mm": Option(int, 80, "paper roll width", choices=(80, 58)),
        "chinese": Option(str, "native", "native: GB18030 in the printer's Chinese mode (FS &); "
                          "raster: print Chinese lines as images (printers without CJK fonts)",
                          choices=("native", "raster")),
        "qr": Option(str, "native", "native: the printer draws QR codes (GS ( k); raster: send "
                     "them as images (printers without GS ( k)", choices=("native", "raster")),
        "gb18030_four_byte": Option(bool, False, "the printer font has GB18030 four-byte (rare) "
                                    "characters; false: lines with them are printed as images"),
        "confirm": Option(str, "auto", "auto: by what the printer answered when it opened "
                          "(GS r if it answers it, else DLE EOT); processed: GS r after each job "
                          "(answered once printed); status: DLE EOT only (printers without GS r)",
                          choices=("auto", "processed", "status")),
        "baudrate": Option(int, 115200, "serial line speed"),
        "usb_out_ep": Option(int, 0, "USB OUT endpoint (0: first bulk OUT endpoint)"),
        "usb_in_ep": Option(int, 0, "USB IN endpoint (0: first bulk IN endpoint)"),
        "print_timeout": Option(float, 10.0, "deadline for sending one job and confirming it, s"),
        "cut": Option(str, "partial", "cutter mode", choices=("full", "partial")),
        "sim_transport": Option(str, "pty", "mock mode: virtual printer on a pty (serial) or "
                                "TCP 9100-style listener", choices=("pty", "tcp")),
        "sim_keep": Option(int, 20, "mock mode: how many printed tickets to keep as PNGs"),
        "sim_output_dir": Option(str, "", "mock mode: where printed PNGs go "
                                 "(default: <data_dir>/printer/<name>)"),
    },
    port_help="device path, pyserial URL, tcp://host:9100 or usb:VID:PID",
    default_timeout=1.0,
    check_port=_check_port,
)
