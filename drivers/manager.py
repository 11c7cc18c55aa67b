"""The device manager: the only door from the application to the peripherals.

It builds every configured device (or, in mock mode, the device's simulator and the real
driver pointed at it), gives each its own worker thread, and fans their events out on one
bus. The application asks for devices by name or kind and submits operations; it never
touches ports.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from drivers.config import DeviceConfig
from drivers.core.counters import Counters
from drivers.core.device import Device
from drivers.core.errors import ConfigError
from drivers.core.events import EventBus
from drivers.core.simulator import MockControl, Simulator
from drivers.core.status import DeviceStatus, HealthLevel, HealthReport
from drivers.core.worker import DeviceWorker
from drivers.kinds import KindContract, contract

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class DeviceHandle:
    config: DeviceConfig
    device: Device
    worker: DeviceWorker
    simulator: Simulator | None = None

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def is_mock(self) -> bool:
        return self.simulator is not None

    @property
    def mock(self) -> MockControl | None:
        """The mock controls (faults, scenario actions) of a simulated device; None for real
        hardware."""
        return self.simulator

    @property
    def status(self) -> DeviceStatus:
        return self.device.status

    @property
    def kind(self) -> str:
        return self.config.kind

    @property
    def contract(self) -> type[KindContract]:
        """The kind's contract: what may be asked of this device, its axes, its events."""
        return contract(self.config.kind)

    @property
    def connected(self) -> bool:
        """Open and taking jobs (its first status may still be on its way)."""
        return self.worker.connected

    def client(self) -> DeviceClient:
        """The kind's operations, each run on the device's worker (returns Futures)."""
        return DeviceClient(self)

    def submit(self, operation: str, fn: Callable[[Device], T]) -> Future[T]:
        return self.worker.submit(operation, fn)

    def call(self, operation: str, fn: Callable[[Device], T], timeout: float | None = None) -> T:
        return self.worker.call(operation, fn, timeout or self.config.timeout * 4 + 1)

    def check_health(self, level: HealthLevel, timeout: float | None = None) -> HealthReport:
        return self.call(f"health_{level}", lambda d: d.check_health(level), timeout)

    def describe(self) -> dict:
        st = self.device.status
        counters = self.device.counters.snapshot()
        return {
            "name": self.name,
            "kind": self.config.kind,
            "driver": self.config.driver,
            "port": self.device.port,
            "configured_port": self.config.port,
            "mock": self.is_mock,
            "enabled": self.config.enabled,
            "lifecycle": str(self.device.lifecycle),
            "state": str(st.state),
            "supplies": dict(st.supplies),
            "detail": st.detail,
            "info": self.device.info.to_dict(),
            "last_error": counters["last_error"],
            "counters": counters,
        }


class DeviceClient:
    """A device seen through its kind's contract: ``client.arm()`` queues ``device.arm()`` on
    the device's worker and returns a Future. Only the contract's OPERATIONS exist here, so
    the application cannot reach a driver's private methods by accident."""

    def __init__(self, handle: DeviceHandle) -> None:
        self._handle = handle
        self._contract = handle.contract

    def __getattr__(self, op: str) -> Callable[..., Future]:
        if op.startswith("_") or op not in self._contract.OPERATIONS:
            raise AttributeError(
                f"{self._contract.kind} devices have no operation {op!r} "
                f"(contract {self._contract.__name__}: {', '.join(self._contract.OPERATIONS)})")

        def call(*args, **kwargs) -> Future:
            return self._handle.submit(op, lambda d: getattr(d, op)(*args, **kwargs))

        call.__name__ = op
        return call


class DeviceManager:
    def __init__(
        self,
        configs: Iterable[DeviceConfig],
        *,
        data_dir: Path | None = None,
        force_mock: bool = False,
        production: bool = False,
        source: str = "devices.toml",
        poll_interval: float = 2.0,
        backoff_max: float = 10.0,
    ) -> None:
        self.events = EventBus()
        self.data_dir = data_dir
        self.force_mock = force_mock
        self.poll_interval = poll_interval
        self.backoff_max = backoff_max
        self.configs = [c for c in configs if c.enabled]
        if production and not force_mock:
            for c in self.configs:
                if c.mock:
                    raise ConfigError(
                        source, f"{c.name}.mock",
                        "mock devices are refused in production mode (start with --mock to "
                        "run on simulators on purpose)",
                    )
        self.handles: dict[str, DeviceHandle] = {}
        self._started = False

    def _is_mock(self, config: DeviceConfig) -> bool:
        return self.force_mock or config.mock

    def _build(self, config: DeviceConfig) -> DeviceHandle:
        spec = config.spec
        simulator = None
        port = config.port
        if self._is_mock(config):
            if spec.simulator_factory is None:
                raise ConfigError("devices.toml", f"{config.name}.mock",
                                  f"driver {config.driver!r} has no simulator")
            simulator = spec.simulator_factory(config, self.data_dir)
            simulator.start()
            port = simulator.port
            log.warning("%s: MOCK device — simulator on %s", config.name, port)
        try:
            counters = Counters(
                self.data_dir / "devices" / f"{config.name}.json" if self.data_dir else None
            )
            device = spec.device_class(
                config.name, port, config.options,
                timeout=config.timeout, events=self.events, counters=counters,
            )
            kind_contract = contract(config.kind)
            if not isinstance(device, kind_contract):
                raise TypeError(f"driver {config.driver!r} builds a {type(device).__name__}, "
                                f"which does not implement the {config.kind!r} contract "
                                f"({kind_contract.__name__})")
        except BaseException:
            if simulator is not None:  # not in self.handles yet: stop() would not see it
                simulator.stop()
            raise
        worker = DeviceWorker(device, poll_interval=self.poll_interval,
                              backoff_max=self.backoff_max)
        return DeviceHandle(config, device, worker, simulator)

    def start(self) -> DeviceManager:
        if self._started:
            return self
        try:
            for config in self.configs:
                handle = self._build(config)
                self.handles[config.name] = handle
                handle.worker.start()
        except BaseException:
            # `with DeviceManager(...)` does not call __exit__ when __enter__ raises: do not
            # leave the devices built so far running
            self.stop()
            raise
        self._started = True
        return self

    def wait_ready(self, timeout: float) -> bool:
        """Wait until every device has had its first connection attempt; True when all are
        connected. A device that is absent does not hold this up beyond its own attempt."""
        import time

        end = time.monotonic() + timeout
        ok = True
        for handle in self.handles.values():
            w = handle.worker
            w.wait_first_attempt(max(0.0, end - time.monotonic()))
            # a device that connected is waited for until its first status is in
            ok &= w.wait_connected(max(0.0, end - time.monotonic())) if w.connected else False
        return ok

    def stop(self) -> None:
        for handle in self.handles.values():
            handle.worker.stop()
            if handle.simulator is not None:
                handle.simulator.stop()
        self._started = False

    def __enter__(self) -> DeviceManager:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def get(self, name: str) -> DeviceHandle:
        try:
            return self.handles[name]
        except KeyError:
            raise KeyError(f"no device named {name!r} (configured: "
                           f"{', '.join(self.handles) or 'none'})") from None

    def by_kind(self, kind: str) -> list[DeviceHandle]:
        return [h for h in self.handles.values() if h.config.kind == kind]

    def first(self, kind: str) -> DeviceHandle | None:
        found = self.by_kind(kind)
        return found[0] if found else None

    @property
    def any_mock(self) -> bool:
        return any(h.is_mock for h in self.handles.values())

    def describe(self) -> list[dict]:
        return [h.describe() for h in self.handles.values()]
