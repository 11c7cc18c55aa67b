"""The soak run, short (issue 18): the real app in mock mode tapped through a day and a night
of citizen journeys of every kind with device faults and central outages in between
(kiosk.demo.soak; the long run is bench/bench_soak.py). Nothing may be lost, duplicated or
stuck, and every device must come back after its fault."""
from __future__ import annotations

import time
from collections import Counter

import pytest
from PySide6.QtCore import QTimer

from kiosk.demo import soak, soak_cards, soak_services
from kiosk.demo.soak import (
    DAY_WEIGHTS,
    START,
    Report,
    Soak,
    Stall,
    StallProbe,
    day_times,
    every_kind,
)
from tests.pcscd import pcscd  # noqa: F401 - the fixture


def test_the_simulated_day_is_busy_in_office_hours_and_quiet_at_night():
    times = day_times(1000)
    assert len(times) == 1000 and times == sorted(times) and times[0] >= START
    office = sum(1 for t in times if 9 <= t.hour < 12 or 13 <= t.hour < 17)
    night = sum(1 for t in times if t.hour < 7)
    assert office > 600 and 0 < night < 100
    assert times[-1].date() > START.date()  # into the next morning
    assert set().union(*DAY_WEIGHTS) == set(range(24))


@pytest.mark.timeout(1200)
@pytest.mark.usefixtures("pcscd")
def test_a_short_day_and_night_of_every_kind_loses_nothing_and_leaves_nothing_stuck(
        tmp_path, qapp):
    kinds = every_kind(daemons=False)  # (pcscd: the tests' own, held by the fixture)
    # each journey as often as the others: a short day meets each kind of journey and device
    mix = {name: (fn, 1) for name, (fn, _) in kinds.pop("journeys_mix").items()}
    report = Soak(tmp_path, journeys=24, fault_every=3, outage_every=16, sample_every=6,
                  journeys_mix=mix, **kinds).run()
    assert report.problems() == [], report.figures()
    figures = report.figures()
    assert figures["soak_journeys"] == 24 and figures["soak_hours_simulated"] == 25.0
    assert report.faults and report.outages >= 1
    served = Counter()
    for (journey, outcome), n in report.outcomes.items():
        if not outcome.startswith("unavailable"):
            served[journey] += n
    # the day did happen: most citizens served (the rest told why not: night, a fault)
    assert sum(served.values()) > 24 // 2, report.outcomes
    for module in (soak, soak_services, soak_cards):
        assert set(served) & set(module.JOURNEYS), (module.__name__, report.outcomes)


def test_the_report_lists_each_long_stall_with_the_screen_on_show():
    report = Report(stalls=[Stall(40.0, "ticket.done", "journey 2 ticket at 09:58", gc_ms=35.0,
                                  cpu_ms=3.0),
                            Stall(61.0, "home", "journey 3 ticket at 10:00", cpu_ms=20.5)],
                    full_gcs=[35.0])
    figures = report.figures()
    assert figures["soak_stalls_over_33ms"] == 2
    assert figures["soak_longest_stalls"] == [
        "61.0 ms (Qt thread CPU 20.5 ms) on home (journey 3 ticket at 10:00)",
        ("40.0 ms (Qt thread CPU 3.0 ms) on ticket.done (journey 2 ticket at 09:58, "
         "35 ms of it a full GC)")]
    assert figures["soak_stall_screens"] == {"ticket.done": 1, "home": 1}
    assert figures["soak_full_gcs"] == 1 and figures["soak_full_gc_max_ms"] == 35.0


def test_a_stall_names_the_screen_and_where_the_qt_thread_was(qapp, qtbot):
    probe = StallProbe(screen=lambda: "home", stacks=True)
    probe.context = "a deliberate hang"

    def hang_the_qt_thread():
        time.sleep(0.2)  # what is measured, not a wait: the Qt thread blocked, as by a layout

    def hung() -> list:  # (a busy machine may add stalls of its own: this one is ours)
        return [s for s in probe.stalls if any("hang_the_qt_thread" in t for _, t in s.stacks)]

    probe.start()
    try:
        qtbot.waitUntil(lambda: probe.ticks > 0, timeout=30_000)  # ticking: a gap is seen
        QTimer.singleShot(0, hang_the_qt_thread)
        qtbot.waitUntil(lambda: bool(hung()), timeout=30_000)
    finally:
        probe.stop()
    stall = hung()[0]
    assert stall.screen == "home" and stall.context == "a deliberate hang"
    assert stall.ms > 33 and probe.worst * 1000 >= stall.ms
