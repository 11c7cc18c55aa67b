"""The systemd watchdog: READY after the first frame, WATCHDOG pings on a real NOTIFY_SOCKET
(a datagram socket this test binds, as systemd does) that stop when the Qt thread hangs and
when a device worker hangs, and resume when they recover; the restart's reason in the next
heartbeat."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from drivers.core.worker import DeviceWorker
from kiosk.appliance.restart import RestartRecord, classify, parse_last_exit
from kiosk.appliance.watchdog import Liveness, Notifier
from tests.linedevice import LineDevice, LineSimulator

#: the liveness check's period here (the unit's WatchdogSec=30 gives 15 s)
TICK_S = 0.05


class NotifySocket:
    """What systemd listens on: a Unix datagram socket; each message one datagram."""

    def __init__(self) -> None:
        # a short path: sun_path holds 108 bytes, pytest's tmp_path can be longer
        self.dir = tempfile.mkdtemp(prefix="notify-", dir="/tmp")
        self.path = os.path.join(self.dir, "s")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.sock.setblocking(False)
        self.seen: list[str] = []

    def drain(self) -> list[str]:
        """The messages that arrived since the last drain (sendto on a Unix datagram socket
        has put them in the queue by the time it returns)."""
        got = []
        while True:
            try:
                got.append(self.sock.recv(4096).decode())
            except BlockingIOError:
                break
        self.seen += got
        return got

    def close(self) -> None:
        self.sock.close()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def notify(monkeypatch):
    s = NotifySocket()
    monkeypatch.setenv("NOTIFY_SOCKET", s.path)
    monkeypatch.setenv("WATCHDOG_USEC", str(int(TICK_S * 2 * 1e6)))
    yield s
    s.close()


@pytest.fixture
def worker(settings_env):
    sim = LineSimulator("line").start()
    dev = LineDevice("line", sim.port, timeout=0.5)
    w = DeviceWorker(dev, poll_interval=0.02)
    w.start()
    assert w.wait_connected(10)
    yield w
    w.stop()
    sim.stop()


def pings(messages) -> int:
    return sum(m == "WATCHDOG=1" for m in messages)


def pings_so_far(notify: NotifySocket) -> int:
    notify.drain()
    return pings(notify.seen)


def test_notifier_interval_is_half_the_watchdog_and_silent_without_systemd(notify, monkeypatch):
    n = Notifier()
    assert n.enabled and n.ping_interval() == pytest.approx(TICK_S)
    n.ready("home screen up")
    assert notify.drain() == ["READY=1\nSTATUS=home screen up"]
    monkeypatch.delenv("NOTIFY_SOCKET")
    monkeypatch.delenv("WATCHDOG_USEC")
    quiet = Notifier()
    quiet.ping()  # nowhere to send: nothing happens, nothing raises
    assert not quiet.enabled and quiet.ping_interval() == 10.0


def test_pings_stop_while_a_device_worker_hangs(qtbot, notify, worker):
    liveness = Liveness(Notifier(), lambda: [("line", worker.beat)], stale_s=0.5,
                        interval_s=TICK_S)
    liveness.start()
    try:
        qtbot.waitUntil(lambda: pings_so_far(notify) >= 3, timeout=10000)
        release = threading.Event()
        stuck = worker.submit("hang", lambda dev: release.wait(60))  # a driver call that hangs
        qtbot.waitUntil(lambda: liveness.withheld >= 1, timeout=10000)
        notify.drain()  # pings from before the worker was seen hung
        start = liveness.checks
        qtbot.waitUntil(lambda: liveness.checks >= start + 3, timeout=10000)
        assert pings(notify.drain()) == 0  # three checks, no ping: systemd would kill us
        assert liveness.stale and liveness.stale[0].startswith("line (")
        release.set()
        assert stuck.result(10) is True
        qtbot.waitUntil(lambda: pings(notify.drain()) >= 1, timeout=10000)  # and they resume
        assert liveness.stale == []
    finally:
        liveness.stop()


def test_pings_stop_while_the_qt_thread_hangs(qtbot, notify, worker):
    liveness = Liveness(Notifier(), lambda: [("line", worker.beat)], stale_s=60,
                        interval_s=TICK_S)
    liveness.start()
    during_hang: list[str] = []

    def hang_the_ui() -> None:
        """Runs on the Qt thread and does not return until the worker thread — which keeps
        turning — has gone round for ten of the liveness check's periods."""
        notify.drain()
        start = worker.beat
        while worker.beat < start + 10 * TICK_S:
            time.sleep(0.005)  # the deliberate hang: the Qt thread does nothing else
        during_hang.extend(notify.drain())
        during_hang.append("<released>")

    try:
        qtbot.waitUntil(lambda: pings_so_far(notify) >= 3, timeout=10000)
        QTimer.singleShot(0, hang_the_ui)
        qtbot.waitUntil(lambda: "<released>" in during_hang, timeout=10000)
        assert pings(during_hang) == 0
        qtbot.waitUntil(lambda: pings(notify.drain()) >= 1, timeout=10000)  # the loop is back
    finally:
        liveness.stop()


