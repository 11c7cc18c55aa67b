"""Configuration: devices.toml and kiosk settings fail with one line naming file and key."""
import json
import subprocess
import sys

import pytest

from drivers.config import parse_devices
from drivers.core.errors import ConfigError
from drivers.manager import DeviceManager
from kiosk.config import EMBEDDED_DEVICES, load_settings
from kiosk.cli import main


@pytest.mark.parametrize(
    "text, key, words",
    [
        ("[idcard\ndriver = 'sam_idcard'", "", "TOML syntax error"),
        ("[idcard]\ndriver = 'sam_idcard_v9'\nport = '/dev/ttyS0'", "idcard.driver", "unknown driver"),
        ("[idcard]\nport = '/dev/ttyS0'", "idcard.driver", "missing"),
        ("[idcard]\ndriver = 'sam_idcard'", "idcard.port", "missing"),
        ("[idcard]\ndriver = 'sam_idcard'\nport = '/dev/ttyS0'\ntimeout = 'soon'", "idcard.timeout",
         "expected a number"),
        ("[idcard]\ndriver = 'sam_idcard'\nport = '/dev/ttyS0'\nmock = 1", "idcard.mock",
         "expected true/false"),
        ("[idcard]\ndriver = 'sam_idcard'\nport = '/dev/ttyS0'\nbaud = 9600", "idcard.baud",
         "unknown option"),
        ("[idcard]\ndriver = 'sam_idcard'\nport = '/dev/ttyS0'\ntimeout = -1", "idcard.timeout",
         "must be > 0"),
        ("idcard = 3", "idcard", "expected a table"),
        ("[printer]\ndriver = 'escpos'\nport = 'usb:zz:01'", "printer.port", "not a USB address"),
        ("[printer]\ndriver = 'escpos'\nport = 'tcp://printer'", "printer.port", "tcp://host:port"),
        ("[idcard]\ndriver = 'sam_idcard'\nport = 'COM3'", "idcard.port", "expected a device path"),
        ("[idcard]\ndriver = 'sam_idcard'\nport = 'ftp://x'", "idcard.port", "unknown port scheme"),
    ],
)
def test_bad_devices_toml_names_file_and_key(text, key, words):
    with pytest.raises(ConfigError) as err:
        parse_devices(text, "/etc/kiosk/devices.toml")
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith("/etc/kiosk/devices.toml")
    assert err.value.key == key
    assert words in msg


def test_cli_bad_devices_file_exits_2_with_one_line(tmp_path, settings_env, capsys):
    bad = tmp_path / "devices.toml"
    bad.write_text("[printer]\ndriver = 'escpos'\nport = 9100.5\n", encoding="utf-8")
    assert main(["devices", "--devices", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert str(bad) in err and "printer.port" in err


def test_repository_example_and_embedded_defaults_parse():
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "devices.toml"
    from drivers.config import load_devices

    real = load_devices(example)
    assert all(not d.mock and d.port for d in real), "the example describes real hardware"
    demo = load_devices(EMBEDDED_DEVICES)
    assert demo and all(d.mock for d in demo), "embedded defaults are all simulators"
    assert {d.kind for d in real} >= {d.kind for d in demo}


def test_settings_env_override_and_types(tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('[kiosk]\nid = "KSK-0042"\nidle_timeout_s = 60\n[central]\nurl = "http://a:1"\n')
    s = load_settings(cfg, environ={"KIOSK__CENTRAL__URL": "https://central.example:8443",
                                    "KIOSK__KIOSK__IDLE_TIMEOUT_S": "45"})
    assert s.kiosk.id == "KSK-0042"
    assert s.central.url == "https://central.example:8443"
    assert s.kiosk.idle_timeout_s == 45


@pytest.mark.parametrize(
    "text, words",
    [
        ('[kiosk]\nidle_timeout_s = "long"', "[kiosk] idle_timeout_s: expected an integer"),
        ('[kiosk]\nbogus = 1', "[kiosk] bogus: unknown key"),
        ('[kioskk]\nid = "x"', "[kioskk]: unknown section"),
        ('[central]\nurl = "ftp://x"', "[central] url: must start with http"),
        ('[office_hours]\nsessions = ["17:00-09:00"]', "[office_hours] sessions[0]"),
        ('[office_hours]\nholidays = ["2026-13-01"]', "[office_hours] holidays[0]"),
        ('[kiosk\n', "TOML syntax error"),
    ],
)
def test_bad_settings_file(tmp_path, text, words):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_settings(cfg, environ={})
    assert str(cfg) in str(err.value) and words in str(err.value)
    assert "\n" not in str(err.value)


def test_env_override_with_wrong_type_is_reported():
    with pytest.raises(ConfigError) as err:
        load_settings(None, environ={"KIOSK__KIOSK__DISK_RESERVE_MB": "lots"})
    assert "KIOSK__" in str(err.value) and "disk_reserve_mb" in str(err.value)


def test_production_mode_refuses_silent_mock():
    configs = parse_devices("[printer]\ndriver = 'escpos'\nmock = true\n", "d.toml")
    with pytest.raises(ConfigError) as err:
        DeviceManager(configs, production=True)
    assert "printer.mock" in str(err.value)
    DeviceManager(configs, production=True, force_mock=True)  # explicit --mock is allowed


def test_kiosk_devices_json_lists_mock_devices(settings_env):
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "devices", "--mock", "--json"],
        capture_output=True, text=True, timeout=60, check=True,
    )
    doc = json.loads(out.stdout)
    devices = {d["name"]: d for d in doc["devices"]}
    assert {"idcard", "printer"} <= set(devices)
    for d in devices.values():
        assert d["mock"] is True
        assert d["state"] == "online", d
        assert d["driver"] and d["port"]


def test_kiosk_device_test_reports_health(settings_env, capsys):
    assert main(["device", "test", "printer", "--mock", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["mock"] is True and report["level"] == "internal"
    assert main(["device", "test", "nosuch", "--mock"]) != 0


def test_offline_prefix_must_be_short_capitals_or_digits(tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('[kiosk]\noffline_prefix = "k-1"\n')
    with pytest.raises(ConfigError) as err:
        load_settings(cfg, environ={})
    assert "[kiosk] offline_prefix" in str(err.value)
    cfg.write_text('[kiosk]\noffline_prefix = "E7"\n')
    assert load_settings(cfg, environ={}).kiosk.offline_prefix == "E7"
