"""One still → one scanned page, ready for the PDF: what runs on the document camera's worker
(``analyse_still``) when a page is captured, and what ``kiosk scan`` runs on a file.

:class:`StillScanner` finds the page in the still (or, if the still alone does not show it
clearly, uses the corners found on the preview, scaled), straightens and enhances it, encodes
it under the size limit and makes the small picture the screen shows — all on the worker, so
the screen's thread only receives the finished page.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.scanning.page import Found, Page, find_page, scan_page
from kiosk.scanning.pdf import EncodedPage, encode_page, pages_pdf

#: the height of the page pictures on the screen (pixels)
THUMB_HEIGHT = 360


@dataclass
class ScannedPage:
    page: Page
    encoded: EncodedPage
    thumb: np.ndarray  # grey or BGR, THUMB_HEIGHT tall
    source_size: tuple[int, int]  # the still's (width, height)
    rotation: int = 0  # quarter turns clockwise (the citizen's rotate button)

    @property
    def corners(self) -> list[list[float]]:
        return [[round(float(x), 1), round(float(y), 1)] for x, y in self.page.corners]

    @property
    def size_px(self) -> list[int]:
        w, h = self.encoded.width, self.encoded.height
        return [w, h] if self.rotation % 2 == 0 else [h, w]


class StillScanner:
    """``scanner(still)`` → :class:`ScannedPage`, or None when no page is found."""

    def __init__(self, *, layout: str = "a4", colour: bool = False,
                 max_page_bytes: int | None = None, hint: Found | None = None) -> None:
        self.layout, self.colour = layout, colour
        self.max_page_bytes = max_page_bytes
        self.hint = hint

    def __call__(self, still: np.ndarray) -> ScannedPage | None:
        h, w = still.shape[:2]
        found = find_page(still)
        if found is None and self.hint is not None:
            found = self.hint.scaled(w, h)  # a shadow at the moment of the still
        if found is None:
            return None
        page = scan_page(still, layout=self.layout, colour=self.colour, found=found)
        if page is None:
            return None
        encoded = encode_page(page.image, dpi=page.dpi, max_bytes=self.max_page_bytes)
        ph, pw = page.image.shape[:2]
        thumb = cv2.resize(page.image, (max(1, round(pw * THUMB_HEIGHT / ph)), THUMB_HEIGHT),
                           interpolation=cv2.INTER_AREA)
        return ScannedPage(page, encoded, thumb, (w, h))

    __name__ = "scan_still"


def material_pdf(pages: list[ScannedPage]) -> bytes:
    """The pages in order as one PDF, each turned as the citizen asked (the page's /Rotate:
    the JPEG itself is never re-encoded)."""
    pdf = pages_pdf([p.encoded for p in pages])
    if not any(p.rotation % 4 for p in pages):
        return pdf
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page, scanned in zip(doc.pages, pages, strict=True):
            if scanned.rotation % 4:
                page.obj.Rotate = (scanned.rotation % 4) * 90
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()
