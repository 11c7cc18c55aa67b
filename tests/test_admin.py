"""The technician's services (kiosk.admin) on simulated devices and a real outbox: what the
diagnostics mode and the commands show and do, audited, with no citizen data in sight."""
from __future__ import annotations

import json
import logging

import pytest

from drivers.config import parse_devices
from drivers.core.status import DeviceState
from drivers.manager import DeviceManager
from kiosk.admin import Admin, AdminError
from kiosk.auditlog import AuditLog
from kiosk.config import load_settings
from kiosk.demo.diagnostics import answer
from kiosk.flows.staff import StaffAuth, hash_pin
from kiosk.supplies import Supplies, SupplyError, find_item, parse_value
from kiosk.sync.outbox import Outbox, Outcome
from tests.waiting import wait_for

DEVICES = """
[printer]
driver = "escpos"
mock = true

[idcard]
driver = "sam_idcard"
mock = true
sim_card = "none"
"""


@pytest.fixture
def settings(settings_env):
    return load_settings()


@pytest.fixture
def manager(settings):
    m = DeviceManager(parse_devices(DEVICES, "test"), data_dir=settings.data_dir,
                      poll_interval=0.1, backoff_max=0.3)
    with m:
        for h in m.handles.values():
            assert h.worker.wait_connected(10)
        assert wait_for(lambda: m.get("printer").status.state is DeviceState.ONLINE, 10)
        yield m


@pytest.fixture
def admin(settings, manager):
    a = Admin(settings, manager=manager)
    yield a
    a.close()


def test_devices_show_axes_identity_capabilities_and_the_demo_data_has_their_shape(admin):
    devices = {d["name"]: d for d in admin.devices()}
    p = devices["printer"]
    assert p["state"] == "online" and p["axes"] == {"paper": "ok"} and p["mock"]
    assert p["info"] == {"model": "KIOSK-SIM VP-80", "firmware": "1.08 SIM",
                         "serial_number": "SIM0000001"}
    # found out when it opened: the virtual printer answers GS I, DLE EOT and GS r
    assert p["capabilities"]["confirm"] == "GS r" and p["capabilities"]["identify"] == "GS I"
    assert devices["idcard"]["capabilities"]["sam_id"] == "answered"
    demo = answer("devices")[0]  # the scenes' data is shaped like the real answer
    assert set(demo) == set(p) and set(demo["counters"]) == set(p["counters"])


def test_external_check_prints_a_test_ticket_and_is_audited(admin, manager):
    sim = manager.get("printer").simulator
    before = sim.printer.pages_printed
    report = admin.check("printer", "external")
    assert report["ok"] and [c["name"] for c in report["checks"]] == ["status", "print"]
    assert "confirmed by GS r" in report["checks"][1]["detail"]
    assert sim.printer.pages_printed == before + 1
    entry = admin.audit_entries(1)[0]
    assert entry["action"] == "health_check" and entry["detail"] == "printer external check: ok"
    with pytest.raises(AdminError, match="no device named 'scanner'"):
        admin.check("scanner")


def test_paper_counter_follows_printed_jobs_from_a_new_roll(admin, manager):
    row = admin.set_supply("printer", "paper", "new")
    assert row["value"] == 0 and row["sensor"] == "ok"
    printer = manager.get("printer")
    printer.client().print_bytes(printer.device.test_page(short=True)).result(10)
    printer.client().print_bytes(printer.device.test_page(short=True)).result(10)
    (paper,) = admin.supplies()
    assert paper["value"] == 2 and paper["unit"].startswith("tickets printed")
    assert admin.audit_entries(1)[0]["detail"] == "printer paper = 0 (new)"
    with pytest.raises(AdminError, match="a printer has no supply 'hopper'"):
        admin.set_supply("printer", "hopper", "500")


def test_fault_switches_reach_the_simulator_and_errors_name_their_recovery(admin, manager):
    printer = manager.get("printer")
    (faults,) = [f for f in admin.faults() if f["device"] == "printer"]
    assert "paper_out" in faults["faults"] and faults["active"] == []
    assert admin.set_fault("printer", "paper_out", True)["active"] == ["paper_out"]
    assert wait_for(lambda: printer.status.supplies.get("paper") == "out", 5)
    with pytest.raises(Exception):
        printer.client().print_bytes(b"\x1b@x\n").result(10)
    errors = {d["name"]: d for d in admin.devices()}["printer"]["errors"]
    assert errors[0]["operation"] == "print_bytes" and errors[0]["recovery"] == "clear_by_staff"
    assert admin.set_fault("printer", "paper_out", False)["active"] == []
    assert wait_for(lambda: printer.status.supplies.get("paper") == "ok", 5)
    assert [e["detail"] for e in admin.audit_entries(2)] == ["printer paper_out off",
                                                             "printer paper_out on"]
    sim, printer.simulator = printer.simulator, None  # what real hardware looks like
    try:
        with pytest.raises(AdminError, match="real hardware"):
            admin.set_fault("printer", "paper_out", True)
        assert [f["device"] for f in admin.faults()] == ["idcard"]
    finally:
        printer.simulator = sim


