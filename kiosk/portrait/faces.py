"""Faces and eyes, offline: the Haar cascades OpenCV 4.x ships (``cv2.data.haarcascades``).

Why these: they come with the ``opencv-python-headless`` wheel the kiosk already depends on
(pinned below 5.0, which dropped them), need no model download, and run in ~10 ms on a
frame at the detection size below on this machine. The better detectors do not fit an
offline kiosk: OpenCV's YuNet needs an ONNX file no package ships, MediaPipe's wheels that
ship models pull in the non-headless OpenCV (a second Qt in the process). Measured
detection rates on the simulator's scenes are in ``bench/bench_portrait.py``.

- faces: ``haarcascade_frontalface_alt2`` (fewer false faces on clothing than
  ``_default``) on the frame scaled to :data:`DETECT_HEIGHT` rows and equalised;
- eyes: ``haarcascade_eye`` in the upper half of each face at full resolution, and
  ``haarcascade_eye_tree_eyeglasses`` when that finds fewer than two (eyes behind glasses).

OpenCV's cascades keep scratch state, so none is shared between threads: each thread that
searches loads its own, once (:func:`_cascade`), and keeps it for the next journey. (Loaded
anew for each journey's analysers, three cascades cost some 60 ms of a pool thread and a
few megabytes that stayed until the next full garbage collection: the soak's RSS climbed
by about a megabyte an ID photo, issue 18.)
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property

from drivers.core.frames import load_cv2

#: frames are scaled to this height for the face search: a face of the smallest accepted
#: size (a citizen too far, ~0.19 of the height) is then still ~38 px, above the cascades'
#: 20 px window, and the search costs the same for 640×480 and 1280×720 cameras
DETECT_HEIGHT = 200
FACE_CASCADE = "haarcascade_frontalface_alt2.xml"
EYE_CASCADE = "haarcascade_eye.xml"
GLASSES_EYE_CASCADE = "haarcascade_eye_tree_eyeglasses.xml"


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def scaled(self, s: float, dx: float = 0.0, dy: float = 0.0) -> Box:
        return Box(round(self.x * s + dx), round(self.y * s + dy), round(self.w * s),
                   round(self.h * s))

    def as_dict(self) -> dict[str, int]:
        return {"x": self.x, "y": self.y, "w": self.w, "h": self.h}


_per_thread = threading.local()


def _cascade(name: str):
    """The cascade ``name`` for the calling thread, loaded on its first use there."""
    loaded = _per_thread.__dict__.setdefault("cascades", {})
    if name not in loaded:
        cv2 = load_cv2()
        cascade = cv2.CascadeClassifier(cv2.data.haarcascades + name)
        if cascade.empty():  # pragma: no cover - a broken OpenCV installation
            raise RuntimeError(f"cannot load {name} from {cv2.data.haarcascades} (OpenCV 5 "
                               "ships no Haar cascades: opencv-python-headless must be 4.x)")
        loaded[name] = cascade
    return loaded[name]


class FaceFinder:
    def __init__(self, detect_height: int = DETECT_HEIGHT) -> None:
        self.detect_height = detect_height

    @cached_property
    def _cv2(self):
        return load_cv2()

    # (properties, not attributes: the calling thread's own, see _cascade)
    @property
    def _faces(self):
        return _cascade(FACE_CASCADE)

    @property
    def _eyes(self):
        return _cascade(EYE_CASCADE)

    @property
    def _glasses_eyes(self):
        return _cascade(GLASSES_EYE_CASCADE)

    def faces(self, grey, *, fine: bool = False) -> list[Box]:
        """Every frontal face in ``grey`` (a uint8 frame), largest first, in its pixels.

        ``fine``: search in 5 % size steps instead of 15 % (three times slower): the box's
        size is then measured to a few per cent, as the photo's face width must be."""
        cv2 = self._cv2
        height, width = grey.shape[:2]
        scale = min(1.0, self.detect_height / height)
        small = grey if scale == 1.0 else cv2.resize(
            grey, (max(1, round(width * scale)), self.detect_height),
            interpolation=cv2.INTER_AREA)
        small = cv2.equalizeHist(small)
        sh = small.shape[0]
        found = self._faces.detectMultiScale(
            small, scaleFactor=1.05 if fine else 1.15, minNeighbors=4,
            minSize=(int(0.13 * sh),) * 2, maxSize=(int(0.8 * sh),) * 2)
        boxes = [Box(int(x), int(y), int(w), int(h)).scaled(1 / scale) for x, y, w, h in found]
        return sorted(boxes, key=lambda b: b.w * b.h, reverse=True)

    def eyes(self, grey, face: Box) -> list[Box]:
        """Up to two eyes in the upper half of ``face`` (frame pixels), left to right."""
        cv2 = self._cv2
        height, width = grey.shape[:2]
        y0 = max(0, face.y + int(0.18 * face.h))
        y1 = min(height, face.y + int(0.55 * face.h))
        x0, x1 = max(0, face.x), min(width, face.x + face.w)
        if y1 - y0 < 8 or x1 - x0 < 8:
            return []
        roi = cv2.equalizeHist(grey[y0:y1, x0:x1])
        lo, hi = max(8, int(0.15 * face.w)), max(9, int(0.4 * face.w))
        pair: list[Box] = []
        for cascade in (self._eyes, self._glasses_eyes):
            found = cascade.detectMultiScale(roi, scaleFactor=1.1, minNeighbors=4,
                                             minSize=(lo, lo), maxSize=(hi, hi))
            pair = _eye_pair([Box(int(x) + x0, int(y) + y0, int(w), int(h))
                              for x, y, w, h in found], face)
            if len(pair) == 2:
                break
        return pair


def _eye_pair(boxes: list[Box], face: Box) -> list[Box]:
    """The largest eye on each side of the face's middle (a nostril or brow found as a third
    "eye" is smaller, or on the wrong side)."""
    middle = face.cx
    left = [b for b in boxes if b.cx < middle]
    right = [b for b in boxes if b.cx >= middle]
    pair = [max(side, key=lambda b: b.w) for side in (left, right) if side]
    return sorted(pair, key=lambda b: b.cx)
