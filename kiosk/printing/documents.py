"""A4 documents (PDF) for the document printer, and a picture of page 1 for the screen.

    doc = PdfDocument(pdf_bytes, pages=2, title="ssc_record ZZDY-2026-7K3M-Q9XD")
    journey.print("a4printer", doc).then(printed, failed)   # printed: DocumentPrinted

:meth:`PdfDocument.job` is what the bridge runs on the printer's worker (like a ticket's
job): the a4printer contract's ``print_document``, which queues the PDF, waits until the
printer reports it completed and cancels it when it cannot finish (typed errors with
``code`` and ``printed``). Any journey may print this way — certificates, police
certificates, case receipts on A4.
"""
from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from drivers.core.device import Device
from drivers.core.errors import DeviceError
from drivers.core.status import Recovery

log = logging.getLogger(__name__)


def page_count(pdf: bytes) -> int:
    """Pages in a PDF (pikepdf); ValueError for something that is not one."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            return len(doc.pages)
    except (pikepdf.PdfError, OSError) as exc:
        raise ValueError(f"not a readable PDF: {exc}") from None


@dataclass(frozen=True)
class PdfDocument:
    """A PDF to print on an A4 printer: what a journey hands to ``Journey.print``."""

    pdf: bytes = field(repr=False)  # may be personal: never logged, never written here
    pages: int
    title: str = "kiosk document"  # the CUPS job name: no personal data in it
    copies: int = 1

    @classmethod
    def from_pdf(cls, pdf: bytes, *, title: str = "kiosk document", copies: int = 1):
        return cls(pdf, page_count(pdf), title, copies)

    def job(self) -> Callable[[Device], object]:
        pdf, pages, title, copies = self.pdf, self.pages, self.title, self.copies

        def job(device: Device):
            if not hasattr(device, "print_document"):
                raise DeviceError(f"{device.name} is not an A4 document printer",
                                  code="not_a_printer", recovery=Recovery.TECHNICIAN)
            return device.print_document(pdf, pages=pages, copies=copies, title=title)

        return job


def first_page_png(pdf: bytes, *, width: int = 620, timeout: float = 20.0) -> bytes | None:
    """Page 1 as a PNG ``width`` pixels wide (pdftoppm, poppler-utils), for a preview; None
    when it cannot be rendered (no pdftoppm, a broken file): the preview says so in words."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        log.warning("no pdftoppm (poppler-utils): documents are shown without a preview")
        return None
    # (pdftoppm 22 writes no PNG to stdout: a private temp dir, gone when done)
    with tempfile.TemporaryDirectory(prefix="kiosk-preview-") as tmp:
        try:
            subprocess.run([tool, "-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to-x",
                            str(width), "-scale-to-y", "-1", "-", str(Path(tmp) / "page")],
                           input=pdf, capture_output=True, timeout=timeout, check=True)
            png = (Path(tmp) / "page.png").read_bytes()
        except (subprocess.SubprocessError, OSError) as exc:
            log.warning("preview of a document failed: %s", type(exc).__name__)
            return None
    return png if png.startswith(b"\x89PNG") else None


__all__ = ["PdfDocument", "first_page_png", "page_count"]
