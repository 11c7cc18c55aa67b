"""What the simulated portrait camera sees: a real photograph of a person, placed in the frame
as a citizen would sit — centred, off-centre, too far, too near, in poor light, blurred, two
people, nobody, a QR code held up.

The person is scikit-image's bundled ``astronaut.png`` (NASA portrait of Eileen Collins, in
the public domain), read from the installed package: no download, no drawing. Its face is
measured once (:data:`SOURCE`); a scene scales and places the photograph so the face lands
where the scene wants it, on a plain wall, and adds sensor noise that changes every frame (a
picture that never changes is what the driver reports as a frozen stream).

Where a scene says "centred" it means the kiosk's default target (kiosk.portrait.rules
``PortraitRules``): face centre at half the width and 45 % of the height, face width 34 % of
the frame height. The faults of the stream (no frames, frozen, wrong resolution) are the
simulator's (:class:`drivers.core.mjpeg.MjpegSimulator`), whatever the scene.

Every scene is a plain ``scene(n, t, width, height)`` function listed in
:data:`drivers.camera.scenes.SCENES`; a frame is drawn once per size and scene (cached),
then only the noise is added per frame, so a scene costs about a millisecond at 640×480.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import cv2
import numpy as np

#: BGR of the wall behind the sitter: the light grey of a photo booth
WALL = (214, 210, 204)
#: sensor noise, grey levels (standard deviation)
NOISE_SIGMA = 2.0
NOISE_FRAMES = 4

#: fictitious host of the QR codes the scenes hold up (the kiosk accepts any host)
QR_HOST = "https://zwfw.example.gov.cn"
#: a demo e-certificate the reference server knows (kiosk/central/demo_certificates.toml)
DEMO_CERTIFICATE = "DZZZ-2024-110101-000123"
#: one that looks like a certificate but was never issued
FORGED_CERTIFICATE = "DZZZ-2024-110101-999999"


@dataclass(frozen=True)
class Source:
    """Where things are in the source photograph (pixels of the 512×512 original)."""

    face_cx: float = 224.5  # centre of the frontal-face box
    face_cy: float = 113.5
    face_w: float = 95.0  # width of the frontal-face box (OpenCV's Haar cascade)
    eyes: tuple[tuple[float, float], tuple[float, float]] = ((202.0, 101.0), (246.0, 103.0))
    crown_y: float = 15.0  # top of the hair


SOURCE = Source()


@dataclass(frozen=True)
class Pose:
    """Where the face goes, in fractions of the frame: centre (x of width, y of height) and
    face width (of the frame height); ``tilt`` in degrees (positive: counter-clockwise)."""

    cx: float = 0.5
    cy: float = 0.45
    width: float = 0.34
    tilt: float = 0.0


CENTRED = Pose()


@lru_cache(maxsize=1)
def source_photo() -> np.ndarray:
    """The astronaut photograph (BGR, 512×512), read-only."""
    from importlib.resources import files

    path = files("skimage.data").joinpath("astronaut.png")
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:  # pragma: no cover - an installation without the sample data
        raise RuntimeError(f"cannot read the sample portrait {path} (is scikit-image "
                           "installed?)")
    image.flags.writeable = False
    return image


# ---------------------------------------------------------------------- drawing
def _wall(width: int, height: int) -> np.ndarray:
    wall = np.empty((height, width, 3), np.float32)
    wall[:] = WALL
    # light from above: the wall a little darker towards the floor
    shade = np.linspace(1.0, 0.9, height, dtype=np.float32)[:, None, None]
    return wall * shade


#: the sitter without the flag and the model shuttle beside her (columns of the photograph)
PERSON_COLUMNS = (100, 350)


def _place(canvas: np.ndarray, pose: Pose, width: int, height: int, *,
           person_only: bool = False) -> None:
    """Paste the photograph so its face lands at ``pose`` (in place, float canvas);
    ``person_only``: just the sitter's part of it (two people side by side)."""
    photo = source_photo()
    if person_only:
        photo = np.ascontiguousarray(photo[:, :PERSON_COLUMNS[1]])
        photo[:, :PERSON_COLUMNS[0]] = 0  # outside the alpha mask below

    scale = pose.width * height / SOURCE.face_w
    angle = pose.tilt
    # one affine map: scale about the source face, rotate, move to the target point
    m = cv2.getRotationMatrix2D((SOURCE.face_cx, SOURCE.face_cy), angle, scale)
    m[0, 2] += pose.cx * width - SOURCE.face_cx
    m[1, 2] += pose.cy * height - SOURCE.face_cy
    warped = cv2.warpAffine(photo, m, (width, height), flags=cv2.INTER_AREA
                            if scale < 1 else cv2.INTER_LINEAR, borderValue=(0, 0, 0))
    # where the photograph is (its edges feathered over a few pixels, like a real edge)
    inside = np.full(photo.shape[:2], 255, np.uint8)
    if person_only:
        inside[:, :PERSON_COLUMNS[0]] = 0
    alpha = cv2.warpAffine(inside, m, (width, height), flags=cv2.INTER_LINEAR, borderValue=0)
    feather = max(1, round(2 * scale)) * 2 + 1
    alpha = cv2.GaussianBlur(alpha, (feather, feather), 0).astype(np.float32)[..., None] / 255
    canvas *= 1 - alpha
    canvas += warped.astype(np.float32) * alpha


