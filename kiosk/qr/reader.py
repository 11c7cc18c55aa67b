"""QR codes from camera frames, offline: zxing-cpp, with OpenCV's detector as the fallback.

Chosen by measured decode rate (``bench/bench_portrait.py``: generated codes at 1.5–5 px per
module, tilted 0–40°, blurred, at 20–100 % contrast, on a 640×480 frame): zxing-cpp reads
about twice as many as ``cv2.QRCodeDetector`` / ``QRCodeDetectorAruco``, in a tenth of the
time (≈1 ms against ≈5–9 ms), above all the small and the blurred ones. OpenCV stays as the
fallback for an installation without the zxing-cpp wheel (``backend="opencv"`` forces it,
for the comparison).

A :class:`QrReader` is a plain callable, ``reader(frame) -> Code | None``, run on the
camera's worker through ``Camera.analyse`` like the portrait checks.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from drivers.core.frames import load_cv2

log = logging.getLogger(__name__)

BACKENDS = ("auto", "zxing", "opencv")


@dataclass(frozen=True)
class Code:
    text: str
    format: str  # "QRCode", "MicroQRCode" (zxing's names; OpenCV reads QR codes only)
    corners: tuple[tuple[int, int], ...] = ()  # in frame pixels, when the backend says

    def as_dict(self) -> dict:
        return {"text": self.text, "format": self.format,
                "corners": [list(c) for c in self.corners]}


def _zxing():
    try:
        import zxingcpp
    except ImportError:
        return None
    return zxingcpp


class QrReader:
    def __init__(self, backend: str = "auto") -> None:
        if backend not in BACKENDS:
            raise ValueError(f"QR backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
        zx = _zxing() if backend in ("auto", "zxing") else None
        if backend == "zxing" and zx is None:
            raise ValueError("QR backend 'zxing' asked for, but zxing-cpp is not installed")
        if backend == "auto" and zx is None:
            log.warning("zxing-cpp not installed: reading QR codes with OpenCV (fewer small "
                        "and blurred codes)")
        self.backend = "zxing" if zx is not None else "opencv"
        self._zx = zx
        self._cv_detector = None

    def read_all(self, frame) -> list[Code]:
        """Every QR code in ``frame`` (BGR or grey uint8)."""
        if self._zx is not None:
            zx = self._zx
            found = zx.read_barcodes(frame, formats=(zx.BarcodeFormat.QRCode,
                                                     zx.BarcodeFormat.MicroQRCode))
            out = []
            for b in found:
                if not b.valid or not b.text:
                    continue
                p = b.position
                corners = tuple((int(c.x), int(c.y)) for c in (p.top_left, p.top_right,
                                                               p.bottom_right, p.bottom_left))
                out.append(Code(b.text, b.format.name, corners))
            return out
        cv2 = load_cv2()
        if self._cv_detector is None:
            self._cv_detector = cv2.QRCodeDetector()
        text, points, _ = self._cv_detector.detectAndDecode(frame)
        if not text:
            return []
        corners = tuple((int(x), int(y)) for x, y in points.reshape(-1, 2)) \
            if points is not None else ()
        return [Code(text, "QRCode", corners)]

    def __call__(self, frame) -> Code | None:
        found = self.read_all(frame)
        return found[0] if found else None
