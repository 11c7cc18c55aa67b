"""The ID photo checks and the photo itself, on the simulator's scenes (a real photograph):
every guidance the citizen can hear comes from some scene, and the photo made from a frame
that passed meets the rules — checked on the output image with the detector run anew."""
from __future__ import annotations

import numpy as np
import pytest

from drivers.camera import portrait_scenes as ps
from drivers.camera.scenes import SCENES, resolve_scene
from drivers.core.errors import ConfigError
from drivers.core.frames import load_cv2
from kiosk.config import load_settings
from kiosk.journeys.steps.photo import GUIDANCE as WORDS
from kiosk.portrait.checks import GUIDANCE, HOLD, PortraitAnalyser
from kiosk.portrait.faces import FaceFinder
from kiosk.portrait.photo import PhotoMaker, jfif_density, make_photo, set_jfif_density
from kiosk.portrait.rules import PortraitRules

cv2 = load_cv2()
SIZES = [(640, 480), (1280, 720)]

#: scene → the guidance it must produce (with glasses asked off for the glasses scene)
EXPECTED = {
    "portrait_centred": HOLD,
    "portrait_nobody": "no_face",
    "portrait_two": "one_face",
    "portrait_dark": "too_dark",
    "portrait_bright": "too_bright",
    "portrait_far": "closer",
    "portrait_near": "farther",
    "portrait_off_right": "move_left",  # on the mirrored preview she sits right: go left
    "portrait_off_left": "move_right",
    "portrait_low": "move_up",
    "portrait_high": "move_down",
    "portrait_glasses": "glasses",
    "portrait_eyes_closed": "eyes",
    "portrait_tilted": "level",
    "portrait_blurred": "still",
    "portrait_side_lit": "light",
    "portrait_qr_appointment": HOLD,  # a code held below the face does not spoil the face
}


def frame(scene: str, size=(640, 480), n: int = 1) -> np.ndarray:
    return resolve_scene(scene)(n, n / 25, *size)


@pytest.fixture(scope="module")
def analyser():
    return PortraitAnalyser(PortraitRules(no_glasses=True))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene, guidance", EXPECTED.items())
def test_every_scene_gives_its_guidance(analyser, scene, guidance, size):
    a = analyser(frame(scene, size))
    assert a.guidance == guidance, {n: (c.ok, c.value) for n, c in a.checks.items()}
    assert (a.width, a.height) == size
    assert a.ok is (guidance == HOLD)


def test_every_guidance_has_a_scene_and_words():
    assert set(GUIDANCE) <= set(EXPECTED.values())
    assert set(GUIDANCE) | {HOLD, "starting", "capturing"} == set(WORDS)
    assert {f"portrait_{k}" for k in ps.KINDS} <= set(SCENES)


def test_glasses_are_fine_unless_configured_otherwise():
    a = PortraitAnalyser(PortraitRules())(frame("portrait_glasses"))
    assert a.checks["glasses"].ok is None and a.checks["glasses"].value > 0.3
    assert a.guidance == HOLD


def test_a_frame_of_noise_changes_but_keeps_its_verdict(analyser):
    first, second = frame("portrait_centred", n=1), frame("portrait_centred", n=2)
    assert not np.array_equal(first, second)  # a moving stream, never "frozen"
    assert analyser(first).ok and analyser(second).ok


def test_checks_report_values_and_unjudged_ones():
    a = PortraitAnalyser()(frame("portrait_nobody"))
    assert a.checks["face_count"].ok is False and a.checks["face_count"].value == 0
    assert all(c.ok is None for n, c in a.checks.items() if n != "face_count")
    assert a.as_dict()["face"] is None
    centred = PortraitAnalyser()(frame("portrait_centred"))
    d = centred.as_dict()
    assert d["ok"] is True and d["guidance"] == "hold"
    assert set(d["checks"]) == {"face_count", "exposure", "size", "centre", "glasses", "eyes",
                                "level", "sharpness", "light"}
    assert 0.27 <= d["checks"]["size"]["value"] <= 0.45


