"""Start-up figures: how long `import kiosk` and the CLI take before any work is done."""
from __future__ import annotations

import statistics
import subprocess
import sys
import time


def _time_cmd(cmd: list[str], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


def run(quick: bool) -> dict:
    repeat = 3 if quick else 10
    bare = _time_cmd([sys.executable, "-c", "pass"], repeat)
    imp = _time_cmd([sys.executable, "-c", "import kiosk.cli"], repeat)
    helps = _time_cmd([sys.executable, "-m", "kiosk", "--help"], repeat)
    return {
        "python_bare_start_ms": round(bare, 1),
        "kiosk_cli_import_ms": round(imp - bare, 1),
        "kiosk_help_total_ms": round(helps, 1),
    }
