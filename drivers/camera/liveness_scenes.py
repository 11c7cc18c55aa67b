"""The portrait camera's sitter blinking, for the identity check's liveness (blink) test:
eyes open for most frames, closed for a few, in a loop — the scenes ``portrait_centred`` and
``portrait_eyes_closed`` of :mod:`drivers.camera.portrait_scenes` in turn (same pose, so
the face stays where it was, as a real blink leaves it)."""
from __future__ import annotations

import numpy as np

from drivers.camera.portrait_scenes import scene_frame

#: frames per blink cycle, and how many of them have the eyes closed (at 15 fps: a blink
#: every two seconds lasting half a second — long, so a slow analysis still sees it)
CYCLE, CLOSED = 30, 8


def portrait_blinking(n: int, t: float, width: int, height: int) -> np.ndarray:
    kind = "eyes_closed" if n % CYCLE >= CYCLE - CLOSED else "centred"
    return scene_frame(kind, n, width, height)
