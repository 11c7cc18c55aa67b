"""A frame that passed the checks → the ID photo to the rules (:mod:`kiosk.portrait.rules`).

1. the person is cut out (:func:`kiosk.portrait.segment.person_alpha`) in a region around
   the face only, so the cost does not grow with the camera's resolution;
2. the top of the head is where the cut-out's outline is highest above the face;
3. the photo is cropped from the frame at the scale that makes the face
   ``face_width`` px wide, with the face centred and the top of the head in the middle of
   its allowed band, then composited on white (parts outside the frame are white too);
4. JPEG at the highest quality from 92 down that fits ``max_kb``, with the dpi written into
   the JFIF header (OpenCV writes "no unit, 1:1");
5. the result is checked on the photo itself: the face found again in the output, its width,
   the crown, the eye line, the white share of the background, the file size.

:class:`PhotoMaker` is what the camera's worker runs when the citizen has held still long
enough: it judges its (newest) frame again, and only a frame that passes becomes a photo.
"""
from __future__ import annotations

import struct
import time
from dataclasses import dataclass, field

from kiosk.portrait.checks import Assessment, Check, PortraitAnalyser
from kiosk.portrait.faces import Box, FaceFinder
from kiosk.portrait.rules import PortraitRules
from kiosk.portrait.segment import person_alpha

#: a background pixel counts as white from this grey level on (all three channels)
WHITE = 245
#: share of the photo's top corners that must be white (they are background in any pose)
MIN_WHITE_CORNERS = 0.95
QUALITIES = tuple(range(92, 0, -4))


@dataclass(frozen=True)
class Photo:
    jpeg: bytes
    width: int
    height: int
    dpi: int
    quality: int
    face: Box | None  # found again in the photo
    crown_y: int | None
    eye_y: int | None
    white_share: float  # of the photo: pure white background
    checks: dict[str, Check] = field(default_factory=dict)
    ms: float = 0.0

    @property
    def ok(self) -> bool:
        return all(c.ok is not False for c in self.checks.values())

    def failing(self) -> list[str]:
        return [c.name for c in self.checks.values() if c.ok is False]

    def as_dict(self) -> dict:
        return {"ok": self.ok, "width": self.width, "height": self.height,
                "face": self.face.as_dict() if self.face else None,
                "checks": {n: c.as_dict() for n, c in self.checks.items()},
                "bytes": len(self.jpeg), "quality": self.quality, "dpi": self.dpi}


@dataclass(frozen=True)
class Captured:
    """What :class:`PhotoMaker` returns: the frame's assessment, and the photo when the
    frame passed (``photo`` None otherwise: the citizen moved, go on guiding)."""

    assessment: Assessment
    photo: Photo | None


