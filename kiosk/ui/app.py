"""``kiosk run``: put the devices, the queue service and the flows together and show them.

Start-up order matters for the citizen: the window appears (in Chinese, on the home screen)
before anything slow finishes — devices connect on their own threads and the catalogue
loads in the pool; until then the tiles say why they are not ready yet.
"""
from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

log = logging.getLogger(__name__)

#: set to make the process print "first-home-frame <seconds since start>" (benchmark)
REPORT_ENV = "KIOSK_REPORT_FIRST_FRAME"
_PROCESS_START = time.perf_counter()


def make_app():
    """The QApplication, with a CJK font. Offscreen when there is no display."""
    if not os.environ.get("QT_QPA_PLATFORM") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.fonts import ensure_cjk_font

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "kiosk"])
    app.setApplicationName("gov-kiosk")
    app.setQuitOnLastWindowClosed(False)
    if not app.property("kiosk_font"):
        app.setProperty("kiosk_font", ensure_cjk_font(app) or "none")
    return app


def _central(settings):
    """The kiosk's side of the central servers (outbox, relay, domains), started."""
    from kiosk.sync.central import build_central

    central = build_central(settings)
    central.start()
    return central


def warm_up(manager, central, hall_name: str, hall_name_en: str) -> None:
    """Load the service guides' search index and render one sample ticket (no printing), in
    the background after the first frame.

    The guides' index imports pypinyin (~0.2 s, most of it reading one large compiled module
    in a single call that holds the GIL) and builds the index (~0.15 s): the first 办事指南's
    loading screen froze for 40–85 ms of it in the soak (issue 18), and its citizen waited
    for it; loaded here, the first guide opens at once and a copy is on disk for when the
    server is away. The first print imports ~100 modules (python-escpos, qrcode, PIL …) and
    fills font caches (about 0.25 s). Done during a citizen's first journey, they freeze the
    screen for tens of milliseconds; done at start-up, while the home screen waits for its
    first citizen, they cost nobody anything.
    """
    guides = getattr(central, "guides", None)
    if guides is not None:
        try:
            guides.index()
        except Exception as exc:  # noqa: BLE001 - the journey asks again and says why
            log.info("guides not loaded at start-up (%s); the first 办事指南 loads them", exc)
    if manager is None or manager.first("printer") is None:
        return
    from datetime import datetime

    from drivers.printer.commands import EscPosBuilder, Paper

    from kiosk.services import Ticket

    started = time.perf_counter()
    try:
        from kiosk.printing import job_bytes, queue_ticket_job

        sample = Ticket("A001", "fund", "住房公积金", "Housing provident fund", 1, "A01–A10",
                        datetime.now(), ahead=3, est_wait_min=24,
                        track_url="http://127.0.0.1/q/A001")
        # a builder of its own: the layout code and fonts are what needs warming, not the
        # printer (whose worker stays free)
        job_bytes(queue_ticket_job(sample, hall_name=hall_name, hall_name_en=hall_name_en),
                  EscPosBuilder(Paper(80)))
    except Exception as exc:  # noqa: BLE001 - a warm-up failing must not stop the kiosk
        log.warning("print warm-up failed (the first print may be slower): %s", exc)
        return
    log.debug("print warm-up took %.0f ms", (time.perf_counter() - started) * 1000)


