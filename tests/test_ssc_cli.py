"""``kiosk ssc reissue|recover|simulate`` and ``kiosk journeys`` for the social-security card
journey: the whole issue path without the UI, on the mock stack (the real pcscd) and the
reference server."""
from __future__ import annotations

import io
import json
from argparse import Namespace

import pytest
import sqlalchemy as sa

from kiosk.central import auth
from kiosk.central.ssc.store import cards
from kiosk.cli import main
from kiosk.sync.client import token_path
from tests.pcscd import card_present, pcscd  # noqa: F401 - fixture
from tests.synchelp import SECRET
from tests.waiting import wait_for

READER = "Virtual PCD 00 00"
ZHANG = "110101198506150035"
DEVICES = """
[smartcard]
driver = "pcsc_ssc"
mock = true
timeout = 3.0

[card_dispenser]
driver = "crt591"
mock = true
sim_reader = "smartcard"
sim_move_delay = 0.05
"""


@pytest.fixture
def cli_env(settings_env, central, monkeypatch):
    monkeypatch.setenv("KIOSK__CENTRAL__URL", central.url)
    monkeypatch.setenv("KIOSK__CENTRAL__CONNECT_TIMEOUT_S", "1.0")
    monkeypatch.setenv("KIOSK__KIOSK__DISK_RESERVE_MB", "1")
    from kiosk.config import load_settings

    auth.write_token_file(token_path(load_settings()), auth.issue_token(SECRET, "KSK-DEMO-01"))
    devices = settings_env / "devices.toml"
    devices.write_text(DEVICES)
    return devices


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_reissue_without_the_ui(pcscd, cli_env, capsys, central):
    assert wait_for(lambda: not card_present(READER), timeout=10)
    code, out, err = run(capsys, "ssc", "reissue", "--id-number", ZHANG, "--mock",
                         "--devices", str(cli_env), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["outcome"] == "taken" and doc["card_at"] == "citizen"
    assert doc["server_state"] == "delivered" and doc["reports_delivered"]
    assert doc["card_number_masked"].startswith("B")
    assert list(doc["stages_s"]) == ["checking", "dispensing", "writing", "verifying",
                                     "ejecting", "take", "done"]
    rows = central.rows(sa.select(cards.c.status).where(cards.c.id_number == ZHANG)  # a hash
                        .order_by(cards.c.id))
    assert [r[0] for r in rows] == ["replaced", "active"]
    assert wait_for(lambda: not card_present(READER), timeout=10)
    # the same person again: the new card is active, so a damaged-card replacement (07)
    code, out, err = run(capsys, "ssc", "reissue", "--id-number", ZHANG, "--mock",
                         "--devices", str(cli_env), "--reason", "damaged", "--leave-card",
                         "--take-timeout", "0.3")
    assert code == 0, err
    assert "retained" in out and "server: retained" in out


def test_reissue_refusals_are_one_line(cli_env, capsys):
    code, out, err = run(capsys, "ssc", "reissue", "--id-number", "12345", "--mock",
                         "--devices", str(cli_env))
    assert code == 2 and err.count("\n") == 1 and "valid 18-character ID number" in err


def test_recover_with_nothing_open(pcscd, cli_env, capsys):
    code, out, err = run(capsys, "ssc", "recover", "--mock", "--devices", str(cli_env),
                         "--json")
    assert code == 0, err
    assert json.loads(out) == {"settled": [], "still_open": []}


def test_journeys_lists_the_ssc_journey_with_its_devices(pcscd, cli_env, capsys):
    assert wait_for(lambda: not card_present(READER), timeout=10)
    code, out, err = run(capsys, "journeys", "--json", "--mock", "--devices", str(cli_env),
                         "--wait", "10")
    assert code == 0, err
    rows = {r["name"]: r for r in json.loads(out)}
    ssc = rows["ssc"]
    assert ssc["needs"] == ["card_dispenser", "smartcard"]
    assert ssc["optional"] == ["idcard", "printer"] and ssc["central"] == ["ssc"]
    assert ssc["title"] == "社保卡补换卡"
    assert ssc["available"] is True or ssc["reason"].startswith("hours")


def test_simulate_takes_commands_on_stdin(pcscd):
    from drivers.ssc.simulate import run_interactive

    assert wait_for(lambda: not card_present(READER), timeout=10)
    out = io.StringIO()
    args = Namespace(card="none", vpcd_port=35963, write_delay=0.0)
    code = run_interactive(args, stdin=io.StringIO("place lisi\nshow\nfault nope\nremove\n"
                                                   "quit\n"), stdout=out)
    lines = out.getvalue().splitlines()
    assert code == 0 and lines[0] == READER
    assert lines[1] == "ok" and lines[2].startswith("SscCard(v3.00, personalised, A")
    assert lines[3].startswith("error: ssc: unknown fault 'nope'") and lines[4] == "ok"
    assert wait_for(lambda: not card_present(READER), timeout=10)


def test_read_a_third_generation_card_with_the_central_systems_authentication(pcscd, cli_env,
                                                                                capsys):
    assert wait_for(lambda: not card_present(READER), timeout=10)
    code, out, err = run(capsys, "ssc", "read", "--mock", "--devices", str(cli_env), "--card",
                         "lisi", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["holder_locked"] is True and doc["name"] == "" and doc["card_number"] == "A00000022"
    assert wait_for(lambda: not card_present(READER), timeout=10)
    code, out, err = run(capsys, "ssc", "read", "--mock", "--devices", str(cli_env), "--card",
                         "lisi", "--auth", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["holder_locked"] is False and doc["name"] == "李四"
    assert doc["id_number"] == "310101194802290023" and doc["gender"] == "女"
