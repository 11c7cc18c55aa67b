"""FrameView: the newest frame on screen, never a backlog, no timer while hidden."""
from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtGui import QColor

from drivers.core.frames import LatestFrame
from kiosk.ui.frameview import FrameView

WAIT_MS = 10_000


def coded(seq: int, width: int = 64, height: int = 48) -> np.ndarray:
    """A flat frame whose colour spells ``seq`` (B = low byte, G = high byte); tests put
    frame n as the slot's n-th, so the colour is its sequence number."""
    img = np.zeros((height, width, 3), np.uint8)
    img[..., 0] = seq % 256
    img[..., 1] = seq // 256 % 256
    img[..., 2] = 77
    return img


def seq_on_screen(view: FrameView) -> int:
    pixel = view.grab().toImage().pixelColor(view.width() // 2, view.height() // 2)
    assert pixel.red() == 77, "the centre shows no frame"
    return pixel.blue() + 256 * pixel.green()


@pytest.fixture
def view(qtbot):
    v = FrameView(LatestFrame(), fps=60)
    qtbot.addWidget(v)
    v.resize(320, 240)
    return v


def test_shows_the_newest_frame(qtbot, view):
    view.show()
    view.frames.put(coded(1))
    view.frames.put(coded(2))
    qtbot.waitUntil(lambda: view.shown_seq == 2, timeout=WAIT_MS)
    assert seq_on_screen(view) == 2
    assert view.conversions == 1  # frame 1 was replaced before the view looked: never converted


def test_picture_fits_the_widget_keeping_its_aspect(qtbot, view):
    view.show()
    view.frames.put(coded(1, 64, 48))
    qtbot.waitUntil(lambda: view.shown_seq == 1, timeout=WAIT_MS)
    assert (view.image().width(), view.image().height()) == (320, 240)
    view.resize(640, 240)  # wider than 4:3: letterboxed left and right
    qtbot.waitUntil(lambda: view.image().height() == 240, timeout=WAIT_MS)
    assert view.image().width() == 320
    edge = view.grab().toImage().pixelColor(10, 120)
    assert edge == QColor("#000000")


def test_mirror_flips_left_and_right(qtbot):
    v = FrameView(LatestFrame(), mirror=True)
    qtbot.addWidget(v)
    v.resize(200, 100)
    v.show()
    frame = np.zeros((50, 100, 3), np.uint8)
    frame[:, :50] = (255, 0, 0)  # left half blue (BGR)
    frame[:, 50:] = (0, 255, 0)  # right half green
    v.frames.put(frame)
    qtbot.waitUntil(lambda: v.shown_seq == 1, timeout=WAIT_MS)
    shot = v.grab().toImage()
    assert shot.pixelColor(20, 50) == QColor(0, 255, 0)
    assert shot.pixelColor(180, 50) == QColor(0, 0, 255)


def test_keeps_up_with_a_100_fps_producer_without_a_backlog(qtbot, view):
    view.show()
    stop = threading.Event()
    produced = [0]

    def producer() -> None:
        while not stop.is_set():
            produced[0] = view.frames.put(coded(produced[0] + 1))
            stop.wait(0.01)  # pacing at ~100 fps, not synchronisation

    thread = threading.Thread(target=producer, daemon=True)
    thread.start()
    try:
        last = 0
        for _ in range(5):
            qtbot.waitUntil(lambda: view.shown_seq > last, timeout=WAIT_MS)
            render = seq_on_screen(view)
            assert render > last and render == view.shown_seq
            last = render
    finally:
        stop.set()
        thread.join(10)
    # the producer has stopped: one look shows its very last frame, not the next in a queue
    view.tick()
    assert view.shown_seq == view.frames.seq == produced[0]
    assert seq_on_screen(view) == produced[0]
    converted = view.conversions
    assert view.tick() is False and view.conversions == converted  # nothing left to do
    # frames the view never looked at were replaced, not queued
    assert view.frames.dropped > 0 and converted < view.frames.received


def test_timer_runs_only_while_shown(qtbot, view):
    assert not view.running
    view.show()
    qtbot.waitExposed(view)
    assert view.running
    view.hide()
    assert not view.running
    view.frames.put(coded(1))
    assert view.shown_seq == 0  # a hidden view looks at nothing
    view.show()
    qtbot.waitUntil(lambda: view.shown_seq == 1, timeout=WAIT_MS)


def test_a_hidden_page_stops_the_timer_of_its_view(qtbot):
    from PySide6.QtWidgets import QStackedWidget, QWidget

    stack = QStackedWidget()
    qtbot.addWidget(stack)
    view = FrameView(LatestFrame())
    stack.addWidget(view)
    stack.addWidget(QWidget())
    stack.show()
    qtbot.waitExposed(stack)
    assert view.running
    stack.setCurrentIndex(1)  # another screen: the camera page is hidden with its view
    assert not view.running
    stack.setCurrentIndex(0)
    assert view.running


def test_a_cleared_slot_blanks_the_view(qtbot, view):
    view.show()
    view.frames.put(coded(1))
    qtbot.waitUntil(lambda: view.shown_seq == 1, timeout=WAIT_MS)
    view.frames.clear()  # the camera closed
    qtbot.waitUntil(lambda: view.image() is None, timeout=WAIT_MS)
    centre = view.grab().toImage().pixelColor(160, 120)
    assert centre == QColor("#000000")


def test_grey_frames_and_odd_layouts_are_shown(qtbot, view):
    view.show()
    grey = np.full((48, 64), 200, np.uint8)
    view.frames.put(grey)
    qtbot.waitUntil(lambda: view.shown_seq == 1, timeout=WAIT_MS)
    assert view.grab().toImage().pixelColor(160, 120) == QColor(200, 200, 200)
    strided = np.ascontiguousarray(coded(2, 128, 48))[:, ::2]  # a non-contiguous view
    view.frames.put(strided)
    qtbot.waitUntil(lambda: view.shown_seq == 2, timeout=WAIT_MS)
    assert seq_on_screen(view) == 2
    view.frames.put(np.zeros((4, 4, 4), np.float32))  # not a picture: skipped, not shown
    assert view.tick() is False and view.shown_seq == 2
