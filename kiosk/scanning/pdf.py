"""Scanned pages → one PDF per material, each page image under the case server's limit.

Pages are encoded once (grey or colour JPEG; the quality lowered step by step until the page
is under ``max_page_bytes``, then the size) and put in the PDF by img2pdf, which embeds a
JPEG as it is (no second compression, no loss) with the page's physical size from its dpi.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: JPEG qualities tried in turn until a page fits
QUALITIES = (85, 75, 65, 55, 45, 35)


class PageTooLarge(ValueError):
    """A page that does not fit the limit even at the lowest quality and half the size."""


@dataclass(frozen=True)
class EncodedPage:
    jpeg: bytes
    width: int
    height: int
    dpi: int


def encode_page(image: np.ndarray, *, dpi: int = 200,
                max_bytes: int | None = None) -> EncodedPage:
    """``image`` (grey or BGR) as a JPEG of at most ``max_bytes`` (None: no limit)."""
    img = image
    for _ in range(3):  # full size, then 0.7×, then 0.5× of it
        for q in QUALITIES:
            h, w = img.shape[:2]
            # dpi scaled with the picture: the page keeps its physical size
            page_dpi = max(1, round(dpi * w / image.shape[1]))
            data = _jpeg(img, q, page_dpi)
            if max_bytes is None or len(data) <= max_bytes:
                return EncodedPage(data, w, h, page_dpi)
        img = cv2.resize(img, (max(1, int(img.shape[1] * 0.7)), max(1, int(img.shape[0] * 0.7))),
                         interpolation=cv2.INTER_AREA)
    raise PageTooLarge(f"a page does not fit in {max_bytes} bytes")


def _jpeg(img: np.ndarray, quality: int, dpi: int) -> bytes:
    """JPEG with the dpi in its JFIF header (img2pdf sizes the PDF page from it)."""
    import io

    from PIL import Image

    pil = Image.fromarray(img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    out = io.BytesIO()
    pil.save(out, "JPEG", quality=quality, optimize=True, dpi=(dpi, dpi))
    return out.getvalue()


def pages_pdf(pages: list[EncodedPage]) -> bytes:
    """One PDF of ``pages`` in order (img2pdf: JPEGs embedded as they are)."""
    import img2pdf

    if not pages:
        raise ValueError("a PDF needs at least one page")
    # nodate: nothing that says when or on which machine, just the pages
    return img2pdf.convert([p.jpeg for p in pages], nodate=True,
                           engine=img2pdf.Engine.internal)