def _park(box: Outbox, kind: str, ref: str) -> int:
    entry = box.enqueue(kind, "/v1/staff-calls", {"reason": "test"}, ref=ref)
    claimed = box.claim("test", limit=100)
    box.complete([Outcome(c.id, "park", error="rejected (422): 13800138000 unknown reason")
                  if c.id == entry.id else Outcome(c.id, "retry", delay_s=600, error="later")
                  for c in claimed])
    return entry.id


def test_outbox_by_kind_release_a_parked_entry_and_no_payloads(settings):
    with Admin(settings) as admin:  # no running kiosk: opens the outbox itself
        box = admin._box()
        box.enqueue("evaluation", "/v1/evaluations", {"score": 5}, ref="E-1")
        parked = _park(box, "staff_call", "SC-0001")
        out = admin.outbox()
        assert out["pending"] == 1 and out["parked"] == 1
        assert out["by_kind"] == [{"kind": "evaluation", "pending": 1, "parked": 0},
                                  {"kind": "staff_call", "pending": 0, "parked": 1}]
        (entry,) = out["parked_entries"]
        assert entry["id"] == parked and entry["ref"] == "SC-0001"
        assert "13800138000" not in entry["error"] and "138****8000" in entry["error"]
        assert "body" not in entry and "payload" not in entry
        assert admin.release(parked) == 1
        assert admin.outbox()["parked"] == 0
        assert admin.audit_entries(1)[0]["detail"] == f"released 1 parked entry (entry {parked})"


def test_recent_logs_are_redacted_again(settings):
    logs = settings.data_dir / "logs"
    logs.mkdir(parents=True)
    (logs / "kiosk.log").write_text("".join(
        f"2025-03-18 10:{i:02d}:00 INFO x: line {i}\n" for i in range(60))
        + "2025-03-18 11:00:00 WARNING x: card 11010519491231002X phone 13812345678\n")
    with Admin(settings) as admin:
        lines = admin.logs(5)
    assert len(lines) == 5 and lines[0].endswith("line 56")
    assert "11010519491231002X" not in lines[-1] and "13812345678" not in lines[-1]


def test_network_says_unreachable_in_one_line_and_reachable_with_the_server(settings, central,
                                                                            tmp_path):
    settings.central.url = "http://127.0.0.1:9"  # discard: nothing listens
    settings.central.connect_timeout_s = 0.5
    with Admin(settings) as admin:
        net = admin.network()
    assert net["reachable"] is False and "\n" not in net["error"]
    assert net["central_url"] == "http://127.0.0.1:9" and net["local_address"] == "127.0.0.1"
    with Admin(central.settings(tmp_path)) as admin:
        net = admin.network()
        system = admin.system()
    assert net["reachable"] is True and net["answer_ms"] is not None
    assert system["kiosk_id"] == "KSK-T-01" and system["disk_free_mb"] > 0


def test_staff_gate_lines_become_audit_rows_without_the_pin(settings, caplog):
    caplog.set_level(logging.WARNING, logger="kiosk.audit")
    pin = "864209"
    auth = StaffAuth(hash_pin(pin, salt=b"fictitious-salt!"), 2, 60, "KSK-T-01")
    with Admin(settings) as admin:
        assert auth.check("000000") == "wrong"
        assert auth.check("111111") == "locked"
        assert auth.check(pin) == "locked"
        actions = [e["action"] for e in admin.audit_entries(10)]
    assert actions == ["staff_login_refused", "staff_pad_locked", "staff_login_failed",
                       "staff_login_failed"]
    rows = AuditLog(settings.data_dir).entries()
    assert len(rows) == 4 and not any(pin in r["detail"] or "000000" in r["detail"]
                                      for r in rows)


