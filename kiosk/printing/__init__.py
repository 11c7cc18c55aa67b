"""Printing for the citizen flows: ticket layouts (templates) and the jobs that print them.

    job = queue_ticket_job(ticket, hall_name="市政务服务中心", hall_name_en="City …")
    future = printer_handle.submit("print_ticket", job)   # → PrintResult or a PrintError

A job checks the printer's status before printing and confirms it after; it never reports
success unless a valid status came back after the job. Failures are typed (PaperOut,
CoverOpen, PrinterOffline, PrintNotConfirmed, CutterError, PrinterFault — all PrintError,
all DeviceError) with ``message_zh``, ``recovery`` and ``printed`` (False: nothing printed;
None: maybe partly printed) so the flow can offer a reprint.
"""
from __future__ import annotations

from pathlib import Path

from drivers.printer.device import PrintResult
from drivers.printer.errors import (
    CoverOpen,
    CutterError,
    PaperOut,
    PrinterFault,
    PrinterOffline,
    PrintError,
    PrintNotConfirmed,
)
from kiosk.printing.jobs import (
    TicketDocument,
    job_bytes,
    layout_job,
    queue_ticket_job,
    receipt_context,
    receipt_job,
    ticket_context,
)
from kiosk.printing.template import Template, TemplateError, load_template

__all__ = [
    "CoverOpen", "CutterError", "PaperOut", "PrintError", "PrintNotConfirmed", "PrintResult",
    "PrinterFault", "PrinterOffline", "Template", "TicketDocument", "TemplateError", "job_bytes", "layout_job",
    "job_timeout", "load_template", "printed_tickets", "queue_ticket_job", "receipt_context", "receipt_job",
    "ticket_context",
]


def job_timeout(handle) -> float:
    """Worst case, in seconds, for one print job on ``handle`` to succeed or fail on its own
    (status before + printing deadline + status after): a sensible ``handle.call`` timeout."""
    dev = handle.device
    return float(getattr(dev, "print_timeout", 10.0)) + 3 * dev.timeout + 1.0


def printed_tickets(handle, limit: int = 5) -> list[Path]:
    """Mock mode: the PNGs of the last tickets the virtual printer printed, newest first
    (empty for a real printer). For the diagnostics screen."""
    sim = getattr(handle, "simulator", None)
    out = getattr(sim, "output_dir", None)
    if out is None or not Path(out).is_dir():
        return []
    return sorted(Path(out).glob("ticket-*.png"), reverse=True)[:limit]
