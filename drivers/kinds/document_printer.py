"""A4 document printers (certificates, records) through CUPS/IPP: whole documents, not
byte streams; the job is confirmed when the printer reports it completed.

The kiosk prints with ``print_document`` (queue, wait for ``completed``, cancel the job when
the printer cannot finish it) and reads the queue with ``queue_status``; ``print_pdf``,
``job_state`` and ``cancel_job`` are the steps it is made of, for tools. Door and cover open,
and a printer that reports itself offline, are device states (``user_error``, ``offline``),
not axes.
"""
from __future__ import annotations

from abc import abstractmethod
from dataclasses import asdict, dataclass, field

from drivers.kinds.base import Axis, KindContract

#: IPP job-state (RFC 8011 §5.3.7) → name
JOB_STATES = {3: "pending", 4: "pending-held", 5: "processing", 6: "processing-stopped",
              7: "canceled", 8: "aborted", 9: "completed"}
#: job states after which nothing more happens to a job
JOB_FINAL = frozenset({"canceled", "aborted", "completed"})


@dataclass(frozen=True)
class QueueStatus:
    """What CUPS says about the printer's queue (``kiosk a4printer status``)."""

    online: bool  # the printer can take and finish a job now
    state: str  # idle | processing | stopped (IPP printer-state)
    reasons: tuple[str, ...] = ()  # IPP printer-state-reasons, as CUPS reports them
    jobs: tuple[dict, ...] = ()  # the queue's unfinished jobs: {"id", "state", "title"}
    accepting: bool = True  # printer-is-accepting-jobs
    message: str = ""  # printer-state-message
    supplies: dict = field(default_factory=dict)  # the kind's axes (paper, toner)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["reasons"] = list(self.reasons)
        d["jobs"] = [dict(j) for j in self.jobs]
        return d


@dataclass(frozen=True)
class DocumentPrinted:
    """A document the printer reported completed."""

    job_id: str
    pages: int  # sheets of the document × copies (what the citizen takes)
    copies: int = 1
    seconds: float = 0.0  # queued → completed

    def to_dict(self) -> dict:
        return asdict(self)


class DocumentPrinter(KindContract):
    kind = "a4printer"
    OPERATIONS = ("print_document", "queue_status", "print_pdf", "job_state", "cancel_job")
    AXES = (
        Axis("paper", blocking={"out": "paper_out", "jammed": "paper_jam"},
             warning={"near_end": "paper_near_end"}),
        Axis("toner", blocking={"empty": "toner_empty"}, warning={"low": "toner_low"}),
    )

    @abstractmethod
    def print_document(self, pdf: bytes, *, pages: int, copies: int = 1,
                       title: str = "") -> DocumentPrinted:
        """Queue a PDF and wait until the printer completed it. When it cannot (paper out,
        jam, cover open, aborted, no progress by the deadline) the job is cancelled and a
        DeviceError says why, with ``printed`` False (nothing came out) or None (maybe part)."""

    @abstractmethod
    def queue_status(self) -> QueueStatus:
        """The queue as CUPS reports it now (no side effects)."""

    @abstractmethod
    def print_pdf(self, pdf: bytes, *, copies: int = 1, title: str = "") -> str:
        """Queue a PDF; returns the job id. Raise a DeviceError when it cannot be queued."""

    @abstractmethod
    def job_state(self, job_id: str) -> str:
        """pending / pending-held / processing / processing-stopped / completed / aborted /
        canceled (JOB_STATES)."""

    @abstractmethod
    def cancel_job(self, job_id: str) -> None:
        """Cancel a job that has not finished (a finished one is left as it is)."""
