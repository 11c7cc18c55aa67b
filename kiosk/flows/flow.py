"""The kiosk's screen flow as a plain-Python state machine.

Widgets call the methods here when a citizen taps; device and service results come back
through the same object; listeners (the Qt window, or a test) are told after every change
and render :attr:`KioskFlow.state`. Nothing here imports Qt, waits, or does I/O: slow work
goes through :class:`~kiosk.flows.effects.Effects` and answers via callbacks.

The shell (this module): home, out of service, language, elder mode, staff call, the idle
timeout that wipes a session. The ticket journey's steps are in :mod:`kiosk.flows.ticket`.
"""
from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime

from kiosk.flows.availability import (
    Availability,
    Fn,
    FunctionStatus,
    Health,
    Reason,
    evaluate,
)
from kiosk.flows.effects import Effects
from kiosk.flows.hours import OfficeHours
from kiosk.flows.notify import event, tap
from kiosk.flows.state import (
    JOURNEY_INPUT_SCREENS,
    Action,
    CardStep,
    ErrorInfo,
    KioskState,
    Purpose,
    Screen,
    TicketSession,
)
from kiosk.flows.ticket import TicketSteps, wipe_card
from kiosk.services import Category

log = logging.getLogger(__name__)

DEFAULT_LANG = "zh_CN"
LANGUAGES = ("zh_CN", "en")