def compose(poses: tuple[Pose, ...], width: int, height: int) -> np.ndarray:
    """The wall with the sitter at each pose (float32 BGR, 0–255); with more than one pose,
    each is the sitter alone (two people side by side, no flag between them)."""
    canvas = _wall(width, height)
    for pose in poses:
        _place(canvas, pose, width, height, person_only=len(poses) > 1)
    return canvas


def _finish(canvas: np.ndarray) -> np.ndarray:
    out = np.clip(canvas + 0.5, 0, 255).astype(np.uint8)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=4)
def _noise(width: int, height: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(20250318)
    return tuple(rng.normal(0, NOISE_SIGMA, (height, width, 3)).round().astype(np.int16)
                 for _ in range(NOISE_FRAMES))


def with_noise(base: np.ndarray, n: int) -> np.ndarray:
    """``base`` plus this frame's sensor noise (differs from the last frame's)."""
    height, width = base.shape[:2]
    noise = _noise(width, height)[n % NOISE_FRAMES]
    return np.clip(base.astype(np.int16) + noise, 0, 255).astype(np.uint8)


# ---------------------------------------------------------------------- the bases
def _base_pose(pose: Pose, width: int, height: int) -> np.ndarray:
    return _finish(compose((pose,), width, height))


def _relit(width: int, height: int, gain: float, offset: float = 0.0) -> np.ndarray:
    return _finish(compose((CENTRED,), width, height) * gain + offset)


def _side_lit(width: int, height: int) -> np.ndarray:
    canvas = compose((CENTRED,), width, height)
    # a lamp on the left of the picture only: full light there, little on the right
    light = np.interp(np.arange(width), [0.4 * width, 0.6 * width], [1.25, 0.15])
    return _finish(canvas * light.astype(np.float32)[None, :, None])


def _blurred(width: int, height: int) -> np.ndarray:
    canvas = compose((CENTRED,), width, height)
    sigma = 2.6 * height / 480  # a citizen moving during the exposure
    return _finish(cv2.GaussianBlur(canvas, (0, 0), sigma))


def _face_box(pose: Pose, width: int, height: int) -> tuple[float, float, float]:
    """(face centre x, y, face width) in frame pixels for ``pose``."""
    return pose.cx * width, pose.cy * height, pose.width * height


def _eyes_at(pose: Pose, width: int, height: int) -> list[tuple[float, float]]:
    cx, cy, fw = _face_box(pose, width, height)
    s = fw / SOURCE.face_w
    return [(cx + (x - SOURCE.face_cx) * s, cy + (y - SOURCE.face_cy) * s)
            for x, y in SOURCE.eyes]


def _eyes_closed(width: int, height: int) -> np.ndarray:
    """Lids over both eyes: the eye region painted over with the skin of the cheek below it
    (a photograph cannot blink; this is what a blink looks like to an eye detector)."""
    canvas = compose((CENTRED,), width, height)
    _, _, fw = _face_box(CENTRED, width, height)
    rx, ry = 0.13 * fw, 0.075 * fw
    for x, y in _eyes_at(CENTRED, width, height):
        y0 = int(y + 2.2 * ry)
        patch = canvas[y0:y0 + max(2, int(ry)), int(x - rx):int(x + rx)]
        skin = patch.reshape(-1, 3).mean(axis=0) if patch.size else np.array(WALL, np.float32)
        lid = np.zeros(canvas.shape[:2], np.float32)
        cv2.ellipse(lid, (round(x), round(y)), (round(rx), round(ry)), 0, 0, 360, 1.0, -1)
        lid = cv2.GaussianBlur(lid, (0, 0), max(1.0, ry / 3))[..., None]
        canvas = canvas * (1 - lid) + skin[None, None, :] * lid
        # the lash line of a closed eye
        cv2.line(canvas, (round(x - 0.8 * rx), round(y + 0.2 * ry)),
                 (round(x + 0.8 * rx), round(y + 0.2 * ry)), (60, 60, 70), max(1, round(fw / 80)))
    return _finish(canvas)


def _glasses(width: int, height: int) -> np.ndarray:
    """Dark-rimmed glasses drawn on the photographed face (frames, bridge, arms)."""
    canvas = compose((CENTRED,), width, height)
    _, _, fw = _face_box(CENTRED, width, height)
    (lx, ly), (rx_, ry_) = _eyes_at(CENTRED, width, height)
    thick = max(2, round(fw / 40))
    colour = (30, 30, 35)
    half_w, half_h = 0.17 * fw, 0.11 * fw
    for x, y in ((lx, ly), (rx_, ry_)):
        cv2.ellipse(canvas, (round(x), round(y)), (round(half_w), round(half_h)), 0, 0, 360,
                    colour, thick, cv2.LINE_AA)
    y_bridge = round((ly + ry_) / 2 - 0.02 * fw)
    cv2.line(canvas, (round(lx + half_w), y_bridge), (round(rx_ - half_w), y_bridge), colour,
             thick, cv2.LINE_AA)
    for x, y, side in ((lx, ly, -1), (rx_, ry_, 1)):
        cv2.line(canvas, (round(x + side * half_w), round(y)),
                 (round(x + side * (half_w + 0.2 * fw)), round(y - 0.02 * fw)), colour, thick,
                 cv2.LINE_AA)
    return _finish(canvas)


def qr_card(text: str, size: int) -> np.ndarray:
    """A white card ``size`` pixels square with ``text`` as a QR code (4-module quiet zone),
    as a phone screen or a printed slip shows it."""
    encoder = cv2.QRCodeEncoder.create()
    code = encoder.encode(text)  # 0/255, one pixel per module, no quiet zone
    modules = code.shape[0]
    code = cv2.copyMakeBorder(code, 4, 4, 4, 4, cv2.BORDER_CONSTANT, value=255)
    card = cv2.resize(code, (size, size), interpolation=cv2.INTER_NEAREST)
    assert modules > 0
    return cv2.cvtColor(card, cv2.COLOR_GRAY2BGR)


def _holding_code(text: str, width: int, height: int, *, size: float = 0.42,
                  tilt: float = 14.0) -> np.ndarray:
    """The sitter holding ``text`` up as a QR code in front of the chest, turned a little
    towards the camera's right (a perspective, not a flat paste)."""
    canvas = compose((CENTRED,), width, height)
    side = round(size * height)
    card = qr_card(text, side).astype(np.float32)
    cx, cy = 0.5 * width, 0.78 * height
    # the card turned about its vertical axis: the far edge shorter
    squeeze = math.cos(math.radians(tilt))
    shrink = 0.5 * side * (1 - squeeze) * 0.5
    h = side / 2
    src = np.float32([[0, 0], [side, 0], [side, side], [0, side]])
    dst = np.float32([[cx - h * squeeze, cy - h], [cx + h * squeeze, cy - h + shrink],
                      [cx + h * squeeze, cy + h - shrink], [cx - h * squeeze, cy + h]])
    m = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(card, m, (width, height), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones((side, side), np.float32), m, (width, height))[..., None]
    canvas = canvas * (1 - mask) + warped * mask
    return _finish(canvas)


def appointment_qr(day: date | None = None, suffix: str = "001") -> str:
    """What the reference server's demo appointment's QR code says today."""
    day = day or date.today()
    return f"{QR_HOST}/a/YY{day:%Y%m%d}{suffix}"


def certificate_qr(code: str = DEMO_CERTIFICATE) -> str:
    return f"{QR_HOST}/c/{code}"


# ---------------------------------------------------------------------- the scenes
_BASES = {
    "centred": lambda w, h: _base_pose(CENTRED, w, h),
    # named as the citizen sees it on the mirrored preview: "off_right" sits at the right of
    # the screen, which is the left of the camera's own picture
    "off_right": lambda w, h: _base_pose(Pose(cx=0.27), w, h),
    "off_left": lambda w, h: _base_pose(Pose(cx=0.73), w, h),
    "high": lambda w, h: _base_pose(Pose(cy=0.32), w, h),
    "low": lambda w, h: _base_pose(Pose(cy=0.60), w, h),
    "far": lambda w, h: _base_pose(Pose(width=0.19), w, h),
    "near": lambda w, h: _base_pose(Pose(width=0.52, cy=0.5), w, h),
    "tilted": lambda w, h: _base_pose(Pose(tilt=14.0), w, h),
    "dark": lambda w, h: _relit(w, h, 0.22),
    "bright": lambda w, h: _relit(w, h, 1.35, 70.0),
    "side_lit": _side_lit,
    "blurred": _blurred,
    "eyes_closed": _eyes_closed,
    "glasses": _glasses,
    "two": lambda w, h: _finish(compose((Pose(cx=0.28, width=0.25), Pose(cx=0.72, width=0.25)),
                                        w, h)),
    "nobody": lambda w, h: _finish(_wall(w, h)),
}


@lru_cache(maxsize=16)
def _base(kind: str, width: int, height: int, day: date | None = None) -> np.ndarray:
    if kind == "qr_appointment":
        return _holding_code(appointment_qr(day), width, height)
    if kind == "qr_certificate":
        return _holding_code(certificate_qr(), width, height)
    if kind == "qr_forged":
        return _holding_code(certificate_qr(FORGED_CERTIFICATE), width, height)
    return _BASES[kind](width, height)


def scene_frame(kind: str, n: int, width: int, height: int) -> np.ndarray:
    """Frame ``n`` of scene ``kind`` (a key of :data:`KINDS`) at ``width``×``height``."""
    day = date.today() if kind == "qr_appointment" else None
    return with_noise(_base(kind, width, height, day), n)


KINDS = (*_BASES, "qr_appointment", "qr_certificate", "qr_forged")


def _make(kind: str):
    def scene(n: int, t: float, width: int, height: int) -> np.ndarray:
        return scene_frame(kind, n, width, height)

    scene.__name__ = f"portrait_{kind}"
    scene.__doc__ = f"The portrait camera's scene {kind!r} (see the module docstring)."
    return scene


# one module attribute per scene, so devices.toml and show_scene can name them
for _kind in KINDS:
    globals()[f"portrait_{_kind}"] = _make(_kind)
del _kind
