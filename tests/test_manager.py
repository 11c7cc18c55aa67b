"""The device manager with absent hardware: quick, honest, and it names the problem."""
from drivers.config import parse_devices
from drivers.manager import DeviceManager


def test_absent_device_is_no_device_with_its_reason(settings_env):
    missing = settings_env / "ttyUSB9"
    configs = parse_devices(f"[printer]\ndriver = 'escpos'\nport = '{missing}'\n", "d.toml")
    with DeviceManager(configs, data_dir=settings_env / "data") as manager:
        # an absent device must not hold up the others: wait_ready answers after the
        # device's first attempt, so returning at all (the per-test timeout is far shorter
        # than this deadline) proves it did not sit the deadline out
        assert manager.wait_ready(3600) is False
        row = manager.describe()[0]
    assert row["state"] == "no_device" and row["mock"] is False
    assert row["supplies"] == {"paper": "unknown"}
    assert str(missing) in row["last_error"] and "No such file" in row["last_error"]


def test_mock_and_real_side_by_side_are_told_apart(settings_env):
    configs = parse_devices(
        f"[printer]\ndriver = 'escpos'\nmock = true\n"
        f"[idcard]\ndriver = 'sam_idcard'\nport = '{settings_env / 'none'}'\n", "d.toml")
    with DeviceManager(configs, data_dir=settings_env / "data") as manager:
        manager.wait_ready(10)
        rows = {r["name"]: r for r in manager.describe()}
        assert manager.any_mock
    assert rows["printer"]["mock"] is True and rows["printer"]["state"] == "online"
    assert rows["idcard"]["mock"] is False and rows["idcard"]["state"] == "no_device"



def test_a_failed_start_stops_what_it_had_started(settings_env, monkeypatch):
    import dataclasses

    import pytest

    from drivers.config import DeviceConfig
    from drivers.core.registry import get_driver

    configs = parse_devices(
        "[printer]\ndriver = 'escpos'\nmock = true\n[idcard]\ndriver = 'sam_idcard'\nmock = true\n",
        "d.toml")
    simulators = []

    def factory(config, data_dir=None):
        simulators.append(get_driver("sam_idcard").simulator_factory(config, data_dir))
        return simulators[-1]

    def broken_device(*args, **kwargs):
        raise RuntimeError("driver cannot be built")

    broken = dataclasses.replace(get_driver("sam_idcard"), device_class=broken_device,
                                 simulator_factory=factory)
    monkeypatch.setattr(DeviceConfig, "spec", property(
        lambda c: broken if c.name == "idcard" else get_driver(c.driver)))
    manager = DeviceManager(configs, data_dir=settings_env / "data")
    with pytest.raises(RuntimeError, match="cannot be built"):
        manager.start()
    printer = manager.handles["printer"]
    assert printer.worker._thread is None and not printer.simulator.running
    assert simulators and not simulators[0].running  # the idcard's simulator is stopped too
