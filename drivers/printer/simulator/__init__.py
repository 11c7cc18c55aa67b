"""The virtual printer for mock mode: a simulated ESC/POS ticket printer on a pty or TCP port.

Three stages, like a real printer: ``tokenizer`` (bytes → whole commands, real-time ones
first), ``interpreter`` (commands → paper roll images, one page per cut; also behind
``kiosk printer render``), ``virtual`` (:class:`VirtualPrinter`: print buffer, paper and cover
sensors, status answers). :class:`PrinterSimulator` puts it on a wire.

Faults (``inject``): near_end, paper_out (``after_mm=`` to run out in the middle of a job),
cover_open, cutter_error, fatal_error, garbage (invalid status bytes), power_cycle
(``off_s=``: off, buffer lost, back on), plus the base silent / trickle / unplug.
Actions (``perform``): tear_off (the citizen takes the tickets), load_paper (a fresh roll).
"""
from __future__ import annotations

import logging
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, ClassVar

from drivers.core.simulator import Simulator
from drivers.printer.simulator.interpreter import Page
from drivers.printer.simulator.virtual import VirtualPrinter

log = logging.getLogger(__name__)

__all__ = ["PRINTER_FAULTS", "PrinterSimulator", "VirtualPrinter", "simulator_for_config"]

PRINTER_FAULTS = {
    "near_end": "paper roll near its end (still prints)",
    "paper_out": "no paper (after_mm=N: the roll runs out after N more mm)",
    "cover_open": "printer cover open",
    "cutter_error": "auto-cutter jammed (recoverable by staff)",
    "fatal_error": "unrecoverable printer error (technician)",
    "garbage": "answer status queries with invalid bytes",
    "power_cycle": "power off, lose buffered data, back on after off_s seconds (default 1)",
}


class PrinterSimulator(Simulator):
    """Bytes in → :class:`VirtualPrinter` → replies out, on a pty (a serial ticket printer;
    the driver opens ``port`` with pyserial) or a TCP listener (``transport="tcp"``: a network
    printer, port 9100 style)."""

    FAULTS: ClassVar[dict[str, str]] = {**Simulator.FAULTS, **PRINTER_FAULTS}
    ACTIONS: ClassVar[dict[str, str]] = {
        "tear_off": "the citizen takes the printed tickets from the output",
        "load_paper": "staff loads a fresh roll (ends paper_out and near_end)",
    }

    def __init__(self, name: str = "printer", printer: VirtualPrinter | None = None,
                 **kw: Any) -> None:
        """``kw``: the link and line options of :class:`Simulator` (``transport``,
        ``tcp_port``, ``link_dir``, ``baudrate``, ``pace``)."""
        self.printer = printer or VirtualPrinter()
        self._power_timer: threading.Timer | None = None
        super().__init__(name, **kw)

    def on_receive(self, data: bytes) -> None:
        reply = self.printer.receive(data)
        if reply:
            self.send(reply)

    def on_connect(self) -> None:
        # a new TCP connection or a re-created pty starts a fresh command stream
        self.printer.tokenizer.reset()

    # ------------------------------------------------------------------ faults
    def inject(self, fault: str, **params: Any) -> None:
        if fault == "power_cycle":
            self._power_cycle(float(params.get("off_s", 1.0)))
            return
        super().inject(fault, **params)
        self._sync_faults()

    def clear(self, fault: str | None = None) -> None:
        if fault in (None, "power_cycle") and "power_cycle" in self.active_faults:
            if self._power_timer is not None:
                self._power_timer.cancel()
            self._power_on()
        super().clear(fault)
        self._sync_faults()

    def _sync_faults(self) -> None:
        p = self.printer
        faults = self.active_faults
        with p._lock:
            p.near_end = "near_end" in faults
            out = faults.get("paper_out")
            if out is None:
                p.paper_out, p.paper_left_dots = False, None
            elif out.get("after_mm") is not None:
                if p.paper_left_dots is None and not p.paper_out:  # the engine counts it down
                    p.paper_left_dots = int(float(out["after_mm"]) * 8)
            else:
                p.paper_out, p.paper_left_dots = True, None
            p.cover_open = "cover_open" in faults
            p.cutter_error = "cutter_error" in faults
            p.fatal_error = "fatal_error" in faults
            p.garbage = "garbage" in faults
            p.hung = "silent" in faults
        reply = p.resume()  # a cleared fault lets held data print (the "burst")
        if reply:
            self.send(reply)

    def _power_cycle(self, off_s: float) -> None:
        self.active_faults["power_cycle"] = {"off_s": off_s}
        self.stop()
        self.printer.power_reset()
        if off_s > 0:
            self._power_timer = threading.Timer(off_s, self._power_on)
            self._power_timer.daemon = True
            self._power_timer.start()

    def _power_on(self) -> None:
        self._power_timer = None
        if (self.active_faults.pop("power_cycle", None) is not None
                and "unplug" not in self.active_faults):
            self.start()

    # ----------------------------------------------------------------- actions
    def tear_off(self) -> None:
        self.printer.tear_off()

    def load_paper(self) -> None:
        for fault in ("paper_out", "near_end"):
            self.active_faults.pop(fault, None)
        self._sync_faults()

    # ------------------------------------- conveniences for tests and diagnostics
    @property
    def pages(self) -> list[Page]:
        return list(self.printer.pages)

    @property
    def output_dir(self) -> Path | None:
        return self.printer.output_dir

    def last_page(self) -> Page | None:
        return self.printer.last_page()


def default_output_dir(name: str, data_dir: Path | None = None) -> Path:
    """``<data_dir>/printer/<name>``; without a data dir (a manager built without one), a
    directory of this user under the system temp dir, so printed tickets still show up."""
    if data_dir is None:
        return Path(tempfile.gettempdir()) / f"kiosk-printer-{os.getuid()}" / name
    return Path(data_dir) / "printer" / name


def simulator_for_config(config, data_dir: Path | None = None) -> PrinterSimulator:
    """The virtual printer for a devices.toml entry (mock mode); ``data_dir`` is the kiosk's,
    as the device manager passes it."""
    opts = config.options
    out = opts.get("sim_output_dir")
    output_dir = Path(out).expanduser() if out else default_output_dir(config.name, data_dir)
    printer = VirtualPrinter(int(opts.get("paper_width_mm") or 80), output_dir=output_dir,
                             keep=int(opts.get("sim_keep") or 20))
    return PrinterSimulator(config.name, printer, transport=opts.get("sim_transport") or "pty",
                            baudrate=int(opts.get("baudrate") or 115200))
