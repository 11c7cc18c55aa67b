"""The device manager with absent hardware: quick, honest, and it names the problem."""
import time

from drivers.config import parse_devices
from drivers.manager import DeviceManager


def test_absent_device_is_no_device_with_its_reason(settings_env):
    missing = settings_env / "ttyUSB9"
    configs = parse_devices(f"[printer]\ndriver = 'escpos'\nport = '{missing}'\n", "d.toml")
    with DeviceManager(configs, data_dir=settings_env / "data") as manager:
        t0 = time.monotonic()
        assert manager.wait_ready(10) is False
        assert time.monotonic() - t0 < 5, "an absent device must not hold up the others"
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
