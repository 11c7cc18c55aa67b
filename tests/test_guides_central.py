"""Service guides over the wire: the reference server publishes them apart from the catalogue
(``GET /v1/guides`` with its own ETag, one item by code); the kiosk keeps a copy on disk and
searches it offline; ``kiosk guide search|show|print``."""
from __future__ import annotations

import json

import pytest
import requests

from kiosk import protocol as P
from kiosk.central import auth
from kiosk.cli import main
from kiosk.services import ServiceUnavailable
from kiosk.sync.client import CentralClient, token_path
from kiosk.sync.guides import Guides
from kiosk.sync.online import OnlineState
from tests.synchelp import SECRET


def _get(central, path, **headers):
    h = {"Authorization": f"Bearer {central.token('KSK-T-01')}", **headers}
    return requests.get(central.url + path, headers=h, timeout=10)


def test_the_server_publishes_the_guides_with_their_own_etag(central):
    r = _get(central, P.GUIDES)
    assert r.status_code == 200 and r.headers["ETag"].startswith('"')
    doc = r.json()
    assert doc["schema"] == P.GUIDES_SCHEMA and len(doc["themes"]) == 15
    assert len(doc["items"]) >= 650
    again = _get(central, P.GUIDES, **{"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    # the catalogue stays the small document the ticket journey refreshes
    cat = _get(central, P.CATALOGUE)
    assert cat.status_code == 200 and len(cat.content) < len(r.content) // 10
    assert "guides" not in cat.json()


def test_one_item_by_its_code(central):
    r = _get(central, P.path(P.GUIDE, code="ssc-card-reissue"))
    assert r.status_code == 200 and r.json()["name"] == "社保卡挂失补办（即时制卡）"
    r = _get(central, P.path(P.GUIDE, code="no-such-item"))
    assert r.status_code == 404 and r.json()["error"]["code"] == P.Err.UNKNOWN_ITEM


def _guides(central, tmp_path, **kw) -> Guides:
    settings = central.settings(tmp_path)
    return Guides(settings, CentralClient.from_settings(settings), OnlineState(), **kw)


def test_the_kiosk_keeps_a_copy_and_searches_it_when_the_server_is_gone(central, tmp_path):
    g = _guides(central, tmp_path, refresh_s=0)
    index = g.index()
    assert g.source == "server" and g.cache.exists()
    assert index.search("bdczy", 1)[0].code == "transfer-registration-of-a-new-home"
    assert g.index() is index  # a 304: the same index, not built again
    central.stop()
    offline = _guides(central, tmp_path)  # a restarted kiosk, server away
    assert offline.index().search("sbk", 1)[0].code == "ssc-card-reissue"
    assert offline.source == "cache"


def test_no_server_and_no_copy_is_one_error_with_words(central, tmp_path):
    central.stop()
    with pytest.raises(ServiceUnavailable) as err:
        _guides(central, tmp_path).index()
    assert "办事指南" in err.value.message_zh


# ---------------------------------------------------------------------- CLI
@pytest.fixture
def cli_env(settings_env, central, monkeypatch):
    monkeypatch.setenv("KIOSK__CENTRAL__URL", central.url)
    monkeypatch.setenv("KIOSK__CENTRAL__CONNECT_TIMEOUT_S", "1.0")
    from kiosk.config import load_settings

    auth.write_token_file(token_path(load_settings()), auth.issue_token(SECRET, "KSK-DEMO-01"))
    return central


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_search_gives_a_ranked_list(cli_env, capsys):
    code, out, _ = run_cli(capsys, "guide", "search", "bdczy", "--json")
    rows = json.loads(out)
    assert code == 0 and rows[0]["code"] == "transfer-registration-of-a-new-home"
    assert all({"code", "name", "category", "score"} <= set(r) for r in rows)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    code, out, _ = run_cli(capsys, "guide", "search", "社保卡", "补办", "--limit", "3")
    assert code == 0 and "ssc-card-reissue" in out.splitlines()[2]  # under the header
    code, out, _ = run_cli(capsys, "guide", "search", "qqqqxz", "--json")
    assert code == 1 and json.loads(out) == []


def test_cli_show_and_print(cli_env, capsys):
    code, out, _ = run_cli(capsys, "guide", "show", "marriage-registration", "--json")
    item = json.loads(out)
    assert code == 0 and item["name"] == "内地居民结婚登记" and item["materials"]
    code, out, _ = run_cli(capsys, "guide", "show", "marriage-registration")
    assert code == 0 and "[ ] 居民身份证（原件，1份）" in out
    code, _, err = run_cli(capsys, "guide", "show", "no-such-item")
    assert code == 2 and "no service item" in err
    code, out, _ = run_cli(capsys, "guide", "print", "marriage-registration", "--mock")
    assert code == 0 and "printed the checklist" in out
