"""Remote health: the kiosk's heartbeat goes through the outbox with its devices and supplies
(kiosk.sync.health + kiosk.admin), the reference server keeps the fleet and derives alerts —
each made to happen here — and serves them as JSON, Prometheus text and ``kiosk-central
fleet``; the hall display's figures follow the windows' calls."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import namedtuple

import pytest

from drivers.config import DeviceConfig, parse_devices
from drivers.core.counters import Counters
from drivers.core.status import DeviceState
from drivers.manager import DeviceManager
from kiosk.admin import Admin
from kiosk.central import metrics
from kiosk.central.display import zone_display
from kiosk.central.fleet import Fleet, Thresholds, alerts_for
from kiosk.sync.central import build_central
from tests.waiting import wait_for

PRINTER = """
[printer]
driver = "escpos"
mock = true
"""


def codes(kiosk: dict) -> dict[str, str]:
    return {a["code"]: a["severity"] for a in kiosk["alerts"]}


# ---------------------------------------------------------------------- the heartbeat
def test_one_heartbeat_waits_in_the_outbox_until_the_server_has_it(facade, central):
    health = facade.health
    health.set_extra(lambda: {"hall": "市政务服务中心", "devices": []})
    health.periodic()  # the first look after start writes one
    health.periodic()  # it is still pending: no second one
    assert health.written == 1 and facade.outbox.status()["pending"] == 1
    central.stop()
    assert facade.relay.drain(deadline_s=5).outage
    health.state_changed()
    health.periodic()  # changed, but one still waits: nothing piles up while offline
    assert health.written == 1
    central.start()
    assert facade.relay.drain(deadline_s=5).delivered == 1
    body = json.loads(central.rows("SELECT body FROM kiosk_heartbeats")[0][0])
    assert body["hall"] == "市政务服务中心" and body["backlog"]["pending"] == 0  # (not itself)
    health.periodic()  # delivered; the change noted meanwhile is written now
    assert health.written == 2
    assert facade.relay.drain(deadline_s=5).delivered == 1
    health.periodic()  # not due (60 s) and nothing changed
    assert health.written == 2


def test_an_older_heartbeat_arriving_late_keeps_the_newer_state(facade, central):
    client = facade.client
    client.heartbeat("KSK-T-01", {"kiosk_id": "KSK-T-01", "at": "2025-03-18T10:05:00+08:00",
                                  "version": "new"})
    client.heartbeat("KSK-T-01", {"kiosk_id": "KSK-T-01", "at": "2025-03-18T10:00:00+08:00",
                                  "version": "old"})
    (k,) = central.app.fleet.kiosks()
    assert k["version"] == "new" and k["beats"] == 2


@pytest.fixture
def kiosk(tmp_path, central, monkeypatch):
    """A kiosk with a simulated printer, its central facade (relay not running) and admin."""
    for key in list(__import__("os").environ):
        if key.startswith("KIOSK__"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    settings = central.settings(tmp_path)
    manager = DeviceManager(parse_devices(PRINTER, "test"), data_dir=settings.data_dir,
                            poll_interval=0.1, backoff_max=0.3).start()
    facade = build_central(settings)
    admin = Admin(settings, manager=manager, central=facade)
    admin.started()
    admin.report_health()
    printer = manager.get("printer")
    assert wait_for(lambda: printer.status.state is DeviceState.ONLINE, 10)

    class Kiosk:
        pass

    k = Kiosk()
    k.settings, k.manager, k.facade, k.admin, k.printer = settings, manager, facade, admin, printer
    yield k
    admin.close()
    facade.close()
    manager.stop()


def beat(k, central) -> dict:
    k.facade.health.beat()
    report = k.facade.relay.drain(deadline_s=10)
    assert not report.outage, report
    (view,) = [v for v in central.app.fleet.kiosks() if v["id"] == "KSK-T-01"]
    return view


def test_heartbeat_carries_devices_supplies_version_and_no_personal_data(kiosk, central):
    kiosk.admin.set_supply("printer", "paper", "new")
    view = beat(kiosk, central)
    assert view["status"] == "ok" and view["alerts"] == []
    (printer,) = view["devices"]
    assert printer == {"name": "printer", "kind": "printer", "state": "online", "up": True,
                       "problem": None, "warning": None, "axes": {"paper": "ok"},
                       "mock": True}
    assert view["supplies"] == [{"device": "printer", "item": "paper", "value": 0,
                                 "warning": False, "sensor": "ok"}]
    assert view["version"] and view["uptime_s"] >= 0 and view["last_restart_reason"] == \
        "first start"
    assert view["backlog"]["pending"] == 0 and view["disk_free_mb"] > 0
    body = central.rows("SELECT body FROM kiosk_heartbeats")[0][0]
    assert "id_number" not in body and "mobile" not in body


def test_each_device_and_kiosk_condition_raises_its_alert(kiosk, central, monkeypatch):
    sim = kiosk.printer.simulator
    kiosk.facade.health.periodic()  # the first beat after start: nothing else waits now
    assert not kiosk.facade.health.change_noted
    kiosk.facade.relay.drain(deadline_s=10)
    sim.inject("near_end")  # the paper roll runs low: a device state change beats soon
    assert wait_for(lambda: kiosk.printer.status.supplies.get("paper") == "near_end", 5)
    assert wait_for(lambda: kiosk.facade.health.change_noted, 5)
    assert codes(beat(kiosk, central)) == {"paper_near_end": "warning"}
    sim.inject("paper_out")
    assert wait_for(lambda: kiosk.printer.status.supplies.get("paper") == "out", 5)
    view = beat(kiosk, central)
    assert view["status"] == "alert" and codes(view)["paper_out"] == "alert"
    sim.clear()
    sim.inject("silent")  # the printer stops answering
    assert wait_for(lambda: kiosk.printer.status.state is DeviceState.OFFLINE, 10)
    assert codes(beat(kiosk, central)) == {"offline": "alert"}
    sim.clear()
    assert wait_for(lambda: kiosk.printer.status.state is DeviceState.ONLINE, 10)
    assert beat(kiosk, central)["status"] == "ok"

    # the outbox: an entry the server refuses (parked), one that waits two hours (backlog)
    central.faults.inject("error", status=422, count=1, path="/v1/batch")
    kiosk.facade.staff.call("test_parked", None)
    kiosk.facade.relay.drain(deadline_s=5)
    assert codes(beat(kiosk, central)) == {"parked": "warning"}
    kiosk.facade.evaluations.submit("kiosk", "KSK-T-01", 5)
    real_clock = kiosk.facade.outbox.clock
    monkeypatch.setattr(kiosk.facade.outbox, "clock", lambda: real_clock() + 7200)
    kiosk.facade.health.beat()  # written while the evaluation has waited two hours
    monkeypatch.setattr(kiosk.facade.outbox, "clock", real_clock)
    kiosk.facade.relay.drain(deadline_s=10)
    (view,) = central.app.fleet.kiosks()
    assert codes(view)["backlog_old"] == "alert"

    # the disk: 50 MB free
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr("kiosk.sync.health.shutil.disk_usage",
                        lambda path: usage(10**11, 10**11 - 50_000_000, 50_000_000))
    assert codes(beat(kiosk, central))["disk_low"] == "alert"
    monkeypatch.undo()

    # silence: no beat for longer than the threshold
    later = Fleet(central.app.engine, Thresholds(silent_after_s=300),
                  clock=lambda: time.time() + 301)
    (view,) = later.kiosks()
    assert view["status"] == "silent" and codes(view)["silent"] == "alert"
    text = metrics.render(later.document())
    assert 'kiosk_up{kiosk="KSK-T-01",hall="市政务服务中心"} 0' in text.splitlines()


def test_hopper_and_reject_bin_counts_raise_their_alerts(tmp_path, central, monkeypatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    settings = central.settings(tmp_path)
    counters = Counters(settings.data_dir / "devices" / "dispenser.json", flush_interval=0)
    config = DeviceConfig("dispenser", "crt591", "card_dispenser", "/dev/ttyUSB9", False)
    facade = build_central(settings)
    admin = Admin(settings, configs=[config], central=facade)
    try:
        admin.report_health()
        admin.set_supply("dispenser", "hopper", 60)
        admin.set_supply("dispenser", "reject_bin", "0")
        for _ in range(15):  # 15 cards issued: 45 left, below the hopper_low of 50
            counters.record_success("eject")
        counters.flush()
        facade.health.beat()
        facade.relay.drain(deadline_s=10)
        (view,) = central.app.fleet.kiosks()
        assert codes(view) == {"hopper_low": "warning"}
        for _ in range(45):  # every card captured: hopper empty, reject bin at 45 ≥ 40
            counters.record_success("capture")
        counters.flush()
        facade.health.beat()
        facade.relay.drain(deadline_s=10)
        (view,) = central.app.fleet.kiosks()
        assert codes(view) == {"hopper_empty": "alert", "reject_bin_full": "alert"}
        assert {s["item"]: s["value"] for s in view["supplies"]} == {"card_hopper": 0,
                                                                    "reject_bin": 45}
    finally:
        admin.close()
        facade.close()


def test_alerts_from_a_heartbeat_body_with_the_thresholds():
    t = Thresholds(silent_after_s=60, backlog_age_s=600, disk_low_mb=500, hopper_low=10,
                   reject_bin_full=30)
    body = {"devices": [{"name": "printer", "up": False, "problem": "paper_out",
                         "state": "user_error"},
                        {"name": "dispenser", "up": True, "warning": "hopper_low"}],
            "supplies": [{"device": "dispenser", "item": "card_hopper", "value": 10},
                         {"device": "dispenser", "item": "reject_bin", "value": 30}],
            "backlog": {"pending": 4, "parked": 0, "oldest_pending_age_s": 601},
            "disk_free_mb": 499, "disk_reserve_mb": 200}
    got = [(a["code"], a["severity"], a["device"]) for a in alerts_for(body, 61, t)]
    assert got == [("silent", "alert", ""), ("paper_out", "alert", "printer"),
                   ("hopper_low", "warning", "dispenser"),
                   ("reject_bin_full", "alert", "dispenser"), ("backlog_old", "alert", ""),
                   ("disk_low", "alert", "")]
    assert alerts_for({}, 59, t) == [] and alerts_for({"disk_free_mb": 300,
                                                       "disk_reserve_mb": 400}, 0, t)


def test_metrics_are_prometheus_text_with_escaped_labels():
    doc = {"counts": {"ok": 0, "warning": 0, "alert": 1, "silent": 0}, "kiosks": [{
        "id": 'KSK"01', "hall": "市政务\\服务\n中心", "status": "alert", "age_s": 12.5,
        "beats": 7, "alerts": [{"code": "paper_out", "severity": "alert",
                                "device": "printer"}],
        "devices": [{"name": "printer", "kind": "printer", "up": False}],
        "supplies": [{"device": "printer", "item": "paper", "value": 184}],
        "backlog": {"pending": 3, "parked": 0, "oldest_pending_age_s": None},
        "disk_free_mb": 18234, "uptime_s": 9240}]}
    lines = metrics.render(doc).splitlines()
    assert lines[:3] == [
        "# HELP kiosk_up 1 while the kiosk's heartbeats arrive (not silent)",
        "# TYPE kiosk_up gauge",
        'kiosk_up{kiosk="KSK\\"01",hall="市政务\\\\服务\\n中心"} 1']
    for line in ('kiosk_heartbeat_age_seconds{kiosk="KSK\\"01"} 12.5',
                 'kiosk_heartbeats_total{kiosk="KSK\\"01"} 7',
                 'kiosk_alert{kiosk="KSK\\"01",code="paper_out",severity="alert",'
                 'device="printer"} 1',
                 'kiosk_device_up{kiosk="KSK\\"01",device="printer",kind="printer"} 0',
                 'kiosk_supply_count{kiosk="KSK\\"01",device="printer",item="paper"} 184',
                 'kiosk_disk_free_bytes{kiosk="KSK\\"01"} 18234000000',
                 'kiosk_fleet_kiosks{status="alert"} 1', "# TYPE kiosk_heartbeats_total counter"):
        assert line in lines, line
    assert not any(line.startswith("kiosk_outbox_oldest_pending_seconds{") for line in lines)
    for name in metrics.FAMILIES:  # one HELP and one TYPE per family
        assert sum(line.startswith(f"# TYPE {name} ") for line in lines) == 1


def test_fleet_command_lists_id_last_seen_alerts_devices(facade, central, tmp_path):
    facade.health.set_extra(lambda: {"devices": [{"name": "printer", "kind": "printer",
                                                  "state": "user_error", "up": False,
                                                  "problem": "paper_out"}]})
    facade.health.send_heartbeat()
    cmd = [sys.executable, "-m", "kiosk.central", "fleet", "--db", central.db_url,
           "--data-dir", str(tmp_path / "srv")]
    out = subprocess.run(cmd + ["--json"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    (k,) = json.loads(out.stdout)
    assert k["id"] == "KSK-T-01" and k["last_seen"] and k["devices"][0]["name"] == "printer"
    assert [a["code"] for a in k["alerts"]] == ["paper_out"]
    table = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert table.returncode == 1  # an alert: "not healthy"
    assert "KSK-T-01" in table.stdout and "paper_out(printer)" in table.stdout


def test_hall_display_figures_follow_the_calls(facade, central):
    a1 = facade.queue.take_ticket("fund")
    facade.queue.take_ticket("fund")
    facade.queue.take_ticket("tax")
    facade.queue.take_ticket("property")  # zone B: not on zone A's screen
    store = central.app.store
    with central.app.engine.begin() as conn:
        called = store.tickets.call_next(conn, "fund", "A05")
    assert called["number"] == a1.number
    with central.app.engine.connect() as conn:
        d = zone_display(store, conn, "A")
    assert d["zone"]["code"] == "A" and d["zone"]["floor"] == 1
    assert d["calling"][0]["number"] == a1.number and d["calling"][0]["window"] == "A05"
    assert d["waiting"] == 2 and d["served_today"] == 1
    assert {c["code"]: c["waiting"] for c in d["categories"]} == {"fund": 1, "tax": 1}
    assert all(c["est_wait_min"] is not None for c in d["categories"])
