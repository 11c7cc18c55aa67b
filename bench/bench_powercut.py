"""Power cuts under the kiosk's data_dir (issue 19): trials, confirmed, lost, duplicated —
with ``synchronous=FULL`` (the product) and ``NORMAL`` (the control that shows the test can
fail: SQLite's WAL is then not fsynced at each commit, and a cut loses the last ones).

    .venv/bin/python -m bench.run powercut            # 120 cuts, and 40 for the control
    .venv/bin/python -m bench.run powercut --quick    # 20 and 10

The harness is tests/powercut.py on tests/faultfs.py (FUSE: needs /dev/fuse, fusermount3 from
the Debian package fuse3, and mfusepy); its short run is in the suite (tests/test_powercut.py).
"""
from __future__ import annotations

import tempfile
from pathlib import Path


def run(quick: bool) -> dict:
    from tests import powercut
    from tests.faultfs import FaultFS, available
    from tests.synchelp import Central

    why = available()
    if why is not None:
        return {"error": f"no FUSE here: {why}"}
    out: dict = {}
    for mode, trials in (("FULL", 20 if quick else 120), ("NORMAL", 10 if quick else 40)):
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            central = Central(tmp_path).start()
            try:
                with FaultFS(tmp_path / "mnt") as fs:
                    figures = powercut.run(fs, central, tmp_path, trials=trials,
                                           sync_mode=mode, seed=19)
            finally:
                central.close()
        key = mode.lower()
        for name, value in figures.as_dict().items():
            out[f"{key}_{name}"] = value
        if figures.notes:
            out[f"{key}_first_note"] = figures.notes[0][:200]
    return out
