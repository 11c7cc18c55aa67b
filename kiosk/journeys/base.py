"""What a journey is: a home tile, what it needs, and its steps as a plain-Python state machine.

A journey package (``kiosk/journeys/<name>/``) declares one :class:`JourneySpec` named
``JOURNEY`` in its ``__init__.py``. The shell (:class:`kiosk.flows.flow.KioskFlow`) shows its
tile, derives its availability from ``needs``/``central``/``hours24`` (and ``ready``), starts
it on a tap, wipes it when the session ends, and offers error screens, staff calls,
languages and elder mode around it — without knowing any journey by name. The journey's
screens (Qt) live in the package's ``screens`` module as ``SCREENS = {step: ScreenClass}``.

Nothing here imports Qt, waits or does I/O: a journey asks for slow work through
:meth:`Journey.device`, :meth:`Journey.central` and :meth:`Journey.print`, whose answers
come back later through ``.then(done, failed)`` on the flow's thread.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from kiosk.flows.effects import Request
from kiosk.flows.notify import tap

if TYPE_CHECKING:
    from kiosk.flows.availability import Reason
    from kiosk.flows.flow import KioskFlow
    from kiosk.flows.state import KioskState

log = logging.getLogger(__name__)


from kiosk.flows.words import N_  # noqa: E402,F401 - journeys' specs import it from here


@dataclass(frozen=True)
class Tile:
    """The journey's home tile. ``title``/``subtitle`` are Chinese source strings marked with
    ``N_()``: the UI translates them."""

    title: str
    subtitle: str
    icon: str = ""  # a kiosk.ui.widgets.Icon name; "" draws a plain tile
    order: int = 100  # tiles sort by (group order, order)
    group: str = "main"


@dataclass(frozen=True)
class JourneySpec:
    name: str  # stable id: screens are "<name>.<step>", `kiosk journeys` lists it
    tile: Tile
    #: "module:Class" of the Journey (Qt-free), imported when the journey first starts
    flow: str
    #: module with SCREENS = {step: ScreenClass} (Qt), imported by the window
    screens: str
    #: device kinds it cannot start without (every blocking axis of theirs counts)
    needs: tuple[str, ...] = ()
    #: device kinds it uses when they work (an ID card for priority, say)
    optional: tuple[str, ...] = ()
    #: central capabilities it needs online (queue, appointments, cases …)
    central: tuple[str, ...] = ()
    #: central capabilities it uses when online but can do without (offline fallback)
    central_optional: tuple[str, ...] = ()
    #: may start outside office hours (24-hour self-service zone)
    hours24: bool = False
    #: journey-specific precondition on the shell's state: a Reason to wait, or None
    ready: Callable[[KioskState], Reason | None] | None = None
    description: str = ""  # one English line for `kiosk journeys`
    #: "citizen": a tile on the home screen; "staff": on the staff screen, behind the PIN
    audience: str = "citizen"
    #: "module:function" the kiosk runs once when it starts, in its pool, as
    #: ``function(manager, central)``: finish what a crash left half-done (a card in a
    #: dispenser); "" for none
    recover: str = ""
    #: the home screen's search box opens this journey with ``opened_by="search"`` (the service
    #: guides): a citizen who knows what they want types it instead of browsing tiles
    home_search: bool = False

    def __post_init__(self) -> None:
        if self.audience not in ("citizen", "staff"):
            raise ValueError(f"journey {self.name}: audience must be 'citizen' or 'staff'")

    @property
    def issues_tickets(self) -> bool:
        """Whether the journey hands out queue numbers (a ticket, a re-issue, an appointment's
        check-in): outside hours its tile speaks of tickets, the others of service."""
        return bool({"queue", "appointments"} & {*self.central, *self.central_optional})

    def recovery(self) -> Callable | None:
        """The ``recover`` function (imported now), or None."""
        if not self.recover:
            return None
        import importlib

        module, _, attr = self.recover.partition(":")
        return getattr(importlib.import_module(module), attr)

    def journey_class(self) -> type[Journey]:
        import importlib

        module, _, attr = self.flow.partition(":")
        cls = getattr(importlib.import_module(module), attr)
        if not (isinstance(cls, type) and issubclass(cls, Journey)):
            raise TypeError(f"{self.flow} is not a Journey")
        return cls


class Pending:
    """A request on its way: ``.then(done, failed)`` says who gets the answer.

    The answer is ignored if the journey was dropped meanwhile (the citizen left, the session
    was wiped), and the screen is re-rendered once after the handler ran."""

    def __init__(self, journey: Journey, request: Request) -> None:
        self._journey = journey
        self._request = request
        self._sent = False

    def then(self, done: Callable[[Any], None] | None = None,
             failed: Callable[[BaseException], None] | None = None) -> None:
        if self._sent:
            raise RuntimeError("a request is sent once")
        self._sent = True
        shell = self._journey.shell
        what = self._request.describe()
        ok = shell.callback(done or (lambda _value: None))
        bad = shell.callback(failed or (lambda exc: log.warning("%s failed: %s", what, exc)))
        shell.effects.request(self._request, ok, bad)


class _Proxy:
    """``journey.central.queue.take_ticket(…)`` → a Pending request for "central:queue"."""

    def __init__(self, journey: Journey, target: str, name: str = "") -> None:
        self._journey, self._target, self._name = journey, target, name

    def __getattr__(self, attr: str):
        if attr.startswith("_"):
            raise AttributeError(attr)
        if not self._name:
            return _Proxy(self._journey, self._target, attr)

        def call(*args, **kwargs) -> Pending:
            return Pending(self._journey, Request(self._target, self._name, attr, args, kwargs))

        return call


@dataclass
class Notice:
    """A one-line note on the current step: ``code`` names the words (the UI's texts);
    ``subject``/``recovery`` fill them (which device, what it takes)."""

    code: str
    subject: str | None = None
    recovery: str | None = None
    detail: str | None = None  # a device error's code (auth_failed …), for finer words


class Journey:
    """One citizen's journey through one function, step by step.

    Subclasses set ``FIRST_STEP`` and the step sets, keep their own session data as
    attributes (wiped in :meth:`wipe`) and decorate tap handlers with
    :func:`kiosk.flows.notify.tap` (results: plain methods passed to ``then``).
    """

    spec: ClassVar[JourneySpec]
    FIRST_STEP: ClassVar[str] = "start"
    #: steps where the citizen is still entering things: if a needed device or service goes
    #: down here, the journey stops with a "device lost" error at once
    INPUT_STEPS: ClassVar[frozenset[str]] = frozenset()
    #: steps that show a result: the quiet period before returning home is the shorter
    #: result time, and the kiosk returns home without asking "still there?"
    RESULT_STEPS: ClassVar[frozenset[str]] = frozenset()
    #: 好差评 at the end: what Done on a result offers to rate (an evaluation subject type,
    #: "ticket", "case" or "kiosk"); None: Done ends the session at once. A journey that
    #: sets it lists the shared rating screen (kiosk.ui.rating.RatingScreen) under
    #: RATE_STEP in its SCREENS, and ends with :meth:`finish`
    RATE_SUBJECT: ClassVar[str | None] = None
    RATE_STEP: ClassVar[str] = "rate"

    def __init__(self, shell: KioskFlow) -> None:
        self.shell = shell
        self.step = self.FIRST_STEP
        #: how it was opened: "" from its tile, "search" from the home screen's search box
        self.opened_by = ""
        self.working: str | None = None  # what the kiosk is doing for the citizen now
        self.notice: Notice | None = None
        self._steps: list = []  # shared step components, told about leaving and wiping
        self.central = _Proxy(self, "central")
        self.rating = None  # kiosk.journeys.steps.rating.RateStep when the journey rates
        if self.RATE_SUBJECT is not None:
            from kiosk.journeys.steps.rating import RateStep  # (it imports this module)

            self.rating = self.uses(RateStep(self, self.RATE_STEP,
                                             subject_type=self.RATE_SUBJECT))

    # ------------------------------------------------------------------ for subclasses
    def device(self, kind: str) -> _Proxy:
        """The kind's contract operations: ``self.device("idcard").arm().then(…)``."""
        return _Proxy(self, "device", kind)

    def print(self, kind: str, document: Any) -> Pending:
        """Print ``document`` (kiosk.printing) on the first working device of ``kind``."""
        return Pending(self, Request("print", kind, "print", (document,), {}))

    def mock(self, kind: str, action: str, **params: Any) -> None:
        """Mock mode: a scenario action on the kind's simulator (place a card …)."""
        if self.shell.state.mock:
            Pending(self, Request("mock", kind, action, (), params)).then()

    def go(self, step: str) -> None:
        self.step = step
        self.shell.show_step(self)

    def at(self, *steps: str) -> bool:
        """True when this journey is on screen at one of ``steps`` (stale taps are ignored)."""
        return self.shell.journey is self and self.step in steps and \
            self.shell.state.screen == self.screen

    def uses(self, step) -> Any:
        """Register a shared step component (told about health, errors, wipes)."""
        self._steps.append(step)
        return step

    def kind_up(self, kind: str) -> bool:
        return self.shell.health.kind_up(kind)

    def fail(self, code: str, actions, *, retry: Callable[[], None] | None = None,
             exc: BaseException | None = None) -> None:
        """Show the shell's error screen with ``actions`` (kiosk.flows.state.Action)."""
        self.working = None
        self.shell.show_error(code, tuple(actions), exc=exc, retry=retry)

    # ------------------------------------------------------------------ for the shell
    @property
    def screen(self) -> str:
        return f"{self.spec.name}.{self.step}"

    @property
    def busy(self) -> bool:
        return self.working is not None

    def voice_key(self) -> str | None:
        """The prompt to speak now when it is not the step's own (guidance that changes
        within a step); None: the step's prompt (kiosk.voice)."""
        return None

    def voice_fields(self) -> dict:
        """Values for the spoken prompt's {fields} (the compartment number …)."""
        return {}

    @property
    def progress(self) -> tuple[int, int] | None:
        """(this step, of how many) for the step indicator; None: no indicator."""
        return None

    @property
    def showing_result(self) -> bool:
        # the rating is offered after a result: a citizen who walks away from it is gone
        # as from the result (home after the result time, no "still there?", nothing sent)
        return self.step in self.RESULT_STEPS or (self.rating is not None
                                                  and self.step == self.RATE_STEP)

    @property
    def entering(self) -> bool:
        return self.step in self.INPUT_STEPS

    def start(self) -> None:
        self.go(self.FIRST_STEP)

    def back(self) -> None:
        """The citizen's Back: by default, home."""
        self.shell.go_home()

    def rate_subject(self) -> str:
        """What the rating is of (a ticket number, a case id); by default the journey."""
        return self.spec.name

    @property
    def rated(self) -> bool:
        return self.rating is not None and self.rating.sent

    @tap
    def rate_result(self, score: int) -> None:
        """好差评 from the bar under any result (every citizen journey): a good rating is sent
        at once and the result stays; a lower one opens the rating screen for its reasons."""
        from kiosk.journeys.steps.rating import REASONS_AT_OR_BELOW, SCORES, RateStep

        if score not in SCORES or not self.showing_result or self.step == self.RATE_STEP \
                or self.rated or self.busy:
            return
        if self.rating is None:
            self.rating = self.uses(RateStep(self, self.RATE_STEP,
                                             subject_type=self.RATE_SUBJECT or "kiosk"))
        if score > REASONS_AT_OR_BELOW:
            self.rating.send_now(self.rate_subject(), score)
            return
        self.rating.offer(self.rate_subject())
        self.rating.choose(score)

    @tap
    def finish(self) -> None:
        """Done on a result: the rating (好差评) once, for a journey that rates; then — or
        else at once — the session ends (the shell's finish)."""
        if self.RATE_SUBJECT is not None and self.rating is not None \
                and not self.rating.sent and self.step != self.RATE_STEP and not self.busy:
            self.rating.offer(self.rate_subject())
            return
        self.shell.finish()

    def on_device_event(self, event: object) -> None:
        """A typed device event (card read, card removed …) while this journey runs."""
        for step in self._steps:
            handler = getattr(step, "on_device_event", None)
            if handler is not None:
                handler(event)

    def on_device_error(self, kind: str, operation: str, error: BaseException,
                        recovery: str) -> None:
        """A device failed an operation (also in waiting mode): tell the step in front."""
        for step in self._steps:
            handler = getattr(step, "on_device_error", None)
            if handler is not None:
                handler(kind, operation, error, recovery)

    def on_health(self) -> None:
        """Health changed (a device went down or came back) while the journey is open."""
        for step in self._steps:
            handler = getattr(step, "on_health", None)
            if handler is not None:
                handler()

    def staff_reason(self) -> tuple[str, str | None]:
        """(why, which queue number) for a staff call made during this journey."""
        return self.screen, None

    def close(self) -> None:
        """The journey is dropped: stop what it started (disarm readers), wipe its data."""
        for step in self._steps:
            try:
                step.close()
            except Exception:  # noqa: BLE001 - a step failing to close must not keep data
                log.exception("closing step %r failed", step)
        self.wipe()

    def wipe(self) -> None:
        """Forget everything personal this journey held (override and call super)."""
        self.notice = None
