"""The UVC camera driver end to end in mock mode: devices.toml → DeviceManager → the MJPEG
simulator over HTTP → OpenCV → the camera's LatestFrame, with every simulator fault."""
from __future__ import annotations

import numpy as np
import pytest

from drivers.camera.device import CameraFrozen, UvcCamera
from drivers.config import parse_devices
from drivers.core.errors import ConfigError, DeviceTimeout
from drivers.core.frames import LatestFrame
from drivers.core.status import DeviceErrorEvent, HealthLevel, StatusChanged
from drivers.manager import DeviceManager
from tests.waiting import wait_for

WAIT = 30  # generous: conditions are waited for, never timed

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
"""


def red(n: int, t: float, width: int, height: int) -> np.ndarray:
    """A red scene (BGR) with a changing pixel, for the show_scene action."""
    img = np.zeros((height, width, 3), np.uint8)
    img[:, :, 2] = 200
    img[0, 0, 0] = n % 256
    return img


@pytest.fixture
def manager(settings_env):
    m = DeviceManager(parse_devices(CAMERA, "devices.toml"), data_dir=settings_env / "data",
                      poll_interval=0.2, backoff_max=0.5)
    events: list = []
    m.events.subscribe(events.append)
    m.events_seen = events
    with m:
        assert m.wait_ready(WAIT)
        yield m


@pytest.fixture
def camera(manager):
    return manager.get("camera")


def _state(handle) -> str:
    return str(handle.status.state)


def _stream(handle) -> str:
    return handle.status.supplies["stream"]


def test_mock_camera_comes_online_with_its_stream(camera):
    assert camera.is_mock and camera.kind == "camera"
    assert _state(camera) == "online" and _stream(camera) == "ok"
    row = camera.describe()
    assert row["port"].startswith("http://127.0.0.1:") and row["port"].endswith("/stream.mjpg")
    assert row["info"]["backend"] == "FFMPEG" and row["info"]["resolution"] == "320x240"
    assert row["info"]["model"] == "network stream"


def test_capture_still_through_the_contract_client(camera):
    still = camera.client().capture_still().result(WAIT)
    assert isinstance(still, np.ndarray) and still.shape == (240, 320, 3)
    assert still.dtype == np.uint8 and still.flags.writeable  # the caller's own copy
    frames = camera.device.frames
    assert isinstance(frames, LatestFrame) and frames.received > 0
    _, shown = frames.get()
    assert not shown.flags.writeable  # the shared one is read-only
    with pytest.raises(AttributeError, match="no operation 'poll_status'"):
        camera.client().poll_status  # noqa: B018 - only the contract's operations exist


def test_no_frames_takes_the_camera_offline_and_back(manager, camera):
    camera.mock.inject("no_frames")
    assert wait_for(lambda: _state(camera) == "offline", WAIT)
    assert _stream(camera) == "unknown"
    assert "no frame for" in camera.status.detail
    errors = [e for e in manager.events_seen if isinstance(e, DeviceErrorEvent)]
    assert any(isinstance(e.error, DeviceTimeout) for e in errors)
    camera.mock.clear("no_frames")
    assert wait_for(lambda: _state(camera) == "online", WAIT)
    assert camera.client().capture_still().result(WAIT).shape == (240, 320, 3)


def test_frozen_stream_shows_on_the_stream_axis_and_refuses_stills(manager, camera):
    camera.mock.inject("frozen")
    assert wait_for(lambda: _stream(camera) == "frozen", WAIT)
    assert _state(camera) == "online"  # it still answers: the axis says what is wrong
    assert camera.contract.axis("stream").blocking["frozen"] == "camera_frozen"
    with pytest.raises(CameraFrozen, match="has not changed"):
        camera.client().capture_still().result(WAIT)
    changes = [e.changed for e in manager.events_seen if isinstance(e, StatusChanged)]
    assert {"stream": ("ok", "frozen")} in changes
    camera.mock.clear("frozen")
    assert wait_for(lambda: _stream(camera) == "ok", WAIT)


def test_wrong_resolution_is_a_hardware_error_naming_both_sizes(camera):
    camera.mock.inject("wrong_resolution", width=160, height=120)
    assert wait_for(lambda: _state(camera) == "hardware_error", WAIT)
    assert "delivers 160x120, configured 320x240" in camera.status.detail
    camera.mock.clear("wrong_resolution")
    assert wait_for(lambda: _state(camera) == "online", WAIT)


def test_unplugged_camera_is_no_device_until_replugged(camera):
    camera.mock.inject("unplug")
    assert wait_for(lambda: _state(camera) == "no_device", WAIT)
    camera.mock.clear()
    assert wait_for(lambda: _state(camera) == "online", WAIT)


def test_show_scene_changes_what_the_camera_sees(camera):
    camera.mock.perform("show_scene", scene="tests.test_camera_device:red")
    # the next still is the first picture that changed after it was asked for
    assert wait_for(lambda: camera.client().capture_still().result(WAIT)[..., 2].mean() > 190,
                    WAIT)
    with pytest.raises(ValueError, match="unknown camera scene 'nope'"):
        camera.mock.perform("show_scene", scene="nope")


def test_a_closed_camera_keeps_no_picture(settings_env):
    with DeviceManager(parse_devices(CAMERA, "devices.toml"), poll_interval=0.2) as m:
        assert m.wait_ready(WAIT)
        frames = m.get("camera").device.frames
        assert frames.get() is not None
    assert frames.get() is None


def test_external_health_check_looks_at_a_picture(camera):
    report = camera.check_health(HealthLevel.EXTERNAL, WAIT)
    assert report.ok
    picture = next(c for c in report.checks if c.name == "picture")
    assert picture.detail.startswith("320x240, mean brightness ")


# ------------------------------------------------------------------ configuration
def test_every_option_has_its_default():
    (config,) = parse_devices("[cam]\ndriver = 'uvc_camera'\nport = 0\n", "d.toml")
    assert config.kind == "camera" and config.port == "0" and config.timeout == 5.0
    assert config.options == {
        "width": 1280, "height": 720, "fps": 15.0, "fourcc": "MJPG", "exposure": 0.0,
        "white_balance": 0, "frame_timeout": 2.0, "frozen_after": 3.0,
        "sim_scene": "test_pattern", "sim_quality": 85,
    }


@pytest.mark.parametrize("table, message", [
    ("port = 'ftp://cam/x'", "d.toml: cam.port: expected a stream URL"),
    ("port = 'video0'", "d.toml: cam.port: expected a V4L2 index (0)"),
    ("port = 0\nfps = 'fast'", "d.toml: cam.fps: expected a number, got 'fast'"),
    ("port = 0\nzoom = 2", "d.toml: cam.zoom: unknown option for driver 'uvc_camera'"),
])
def test_bad_camera_configuration_is_one_line(table, message):
    with pytest.raises(ConfigError) as err:
        parse_devices(f"[cam]\ndriver = 'uvc_camera'\n{table}\n", "d.toml")
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


@pytest.mark.parametrize("options, message", [
    ({"width": 640, "height": 0}, "cam.width: give width and height together"),
    ({"frame_timeout": 0.0}, "cam.frame_timeout: out of range: 0.0"),
])
def test_inconsistent_options_are_refused_when_the_device_is_built(options, message):
    with pytest.raises(ConfigError, match=message):
        UvcCamera("cam", "0", options)


def test_an_unknown_simulator_scene_is_a_configuration_error(settings_env):
    configs = parse_devices(CAMERA + "sim_scene = 'beach'\n", "devices.toml")
    with pytest.raises(ConfigError, match="camera.sim_scene: unknown camera scene 'beach'"):
        DeviceManager(configs).start()


def test_an_absent_real_camera_is_no_device_with_its_reason(settings_env):
    configs = parse_devices("[camera]\ndriver = 'uvc_camera'\n"
                            "port = '/dev/video-kiosk-test-absent'\n", "devices.toml")
    with DeviceManager(configs, data_dir=settings_env / "data") as m:
        assert m.wait_ready(WAIT) is False
        row = m.describe()[0]
    assert row["state"] == "no_device" and row["mock"] is False
    assert row["supplies"] == {"stream": "unknown"}
    assert "/dev/video-kiosk-test-absent: cannot open" in row["last_error"]
