"""The camera journeys on the real stack, by taps: the camera simulator streams MJPEG over
HTTP, the real driver reads it with OpenCV, the checks run on the camera's worker, the photo
goes through the outbox to the reference server, the receipt and the ticket come out of the
virtual printer, and the QR codes are checked against the server.

Done-when of issue 12: the journey runs by taps in mock mode to a correct 358 × 441 photo,
tested on the output image (size, white background share, face box within the bounds);
guidance follows what the camera sees; QR check-in and certificate verification work end to
end against the reference server.
"""
from __future__ import annotations

import argparse
import hashlib
from datetime import date, datetime, time

import numpy as np
import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from drivers.core.frames import load_cv2
from kiosk.flows.state import Screen
from kiosk.portrait.faces import FaceFinder

WAIT_MS = 60_000

DEVICES = """
[printer]
driver = "escpos"
mock = true

[camera]
driver = "uvc_camera"
mock = true
width = 640
height = 480
fps = 25.0
sim_scene = "portrait_centred"
"""


@pytest.fixture
def live(settings_env, central, qtbot):
    from kiosk.ui.app import build_kiosk

    devices = settings_env / "devices.toml"
    devices.write_text(DEVICES)
    args = argparse.Namespace(mock=True, devices=str(devices), config=None, windowed=True,
                              fullscreen=False)
    settings = central.settings(settings_env)
    # the server's demo appointments are for its today: the kiosk's day is the same, inside
    # office hours whatever the weekday
    settings.office_hours.weekdays = [1, 2, 3, 4, 5, 6, 7]
    kiosk = build_kiosk(args, settings, clock=lambda: datetime.combine(date.today(), time(10)))
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


def shows_code(camera, ending: str) -> bool:
    """The camera's newest frame (as the kiosk got it) holds a QR code ending so: a scene
    change has made it through the stream."""
    from kiosk.qr.reader import QrReader

    got = camera.device.frames.get()
    code = QrReader()(got[1]) if got is not None else None
    return code is not None and code.text.endswith(ending)


def text_of(window, screen: str, name: str) -> str:
    return window.screens[screen].findChild(QLabel, name).text()


def test_portrait_by_taps_to_a_correct_photo_delivered_to_the_case_server(live, qtbot,
                                                                          central):
    cv2 = load_cv2()
    flow, w = live.flow, live.window
    camera = live.manager.first("camera")
    printer = live.manager.first("printer")
    qtbot.waitUntil(lambda: flow.function("portrait").available, timeout=WAIT_MS)
    camera.mock.perform("show_scene", scene="portrait_far")
    tap(qtbot, w, "tile_portrait")
    tap(qtbot, w, "btn_start_camera")
    assert flow.state.screen == "portrait.live"
    # the live picture is the camera's own frame slot, painted by the Qt thread's timer
    view = w.screens["portrait.live"].view
    qtbot.waitUntil(lambda: view.shown_seq > 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: text_of(w, "portrait.live", "guidance") == "请靠近一点",
                    timeout=WAIT_MS)
    for scene, words in (("portrait_two", "画面中只能有一个人，请其他人稍微让开"),
                         ("portrait_off_right", "请向左一点"),
                         ("portrait_dark", "光线太暗：请正对屏幕，不要遮挡补光灯")):
        camera.mock.perform("show_scene", scene=scene)
        qtbot.waitUntil(lambda words=words: text_of(w, "portrait.live", "guidance") == words,
                        timeout=WAIT_MS)
    assert flow.state.screen == "portrait.live"  # nothing taken while a check fails
    camera.mock.perform("show_scene", scene="portrait_centred")
    qtbot.waitUntil(lambda: flow.state.screen == "portrait.review", timeout=WAIT_MS)

    # the photo, checked on the output image itself
    photo = flow.journey.camera.photo
    image = cv2.imdecode(np.frombuffer(photo.jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert image.shape == (441, 358, 3)
    white = (image >= 245).all(axis=2)
    assert white[:55, :60].mean() > 0.97 and white[:55, -60:].mean() > 0.97
    assert 0.15 < white.mean() < 0.6  # a white background around a person
    faces = FaceFinder().faces(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), fine=True)
    assert len(faces) == 1
    face = faces[0]
    assert 193 <= face.w <= 221 and abs(face.cx - 179) <= 12
    assert face.y > 21 and face.y + face.h < 441  # the whole face inside, under the crown
    assert len(photo.jpeg) <= 40 * 1024

    pages = len(printer.simulator.pages)
    tap(qtbot, w, "btn_use_photo")
    qtbot.waitUntil(lambda: flow.state.screen in ("portrait.done", "portrait.print_failed",
                                                  Screen.ERROR), timeout=WAIT_MS)
    assert flow.state.screen == "portrait.done", flow.state.error
    code = flow.journey.code
    assert text_of(w, "portrait.done", "photo_code").replace(" ", "") == code
    assert len(printer.simulator.pages) == pages + 1  # the receipt

    # the photo reaches the case server through the outbox, byte for byte …
    qtbot.waitUntil(lambda: central.count("attachments", "WHERE kind = 'portrait'") == 1,
                    timeout=WAIT_MS)
    [(case_id, item, sha, size)] = central.rows(
        "SELECT a.case_id, c.item_code, a.sha256, a.size FROM attachments a "
        "JOIN cases c ON c.case_id = a.case_id")
    assert item == "police-id-photo" and size == len(photo.jpeg)
    assert sha == hashlib.sha256(photo.jpeg).hexdigest()
    assert flow.journey.case_id == case_id
    # … and is gone from the kiosk once delivered (only a minimal receipt stays)
    outbox = live.central.outbox
    qtbot.waitUntil(lambda: not outbox.owes(case_id), timeout=WAIT_MS)
    with outbox.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT kind, payload, status FROM outbox WHERE ref = :r"),
                            {"r": case_id}).all()
    assert sorted(r.kind for r in rows) == ["attachment", "case"]
    assert all(r.payload is None and r.status == "delivered" for r in rows)
    tap(qtbot, w, "btn_done")
    assert flow.state.screen == Screen.HOME
    assert w.screens["portrait.review"].picture.pixmap().isNull()  # no face left on screen


