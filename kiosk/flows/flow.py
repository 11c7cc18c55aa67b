"""The kiosk's shell as a plain-Python state machine.

Widgets call the methods here when a citizen taps; device and service results come back
through the same object; listeners (the Qt window, or a test) are told after every change
and render :attr:`KioskFlow.state`. Nothing here imports Qt, waits, or does I/O: slow work
goes through :class:`~kiosk.flows.effects.Effects` and answers via callbacks.

The shell owns home, out of service, the error screen and its ways on, language, elder mode,
staff calls, and the idle timeout that wipes a session. It knows no journey by name: the
journeys (``kiosk/journeys/``) are given as specs and started through :meth:`open`.
"""
from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable
from datetime import datetime

from kiosk.flows.availability import Availability, FunctionStatus, Health, evaluate
from kiosk.flows.effects import Effects, Request
from kiosk.flows.errors import log_failure, service_messages
from kiosk.flows.hours import OfficeHours
from kiosk.flows.notify import event, tap
from kiosk.flows.staff import PIN_MAX, StaffAuth
from kiosk.flows.state import Action, ErrorInfo, KioskState, Screen
from kiosk.flows.words import N_
from kiosk.services import Category
from kiosk.voice.prompts import PROMPTS

log = logging.getLogger(__name__)


# the shell's spoken prompts (kiosk.voice): one short sentence as a screen appears
PROMPTS.register(Screen.HOME, N_("您好，请选择要办理的业务"))
PROMPTS.register(Screen.ERROR, N_("出了点问题，请看屏幕上的说明"))
PROMPTS.register(Screen.OUT_OF_SERVICE, N_("本机暂停服务，请到服务窗口办理"))
PROMPTS.register("idcard.left_on_reader", N_("请取走您的身份证"))

DEFAULT_LANG = "zh_CN"
#: a second call within this long is not sent again: the first one is on its way
STAFF_CALL_REPEAT_S = 180
#: elder mode: more time before "still there?" (reading and typing take longer)
ELDER_IDLE_FACTOR = 2
LANGUAGES = ("zh_CN", "en")