@dataclass
class Kiosk:
    """Everything a running kiosk UI is made of; :meth:`close` takes it down in order."""

    app: object
    flow: object
    window: object
    manager: object
    central: object
    pool: ThreadPoolExecutor
    dispatcher: object
    monitor: object
    events: object
    effects: object
    owns_central: bool = True
    admin: object = None  # kiosk.admin.Admin: the diagnostics mode's services
    control: object = None  # kiosk.control.ControlServer: the technician commands' socket
    warmed: object = None  # the warm-up's Future, from the first frame on (warm_up)

    def close(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        self.monitor.stop()
        self.events.close()
        self.window.shutdown()
        try:
            self.window.speaker.close()
        except Exception:  # noqa: BLE001 - the voice must not keep the kiosk from closing
            log.exception("closing the voice failed")
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.manager.stop()
        # destroy the Qt side now, in order, rather than whenever the garbage collector runs
        # (possibly in the middle of another window's event handling)
        for obj in (self.window, self.monitor, self.events, self.dispatcher):
            obj.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if self.control is not None:
            self.control.close()
        if self.admin is not None:
            self.admin.stopped()  # the next start's heartbeat says this run ended cleanly
            self.admin.close()
        if self.owns_central:
            try:
                self.central.close()
            except Exception:  # noqa: BLE001
                log.exception("closing the central services failed")


def build_kiosk(args, settings, *, central=None, manager=None, fullscreen: bool | None = None,
                clock=None, journeys=None) -> Kiosk:
    """Assemble a kiosk (window not shown yet). ``central``/``manager``/``clock``/``journeys``:
    use these instead of the configured ones (tests, benchmarks)."""
    from datetime import datetime

    from kiosk.context import device_manager
    from kiosk.flows.availability import Health
    from kiosk.flows.flow import KioskFlow
    from kiosk.flows.hours import OfficeHours
    from kiosk.flows.staff import StaffAuth
    from kiosk.journeys import load_journeys
    from kiosk.ui.bridge import (
        DeviceEvents,
        Dispatcher,
        HealthMonitor,
        QtEffects,
        route_device_event,
    )
    from kiosk.ui.i18n import Translations
    from kiosk.ui.window import KioskWindow

    if fullscreen is None:
        fullscreen = bool(getattr(args, "fullscreen", False)) or (
            not getattr(args, "windowed", False) and settings.production
            and not getattr(args, "mock", False))
    if journeys is None:
        journeys = load_journeys()  # a broken plug-in: JourneyError, one line, exit 2
    app = make_app()
    translations = Translations(app)
    if manager is None:
        manager = device_manager(args, settings)  # ConfigError → exit 2 with one line
    manager.start()
    owns_central = central is None
    if central is None:
        central = _central(settings)
    pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="kiosk-io")
    dispatcher = Dispatcher()
    k = settings.kiosk
    effects = QtEffects(dispatcher, pool, manager, central)  # (its admin: after the first frame)
    monitor = HealthMonitor(None, manager, central, dispatcher, pool,
                            data_dir=settings.data_dir, disk_reserve_mb=k.disk_reserve_mb)
    flow = KioskFlow(
        effects, hours=OfficeHours.from_settings(settings.office_hours), journeys=journeys,
        hall_name=k.hall_name, hall_name_en=k.hall_name_en, mock=manager.any_mock,
        idle_timeout_s=k.idle_timeout_s, countdown_s=k.idle_countdown_s,
        result_timeout_s=k.result_timeout_s, hotline=k.hotline, kiosk_floor=k.floor,
        clock=clock or datetime.now, default_lang=k.language,
        health=Health(monitor.devices(), None, None, float(k.disk_reserve_mb)),
        staff_auth=StaffAuth(settings.staff.pin_hash, settings.staff.lockout_after,
                             float(settings.staff.lockout_s), k.id,
                             demo=not settings.production),
    )
    monitor.flow = flow
    from kiosk.appliance.memory import SessionTrim

    SessionTrim(flow, pool)  # a session's frames and photos handed back to the system
    flow.settings = settings  # journeys read their own sections ([portrait] …)
    events = DeviceEvents(manager)
    events.event.connect(lambda e: route_device_event(flow, monitor, manager, e))
    monitor.poll()  # also loads the catalogue (and reloads it every few seconds)
    for spec in journeys:  # what a crash left half-done (JourneySpec.recover), off this thread
        if spec.recover:
            pool.submit(spec.recovery(), manager, central)
    from kiosk.voice import make_voice

    voice = make_voice(settings.data_dir)
    window = KioskWindow(flow, translations, kiosk_mode=fullscreen, speaker=voice)
    from kiosk.ui.hardkeys import HardwareKeypad

    HardwareKeypad(window).install()  # the terminal's USB numeric keypad on the on-screen ones
    # after the first frame, so start-up is not slower for it
    window.first_home_frame.connect(lambda: setattr(
        kiosk, "warmed", pool.submit(warm_up, manager, central, k.hall_name, k.hall_name_en)))
    window.first_home_frame.connect(window.prewarm)
    kiosk = Kiosk(app, flow, window, manager, central, pool, dispatcher, monitor, events,
                  effects, owns_central)

    def start_admin():
        """The technician's services (diagnostics mode, the durable audit trail, device health
        in the heartbeat): a database opened and written, so after the first frame."""
        from kiosk.admin import Admin

        admin = Admin(settings, manager=manager, central=central)
        admin.started()
        admin.report_health()
        return admin

    def admin_ready(admin) -> None:
        from kiosk.control import ControlServer, control_path

        effects.admin = kiosk.admin = admin
        # `kiosk diag fault …` from a keyboard reaches the simulators in this process
        kiosk.control = ControlServer(admin, control_path(settings.data_dir))
        kiosk.control.start()

    window.first_home_frame.connect(lambda: dispatcher.deliver(
        pool.submit(start_admin), admin_ready,
        lambda exc: log.error("technician services not available: %s", exc)))
    return kiosk


