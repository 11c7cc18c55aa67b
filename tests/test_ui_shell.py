"""The kiosk shell: nothing a citizen can use to leave it; the MOCK banner; clean start-up."""
from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel

from kiosk.demo import demo_flow
from kiosk.ui.app import make_app
from kiosk.ui.i18n import Translations
from kiosk.ui.window import KioskGuard, KioskWindow


@pytest.fixture
def window(qtbot):
    def make(kiosk_mode: bool, **kw):
        flow, fx, clock = demo_flow(**kw)
        w = KioskWindow(flow, Translations(make_app()), kiosk_mode=kiosk_mode)
        qtbot.addWidget(w)
        made.append(w)
        return w, flow

    made = []
    yield make
    for w in made:
        w.shutdown()
    while QApplication.overrideCursor() is not None:
        QApplication.restoreOverrideCursor()


def test_kiosk_mode_cannot_be_closed_by_the_citizen(window):
    w, flow = window(True)
    w.show_kiosk()
    assert w.isFullScreen() or w.windowState() & Qt.WindowState.WindowFullScreen
    assert w.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert QApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    w.close()  # what Alt+F4 asks the window to do
    assert w.isVisible()
    w.shutdown()  # the service manager's stop
    assert not w.isVisible()


def test_development_mode_is_an_ordinary_window(window):
    w, flow = window(False)
    w.show_kiosk()
    assert not (w.windowFlags() & Qt.WindowType.FramelessWindowHint)
    assert not w.isFullScreen()
    assert QApplication.overrideCursor() is None
    w.close()
    assert not w.isVisible()


def test_escape_keys_and_context_menus_go_nowhere():
    flow, fx, clock = demo_flow()
    guard = KioskGuard(flow, kiosk_mode=True)
    target = object()
    for key, mods in [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                      (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
                      (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
                      (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier)]:
        assert guard.eventFilter(target, QKeyEvent(QEvent.Type.KeyPress, key, mods))
    menu = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
    assert guard.eventFilter(target, menu)
    assert KioskGuard(flow, kiosk_mode=False).eventFilter(target, menu)  # never any menu
    dev = KioskGuard(flow, kiosk_mode=False)
    assert not dev.eventFilter(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape,
                                                 Qt.KeyboardModifier.NoModifier))


def test_mock_banner_shows_only_with_mock_devices(window):
    w, flow = window(False, mock=True)
    w.show()
    assert w.banner.isVisible()
    assert "MOCK DEVICES" in w.banner.text() and "模拟设备" in w.banner.text()
    w2, flow2 = window(False, mock=False)
    w2.show()
    assert not w2.banner.isVisible()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_kiosk_run_starts_and_shows_the_home_screen(settings_env):
    """The real entry point, on simulated devices, in a separate process."""
    env = {"QT_QPA_PLATFORM": "offscreen", "KIOSK_REPORT_FIRST_FRAME": "1",
           "KIOSK__CENTRAL__URL": f"http://127.0.0.1:{free_port()}",
           "KIOSK__KIOSK__DATA_DIR": str(settings_env / "data"),
           "XDG_RUNTIME_DIR": str(settings_env / "run"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--mock", "--quit-after", "2"],
        capture_output=True, text=True, timeout=90, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "first-home-frame" in result.stdout
    assert "Traceback" not in result.stderr


def test_screenshots_command_writes_pngs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "ui", "screenshots", str(tmp_path), "--only", "home",
         "--variants", "zh,en-elder"],
        capture_output=True, text=True, timeout=120, env={"QT_QPA_PLATFORM": "offscreen",
                                                          "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    pngs = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.png"))
    assert "zh/01_home.png" in pngs and "en-elder/02_home_after_hours.png" in pngs
    assert all((tmp_path / p).stat().st_size > 10_000 for p in pngs)


def test_elder_mode_reaches_screens_made_before_the_switch(window):
    """The style sheet goes to the screen on show, not to the whole window at the switch:
    a screen made before elder mode was turned on still comes up in elder sizes, and back."""
    from kiosk.ui.theme import theme_for

    w, flow = window(False)
    w.resize(1920, 1080)
    w.show()
    while w._pending:  # every journey's screens made, as a running kiosk has them
        w.prewarm()
    flow.open("ticket")
    step = w.stack.currentWidget()
    title = next(lb for lb in step.findChildren(QLabel) if lb.property("role") == "title")
    normal = title.fontInfo().pixelSize()
    flow.go_home()
    flow.toggle_elder()
    assert w.stack.currentWidget() is w.screens["home"]
    flow.open("ticket")
    assert w.stack.currentWidget() is step
    assert title.fontInfo().pixelSize() == theme_for(True).title_px >= 1.5 * normal * 0.99
    flow.go_home()
    flow.toggle_elder()
    flow.open("ticket")
    assert title.fontInfo().pixelSize() == normal == theme_for(False).title_px


def test_the_home_search_box_opens_the_service_guides_search(window):
    """A citizen who knows what they want types it: the home screen's search box opens the
    journey that offers it (JourneySpec.home_search) straight at its search."""
    from PySide6.QtWidgets import QAbstractButton

    w, flow = window(False)
    w.resize(1920, 1080)
    w.show()
    search = w.findChild(QAbstractButton, "btn_home_search")
    assert search.isVisibleTo(w) and search.text() == "搜索办事事项…"
    search.click()
    assert flow.journey is not None and flow.journey.spec.home_search
    assert flow.journey.opened_by == "search"
    flow.effects.resolve_service()  # the guides arrive
    assert flow.state.screen == "services.search"
    flow.go_home()
    flow.open("services")  # from its tile: the menu, as before
    flow.effects.resolve_service()
    assert flow.state.screen == "services.menu"


def test_prewarmed_is_said_once_when_every_screen_is_made(window):
    """`kiosk run` freezes the garbage collector's view of the app there (a full collection of
    the start-up objects would be a 100 ms stall on the UI thread)."""
    w, flow = window(False)
    said = []
    w.prewarmed.connect(lambda: said.append(len(w._pending)))
    while w._pending:
        w.prewarm()
    w.prewarm()
    w.prewarm()
    assert said == [0]


def test_the_gc_freeze_is_only_for_the_apps_own_run(window):
    import gc

    from kiosk.ui.app import freeze_gc_after_prewarm

    w, flow = window(False)
    freeze_gc_after_prewarm(w)
    try:
        while w._pending:
            w.prewarm()
        w.prewarm()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
