"""One camera frame → an :class:`Assessment`: every check with its value, and the one thing
the citizen should be told first.

The checks, in the order their guidance is given (the first failing one is told; the later
ones are not judged on a frame where an earlier one failed badly enough to make them
meaningless — no eyes are looked for in a face that is not there):

============  ================================================  ==========================
check         value                                             guidance when it fails
============  ================================================  ==========================
face_count    frontal faces found                               no_face / one_face
exposure      mean grey of the face (and clipped share)         too_dark / too_bright
size          face width / picture height                       closer / farther
centre        face centre − target, fractions of width/height   move_left … move_down
glasses       dark bar across the bridge of the nose (0..1)     glasses (when configured)
eyes          eyes found (two, or the eyes are closed/covered)  eyes
level         angle of the eye line, degrees                    level
sharpness     variance of the Laplacian of the face at 128 px   still
light         brighter half of the face / darker half           light
============  ================================================  ==========================

Left and right are the citizen's: the camera faces them, so a face in the right half of the
camera's picture belongs to someone too far to *their* left, who is asked to move right
(on the mirrored preview they see themselves on the left, and move towards the middle).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from kiosk.portrait.faces import Box, FaceFinder
from kiosk.portrait.rules import PortraitRules

#: every guidance code, in the order the checks are told (tests walk the scenes through it)
GUIDANCE = ("no_face", "one_face", "too_dark", "too_bright", "closer", "farther",
            "move_left", "move_right", "move_up", "move_down", "glasses", "eyes", "level",
            "still", "light")
#: what the citizen hears when every check holds
HOLD = "hold"

#: the face's inner part for brightness and light: without hair, ears and background
INNER = (0.2, 0.15, 0.8, 0.9)  # x0, y0, x1, y1 as fractions of the face box


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: not judged on this frame
    value: float | int | None = None

    def as_dict(self) -> dict:
        return {"ok": self.ok, "value": self.value}


@dataclass(frozen=True)
class Assessment:
    """What one frame shows. ``face``: the one face (frame pixels) when there is exactly
    one; ``guidance``: the first failing check's code, or :data:`HOLD` when all hold."""

    width: int
    height: int
    faces: tuple[Box, ...]
    face: Box | None
    eyes: tuple[Box, ...]
    checks: dict[str, Check] = field(default_factory=dict)
    guidance: str = "no_face"
    ms: float = 0.0  # time the assessment took

    @property
    def ok(self) -> bool:
        return self.guidance == HOLD

    def failing(self) -> list[str]:
        return [c.name for c in self.checks.values() if c.ok is False]

    def as_dict(self) -> dict:
        return {"ok": self.ok, "guidance": self.guidance,
                "checks": {n: c.as_dict() for n, c in self.checks.items()},
                "face": self.face.as_dict() if self.face else None}


