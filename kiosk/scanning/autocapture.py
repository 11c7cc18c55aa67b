"""When to take the still: the page has lain still and sharp for a moment.

Fed the page found in each preview frame (or None) with the frame's time; ``ready`` once the
corners have stayed within ``still_frac`` of the page's diagonal and the picture has been
sharp for ``hold_s`` seconds of frame times (not the wall clock: a slow machine sees fewer
frames, not a shorter hold). A hand still over the page hides a corner, so the page is not
found and the hold starts again: the still is taken once the hand has gone.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kiosk.scanning.page import Found


@dataclass(frozen=True)
class CaptureRules:
    hold_s: float = 0.8
    still_frac: float = 0.01  # corners may move this share of the diagonal while holding
    min_sharpness: float = 60.0  # variance of the Laplacian inside the page (preview scale)


class AutoCapture:
    def __init__(self, rules: CaptureRules | None = None) -> None:
        self.rules = rules or CaptureRules()
        self.reset()

    def reset(self) -> None:
        self.anchor: np.ndarray | None = None
        self.since: float | None = None
        self.held_for = 0.0
        self.last: Found | None = None

    @property
    def progress(self) -> float:
        return min(1.0, self.held_for / self.rules.hold_s) if self.rules.hold_s else 1.0

    @property
    def ready(self) -> bool:
        return self.since is not None and self.held_for >= self.rules.hold_s

    def feed(self, found: Found | None, at: float) -> bool:
        """The page in the frame taken at ``at`` (None: none); True once ready."""
        self.last = found
        if found is None or found.sharpness < self.rules.min_sharpness:
            self.anchor, self.since, self.held_for = None, None, 0.0
            return False
        moved = np.inf if self.anchor is None else \
            float(np.linalg.norm(found.corners - self.anchor, axis=1).max())
        if moved > self.rules.still_frac * found.diagonal:
            self.anchor, self.since, self.held_for = found.corners.copy(), at, 0.0
            return False
        self.held_for = at - (self.since if self.since is not None else at)
        return self.ready
