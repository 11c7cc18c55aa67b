"""The camera contract's analysis operations end to end in mock mode: devices.toml →
DeviceManager → the MJPEG simulator over HTTP → OpenCV → the camera's worker, which runs the
caller's analysis on the newest frame."""
from __future__ import annotations

import numpy as np
import pytest

from drivers.camera.device import AnalysisFailed, CameraFrozen
from drivers.config import parse_devices
from drivers.core.errors import DeviceTimeout
from drivers.core.frames import LatestFrame
from drivers.kinds.camera import Analysed
from drivers.manager import DeviceManager
from tests.waiting import wait_for

WAIT = 30

CAMERA = """
[camera]
driver = "uvc_camera"
mock = true
width = 320
height = 240
fps = 30.0
frame_timeout = 0.5
frozen_after = 0.3
timeout = 3.0
sim_scene = "portrait_centred"
"""


@pytest.fixture
def camera(settings_env):
    m = DeviceManager(parse_devices(CAMERA, "devices.toml"), data_dir=settings_env / "data",
                      poll_interval=0.2, backoff_max=0.5)
    with m:
        assert m.wait_ready(WAIT)
        yield m.get("camera")


def mean_red(frame) -> float:
    return float(frame[..., 2].mean())


def test_preview_hands_over_the_cameras_own_slot(camera):
    slot = camera.client().preview().result(WAIT)
    assert isinstance(slot, LatestFrame) and slot is camera.device.frames


def test_analyse_runs_on_the_worker_on_a_newer_frame(camera):
    import threading

    seen: list = []

    def analysis(frame):
        seen.append(threading.current_thread().name)
        return mean_red(frame)

    first = camera.client().analyse(analysis).result(WAIT)
    assert isinstance(first, Analysed) and (first.width, first.height) == (320, 240)
    second = camera.client().analyse(analysis, newer_than=first.seq).result(WAIT)
    assert second.seq > first.seq and second.at >= first.at
    assert seen == ["device-camera", "device-camera"]
    assert 50 < second.result < 250


def test_the_real_portrait_checks_pass_on_the_mock_camera(camera):
    from kiosk.portrait.checks import PortraitAnalyser

    got = camera.client().analyse(PortraitAnalyser()).result(WAIT)
    assert got.result.ok, got.result.as_dict()


def test_an_analysis_that_raises_is_its_own_error_not_the_cameras(camera):
    def broken(frame):
        raise KeyError("bug")

    with pytest.raises(AnalysisFailed, match="analysis failed \\(KeyError"):
        camera.client().analyse(broken).result(WAIT)
    assert str(camera.status.state) == "online"  # the camera is fine
    assert camera.client().analyse(mean_red).result(WAIT).result > 0


def test_no_frames_fails_the_analysis_and_takes_the_camera_offline(camera):
    camera.mock.inject("no_frames")

    def offline() -> bool:
        try:  # (a frame already on its way may still be analysed once)
            camera.client().analyse(mean_red).result(WAIT)
        except DeviceTimeout as exc:
            return "no new frame within 0.5s" in str(exc)
        except Exception:  # noqa: BLE001 - NotReady once the worker has disconnected
            return str(camera.status.state) == "offline"
        return False

    assert wait_for(offline, WAIT)
    assert wait_for(lambda: str(camera.status.state) == "offline", WAIT)
    camera.mock.clear("no_frames")
    assert wait_for(lambda: str(camera.status.state) == "online", WAIT)


def test_a_frozen_stream_refuses_analysis_and_shows_on_the_axis_under_load(camera):
    """Analyses back to back never leave the worker idle; the status is still refreshed."""
    camera.mock.inject("frozen")
    seq = 0

    def frozen_seen() -> bool:
        nonlocal seq
        try:
            seq = camera.client().analyse(mean_red, newer_than=seq).result(WAIT).seq
        except CameraFrozen:
            return True
        return False

    assert wait_for(frozen_seen, WAIT)
    assert wait_for(lambda: camera.status.supplies["stream"] == "frozen", WAIT)
    camera.mock.clear("frozen")
    assert wait_for(lambda: camera.status.supplies["stream"] == "ok", WAIT)


def test_status_stays_fresh_while_analyses_keep_the_worker_busy(camera):
    """Back-to-back analyses: the frame rate in the status detail still gets measured."""
    seq = 0
    details = set()

    def busy_and_measured() -> bool:
        nonlocal seq
        seq = camera.client().analyse(lambda f: None, newer_than=seq).result(WAIT).seq
        details.add(camera.status.detail)
        return any(not d.endswith(" 0 fps") for d in details)

    assert wait_for(busy_and_measured, WAIT)


def test_show_scene_puts_a_qr_code_in_front_of_the_camera(camera):
    from kiosk.qr.reader import QrReader

    camera.mock.perform("show_scene", scene="portrait_qr_certificate")
    reader = QrReader()
    seq = 0

    def read() -> bool:
        nonlocal seq
        got = camera.client().analyse(reader, newer_than=seq).result(WAIT)
        seq = got.seq
        return got.result is not None and got.result.text.endswith(
            "/c/DZZZ-2024-110101-000123")

    assert wait_for(read, WAIT)


def test_the_scene_frames_change_from_one_to_the_next():
    from drivers.camera.scenes import resolve_scene

    scene = resolve_scene("portrait_centred")
    a, b = scene(1, 0.0, 320, 240), scene(2, 0.04, 320, 240)
    assert a.shape == (240, 320, 3) and a.dtype == np.uint8
    assert not np.array_equal(a[::16, ::16], b[::16, ::16])  # what "frozen" looks at
