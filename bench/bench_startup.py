"""Start-up figures: how long `import kiosk` and the CLI take before any work is done, and
how long `kiosk run --mock` takes to its first home frame when it also has to start the demo
central server (``[central] embedded_server``) — the frame must not wait for the server.

- ``kiosk_cli_import_ms``, ``kiosk_help_total_ms``: the CLI before any work.
- ``run_first_frame_ms``: ``kiosk run --mock`` from spawning the process to the first paint
  of the home screen, with the demo server to start on a free loopback port (median).
- ``run_first_frame_no_server_ms``: the same with ``embedded_server = false``; the two should
  be within noise of each other.
- ``run_server_answers_ms``: from spawning ``kiosk run`` until the demo server answers
  ``GET /v1/health`` (it comes up beside the UI, not before it).
"""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path


def _time_cmd(cmd: list[str], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/v1/health", timeout=0.5) as r:
            return r.status == 200
    except OSError:
        return False


def _first_frame(server: bool) -> tuple[float | None, float | None]:
    """One ``kiosk run --mock``: (seconds to the first home frame, seconds until the demo
    server answers or None)."""
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        (tmp / "run").mkdir()
        url = f"http://127.0.0.1:{_free_port()}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK__")}
        env.update({"QT_QPA_PLATFORM": "offscreen", "KIOSK_REPORT_FIRST_FRAME": "1",
                    "KIOSK__KIOSK__DATA_DIR": str(tmp / "data"), "KIOSK__CENTRAL__URL": url,
                    "KIOSK__CENTRAL__EMBEDDED_SERVER": "true" if server else "false",
                    "XDG_RUNTIME_DIR": str(tmp / "run")})
        up: list[float] = []
        stop = threading.Event()

        def watch_server(t0: float) -> None:
            while not stop.is_set():
                if _answers(url):
                    up.append(time.perf_counter() - t0)
                    return
                stop.wait(0.01)

        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--mock",
                                 "--quit-after", "20"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        watcher = threading.Thread(target=watch_server, args=(t0,), daemon=True)
        if server:
            watcher.start()
        frame = None
        try:
            for line in proc.stdout:
                if line.startswith("first-home-frame"):
                    frame = time.perf_counter() - t0
                    break
            if server:
                watcher.join(15)
        finally:
            stop.set()
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        return frame, (up[0] if up else None)


def _median_ms(samples: list) -> float | str:
    got = [s for s in samples if s is not None]
    return round(statistics.median(got) * 1000, 1) if got else "none"


def run(quick: bool) -> dict:
    repeat = 3 if quick else 10
    bare = _time_cmd([sys.executable, "-c", "pass"], repeat)
    imp = _time_cmd([sys.executable, "-c", "import kiosk.cli"], repeat)
    helps = _time_cmd([sys.executable, "-m", "kiosk", "--help"], repeat)
    runs = 2 if quick else 5
    with_server, without, server_up = [], [], []
    for _ in range(runs):  # alternated: the machine is shared
        frame, up = _first_frame(server=True)
        with_server.append(frame)
        server_up.append(up)
        without.append(_first_frame(server=False)[0])
    return {
        "python_bare_start_ms": round(bare, 1),
        "kiosk_cli_import_ms": round(imp - bare, 1),
        "kiosk_help_total_ms": round(helps, 1),
        "run_first_frame_ms": _median_ms(with_server),
        "run_first_frame_no_server_ms": _median_ms(without),
        "run_server_answers_ms": _median_ms(server_up),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run("--quick" in sys.argv), indent=2))
