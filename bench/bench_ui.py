"""UI responsiveness: the Qt thread never waits for a device or the network.

- ``ui_max_stall_ms`` / ``ui_p99_stall_ms``: a 5 ms QTimer probe on the Qt thread records how
  late each tick comes; the figure is the worst lateness while whole ticket journeys run on
  the real mock stack — ID card read (reader simulator on a pty), ticket from the queue
  service (embedded central server over HTTP), print (virtual ESC/POS printer on a pty) —
  with an outbox sync (relay drain + heartbeat) running at the same time. Goal < 50 ms.
  It includes the UI's own rendering of each tap (one screen render per tap). The first
  journey after start-up is reported apart (``ui_first_journey_max_stall_ms``): it pays
  one-time costs (first layout of each screen, the virtual printer loading its fonts).
  ``ui_idle_max_stall_ms`` is the same probe on the idle kiosk: what the machine adds.
- ``ui_cold_start_ms``: ``kiosk run --mock`` in a fresh process, from spawning the process
  to the first paint of the home screen (median). Goal < 2 s.
- ``ui_screen_switch_max_ms`` / ``_median_ms``: a flow step to the next screen fully laid out
  and painted (1920×1080, offscreen). Goal < 100 ms. ``ui_language_switch_ms`` and
  ``ui_elder_mode_switch_ms`` likewise, with every journey's screen made (the switch restyles
  the screen in sight; the others take the new style when next shown).
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

DEVICES = """
[idcard]
driver = "sam_idcard"
mock = true
sim_card = "none"

