"""The queue service (online, offline, reconciliation), the catalogue cache and the CLI contract."""
from __future__ import annotations

import json
import re
import socket
import time

import pytest

from kiosk.central import auth
from kiosk.central.embedded import maybe_start_embedded
from kiosk.cli import main
from kiosk.services import ServiceUnavailable
from kiosk.sync.client import token_path
from kiosk.sync.service import build_queue_service, offline_prefix
from tests.synchelp import SECRET

SERVER_NUMBER = re.compile(r"^[A-Z]\d{3,}$")


def test_online_ticket_comes_from_the_server(service, central):
    assert [c.code for c in service.categories()][:2] == ["fund", "tax"]
    t = service.take_ticket("police_exit_entry", mobile="13800138000")
    assert SERVER_NUMBER.match(t.number) and t.number.startswith("P")
    assert not t.offline and t.ahead == 0 and t.floor == 1 and t.windows == "C13–C20"
    assert t.track_url == f"{central.url}/t/{t.extra['day']}/{t.number}"
    assert service.online()
    row = central.rows("SELECT kiosk_id, offline, mobile FROM tickets")[0]
    assert tuple(row) == ("KSK-T-01", 0, "13800138000")


def test_offline_ticket_when_the_server_is_down_then_reconciled(service, central, monkeypatch):
    central.stop()
    t = service.take_ticket("fund", priority_reason="elderly_70")
    assert t.offline and t.ahead is None and t.number == "K01-A001"
    assert not SERVER_NUMBER.match(t.number)
    assert "前方人数未知" in t.extra["notice_zh"]
    assert not service.online()
    # offline now: the next citizen does not wait for the network again
    calls = []
    monkeypatch.setattr(service.client, "take_ticket", lambda *a, **k: calls.append(1))
    t2 = service.take_ticket("fund")
    assert t2.number == "K01-A002" and calls == []
    monkeypatch.undo()
    central.start()
    rep = service.relay.drain()
    assert rep.delivered == 2
    rows = central.rows("SELECT number, offline, kiosk_id, priority FROM tickets ORDER BY number")
    assert [tuple(r) for r in rows] == [("K01-A001", 1, "KSK-T-01", "elderly_70"),
                                        ("K01-A002", 1, "KSK-T-01", None)]


def test_lost_answer_online_ticket_is_cancelled_by_its_offline_replacement(service, central):
    central.faults.inject("drop_after", count=1, path="/v1/queue/tickets")
    t = service.take_ticket("tax")
    assert t.offline  # the server issued T001 but the kiosk never heard
    service.relay.drain()
    rows = dict(central.rows("SELECT number, status FROM tickets"))
    assert rows == {"T001": "cancelled", t.number: "waiting"}


def test_two_kiosks_offline_numbers_never_collide(tmp_path, central):
    assert offline_prefix("KSK-DEMO-01") == "K01"
    assert offline_prefix("hall3-kiosk-a7") == "KA7"
    central.stop()
    a = build_queue_service(central.settings(tmp_path, "KSK-T-01"))
    b = build_queue_service(central.settings(tmp_path, "KSK-T-02"))
    try:
        na = {a.take_ticket("tax").number for _ in range(3)}
        nb = {b.take_ticket("tax").number for _ in range(3)}
        assert not na & nb
        central.start()
        assert a.relay.drain().delivered == 3 and b.relay.drain().delivered == 3
        assert central.count("tickets") == 6
    finally:
        a.close()
        b.close()


def test_reissue_needs_the_server(service, central):
    t = service.take_ticket("business")
    with central.app.engine.begin() as conn:
        central.store.call_next(conn, "business", "E01")
        central.store.mark_missed(conn, t.extra["day"], t.number)
    new = service.reissue(t.number)
    assert new.reissued_from == t.number and new.ahead == 0
    with pytest.raises(ServiceUnavailable) as info:
        service.reissue(t.number)  # already re-issued
    assert info.value.message_zh
    central.stop()
    with pytest.raises(ServiceUnavailable):
        service.reissue(new.number)


def test_catalogue_is_cached_for_offline_use_and_refreshed_with_etag(tmp_path, central):
    settings = central.settings(tmp_path)
    settings.kiosk.mode = "production"  # no demo seed: only what the server sent
    svc = build_queue_service(settings)
    try:
        assert svc.categories() == []
        assert svc.catalogue.refresh() == "updated"
        assert svc.catalogue.refresh() == "not_modified"
        n = len(svc.categories())
    finally:
        svc.close()
    central.stop()
    svc = build_queue_service(settings)
    try:
        assert svc.catalogue.source == "cache" and len(svc.categories()) == n == 11
        assert svc.catalogue.item("ssc-card-reissue")["guide"]["time_limit"]["promised_days"] == 0
        assert svc.take_ticket("employment").offline
    finally:
        svc.close()


def test_case_and_attachments_arrive_in_order(service, central):
    case_id = service.submit_case(
        "ssc-card-reissue", {"name": "李四", "id_number": "11010519491231002X"}, {"reason": "lost"},
        [{"kind": "portrait", "data": b"\x89PNG" + bytes(range(200)), "content_type": "image/png"},
         {"kind": "scan", "data": b"%PDF-1.4 scan", "content_type": "application/pdf"}])
    service.submit_evaluation("case", case_id, 5, ["fast"], "很方便")
    assert service.case_progress(case_id)["status"] == "queued_on_kiosk"
    assert service.relay.drain().delivered == 4
    progress = service.case_progress(case_id)
    assert progress["status"] == "received" and progress["attachments"] == 2
    seqs = [r[0] for r in central.rows(
        "SELECT seq FROM attachments WHERE case_id = :c ORDER BY id", c=case_id)]
    assert seqs == [0, 1]


