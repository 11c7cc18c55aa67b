"""The soak run, short (issue 18): the real app in mock mode tapped through a day and a night
of citizen journeys with device faults and central outages in between (kiosk.demo.soak;
the long run is bench/bench_soak.py). Nothing may be lost, duplicated or stuck, and every
device must come back after its fault."""
from __future__ import annotations

import pytest

from kiosk.demo.soak import DAY_WEIGHTS, START, Soak, day_times


def test_the_simulated_day_is_busy_in_office_hours_and_quiet_at_night():
    times = day_times(1000)
    assert len(times) == 1000 and times == sorted(times) and times[0] >= START
    office = sum(1 for t in times if 9 <= t.hour < 12 or 13 <= t.hour < 17)
    night = sum(1 for t in times if t.hour < 7)
    assert office > 600 and 0 < night < 100
    assert times[-1].date() > START.date()  # into the next morning
    assert set().union(*DAY_WEIGHTS) == set(range(24))


@pytest.mark.timeout(900)
def test_a_short_day_and_night_loses_nothing_and_leaves_nothing_stuck(tmp_path, qapp):
    report = Soak(tmp_path, journeys=24, fault_every=4, outage_every=10, sample_every=4).run()
    assert report.problems() == []
    figures = report.figures()
    assert figures["soak_journeys"] == 24 and figures["soak_hours_simulated"] == 25.0
    assert report.faults and report.outages >= 1
    assert report.tickets_printed > 0  # the day did happen: tickets printed and on the server
    outcomes = {j for j, _ in report.outcomes}
    assert {"ticket", "guide"} <= outcomes
