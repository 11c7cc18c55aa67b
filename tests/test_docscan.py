"""Document camera (高拍仪) scanning: the page found on rendered desk scenes whose true corners
the scene knows, straightened to the page's proportions, enhanced, put in a PDF under the
case server's size limit; auto-capture by frame times; the driver and its simulator end to
end (MJPEG preview, /still.jpg stills); ``kiosk scan``."""
from __future__ import annotations

import io
import json
import socket
import subprocess
import sys

import cv2
import numpy as np
import pikepdf
import pytest

from drivers.camera.doc_scenes import DOCUMENTS, PLACEMENTS, DeskScene
from kiosk.scanning.autocapture import AutoCapture, CaptureRules
from kiosk.scanning.page import find_page, order_corners, scan_page
from kiosk.scanning.pdf import PageTooLarge, encode_page, pages_pdf
from kiosk.scanning.scan import StillScanner, material_pdf

WAIT = 60


def corner_error(found, true) -> float:
    """The worst corner's distance from the truth, as a share of the page's diagonal."""
    diag = max(np.linalg.norm(true[0] - true[2]), np.linalg.norm(true[1] - true[3]))
    return float(np.linalg.norm(found - true, axis=1).max() / diag)


@pytest.mark.parametrize("placement", range(len(PLACEMENTS)))
@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_corners_within_one_percent_on_the_preview(document, placement):
    scene = DeskScene(document, PLACEMENTS[placement])
    found = find_page(scene.render(800, 600))
    assert found is not None
    assert corner_error(found.corners, scene.corners(800, 600)) < 0.01


@pytest.mark.parametrize("placement", [0, 2, 4])
def test_corners_within_one_percent_on_a_12_mp_still(placement):
    scene = DeskScene("application", PLACEMENTS[placement])
    still = scene.render(4000, 3000)
    found = find_page(still)
    assert found is not None
    assert corner_error(found.corners, scene.corners(4000, 3000)) < 0.01


def test_no_page_on_an_empty_desk_or_under_the_hand():
    assert find_page(DeskScene(None).render(800, 600)) is None
    placing = DeskScene("application", PLACEMENTS[0], placed_at=0.0)
    assert find_page(placing.render(800, 600, t=0.2)) is None  # the hand is still on it
    assert find_page(placing.render(800, 600, t=5.0)) is not None  # the hand has gone


def test_corners_are_ordered_from_top_left_clockwise():
    pts = np.float32([[90, 80], [10, 12], [12, 88], [95, 10]])
    assert order_corners(pts).tolist() == [[10, 12], [95, 10], [90, 80], [12, 88]]


@pytest.mark.parametrize("layout, ratio", [("a4", 297 / 210), ("id_card", 85.6 / 54),
                                           ("booklet", 125 / 88)])
def test_the_page_is_straightened_to_its_proportions(layout, ratio):
    doc = {"a4": "application", "id_card": "id_card", "booklet": "booklet"}[layout]
    page = scan_page(DeskScene(doc, PLACEMENTS[1]).render(4000, 3000), layout=layout)
    h, w = page.image.shape[:2]
    assert h / w == pytest.approx(ratio, rel=0.01)
    assert page.image.ndim == 2  # a text page: grey


def test_text_enhancement_whitens_paper_and_keeps_ink_colour_mode_keeps_colour():
    still = DeskScene("certificate", PLACEMENTS[0]).render(2592, 1944)
    text = scan_page(still, layout="a4").image
    # paper white, ink dark, nothing of the desk
    assert np.median(text) >= 245 and np.percentile(text, 1) < 90
    colour = scan_page(still, layout="a4", colour=True).image
    assert colour.ndim == 3
    b, g, r = (colour[..., i].astype(int) for i in range(3))
    assert ((r - g > 80) & (r - b > 80)).sum() > 200  # the red seal is still red


def test_pdf_pages_and_size_limit():
    still = DeskScene("application", PLACEMENTS[0]).render(2592, 1944)
    page = scan_page(still, layout="a4")
    enc = encode_page(page.image, dpi=page.dpi, max_bytes=150_000)
    assert len(enc.jpeg) <= 150_000 and enc.jpeg[:3] == b"\xff\xd8\xff"
    pdf = pages_pdf([enc, enc, enc])
    assert pdf.startswith(b"%PDF-")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) == 3
        box = [float(v) for v in doc.pages[0].mediabox]
        assert box[2] == pytest.approx(595.3, abs=2) and box[3] == pytest.approx(841.9, abs=2)
        # the JPEG is in the PDF as it was: img2pdf does not re-encode
        image = next(iter(doc.pages[0].get_images().values()))
        assert image.read_raw_bytes() == enc.jpeg
    with pytest.raises(PageTooLarge):
        encode_page(page.image, max_bytes=500)


def test_rotation_turns_the_pdf_page_not_the_picture():
    still = DeskScene("booklet", PLACEMENTS[3]).render(2592, 1944)
    one = StillScanner(layout="booklet")(still)
    two = StillScanner(layout="booklet")(still)
    two.rotation = 3
    with pikepdf.open(io.BytesIO(material_pdf([one, two]))) as doc:
        assert [int(p.obj.get("/Rotate", 0)) for p in doc.pages] == [0, 270]
        raws = [next(iter(p.get_images().values())).read_raw_bytes() for p in doc.pages]
    assert raws == [one.encoded.jpeg, two.encoded.jpeg]
    assert two.size_px == [one.size_px[1], one.size_px[0]]


