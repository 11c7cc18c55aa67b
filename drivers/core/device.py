"""The one device model every driver implements.

Life cycle: ``open() → enable() → use → disable() → close()``; ``close()`` is always safe.
A driver subclasses :class:`Device`, implements ``_open``/``_close``/``poll_status`` and its
own operations, and runs every operation through :meth:`Device.run`, which keeps the
counters, turns failures into status changes and publishes error events naming the recovery.
Drivers never talk to the UI; the :class:`~drivers.core.worker.DeviceWorker` calls them on
the device's own thread.
"""
from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from drivers.core.counters import Counters
from drivers.core.errors import DeviceError, NotReady
from drivers.core.events import EventBus
from drivers.core.status import (
    DeviceErrorEvent,
    DeviceInfo,
    DeviceState,
    DeviceStatus,
    HealthCheck,
    HealthLevel,
    HealthReport,
    Recovery,
    StatusChanged,
)

log = logging.getLogger(__name__)
T = TypeVar("T")


class LifeCycle(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    ENABLED = "enabled"


class Device(ABC):
    kind: ClassVar[str] = "device"
    #: seconds between idle() calls on the worker; None: the worker's default poll interval
    idle_interval: float | None = None
    #: supply/media axes this kind reports, all ``unknown`` until the device answers
    supply_axes: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        name: str,
        port: str,
        options: Mapping[str, Any] | None = None,
        *,
        timeout: float = 2.0,
        events: EventBus | None = None,
        counters: Counters | None = None,
    ) -> None:
        self.name = name
        self.port = port
        self.options = dict(options or {})
        self.timeout = timeout  # deadline of one exchange, seconds
        self.events = events or EventBus()
        self.counters = counters or Counters(None)
        self.info = DeviceInfo()
        self.lifecycle = LifeCycle.CLOSED
        self._status_lock = threading.Lock()
        self._status = DeviceStatus(
            DeviceState.OFFLINE,
            {axis: "unknown" for axis in self.supply_axes},
            "not opened yet",
        )

    # ----------------------------------------------------------------- life cycle
    def open(self) -> None:
        if self.lifecycle is not LifeCycle.CLOSED:
            return
        try:
            self._open()
        except Exception:
            self._close_quietly()
            raise
        self.lifecycle = LifeCycle.OPEN
        self.counters.mark_seen()

    def enable(self) -> None:
        if self.lifecycle is LifeCycle.CLOSED:
            raise NotReady(f"{self.name}: enable() before open()")
        if self.lifecycle is LifeCycle.OPEN:
            self._enable()
            self.lifecycle = LifeCycle.ENABLED

    def disable(self) -> None:
        if self.lifecycle is LifeCycle.ENABLED:
            try:
                self._disable()
            finally:
                self.lifecycle = LifeCycle.OPEN

    def close(self) -> None:
        """Always safe: from any state, twice, after the hardware vanished."""
        if self.lifecycle is LifeCycle.ENABLED:
            try:
                self.disable()
            except Exception:  # noqa: BLE001
                log.debug("%s: disable during close failed", self.name, exc_info=True)
        self._close_quietly()
        self.lifecycle = LifeCycle.CLOSED
        self.counters.flush()

    def _close_quietly(self) -> None:
        try:
            self._close()
        except Exception:  # noqa: BLE001 - close must never raise
            log.debug("%s: close failed", self.name, exc_info=True)

    # ------------------------------------------------------------ driver hooks
    @abstractmethod
    def _open(self) -> None:
        """Connect and identify the device (fill ``self.info``); raise a DeviceError."""

    @abstractmethod
    def _close(self) -> None:
        """Release the port. May be called when already closed."""

    def _enable(self) -> None:
        """Start accepting work (e.g. arm a card reader)."""

    def _disable(self) -> None:
        """Stop accepting work."""

    @abstractmethod
    def poll_status(self) -> DeviceStatus:
        """Ask the hardware for its status, without side effects. Raise on no/garbage answer."""

    def external_checks(self) -> list[HealthCheck]:
        """Checks with side effects (print a test line, move a card). Default: none."""
        return []

    # ------------------------------------------------------------------ status
    @property
    def status(self) -> DeviceStatus:
        with self._status_lock:
            return self._status

    def set_status(
        self,
        state: DeviceState | None = None,
        supplies: Mapping[str, str] | None = None,
        detail: str | None = None,
    ) -> DeviceStatus:
        """Merge a status update; publish StatusChanged when any axis changed."""
        with self._status_lock:
            old = self._status
            changes: dict[str, Any] = {}
            if state is not None:
                changes["state"] = state
            if supplies:
                changes["supplies"] = supplies
            if detail is not None:
                changes["detail"] = detail
            new = old.replace(**changes)
            self._status = new
        changed = new.diff(old)
        if changed:
            log.info("%s: %s", self.name, ", ".join(f"{k} {a}→{b}" for k, (a, b) in changed.items()))
            self.events.publish(StatusChanged(self.name, old, new, changed))
        return new

    # -------------------------------------------------------------- operations
    def run(self, operation: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run one operation: count it, and turn a failure into status + an error event.

        Any exception that is not a DeviceError is a driver bug; it is wrapped so that
        callers only ever see typed device errors.
        """
        try:
            result = fn(*args, **kwargs)
        except DeviceError as exc:
            self._on_failure(operation, exc)
            raise
        except Exception as exc:  # noqa: BLE001
            log.exception("%s: %s failed with an unexpected error", self.name, operation)
            # the exception's text may quote what the device sent (a card's name, say): it
            # goes to the (redacted) log above, not into the message, status and counters file
            wrapped = DeviceError(
                f"{self.name}: {operation}: internal driver error ({type(exc).__name__}; "
                "see the kiosk log)",
                recovery=Recovery.TECHNICIAN,
                code="internal",
            )
            self._on_failure(operation, wrapped)
            raise wrapped from exc
        self.counters.record_success(operation)
        return result

    def _on_failure(self, operation: str, exc: DeviceError) -> None:
        self.counters.record_failure(operation, str(exc), str(exc.recovery))
        # a device that stopped answering, or whose status query failed, no longer tells us
        # its supplies: what we knew is stale, so every axis goes back to unknown, in the same
        # update as the state
        lost = exc.state in (DeviceState.OFFLINE, DeviceState.NO_DEVICE) or operation == "status"
        supplies = {axis: "unknown" for axis in self.supply_axes} if lost else None
        if exc.state is not None or supplies:
            self.set_status(state=exc.state, supplies=supplies, detail=str(exc))
        self.events.publish(DeviceErrorEvent(self.name, operation, exc, exc.recovery))

    def idle(self) -> None:
        """Called on the worker thread when no job is queued, every ``idle_interval`` s.

        Default: refresh the status (detects unplugging and supply changes). A card reader
        overrides it to watch for cards while armed.
        """
        self.refresh_status()

    def refresh_status(self) -> DeviceStatus:
        status = self.run("status", self.poll_status)
        self.counters.mark_seen()
        return self.set_status(status.state, status.supplies, status.detail)

    def check_health(self, level: HealthLevel = HealthLevel.INTERNAL) -> HealthReport:
        """Internal: status query only. External: also the driver's side-effect checks."""
        checks: list[HealthCheck] = []
        error = ""
        try:
            status = self.refresh_status()
            checks.append(HealthCheck("status", status.state is DeviceState.ONLINE, status.detail))
            if level is HealthLevel.EXTERNAL:
                checks.extend(self.run("external_check", self.external_checks))
        except DeviceError as exc:
            error = str(exc)
            checks.append(HealthCheck("exchange", False, str(exc)))
        ok = not error and all(c.ok for c in checks)
        return HealthReport(self.name, level, ok, self.status, tuple(checks), error)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} {self.port} {self.lifecycle}>"
