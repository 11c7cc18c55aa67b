"""What the simulated camera sees: scenes for :class:`drivers.core.mjpeg.MjpegSimulator`.

A scene is a callable ``scene(n, t, width, height)`` returning a BGR ``uint8`` array of shape
(height, width, 3) for frame ``n``, ``t`` seconds after the simulator started. It must change
from frame to frame, or the driver rightly reports the stream frozen.

Scenes are named in devices.toml (``sim_scene``) by a name in :data:`SCENES` or by a
``module:attribute`` path, so a journey can bring its own (a portrait at the right distance,
a page under the document camera) without touching this package: one line in SCENES, or the
path in its test's devices.toml.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

import cv2
import numpy as np

from drivers.core.mjpeg import Scene

#: scene name → "module:attribute" of the scene callable. Add a line per scene.
SCENES: dict[str, str] = {
    "test_pattern": "drivers.camera.scenes:colour_bars",
}
# the portrait camera's sitter (a real photograph) in every pose the checks tell apart:
# portrait_centred, portrait_off_left, …, portrait_qr_appointment (drivers.camera.portrait_scenes)
SCENES.update({f"portrait_{kind}": f"drivers.camera.portrait_scenes:portrait_{kind}"
               for kind in ("centred", "off_left", "off_right", "high", "low", "far", "near",
                            "tilted", "dark", "bright", "side_lit", "blurred", "eyes_closed",
                            "glasses", "two", "nobody", "qr_appointment", "qr_certificate",
                            "qr_forged")})
SCENES["portrait_blinking"] = "drivers.camera.liveness_scenes:portrait_blinking"  # 人证核验

# colour bars, BGR: white, yellow, cyan, green, magenta, red, blue (75 % like SMPTE bars)
_BARS = ((191, 191, 191), (0, 191, 191), (191, 191, 0), (0, 191, 0),
         (191, 0, 191), (0, 0, 191), (191, 0, 0))


@lru_cache(maxsize=4)
def _pattern_background(width: int, height: int) -> np.ndarray:
    img = np.zeros((height, width, 3), np.uint8)
    bars_h = height * 2 // 3
    for i, colour in enumerate(_BARS):
        x0, x1 = i * width // len(_BARS), (i + 1) * width // len(_BARS)
        img[:bars_h, x0:x1] = colour
    ramp = np.linspace(0, 255, width, dtype=np.uint8)
    img[bars_h:, :] = ramp[None, :, None]
    img.flags.writeable = False
    return img


# (not named test_…: pytest would collect it from any test module that imports it)
def colour_bars(n: int, t: float, width: int, height: int) -> np.ndarray:
    """Colour bars over a grey ramp, a disc crossing the picture (one pass every 4 s at 15
    fps) and the frame number in the corner."""
    img = _pattern_background(width, height).copy()
    radius = max(4, min(width, height) // 10)
    span = width + 2 * radius
    x = (n * 4) % span - radius  # 4 px a frame whatever the size: motion stays visible
    cv2.circle(img, (x, height // 3), radius, (255, 255, 255), -1, cv2.LINE_AA)
    scale = max(0.4, height / 480)
    text = f"#{n:06d}"
    (tw, th), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, 2)
    cv2.rectangle(img, (0, 0), (tw + 16, th + base + 16), (0, 0, 0), -1)
    cv2.putText(img, text, (8, th + 8), cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), 2,
                cv2.LINE_AA)
    return img


def scene_names() -> list[str]:
    return sorted(SCENES)


def resolve_scene(name: str) -> Scene:
    """The scene ``name`` (a name in SCENES or "module:attribute"); ValueError (one line)
    when there is none."""
    target = SCENES.get(name, name)
    module_name, sep, attr = target.partition(":")
    if not sep or not module_name or not attr:
        raise ValueError(f"unknown camera scene {name!r} (known: {', '.join(scene_names())}; "
                         "or module:attribute)")
    try:
        scene = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"camera scene {name!r}: cannot load {target}: {exc}") from None
    if not callable(scene):
        raise ValueError(f"camera scene {name!r}: {target} is not callable")
    return scene
