"""Find a page in a camera picture, straighten it and make it readable.

The steps a document camera's software takes (camera-scanner.md): edges → the largest
4-point polygon (approxPolyDP at ~2 % of its perimeter) → corners ordered → perspective
correction to the page's proportions (A4, ID card, a booklet page) → enhancement for text
(shadows flattened, contrast stretched) or colour kept (certificates, photos).

Corners are found on a copy scaled to :data:`FIND_SIDE` pixels (the same work on a preview
frame and a 12 MP still), then refined on the full picture by fitting a line to each side's
edge points and intersecting them, so the corners hold to a fraction of a percent of the
page's diagonal however big the still.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

#: the long side the page is looked for at (pixels): enough for 1 % corners, fast on 12 MP
FIND_SIDE = 640
#: a page covers at least this share of the picture (an ID card under a 12 MP camera ~4 %)
MIN_AREA = 0.02

#: layout → (width, height) in millimetres, portrait
LAYOUTS: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "id_card": (54.0, 85.6),  # ISO/IEC 7810 ID-1, standing
    "booklet": (88.0, 125.0),  # 户口簿 / passport page
}
#: the resolution pages are made at (dots per inch), the case systems' usual 200–300
PAGE_DPI = {"a4": 200, "id_card": 300, "booklet": 300}


@dataclass(frozen=True)
class Found:
    """A page in a picture: ``corners`` (4×2 float, top-left, top-right, bottom-right,
    bottom-left, in the picture's pixels), ``sharpness`` (variance of the Laplacian inside
    the page at find scale)."""

    corners: np.ndarray
    sharpness: float
    width: int  # the picture's size
    height: int

    @property
    def diagonal(self) -> float:
        c = self.corners
        return float(max(np.linalg.norm(c[0] - c[2]), np.linalg.norm(c[1] - c[3])))

    def scaled(self, width: int, height: int) -> Found:
        """The same corners in a picture of another size (preview → still)."""
        s = np.array([width / self.width, height / self.height], np.float32)
        return Found(self.corners * s, self.sharpness, width, height)

    def as_list(self) -> list[list[float]]:
        return [[round(float(x), 1), round(float(y), 1)] for x, y in self.corners]


def order_corners(pts: np.ndarray) -> np.ndarray:
    """Four points as top-left, top-right, bottom-right, bottom-left (by angle round their
    centre, starting top-left), whatever order a contour gave them in."""
    pts = np.asarray(pts, np.float32).reshape(4, 2)
    c = pts.mean(axis=0)
    ang = np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0])
    pts = pts[np.argsort(ang)]  # clockwise on screen (y down), starting near the left
    start = int(np.argmin(pts.sum(axis=1)))  # top-left: smallest x + y
    return np.roll(pts, -start, axis=0)


def _gray_small(image: np.ndarray) -> tuple[np.ndarray, float]:
    h, w = image.shape[:2]
    scale = min(1.0, FIND_SIDE / max(h, w))
    if scale == 1.0:
        small = image
    else:
        # a 12 MP still: every k-th pixel first (cheap), then an area average to the size
        k = max(1, int(1 / (2 * scale)))
        thin = image[::k, ::k] if k > 1 else image
        small = cv2.resize(thin, (round(w * scale), round(h * scale)),
                           interpolation=cv2.INTER_AREA)
    gray = small if small.ndim == 2 else cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    return gray, scale


def find_page(image: np.ndarray, *, refine: bool = True) -> Found | None:
    """The page in ``image`` (BGR or grey), or None when there is no clear 4-cornered page
    (nothing there, a hand over it, a page cut off by the picture's edge)."""
    h, w = image.shape[:2]
    gray, scale = _gray_small(image)
    blur = cv2.GaussianBlur(gray, (5, 5), 0)
    # a page is brighter than the desk: Otsu's split finds it even in a soft shadow; edges
    # (Canny) close the outline where the threshold alone bleeds into a bright desk
    _, bright = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    edges = cv2.dilate(cv2.Canny(blur, 40, 120), np.ones((3, 3), np.uint8))
    best = None
    area_min = MIN_AREA * gray.shape[0] * gray.shape[1]
    for mask in (bright, edges):
        closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
        contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for cnt in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
            area = cv2.contourArea(cnt)
            if area < area_min:
                break
            hull = cv2.convexHull(cnt)
            approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
            if len(approx) != 4 or not cv2.isContourConvex(approx):
                continue
            # the hull must be the page: a hand or shadow joined on makes the contour much
            # bigger than its 4-point polygon
            if area < 0.9 * cv2.contourArea(approx):
                continue
            if best is None or cv2.contourArea(approx) > cv2.contourArea(best):
                best = approx
        if best is not None:
            break
    if best is None:
        return None
    corners = order_corners(best.reshape(4, 2).astype(np.float32))
    gh, gw = gray.shape
    margin = 2
    if (corners[:, 0] < margin).any() or (corners[:, 1] < margin).any() or \
            (corners[:, 0] > gw - 1 - margin).any() or (corners[:, 1] > gh - 1 - margin).any():
        return None  # the page runs off the picture: part of it would be missing
    sharp = _sharpness(gray, corners)
    corners = corners / scale
    if refine:
        corners = _refine(image, corners, scale)
    return Found(corners.astype(np.float32), sharp, w, h)


def _sharpness(gray: np.ndarray, corners: np.ndarray) -> float:
    x0, y0 = np.maximum(corners.min(axis=0).astype(int), 0)
    x1, y1 = corners.max(axis=0).astype(int)
    # the middle of the page: its text, not its edge against the desk
    cx0, cx1 = x0 + (x1 - x0) // 4, x1 - (x1 - x0) // 4
    cy0, cy1 = y0 + (y1 - y0) // 4, y1 - (y1 - y0) // 4
    roi = gray[cy0:cy1, cx0:cx1]
    if roi.size == 0:
        return 0.0
    return float(cv2.Laplacian(roi, cv2.CV_64F).var())


def _refine(image: np.ndarray, corners: np.ndarray, scale: float) -> np.ndarray:
    """Each side as a line fitted to the strongest edge near it (in a band a few find-scale
    pixels wide, at full resolution), the corners where the lines meet. Falls back to the
    coarse corner wherever a side gives too little to fit."""
    if scale >= 1.0:
        band = 4.0
    else:
        band = 3.0 / scale  # ±3 find-scale pixels
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    lines = []
    for i in range(4):
        p, q = corners[i], corners[(i + 1) % 4]
        line = _fit_side(gray, p, q, band)
        if line is None:
            return corners
        lines.append(line)
    out = np.empty_like(corners)
    for i in range(4):
        pt = _intersect(lines[(i - 1) % 4], lines[i])
        if pt is None or np.linalg.norm(pt - corners[i]) > 3 * band:
            return corners
        out[i] = pt
    return out


def _fit_side(gray: np.ndarray, p: np.ndarray, q: np.ndarray, band: float):
    """Sample the side p→q: along each of ~60 normals, the position of the strongest
    gradient; a line fitted through them (cv2.fitLine, robust to text near the edge)."""
    d = q - p
    length = float(np.linalg.norm(d))
    if length < 10:
        return None
    t = d / length
    n = np.array([-t[1], t[0]], np.float32)
    h, w = gray.shape
    samples = np.linspace(0.1, 0.9, 60)  # keep away from the corners (rounded, shadowed)
    offs = np.arange(-band, band + 1.0, 1.0, dtype=np.float32)
    pts = []
    for s in samples:
        base = p + d * s
        line = base[None, :] + offs[:, None] * n[None, :]
        xs, ys = line[:, 0], line[:, 1]
        if xs.min() < 1 or ys.min() < 1 or xs.max() > w - 2 or ys.max() > h - 2:
            continue
        vals = cv2.remap(gray, xs.reshape(1, -1).astype(np.float32),
                         ys.reshape(1, -1).astype(np.float32), cv2.INTER_LINEAR).ravel()
        vals = vals.astype(np.float32)
        vals = np.convolve(vals, np.ones(3, np.float32) / 3, mode="same")
        grad = np.abs(np.diff(vals))
        if grad.size < 3 or grad.max() < 8:
            continue
        k = int(np.argmax(grad[1:-1])) + 1
        pts.append(base + (offs[k] + 0.5) * n)
    if len(pts) < 12:
        return None
    vx, vy, x0, y0 = cv2.fitLine(np.array(pts, np.float32), cv2.DIST_HUBER, 0, 0.01,
                                 0.01).ravel()
    return np.array([x0, y0], np.float32), np.array([vx, vy], np.float32)


def _intersect(a, b) -> np.ndarray | None:
    (p, r), (q, s) = a, b
    cross = r[0] * s[1] - r[1] * s[0]
    if abs(cross) < 1e-6:
        return None
    t = ((q[0] - p[0]) * s[1] - (q[1] - p[1]) * s[0]) / cross
    return (p + t * r).astype(np.float32)


def choose_layout(corners: np.ndarray) -> str:
    """The layout whose proportions are nearest the page's (sides measured in the picture:
    a modest perspective changes them little)."""
    c = corners
    w = (np.linalg.norm(c[1] - c[0]) + np.linalg.norm(c[2] - c[3])) / 2
    h = (np.linalg.norm(c[3] - c[0]) + np.linalg.norm(c[2] - c[1])) / 2
    ratio = max(w, h) / max(1.0, min(w, h))
    return min(LAYOUTS, key=lambda k: abs(math.log(ratio * min(LAYOUTS[k]) / max(LAYOUTS[k]))))


def page_size_px(layout: str, corners: np.ndarray) -> tuple[int, int]:
    """(width, height) of the straightened page: the layout's proportions at its dpi, never
    larger than the picture had pixels for (no invented detail), landscape when the page
    lies that way."""
    mm_w, mm_h = LAYOUTS[layout]
    dpi = PAGE_DPI[layout]
    c = corners
    w = (np.linalg.norm(c[1] - c[0]) + np.linalg.norm(c[2] - c[3])) / 2
    h = (np.linalg.norm(c[3] - c[0]) + np.linalg.norm(c[2] - c[1])) / 2
    landscape = w > h
    long_px = min(max(w, h), max(mm_w, mm_h) / 25.4 * dpi)
    short_px = long_px * min(mm_w, mm_h) / max(mm_w, mm_h)
    if landscape:
        return round(long_px), round(short_px)
    return round(short_px), round(long_px)


def dewarp(image: np.ndarray, corners: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    dst = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    m = cv2.getPerspectiveTransform(np.asarray(corners, np.float32), dst)
    return cv2.warpPerspective(image, m, (w, h), flags=cv2.INTER_AREA,
                               borderMode=cv2.BORDER_REPLICATE)


def enhance_text(page: np.ndarray) -> np.ndarray:
    """A text page as clean grey: the paper's shading (a shadow, uneven light) divided out,
    then the contrast stretched so paper is white and ink dark. Grey, not black and white:
    stamps and handwriting keep their strokes (an adaptive threshold breaks thin ones)."""
    gray = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    h, w = gray.shape
    k = max(15, (min(h, w) // 20) | 1)
    # the paper's brightness everywhere: ink removed by a closing, smoothed, at low res
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE,
                          cv2.getStructuringElement(cv2.MORPH_RECT, (k // 4 | 1, k // 4 | 1)))
    bg = cv2.GaussianBlur(bg, (0, 0), 3)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(gray, bg, scale=255)
    lo, hi = np.percentile(flat[::4, ::4], (1, 60))
    if hi - lo < 10:
        return flat
    lut = np.clip((np.arange(256, dtype=np.float32) - lo) * 255.0 / (hi - lo), 0, 255)
    return lut.astype(np.uint8)[flat]


def enhance_colour(page: np.ndarray) -> np.ndarray:
    """Colour kept (certificates, photos): only the white balance and levels evened, from the
    paper's brightest part."""
    if page.ndim == 2:
        return page
    ref = np.percentile(page[::4, ::4].reshape(-1, 3), 97, axis=0).astype(np.float32)
    gain = 245.0 / np.maximum(ref, 1.0)
    gain = np.clip(gain, 0.8, 1.6)
    return cv2.convertScaleAbs(page.astype(np.float32) * gain[None, None, :])


@dataclass
class Page:
    """One scanned page: the straightened, enhanced picture and where it was found."""

    image: np.ndarray  # grey (text) or BGR (colour)
    corners: np.ndarray  # in the source picture
    layout: str
    rotation: int = 0  # quarter turns clockwise the citizen asked for

    @property
    def dpi(self) -> int:
        """The resolution the page came out at (its pixels over the layout's millimetres),
        so the PDF page has the paper's real size."""
        h, w = self.image.shape[:2]
        return max(1, round(max(w, h) / (max(LAYOUTS[self.layout]) / 25.4)))

    @property
    def size(self) -> tuple[int, int]:
        h, w = self.image.shape[:2]
        return (w, h) if self.rotation % 2 == 0 else (h, w)

    def rotated(self) -> np.ndarray:
        k = self.rotation % 4
        return np.rot90(self.image, -k).copy() if k else self.image


def scan_page(image: np.ndarray, *, layout: str = "auto", colour: bool = False,
              found: Found | None = None) -> Page | None:
    """Find, straighten and enhance the page in ``image``; None when there is no page.
    ``found`` (from a preview frame, scaled) skips the search when given."""
    if layout != "auto" and layout not in LAYOUTS:
        raise ValueError(f"unknown page layout {layout!r} (known: auto, {', '.join(LAYOUTS)})")
    if not colour and image.ndim == 3:
        # a text page ends grey: one conversion, then the search's refinement and the
        # straightening both work on a third of the bytes
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if found is None:
        found = find_page(image)
        if found is None:
            return None
    corners = found.corners
    chosen = choose_layout(corners) if layout == "auto" else layout
    flat = dewarp(image, corners, page_size_px(chosen, corners))
    out = enhance_colour(flat) if colour else enhance_text(flat)
    return Page(out, corners, chosen)