def test_scan_checks_in_an_appointment_and_verifies_a_certificate(live, qtbot, central):
    flow, w = live.flow, live.window
    camera = live.manager.first("camera")
    printer = live.manager.first("printer")
    qtbot.waitUntil(lambda: flow.function("scan").available, timeout=WAIT_MS)
    tap(qtbot, w, "tile_scan")
    assert flow.state.screen == "scan.scan"
    camera.mock.perform("show_scene", scene="portrait_qr_appointment")
    qtbot.waitUntil(lambda: flow.state.screen == "scan.appointment", timeout=WAIT_MS)
    code = f"YY{date.today():%Y%m%d}001"
    assert flow.journey.appointment["code"] == code
    pages = len(printer.simulator.pages)
    tap(qtbot, w, "btn_check_in")
    qtbot.waitUntil(lambda: flow.state.screen in ("scan.done", "scan.print_failed",
                                                  Screen.ERROR), timeout=WAIT_MS)
    assert flow.state.screen == "scan.done", flow.state.error
    ticket = flow.journey.ticket
    assert ticket.priority == "appointment" and len(printer.simulator.pages) == pages + 1
    [row] = central.rows("SELECT status, ticket_number FROM appointments WHERE code = :c",
                         c=code)
    assert tuple(row) == ("checked_in", ticket.number)
    tap(qtbot, w, "btn_done")

    # an e-certificate, then a forged one (each shown before the scan starts)
    camera.mock.perform("show_scene", scene="portrait_qr_certificate")
    qtbot.waitUntil(lambda: shows_code(camera, "-000123"), timeout=WAIT_MS)
    tap(qtbot, w, "tile_scan")
    qtbot.waitUntil(lambda: flow.state.screen == "scan.certificate", timeout=WAIT_MS)
    assert flow.journey.certificate.valid
    assert "真实有效" in text_of(w, "scan.certificate", "verdict")
    camera.mock.perform("show_scene", scene="portrait_qr_forged")
    qtbot.waitUntil(lambda: shows_code(camera, "-999999"), timeout=WAIT_MS)
    tap(qtbot, w, "btn_scan_again")
    qtbot.waitUntil(lambda: flow.state.screen == "scan.certificate"
                    and not flow.journey.certificate.genuine, timeout=WAIT_MS)
    assert "查无此证照" in text_of(w, "scan.certificate", "verdict")


@pytest.mark.parametrize("fault", ["frozen", "no_frames"])
def test_a_camera_fault_mid_photo_stops_the_journey_in_words(live, qtbot, fault):
    """A hung camera pipeline (the very same picture) or a dead stream must never become a
    citizen's photo: the journey stops with the camera named, and comes back by itself."""
    flow, w = live.flow, live.window
    camera = live.manager.first("camera")
    qtbot.waitUntil(lambda: flow.function("portrait").available, timeout=WAIT_MS)
    camera.mock.perform("show_scene", scene="portrait_far")  # no photo is taken meanwhile
    tap(qtbot, w, "tile_portrait")
    tap(qtbot, w, "btn_start_camera")
    camera.mock.inject(fault)
    qtbot.waitUntil(lambda: flow.state.screen == Screen.ERROR, timeout=WAIT_MS)
    assert flow.state.error.code == "device_lost" and flow.state.error.subject == "camera"
    assert flow.journey is None  # the session's pictures are gone with it
    camera.mock.clear(fault)
    tap(qtbot, w, "btn_home")
    qtbot.waitUntil(lambda: flow.function("portrait").available, timeout=WAIT_MS)
