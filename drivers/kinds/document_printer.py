"""A4 document printers (certificates, records) through CUPS/IPP: whole documents, not
byte streams; the job is confirmed when the printer reports it completed."""
from __future__ import annotations

from abc import abstractmethod

from drivers.kinds.base import Axis, KindContract


class DocumentPrinter(KindContract):
    kind = "a4printer"
    OPERATIONS = ("print_pdf", "job_state")
    AXES = (
        Axis("paper", blocking={"out": "paper_out", "jammed": "paper_jam"},
             warning={"near_end": "paper_near_end"}),
        Axis("toner", blocking={"empty": "toner_empty"}, warning={"low": "toner_low"}),
    )

    @abstractmethod
    def print_pdf(self, pdf: bytes, *, copies: int = 1, title: str = "") -> str:
        """Queue a PDF; returns the job id. Raise a DeviceError when it cannot be queued."""

    @abstractmethod
    def job_state(self, job_id: str) -> str:
        """pending / processing / completed / aborted / canceled."""