def set_jfif_density(jpeg: bytes, dpi: int) -> bytes:
    """``jpeg`` with its JFIF APP0 density set to ``dpi`` dots per inch (inserting an APP0
    segment when the file has none)."""
    if jpeg[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG (no SOI marker)")
    density = struct.pack(">BHH", 1, dpi, dpi)  # units 1 = dots per inch
    if jpeg[2:4] == b"\xff\xe0" and jpeg[6:11] == b"JFIF\x00":
        return jpeg[:13] + density + jpeg[18:]
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01" + density + b"\x00\x00"
    return jpeg[:2] + app0 + jpeg[2:]


def jfif_density(jpeg: bytes) -> tuple[int, int, int] | None:
    """(unit, x, y) of the JFIF header; None without one."""
    if jpeg[2:4] != b"\xff\xe0" or jpeg[6:11] != b"JFIF\x00":
        return None
    return struct.unpack(">BHH", jpeg[13:18])


def make_photo(frame, face: Box, rules: PortraitRules,
               finder: FaceFinder | None = None) -> Photo:
    """The photo of the person whose face is ``face`` in ``frame`` (BGR)."""
    import numpy as np

    from drivers.core.frames import load_cv2

    cv2 = load_cv2()
    finder = finder or FaceFinder()
    started = time.perf_counter()
    fh, fw = frame.shape[:2]
    s = rules.face_width / face.w  # photo pixels per frame pixel
    crop_w, crop_h = rules.width / s, rules.height / s  # (before the correction below)

    # the region the person is cut out in: the photo's crop and some room above it for hair
    rx0 = max(0, int(face.cx - 0.65 * crop_w))
    rx1 = min(fw, int(face.cx + 0.65 * crop_w) + 1)
    ry0 = max(0, int(face.y - 1.2 * face.w))
    ry1 = min(fh, int(face.y + crop_h) + 1)
    region = np.ascontiguousarray(frame[ry0:ry1, rx0:rx1])
    local = Box(face.x - rx0, face.y - ry0, face.w, face.h)
    alpha = person_alpha(region, local)

    crown = _crown(alpha, local)
    estimated = crown is None
    if crown is None:  # the head leaves the frame at the top: from the face's proportions
        crown = local.y - 0.55 * local.w
    full_alpha = np.zeros((fh, fw), np.float32)
    full_alpha[ry0:ry1, rx0:rx1] = alpha

    # the face as the detector measures it in the photo decides the scale: a Haar box is a
    # few per cent larger or smaller at another resolution, so one correction is made
    for _ in range(2):
        jpeg, quality, decoded = _render(cv2, frame, full_alpha, face.cx, crown + ry0, s,
                                         rules)
        grey = cv2.cvtColor(decoded, cv2.COLOR_BGR2GRAY)
        found = finder.faces(grey, fine=True)
        out_face = found[0] if len(found) == 1 else None
        if out_face is None or abs(out_face.w - rules.face_width) <= 3:
            break
        s *= rules.face_width / out_face.w

    # checked on the photo itself
    eyes = finder.eyes(grey, out_face) if out_face else []
    crown_y = round(rules.crown_target) if not estimated else None
    eye_y = round(sum(e.cy for e in eyes) / len(eyes)) if len(eyes) == 2 else None
    white = (decoded >= WHITE).all(axis=2)
    corner_w, corner_h = rules.width // 6, rules.height // 8
    corners = np.concatenate([white[:corner_h, :corner_w].ravel(),
                              white[:corner_h, -corner_w:].ravel()])
    checks = {
        "face": Check("face", out_face is not None, len(found)),
        "face_width": Check("face_width", None if out_face is None else
                            abs(out_face.w - rules.face_width) <= rules.face_width_tolerance,
                            out_face.w if out_face else None),
        # a head the frame cuts off at the top has no crown to place: not a photo to send
        "crown": Check("crown", False if estimated else
                       rules.crown_min <= crown_y <= rules.crown_max, crown_y),
        "eye_line": Check("eye_line", None if eye_y is None else
                          rules.height - eye_y >= rules.eye_min_from_bottom,
                          None if eye_y is None else rules.height - eye_y),
        "background": Check("background", float(corners.mean()) >= MIN_WHITE_CORNERS,
                            round(float(corners.mean()), 3)),
        "bytes": Check("bytes", len(jpeg) <= rules.max_bytes and quality >= rules.min_quality,
                       len(jpeg)),
    }
    return Photo(jpeg, rules.width, rules.height, rules.dpi, quality, out_face, crown_y,
                 eye_y, round(float(white.mean()), 3), checks,
                 round((time.perf_counter() - started) * 1000, 1))


def _render(cv2, frame, alpha, face_cx: float, crown: float, s: float,
            rules: PortraitRules) -> tuple[bytes, int, object]:
    """Crop, scale, composite on white and encode: (jpeg, quality, the decoded photo)."""
    import numpy as np

    x0 = face_cx - rules.width / s / 2
    y0 = crown - rules.crown_target / s
    m = np.float32([[s, 0, -x0 * s], [0, s, -y0 * s]])
    size = (rules.width, rules.height)
    interp = cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC
    image = _warp(cv2, frame, m, size, interp, (255, 255, 255))
    a = _warp(cv2, alpha, m, size, cv2.INTER_LINEAR, 0)[..., None]
    photo = image.astype(np.float32) * a + 255.0 * (1 - a)
    photo = np.clip(photo + 0.5, 0, 255).astype(np.uint8)
    jpeg, quality = _encode(cv2, photo, rules)
    jpeg = set_jfif_density(jpeg, rules.dpi)
    return jpeg, quality, cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)