def run_kiosk(args, settings, *, on_first_frame=None) -> int:
    """Show the kiosk until it is told to stop. ``on_first_frame``: called once the home
    screen is on screen (``kiosk run`` starts the demo server then, not before)."""
    from PySide6.QtCore import QTimer

    kiosk = build_kiosk(args, settings)
    app, window = kiosk.app, kiosk.window
    freeze_gc_after_prewarm(window)
    if on_first_frame is not None:
        window.first_home_frame.connect(on_first_frame)
    try:
        def first_frame() -> None:
            elapsed = time.perf_counter() - _PROCESS_START
            log.info("first home frame after %.0f ms", elapsed * 1000)
            if os.environ.get(REPORT_ENV):
                print(f"first-home-frame {elapsed:.4f}", flush=True)

        window.first_home_frame.connect(first_frame)
        from kiosk.appliance.runtime import Appliance

        # under systemd: READY after this first frame, watchdog pings, the night screen, the
        # nightly maintenance; the previous run's end for the heartbeat (kiosk.appliance)
        appliance = Appliance(kiosk, settings, quit=lambda: stop())
        window.first_home_frame.connect(appliance.first_frame)
        window.show_kiosk()

        def stop(*_):
            window.shutdown()
            app.quit()

        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, stop)
        wake = QTimer()  # lets Python run its signal handlers while Qt's loop sleeps
        wake.timeout.connect(lambda: None)
        wake.start(250)
        quit_after = getattr(args, "quit_after", None)
        if quit_after:
            QTimer.singleShot(int(quit_after * 1000), stop)
        log.info("kiosk UI up (%s, %d devices%s)",
                 "full screen" if window.kiosk_mode else "windowed",
                 len(kiosk.manager.handles), ", MOCK" if kiosk.manager.any_mock else "")
        code = int(app.exec() or 0)
        appliance.stopped(code)
        return code
    finally:
        kiosk.close()
        gc.unfreeze()  # (a test process goes on making windows: they must be collectable)


def freeze_gc_after_prewarm(window) -> None:
    """Once every screen exists, the ~300,000 objects of the app are moved out of the garbage
    collector's generations: a full collection of them costs ~105 ms on the UI thread (a
    visible stall, issue 18); what a citizen's journey makes is still collected as usual.
    (Only for the app's own run and the soak: a test process that goes on making windows must
    keep them collectable — ``gc.unfreeze()`` when the window is gone.)"""
    window.prewarmed.connect(_freeze_gc)


def _freeze_gc() -> None:
    gc.freeze()  # (no collect first: that would be the very stall this avoids)
    log.info("garbage collector: %d start-up objects frozen", gc.get_freeze_count())