def test_auto_capture_waits_for_a_still_sharp_page_by_frame_time():
    scene = DeskScene("application", PLACEMENTS[0])
    found = find_page(scene.render(800, 600), refine=False)
    auto = AutoCapture(CaptureRules(hold_s=0.8))
    assert not auto.feed(found, 10.0)
    assert not auto.feed(found, 10.5)
    assert auto.feed(found, 10.8) and auto.progress == 1.0
    moved = find_page(DeskScene("application", PLACEMENTS[1]).render(800, 600), refine=False)
    assert not auto.feed(moved, 10.9)  # moved: the hold starts again
    assert auto.held_for == 0.0
    assert not auto.feed(None, 11.0) and auto.progress == 0.0
    blurred = type(found)(found.corners, 5.0, found.width, found.height)
    auto.feed(blurred, 12.0)
    assert not auto.feed(blurred, 13.0)  # never sharp: never taken


# ---------------------------------------------------------------- driver and simulator
DEVICES = """
[document_camera]
driver = "uvc_document_camera"
mock = true
width = 640
height = 480
fps = 15.0
still_path = "/still.jpg"
sim_still_width = 2592
sim_still_height = 1944
sim_document = "application"
"""


@pytest.fixture
def camera(settings_env):
    from drivers.config import parse_devices
    from drivers.manager import DeviceManager

    m = DeviceManager(parse_devices(DEVICES, "devices.toml"), data_dir=settings_env / "data",
                      poll_interval=0.2, backoff_max=0.5)
    with m:
        assert m.wait_ready(WAIT)
        yield m.get("document_camera")


def test_simulator_serves_a_full_resolution_still_beside_the_stream(camera):
    port = int(camera.device.port.rsplit(":", 1)[1].split("/")[0])
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as s:
        s.sendall(b"GET /still.jpg HTTP/1.0\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: ")
    assert int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0]) == len(body)
    still = cv2.imdecode(np.frombuffer(body, np.uint8), cv2.IMREAD_COLOR)
    assert still.shape == (1944, 2592, 3)


def test_preview_outline_and_still_scan_through_the_contract(camera):
    assert camera.kind == "document_camera" and camera.is_mock
    client = camera.client()
    got = client.analyse(lambda f: find_page(f, refine=False)).result(WAIT)
    assert (got.width, got.height) == (640, 480) and got.result is not None
    truth = DeskScene("application", PLACEMENTS[0]).corners(640, 480)
    assert corner_error(got.result.corners, truth) < 0.01
    scanned = client.analyse_still(StillScanner(layout="a4", max_page_bytes=300_000)) \
        .result(WAIT)
    assert (scanned.width, scanned.height) == (2592, 1944)
    page = scanned.result
    truth = DeskScene("application", PLACEMENTS[0]).corners(2592, 1944)
    assert corner_error(page.page.corners, truth) < 0.01
    assert len(page.encoded.jpeg) <= 300_000
    camera.mock.perform("remove_page")
    # the empty desk reaches the kiosk: no page (waited for, never timed)
    deadline_frames = 0
    while client.analyse(lambda f: find_page(f, refine=False)).result(WAIT).result is not None:
        deadline_frames += 1
        assert deadline_frames < 200
    with pytest.raises(ValueError):
        camera.mock.perform("place_page", document="passport")


def test_kiosk_scan_file_json(tmp_path):
    src = tmp_path / "desk.jpg"
    scene = DeskScene("application", PLACEMENTS[2])
    cv2.imwrite(str(src), scene.render(4000, 3000))
    out = tmp_path / "out.pdf"
    proc = subprocess.run([sys.executable, "-m", "kiosk", "scan", "file", str(src), str(out),
                           "--layout", "a4", "--json"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["pages"] == 1 and doc["bytes"] == out.stat().st_size
    w, h = doc["page_size_px"][0]
    assert h / w == pytest.approx(297 / 210, rel=0.01)
    assert corner_error(np.float32(doc["corners"][0]), scene.corners(4000, 3000)) < 0.01
    empty = tmp_path / "empty.jpg"
    cv2.imwrite(str(empty), DeskScene(None).render(800, 600))
    proc = subprocess.run([sys.executable, "-m", "kiosk", "scan", "file", str(empty),
                           str(out)], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1
    assert "no page found" in proc.stderr


def test_kiosk_scan_two_pages_from_the_mock_camera(settings_env, tmp_path):
    (settings_env / "devices.toml").write_text(DEVICES)
    out = tmp_path / "two.pdf"
    proc = subprocess.run([sys.executable, "-m", "kiosk", "scan", "--devices",
                           str(settings_env / "devices.toml"), "--mock", str(out), "--pages",
                           "2", "--layout", "a4", "--json"], capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["pages"] == 2 and len(doc["corners"]) == 2
    assert all(len(c) == 4 for c in doc["corners"])
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2