def test_heartbeat_reports_backlog(service, central):
    service.take_ticket("fund")
    service.send_heartbeat()
    body = json.loads(central.rows("SELECT body FROM kiosk_heartbeats")[0][0])
    assert body["backlog"]["pending"] == 0 and "disk_free_mb" in body


def test_background_service_reconnects_by_itself(tmp_path, central, monkeypatch):
    monkeypatch.setattr("kiosk.sync.service.PROBE_INTERVAL_S", 0.1)
    svc = build_queue_service(central.settings(tmp_path),
                              relay_options={"idle_interval_s": 0.05})
    svc.relay.backoff.base_s, svc.relay.backoff.cap_s = 0.05, 0.2
    svc.start()
    try:
        central.stop()
        t = svc.take_ticket("tax")
        assert t.offline
        central.start()
        deadline = time.monotonic() + 15
        while svc.outbox.status()["pending"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert svc.outbox.status()["pending"] == 0 and svc.online()
        assert not svc.take_ticket("tax").offline
    finally:
        svc.close()


# ---------------------------------------------------------------------- embedded server
def test_maybe_start_embedded_decides_sensibly(tmp_path, settings_env):
    from kiosk.config import load_settings

    s = load_settings()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    s.central.url = f"http://127.0.0.1:{port}"
    s.central.embedded_server = False
    assert maybe_start_embedded(s) is None
    s.central.embedded_server = True
    s.central.url = f"https://127.0.0.1:{port}"
    assert maybe_start_embedded(s) is None
    s.central.url = f"http://127.0.0.1:{port}"
    handle = maybe_start_embedded(s)
    try:
        assert handle is not None and handle.url == s.central.url
        assert maybe_start_embedded(s) is None  # something listens there now
        svc = build_queue_service(s)
        try:
            assert not svc.take_ticket("fund").offline  # the provisioned token works
        finally:
            svc.close()
    finally:
        handle.stop()


# ---------------------------------------------------------------------- CLI contract
@pytest.fixture
def cli_env(settings_env, central, monkeypatch):
    monkeypatch.setenv("KIOSK__CENTRAL__URL", central.url)
    monkeypatch.setenv("KIOSK__CENTRAL__CONNECT_TIMEOUT_S", "1.0")
    from kiosk.config import load_settings

    auth.write_token_file(token_path(load_settings()), auth.issue_token(SECRET, "KSK-DEMO-01"))
    return central


def run_cli(capsys, *argv) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(argv))
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
    monkeypatch.setattr("kiosk.commands.sync.print_ticket",
                        lambda *a: (False, "printer: paper out"))
    code, out = run_cli(capsys, "ticket", "take", "tax", "--json")
    assert code != 0
    data = json.loads(out)
    assert data["printed"] is False and data["number"] == "T001"  # issued all the same


def test_cli_ticket_prints_on_the_mock_printer(cli_env, capsys):
    code, out = run_cli(capsys, "ticket", "take", "tax", "--json", "--mock")
    assert code == 0 and json.loads(out)["printed"] is True


def test_cli_offline_outbox_and_sync(cli_env, capsys):
    cli_env.stop()
    code, out = run_cli(capsys, "ticket", "take", "police_household", "--json", "--no-print")
    data = json.loads(out)
    assert code == 0 and data["offline"] is True and data["ahead"] is None
    code, out = run_cli(capsys, "outbox", "status", "--json")
    st = json.loads(out)
    assert set(st) == {"pending", "parked", "delivered", "oldest_pending_age_s", "last_success_at"}
    assert st["pending"] == 1 and st["oldest_pending_age_s"] >= 0
    code, _ = run_cli(capsys, "sync", "once", "--timeout", "5")
    assert code == 1  # still pending
    cli_env.start()
    code, _ = run_cli(capsys, "sync", "once")
    assert code == 0
    code, out = run_cli(capsys, "central", "tickets", "--db", cli_env.db_url, "--json")
    [row] = json.loads(out)
    assert row["number"] == data["number"] and row["offline"] is True
    assert row["kiosk_id"] == "KSK-DEMO-01" and row["category"] == "police_household"


def test_cli_catalogue_json(cli_env, capsys):
    code, out = run_cli(capsys, "catalogue", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 11
    assert all({"code", "name", "zone"} <= set(r) for r in rows)
    cli_env.stop()
    code, out = run_cli(capsys, "catalogue", "--json")
    assert code == 0 and len(json.loads(out)) == 11  # from the local cache


def test_configured_offline_prefix_wins_over_the_derived_one(tmp_path, central):
    central.stop()
    settings = central.settings(tmp_path, "KSK-EAST-01")
    settings.kiosk.offline_prefix = "E7"
    svc = build_queue_service(settings)
    try:
        ticket = svc.take_ticket("tax")
    finally:
        svc.close()
    assert ticket.offline and ticket.number.startswith("E7-")
