"""The two material sources a case journey uses, walked by taps on the real stack: the
document camera's simulator streams a desk over MJPEG/HTTP and serves full-resolution stills,
the real driver reads them, the page is found, straightened and put in a PDF; the USB port's
simulator presents a real vfat image, the real driver lists it and re-renders the chosen
files in a limited child process. (tests/sample_materials composes both steps as a case
journey does.)"""
from __future__ import annotations

import argparse
import io
from datetime import date, datetime, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from kiosk.journeys import load_journeys

WAIT_MS = 90_000

DEVICES = """
[document_camera]
driver = "uvc_document_camera"
mock = true
width = 800
height = 600
fps = 15.0
still_path = "/still.jpg"
sim_still_width = 2592
sim_still_height = 1944

[usb]
driver = "usb_stick"
mock = true
poll_interval = 0.1
"""


@pytest.fixture
def live(settings_env, central, qtbot):
    from kiosk.ui.app import build_kiosk

    devices = settings_env / "devices.toml"
    devices.write_text(DEVICES)
    args = argparse.Namespace(mock=True, devices=str(devices), config=None, windowed=True,
                              fullscreen=False)
    settings = central.settings(settings_env)
    settings.office_hours.weekdays = [1, 2, 3, 4, 5, 6, 7]
    journeys = load_journeys(("tests.sample_materials",), entry_points_too=False)
    kiosk = build_kiosk(args, settings, clock=lambda: datetime.combine(date.today(), time(10)),
                        journeys=journeys)
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    yield kiosk
    kiosk.close()


def tap(qtbot, window, name):
    found = [b for b in window.findChildren(QAbstractButton, name) if b.isVisibleTo(window)]
    assert len(found) == 1 and found[0].isEnabled(), name
    qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def up(kiosk, kind):
    return kiosk.flow.health.kind_up(kind)


def pdf_pages(data: bytes):
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [(int(p.obj.get("/Rotate", 0)), [float(v) for v in p.mediabox])
                for p in pdf.pages]


def test_scan_two_pages_by_taps(live, qtbot):
    w, flow = live.window, live.flow
    qtbot.waitUntil(lambda: up(live, "document_camera"), timeout=WAIT_MS)
    tap(qtbot, w, "tile_sample_materials")
    tap(qtbot, w, "btn_scan")
    assert flow.state.screen == "sample_materials.scan"
    step = flow.journey.docscan
    # an empty desk: the outline waits, nothing is taken
    qtbot.waitUntil(lambda: step.frame_size is not None, timeout=WAIT_MS)
    assert step.guidance in ("no_page", "starting") and not step.pages
    tap(qtbot, w, "btn_simulate_page")  # a page laid down; the hand leaves; taken by itself
    qtbot.waitUntil(lambda: flow.state.screen == "sample_materials.scan_pages",
                    timeout=WAIT_MS)
    assert len(step.pages) == 1 and step.pages[0].page.layout == "a4"
    w_px, h_px = step.pages[0].size_px
    assert h_px / w_px == pytest.approx(297 / 210, rel=0.01)
    tap(qtbot, w, "btn_rotate_1")
    assert step.pages[0].rotation == 1
    tap(qtbot, w, "btn_add_page")
    assert flow.state.screen == "sample_materials.scan"
    assert step.guidance == "next"  # the same page is not taken again by itself
    tap(qtbot, w, "btn_simulate_page")  # the next document, elsewhere on the desk
    qtbot.waitUntil(lambda: len(step.pages) == 2, timeout=WAIT_MS)
    # retake page 2 by hand: 拍照 on the live picture replaces it
    tap(qtbot, w, "btn_retake_2")
    qtbot.waitUntil(lambda: step.found is not None, timeout=WAIT_MS)
    tap(qtbot, w, "btn_capture")
    qtbot.waitUntil(lambda: flow.state.screen == "sample_materials.scan_pages",
                    timeout=WAIT_MS)
    assert len(step.pages) == 2
    tap(qtbot, w, "btn_done")
    assert flow.state.screen == "sample_materials.result"
    m = flow.journey.material
    assert (m.name, m.pages, m.source) == ("申请书", 2, "scan")
    pages = pdf_pages(m.pdf)
    assert [r for r, _ in pages] == [90, 0]
    # the A4 page is A4 in the PDF (595 × 842 pt) whatever pixels it has
    _, box = pages[0]
    assert box[2] == pytest.approx(595, abs=3) and box[3] == pytest.approx(842, abs=3)
    assert w.screens["sample_materials.result"].findChild(QLabel, "summary").text() == \
        "2 scan"


def test_usb_stick_by_taps(live, qtbot):
    w, flow = live.window, live.flow
    qtbot.waitUntil(lambda: up(live, "usb_storage"), timeout=WAIT_MS)
    tap(qtbot, w, "tile_sample_materials")
    tap(qtbot, w, "btn_usb")
    assert flow.state.screen == "sample_materials.usb"
    tap(qtbot, w, "btn_simulate_usb")
    qtbot.waitUntil(lambda: flow.state.screen == "sample_materials.usb_files",
                    timeout=WAIT_MS)
    step = flow.journey.usb
    # only the PDF and the JPEG are offered; setup.exe and autorun.inf are not
    assert [f.name for f in step.files] == ["申请书.pdf", "营业执照.jpg"]
    assert {name for name, _ in step.skipped} == {"autorun.inf", "setup.exe"}
    tap(qtbot, w, "file_2")
    tap(qtbot, w, "file_1")
    assert step.selected == ["营业执照.jpg", "申请书.pdf"]
    tap(qtbot, w, "btn_use_files")
    qtbot.waitUntil(lambda: flow.state.screen == "sample_materials.usb_take", timeout=WAIT_MS)
    assert step.material is not None and step.material.pages == 3
    usb = live.manager.get("usb")
    qtbot.waitUntil(lambda: usb.device.root is None, timeout=WAIT_MS)  # unmounted first
    tap(qtbot, w, "btn_simulate_usb_out")
    qtbot.waitUntil(lambda: flow.state.screen == "sample_materials.result", timeout=WAIT_MS)
    m = flow.journey.material
    assert (m.name, m.pages, m.source) == ("营业执照", 3, "usb")
    assert len(pdf_pages(m.pdf)) == 3
