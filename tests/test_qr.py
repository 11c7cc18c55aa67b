"""QR codes from camera frames (zxing-cpp, OpenCV as the fallback) and what they mean to the
kiosk (appointment, e-certificate, neither)."""
from __future__ import annotations

import pytest

from drivers.camera import portrait_scenes as ps
from drivers.camera.scenes import resolve_scene
from kiosk.qr.codes import APPOINTMENT, CERTIFICATE, OTHER, Scanned, classify
from kiosk.qr.reader import QrReader


@pytest.mark.parametrize("backend", ["zxing", "opencv"])
@pytest.mark.parametrize("scene, text", [
    ("portrait_qr_certificate", "https://zwfw.example.gov.cn/c/DZZZ-2024-110101-000123"),
    ("portrait_qr_forged", "https://zwfw.example.gov.cn/c/DZZZ-2024-110101-999999"),
])
def test_codes_held_up_are_read(backend, scene, text):
    code = QrReader(backend)(resolve_scene(scene)(1, 0.0, 640, 480))
    assert code is not None and code.text == text and code.format == "QRCode"
    assert len(code.corners) == 4


def test_the_appointment_scene_says_todays_code():
    from datetime import date

    code = QrReader()(resolve_scene("portrait_qr_appointment")(1, 0.0, 1280, 720))
    assert code.text == f"https://zwfw.example.gov.cn/a/YY{date.today():%Y%m%d}001"


def test_no_code_no_answer():
    assert QrReader()(resolve_scene("portrait_centred")(1, 0.0, 640, 480)) is None


def test_a_code_on_a_plain_card():
    card = ps.qr_card("HELLO KIOSK", 240)
    assert QrReader()(card).text == "HELLO KIOSK"


def test_unknown_backend_is_refused_in_one_line():
    with pytest.raises(ValueError, match="QR backend must be one of auto, zxing, opencv"):
        QrReader("zbar")


@pytest.mark.parametrize("text, expected", [
    ("https://zwfw.example.gov.cn/a/YY20250318001",
     Scanned(APPOINTMENT, "YY20250318001", "https://zwfw.example.gov.cn/a/YY20250318001")),
    ("http://127.0.0.1:8780/a/YY20250318001/",
     Scanned(APPOINTMENT, "YY20250318001", "http://127.0.0.1:8780/a/YY20250318001/")),
    ("https://gov.example/c/DZZZ-2024-110101-000123",
     Scanned(CERTIFICATE, "DZZZ-2024-110101-000123",
             "https://gov.example/c/DZZZ-2024-110101-000123")),
    ("https://gov.example/a/", Scanned(OTHER, "", "https://gov.example/a/")),
    ("https://gov.example/a/YY 001", Scanned(OTHER, "", "https://gov.example/a/YY 001")),
    ("https://gov.example/x/YY20250318001",
     Scanned(OTHER, "", "https://gov.example/x/YY20250318001")),
    ("YY20250318001", Scanned(OTHER, "", "YY20250318001")),  # a bare code says no kind
    ("wxp://f2f0abcdef", Scanned(OTHER, "", "wxp://f2f0abcdef")),  # a payment code
    ("https://gov.example/a/" + "Y" * 41, Scanned(OTHER, "", "https://gov.example/a/" + "Y" * 41)),
])
def test_what_a_code_is(text, expected):
    assert classify(text) == expected
