"""What an ID photo must be, and what the live checks accept: the ``[portrait]`` settings.

Defaults follow the shared notes on GA 461 (resident ID card photos; secondary sources, so
every number is configurable): 358 × 441 px at 350 dpi (26 × 32 mm), white background, face
about 207 ± 14 px wide, top of the head 7–21 px below the top edge, the eye line at least
207 px above the bottom edge, JPEG no larger than the receiving system takes.

The live checks are in fractions of the camera picture, so one configuration works for a
640×480 and a 1280×720 camera: where the face should be (``target_x``/``target_y`` of the
width/height, ± ``centre_tolerance``), how large (face width between ``face_min`` and
``face_max`` of the picture's height), and the thresholds of sharpness (variance of the
Laplacian of the face scaled to 128 px), exposure (mean grey of the face, share of clipped
pixels) and even light (brighter half / darker half of the face).
"""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class PortraitRules:
    # ------------------------------------------------------------- the live checks
    target_x: float = 0.5
    target_y: float = 0.45
    centre_tolerance: float = 0.08
    face_min: float = 0.27
    face_max: float = 0.45
    max_eye_tilt_deg: float = 5.0
    min_sharpness: float = 50.0
    min_brightness: float = 70.0
    max_brightness: float = 215.0
    max_clipped: float = 0.05
    max_light_ratio: float = 1.5
    #: ask the citizen to take their glasses off (some receiving systems want none)
    no_glasses: bool = False
    #: every check must hold this long before the photo is taken
    hold_s: float = 1.0
    #: how often the citizen may retake the photo
    retakes: int = 3
    # ------------------------------------------------------------- the photo
    width: int = 358
    height: int = 441
    dpi: int = 350
    face_width: int = 207
    face_width_tolerance: int = 14
    crown_min: int = 7
    crown_max: int = 21
    eye_min_from_bottom: int = 207
    #: the receiving system's size limit for the JPEG
    max_kb: int = 40
    #: below this JPEG quality the photo is refused rather than sent blurred by compression
    min_quality: int = 50

    def problems(self) -> list[tuple[str, str]]:
        """(key, what is wrong) for values that cannot work together."""
        out: list[tuple[str, str]] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool):
                continue
            if isinstance(value, (int, float)) and value < 0:
                out.append((f.name, f"must not be negative, got {value}"))
        for key in ("target_x", "target_y", "centre_tolerance", "face_min", "face_max",
                    "max_clipped"):
            if not 0 <= getattr(self, key) <= 1:
                out.append((key, f"a fraction 0..1, got {getattr(self, key)}"))
        if self.face_min >= self.face_max:
            out.append(("face_min", "must be smaller than face_max"))
        if self.min_brightness >= self.max_brightness:
            out.append(("min_brightness", "must be smaller than max_brightness"))
        if self.width < 64 or self.height < 64:
            out.append(("width", f"a photo of at least 64×64 px, got {self.width}×{self.height}"))
        if not self.crown_min <= self.crown_max < self.height // 4:
            out.append(("crown_min", "crown_min ≤ crown_max, in the top quarter of the photo"))
        if self.face_width + self.face_width_tolerance > self.width:
            out.append(("face_width", f"wider than the photo ({self.width} px)"))
        if self.eye_min_from_bottom >= self.height:
            out.append(("eye_min_from_bottom", f"not below the photo's height {self.height}"))
        if self.max_light_ratio < 1:
            out.append(("max_light_ratio", "at least 1 (the brighter half over the darker)"))
        if not 1 <= self.min_quality <= 100:
            out.append(("min_quality", "a JPEG quality 1..100"))
        if self.max_kb < 1:
            out.append(("max_kb", "at least 1"))
        if self.dpi < 1:
            out.append(("dpi", "at least 1"))
        return out

    @property
    def max_bytes(self) -> int:
        return self.max_kb * 1024

    @property
    def crown_target(self) -> float:
        """Where the top of the head is put: the middle of its allowed band."""
        return (self.crown_min + self.crown_max) / 2
