"""`kiosk fingerprint info|capture|verify|simulate` against the simulated modules."""
from __future__ import annotations

import argparse
import io
import json
import os
import threading

import pytest

from drivers.core import fingers
from drivers.gt521f.simulator import Gt521Simulator
from kiosk.cli import main
from kiosk.commands.fingerprint import cmd_simulate
from tests.waiting import wait_for

INFO_KEYS = {"online", "model", "capacity", "templates", "security_level"}


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_info_has_the_documented_keys(settings_env, capsys):
    code, out, _ = run(capsys, "fingerprint", "info", "--mock", "--json")
    doc = json.loads(out)
    assert code == 0 and INFO_KEYS <= set(doc)
    assert doc["online"] is True and doc["mock"] is True and doc["capacity"] == 300
    assert doc["templates"] == 0 and doc["security_level"] == 3
    assert doc["template_format"] == "zfm" and doc["can_match_ministry_templates"] is False
    code, out, _ = run(capsys, "fingerprint", "info", "--mock")
    assert code == 0 and "[MOCK]" in out and "0 of 300 templates" in out


def test_capture_writes_a_template_and_verify_matches_it(settings_env, capsys):
    path = settings_env / "finger.tpl"
    code, out, _ = run(capsys, "fingerprint", "capture", "--mock", "--place", "3",
                       "--out", str(path), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["bytes"] == 512 and doc["format"] == "zfm"
    assert doc["quality"] in ("good", "fair", "poor") and doc["quality_score"] > 0
    assert path.read_bytes() == fingers.template(3, "zfm")  # a template, not an image
    assert os.stat(path).st_mode & 0o777 == 0o600
    code, out, _ = run(capsys, "fingerprint", "verify", "--mock", "--place", "3",
                       "--template", str(path), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["match"] is True and doc["score"] > 0
    code, out, _ = run(capsys, "fingerprint", "verify", "--mock", "--place", "4",
                       "--template", str(path))
    assert code == 1 and "no match" in out


def test_verify_errors_are_one_line(settings_env, capsys):
    path = settings_env / "finger.tpl"
    path.write_bytes(fingers.template(1, "zfm"))
    code, _, err = run(capsys, "fingerprint", "verify", "--mock", "--template", str(path),
                       "--wait", "0")
    assert code == 1 and "no finger" in err and "请把手指放在指纹仪上" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "fingerprint", "verify", "--mock", "--place", "1",
                       "--template", str(path), "--format", "ministry")
    assert code == 1 and "cannot match 'ministry' templates" in err
    code, _, err = run(capsys, "fingerprint", "verify", "--mock",
                       "--template", str(settings_env / "missing.tpl"))
    assert code == 2 and "cannot read the template" in err
    code, _, err = run(capsys, "fingerprint", "info", "--mock", "--model", "gt521f")
    assert code == 2 and "not --model gt521f" in err


def test_port_and_model_reach_a_gt521f_over_tcp(settings_env, capsys):
    with Gt521Simulator("fp", transport="tcp") as sim:
        code, out, _ = run(capsys, "fingerprint", "info", "--port", sim.port, "--model",
                           "gt521f", "--json")
        doc = json.loads(out)
        assert code == 0 and doc["mock"] is False and doc["capacity"] == 200
        assert doc["security_level"] == 3 and doc["template_format"] == "gt521f"
        path = settings_env / "gt.tpl"
        path.write_bytes(fingers.template(2, "gt521f"))
        sim.place_finger(2)
        code, out, _ = run(capsys, "fingerprint", "verify", "--port", sim.port, "--model",
                           "gt521f", "--template", str(path), "--json")
        doc = json.loads(out)
        assert code == 0 and doc["match"] is True and doc["score_reported"] is False
        code, _, err = run(capsys, "fingerprint", "capture", "--port", sim.port, "--model",
                           "gt521f", "--out", str(path), "--place", "2")
        assert code == 2 and "only a mock device" in err


def test_offline_module_answers_online_false(settings_env, capsys):
    with Gt521Simulator("fp", transport="tcp") as sim:
        sim.inject("silent")
        code, out, _ = run(capsys, "fingerprint", "info", "--port", sim.port, "--model",
                           "gt521f", "--timeout", "0.2", "--json")
    doc = json.loads(out)
    assert code == 1 and doc["online"] is False and doc["model"] is None


@pytest.mark.parametrize("model", ["zfm", "gt521f"])
def test_simulate_takes_commands_on_stdin(settings_env, model):
    class Lines(io.StringIO):
        """stdin that hands out its lines only once the test says so."""

        def __init__(self) -> None:
            super().__init__()
            self.go = threading.Event()
            self.lines = ["place 2 wet\n", "lift\n", "fault silent\n", "clear\n",
                          "fault nonsense\n", "quit\n"]

        def __iter__(self):
            self.go.wait(10)
            return iter(self.lines)

    stdin, stdout = Lines(), io.StringIO()
    args = argparse.Namespace(model=model, tcp=0, finger="1")
    t = threading.Thread(target=cmd_simulate, args=(args, stdin, stdout))
    t.start()
    assert wait_for(lambda: stdout.getvalue().startswith("tcp://127.0.0.1:"))
    stdin.go.set()
    t.join(10)
    assert not t.is_alive()
    lines = stdout.getvalue().splitlines()
    assert lines[1:5] == ["ok"] * 4 and lines[5].startswith("error: fingerprint: unknown fault")
