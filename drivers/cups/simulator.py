"""Mock mode's A4 printer: a private cupsd (:class:`~drivers.cups.cupsd.PrivateCupsd`) with one
raw queue on the ``kiosk-pdf`` backend, so the real driver prints through the real scheduler
and each document lands as a PDF file (``printed()``). The queue's description says MOCK.

Faults are what a printer would tell CUPS: printer-state-reasons set on the queue (the
driver reads them as it would a real printer's) and, for the blocking ones, the same reasons
from the backend when a job reaches it, which stops the queue with the job kept (exit 4).
``hung`` freezes cupsd itself (SIGSTOP); ``stopped`` disables the queue (cupsdisable).
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, ClassVar

from drivers.cups.cupsd import PrivateCupsd, missing

log = logging.getLogger(__name__)

#: fault → the printer-state-reasons it reports, and whether a job then stops the queue
FAULT_REASONS: dict[str, tuple[list[str], bool]] = {
    "paper_out": (["media-empty-error"], True),
    "paper_low": (["media-low-report"], False),
    "paper_jam": (["media-jam-error"], True),
    "toner_low": (["toner-low-report"], False),
    "toner_empty": (["toner-empty-error"], True),
    "cover_open": (["door-open-error"], True),
    "offline": (["offline-report"], True),
}


class CupsSimulator:
    """A MockControl over a private cupsd and its queue."""

    FAULTS: ClassVar[dict[str, str]] = {
        "paper_out": "the printer reports media-empty (jobs stop, the queue stops)",
        "paper_low": "the printer reports media-low (still prints)",
        "paper_jam": "the printer reports media-jam (jobs stop)",
        "toner_low": "the printer reports toner-low (still prints)",
        "toner_empty": "the printer reports toner-empty (jobs stop)",
        "cover_open": "the printer reports door-open (jobs stop)",
        "offline": "the printer reports offline (jobs stop)",
        "hung": "cupsd stops answering (SIGSTOP) until cleared",
        "stopped": "the queue is disabled, as by cupsdisable",
    }
    ACTIONS: ClassVar[dict[str, str]] = {
        "refill_paper": "staff load paper: ends paper_out, paper_low and paper_jam",
        "close_door": "staff close the printer's door: ends cover_open",
    }
    transport = "cupsd"

    def __init__(self, name: str, *, queue: str = "kiosk-a4",
                 root: Path | None = None) -> None:
        self.name = name
        self.queue = queue
        self.cupsd = PrivateCupsd(root)
        self.active_faults: dict[str, dict[str, Any]] = {}
        self._ready = threading.Event()
        self._running = False
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ life cycle
    @property
    def port(self) -> str:
        return f"{self.queue}@{self.cupsd.server}"

    @property
    def output_dir(self) -> Path:
        return self.cupsd.out_dir

    @property
    def running(self) -> bool:
        return self._running

    #: how long start() waits for cupsd and the queue (~0.1 s here); a slower machine goes
    #: on in the background and the driver's worker retries until the queue is there
    START_WAIT_S = 10.0

    def start(self) -> CupsSimulator:
        """Spawn cupsd and add the queue; returns when the queue is there (or after
        START_WAIT_S, the rest going on in the background)."""
        with self._lock:
            if self._running:
                return self
            self._running = True
            try:
                self.cupsd.start()
            except OSError as exc:  # no cupsd here: the device stays offline, saying why
                log.error("%s: cannot start a private cupsd (%s): %s", self.name, exc,
                          missing() or "see the error above")
                return self
            threading.Thread(target=self._prepare, name=f"sim-{self.name}", daemon=True).start()
        self._ready.wait(self.START_WAIT_S)
        return self

    def _prepare(self) -> None:
        if not self.cupsd.wait_ready(30):
            log.error("%s: private cupsd did not start: %s", self.name, self.cupsd.log_tail())
            return
        try:
            self.cupsd.add_queue(self.queue)
        except Exception as exc:  # noqa: BLE001 - logged; the driver reports no queue
            log.error("%s: could not add the mock queue: %s", self.name, exc)
            return
        self._ready.set()
        log.warning("%s: MOCK A4 printer: queue %s on private cupsd %s", self.name, self.queue,
                    self.cupsd.server)

    def wait_ready(self, timeout: float = 30.0) -> bool:
        return self._ready.wait(timeout)

    def stop(self) -> None:
        with self._lock:
            self._running = False
            self._ready.clear()
            self.cupsd.stop()

    def __enter__(self) -> CupsSimulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ output
    def printed(self) -> list[Path]:
        """The PDFs printed so far, oldest first."""
        return self.cupsd.printed()

    # ------------------------------------------------------------------ MockControl
    def faults(self) -> dict[str, str]:
        return dict(self.FAULTS)

    def actions(self) -> dict[str, str]:
        return dict(self.ACTIONS)

    def has_fault(self, fault: str) -> bool:
        return fault in self.active_faults

    def inject(self, fault: str, **params: Any) -> None:
        if fault not in self.FAULTS:
            raise ValueError(f"{self.name}: unknown fault {fault!r} "
                             f"(known: {', '.join(sorted(self.FAULTS))})")
        if params:
            raise ValueError(f"{self.name}: fault {fault} takes no parameters")
        with self._lock:
            self.active_faults[fault] = {}
            self._apply()

    def clear(self, fault: str | None = None) -> None:
        with self._lock:
            if fault is None:
                self.active_faults.clear()
            else:
                self.active_faults.pop(fault, None)
            self._apply()

    def perform(self, action: str, **params: Any) -> None:
        if action not in self.ACTIONS:
            raise ValueError(f"{self.name}: unknown action {action!r} "
                             f"(known: {', '.join(sorted(self.ACTIONS))})")
        if params:
            raise ValueError(f"{self.name}: {action} takes no parameters")
        ends = {"refill_paper": ("paper_out", "paper_low", "paper_jam"),
                "close_door": ("cover_open",)}[action]
        with self._lock:
            for f in ends:
                self.active_faults.pop(f, None)
            self._apply()

    def _apply(self) -> None:
        """Make cupsd show exactly the active faults."""
        if "hung" in self.active_faults:
            self.cupsd.freeze()
            return
        self.cupsd.thaw()
        if not self.wait_ready(30):
            raise RuntimeError(f"{self.name}: the private cupsd is not running")
        reasons: list[str] = []
        stopping: list[str] = []
        for fault in self.active_faults:
            if fault in FAULT_REASONS:
                r, stops = FAULT_REASONS[fault]
                reasons += r
                if stops:
                    stopping += r
        self.cupsd.set_backend_fault(stopping)
        self.cupsd.set_reasons(self.queue, reasons)
        c = self.cupsd.connection()
        if "stopped" in self.active_faults:
            c.disablePrinter(self.queue)
        else:
            # a backend that stopped the queue (a job met a fault) left it stopped: staff
            # fixing the printer resume it, as cupsenable would
            c.enablePrinter(self.queue)


def simulator_factory(config, data_dir=None) -> CupsSimulator:
    """Mock mode: a private cupsd with one queue (not started). Nothing is kept on disk
    between runs, so ``data_dir`` is unused."""
    queue = str(config.options.get("sim_queue") or "kiosk-a4")
    return CupsSimulator(config.name, queue=queue)


__all__ = ["FAULT_REASONS", "CupsSimulator", "simulator_factory"]