def _warp(cv2, src, m, size, interp, border):
    """``src`` mapped by ``m`` (scale + shift) into ``size``; INTER_AREA is honoured by
    cropping and resizing (warpAffine would fall back to linear and alias when shrinking)."""
    import numpy as np

    s = float(m[0, 0])
    if interp != cv2.INTER_AREA:
        return cv2.warpAffine(src, m, size, flags=interp, borderMode=cv2.BORDER_CONSTANT,
                              borderValue=border)
    w, h = size
    x0, y0 = -float(m[0, 2]) / s, -float(m[1, 2]) / s
    sx0, sy0 = int(np.floor(x0)), int(np.floor(y0))
    sx1, sy1 = int(np.ceil(x0 + w / s)), int(np.ceil(y0 + h / s))
    pad = [max(0, -sy0), max(0, sy1 - src.shape[0]), max(0, -sx0), max(0, sx1 - src.shape[1])]
    crop = src[max(0, sy0):min(src.shape[0], sy1), max(0, sx0):min(src.shape[1], sx1)]
    if any(pad):
        crop = cv2.copyMakeBorder(crop, *pad, cv2.BORDER_CONSTANT, value=border)
    scaled = cv2.resize(crop, (round((sx1 - sx0) * s), round((sy1 - sy0) * s)),
                        interpolation=cv2.INTER_AREA)
    ox, oy = round((x0 - sx0) * s), round((y0 - sy0) * s)
    out = scaled[oy:oy + h, ox:ox + w]
    if out.shape[:2] != (h, w):  # rounding left a row or column short
        out = cv2.copyMakeBorder(out, 0, h - out.shape[0], 0, w - out.shape[1],
                                 cv2.BORDER_CONSTANT, value=border)
    return out


def _crown(alpha, face: Box) -> float | None:
    """Row of the top of the head in ``alpha``: the highest person pixel above the face
    across its middle half; None when the head reaches the region's top edge."""
    x0, x1 = max(0, int(face.cx - 0.25 * face.w)), int(face.cx + 0.25 * face.w)
    column = alpha[:max(1, face.y + face.h // 2), x0:x1] >= 0.5
    rows = column.any(axis=1).nonzero()[0]
    if rows.size == 0:
        return None
    top = int(rows[0])
    return None if top == 0 else float(top)


def _encode(cv2, photo, rules: PortraitRules) -> tuple[bytes, int]:
    """The best quality whose JPEG fits; the smallest tried when none does."""
    jpeg, quality = b"", QUALITIES[-1]
    for quality in QUALITIES:
        ok, buf = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, quality,
                                                cv2.IMWRITE_JPEG_OPTIMIZE, 1])
        if not ok:  # pragma: no cover - OpenCV without a JPEG encoder
            raise RuntimeError("JPEG encoding failed")
        jpeg = buf.tobytes()
        if len(jpeg) + 18 <= rules.max_bytes or quality < rules.min_quality:
            break
    return jpeg, quality


class PhotoMaker:
    """``maker(frame) -> Captured``: judge the frame again and, if it passes, make the photo
    (run on the camera's worker: ~0.1–0.3 s here, never on the Qt thread)."""

    def __init__(self, rules: PortraitRules | None = None,
                 finder: FaceFinder | None = None) -> None:
        self.rules = rules or PortraitRules()
        self.finder = finder or FaceFinder()
        self.analyser = PortraitAnalyser(self.rules, self.finder)

    def __call__(self, frame) -> Captured:
        assessment = self.analyser(frame)
        if not assessment.ok or assessment.face is None:
            return Captured(assessment, None)
        # the face measured finely for the scale (the live search steps in 15 % sizes)
        grey = frame if frame.ndim == 2 else self.finder._cv2.cvtColor(
            frame, self.finder._cv2.COLOR_BGR2GRAY)
        fine = [f for f in self.finder.faces(grey, fine=True)
                if abs(f.cx - assessment.face.cx) < assessment.face.w / 2]
        face = fine[0] if fine else assessment.face
        return Captured(assessment, make_photo(frame, face, self.rules, self.finder))
