"""``kiosk pay``: an order's state now, the list of the kiosk's orders, and the receipt staff
print for an order a restart interrupted (the kiosk does not print it unattended)."""
from __future__ import annotations

import json

import pytest

from kiosk.central import auth
from kiosk.cli import main
from kiosk.sync.client import token_path
from tests.synchelp import SECRET

FINE = "3201022611000123"


@pytest.fixture
def cli_env(settings_env, central, monkeypatch):
    monkeypatch.setenv("KIOSK__CENTRAL__URL", central.url)
    monkeypatch.setenv("KIOSK__CENTRAL__CONNECT_TIMEOUT_S", "1.0")
    from kiosk.config import load_settings

    settings = load_settings()
    auth.write_token_file(token_path(settings), auth.issue_token(SECRET, settings.kiosk.id))
    return settings


def run_cli(capsys, *argv) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_pay_shows_the_order_and_prints_an_owed_receipt(cli_env, central, capsys):
    from kiosk.sync.central import build_central

    with build_central(cli_env) as k:  # a run that died with the QR code on screen
        order = k.payments.create(notice=FINE, journey="payments")
    code, out = run_cli(capsys, "pay", order.order_id, "--json")
    assert code == 1  # not paid
    assert json.loads(out)["state"] == "created"

    with central.app.engine.begin() as conn:
        central.store.payments.pay(conn, order.order_id, "phone-1")
    code, out = run_cli(capsys, "pay", "--json")
    listed = json.loads(out)
    assert [r["order_id"] for r in listed] == [order.order_id]
    assert listed[0]["state"] == "open"  # the kiosk has not asked yet

    code, out = run_cli(capsys, "pay", order.order_id, "--json")
    doc = json.loads(out)
    assert code == 0
    assert (doc["state"], doc["amount_fen"], doc["yuan"], doc["receipt"]) == \
        ("paid", 20000, "200.00", "owed")
    code, out = run_cli(capsys, "pay", order.order_id, "--receipt", "--mock", "--json")
    assert code == 0 and json.loads(out)["receipt"] == "printed"
    code, out = run_cli(capsys, "pay")
    assert "receipt printed" in out and order.order_id in out


def test_pay_of_an_unknown_order_says_so(cli_env, capsys):
    capsys.readouterr()
    assert main(["pay", "0" * 32]) == 3
    err = capsys.readouterr().err
    assert "HTTP 404 unknown_order" in err and "没有查到这笔缴费订单" in err