def assess(frame, rules: PortraitRules, finder: FaceFinder) -> Assessment:
    """Judge one BGR (or grey) frame against ``rules``."""
    cv2 = finder._cv2
    started = time.perf_counter()
    grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    height, width = grey.shape[:2]
    faces = tuple(finder.faces(grey))
    checks: dict[str, Check] = {}
    told: list[str] = []

    def check(name: str, ok: bool | None, value, guidance: str | None = None) -> None:
        checks[name] = Check(name, ok, value)
        if ok is False and guidance:
            told.append(guidance)

    def done(face: Box | None, eyes: tuple[Box, ...] = ()) -> Assessment:
        for name in ("face_count", "exposure", "size", "centre", "glasses", "eyes", "level",
                     "sharpness", "light"):
            checks.setdefault(name, Check(name, None))
        return Assessment(width, height, faces, face, eyes, dict(checks),
                          told[0] if told else HOLD,
                          round((time.perf_counter() - started) * 1000, 2))

    check("face_count", len(faces) == 1, len(faces),
          "no_face" if not faces else "one_face")
    if len(faces) != 1:
        return done(None)
    face = faces[0]

    # exposure: on the face, not the wall behind it
    x0, y0, x1, y1 = _inner(face, width, height)
    inner = grey[y0:y1, x0:x1]
    mean = float(inner.mean()) if inner.size else 0.0
    clipped = float(((inner >= 250) | (inner <= 5)).mean()) if inner.size else 1.0
    dark = mean < rules.min_brightness
    bright = mean > rules.max_brightness or clipped > rules.max_clipped
    check("exposure", not (dark or bright), round(mean, 1),
          "too_dark" if dark else "too_bright")

    size = face.w / height
    check("size", rules.face_min <= size <= rules.face_max, round(size, 3),
          "closer" if size < rules.face_min else "farther")

    dx = face.cx / width - rules.target_x
    dy = face.cy / height - rules.target_y
    tol = rules.centre_tolerance
    # (see the module docstring: the camera's right is the citizen's left)
    horizontal = "move_right" if dx > 0 else "move_left"
    vertical = "move_down" if dy < 0 or face.y < HEADROOM * face.w else "move_up"
    # the whole head must be in the picture: the crown is up to HEADROOM face widths above
    # the face box, so a large face near the top edge is too high even within the tolerance
    headroom = face.y >= HEADROOM * face.w
    centred_x, centred_y = abs(dx) <= tol, abs(dy) <= tol and headroom
    check("centre", centred_x and centred_y, round(math.hypot(dx, dy), 3),
          horizontal if not centred_x else vertical)

    bridge = _bridge(grey, face)
    if rules.no_glasses:
        check("glasses", bridge < GLASSES_BRIDGE, round(bridge, 3), "glasses")
    else:
        check("glasses", None, round(bridge, 3))

    eyes = tuple(finder.eyes(grey, face)) if not (dark or bright) else ()
    check("eyes", len(eyes) == 2 if not (dark or bright) else None, len(eyes), "eyes")
    if len(eyes) == 2:
        (ax, ay), (bx, by) = ((e.cx, e.cy) for e in eyes)
        tilt = math.degrees(math.atan2(by - ay, bx - ax))
        check("level", abs(tilt) <= rules.max_eye_tilt_deg, round(tilt, 1), "level")
    else:
        check("level", None, None)

    patch = grey[max(0, face.y):face.y + face.h, max(0, face.x):face.x + face.w]
    if patch.size:
        patch = cv2.resize(patch, (128, 128), interpolation=cv2.INTER_AREA)
        sharpness = float(cv2.Laplacian(patch, cv2.CV_64F).var())
    else:
        sharpness = 0.0
    check("sharpness", sharpness >= rules.min_sharpness if not dark else None,
          round(sharpness, 1), "still")

    half = inner.shape[1] // 2
    if half and not dark:
        left, right = float(inner[:, :half].mean()), float(inner[:, half:].mean())
        ratio = max(left, right) / max(1.0, min(left, right))
        check("light", ratio <= rules.max_light_ratio, round(ratio, 2), "light")
    else:
        check("light", None, None)
    return done(face, eyes)


#: the top of the head is at most this many face widths above the face box
HEADROOM = 0.6
#: a bridge darker than this share of the skin around it is the bar of a pair of glasses
GLASSES_BRIDGE = 0.3


def _inner(face: Box, width: int, height: int) -> tuple[int, int, int, int]:
    fx0, fy0, fx1, fy1 = INNER
    return (max(0, face.x + int(fx0 * face.w)), max(0, face.y + int(fy0 * face.h)),
            min(width, face.x + int(fx1 * face.w)), min(height, face.y + int(fy1 * face.h)))


def _bridge(grey, face: Box) -> float:
    """How dark the darkest row across the bridge of the nose is against the skin around it
    (0: skin; a frame's bar across it: ~0.7). Glasses are found by their bridge because the
    rims hide under the eye detector's own boxes."""
    y0, y1 = face.y + int(0.30 * face.h), face.y + int(0.50 * face.h)
    x0, x1 = face.x + int(0.42 * face.w), face.x + int(0.58 * face.w)
    strip = grey[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]
    if strip.size == 0:
        return 0.0
    rows = strip.mean(axis=1)
    skin = float(sorted(rows)[len(rows) // 2])
    return max(0.0, (skin - float(rows.min())) / max(1.0, skin))


class PortraitAnalyser:
    """``analyser(frame) -> Assessment``: what the camera's worker runs on its newest frame
    while the citizen is guided (see :meth:`drivers.kinds.camera.Camera.analyse`)."""

    def __init__(self, rules: PortraitRules | None = None,
                 finder: FaceFinder | None = None) -> None:
        self.rules = rules or PortraitRules()
        self.finder = finder or FaceFinder()

    def __call__(self, frame) -> Assessment:
        return assess(frame, self.rules, self.finder)
