"""The 补换卡 journey without a screen: ``kiosk ssc reissue`` and the tests drive the very same
journey (:mod:`.flow`) and issue (:mod:`.issuing`) code the touch UI runs, with its requests
carried out here, at once and in order, against the device manager and the kiosk's central
side — blocking calls, on this thread (the UI does the same through worker threads).

    runner = Runner(manager, central)
    result = runner.reissue(ID_NUMBER, code="246813")   # or code=None: the demo server's
"""
from __future__ import annotations

import logging
import queue
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from datetime import time as dtime

from kiosk.flows.effects import Request
from kiosk.flows.hours import OfficeHours

log = logging.getLogger(__name__)

#: a technician's run is not bound to office hours
ALWAYS_OPEN = OfficeHours(frozenset(range(1, 8)), ((dtime(0, 0), dtime(23, 59, 59, 999999)),))


class Stop(Exception):
    """Raised by a ``before`` hook: the run stops here (a power cut, in the tests)."""


class DirectEffects:
    """Effects that carry out each request now (queued, so nothing nests), blocking.

    ``before(request)``: called before each request; raising :class:`Stop` stops the run
    where it is — nothing after it happens, as when the power goes."""

    def __init__(self, manager, central, *, timeout: float = 60.0,
                 before: Callable[[Request], None] | None = None) -> None:
        self.manager, self.central = manager, central
        self.timeout = timeout
        self.before = before
        self.requests: list[Request] = []
        self.stopped_at: Request | None = None
        self._queue: deque = deque()
        self._running = False

    def request(self, request: Request, done, failed) -> None:
        self._queue.append((request, done, failed))
        if not self._running:
            self._drain()

    def _drain(self) -> None:
        self._running = True
        try:
            while self._queue and self.stopped_at is None:
                request, done, failed = self._queue.popleft()
                if self.before is not None:
                    try:
                        self.before(request)
                    except Stop:
                        self.stopped_at = request
                        self._queue.clear()
                        return
                self.requests.append(request)
                try:
                    value = self._do(request)
                except Exception as exc:  # noqa: BLE001 - the journey's failure path
                    failed(exc)
                else:
                    done(value)
        finally:
            self._running = False

    def _handle(self, kind: str):
        handles = self.manager.by_kind(kind) if self.manager is not None else []
        for h in handles:
            if h.connected:
                return h
        if not handles:
            from drivers.core.errors import NotReady

            raise NotReady(f"no {kind} device configured")
        return handles[0]

    def _do(self, r: Request):
        if r.target == "device":
            call = getattr(self._handle(r.name).client(), r.op)
            return call(*r.args, **r.kwargs).result(self.timeout)
        if r.target == "central":
            return getattr(getattr(self.central, r.name), r.op)(*r.args, **r.kwargs)
        if r.target == "print":
            handle = self._handle(r.name)
            return handle.submit("print", r.args[0].job()).result(self.timeout)
        if r.target == "mock":
            control = self._handle(r.name).mock
            if control is not None:
                control.perform(r.op, **dict(r.kwargs))
            return None
        raise ValueError(f"{r.describe()}: not for the direct runner")


@dataclass
class Result:
    outcome: str  # taken | retained | failed | refused | stopped
    screen: str
    application_id: str | None = None
    failure: str | None = None
    card_at: str | None = None
    card_number_masked: str = ""
    error: str = ""
    marks: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"outcome": self.outcome, "screen": self.screen,
                "application_id": self.application_id, "failure": self.failure,
                "card_at": self.card_at, "card_number_masked": self.card_number_masked,
                "error": self.error,
                "stages_s": {k: round(v, 3) for k, v in self.marks.items()}}


