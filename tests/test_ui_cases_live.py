"""在线申报 end to end in mock mode, by taps: the real device stack (DeviceManager with the ID
card reader's, the printer's, the document camera's and the USB port's simulators), the real
material steps, and the kiosk's outbox delivering the case and its materials (chunked
uploads) to the reference server, which accepts it."""
from __future__ import annotations

import argparse
from datetime import date, datetime, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.journeys import load_journeys

WAIT_MS = 120_000

DEVICES = """
[idcard]
driver = "sam_idcard"
mock = true

[printer]
driver = "escpos"
mock = true

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
    journeys = [s for s in load_journeys(entry_points_too=False)
                if s.name in ("cases", "case_progress")]
    kiosk = build_kiosk(args, settings, clock=lambda: datetime.combine(date.today(), time(10)),
                        journeys=journeys)
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    yield kiosk
    kiosk.close()


def tap(qtbot, window, name):
    def ready():
        found = [b for b in window.findChildren(QAbstractButton, name)
                 if b.isVisibleTo(window) and b.isEnabled()]
        return len(found) == 1

    qtbot.waitUntil(ready, timeout=WAIT_MS)
    button = next(b for b in window.findChildren(QAbstractButton, name) if b.isVisibleTo(window))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def at(qtbot, flow, screen):
    qtbot.waitUntil(lambda: flow.state.screen == screen, timeout=WAIT_MS)


def test_apply_with_a_usb_file_and_a_scan_reaches_the_server(live, central, qtbot):
    w, flow = live.window, live.flow
    for kind in ("idcard", "document_camera", "usb_storage", "printer"):
        qtbot.waitUntil(lambda k=kind: flow.health.kind_up(k), timeout=WAIT_MS)
    tap(qtbot, w, "tile_cases")
    tap(qtbot, w, "btn_simulate_card")
    tap(qtbot, w, "btn_next")
    if flow.state.screen == "cases.category":
        tap(qtbot, w, "cat_fund")
    tap(qtbot, w, "item_fund-withdraw-retire")
    at(qtbot, flow, "cases.material")
    j = flow.journey
    assert j.current.name == "离退休证明" and j.offered_sources() == ["scan", "usb"]
    # the first material from the USB stick: the PDF on it, re-rendered by the kiosk
    tap(qtbot, w, "source_usb")
    at(qtbot, flow, "cases.usb")
    tap(qtbot, w, "btn_simulate_usb")
    at(qtbot, flow, "cases.usb_files")
    tap(qtbot, w, "file_1")
    tap(qtbot, w, "btn_use_files")
    at(qtbot, flow, "cases.usb_take")
    tap(qtbot, w, "btn_simulate_usb_out")
    at(qtbot, flow, "cases.material")
    assert j.current.how == "provided" and j.current.source == "usb"
    tap(qtbot, w, "btn_next")
    # the second at the document camera: a page laid down, taken by itself
    assert j.current.name == "本人银行卡"
    tap(qtbot, w, "source_scan")
    at(qtbot, flow, "cases.scan")
    tap(qtbot, w, "btn_simulate_page")
    at(qtbot, flow, "cases.scan_pages")
    tap(qtbot, w, "btn_done")
    at(qtbot, flow, "cases.material")
    assert j.current.how == "provided" and j.current.source == "scan"
    tap(qtbot, w, "btn_next")
    for k in "13800138000":
        tap(qtbot, w, f"key_{k}")
    tap(qtbot, w, "btn_next")
    tap(qtbot, w, "delivery_pickup")
    tap(qtbot, w, "btn_submit")
    at(qtbot, flow, "cases.done")
    case_id = j.receipt["case_id"]
    assert j.printing.problem is None  # the receipt came out of the simulated printer
    # the relay delivers the case, both materials (chunked) and the commit
    qtbot.waitUntil(lambda: central.count(
        "case_events", f"WHERE case_id = '{case_id}' AND status = 'accepted'") == 1,
        timeout=WAIT_MS)
    rows = central.rows("SELECT name, content_type, size FROM attachments WHERE case_id = :c "
                        "ORDER BY seq", c=case_id)
    assert [(r[0], r[1]) for r in rows] == [("离退休证明", "application/pdf"),
                                           ("本人银行卡", "application/pdf")]
    assert all(r[2] > 1000 for r in rows)
    tap(qtbot, w, "btn_done")
