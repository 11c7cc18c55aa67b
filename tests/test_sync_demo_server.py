"""The demo's reference server as a child of ``kiosk run`` (kiosk/sync/demo_server.py): started
only when wanted, never imported by the kiosk, stopped with the kiosk — also after a kill -9."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.config import load_settings
from kiosk.sync.central import build_central
from kiosk.sync.demo_server import demo_address, start_demo_server
from tests.waiting import wait_for

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def gone(pid: int) -> bool:
    """Exited (a zombie nobody reaped yet counts as exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def test_the_demo_server_is_wanted_only_for_plain_http_on_loopback(settings_env):
    s = load_settings()
    s.central.url = "http://127.0.0.1:8780"
    assert demo_address(s) == ("127.0.0.1", 8780)
    s.central.url = "http://localhost:9000"
    assert demo_address(s) == ("127.0.0.1", 9000)
    s.central.url = "https://127.0.0.1:8780"
    assert demo_address(s) is None
    s.central.url = "http://central.example.gov.cn:8780"
    assert demo_address(s) is None
    s.central.url = "http://127.0.0.1:8780"
    s.central.embedded_server = False
    assert demo_address(s) is None
    assert start_demo_server(s) is None


def test_nothing_is_started_when_something_listens_there(settings_env):
    s = load_settings()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        s.central.url = f"http://127.0.0.1:{busy.getsockname()[1]}"
        assert start_demo_server(s) is None


@pytest.mark.timeout(90)
@pytest.mark.parametrize("hold", [False, True])
def test_the_child_provisions_the_kiosk_and_stops_with_it(settings_env, hold):
    s = load_settings()
    port = free_port()
    s.central.url = f"http://127.0.0.1:{port}"
    told = []
    server = start_demo_server(s, on_ready=lambda: told.append(True), hold=hold)
    assert server is not None
    try:
        server.go()  # (a held server starts on it; for one that was not held it does nothing)
        assert server.wait_ready(60), "the demo server never said it listens"
        assert told == [True] and listening(port)
        assert (s.data_dir / "central" / "central.db").exists()
        with build_central(s) as kiosk_side:
            assert kiosk_side.probe()
            ticket = kiosk_side.queue.take_ticket("tax")
        assert not ticket.offline and ticket.number == "T001"  # the provisioned token works
    finally:
        code = server.stop()
    assert code == 0 and not server.running() and not listening(port)


KIOSK = textwrap.dedent("""
    import signal, sys
    from kiosk.config import load_settings
    from kiosk.sync.demo_server import start_demo_server

    held = sys.argv[1] == "held"
    server = start_demo_server(load_settings(), hold=held)
    assert held or server.wait_ready(60)
    print(server.proc.pid, flush=True)
    signal.pause()  # until killed
""")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("state", ["serving", "held"])
def test_the_child_does_not_outlive_a_killed_kiosk(settings_env, state):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK__")}
    env.update({"KIOSK__KIOSK__DATA_DIR": str(settings_env / "data"),
                "KIOSK__CENTRAL__URL": f"http://127.0.0.1:{port}", "PYTHONPATH": str(REPO)})
    kiosk = subprocess.Popen([sys.executable, "-c", KIOSK, state], cwd=REPO, env=env,
                             stdout=subprocess.PIPE, text=True)
    child = None
    try:
        child = int(kiosk.stdout.readline())
        assert listening(port) == (state == "serving") and not gone(child)
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait(30)
        assert wait_for(lambda: gone(child), timeout=60), "the demo server outlived the kiosk"
        assert not listening(port)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
        if child is not None and not gone(child):
            os.kill(child, signal.SIGKILL)


RUN = textwrap.dedent("""
    import sys
    import kiosk.ui.app as app

    def ui(args, settings, on_first_frame=None):
        from kiosk.sync.central import build_central

        print("first frame, go", flush=True)
        on_first_frame()  # the held server starts now
        from tests.waiting import wait_for

        central = build_central(settings).start()
        try:
            assert wait_for(central.online, timeout=60), "the kiosk never found the server"
            ticket = central.queue.take_ticket("tax")
        finally:
            central.close()
        print("ticket", ticket.number, ticket.offline)
        print("central-imported", any(m == "kiosk.central" or m.startswith("kiosk.central.")
                                      for m in sys.modules))
        return 0

    app.run_kiosk = ui  # the UI itself is the UI tests' business
    from kiosk.cli import main
    sys.exit(main(["run"]))
""")


@pytest.mark.timeout(120)
def test_kiosk_run_starts_the_server_without_importing_it_and_stops_it(settings_env):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK__")}
    env.update({"KIOSK__KIOSK__DATA_DIR": str(settings_env / "data"),
                "KIOSK__CENTRAL__URL": f"http://127.0.0.1:{port}", "PYTHONPATH": str(REPO)})
    done = subprocess.run([sys.executable, "-c", RUN], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=110)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert "first frame, go" in lines
    assert "ticket T001 False" in lines  # online, through the provisioned token
    assert "central-imported False" in lines
    assert not listening(port)  # stopped when the kiosk exited