# ---------------------------------------------------------------------------- the photo
def independent_face(jpeg: bytes):
    """The face in the photo as a fresh detector (not the photo's own checks) sees it."""
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    faces = FaceFinder().faces(grey, fine=True)
    assert len(faces) == 1
    return image, faces[0]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_photo_meets_the_rules_on_the_output_image(size):
    rules = PortraitRules()
    captured = PhotoMaker(rules)(frame("portrait_centred", size))
    photo = captured.photo
    assert captured.assessment.ok and photo is not None and photo.ok, photo.failing()
    image, face = independent_face(photo.jpeg)
    assert image.shape == (441, 358, 3)
    # face width 207 ± 14, centred
    assert abs(face.w - 207) <= 14 and abs(face.cx - 179) <= 12
    # white background: the top corners are background in any pose, all of it white
    corners = np.concatenate([image[:50, :55].reshape(-1, 3), image[:50, -55:].reshape(-1, 3)])
    assert (corners >= 245).all(axis=1).mean() >= 0.97
    assert photo.white_share > 0.15  # a fair share of the photo is the white background
    # the top of the head 7–21 px below the top edge: the first rows above the face that
    # are not white, over the middle of the face
    column = image[:face.y, int(face.cx - face.w / 4):int(face.cx + face.w / 4)]
    hair = np.nonzero(~(column >= 245).all(axis=2).all(axis=1))[0]
    assert 7 <= hair[0] <= 21
    # eye line at least 207 px above the bottom edge
    assert 441 - photo.eye_y >= 207
    # a JPEG under the limit with 350 dpi in its JFIF header, byte for byte
    assert len(photo.jpeg) <= rules.max_kb * 1024
    assert photo.jpeg[:20] == (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01"
                               b"\x01\x01\x5e\x01\x5e\x00\x00")


def test_photo_quality_goes_down_until_the_file_fits():
    rules = PortraitRules(max_kb=15)
    photo = PhotoMaker(rules)(frame("portrait_centred")).photo
    assert photo.ok and len(photo.jpeg) <= 15 * 1024 and photo.quality < 92
    too_small = PortraitRules(max_kb=2, min_quality=60)
    photo = PhotoMaker(too_small)(frame("portrait_centred")).photo
    assert not photo.ok and photo.failing() == ["bytes"]


def test_a_frame_that_fails_makes_no_photo():
    captured = PhotoMaker()(frame("portrait_far"))
    assert captured.photo is None and captured.assessment.guidance == "closer"


def test_a_head_the_frame_cuts_off_is_no_photo():
    """Within the live tolerance yet too high for a crown: refused, never sent cut off."""
    pose = ps.Pose(cy=0.30, width=0.4)
    image = ps.with_noise(ps._finish(ps.compose((pose,), 640, 480)), 1)
    finder = FaceFinder()
    face = finder.faces(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), fine=True)[0]
    photo = make_photo(image, face, PortraitRules(), finder)
    assert photo.checks["crown"].ok is False and not photo.ok


def test_a_thread_loads_each_cascade_once_and_keeps_it():
    import threading

    a, b = FaceFinder(), FaceFinder()  # two journeys' analysers on one pool thread
    assert a._faces is b._faces and a._eyes is b._eyes
    other = []
    t = threading.Thread(target=lambda: other.append(FaceFinder()._faces))
    t.start()
    t.join()
    assert other[0] is not a._faces  # another thread: its own (cascades keep scratch state)


def test_jfif_density_is_written_and_read_back():
    ok, buf = cv2.imencode(".jpg", np.zeros((8, 8, 3), np.uint8))
    plain = buf.tobytes()
    assert jfif_density(plain) == (0, 1, 1)  # OpenCV's own: no unit, 1:1
    patched = set_jfif_density(plain, 350)
    assert jfif_density(patched) == (1, 350, 350) and len(patched) == len(plain)
    bare = b"\xff\xd8\xff\xdb" + plain[20:]  # no APP0 at all: one is inserted
    assert set_jfif_density(bare, 300)[:20] == (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01"
                                                b"\x01\x01\x2c\x01\x2c\x00\x00")
    with pytest.raises(ValueError, match="not a JPEG"):
        set_jfif_density(b"GIF89a", 350)


# ---------------------------------------------------------------------------- settings
def test_portrait_settings_come_from_the_config_file(tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text("[portrait]\nmax_kb = 30\nno_glasses = true\nface_width = 200\n")
    s = load_settings(cfg, environ={"KIOSK__PORTRAIT__HOLD_S": "0.5"})
    assert (s.portrait.max_kb, s.portrait.no_glasses, s.portrait.face_width) == (30, True, 200)
    assert s.portrait.hold_s == 0.5 and s.portrait.width == 358


@pytest.mark.parametrize("text, message", [
    ("face_min = 0.5\nface_max = 0.4", "[portrait] face_min: must be smaller than face_max"),
    ("target_x = 1.5", "[portrait] target_x: a fraction 0..1, got 1.5"),
    ("max_kb = 0", "[portrait] max_kb: at least 1"),
    ("width = 'wide'", "[portrait] width: expected an integer, got 'wide'"),
    ("zoom = 2", "[portrait] zoom: unknown key"),
])
def test_bad_portrait_settings_are_one_line(tmp_path, text, message):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f"[portrait]\n{text}\n")
    with pytest.raises(ConfigError) as err:
        load_settings(cfg, environ={})
    assert message in str(err.value) and "\n" not in str(err.value)
