"""Issue 19, point 10: power cuts at random moments (a FUSE layer that keeps writes in memory
until fsync and drops or tears the rest) during enqueue, sync, key creation and counter
updates. The short run; the full one, and the synchronous=NORMAL control that shows the test
can fail, are bench/bench_powercut.py."""
from __future__ import annotations

import pytest

from tests import powercut
from tests.faultfs import FaultFS, available

pytestmark = pytest.mark.skipif(available() is not None, reason=str(available()))


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_power_cuts_lose_nothing_confirmed_and_issue_no_number_twice(tmp_path, central):
    with FaultFS(tmp_path / "mnt") as fs:
        figures = powercut.run(fs, central, tmp_path, trials=10, seed=19, new_kiosk_every=4)
    f = figures.as_dict()
    assert figures.trials == 10 and figures.confirmed > 20, f
    assert figures.open_failures == 0 and figures.integrity_failures == 0, figures.notes
    assert figures.missing_after_cut == 0, f
    assert figures.lost == 0 and figures.duplicated == 0, f


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_power_cut_test_can_fail_synchronous_normal_loses_confirmed_work(tmp_path, central):
    # the control: with the WAL not fsynced at each commit, a cut loses confirmed records
    with FaultFS(tmp_path / "mnt") as fs:
        figures = powercut.run(fs, central, tmp_path, trials=3, sync_mode="NORMAL", seed=5,
                               new_kiosk_every=100, cuts=("lose",))
    assert figures.confirmed > 0
    assert figures.lost + figures.missing_after_cut > 0, figures.as_dict()
