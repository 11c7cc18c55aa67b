"""``kiosk case submit|progress`` and ``kiosk-central case advance|show``: the contract."""
from __future__ import annotations

import json

import pytest

from kiosk.central import auth
from kiosk.central.cli import main as central_main
from kiosk.sync.client import token_path
from tests.synchelp import SECRET
from tests.test_sync_cli import run_cli


@pytest.fixture
def cli_env(settings_env, central, monkeypatch):
    monkeypatch.setenv("KIOSK__CENTRAL__URL", central.url)
    monkeypatch.setenv("KIOSK__CENTRAL__CONNECT_TIMEOUT_S", "1.0")
    from kiosk.config import load_settings

    auth.write_token_file(token_path(load_settings()), auth.issue_token(SECRET, "KSK-DEMO-01"))
    return central

PDF = b"%PDF-1.4\n% fictitious scan\n" + bytes(range(256)) * 2000


def test_submit_delivers_then_the_back_office_moves_the_case(cli_env, capsys, tmp_path):
    doc = tmp_path / "retired.pdf"
    doc.write_bytes(PDF)
    code, out = run_cli(capsys, "case", "submit", "fund-withdraw-retire", "--attach",
                        f"离退休证明={doc}", "--name", "韩梅梅", "--id-number",
                        "110101195001011234", "--missing", "本人银行卡", "--json")
    data = json.loads(out)
    assert code == 0 and data["delivered"] is True and data["status"] == "accepted"
    assert data["attachments"] == [{"name": "离退休证明", "bytes": len(PDF),
                                    "sha256": data["attachments"][0]["sha256"]}]
    case_id = data["case_id"]
    db = ["--db", cli_env.db_url]
    code, out = run_cli(capsys, "case", "advance", case_id, "ready_for_collection", *db,
                        "--json", cli=central_main)
    assert code == 0 and json.loads(out)["collect"]["where"].startswith("1楼")
    code, out = run_cli(capsys, "case", "progress", case_id, "--json")
    case = json.loads(out)
    assert code == 0 and case["status"] == "ready_for_collection" and case["missing"] == []
    assert [e["status"] for e in case["events"]] == ["received", "accepted",
                                                    "ready_for_collection"]
    code, out = run_cli(capsys, "case", "progress", case_id)
    assert code == 0 and out.startswith(f"case {case_id}: ready_for_collection")


def test_bad_input_is_one_line_and_exit_2(cli_env, capsys, tmp_path):
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ")
    capsys.readouterr()
    from kiosk.cli import main

    code = main(["case", "submit", "fund-withdraw-retire", "--attach", str(exe)])
    assert code == 2 and "only PDF, JPEG or PNG" in capsys.readouterr().err
    code, _ = run_cli(capsys, "case", "advance", "000000000000", "approved", "--db",
                      cli_env.db_url, cli=central_main)
    assert code == 2
    code, _ = run_cli(capsys, "case", "progress", "000000000000")
    assert code == 1
