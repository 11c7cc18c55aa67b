"""The soak run (issue 18): a day and a night at an unattended kiosk, accelerated.

The real app in mock mode is tapped through thousands of citizen journeys of every kind
(tickets with and without a card or an SMS number, 补号, the hall guide, locker drop-offs and
pickups, 办事指南, 便民缴费 paid from a phone, 审批进度查询, 证件照, 社保卡补换卡 with the card
issued on the spot, 社保卡查询, 公安自助 and 交通违法缴款 after the identity check, 扫码) while a
simulated clock runs from 08:30 through office hours, lunch, closing and the night to the
next morning, device faults come and go (paper out, cover open, unplug/replug, silent
devices, card jams, an empty hopper, a chip that refuses a write, a frozen camera) and the
central server goes away and comes back (:mod:`kiosk.demo.soak`, ``every_kind()``; pcscd
started for the day when none runs). ``SOAK_KINDS=base``: only the first four journeys, no
pcscd. Figures:

- ``soak_journeys``, ``soak_outcomes`` (journey:outcome → count), ``soak_hours_simulated``,
  ``soak_faults``, ``soak_central_outages``;
- must be 0: ``soak_stuck`` (a journey that did not end on the home screen by its own
  buttons), ``soak_not_recovered`` (a device not online again within 60 s of its fault
  clearing), ``soak_tickets_missing_on_server``, ``soak_tickets_duplicated``,
  ``soak_cases_missing``, ``soak_outbox_left``, and each journey's own server check
  (``soak_other_problems``: a payment counted twice, a card issued twice or half-issued);
- ``soak_rss_kb_per_1000_journeys``, ``soak_threads_…``, ``soak_fds_…``, ``soak_db_kb_…``:
  least-squares slopes after warm-up (the first fifth); ``…_end`` the last sample;
- ``soak_max_stall_ms`` and where it happened (goal < 50 ms); ``soak_stalls_over_33ms``,
  the longest ten with the screen on show (``soak_longest_stalls``) and the count per screen
  (``soak_stall_screens``). With ``SOAK_STALL_STACKS=1`` a watcher thread samples the Qt
  thread's Python stack during each stall (``soak_stall_stacks``: the longest five's).
- ``soak_home_return_median_ms`` / ``_max_ms`` / ``_cpu_median_ms``: the way back to the
  16-tile home screen after a journey (the soak's longest stalls were there), alone: flow
  ``go_home`` → laid out and painted (1920×1080, offscreen, every journey's screen made),
  over 50 returns, wall time (QElapsedTimer) and the Qt thread's CPU time (steadier on a
  busy machine). Alone: ``python -m bench.bench_soak --home-return [N]``.

Full: 2,000 journeys (about an hour on a 2-core machine); --quick: 300.
"""
from __future__ import annotations

import os
import sys
import tempfile


def home_return(rounds: int = 50) -> dict:
    """The return to the home screen after a guide, ticket or 补号 screen, ``rounds`` times."""
    import statistics
    import time

    from PySide6.QtCore import QElapsedTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.demo import demo_flow
    from kiosk.ui.app import make_app
    from kiosk.ui.i18n import Translations, ensure_built
    from kiosk.ui.window import KioskWindow

    app = make_app()
    ensure_built()
    flow, _, clock = demo_flow()
    w = KioskWindow(flow, Translations(app))
    w.resize(1920, 1080)
    w.show()
    QApplication.processEvents()
    while w._pending:  # every journey's screen made, as in a kiosk that has been up a while
        w.prewarm()
    QApplication.processEvents()
    wall, cpu = [], []
    timer = QElapsedTimer()
    try:
        for i in range(rounds + 3):  # the first three: each screen's first showing
            name = ("guide", "ticket", "reissue")[i % 3]
            flow.open(name)
            QApplication.processEvents()
            w.repaint()
            if flow.state.screen == "home":  # then there would be no way back to time
                raise RuntimeError(f"{name} did not open at {clock():%H:%M}")
            clock.advance(60)  # a minute a citizen, within the morning's office hours
            c0 = time.thread_time()
            timer.start()
            flow.go_home()
            QApplication.processEvents()  # the deferred layout
            w.repaint()  # the frame, painted now
            if i >= 3:
                wall.append(timer.nsecsElapsed() / 1e6)
                cpu.append((time.thread_time() - c0) * 1000)
    finally:
        w.shutdown()
    return {
        "soak_home_return_median_ms": round(statistics.median(wall), 1),
        "soak_home_return_max_ms": round(max(wall), 1),
        "soak_home_return_cpu_median_ms": round(statistics.median(cpu), 1),
    }


def run(quick: bool) -> dict:
    import logging

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("kiosk.demo.soak").setLevel(logging.INFO)  # the day's progress
    from kiosk.demo.soak import Soak, every_kind
    from kiosk.ui.app import make_app

    make_app()
    n = int(os.environ.get("SOAK_JOURNEYS") or (300 if quick else 2000))
    stacks = os.environ.get("SOAK_STALL_STACKS") == "1"
    with tempfile.TemporaryDirectory() as d:
        kinds = {} if os.environ.get("SOAK_KINDS") == "base" else every_kind()
        report = Soak(d, journeys=n, stall_stacks=stacks, **kinds).run()
    figures = report.figures()
    figures.update(home_return())
    if stacks:
        figures["soak_stall_stacks"] = {
            str(s): [f"{k}× {stack}" for k, stack in s.stacks]
            for s in sorted(report.stalls, key=lambda s: -s.ms)[:5]}
    figures["soak_problems"] = report.problems()[:20]
    return figures


if __name__ == "__main__":
    import json

    if "--home-return" in sys.argv:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        args = [a for a in sys.argv[1:] if a.isdigit()]
        print(json.dumps(home_return(int(args[0]) if args else 50), indent=2))
    else:
        print(json.dumps(run("--quick" in sys.argv), indent=2, ensure_ascii=False))
