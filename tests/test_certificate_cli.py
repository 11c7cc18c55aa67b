"""``kiosk certificate list|print`` and ``kiosk a4printer status``: the printer is the mock
(a private cupsd), the server the reference one in this process."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from drivers.cups.cupsd import missing
from kiosk import protocol as P
from kiosk.central import auth
from kiosk.cli import main
from kiosk.sync.client import token_path
from tests.synchelp import SECRET

DEVICES = """
[a4printer]
driver = "cups"
mock = true
timeout = 10.0
"""
needs_cupsd = pytest.mark.skipif(bool(missing()), reason=missing() or "cupsd")


@pytest.fixture
def cli_env(settings_env, central, monkeypatch):
    monkeypatch.setenv("KIOSK__CENTRAL__URL", central.url)
    monkeypatch.setenv("KIOSK__CENTRAL__CONNECT_TIMEOUT_S", "1.0")
    monkeypatch.setenv("KIOSK__KIOSK__DISK_RESERVE_MB", "1")
    from kiosk.config import load_settings

    auth.write_token_file(token_path(load_settings()), auth.issue_token(SECRET, "KSK-DEMO-01"))
    devices = settings_env / "devices.toml"
    devices.write_text(DEVICES)
    monkeypatch.chdir(settings_env)
    return devices


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_certificate_list(capsys):
    code, out, _ = run(capsys, "certificate", "list", "--json")
    kinds = {k["kind"]: k for k in json.loads(out)["certificates"]}
    assert code == 0 and list(kinds) == list(P.DOCUMENT_KINDS)
    assert kinds["ssc_record"]["title"] == "社会保险个人参保证明"
    assert len(kinds["ssc_record"]["periods"]) == 3
    assert kinds["household_extract"]["periods"] == ["current"]
    code, out, _ = run(capsys, "certificate", "list")
    assert "tax_certificate    个人所得税纳税记录 / Personal income tax certificate" in out


@needs_cupsd
def test_a4printer_status_json_keys(cli_env, capsys):
    code, out, err = run(capsys, "a4printer", "status", "--mock", "--devices", str(cli_env),
                         "--json")
    doc = json.loads(out)
    assert code == 0, err
    assert {"online", "state", "reasons", "jobs"} <= set(doc)
    assert doc["online"] is True and doc["state"] == "idle" and doc["reasons"] == []
    assert doc["jobs"] == [] and doc["mock"] is True and "MOCK" in doc["model"]
    assert doc["supplies"] == {"paper": "ok", "toner": "ok"}


def test_a4printer_status_without_cupsd_is_not_online(settings_env, capsys, tmp_path):
    devices = tmp_path / "d.toml"
    devices.write_text('[a4printer]\ndriver = "cups"\nport = "kiosk-a4@/nonexistent/cups.sock"'
                       '\ntimeout = 1.0\n')
    code, out, _ = run(capsys, "a4printer", "status", "--devices", str(devices), "--json")
    doc = json.loads(out)
    assert code == 1 and doc["online"] is False and doc["supplies"]["paper"] == "unknown"
    assert "cannot reach cupsd" in doc["error"] or "is no_device" in doc["error"]


@needs_cupsd
def test_certificate_print_through_cupsd(cli_env, capsys, central):
    code, out, err = run(capsys, "certificate", "print", "tax_certificate", "--period", "2024",
                         "--id-number", "110101199003070011", "--name", "张三", "--mock",
                         "--devices", str(cli_env), "--json")
    doc = json.loads(out)
    assert code == 0, err
    assert doc["printed"] is True and doc["pages"] == 1 and doc["mock"] is True
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", doc["output"], "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "个人所得税纳税记录" in text and "2024" in text and doc["code"] in text
    assert Path(doc["output"]).parent == cli_env.parent
    rows = central.rows("SELECT prints, failed_prints FROM printed_documents "
                        "WHERE document_id = :d", d=doc["document_id"])
    assert rows == [(1, 0)]


def test_certificate_print_without_server_says_so(settings_env, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK__CENTRAL__URL", "http://127.0.0.1:9")
    monkeypatch.setenv("KIOSK__CENTRAL__CONNECT_TIMEOUT_S", "0.5")
    code, out, _ = run(capsys, "certificate", "print", "property_info", "--id-number",
                       "110101199003070011", "--name", "张三")
    assert code == 3 and "证明打印系统暂时连接不上" in out
