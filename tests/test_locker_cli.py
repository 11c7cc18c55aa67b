"""`kiosk locker status|open|simulate` against the simulated cabinet."""
from __future__ import annotations

import argparse
import io
import json

import pytest

from drivers.locker.simulator import LockerSimulator, run_interactive
from kiosk.cli import main

KEYS = {"id", "size", "door", "occupied", "assigned_to"}


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def tcp_cabinet(settings_env):
    sim = LockerSimulator("locker", transport="tcp").start()
    yield sim
    sim.stop()


def test_status_lists_every_compartment_with_the_documented_keys(settings_env, capsys):
    code, out, _ = run(capsys, "locker", "status", "--mock", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["mock"] is True and doc["error"] is None
    comps = doc["compartments"]
    assert [c["id"] for c in comps] == list(range(1, 17)) and all(KEYS <= set(c) for c in comps)
    assert comps[0] == {**comps[0], "size": "S", "door": "closed", "occupied": False,
                        "assigned_to": None, "status": "free"}
    assert comps[15]["size"] == "L"


def test_open_records_first_and_status_shows_it(settings_env, capsys):
    code, out, _ = run(capsys, "locker", "open", "12", "--mock", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["opened"] and doc["id"] == 12 and doc["door"] == "open"
    code, out, _ = run(capsys, "locker", "status", "--mock", "--json")
    twelve = json.loads(out)["compartments"][11]
    # the simulated cabinet keeps its doors across runs, as a real one does
    assert twelve["door"] == "open" and twelve["flag"] == "technician_open"
    code, out, err = run(capsys, "locker", "open", "17", "--mock")
    assert code == 2 and "no such compartment (1-16)" in err and "\n" not in err.strip()


def test_status_over_port_bypasses_the_records(tcp_cabinet, capsys):
    tcp_cabinet.force_door(4)
    code, out, _ = run(capsys, "locker", "status", "--port", tcp_cabinet.port, "--json")
    doc = json.loads(out)
    assert code == 0 and doc["mock"] is False
    assert doc["compartments"][3]["door"] == "open"
    assert all(c["assigned_to"] is None and c["status"] is None for c in doc["compartments"])


def test_a_silent_cabinet_is_unknown_never_free(tcp_cabinet, capsys):
    tcp_cabinet.inject("silent")
    code, out, _ = run(capsys, "locker", "status", "--port", tcp_cabinet.port, "--json",
                       "--timeout", "0.2")
    doc = json.loads(out)
    assert code == 1 and doc["error"]
    assert {c["door"] for c in doc["compartments"]} == {"unknown"}
    assert {c["occupied"] for c in doc["compartments"]} == {None}
    code, out, _ = run(capsys, "locker", "status", "--port", tcp_cabinet.port, "--timeout", "0.2")
    assert code == 1 and "unknown" in out


def test_open_a_stuck_lock_is_a_device_error(tcp_cabinet, capsys):
    tcp_cabinet.inject("lock_stuck", compartment=2)
    code, out, err = run(capsys, "locker", "open", "2", "--port", tcp_cabinet.port)
    assert code == 3 and "still closed" in err and "柜门没有打开" in err
    assert "Traceback" not in err


def test_simulate_takes_commands_on_stdin(settings_env):
    args = argparse.Namespace(tcp=0, boards="0", sizes="", sensors="all", state=None)
    stdin = io.StringIO("force 3\nput 3\nclose 3\nshow\nfault lock_stuck compartment=5\n"
                        "take 9\nbogus\nquit\n")
    out = io.StringIO()
    assert run_interactive(args, stdin, out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("tcp://127.0.0.1:")
    assert "  3 S closed item" in lines
    assert any(line.startswith("error:") and "is closed" in line for line in lines)
    assert any("commands (one per line" in line for line in lines)
