"""What a citizen hands in for a case, from whichever source: a scan at the document camera
(:mod:`kiosk.journeys.steps.docscan`) or files from a USB stick
(:mod:`kiosk.journeys.steps.usbimport`).

Both sources give the journey the same thing: one PDF per material, made on the kiosk (the
scanned pages, or the stick's files re-rendered page by page), so what reaches the case
server is never a file the citizen brought as it was.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Material:
    name: str  # the material's name in the service guide (身份证复印件 …)
    pdf: bytes  # one PDF, every page an image the kiosk made (img2pdf)
    pages: int
    source: str  # "scan" | "usb"

    def __repr__(self) -> str:  # a material is personal data: never its bytes in a log
        return f"Material({self.name!r}, {self.pages} pages, {len(self.pdf)} bytes, {self.source})"