class Runner:
    """One kiosk flow with the 补换卡 journey, driven by calls instead of taps."""

    def __init__(self, manager, central, *, mock: bool = True, timeout: float = 60.0,
                 take_timeout_s: float | None = None, take_card: bool = True,
                 before: Callable[[Request], None] | None = None,
                 clock: Callable[[], datetime] = datetime.now) -> None:
        from kiosk.flows.availability import Health, device_health
        from kiosk.flows.flow import KioskFlow
        from kiosk.journeys import spec_of

        self.manager, self.central = manager, central
        self.effects = DirectEffects(manager, central, timeout=timeout, before=self._before)
        self._user_before = before
        self.take_card = take_card
        self.take_timeout_s = take_timeout_s
        self._events: queue.Queue = queue.Queue()
        devices = tuple(device_health(h.name, h.kind, h.status, h.is_mock)
                        for h in manager.handles.values()) if manager is not None else ()
        self.flow = KioskFlow(self.effects, hours=ALWAYS_OPEN, journeys=[spec_of(
            "kiosk.journeys.ssc")], mock=mock, clock=clock,
            health=Health(devices, True, None), idle_timeout_s=3600)
        self._unsubscribe = manager.events.subscribe(self._events.put) \
            if manager is not None else (lambda: None)

    def close(self) -> None:
        self._unsubscribe()

    def _before(self, request: Request) -> None:
        if self._user_before is not None:
            self._user_before(request)
        # the citizen at the gate: in a technician's mock run, they take the card
        if (request.key == "card_dispenser.wait_taken" and self.take_card
                and self.flow.state.mock):
            handle = self.effects._handle("card_dispenser")
            if handle.mock is not None:
                handle.mock.perform("take_card")

    @property
    def journey(self):
        return self.flow.journey

    def _screen(self) -> str:
        return str(self.flow.state.screen)

    def reissue(self, id_number: str, *, code: str | None = None, reason: str = "lost",
                retry: int = 0) -> Result:
        """Typed ID number → SMS code (``code``, else the demo server's) → the person's card
        → loss report → photo on record → confirm → the issue → the hand-over."""
        flow = self.flow
        flow.open("ssc")
        j = self.journey
        if j is None:
            return Result("refused", self._screen(), error="the journey is not available")
        if self.take_timeout_s is not None:
            j.take_timeout_s = self.take_timeout_s
        j.type_id()
        for ch in id_number:
            j.id_entry.key(ch)
        j.id_next()
        if self._screen() == "ssc.code":
            code = code or (j.sms or {}).get("demo_code")
            if not code:
                return Result("refused", self._screen(), error="an SMS code is needed (--code)")
            for ch in code:
                j.code.key(ch)
            j.code_next()
        if self._screen() == "ssc.account":
            if j.open_application is not None:
                j.resume()
            else:
                j.choose(reason)
        if self._screen() == "ssc.loss":
            j.confirm_loss()
        if self._screen() == "ssc.photo":
            j.use_photo()
        if self._screen() != "ssc.confirm":
            return self._result("refused")
        j.start_issue()
        while self._screen() == "ssc.failed" and retry > 0 and j.can_retry:
            retry -= 1
            j.start_issue()
        return self._result()

    def _result(self, outcome: str | None = None) -> Result:
        j = self.journey
        st = self.flow.state
        err = st.error
        run = j.run if j is not None else None
        if self.effects.stopped_at is not None:
            outcome = "stopped"
        elif outcome is None:
            outcome = (run.outcome or ("failed" if run.failure else "unknown")) if run else \
                "refused"
        error = ""
        if err is not None:
            error = err.message_en or err.code
        app = (j.application or {}) if j is not None else {}
        marks = {}
        if run is not None and run.marks:
            t0 = min(run.marks.values())
            marks = {k: v - t0 for k, v in sorted(run.marks.items(), key=lambda kv: kv[1])}
        return Result(outcome, str(st.screen), app.get("application_id")
                      or (j.application_id if j else None),
                      run.failure if run else None, run.card_at if run else None,
                      app.get("card_number_masked", ""), error, marks)

    def finish(self) -> None:
        if self.journey is not None and self.journey.step in ("done", "failed"):
            self.journey.finish()


def wait_devices(manager, kinds: tuple[str, ...], timeout: float) -> bool:
    """Until a device of each kind is connected (and answered its first status)."""
    end = time.monotonic() + timeout
    for kind in kinds:
        for h in manager.by_kind(kind):
            if not h.worker.wait_connected(max(0.0, end - time.monotonic())):
                return False
    return True


__all__ = ["ALWAYS_OPEN", "DirectEffects", "Result", "Runner", "Stop", "wait_devices"]
