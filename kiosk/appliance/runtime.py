"""The appliance parts on a running kiosk (``kiosk run``), in one object:

    appliance = Appliance(kiosk, settings, quit=stop)   # reads how the last run ended
    window.first_home_frame.connect(appliance.first_frame)   # READY, watchdog, night, window
    ...
    appliance.stopped(exit_code)                        # the clean-exit marker

Everything here runs on the Qt thread except the maintenance work (the kiosk's I/O pool).
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.appliance.blanking import Backlight, NightScreen
from kiosk.appliance.maintenance import Maintenance
from kiosk.appliance.restart import RestartRecord
from kiosk.appliance.watchdog import Liveness, Notifier, device_beats

log = logging.getLogger(__name__)

#: how often the maintenance window is looked at (it opens for half an hour or so)
MAINTENANCE_CHECK_S = 30.0


class Appliance:
    def __init__(self, kiosk, settings, *, quit: Callable[[], None]) -> None:
        a = settings.appliance
        self.kiosk = kiosk
        self.quit = quit
        self.record = RestartRecord(settings.data_dir)
        self.record.started()
        self.notifier = Notifier()
        self.liveness = Liveness(self.notifier, device_beats(kiosk.manager),
                                 stale_s=a.worker_stale_s)
        self.maintenance = Maintenance(settings, manager=kiosk.manager, central=kiosk.central)
        self.night = (NightScreen(kiosk.window, kiosk.flow, a.screen_on, a.blank_after_s,
                                  backlight=Backlight.find(a.backlight))
                      if a.screen_on else None)
        self._timer = None
        health = getattr(kiosk.central, "health", None)
        if health is not None and hasattr(health, "add_extra"):
            health.add_extra("appliance", self.heartbeat_extra)
            health.state_changed()  # the restart's reason goes out in the next beat

    def heartbeat_extra(self) -> dict:
        return {"restart": dict(self.record.last), **self.maintenance.heartbeat_extra(),
                "watchdog": {"systemd": self.notifier.enabled,
                             "hung_workers": list(self.liveness.stale)},
                "screen_dark": bool(self.night and self.night.dark)}

    def first_frame(self) -> None:
        """The home screen is drawn: READY to systemd, then the pings and the night watch."""
        from PySide6.QtCore import QTimer

        self.notifier.ready("home screen up")
        self.liveness.start(self.kiosk.window)
        if self.night is not None:
            self.night.start()
        if self.maintenance.section.maintenance:
            self._timer = QTimer(self.kiosk.window)
            self._timer.timeout.connect(self._maintenance_check)
            self._timer.start(int(MAINTENANCE_CHECK_S * 1000))

    def _maintenance_check(self) -> None:
        if not self.maintenance.due() or self.kiosk.flow.session_active:
            return  # a citizen in a journey: look again at the next check
        log.info("maintenance window open: self-test, vacuum, clean-up, clock, restart")
        self.notifier.status("nightly maintenance")
        self.maintenance.running = True
        self.kiosk.dispatcher.deliver(self.kiosk.pool.submit(self.maintenance.run),
                                      self._maintenance_done, self._maintenance_failed)

    def _maintenance_done(self, results: dict) -> None:
        self.record.plan_stop("maintenance")
        self.quit()  # exit 0; systemd (Restart=always) starts a fresh kiosk

    def _maintenance_failed(self, exc: BaseException) -> None:
        log.error("maintenance failed: %s; restarting anyway", exc)
        self._maintenance_done({})

    def stopped(self, code: int) -> None:
        self.notifier.stopping()
        self.liveness.stop()
        if self._timer is not None:
            self._timer.stop()
        if self.night is not None:
            self.night.stop()
        health = getattr(self.kiosk.central, "health", None)
        if health is not None and hasattr(health, "add_extra"):
            health.add_extra("appliance", None)
        self.record.stopped(code, "clean exit" if code == 0 else "error exit")
