"""Face comparison (人证比对) for the reference identity service: is the live face the card's
holder?

The method is a real, offline one: dlib's ResNet face embedding (128 numbers per face,
99.38 % on LFW by its authors), with the weights the PyPI package ``face-recognition-models``
ships — nothing is downloaded at run time. Faces are found with dlib's HOG detector, aligned
on five landmarks, embedded, and compared by Euclidean distance; dlib's documented threshold
is 0.6 (same person below). The score is ``100 × (1 − distance)`` clipped to 0..100, so the
threshold sits at 40.

Where dlib or the weights are missing, :class:`LbpHistogramBaseline` answers instead: local
binary pattern histograms of the Haar-detected face on a 4×4 grid, compared by chi-square.
It is a **baseline**, not face recognition: it tells the same photograph from a different
one, not a person from a look-alike; it is named as such in every answer (``method``).

Images arrive as encoded bytes (JPEG, BMP, PNG), are decoded in memory and dropped when the
comparison returns; nothing here writes or logs them.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import cv2
import numpy as np

log = logging.getLogger(__name__)

DLIB_METHOD = "dlib-resnet128"
BASELINE_METHOD = "lbp-histogram-baseline"
DLIB_THRESHOLD = 0.6  # dlib's documented tolerance for "same person"


class NoFace(ValueError):
    """No face in one of the pictures (``which``: "reference" or "live")."""

    def __init__(self, which: str) -> None:
        super().__init__(f"no face found in the {which} picture")
        self.which = which


@dataclass(frozen=True)
class Comparison:
    match: bool
    score: int  # 0..100
    method: str


def decode(data: bytes) -> np.ndarray:
    """Encoded image bytes → BGR array; ValueError when they are not an image."""
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise ValueError("not an image (JPEG, BMP or PNG expected)")
    return image


class DlibFaces:
    method = DLIB_METHOD

    def __init__(self) -> None:
        import dlib  # ImportError: the caller falls back to the baseline
        import face_recognition_models as models

        self._dlib = dlib
        self._detector = dlib.get_frontal_face_detector()
        self._shapes = dlib.shape_predictor(models.pose_predictor_five_point_model_location())
        self._net = dlib.face_recognition_model_v1(models.face_recognition_model_location())
        self._lock = threading.Lock()  # one comparison at a time through the models

    def embedding(self, image: np.ndarray, which: str) -> np.ndarray:
        rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        # a chip photo is 102×126: upsample small pictures so the detector (80 px faces) works
        upsample = 2 if max(rgb.shape[:2]) < 300 else 1
        with self._lock:
            faces = self._detector(rgb, upsample)
            if not faces:
                raise NoFace(which)
            face = max(faces, key=lambda r: r.width() * r.height())
            shape = self._shapes(rgb, face)
            return np.array(self._net.compute_face_descriptor(rgb, shape))

    def compare(self, reference: np.ndarray, live: np.ndarray) -> Comparison:
        a = self.embedding(reference, "reference")
        b = self.embedding(live, "live")
        distance = float(np.linalg.norm(a - b))
        score = int(round(100 * min(1.0, max(0.0, 1.0 - distance))))
        return Comparison(distance <= DLIB_THRESHOLD, score, self.method)


class LbpHistogramBaseline:
    """A histogram baseline (see the module docstring): not face recognition."""

    method = BASELINE_METHOD
    THRESHOLD = 0.35  # chi-square distance of normalised histograms (same photo: ~0.1)

    def __init__(self) -> None:
        self._cascade = cv2.CascadeClassifier(
            cv2.data.haarcascades + "haarcascade_frontalface_default.xml")

    def histogram(self, image: np.ndarray, which: str) -> np.ndarray:
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        faces = self._cascade.detectMultiScale(grey, 1.1, 5, minSize=(40, 40))
        if len(faces) == 0:
            raise NoFace(which)
        x, y, w, h = max(faces, key=lambda f: f[2] * f[3])
        face = cv2.equalizeHist(cv2.resize(grey[y:y + h, x:x + w], (96, 96)))
        centre = face[1:-1, 1:-1].astype(np.int16)
        codes = np.zeros_like(centre, dtype=np.uint8)
        for bit, (dy, dx) in enumerate(((-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0),
                                        (1, -1), (0, -1))):
            neighbour = face[1 + dy:face.shape[0] - 1 + dy, 1 + dx:face.shape[1] - 1 + dx]
            codes |= ((neighbour >= centre).astype(np.uint8) << bit)
        cells = []
        step = codes.shape[0] // 4
        for i in range(4):
            for j in range(4):
                cell = codes[i * step:(i + 1) * step, j * step:(j + 1) * step]
                hist = np.bincount(cell.ravel(), minlength=256).astype(np.float64)
                cells.append(hist / max(1.0, hist.sum()))
        return np.concatenate(cells) / 16.0

    def compare(self, reference: np.ndarray, live: np.ndarray) -> Comparison:
        a = self.histogram(reference, "reference")
        b = self.histogram(live, "live")
        chi = float(0.5 * np.sum((a - b) ** 2 / (a + b + 1e-12)))
        score = int(round(100 * max(0.0, 1.0 - chi)))
        return Comparison(chi <= self.THRESHOLD, score, self.method)


_comparer = None
_comparer_lock = threading.Lock()


def comparer(*, baseline: bool = False):
    """The best method installed (loaded once): dlib's embeddings, else the baseline."""
    global _comparer
    if baseline:
        return LbpHistogramBaseline()
    with _comparer_lock:
        if _comparer is None:
            try:
                _comparer = DlibFaces()
            except (ImportError, RuntimeError, OSError) as exc:
                log.warning("face embeddings unavailable (%s): using the %s", exc,
                            BASELINE_METHOD)
                _comparer = LbpHistogramBaseline()
        return _comparer


class NotAPicture(NoFace):
    """Bytes that do not decode as a picture: no face in them either (``which`` as NoFace)."""

    def __init__(self, which: str) -> None:
        ValueError.__init__(self, f"the {which} picture is not an image (JPEG, BMP or PNG)")
        self.which = which


def _decoded(data: bytes, which: str) -> np.ndarray:
    try:
        return decode(data)
    except ValueError:
        raise NotAPicture(which) from None


def compare(reference: bytes, live: bytes) -> Comparison:
    """Compare two encoded pictures. Raises NoFace (NotAPicture for bytes that are not an
    image)."""
    ref_image, live_image = _decoded(reference, "reference"), _decoded(live, "live")
    try:
        return comparer().compare(ref_image, live_image)
    finally:
        ref_image.fill(0)  # the decoded pictures do not outlive the answer
        live_image.fill(0)
