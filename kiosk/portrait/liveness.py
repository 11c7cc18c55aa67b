"""Liveness for the identity check (人证核验): the citizen blinks in front of the camera.

How: every analysed frame is looked at with OpenCV's Haar cascades (:class:`FaceFinder`: one
frontal face, and its eyes in the upper half of the face). :class:`BlinkTracker` then wants,
with the same face in about the same place all along, eyes open on ``open_frames`` frames,
then closed (the face still found, no eye found) on at least one, then open again. Only then
is a picture taken (:class:`CaptureAnalyser`: the face region of the next frame with open
eyes, as a JPEG in memory) and sent for comparison.

What it stops: a printed photograph or an ID card held up to the camera, a still picture on a
phone screen, a face that leaves and comes back (someone else swapped in: the tracker starts
again), two faces. What it does NOT stop: a video of the holder blinking played on a screen,
a mask with eye holes, a picture injected into the camera's cable or driver. It is the
simplest sound means available offline; the comparison by the identity service is the second
layer, and a deployment that needs more fits a certified liveness camera (infrared or
structured light) — the step's interface does not change.

Nothing here keeps a frame: the analysers return counts and boxes, and the capture's JPEG is
handed to the step, which holds it in memory until the comparison answers.
"""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.portrait.faces import Box, FaceFinder

#: the face centre may move this much (in face widths) during the blink and stay "the same"
MAX_SHIFT = 0.35
#: and its width change this much (ratio)
MAX_SCALE = 0.25


@dataclass(frozen=True)
class FaceLook:
    """What one frame shows: how many faces, the largest, how many eyes in it."""

    faces: int
    face: Box | None
    eyes: int
    jpeg: bytes | None = None  # only from CaptureAnalyser, only with one face and open eyes

    @property
    def one_face(self) -> bool:
        return self.faces == 1 and self.face is not None

    @property
    def eyes_open(self) -> bool:
        return self.one_face and self.eyes >= 1

    @property
    def eyes_closed(self) -> bool:
        return self.one_face and self.eyes == 0

    def __repr__(self) -> str:  # (never the picture in a log line)
        return f"FaceLook(faces={self.faces}, eyes={self.eyes}, jpeg={self.jpeg is not None})"


class LookAnalyser:
    """Runs on the camera's worker (``camera.analyse``): one FaceFinder of its own."""

    def __init__(self) -> None:
        self.finder = FaceFinder()

    def look(self, frame) -> tuple[FaceLook, object]:
        cv2 = self.finder._cv2
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        faces = self.finder.faces(grey)
        if len(faces) != 1:
            return FaceLook(len(faces), faces[0] if faces else None, 0), grey
        return FaceLook(1, faces[0], len(self.finder.eyes(grey, faces[0]))), grey

    def __call__(self, frame) -> FaceLook:
        return self.look(frame)[0]


class CaptureAnalyser(LookAnalyser):
    """Like :class:`LookAnalyser`, and with one face and open eyes: the face with a margin
    (twice its box, as a chip photo frames it) as a JPEG."""

    def __init__(self, quality: int = 90) -> None:
        super().__init__()
        self.quality = quality

    def __call__(self, frame) -> FaceLook:
        look, _grey = self.look(frame)
        if not look.eyes_open:
            return look
        cv2 = self.finder._cv2
        f = look.face
        height, width = frame.shape[:2]
        x0, y0 = max(0, int(f.cx - f.w)), max(0, int(f.cy - 1.2 * f.h))
        x1, y1 = min(width, int(f.cx + f.w)), min(height, int(f.cy + 1.2 * f.h))
        ok, jpeg = cv2.imencode(".jpg", frame[y0:y1, x0:x1],
                                [cv2.IMWRITE_JPEG_QUALITY, self.quality])
        if not ok:
            return look
        return FaceLook(look.faces, look.face, look.eyes, jpeg.tobytes())


class BlinkTracker:
    """open × ``open_frames`` → closed → open, with one face that stays put. ``feed`` each
    look; ``passed`` once the blink was seen; ``prompt`` says what to tell the citizen."""

    def __init__(self, open_frames: int = 2) -> None:
        self.open_frames = open_frames
        self.reset()

    def reset(self) -> None:
        self.phase = "start"  # start → open → closed → passed
        self.opened = 0
        self.anchor: Box | None = None
        self.prompt = "look"

    def _same(self, face: Box) -> bool:
        a = self.anchor
        if a is None:
            return True
        shift = max(abs(face.cx - a.cx), abs(face.cy - a.cy)) / max(1, a.w)
        return shift <= MAX_SHIFT and abs(face.w - a.w) / max(1, a.w) <= MAX_SCALE

    def feed(self, look: FaceLook) -> bool:
        """True when this look completed the blink."""
        if self.phase == "passed":
            return False
        if not look.one_face:
            self.reset()
            self.prompt = "one_face" if look.faces > 1 else "no_face"
            return False
        if not self._same(look.face):
            self.reset()  # another face, or the same one moved a lot: start again
        if self.anchor is None:
            self.anchor = look.face
        if self.phase in ("start", "open"):
            if look.eyes_open:
                self.opened += 1
                self.phase = "open"
                self.prompt = "blink" if self.opened >= self.open_frames else "look"
            elif self.opened >= self.open_frames:
                self.phase = "closed"
                self.prompt = "blink"
            return False
        if self.phase == "closed" and look.eyes_open:
            self.phase = "passed"
            self.prompt = "hold"
            return True
        return False

    @property
    def passed(self) -> bool:
        return self.phase == "passed"