def test_supply_counts_for_a_dispenser_hopper_and_reject_bin(settings):
    hopper = find_item("card_dispenser", "hopper")
    bin_ = find_item("card_dispenser", "reject_bin")
    s = Supplies(settings.data_dir)
    ops = {"eject": 10, "capture": 2}
    s.set("dispenser", hopper, parse_value(hopper, "500"), ops)
    s.set("dispenser", bin_, parse_value(bin_, "0"), ops)
    later = {"eject": 480, "capture": 5}  # 470 ejected, 3 captured since the refill
    rows = {r["item"]: r for r in s.levels([("dispenser", "card_dispenser", later)])}
    assert rows["card_hopper"]["value"] == 27 and rows["card_hopper"]["warning"]
    assert rows["reject_bin"]["value"] == 3 and not rows["reject_bin"]["warning"]
    restarted = {"eject": 4}  # the counters file was lost: counted from zero again
    rows = {r["item"]: r for r in s.levels([("dispenser", "card_dispenser", restarted)])}
    assert rows["card_hopper"]["value"] == 496
    with pytest.raises(SupplyError, match="outside 0–5000"):
        parse_value(hopper, "9000")
    with pytest.raises(SupplyError, match="expected a number"):
        parse_value(hopper, "new")  # a hopper is refilled with a count, not "new"
    s.close()


# ---------------------------------------------------------------------- the commands
def run_kiosk(*args, env_dir, stdin=None, extra_env=None):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK__")}
    env["KIOSK__KIOSK__DATA_DIR"] = str(env_dir)
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "kiosk", *args], input=stdin,
                          capture_output=True, text=True, timeout=60, env=env)