@pytest.mark.slow
def test_kiosk_run_sends_ready_after_the_first_frame_then_pings_then_stopping(notify,
                                                                            settings_env):
    """The real app under a NOTIFY_SOCKET, as systemd runs it (mock devices, offscreen)."""
    notify.sock.setblocking(True)
    notify.sock.settimeout(120)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WATCHDOG_USEC="400000")
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--mock", "--quit-after", "6"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    messages = []
    try:
        while "STOPPING=1" not in messages:
            messages.append(notify.sock.recv(4096).decode())
    finally:
        assert proc.wait(60) == 0
    assert messages[0] == "READY=1\nSTATUS=home screen up"  # nothing before the first frame
    assert pings(messages) >= 2
    state = json.loads((settings_env / "data" / "appliance" / "run-state").read_text())
    assert state["state"] == "stopped" and state["code"] == 0


# ---------------------------------------------------------------- the restart's reason
def test_restart_reasons_from_the_records():
    watchdog = parse_last_exit("service_result=watchdog\nexit_code=killed\nexit_status=ABRT\n")
    assert classify({"state": "running"}, watchdog, None)[0] == "watchdog"
    assert classify({"state": "running"}, watchdog, "maintenance")[0] == "watchdog"
    assert classify({"state": "stopped", "code": 0}, {"service_result": "success"},
                    "maintenance") == ("maintenance", "maintenance")
    assert classify({"state": "stopped", "code": 0}, None, "package upgrade")[0] == "upgrade"
    assert classify({"state": "stopped", "code": 0, "why": "clean exit"},
                    {"service_result": "success"}, None) == ("normal stop", "clean exit")
    reason, detail = classify({"state": "running"},
                              {"service_result": "core-dump", "exit_code": "dumped",
                               "exit_status": "SEGV"}, None)
    assert (reason, detail) == ("crash", "core-dump (dumped SEGV)")
    assert classify({"state": "stopped", "code": 3, "why": "error exit"}, None, None) == \
        ("crash", "exited with status 3 (error exit)")
    # neither a clean stop nor systemd's word: killed outright or the power went
    assert classify({"state": "running", "at": "2026-01-05T03:00:00+00:00"}, None, None)[0] \
        == "crash"
    assert classify(None, None, None) == ("first start", "")


def test_record_exit_script_and_the_next_start(tmp_path):
    """packaging/deb/record-exit (the unit's ExecStopPost) writes what systemd passes it;
    the next start reads it once."""
    script = Path(__file__).resolve().parents[1] / "packaging" / "deb" / "record-exit"
    record = RestartRecord(tmp_path)
    assert record.started()["reason"] == "first start"
    env = dict(os.environ, SERVICE_RESULT="watchdog", EXIT_CODE="killed", EXIT_STATUS="ABRT")
    subprocess.run(["sh", str(script), str(tmp_path)], env=env, check=True)
    assert "service_result=watchdog" in (tmp_path / "appliance" / "last-exit").read_text()
    last = RestartRecord(tmp_path).started()
    assert last["reason"] == "watchdog" and "ABRT" in last["detail"]
    assert not (tmp_path / "appliance" / "last-exit").exists()  # told once
    again = RestartRecord(tmp_path)
    assert again.started()["reason"] == "crash"  # that run never recorded its stop
    again.stopped(0, "clean exit")
    subprocess.run(["sh", str(script), str(tmp_path)], check=True,
                   env=dict(os.environ, SERVICE_RESULT="success", EXIT_CODE="exited",
                            EXIT_STATUS="0"))
    assert RestartRecord(tmp_path).started()["reason"] == "normal stop"


def test_the_restart_reason_goes_out_in_the_next_heartbeat(facade, central, tmp_path):
    from kiosk.appliance.maintenance import Maintenance
    from kiosk.config import load_settings

    data = tmp_path / "appliance-data"
    RestartRecord(data).started()  # a run that never stopped cleanly …
    record = RestartRecord(data)
    record.started()  # … seen by the next start
    maintenance = Maintenance(load_settings(), manager=None, central=None)
    facade.health.add_extra("appliance", lambda: {"restart": record.last,
                                                  **maintenance.heartbeat_extra()})
    facade.health.send_heartbeat()
    body = json.loads(central.rows("SELECT body FROM kiosk_heartbeats")[0][0])
    assert body["restart"]["reason"] == "crash" and "no clean stop" in body["restart"]["detail"]
    facade.health.add_extra("appliance", None)
    assert "restart" not in facade.health.heartbeat_body()


def test_the_session_unit_is_valid_and_asks_for_the_watchdog():
    unit = Path(__file__).resolve().parents[1] / "systemd" / "kiosk-session.service"
    text = unit.read_text()
    for line in ("Type=notify", "NotifyAccess=all", "WatchdogSec=30", "User=kiosk",
                 "PAMName=login", "TTYPath=/dev/tty1", "Environment=QT_QPA_PLATFORM=wayland",
                 "ExecStopPost=/usr/libexec/gov-kiosk/record-exit /var/lib/kiosk",
                 "Restart=always", "Conflicts=getty@tty1.service"):
        assert line in text.splitlines(), line
    assert "ExecStart=/usr/bin/cage -d -- /opt/gov-kiosk/venv/bin/kiosk" in text
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed: the unit's syntax is not checked")
    r = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
    # cage and the package's files are not installed on a build machine: only that may show
    problems = [line for line in (r.stdout + r.stderr).splitlines()
                if line.strip() and "is not executable: No such file" not in line]
    assert problems == []
