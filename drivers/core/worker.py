"""One thread per device: all of a device's I/O happens here, never on the Qt thread.

The worker opens and enables its device, runs submitted jobs one at a time, polls status
while idle, and when an exchange says the device is gone (timeout, disconnect) it closes the
device, marks it offline and reconnects with exponential backoff and jitter — so a device
that is unplugged and plugged back comes online again without restarting the kiosk.
"""
from __future__ import annotations

import logging
import queue
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import TypeVar

from drivers.core.device import Device, LifeCycle
from drivers.core.errors import DeviceError, DeviceTimeout, NotReady
from drivers.core.status import DeviceState

log = logging.getLogger(__name__)
T = TypeVar("T")

#: states after which the port is closed and reopened
_RECONNECT_STATES = {DeviceState.OFFLINE, DeviceState.NO_DEVICE}


@dataclass
class _Job:
    operation: str
    fn: Callable[[Device], object]
    future: Future


class DeviceWorker:
    def __init__(
        self,
        device: Device,
        *,
        poll_interval: float = 2.0,
        backoff_initial: float = 0.5,
        backoff_max: float = 30.0,
    ) -> None:
        self.device = device
        self.poll_interval = poll_interval
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._connected = threading.Event()  # jobs are accepted
        self._ready = threading.Event()  # connected and its first status is known
        self._tried = threading.Event()  # the first connection attempt has finished
        self._attempt = 0
        #: time.monotonic() of the loop's last turn: a loop stuck in a driver call stops
        #: moving it (the systemd watchdog's liveness check reads it, kiosk.appliance.watchdog)
        self.beat = time.monotonic()

    # ------------------------------------------------------------------ public
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._loop, name=f"device-{self.device.name}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._jobs.put(None)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.device.close()
        # jobs still queued will never run: fail their futures, so nobody waits for ever
        self._fail_queued_jobs("was stopped")

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def wait_first_attempt(self, timeout: float) -> bool:
        """Wait until the first connection attempt has finished, whatever its outcome."""
        return self._tried.wait(timeout)

    def wait_connected(self, timeout: float) -> bool:
        """Wait until the device is connected and has answered (or failed) its first status."""
        return self._ready.wait(timeout)

    def submit(self, operation: str, fn: Callable[[Device], T]) -> Future[T]:
        """Queue ``fn(device)`` on the device thread. Fails fast when the device is down."""
        future: Future[T] = Future()
        if not self._connected.is_set():
            st = self.device.status
            future.set_exception(
                NotReady(f"{self.device.name} is {st.state}: {st.detail}", message_zh="设备暂不可用")
            )
            return future
        self._jobs.put(_Job(operation, fn, future))
        return future

    def call(self, operation: str, fn: Callable[[Device], T], timeout: float) -> T:
        """Blocking form of :meth:`submit` for CLI and tests (never for the Qt thread)."""
        try:
            return self.submit(operation, fn).result(timeout)
        except FutureTimeout as exc:
            raise DeviceTimeout(
                f"{self.device.name}: {operation} did not finish within {timeout:.1f}s"
            ) from exc

    # ------------------------------------------------------------------- loop
    def _loop(self) -> None:
        while not self._stop.is_set():
            self.beat = time.monotonic()
            if self.device.lifecycle is not LifeCycle.ENABLED:
                connected = self._connect()
                self._tried.set()
                if not connected:
                    self._sleep(self._backoff())
                continue
            try:
                job = self._jobs.get(timeout=self.device.idle_interval or self.poll_interval)
            except queue.Empty:
                self._guarded(self.device.idle)
                continue
            if job is None:
                continue
            if not job.future.set_running_or_notify_cancel():
                continue
            self._run_job(job)
        self._connected.clear()
        self._ready.clear()

    def _run_job(self, job: _Job) -> None:
        try:
            result = self.device.run(job.operation, job.fn, self.device)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            job.future.set_exception(exc)
            self._after_error(exc)
        else:
            job.future.set_result(result)

    def _guarded(self, fn: Callable[[], object]) -> None:
        try:
            fn()
        except DeviceError as exc:
            self._after_error(exc)
        except Exception:  # noqa: BLE001 - a driver bug in idle() must not kill the worker
            log.exception("%s: unexpected error while idle", self.device.name)

    def _after_error(self, exc: BaseException) -> None:
        if isinstance(exc, DeviceError) and self.device.status.state in _RECONNECT_STATES:
            log.warning("%s: %s; reconnecting", self.device.name, exc)
            self._disconnect()

    def _connect(self) -> bool:
        dev = self.device
        try:
            dev.open()
            dev.enable()
        except DeviceError as exc:
            # the detail always says what went wrong — a reader answering with bad checksums
            # is not "offline: not opened yet" — even when the error implies no state change
            dev.set_status(state=exc.state, detail=str(exc))
            self._disconnect()
            if self._attempt == 0:  # once per outage, not at every backoff retry
                log.warning("%s: cannot connect: %s", dev.name, exc)
                dev.counters.record_failure("connect", str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - a driver bug must not kill the worker
            if self._attempt == 0:  # the traceback once per outage, not at every retry
                log.exception("%s: unexpected error while connecting", dev.name)
                dev.counters.record_failure("connect", f"internal driver error ({type(exc).__name__})")
            dev.set_status(state=DeviceState.HARDWARE_ERROR,
                           detail=f"internal driver error ({type(exc).__name__}; see the kiosk log)")
            self._disconnect()
            return False
        # accept jobs before the status can say "online": whoever sees online may submit
        self._connected.set()
        # a first answer that is garbage leaves the port open (the device is there, and a
        # technician can query it); only "gone" answers send the worker back to reconnecting
        self._guarded(dev.refresh_status)
        if not self._connected.is_set():
            return False
        self._attempt = 0
        self._ready.set()
        log.info("%s: connected on %s", dev.name, dev.port)
        return True

    def _disconnect(self) -> None:
        self._connected.clear()
        self._ready.clear()
        self.device.close()
        self._fail_queued_jobs()

    def _fail_queued_jobs(self, why: str = "went offline") -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job is not None and job.future.set_running_or_notify_cancel():
                job.future.set_exception(NotReady(f"{self.device.name} {why}"))

    def _backoff(self) -> float:
        """Full jitter: uniform in [0, min(cap, base·2^n)], never below a small floor."""
        self._attempt += 1
        ceiling = min(self.backoff_max, self.backoff_initial * 2 ** min(self._attempt - 1, 16))
        return max(0.05, random.uniform(0, ceiling))

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self._stop.is_set():
            self.beat = time.monotonic()  # backing off is not hanging
            left = end - time.monotonic()
            if left <= 0:
                return
            self._stop.wait(min(left, 0.1))
