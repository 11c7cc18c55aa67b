"""The 24-hour appliance at night: the screen dark outside the lit hours and woken by a touch
(the waking touch presses nothing); the nightly maintenance window; the [appliance] settings."""
from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from drivers.core.errors import ConfigError
from kiosk.appliance.blanking import Backlight, NightScreen
from kiosk.appliance.maintenance import Maintenance, clean_files, last_results
from kiosk.config import load_settings
from kiosk.demo import demo_flow
from kiosk.ui.app import make_app
from kiosk.ui.i18n import Translations
from kiosk.ui.window import KioskWindow


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.mono = 1000.0

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds


@pytest.fixture
def backlight(tmp_path):
    d = tmp_path / "sys" / "class" / "backlight" / "panel0"
    d.mkdir(parents=True)
    (d / "brightness").write_text("180\n")
    (d / "max_brightness").write_text("255\n")
    return d


@pytest.fixture
def night(qtbot, backlight):
    flow, _, _ = demo_flow()
    w = KioskWindow(flow, Translations(make_app()))
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    clock = Clock(datetime(2026, 3, 2, 23, 30))  # after the lit hours
    n = NightScreen(w, flow, "06:00-23:00", 120, backlight=Backlight.find(
        "auto", backlight.parent), clock=clock, monotonic=clock.monotonic)
    n.start(interval_s=3600)  # the test calls check() itself
    yield n, w, flow, clock
    n.stop()
    w.shutdown()
    while QApplication.overrideCursor() is not None:
        QApplication.restoreOverrideCursor()


