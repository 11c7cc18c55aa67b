"""The card dispensers through the device manager in mock mode: the kind's contract, the
status axes (never "ok" before an answer), the citizen taking the card, a dispenser that goes
silent and comes back, and ``kiosk dispenser`` with its documented JSON keys."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from drivers.config import parse_devices
from drivers.core.errors import ConfigError
from drivers.core.registry import get_driver
from drivers.core.status import DeviceState
from drivers.kinds.card_dispenser import CardDispenser, CardTaken
from drivers.manager import DeviceManager
from tests.waiting import wait_for

DRIVERS = ("crt591", "k720")


def manager(settings_env, driver: str, extra: str = "") -> DeviceManager:
    configs = parse_devices(f"[card_dispenser]\ndriver = '{driver}'\nmock = true\n"
                            f"timeout = 0.5\nsim_move_delay = 0.02\n{extra}", "devices.toml")
    return DeviceManager(configs, data_dir=settings_env / "data", poll_interval=0.1,
                         backoff_max=0.3)


def online(handle) -> bool:
    return handle.connected and handle.status.state is DeviceState.ONLINE


@pytest.mark.parametrize("driver", DRIVERS)
def test_the_drivers_are_registered_for_the_kind(driver):
    spec = get_driver(driver)
    assert spec.kind == "card_dispenser" and issubclass(spec.device_class, CardDispenser)
    (real,) = parse_devices(f"[d]\ndriver = '{driver}'\nport = '/dev/ttyUSB0'\n"
                            "reject_bin_full_when = 'clear'\n", "d.toml")
    assert real.options["reject_bin_full_when"] == "clear" and real.options["baudrate"] == 9600
    with pytest.raises(ConfigError, match="reject_bin_full_when: must be one of 'set', 'clear'"):
        parse_devices(f"[d]\ndriver = '{driver}'\nport = '/dev/ttyUSB0'\n"
                      "reject_bin_full_when = 'on'\n", "d.toml")


@pytest.mark.parametrize("driver", DRIVERS)
def test_moves_axes_and_the_citizen_taking_the_card(settings_env, driver):
    with manager(settings_env, driver, "sim_hopper = 12\nsim_hopper_low_at = 11\n") as m:
        h = m.get("card_dispenser")
        assert wait_for(lambda: online(h), timeout=10)
        events = []
        m.events.subscribe(events.append)
        assert h.status.supplies == {"card_hopper": "ok", "reject_bin": "ok", "card": "none"}
        c = h.client()
        c.to_ic_position().result(10)
        assert h.status.supplies["card"] == "ic"
        assert h.status.supplies["card_hopper"] == "low"  # 11 left: the low switch closed
        c.eject().result(10)
        assert c.card_position().result(10) == "gate"
        assert c.wait_taken(0.2).result(10) is False  # nobody took it yet
        h.mock.perform("take_card")
        assert c.wait_taken(5).result(10) is True
        assert any(isinstance(e, CardTaken) and e.device == "card_dispenser" for e in events)
        c.to_ic_position().result(10)
        assert c.capture().result(10) is True
        mech = h.simulator.mech
        assert (mech.picked, len(mech.taken), len(mech.rejected)) == (2, 1, 1)
        # the supply counters of kiosk/supplies follow these operation names
        by_op = h.device.counters.snapshot()["by_operation"]
        assert by_op["eject"] == 1 and by_op["capture"] == 1


@pytest.mark.parametrize("driver", DRIVERS)
def test_a_silent_dispenser_goes_offline_with_unknown_supplies_and_comes_back(settings_env,
                                                                              driver):
    with manager(settings_env, driver) as m:
        h = m.get("card_dispenser")
        assert wait_for(lambda: online(h), timeout=10)
        h.mock.inject("silent")
        assert wait_for(lambda: h.status.state is DeviceState.OFFLINE, timeout=10)
        assert set(h.status.supplies.values()) == {"unknown"}
        h.mock.clear("silent")
        assert wait_for(lambda: online(h), timeout=15)
        assert h.status.supplies["card_hopper"] == "ok"


def test_hopper_empty_and_reject_bin_full_block_the_kind(settings_env):
    from kiosk.flows.availability import device_health

    with manager(settings_env, "crt591", "sim_hopper = 0\nsim_reject = 30\n") as m:
        h = m.get("card_dispenser")
        assert wait_for(lambda: online(h), timeout=10)
        health = device_health(h.name, h.kind, h.status)
        assert not health.up and health.problem == "hopper_empty"
        h.mock.perform("refill", cards=20)
        assert wait_for(lambda: h.status.supplies["card_hopper"] == "ok", timeout=10)
        health = device_health(h.name, h.kind, h.status)
        assert not health.up and health.problem == "reject_bin_full"


def _cli(settings_env, *args) -> subprocess.CompletedProcess:
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
           "KIOSK__KIOSK__DATA_DIR": str(settings_env / "data"),
           "XDG_RUNTIME_DIR": str(settings_env / "run")}
    return subprocess.run([sys.executable, "-m", "kiosk", "dispenser", *args],
                          capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.parametrize("driver", DRIVERS)
def test_cli_status_and_moves(settings_env, driver):
    devices = settings_env / "devices.toml"
    devices.write_text(f"[card_dispenser]\ndriver = '{driver}'\nmock = true\n"
                       "sim_move_delay = 0.02\n")
    r = _cli(settings_env, "status", "--devices", str(devices), "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert {k: doc[k] for k in ("online", "hopper", "reject_bin", "card_at", "jammed")} == \
        {"online": True, "hopper": "ok", "reject_bin": "ok", "card_at": "none", "jammed": False}
    assert doc["mock"] is True and doc["driver"] == driver
    r = _cli(settings_env, "dispense", "--devices", str(devices), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["card_at"] == "ic"
    r = _cli(settings_env, "status", "--devices", str(devices), "--model",
             "k720" if driver == "crt591" else "crt591")
    assert r.returncode == 2 and "dispenser, not" in r.stderr and "\n" == r.stderr[-1]


def test_cli_a_port_nobody_answers(settings_env, tmp_path):
    r = _cli(settings_env, "status", "--port", str(tmp_path / "no-such-tty"), "--json",
             "--timeout", "0.3")
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert doc["online"] is False and doc["hopper"] == "unknown" and "cannot open" in doc["error"]
