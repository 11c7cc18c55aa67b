"""The kiosk as a 24-hour appliance: what keeps it running unattended under systemd.

- :mod:`.settings`: the ``[appliance]`` settings (lit hours, maintenance window, watchdog);
- :mod:`.watchdog`: READY after the first frame, WATCHDOG pings while the Qt event loop and
  every device worker are alive (sdnotify);
- :mod:`.restart`: how the previous run ended (watchdog, crash, normal stop, maintenance),
  for the next heartbeat;
- :mod:`.blanking`: the screen dark at night outside the lit hours, woken by a touch;
- :mod:`.maintenance`: the nightly window (self-test, outbox vacuum, clean-up, clock check,
  restart);
- :mod:`.runtime`: puts them on a running kiosk (``kiosk run``).

Packaging (Debian package, the kiosk session under cage): packaging/build-deb.sh and
systemd/kiosk-session.service.
"""
