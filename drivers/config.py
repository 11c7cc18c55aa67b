"""devices.toml: which device sits on which port, with which driver and options.

One table per device::

    [printer]
    driver = "escpos"          # which protocol (see `kiosk drivers`)
    port = "/dev/ttyUSB1"      # device path, pyserial URL, tcp://host:9100, usb:VID:PID …
    mock = false               # true: replace the device by its simulator
    enabled = true             # false: configured but not started
    timeout = 2.0              # deadline of one exchange, seconds
    paper_width_mm = 80        # anything else is a driver option, checked against the driver

Every problem is reported as one line naming the file, the key and what is wrong.
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drivers.core.errors import ConfigError
from drivers.core.registry import DriverSpec, driver_names, get_driver

RESERVED = {"driver", "port", "mock", "enabled", "timeout"}


@dataclass(frozen=True)
class DeviceConfig:
    name: str
    driver: str
    kind: str
    port: str
    mock: bool = False
    enabled: bool = True
    timeout: float = 2.0
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def spec(self) -> DriverSpec:
        return get_driver(self.driver)


def load_devices(path: Path) -> list[DeviceConfig]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(path), "", f"cannot read: {exc.strerror or exc}") from exc
    return parse_devices(text, str(path))


def parse_devices(text: str, source: str) -> list[DeviceConfig]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "", f"TOML syntax error: {exc}") from exc
    devices = []
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(source, name, "expected a table [name] describing one device")
        devices.append(_parse_device(name, table, source))
    return devices


def _type_name(t: type | tuple[type, ...]) -> str:
    if isinstance(t, tuple):
        return " or ".join(_type_name(x) for x in t)
    return {str: "a string", int: "an integer", float: "a number", bool: "true/false",
            list: "a list"}.get(t, t.__name__)


def _check_type(source: str, key: str, value: Any, expected: type | tuple[type, ...]) -> Any:
    types = expected if isinstance(expected, tuple) else (expected,)
    if float in types and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, bool) and bool not in types:
        ok = False
    else:
        ok = isinstance(value, types)
    if not ok:
        raise ConfigError(source, key, f"expected {_type_name(expected)}, got {value!r}")
    return value


def _parse_device(name: str, table: dict, source: str) -> DeviceConfig:
    driver = table.get("driver")
    if driver is None:
        raise ConfigError(source, f"{name}.driver", "missing (which protocol drives this device)")
    _check_type(source, f"{name}.driver", driver, str)
    try:
        spec = get_driver(driver)
    except KeyError:
        raise ConfigError(
            source, f"{name}.driver",
            f"unknown driver {driver!r} (known: {', '.join(driver_names())})",
        ) from None
    mock = _check_type(source, f"{name}.mock", table.get("mock", False), bool)
    enabled = _check_type(source, f"{name}.enabled", table.get("enabled", True), bool)
    timeout = _check_type(source, f"{name}.timeout", table.get("timeout", spec.default_timeout),
                          float)
    if timeout <= 0:
        raise ConfigError(source, f"{name}.timeout", f"must be > 0, got {timeout}")
    port = table.get("port")
    if port is None:
        if not mock:
            raise ConfigError(source, f"{name}.port", f"missing ({spec.port_help})")
        port = ""
    port = str(_check_type(source, f"{name}.port", port, (str, int)))
    if port and not mock and spec.check_port is not None:
        try:
            spec.check_port(port)
        except ValueError as exc:
            raise ConfigError(source, f"{name}.port", str(exc)) from None
    options: dict[str, Any] = {}
    for key, value in table.items():
        if key in RESERVED:
            continue
        opt = spec.options.get(key)
        if opt is None:
            known = ", ".join(sorted(set(spec.options) | RESERVED))
            raise ConfigError(source, f"{name}.{key}",
                              f"unknown option for driver {driver!r} (known: {known})")
        value = _check_type(source, f"{name}.{key}", value, opt.type)
        if opt.choices and value not in opt.choices:
            raise ConfigError(source, f"{name}.{key}",
                              f"must be one of {', '.join(map(repr, opt.choices))}, got {value!r}")
        options[key] = value
    for key, opt in spec.options.items():
        options.setdefault(key, opt.default)
    return DeviceConfig(name, driver, spec.kind, port, mock, enabled, timeout, options)