def test_dark_at_night_after_the_idle_time_and_woken_by_a_touch(night, backlight, qtbot):
    n, w, flow, clock = night
    n.check()
    assert not n.dark  # the last touch was just now
    clock.advance(121)
    n.check()
    assert n.dark and n._cover.isVisible()
    assert (backlight / "brightness").read_text() == "0"
    # the touch that wakes the screen does not press the tile under it
    tile = w.screens["home"].findChild(type(w.topbar.elder), "btn_elder") or w.topbar.elder
    elder_before = flow.state.elder
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not n.dark and not n._cover.isVisible()
    assert flow.state.elder == elder_before
    assert (backlight / "brightness").read_text() == "180"
    # the next touch is an ordinary one again
    qtbot.mouseClick(w.topbar.elder, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.waitUntil(lambda: flow.state.elder != elder_before)


def test_lit_hours_and_a_citizen_in_a_journey_keep_it_lit(night):
    n, _, flow, clock = night
    clock.now = datetime(2026, 3, 3, 14, 0)
    clock.advance(3600)
    n.check()
    assert not n.dark  # day: the zone is lit
    clock.now = datetime(2026, 3, 3, 2, 0)
    flow.open("reissue")  # someone is typing a number at 2 a.m.
    n.check()
    assert not n.dark
    flow.go_home()
    n.check()
    assert n.dark


def test_a_key_wakes_it_too(night, qtbot):
    n, w, _, clock = night
    clock.advance(200)
    n.check()
    assert n.dark
    qtbot.keyClick(w, Qt.Key.Key_5, Qt.KeyboardModifier.KeypadModifier)
    assert not n.dark


def test_backlight_setting(tmp_path, backlight):
    assert Backlight.find("", backlight.parent) is None
    assert Backlight.find("auto", tmp_path / "none") is None
    assert Backlight.find("auto", backlight.parent).path == backlight
    ro = Backlight(tmp_path / "gone")
    assert ro.off() is False  # not writable: only the black screen, no error


# ---------------------------------------------------------------- settings
def test_appliance_settings_one_line_errors(tmp_path, settings_env):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('[appliance]\nmaintenance = "04:00-03:30"\n')
    with pytest.raises(ConfigError) as err:
        load_settings(cfg)
    assert str(err.value).count("\n") == 0
    assert "[appliance] maintenance" in str(err.value) and "cross midnight" in str(err.value)
    cfg.write_text('[appliance]\nblank_after_s = "soon"\n')
    with pytest.raises(ConfigError, match=r"\[appliance\] blank_after_s: expected an integer"):
        load_settings(cfg)
    cfg.write_text('[appliance]\nworker_stale_s = 0\n')
    with pytest.raises(ConfigError, match="worker_stale_s: must be a positive number"):
        load_settings(cfg)
    cfg.write_text('[appliance]\nscreen_on = "06:00-23:00"\nmaintenance = "03:30-04:00"\n')
    s = load_settings(cfg)
    assert s.appliance.screen_on == "06:00-23:00" and s.appliance.maintenance == "03:30-04:00"
    assert load_settings().appliance.maintenance == ""  # off unless configured


def test_the_packages_settings_file_is_valid(settings_env):
    packaged = Path(__file__).resolve().parents[1] / "packaging" / "deb" / "kiosk.toml"
    s = load_settings(packaged, environ={"KIOSK__KIOSK__DATA_DIR": str(settings_env / "d")})
    assert s.production and s.appliance.maintenance and s.appliance.screen_on


# ---------------------------------------------------------------- maintenance
def test_maintenance_window_once_a_night(settings_env):
    clock = Clock(datetime(2026, 3, 3, 3, 0))
    s = load_settings(environ={"KIOSK__KIOSK__DATA_DIR": str(settings_env / "data"),
                               "KIOSK__APPLIANCE__MAINTENANCE": "03:30-04:00"})
    m = Maintenance(s, clock=clock)
    assert not m.due()
    clock.now = datetime(2026, 3, 3, 3, 31)
    assert m.due()
    results = m.run()
    assert results["night"] == "2026-03-03" and last_results(s.data_dir) == results
    m.running = False
    assert not m.due()  # done tonight
    clock.now = datetime(2026, 3, 4, 3, 45)
    assert m.due()  # the next night


def test_maintenance_self_tests_vacuums_cleans_and_checks_the_clock(facade, central, tmp_path,
                                                                   settings_env):
    from kiosk.context import device_manager

    s = central.settings(tmp_path)
    s.appliance.keep_logs_days = 7
    devices = tmp_path / "devices.toml"
    devices.write_text('[idcard]\ndriver = "sam_idcard"\nmock = true\n\n'
                       '[printer]\ndriver = "escpos"\nmock = true\n')
    s.kiosk.devices = str(devices)
    logs = s.data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    old = logs / "kiosk.log.3"
    old.write_text("old lines\n")
    week_ago = datetime.now().timestamp() - 8 * 86400
    os.utime(old, (week_ago, week_ago))
    (logs / "kiosk.log").write_text("the live log\n")
    os.utime(logs / "kiosk.log", (week_ago, week_ago))
    facade.queue.take_ticket("fund")

    class Args:
        mock = True
        devices = None

    manager = device_manager(Args(), s)
    manager.start()
    try:
        assert manager.wait_ready(30)
        results = Maintenance(s, manager=manager, central=facade).run()
    finally:
        manager.stop()
    assert [(d["name"], d["ok"]) for d in results["devices"]] == [("idcard", True),
                                                                    ("printer", True)]
    assert results["outbox"]["ok"] and results["outbox"]["bytes_after"] > 0
    assert not old.exists() and (logs / "kiosk.log").exists()  # the live log stays
    assert results["files"]["removed"] >= 1
    clock = results["clock"]
    assert abs(clock["skew_s"]) <= 2 and clock["ok"]  # the same machine's clock
    assert json.loads((s.data_dir / "appliance" / "maintenance.json").read_text())["ok"] is True


def test_clean_files_leaves_young_and_foreign_files(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    (tmp / "kiosk-print-1.bin").write_bytes(b"x" * 10)
    (tmp / "someone-else.bin").write_bytes(b"y")
    old = datetime.now().timestamp() - 30 * 86400
    for p in tmp.iterdir():
        os.utime(p, (old, old))
    (tmp / "kiosk-young.bin").write_bytes(b"z")
    out = clean_files(tmp_path / "data", 14, temp_dir=tmp)
    assert out == {"ok": True, "removed": 1, "bytes": 10}
    assert sorted(p.name for p in tmp.iterdir()) == ["kiosk-young.bin", "someone-else.bin"]


def test_the_running_kiosk_restarts_after_the_nights_maintenance(qtbot, settings_env):
    """Appliance (what `kiosk run` attaches): the window open, no citizen → the night's work
    off the Qt thread, the stop planned as maintenance, the app told to quit (systemd starts
    it again); the next start's heartbeat says why, with the results."""
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    from kiosk.appliance.restart import RestartRecord
    from kiosk.appliance.runtime import Appliance
    from kiosk.ui.bridge import Dispatcher

    s = load_settings(environ={"KIOSK__KIOSK__DATA_DIR": str(settings_env / "data"),
                               "KIOSK__APPLIANCE__MAINTENANCE": "00:00-23:59"})
    flow, _, _ = demo_flow()
    w = KioskWindow(flow, Translations(make_app()))
    qtbot.addWidget(w)
    pool = ThreadPoolExecutor(max_workers=1)
    kiosk = SimpleNamespace(window=w, flow=flow, manager=SimpleNamespace(handles={}),
                            central=None, pool=pool, dispatcher=Dispatcher())
    quits = []
    appliance = Appliance(kiosk, s, quit=lambda: quits.append(1))
    try:
        assert appliance.record.last["reason"] == "first start"
        appliance.first_frame()
        appliance._maintenance_check()  # what its timer does every 30 s
        qtbot.waitUntil(lambda: quits == [1], timeout=30000)
        appliance.stopped(0)
    finally:
        pool.shutdown()
        w.shutdown()
    nxt = RestartRecord(s.data_dir)
    assert nxt.started()["reason"] == "maintenance"
    again = Maintenance(s)
    results = again.heartbeat_extra()["maintenance"]
    assert results["devices"] == [] and results["files"]["ok"]
    assert results["outbox"] == {"ok": False, "error": "no outbox"}  # none in this test
    assert not again.due()  # tonight's is done: the restarted kiosk does not loop