def test_pin_set_writes_the_hash_and_keeps_the_rest_of_the_file(tmp_path):
    from kiosk.commands.diag import set_pin_hash
    from kiosk.flows.staff import verify_pin

    conf = tmp_path / "kiosk.toml"
    conf.write_text('# the hall\'s kiosk\n[kiosk]\nid = "KSK-T-01"\n\n[staff]\nlockout_after = 3'
                    '\npin_hash = "old"\n\n[central]\nurl = "http://127.0.0.1:9"\n')
    done = run_kiosk("diag", "pin", "set", "--stdin", "--config", str(conf),
                     stdin="24681357\n", env_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    text = conf.read_text()
    assert text.startswith("# the hall's kiosk\n[kiosk]") and "lockout_after = 3" in text
    assert text.count("pin_hash") == 1 and 'url = "http://127.0.0.1:9"' in text
    stored = load_settings(conf).staff.pin_hash
    assert verify_pin("24681357", stored) and "24681357" not in text
    assert set_pin_hash("", "h") == '[staff]\npin_hash = "h"\n'
    assert set_pin_hash("[kiosk]\nid = 'x'\n", "h").endswith('\n\n[staff]\npin_hash = "h"\n')
    bad = run_kiosk("diag", "pin", "set", "--stdin", "--config", str(conf), stdin="12\n",
                    env_dir=tmp_path / "data")
    assert bad.returncode == 2 and "6–12 digits" in bad.stderr
    assert load_settings(conf).staff.pin_hash == stored  # a bad PIN changes nothing
    audit = run_kiosk("audit", "--json", env_dir=tmp_path / "data")
    (entry,) = json.loads(audit.stdout)
    assert entry["action"] == "staff_pin_set" and entry["source"].startswith("cli")
    nowhere = run_kiosk("diag", "pin", "set", "--stdin", stdin="24681357\n",
                        env_dir=tmp_path / "data")
    assert nowhere.returncode == 2 and "--config FILE" in nowhere.stderr


def test_supplies_commands_and_the_audit_they_leave(tmp_path):
    devices = tmp_path / "devices.toml"
    devices.write_text(DEVICES)
    data = tmp_path / "data"
    common = ("--devices", str(devices))
    done = run_kiosk("supplies", "set", "printer", "paper=new", *common, env_dir=data)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "printer paper: 0 (tickets printed since the roll was changed)"
    listed = json.loads(run_kiosk("supplies", "list", "--json", *common, env_dir=data).stdout)
    assert [(r["device"], r["item"], r["value"]) for r in listed] == [("printer", "paper", 0)]
    wrong = run_kiosk("supplies", "set", "printer", "hopper=500", *common, env_dir=data)
    assert wrong.returncode == 2 and wrong.stderr.strip().endswith(
        "a printer has no supply 'hopper' (it has: paper)")
    nodevice = run_kiosk("supplies", "set", "dispenser", "hopper=500", *common, env_dir=data)
    assert nodevice.returncode == 2 and "no device named 'dispenser'" in nodevice.stderr
    rows = json.loads(run_kiosk("audit", "--json", env_dir=data).stdout)
    assert [r["action"] for r in rows] == ["supplies_set"]
    table = run_kiosk("audit", env_dir=data).stdout
    assert "supplies_set" in table and "printer paper = 0 (new)" in table


def test_diag_status_says_when_the_central_server_is_unreachable(tmp_path):
    import os

    conf = tmp_path / "kiosk.toml"
    conf.write_text('[central]\nurl = "http://127.0.0.1:9"\nconnect_timeout_s = 0.5\n')
    out = run_kiosk("diag", "status", "--json", "--config", str(conf), env_dir=tmp_path / "d")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["network"]["reachable"] is False and doc["system"]["version"]
    assert doc["outbox"]["pending"] == 0
    text = run_kiosk("diag", "status", "--config", str(conf), env_dir=tmp_path / "d")
    assert text.returncode == 1 and "UNREACHABLE" in text.stdout
    assert os.path.exists(tmp_path / "d" / "admin.sqlite")


def test_only_health_changes_ask_for_an_early_heartbeat():
    from drivers.core.status import DeviceStatus, StatusChanged
    from kiosk.admin import _health_changed

    def change(device, **changed):
        s = DeviceStatus(DeviceState.ONLINE)
        return StatusChanged(device, s, s, changed)

    assert not _health_changed(change("idcard", card=("absent", "present")), "idcard")
    assert _health_changed(change("printer", paper=("ok", "near_end")), "printer")
    assert _health_changed(change("printer", paper=("near_end", "ok")), "printer")
    assert _health_changed(change("idcard", state=("online", "offline")), "idcard")
    assert not _health_changed(change("x", paper=("ok", "out")), "no_such_kind")


# ---------------------------------------------------------------------- the control socket
def test_fault_switches_of_the_running_kiosk_from_the_command_line(admin, manager, settings):
    """`kiosk diag faults|fault` reach the simulators inside the running kiosk through its
    control socket (0600 in a 0700 directory), audited with the technician's user name."""
    import os
    import stat

    from kiosk.control import ControlServer, control_path

    data = settings.data_dir
    path = control_path(data)
    gone = run_kiosk("diag", "faults", env_dir=data)
    assert gone.returncode == 3 and gone.stderr.strip().endswith(
        f"no running kiosk answers at {path} (start it: kiosk run)")
    server = ControlServer(admin, path)
    server.start()
    try:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
        listed = json.loads(run_kiosk("diag", "faults", "--json", env_dir=data).stdout)
        assert {r["device"] for r in listed} == {"printer", "idcard"}
        on = run_kiosk("diag", "fault", "printer", "paper_out", "on", env_dir=data)
        assert on.returncode == 0, on.stderr
        assert "paper_out [ON]" in on.stdout
        printer = manager.get("printer")
        assert wait_for(lambda: printer.status.supplies.get("paper") == "out", 5)
        bad = run_kiosk("diag", "fault", "printer", "no_such_fault", "on", env_dir=data)
        assert bad.returncode == 3 and "no_such_fault" in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1
        off = run_kiosk("diag", "fault", "printer", "paper_out", "off", "--json", env_dir=data)
        assert json.loads(off.stdout)["active"] == []
        assert wait_for(lambda: printer.status.supplies.get("paper") == "ok", 5)
        rows = admin.audit_entries(2)
        assert [r["detail"] for r in rows] == ["printer paper_out off", "printer paper_out on"]
        assert all(r["source"].startswith("cli") for r in rows)
    finally:
        server.close()
    assert not path.exists()


def test_the_control_socket_takes_only_the_technician_operations(admin, settings):
    from kiosk.control import ControlError, ControlServer, call, control_path

    path = control_path(settings.data_dir)
    server = ControlServer(admin, path)
    server.start()
    try:
        with pytest.raises(ControlError, match="unknown operation 'close'"):
            call(path, "close")
        with pytest.raises(ControlError, match="set_fault: "):
            call(path, "set_fault", device="printer")  # a missing argument: one line
        import socket

        raw = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        raw.connect(str(path))
        raw.sendall(b"\xff garbage\n")
        reply = json.loads(raw.makefile("rb").readline())
        raw.close()
        assert reply["ok"] is False and reply["error"].startswith("bad request")
        assert call(path, "faults")  # and it still answers
    finally:
        server.close()


def test_outbox_release_and_sync_once_from_the_command_line_are_audited(tmp_path):
    data = tmp_path / "data"
    box = Outbox.open(data)
    try:
        parked = _park(box, "staff_call", "SC-0002")
    finally:
        box.close()
    done = run_kiosk("outbox", "release", str(parked), env_dir=data)
    assert done.returncode == 0, done.stderr
    env = {"KIOSK__CENTRAL__URL": "http://127.0.0.1:9"}  # nobody there: nothing delivered
    synced = run_kiosk("sync", "once", "--timeout", "1", env_dir=data, extra_env=env)
    assert synced.returncode == 1, synced.stderr  # 1: still pending
    rows = json.loads(run_kiosk("audit", "--json", env_dir=data).stdout)
    assert [r["action"] for r in rows] == ["force_sync", "outbox_release"]
    assert rows[1]["detail"] == f"released 1 parked entry (entries {parked})"
    assert rows[0]["detail"].startswith("delivered=0 ") and "reachable=False" in rows[0]["detail"]
    assert all(r["source"].startswith("cli") for r in rows)