[printer]
driver = "escpos"
mock = true
"""
TUESDAY_MORNING = datetime(2025, 3, 18, 10, 0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK__")}
    env.update({
        "QT_QPA_PLATFORM": "offscreen",
        "KIOSK__KIOSK__DATA_DIR": str(tmp / "data"),
        "KIOSK__CENTRAL__URL": f"http://127.0.0.1:{_free_port()}",
        "XDG_RUNTIME_DIR": str(tmp / "run"),
    })
    (tmp / "run").mkdir(exist_ok=True)
    return env


# ----------------------------------------------------------------------------- cold start
def cold_start(repeat: int) -> dict:
    samples = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as d:
            env = _env(Path(d))
            env["KIOSK_REPORT_FIRST_FRAME"] = "1"
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--mock",
                                     "--quit-after", "3"], env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, text=True)
            try:
                for line in proc.stdout:
                    if line.startswith("first-home-frame"):
                        samples.append(time.perf_counter() - t0)
                        break
            finally:
                proc.wait(timeout=60)
    if not samples:
        return {"ui_cold_start_ms": "no first frame"}
    return {"ui_cold_start_ms": round(statistics.median(samples) * 1000, 1)}


# ----------------------------------------------------------------------------- helpers
def _wait(app, cond, timeout: float) -> bool:
    """Spin the Qt event loop (as the kiosk does) until ``cond()`` or the timeout."""
    from PySide6.QtCore import QEventLoop, QTimer

    end = time.monotonic() + timeout
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(2)
    poll.timeout.connect(lambda: (cond() or time.monotonic() > end) and loop.quit())
    poll.start()
    if not cond():
        loop.exec()
    poll.stop()
    return bool(cond())


class StallProbe:
    """A precise 5 ms timer on the Qt thread; lateness of each tick = how long the loop was
    blocked."""

    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.interval = interval_ms / 1000
        self.lateness: list[float] = []
        self._last = None
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.lateness.append(max(0.0, now - self._last - self.interval))
        self._last = now

    def start(self) -> None:
        self._last = None
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


# ----------------------------------------------------------------------------- stall
def stall(journeys: int) -> dict:
    from kiosk.config import load_settings
    from kiosk.flows.state import Screen
    from kiosk.journeys.steps.idcard import CardStep
    from kiosk.ui.app import build_kiosk

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        saved = dict(os.environ)
        os.environ.update(_env(tmp))
        devices = tmp / "devices.toml"
        devices.write_text(DEVICES)
        args = argparse.Namespace(mock=True, devices=str(devices), config=None, windowed=True,
                                  fullscreen=False)
        settings = load_settings(None)
        # the reference server as `kiosk run` starts it: a child process on the settings' URL
        from kiosk.sync.demo_server import start_demo_server

        server = start_demo_server(settings)
        kiosk = build_kiosk(args, settings, clock=lambda: TUESDAY_MORNING)
        app, flow, w = kiosk.app, kiosk.flow, kiosk.window
        try:
            w.resize(1920, 1080)
            w.show()
            if not _wait(app, lambda: flow.function("ticket").available, 30):
                return {"ui_max_stall_ms": "kiosk never became ready"}
            reader = kiosk.manager.first("idcard").mock
            central = kiosk.central
            stop = threading.Event()
            syncs = [0]

            def sync_loop() -> None:
                """Sync runs back to back, far busier than a kiosk's relay (one heartbeat a
                minute): five evaluations into the outbox, a relay drain, a heartbeat."""
                kiosk_id = "KSK-DEMO-01"
                while not stop.is_set():
                    try:
                        for _ in range(5):
                            central.evaluations.submit("kiosk", kiosk_id, 5)
                        central.relay.drain(deadline_s=5)
                        central.health.send_heartbeat()
                        syncs[0] += 1
                    except Exception:  # noqa: BLE001 - an outage is fine here, keep loading
                        pass
                    stop.wait(0.2)

            def journey() -> bool:
                flow.open("ticket")
                j = flow.journey
                j.choose_category(flow.state.categories[0].code)
                reader.perform("place_card", card="resident_senior")
                if not _wait(app, lambda: j.card.state is CardStep.READ, 15):
                    return False
                j.add_mobile()
                for digit in "13800138000":
                    j.mobile.key(digit)
                    _wait(app, lambda: False, 0.02)  # a citizen's pace between taps
                j.mobile_next()
                j.confirm()
                if not _wait(app, lambda: flow.state.screen in (
                        "ticket.done", "ticket.print_failed", Screen.ERROR), 30):
                    return False
                ok = flow.state.screen == "ticket.done"
                j.finish()
                reader.perform("remove_card")
                _wait(app, lambda: False, 0.1)
                return ok

            # baseline: the same probe on an idle kiosk (what the machine itself adds: other
            # processes on the two cores, the device workers' polling)
            idle = StallProbe()
            idle.start()
            _wait(app, lambda: False, 2.0)
            idle.stop()
            syncer = threading.Thread(target=sync_loop, daemon=True)
            syncer.start()
            # the first journey after start-up pays one-time costs (first use of each
            # screen, the virtual printer loading its fonts): reported on its own
            first = StallProbe()
            first.start()
            journey()
            first.stop()
            probe = StallProbe()
            done = 0
            probe.start()
            t0 = time.perf_counter()
            for _ in range(journeys):
                done += journey()
            elapsed = time.perf_counter() - t0
            probe.stop()
            stop.set()
            syncer.join(10)
            lateness = sorted(probe.lateness)
            return {
                "ui_max_stall_ms": round(lateness[-1] * 1000, 1) if lateness else "no ticks",
                "ui_p99_stall_ms": round(lateness[int(len(lateness) * 0.99)] * 1000, 1)
                if lateness else "no ticks",
                "ui_first_journey_max_stall_ms": round(max(first.lateness) * 1000, 1)
                if first.lateness else "no ticks",
                "ui_idle_max_stall_ms": round(max(idle.lateness) * 1000, 1)
                if idle.lateness else "no ticks",
                "ui_stall_journeys_done": done,
                "ui_stall_syncs": syncs[0],
                "ui_stall_seconds": round(elapsed, 1),
            }
        finally:
            kiosk.close()
            if server is not None:
                server.stop()
            os.environ.clear()
            os.environ.update(saved)


# ----------------------------------------------------------------------------- switching
def screen_switch(rounds: int) -> dict:
    from PySide6.QtWidgets import QApplication

    from kiosk.demo import demo_flow
    from kiosk.ui.app import make_app
    from kiosk.ui.i18n import Translations, ensure_built
    from kiosk.ui.window import KioskWindow

    app = make_app()
    ensure_built()
    flow, fx, clock = demo_flow()
    w = KioskWindow(flow, Translations(app))
    w.resize(1920, 1080)
    w.show()
    QApplication.processEvents()
    while w._pending:  # every journey's screen made, as in a kiosk that has been up a while
        w.prewarm()
    QApplication.processEvents()

    def timed(action) -> float:
        t0 = time.perf_counter()
        action()
        QApplication.processEvents()  # deferred layout
        w.repaint()  # the frame, painted now
        return (time.perf_counter() - t0) * 1000

    switches: list[float] = []
    language: list[float] = []
    elder: list[float] = []
    for _ in range(rounds):
        steps = [
            lambda: flow.open("ticket"),
            lambda: flow.journey.choose_category("police_household"),
            lambda: flow.journey.add_mobile(),
            lambda: [flow.journey.mobile.key(d) for d in "13800138000"]
            and flow.journey.mobile_next(),
            lambda: flow.journey.confirm(),
            lambda: fx.resolve_service(),
            lambda: fx.resolve("printer.print"),
            lambda: flow.journey.finish(),
            lambda: flow.open("guide"),
            flow.go_home,
        ]
        switches += [timed(s) for s in steps]
        language += [timed(flow.toggle_language), timed(flow.toggle_language)]
        elder += [timed(flow.toggle_elder), timed(flow.toggle_elder)]
    w.shutdown()
    return {
        "ui_screen_switch_max_ms": round(max(switches), 1),
        "ui_screen_switch_median_ms": round(statistics.median(switches), 1),
        "ui_language_switch_ms": round(statistics.median(language), 1),
        "ui_elder_mode_switch_ms": round(statistics.median(elder), 1),
    }


def run(quick: bool) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    figures: dict = {}
    figures.update(cold_start(1 if quick else 3))
    figures.update(screen_switch(2 if quick else 10))
    figures.update(stall(2 if quick else 6))
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(run("--quick" in sys.argv), indent=2))