class KioskFlow:
    def __init__(
        self,
        effects: Effects,
        *,
        hours: OfficeHours,
        journeys: Iterable = (),
        categories: Iterable[Category] = (),
        hall_name: str = "",
        hall_name_en: str = "",
        mock: bool = False,
        clock: Callable[[], datetime] = datetime.now,
        monotonic: Callable[[], float] = time.monotonic,
        idle_timeout_s: float = 90,
        countdown_s: int = 20,
        result_timeout_s: float = 30,
        health: Health | None = None,
        default_lang: str = DEFAULT_LANG,
        staff_auth: StaffAuth | None = None,
        hotline: str = "12345",
        kiosk_floor: int = 1,
    ) -> None:
        #: the language every session starts in and returns to ([kiosk] language)
        self.default_lang = default_lang if default_lang in LANGUAGES else DEFAULT_LANG
        self.effects = effects
        self.hours = hours
        self.journeys = {spec.name: spec for spec in journeys}
        self.clock = clock
        self.monotonic = monotonic
        self.idle_timeout_s = idle_timeout_s
        self.countdown_s = countdown_s
        self.result_timeout_s = min(result_timeout_s, idle_timeout_s)
        self.state = KioskState(lang=self.default_lang, mock=mock, hall_name=hall_name,
                                hall_name_en=hall_name_en, categories=tuple(categories))
        self._health = health or Health()
        self.staff_auth = staff_auth or StaffAuth()
        self.hotline = hotline  # the public service hotline, for help after hours
        self.kiosk_floor = kiosk_floor  # where this kiosk stands: "you are here" on the map
        self._listeners: list[Callable[[KioskState], None]] = []
        self._depth = 0
        self._last_activity = monotonic()
        self._generation = 0  # bumped when a journey is dropped: late results are ignored
        self._retry: Callable[[], None] | None = None
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
    def journey(self):
        return self.state.journey

    @property
    def health(self) -> Health:
        return self._health

    def function(self, name: str) -> FunctionStatus:
        return self.state.availability.status(name)

    def tiles(self, audience: str = "citizen") -> list:
        """The journeys' specs for ``audience`` in home-screen order."""
        return sorted((s for s in self.journeys.values() if s.audience == audience),
                      key=lambda s: (s.tile.group != "main", s.tile.group, s.tile.order, s.name))

    @property
    def busy(self) -> bool:
        j = self.state.journey
        return j is not None and j.busy

    @property
    def session_active(self) -> bool:
        """Anything a citizen left behind that the idle timeout must clear."""
        st = self.state
        return (st.journey is not None or st.staff_called or st.elder or st.staff
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

    @tap
    def call_staff(self) -> None:
        """Tell the hall staff someone needs help here — once: a repeat within a few minutes
        shows when the first call went out instead of sending another. After hours nobody is
        on the floor: the panel gives the hotline instead of promising someone."""
        st = self.state
        now = self.clock()
        st.staff_called = True
        st.staff_after_hours = not self.hours.is_open(now)
        if st.staff_after_hours:
            log.info("staff call after hours: the hotline is shown")
            return
        if st.staff_called_at is not None and \
                (now - st.staff_called_at).total_seconds() < STAFF_CALL_REPEAT_S:
            return  # already on its way
        j = st.journey
        reason, number = j.staff_reason() if j is not None else (str(st.screen), None)
        log.warning("staff called at %s%s", reason, f" (ticket {number})" if number else "")
        done = self.callback(lambda _id: None)
        failed = self.callback(lambda exc: log.warning("staff call not delivered: %s", exc))
        self.effects.request(Request("central", "staff", "call", (reason, number)), done, failed)
        st.staff_called_at = now

    @tap
    def dismiss_staff(self) -> None:
        self.state.staff_called = False

    @tap
    def open(self, name: str, opened_by: str = "") -> None:
        """A home tile: start the journey ``name`` if it is available now (a staff journey
        only from the staff screen, past the PIN). ``opened_by``: how ("search":
        the home screen's search box, see ``JourneySpec.home_search``)."""
        spec = self.journeys.get(name)
        if spec is None or not self.function(name).available:
            return
        # from home — or from out of service, for what still works there (the hall guide)
        homes = (Screen.STAFF_HOME,) if spec.audience == "staff" else (Screen.HOME,
                                                                          Screen.OUT_OF_SERVICE)
        if self.state.screen not in homes or (spec.audience == "staff" and not self.state.staff):
            return
        self._drop_journey()
        cls = spec.journey_class()
        cls.spec = spec
        journey = cls(self)
        journey.opened_by = opened_by
        self.state.journey = journey
        journey.start()

    @tap
    def go_home(self) -> None:
        """The citizen's "home" button: drop the journey, keep language and elder mode."""
        if self.busy:
            return
        self._drop_journey()
        self.state.error = None
        self._go(self._home())

    # ------------------------------------------------------------------ staff gate
    @tap
    def staff_gesture(self) -> None:
        """The hidden gesture (a long press on the hall name): the PIN pad."""
        if self.busy or self.state.staff:
            return
        self._drop_journey()
        st = self.state
        st.error = None
        st.staff_pin = ""
        st.staff_message = None if self.staff_auth.enabled else "disabled"
        self._go(Screen.STAFF_LOGIN)

    @tap
    def staff_key(self, ch: str) -> None:
        st = self.state
        if st.screen == Screen.STAFF_LOGIN and ch.isdigit() and len(st.staff_pin) < PIN_MAX:
            st.staff_pin += ch

    @tap
    def staff_backspace(self) -> None:
        if self.state.screen == Screen.STAFF_LOGIN:
            self.state.staff_pin = self.state.staff_pin[:-1]

    @tap
    def staff_submit(self) -> None:
        st = self.state
        if st.screen != Screen.STAFF_LOGIN or not st.staff_pin:
            return
        pin, st.staff_pin = st.staff_pin, ""
        result = self.staff_auth.check(pin)
        if result == "ok":
            st.staff = True
            st.staff_message = None
            self._go(Screen.STAFF_HOME)
        else:
            st.staff_message = result

    @tap
    def leave_staff(self) -> None:
        """Staff are done: back to the citizens' home, as after any session."""
        if self.state.staff or self.state.screen == Screen.STAFF_LOGIN:
            self.end_session("staff left")

    @tap
    def back(self) -> None:
        """The citizen's Back on a shell screen or a journey's step."""
        j = self.state.journey
        if self.state.screen == Screen.ERROR:
            if j is not None and Action.BACK in (self.state.error.actions if self.state.error
                                                 else ()):
                self.state.error = None
                self._go(j.screen)
            else:
                self.go_home()
        elif j is not None and self.state.screen == j.screen:
            j.back()

    @tap
    def finish(self) -> None:
        """"Done" after a result: the session is over, the next citizen starts fresh."""
        if not self.busy:
            self.end_session()

    @tap
    def act(self, action: Action) -> None:
        """One of the ways on offered by the error screen."""
        if self.state.screen != Screen.ERROR or self.state.error is None \
                or action not in self.state.error.actions:
            return
        if action is Action.RETRY and self._retry is not None:
            retry, self._retry = self._retry, None
            self.state.error = None
            retry()
        elif action is Action.STAFF:
            self.call_staff()
        elif action is Action.HOME:
            self.go_home()
        elif action is Action.BACK:
            self.back()
        elif action is Action.REPRINT and self.state.journey is not None:
            reprint = getattr(self.state.journey, "reprint", None)
            if reprint is not None:
                reprint()

    @event
    def end_session(self, reason: str = "finished") -> None:
        """Back to a fresh kiosk: wipe the journey's data, default language, normal mode."""
        log.info("session ended (%s)", reason)
        self._drop_journey()
        st = self.state
        st.error = None
        st.staff_called = False
        st.staff_called_at = None
        st.countdown = None
        st.lang = self.default_lang
        st.elder = False
        st.staff = False
        st.staff_pin = ""
        st.staff_message = None
        self._last_activity = self.monotonic()
        self._go(self._home())

    # ------------------------------------------------------------------ for journeys
    def show_step(self, journey) -> None:
        """A journey moved to another step: show it (only if it is the current journey)."""
        if journey is self.state.journey:
            self.state.error = None
            self._go(journey.screen)

    def show_error(self, code: str, actions: tuple[Action, ...], *,
                   exc: BaseException | None = None,
                   retry: Callable[[], None] | None = None,
                   subject: str | None = None, problem: str | None = None) -> None:
        j = self.state.journey
        zh, en = service_messages(exc) if exc is not None else (None, None)
        if exc is not None:
            log_failure(f"{j.spec.name if j else 'kiosk'}: {code}", exc)
        self.state.error = ErrorInfo(code, actions, zh, en, subject, problem,
                                     j.spec.name if j else None)
        self._retry = retry
        self._go(Screen.ERROR)
        self.after_work()

    def after_work(self) -> None:
        """The quiet period starts when the kiosk stops working, not when the tap was."""
        self._last_activity = self.monotonic()

    def callback(self, fn: Callable[[object], None]) -> Callable[[object], None]:
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

    # ------------------------------------------------------------------ world events
    @event
    def update_health(self, health: Health) -> None:
        self._health = health
        if not self._reevaluate():
            self._react()  # e.g. the ID reader: no journey needs it, a step uses it

    @event
    def set_categories(self, categories: Iterable[Category]) -> None:
        self.state.categories = tuple(categories)
        self._reevaluate()

    @event
    def set_hall(self, hall: dict) -> None:
        """People waiting and the estimated wait per category, from the queue server."""
        self.state.hall = dict(hall)

    @event
    def set_mock(self, mock: bool) -> None:
        self.state.mock = mock

    def remind(self, kind: str) -> None:
        """A journey ended with the citizen's medium (a card) still in a device of ``kind``:
        remind its owner until the device says it was taken."""
        log.info("the citizen's card is still on the %s: reminding", kind)
        self.state.reminder = kind

    @tap
    def hand_card_to_staff(self) -> None:
        """The next citizen found someone's card on the reader: staff take care of it."""
        kind, self.state.reminder = self.state.reminder, None
        if kind is None:
            return
        self.effects.request(Request("central", "staff", "call", (f"{kind}_left_on_reader",
                                                                  None)),
                             lambda _: None, lambda exc: log.warning("staff call: %s", exc))
        self.effects.request(Request("device", kind, "disarm"), lambda _: None,
                             lambda exc: log.warning("disarm failed: %s", exc))

    @event
    def device_event(self, kind: str, event_: object) -> None:
        """A typed device event (the bridge dispatches on its type). Only the journey in
        progress sees it; with none, a card's data is wiped at once."""
        if self.state.reminder == kind and _taken(event_):
            self.state.reminder = None  # the forgotten card was taken: stop watching
            self.effects.request(Request("device", kind, "disarm"), lambda _: None,
                                 lambda exc: log.warning("disarm failed: %s", exc))
        j = self.state.journey
        if j is not None:
            self._activity()  # a card on the reader is the citizen acting
            j.on_device_event(event_)
        else:
            wipe_data(getattr(event_, "card", None))

    @event
    def device_error(self, kind: str, operation: str, error: BaseException,
                     recovery: str) -> None:
        """A device failed (also while waiting for a card): the journey tells the citizen."""
        j = self.state.journey
        if j is not None:
            j.on_device_error(kind, operation, error, str(recovery))

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
        idle = now - self._last_activity
        j = st.journey
        if j is not None and j.showing_result and st.screen == j.screen:
            # a finished journey returns home once its result had time to be read, without
            # asking "still there?" over the number
            if idle >= self.result_timeout_s:
                self._ended_by_timer("result shown")
                return True
            if st.countdown is not None:
                st.countdown = None
                return True
            return False
        limit = self.idle_timeout_s * (ELDER_IDLE_FACTOR if st.elder else 1)
        if idle < limit:
            if st.countdown is not None:
                st.countdown = None
                return True
            return False
        left = math.ceil(limit + self.countdown_s - idle)
        if left <= 0:
            self._ended_by_timer("idle timeout")
            return True
        if st.countdown != left:
            st.countdown = left
            return True
        return False

    def _ended_by_timer(self, why: str) -> None:
        self._depth += 1
        try:
            self.end_session(why)
        finally:
            self._depth -= 1

    # ------------------------------------------------------------------ internals
    def _go(self, screen: str) -> None:
        self.state.screen = screen

    def _home(self) -> str:
        if self.state.staff:
            return Screen.STAFF_HOME
        return Screen.OUT_OF_SERVICE if self.state.availability.out_of_service else Screen.HOME

    def _drop_journey(self) -> None:
        """Forget the journey and everything personal it held; late results are ignored."""
        self._generation += 1
        self._retry = None
        j, self.state.journey = self.state.journey, None
        if j is not None:
            j.close()

    def _evaluate(self) -> Availability:
        return evaluate(self._health, self.hours, self.clock(), self.journeys.values(),
                        self.state)

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
        if self.busy:  # finish the work first; results land on screens handled below
            return
        j = st.journey
        oos = st.availability.out_of_service
        if st.staff or st.screen == Screen.STAFF_LOGIN:
            # staff work on a kiosk whose devices are down: that is when they are needed
            if j is not None:
                j.on_health()
            return
        if oos:
            # a result on screen (a number, an error) stays until the citizen leaves;
            # ending the session then shows out of service
            lost = j is not None and not self.function(j.spec.name).available
            if st.screen == Screen.HOME or (j is not None and st.screen == j.screen
                                            and not j.showing_result and lost):
                log.warning("out of service: %s %s", oos.subject, oos.problem)
                self._drop_journey()
                st.error = None
                self._go(Screen.OUT_OF_SERVICE)
            return
        if st.screen == Screen.OUT_OF_SERVICE:
            log.info("back in service")
            self._go(Screen.HOME)
            return
        if j is not None:
            j.on_health()
            self._journey_lost(j)

    def _journey_lost(self, j) -> None:
        """A needed device or service went down while the citizen was still entering: say so
        now, not after they typed everything."""
        st = self.state
        if j is not st.journey or st.screen != j.screen or not j.entering:
            return
        status = self.function(j.spec.name)
        if status.available or status.reason is None or status.reason.subject == "hours":
            return  # closing time mid-journey: let the citizen finish, the server decides
        log.warning("%s lost mid-journey: %s %s", j.spec.name, status.reason.subject,
                    status.reason.problem)
        self._drop_journey()
        st.error = ErrorInfo("device_lost", (Action.STAFF, Action.HOME),
                             subject=status.reason.subject, problem=status.reason.problem,
                             journey=j.spec.name)
        self._go(Screen.ERROR)


def _taken(event_: object) -> bool:
    """The medium left the device (a card lifted off the reader)."""
    from drivers.kinds.card_reader import CardRemoved

    return isinstance(event_, CardRemoved)


def wipe_data(obj) -> None:
    """Overwrite personal data (a read card) that is no longer needed; never raises."""
    if obj is None:
        return
    try:
        obj.wipe()
    except Exception:  # noqa: BLE001
        log.exception("wiping personal data failed")
