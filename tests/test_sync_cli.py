"""The technician's CLI contract for the kiosk's side: ``kiosk ticket``, ``outbox``, ``sync``,
``catalogue`` (and the reference server's ``kiosk-central tickets`` to check the result)."""
from __future__ import annotations

import json

import pytest

from kiosk.central import auth
from kiosk.central.cli import main as central_main
from kiosk.cli import main
from kiosk.sync.client import token_path
from tests.synchelp import SECRET


@pytest.fixture
def cli_env(settings_env, central, monkeypatch):
    monkeypatch.setenv("KIOSK__CENTRAL__URL", central.url)
    monkeypatch.setenv("KIOSK__CENTRAL__CONNECT_TIMEOUT_S", "1.0")
    from kiosk.config import load_settings

    auth.write_token_file(token_path(load_settings()), auth.issue_token(SECRET, "KSK-DEMO-01"))
    return central


def run_cli(capsys, *argv, cli=main) -> tuple[int, str]:
    capsys.readouterr()
    code = cli(list(argv))
    return code, capsys.readouterr().out


def test_cli_ticket_take_json_contract(cli_env, capsys):
    code, out = run_cli(capsys, "ticket", "take", "fund", "--json", "--no-print")
    data = json.loads(out)
    assert {"number", "category", "offline", "ahead", "printed"} <= set(data)
    assert data["offline"] is False and data["ahead"] == 0 and data["printed"] is False
    assert code == 0
    code, out = run_cli(capsys, "ticket", "take", "no_such", "--json", "--no-print")
    assert code == 2


def test_cli_ticket_print_failure_is_reported(cli_env, capsys, monkeypatch):
    monkeypatch.setattr("kiosk.commands.ticket.print_ticket",
                        lambda *a: (False, "printer: paper out"))
    code, out = run_cli(capsys, "ticket", "take", "tax", "--json")
    assert code != 0
    data = json.loads(out)
    assert data["printed"] is False and data["number"] == "T001"  # issued all the same


def test_cli_ticket_prints_on_the_mock_printer(cli_env, capsys):
    code, out = run_cli(capsys, "ticket", "take", "tax", "--json", "--mock")
    assert code == 0 and json.loads(out)["printed"] is True


def test_cli_reissue_of_an_unknown_number_says_so(cli_env, capsys):
    capsys.readouterr()
    assert main(["ticket", "reissue", "Z999", "--no-print"]) == 3
    assert "今天没有号码 Z999" in capsys.readouterr().err


def test_cli_offline_outbox_and_sync(cli_env, capsys):
    cli_env.stop()
    code, out = run_cli(capsys, "ticket", "take", "police_household", "--json", "--no-print")
    data = json.loads(out)
    assert code == 0 and data["offline"] is True and data["ahead"] is None
    code, out = run_cli(capsys, "outbox", "status", "--json")
    st = json.loads(out)
    assert set(st) == {"pending", "parked", "delivered", "oldest_pending_age_s", "last_success_at",
                       "leases", "storage"}
    assert st["storage"]["state"] == "ok" and st["leases"] == []
    assert st["pending"] == 1 and st["oldest_pending_age_s"] >= 0
    code, _ = run_cli(capsys, "sync", "once", "--timeout", "5")
    assert code == 1  # still pending
    cli_env.start()
    code, _ = run_cli(capsys, "sync", "once")
    assert code == 0
    code, out = run_cli(capsys, "tickets", "--db", cli_env.db_url, "--json", cli=central_main)
    [row] = json.loads(out)
    assert row["number"] == data["number"] and row["offline"] is True
    assert row["kiosk_id"] == "KSK-DEMO-01" and row["category"] == "police_household"


def test_cli_catalogue_json(cli_env, capsys):
    code, out = run_cli(capsys, "catalogue", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 11
    assert all({"code", "name", "zone", "prefix"} <= set(r) for r in rows)
    assert {r["code"]: r["prefix"] for r in rows}["tax"] == "T"
    cli_env.stop()
    code, out = run_cli(capsys, "catalogue", "--json")
    assert code == 0 and len(json.loads(out)) == 11  # from the local cache


