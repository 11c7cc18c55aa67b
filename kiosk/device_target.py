"""One device for a technician command (``kiosk idcard read``, ``kiosk printer status`` …).

The device comes from ``--port`` (bypassing devices.toml, with the kind's default driver) or
from devices.toml (``--device NAME`` or the first enabled device of the kind; ``--mock`` runs
it on its simulator). Either way it runs behind a one-device DeviceManager, so a command
exercises the same worker, deadlines and recovery code as the kiosk itself.
"""
from __future__ import annotations

import argparse
import dataclasses
import logging
from typing import Any

from drivers.config import DeviceConfig
from drivers.core.errors import ConfigError, NotReady
from drivers.manager import DeviceHandle, DeviceManager


def add_target_arguments(p: argparse.ArgumentParser, port_help: str) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--device", metavar="NAME", help="device name in devices.toml")
    g.add_argument("--port", metavar="URL", help=f"{port_help}; bypasses devices.toml")
    p.add_argument("--baudrate", type=int, default=None, help="serial speed with --port")
    p.add_argument("--timeout", type=float, default=None, help="exchange deadline, seconds")


class DeviceTarget:
    def __init__(self, args: argparse.Namespace, kind: str, driver: str,
                 options: dict[str, Any] | None = None, unavailable_zh: str = "设备暂不可用"):
        self.args = args
        self.kind = kind
        self.driver = driver  # used with --port
        self.options = dict(options or {})
        # commands without --port/--device/--timeout (e.g. `kiosk ticket take`) use the
        # devices.toml defaults
        self.port = getattr(args, "port", None)
        self.device_name = getattr(args, "device", None)
        self.timeout = getattr(args, "timeout", None)
        if getattr(args, "baudrate", None):
            self.options["baudrate"] = args.baudrate
        self.unavailable_zh = unavailable_zh
        self.manager: DeviceManager | None = None
        self.handle: DeviceHandle | None = None
        self.connect_error: NotReady | None = None
        self._quiet: tuple[logging.Logger, int] | None = None

    @property
    def name(self) -> str:
        return self.handle.name

    @property
    def device_port(self) -> str:
        return self.handle.device.port

    @property
    def mock(self) -> bool:
        return self.handle.is_mock

    @property
    def device(self):
        return self.handle.device

    def _config(self, settings) -> tuple[DeviceConfig, str]:
        from drivers.core.registry import get_driver
        from kiosk.context import device_configs

        if self.port:
            spec = get_driver(self.driver)
            options = {k: o.default for k, o in spec.options.items()}
            return DeviceConfig(self.kind, self.driver, spec.kind, self.port,
                                timeout=spec.default_timeout, options=options), "--port"
        configs, source = device_configs(self.args, settings)
        if self.device_name:
            found = [c for c in configs if c.name == self.device_name]
            if not found:
                raise ConfigError(source, self.device_name, "no such device")
            if found[0].kind != self.kind:
                raise ConfigError(source, self.device_name,
                                  f"is a {found[0].kind}, not a {self.kind}")
        else:
            found = [c for c in configs if c.enabled and c.kind == self.kind]
            if not found:
                raise ConfigError(source, "", f"no {self.kind} device configured")
        return found[0], source

    def __enter__(self) -> DeviceTarget:
        try:
            return self._enter()
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def _enter(self) -> DeviceTarget:
        from kiosk.context import settings_from_args

        args = self.args
        settings = settings_from_args(args)
        if not getattr(args, "verbose", False):
            # the device layer's chatter (status changes, reconnect warnings) belongs in the
            # kiosk's log, not around a command's one-line answer; the answer itself says
            # MOCK and names the error
            log = logging.getLogger("drivers")
            self._quiet = (log, log.level)
            log.setLevel(logging.ERROR)
        config, source = self._config(settings)
        changes: dict[str, Any] = {"options": {**config.options, **self.options}}
        if self.timeout:
            changes["timeout"] = self.timeout
        config = dataclasses.replace(config, **changes)
        self.manager = DeviceManager(
            [config], data_dir=settings.data_dir,
            force_mock=bool(getattr(args, "mock", False)) and not self.port,
            production=settings.production, source=source,
        )
        self.manager.start()
        self.handle = self.manager.get(config.name)
        if not self.manager.wait_ready(config.timeout * 2 + 1):
            st = self.handle.status
            self.connect_error = NotReady(f"{config.name} is {st.state}: {st.detail}",
                                          message_zh=self.unavailable_zh)
        return self

    def call(self, operation: str, fn, timeout: float | None = None):
        if self.connect_error is not None:
            raise self.connect_error
        return self.handle.call(operation, fn, timeout)

    def __exit__(self, *exc) -> None:
        if self.manager is not None:
            self.manager.stop()
        if self._quiet is not None:
            logger, level = self._quiet
            logger.setLevel(level)
            self._quiet = None
