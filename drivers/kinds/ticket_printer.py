"""Ticket printers (thermal roll, 58/80 mm): queue tickets and receipts.

The kiosk lays a ticket out once (kiosk.printing templates) with the printer's own
``builder()`` (paper width, Chinese mode, QR mode) and sends the bytes with
``print_bytes``, which returns only when the printer confirmed the job; a failure is a
typed PrintError (paper out, cover open, not confirmed …) naming its recovery.
"""
from __future__ import annotations

from abc import abstractmethod
from typing import Any

from drivers.kinds.base import Axis, KindContract


class TicketPrinter(KindContract):
    kind = "printer"
    OPERATIONS = ("print_bytes", "test_page")
    AXES = (Axis("paper", blocking={"out": "paper_out", "jammed": "paper_jam"},
                 warning={"near_end": "paper_near_end"}),)

    @abstractmethod
    def builder(self) -> Any:
        """A job builder for this printer (no I/O; may be called off the worker)."""

    @abstractmethod
    def print_bytes(self, data: bytes) -> Any:
        """Send one job and confirm it was printed (a PrintResult); raise a PrintError."""

    @abstractmethod
    def test_page(self) -> bytes:
        """The bytes of a test page (``kiosk printer test``, the external health check)."""
