"""A journey from outside kiosk/ (tests/sample_journey) plugs in with one registration:
its tile appears, its availability follows what it declares, the shell walks it by taps and
wipes it when idle — no edit under kiosk/."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from kiosk.demo import demo_flow, demo_health
from kiosk.flows.state import Screen
from kiosk.journeys import JourneyError, load_journeys, spec_of
from kiosk.ui.app import make_app
from kiosk.ui.i18n import Translations, ensure_built
from kiosk.ui.window import KioskWindow

SAMPLE = "tests.sample_journey"


def journeys():
    return load_journeys((SAMPLE,), entry_points_too=False)


@pytest.fixture(scope="module")
def translations(qapp):
    ensure_built()
    return Translations(make_app())


def tap(qtbot, window, name):
    found = [b for b in window.findChildren(QAbstractButton, name) if b.isVisibleTo(window)]
    assert len(found) == 1, f"{name}: {len(found)} visible"
    assert found[0].isEnabled(), f"{name} is greyed out"
    qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def test_registered_journey_is_walked_by_taps(qtbot, translations):
    flow, fx, clock = demo_flow(journeys=journeys())
    w = KioskWindow(flow, translations)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    tile = w.findChild(QAbstractButton, "tile_sample_code")
    assert tile is not None and tile.isEnabled() and "核验码查询" in tile.accessibleName()
    # tiles keep the order the journeys declare: ticket 10, reissue 20, sample 50, guide 90
    # (other built-in journeys fall in between by their own order)
    tiles = [t for t in w.screens[Screen.HOME].tiles]
    assert tiles[:2] == ["ticket", "reissue"] and tiles[-1] == "guide"
    assert tiles == sorted(tiles, key=lambda name: flow.journeys[name].tile.order)
    assert "sample_code" in tiles
    tap(qtbot, w, "tile_sample_code")
    assert flow.state.screen == "sample_code.code"
    for k in "2468":
        tap(qtbot, w, f"key_{k}")
    tap(qtbot, w, "btn_confirm")
    assert flow.state.screen == "sample_code.answer"
    assert w.screens["sample_code.answer"].findChild(QLabel, "answer").text() == "有效"
    tap(qtbot, w, "btn_rate_5")
    assert fx.kinds() == ["evaluations.submit"]
    assert fx.pending[0].args == ("sample", "2468", 5)
    tap(qtbot, w, "btn_done")
    assert flow.state.screen == Screen.HOME and flow.journey is None
    w.shutdown()


def test_its_availability_comes_from_what_it_declares():
    flow, _, _ = demo_flow(journeys=journeys(), health=demo_health(printer="paper_out"))
    status = flow.function("sample_code")
    assert not status.available and status.reason.subject == "printer"
    assert status.reason.problem == "paper_out"
    flow.open("sample_code")
    assert flow.state.screen == Screen.HOME


def test_the_shell_wipes_it_when_idle():
    flow, _, clock = demo_flow(journeys=journeys(), idle_timeout_s=60, countdown_s=10)
    flow.open("sample_code")
    j = flow.journey
    for k in "13":
        j.code.key(k)
    clock.advance(71)
    flow.tick()
    assert flow.state.screen == Screen.HOME and flow.journey is None and j.code.value == ""


def test_a_finished_sample_journey_returns_home_by_itself():
    flow, _, clock = demo_flow(journeys=journeys(), result_timeout_s=20)
    flow.open("sample_code")
    for k in "1111":
        flow.journey.code.key(k)
    flow.journey.confirm()
    assert flow.journey.valid is False
    clock.advance(20)
    flow.tick()
    assert flow.state.screen == Screen.HOME


def test_broken_or_duplicate_registrations_are_one_line_errors():
    with pytest.raises(JourneyError, match="no_such_module: cannot import"):
        spec_of("tests.no_such_module")
    with pytest.raises(JourneyError, match="no JOURNEY"):
        spec_of("tests.waiting")
    with pytest.raises(JourneyError, match="already registered"):
        load_journeys(("tests.sample_journey", "tests.sample_duplicate"),
                      entry_points_too=False)


def test_cli_lists_journeys_with_availability(settings_env):
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
           "KIOSK__KIOSK__DATA_DIR": str(settings_env / "data"),
           "XDG_RUNTIME_DIR": str(settings_env / "run")}
    result = subprocess.run([sys.executable, "-m", "kiosk", "journeys", "--json", "--mock"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert set(rows) >= {"ticket", "reissue", "guide"}
    for r in rows.values():
        assert set(r) >= {"name", "needs", "optional", "hours24", "available", "reason"}
    assert rows["ticket"]["needs"] == ["printer"] and "idcard" in rows["ticket"]["optional"]
    assert rows["guide"]["hours24"] is True and rows["guide"]["available"] is True