class KioskFlow(TicketSteps):
    def __init__(
        self,
        effects: Effects,
        *,
        hours: OfficeHours,
        categories: Iterable[Category] = (),
        hall_name: str = "",
        hall_name_en: str = "",
        mock: bool = False,
        clock: Callable[[], datetime] = datetime.now,
        monotonic: Callable[[], float] = time.monotonic,
        idle_timeout_s: float = 90,
        countdown_s: int = 20,
        done_timeout_s: float = 30,
        health: Health | None = None,
        ticket_prefixes: Iterable[str] = (),
        default_lang: str = DEFAULT_LANG,
    ) -> None:
        #: the language every session starts in and returns to ([kiosk] language)
        self.default_lang = default_lang if default_lang in LANGUAGES else DEFAULT_LANG
        self.effects = effects
        self.hours = hours
        self.clock = clock
        self.monotonic = monotonic
        self.idle_timeout_s = idle_timeout_s
        self.countdown_s = countdown_s
        self.done_timeout_s = min(done_timeout_s, idle_timeout_s)
        self.state = KioskState(lang=self.default_lang, mock=mock, hall_name=hall_name,
                                hall_name_en=hall_name_en, categories=tuple(categories))
        self._health = health or Health()
        self._listeners: list[Callable[[KioskState], None]] = []
        self._depth = 0
        self._last_activity = monotonic()
        self._generation = 0  # bumped when a journey is dropped: late results are ignored
        self._card = None  # the ID card read in this session, until wiped
        self._armed = False
        self._retry: Callable[[], None] | None = None
        self._prefixes = tuple(ticket_prefixes)
        self._reevaluate()

    # ------------------------------------------------------------------ listeners
    def subscribe(self, listener: Callable[[KioskState], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _announce(self) -> None:
        self.state.version += 1
        for listener in list(self._listeners):
            listener(self.state)

    def _activity(self) -> None:
        self._last_activity = self.monotonic()
        self.state.countdown = None

    # ------------------------------------------------------------------ queries
    @property
    def session(self) -> TicketSession | None:
        return self.state.session

    @property
    def health(self) -> Health:
        return self._health

    def function(self, fn: Fn) -> FunctionStatus:
        return self.state.availability.status(fn)

    @property
    def busy(self) -> bool:
        s = self.state.session
        return s is not None and s.working is not None

    @property
    def session_active(self) -> bool:
        """Anything a citizen left behind that the idle timeout must clear."""
        st = self.state
        return (st.session is not None or st.staff_called or st.elder
                or st.lang != self.default_lang
                or st.screen not in (Screen.HOME, Screen.OUT_OF_SERVICE))

    # ------------------------------------------------------------------ shell taps
    @tap
    def touch(self) -> None:
        """"I'm still here": dismisses the countdown, restarts the quiet period."""

    def note_activity(self) -> None:
        """A press anywhere on the screen; announces only when it dismisses the countdown."""
        if self.state.countdown is not None:
            self.touch()
        else:
            self._last_activity = self.monotonic()

    @tap
    def set_language(self, lang: str) -> None:
        if lang in LANGUAGES:
            self.state.lang = lang

    @tap
    def toggle_language(self) -> None:
        self.state.lang = "en" if self.state.lang == "zh_CN" else "zh_CN"

    @tap
    def toggle_elder(self) -> None:
        self.state.elder = not self.state.elder
        s = self.state.session
        if s is not None:  # fewer items per page: keep the page in range
            s.page = min(s.page, self.page_count() - 1)

    @tap
    def call_staff(self) -> None:
        s = self.state.session
        number = s.ticket.number if s and s.ticket else None
        reason = self.state.screen.value
        if s and s.print_problem:
            reason += f":{s.print_problem}"
        self.effects.call_staff(reason, number)
        self.state.staff_called = True

    @tap
    def dismiss_staff(self) -> None:
        self.state.staff_called = False

    @tap
    def open_function(self, fn: Fn) -> None:
        if self.state.screen is not Screen.HOME or not self.function(fn).available:
            return
        self._drop_journey()
        if fn is Fn.TICKET:
            self.state.session = TicketSession(Purpose.NEW)
            self._go(Screen.CATEGORY)
        elif fn is Fn.REISSUE:
            self.state.session = TicketSession(Purpose.REISSUE)
            self._go(Screen.REISSUE)
        elif fn is Fn.GUIDE:
            floors = self.floors()
            self.state.guide_floor = floors[0] if floors else None
            self._go(Screen.GUIDE)

    def floors(self) -> list[int]:
        return sorted({c.floor for c in self.state.categories})

    @tap
    def show_floor(self, floor: int) -> None:
        if self.state.screen is Screen.GUIDE and floor in self.floors():
            self.state.guide_floor = floor

    @tap
    def go_home(self) -> None:
        """The citizen's "home" button: drop the journey, keep language and elder mode."""
        if self.busy:
            return
        self._drop_journey()
        self.state.error = None
        self._go(Screen.OUT_OF_SERVICE if self.state.availability.out_of_service else Screen.HOME)

    @tap
    def finish(self) -> None:
        """"Done" after a ticket: the session is over, the next citizen starts fresh."""
        if not self.busy:
            self.end_session()

    @tap
    def act(self, action: Action) -> None:
        """One of the ways on offered by an error screen."""
        if action is Action.RETRY and self._retry is not None and self.state.screen is Screen.ERROR:
            retry, self._retry = self._retry, None
            self.state.error = None
            retry()
        elif action is Action.REPRINT:
            self.reprint()
        elif action is Action.STAFF:
            self.call_staff()
        elif action is Action.HOME:
            if self.state.screen in (Screen.DONE, Screen.PRINT_FAILED):
                self.end_session()
            else:
                self.go_home()
        elif action is Action.BACK:
            self.back()

    @event
    def end_session(self, reason: str = "finished") -> None:
        """Back to a fresh kiosk: wipe card data and the mobile number, Chinese, normal mode."""
        log.info("session ended (%s)", reason)
        self._drop_journey()
        st = self.state
        st.error = None
        st.staff_called = False
        st.countdown = None
        st.lang = self.default_lang
        st.elder = False
        self._last_activity = self.monotonic()
        self._go(Screen.OUT_OF_SERVICE if st.availability.out_of_service else Screen.HOME)

    # ------------------------------------------------------------------ world events
    @event
    def update_health(self, health: Health) -> None:
        self._health = health
        if not self._reevaluate():
            self._react()  # e.g. the ID reader: no function needs it, the ID step does

    @event
    def set_categories(self, categories: Iterable[Category]) -> None:
        self.state.categories = tuple(categories)
        self._reevaluate()

    @event
    def set_mock(self, mock: bool) -> None:
        self.state.mock = mock

    def tick(self) -> None:
        """Called about once a second: office hours and the idle timeout."""
        changed = self._reevaluate()
        changed |= self._idle_tick()
        if changed and self._depth == 0:
            self._announce()

    def _idle_tick(self) -> bool:
        st = self.state
        now = self.monotonic()
        if self.busy:  # printing is not idleness; the quiet period starts when it ends
            self._last_activity = now
            return False
        if not self.session_active:
            return False
        limit = self.done_timeout_s if st.screen is Screen.DONE else self.idle_timeout_s
        idle = now - self._last_activity
        if idle < limit:
            if st.countdown is not None:
                st.countdown = None
                return True
            return False
        left = math.ceil(limit + self.countdown_s - idle)
        if left <= 0:
            self._depth += 1
            try:
                self.end_session("idle timeout")
            finally:
                self._depth -= 1
            return True
        if st.countdown != left:
            st.countdown = left
            return True
        return False

    # ------------------------------------------------------------------ internals
    def _go(self, screen: Screen) -> None:
        self.state.screen = screen

    def _drop_journey(self) -> None:
        """Forget the journey and everything personal it held; late results are ignored."""
        self._generation += 1
        self._disarm()
        self._wipe_card()
        self._retry = None
        self.state.session = None

    def _wipe_card(self) -> None:
        card, self._card = self._card, None
        wipe_card(card)

    def _arm(self) -> None:
        if not self._armed:
            self._armed = True
            self.effects.arm_idcard()

    def _disarm(self) -> None:
        if self._armed:
            self._armed = False
            self.effects.disarm_idcard()

    def _callback(self, fn: Callable[[object], None]) -> Callable[[object], None]:
        """Wrap a result handler: ignored if the journey it belongs to was dropped."""
        generation = self._generation

        def handler(value):
            if generation != self._generation:
                log.debug("late result ignored: %s", getattr(fn, "__name__", fn))
                return
            self._depth += 1
            try:
                fn(value)
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._announce()

        return handler

    def _evaluate(self) -> Availability:
        av = evaluate(self._health, self.hours, self.clock())
        ticket = av.functions.get(Fn.TICKET, FunctionStatus(False))
        if not self.state.categories and ticket.available:
            functions = dict(av.functions)
            functions[Fn.TICKET] = FunctionStatus(False, Reason("catalogue", "loading"))
            av = replace(av, functions=functions)
        return av

    def _reevaluate(self) -> bool:
        """Recompute what can run and react to it. True when the availability changed."""
        av = self._evaluate()
        if av == self.state.availability:
            return False
        self.state.availability = av
        self._react()
        return True

    def _react(self) -> None:
        st = self.state
        if self.busy:  # finish taking/printing first; results land on screens handled below
            return
        oos = st.availability.out_of_service
        if oos:
            # a number on screen (done, print failed, error) stays until the citizen leaves;
            # ending the session then shows out of service
            if st.screen in (Screen.HOME, Screen.GUIDE) or st.screen in JOURNEY_INPUT_SCREENS:
                log.warning("out of service: %s %s", oos.subject, oos.problem)
                self._drop_journey()
                st.error = None
                self._go(Screen.OUT_OF_SERVICE)
            return
        if st.screen is Screen.OUT_OF_SERVICE:
            log.info("back in service")
            self._go(Screen.HOME)
            return
        self._device_lost_mid_journey()

    def _device_lost_mid_journey(self) -> None:
        st, s = self.state, self.state.session
        if s is None or st.screen not in JOURNEY_INPUT_SCREENS:
            return
        if st.screen is Screen.IDCARD and not self._health.kind_up("idcard"):
            self._disarm()
            if s.card_step is CardStep.WAITING:
                s.card_step = CardStep.UNAVAILABLE
                s.notice = "idcard_lost"
        fn = Fn.TICKET if s.purpose is Purpose.NEW else Fn.REISSUE
        status = self.function(fn)
        if status.available or status.reason is None or status.reason.subject == "hours":
            return  # closing time mid-journey: let the citizen finish, the server decides
        log.warning("%s lost mid-journey: %s %s", fn, status.reason.subject, status.reason.problem)
        self._drop_journey()
        st.error = ErrorInfo("device_lost", (Action.STAFF, Action.HOME),
                             subject=status.reason.subject, problem=status.reason.problem)
        self._go(Screen.ERROR)
