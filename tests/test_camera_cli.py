"""``kiosk camera snapshot|portrait|simulate`` and ``kiosk qr scan``: mock devices, a
simulator named by --port, the documented JSON keys and exit codes."""
from __future__ import annotations

import io
import json
import threading

import numpy as np
import pytest

from drivers.core.frames import load_cv2
from drivers.core.mjpeg import MjpegSimulator
from kiosk.cli import main
from kiosk.commands.camera import cmd_simulate
from tests.waiting import wait_for

DEVICES = """
[camera]
driver = "uvc_camera"
mock = true
width = 640
height = 480
fps = 25.0
sim_scene = "{scene}"
"""


@pytest.fixture
def devices(settings_env):
    def make(scene: str) -> str:
        path = settings_env / f"devices-{scene}.toml"
        path.write_text(DEVICES.format(scene=scene))
        return str(path)

    return make


def test_snapshot_writes_a_jpeg_of_the_cameras_size(settings_env, devices, capsys):
    out = settings_env / "still.jpg"
    assert main(["camera", "snapshot", str(out), "--devices", devices("portrait_centred"),
                 "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == {"path": str(out), "width": 640, "height": 480, "device": "camera",
                   "mock": True}
    image = load_cv2().imread(str(out))
    assert image.shape == (480, 640, 3)


def test_portrait_json_has_the_documented_keys(settings_env, devices, capsys):
    out = settings_env / "photo.jpg"
    assert main(["camera", "portrait", str(out), "--devices", devices("portrait_centred"),
                 "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is True and (doc["width"], doc["height"]) == (358, 441)
    assert set(doc["face"]) == {"x", "y", "w", "h"} and 193 <= doc["face"]["w"] <= 221
    assert {"face_count", "size", "centre", "eyes", "sharpness", "face_width", "crown",
            "eye_line", "background", "bytes"} <= set(doc["checks"])
    assert all(c["ok"] in (True, None) for c in doc["checks"].values())
    data = out.read_bytes()
    assert data[:2] == b"\xff\xd8" and len(data) == doc["bytes"]
    assert data[13:18] == b"\x01\x01\x5e\x01\x5e"  # 350 dpi


def test_portrait_that_never_passes_exits_1_naming_the_failing_checks(settings_env, devices,
                                                                      capsys):
    out = settings_env / "photo.jpg"
    assert main(["camera", "portrait", str(out), "--devices", devices("portrait_two"),
                 "--seconds", "1", "--json"]) == 1
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["ok"] is False and doc["face"] is None and doc["guidance"] == "one_face"
    assert doc["checks"]["face_count"] == {"ok": False, "value": 2}
    assert "no photo within 1s; failing: face_count" in captured.err
    assert not out.exists()


@pytest.mark.parametrize("scene, kind, code", [
    ("portrait_qr_certificate", "certificate", "DZZZ-2024-110101-000123"),
    ("portrait_qr_forged", "certificate", "DZZZ-2024-110101-999999"),
])
def test_qr_scan_json(devices, capsys, scene, kind, code):
    assert main(["qr", "scan", "--devices", devices(scene), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["text"] == f"https://zwfw.example.gov.cn/c/{code}" and doc["format"] == "QRCode"
    assert (doc["kind"], doc["code"], doc["backend"]) == (kind, code, "zxing")


def test_qr_scan_without_a_code_exits_1(devices, capsys):
    assert main(["qr", "scan", "--devices", devices("portrait_centred"), "--seconds", "0.5"]) \
        == 1
    assert "no QR code in" in capsys.readouterr().err


def test_qr_scan_from_a_stream_named_by_port(settings_env, capsys):
    from drivers.camera.scenes import resolve_scene

    with MjpegSimulator("cam", resolve_scene("portrait_qr_certificate"), width=640,
                        height=480, fps=25) as sim:
        assert main(["qr", "scan", "--port", sim.port, "--backend", "opencv"]) == 0
    assert capsys.readouterr().out.strip().endswith("/c/DZZZ-2024-110101-000123")


def test_camera_at_a_dead_port_is_a_device_error(settings_env, capsys):
    assert main(["camera", "snapshot", "x.jpg", "--port", "/dev/video-kiosk-test-absent"]) == 3
    assert "摄像头暂不可用" in capsys.readouterr().err


class _Lines(io.StringIO):
    """stdin for the simulator: lines given one by one, each after the last answer."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.ready = threading.Condition()

    def give(self, line: str) -> None:
        with self.ready:
            self.lines.append(line)
            self.ready.notify_all()

    def __iter__(self):
        while True:
            with self.ready:
                self.ready.wait_for(lambda: self.lines, timeout=30)
                if not self.lines:
                    return
                line = self.lines.pop(0)
            yield line
            if line.startswith("quit"):
                return


def test_simulate_serves_mjpeg_and_takes_commands(settings_env):
    import argparse

    stdin, stdout = _Lines(), io.StringIO()
    args = argparse.Namespace(scene="portrait_nobody", fault=[], tcp=0, width=160, height=120,
                              fps=25.0)
    thread = threading.Thread(target=cmd_simulate, args=(args, stdin, stdout), daemon=True)
    thread.start()
    assert wait_for(lambda: stdout.getvalue().endswith(".mjpg\n"), 30)
    url = stdout.getvalue().strip()
    cv2 = load_cv2()
    cap = cv2.VideoCapture(url, cv2.CAP_FFMPEG)
    try:
        ok, frame = cap.read()
        assert ok and frame.shape == (120, 160, 3)
        assert np.abs(frame.astype(int) - frame.mean(axis=(0, 1)).astype(int)).mean() < 10
    finally:
        cap.release()
    for line, answer in (("scene portrait_centred", "ok"), ("fault frozen", "ok"),
                         ("clear", "ok"), ("scene beach", "error: unknown camera scene"),
                         ("fault melt", "error: camera: unknown fault 'melt'")):
        before = stdout.getvalue()
        stdin.give(line + "\n")
        assert wait_for(lambda: stdout.getvalue() != before, 30)
        assert stdout.getvalue()[len(before):].startswith(answer), stdout.getvalue()
    stdin.give("quit\n")
    thread.join(30)
    assert not thread.is_alive()
