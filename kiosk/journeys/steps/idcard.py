"""Read the citizen's ID card: wait for it, keep what the journey needs, wipe the rest.

The step arms the reader when it is shown and disarms it when left. A card read keeps only a
:class:`Holder` (masked name, age, priority, foreign or not) once the journey's own use of the
card (``on_card``, e.g. an appointment look-up) is finished; the card object is wiped then,
and whenever the journey is dropped. A reader that stops working while the citizen waits
turns the step into "continue without the card" with words saying so; a failed read in
waiting mode (authentication, the card moved) says what to do, in plain words.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from drivers.kinds.card_reader import CardLeftOnReader, CardRead, CardRemoved
from kiosk.flows.flow import wipe_data
from kiosk.flows.notify import tap
from kiosk.flows.validate import PRIORITY_AGE, age_on, mask_name
from kiosk.journeys.base import Journey, Notice

log = logging.getLogger(__name__)

KIND = "idcard"


class CardStep(StrEnum):
    WAITING = "waiting"  # armed, asking for the card
    LOOKING_UP = "looking_up"  # card read, the journey is using it (e.g. appointment look-up)
    READ = "read"
    UNAVAILABLE = "unavailable"  # no working reader: the citizen goes on without


@dataclass(frozen=True)
class Holder:
    """What the step keeps after the card data itself is wiped."""

    masked_name: str
    age: int | None
    priority_reason: str | None  # "elderly_70" when 70 or older
    appointment_code: str | None = None
    foreign: bool = False


class IdCardStep:
    def __init__(self, journey: Journey, step: str | tuple[str, ...], *,
                 on_card: Callable[[object], None] | None = None) -> None:
        self.journey = journey
        self.shell = journey.shell
        #: the journey's steps during which a card placed on the reader is taken
        self.steps = (step,) if isinstance(step, str) else tuple(step)
        self.on_card = on_card
        self.state = CardStep.WAITING
        self.holder: Holder | None = None
        self.notice: Notice | None = None
        self._card = None
        self._armed = False
        self.present = False  # a card we read is still on the reader (watched until lifted)

    # ------------------------------------------------------------------ journey side
    @property
    def active(self) -> bool:
        return self.journey.at(*self.steps)

    def enter(self) -> bool:
        """Show the step (the journey called go(step) or is about to). False: no reader,
        the journey should go on without (``notice`` says why)."""
        if self.holder is not None:
            self.state = CardStep.READ
            return True
        if self.journey.kind_up(KIND):
            self.state = CardStep.WAITING
            self.notice = None
            self._arm()
            return True
        self.state = CardStep.UNAVAILABLE
        self.notice = Notice("idcard_unavailable")
        return False

    def leave(self) -> None:
        if not self.present:  # a card still lying there is watched until it is lifted
            self._disarm()
        if self.state is CardStep.WAITING:
            self.notice = None

    def hold(self) -> None:
        """The journey needs the card later (its look-up waits for a choice): keep it, read."""
        self.state = CardStep.READ

    def finish_lookup(self, **changes) -> None:
        """The journey is done with the card (``changes``: Holder fields it learnt)."""
        if self.holder is not None and changes:
            self.holder = replace(self.holder, **changes)
        self.state = CardStep.READ
        self._wipe_card()

    def lookup_failed(self, notice: str) -> None:
        self.state = CardStep.READ
        self.notice = Notice(notice)
        self._wipe_card()

    @tap
    def simulate(self) -> None:
        """Mock mode: lay the simulator's test card (a citizen over 70) on the reader."""
        if self.active and self.state is CardStep.WAITING:
            self.journey.mock(KIND, "place_card", card="resident_senior")

    # ------------------------------------------------------------------ device side
    def on_device_event(self, event: object) -> None:
        if isinstance(event, CardRead):
            self._card_read(event.card)
        elif isinstance(event, CardLeftOnReader):
            if self.active and self.state is CardStep.WAITING \
                    and self.shell.state.reminder != KIND:  # not the last citizen's card
                self.notice = Notice("card_left")
        elif isinstance(event, CardRemoved):
            # what the journey needs was taken when the card was read; stop watching unless
            # this step still waits for a card
            self.present = False
            if not (self.active and self.state is CardStep.WAITING):
                self._disarm()

    def on_device_error(self, kind: str, operation: str, error: BaseException,
                        recovery: str) -> None:
        if kind != KIND or not self.active or self.state is not CardStep.WAITING:
            return
        if operation in ("status", "arm", "disarm"):
            return  # not the citizen's card: health handles a reader that stops answering
        log.warning("ID card read failed while waiting: %s (%s)", getattr(error, "code", ""),
                    recovery)
        self.notice = Notice("device_error", KIND, recovery, getattr(error, "code", None))

    def on_health(self) -> None:
        if not self.active:
            return
        up = self.journey.kind_up(KIND)
        if self.state is CardStep.WAITING and not up:
            self._disarm()
            self.state = CardStep.UNAVAILABLE
            self.notice = Notice("idcard_lost")
        elif self.state is CardStep.UNAVAILABLE and up:
            self.enter()  # the reader is back: offer the card again, by itself

    def close(self) -> None:
        if self.present and self.journey.kind_up(KIND):
            # the session ends with the card still on the reader: remind its owner, loudly,
            # until it is lifted (the shell watches; the next citizen never sees or uses it)
            self._armed = False
            self.shell.remind(KIND)
        else:
            self._disarm()
        self._wipe_card()
        self.holder = None
        self.present = False

    # ------------------------------------------------------------------ internals
    def _card_read(self, card) -> None:
        if not self.active or self.state is not CardStep.WAITING:
            wipe_data(card)  # not asked for: keep nothing
            return
        self._wipe_card()
        self._card = card
        self.present = True  # watched until lifted: a forgotten card is called out
        today = self.shell.clock().date()
        try:
            age = card.age_on(today)
        except Exception:  # noqa: BLE001 - a card without a usable birth date: no priority
            age = age_on(getattr(card, "birth_date", None), today)
        foreign = "foreign" in str(getattr(card, "card_type", "")).lower()
        name = (getattr(card, "name_en", "") if foreign else "") or getattr(card, "name", "")
        self.holder = Holder(
            masked_name=mask_name(name),
            age=age,
            priority_reason="elderly_70" if age is not None and age >= PRIORITY_AGE else None,
            foreign=foreign,
        )
        self.notice = None
        if self.on_card is None:
            self.finish_lookup()
            return
        self.state = CardStep.LOOKING_UP
        self.on_card(card)

    @property
    def card(self):
        """The card while the journey uses it (LOOKING_UP); None otherwise."""
        return self._card

    def _wipe_card(self) -> None:
        card, self._card = self._card, None
        wipe_data(card)

    def _arm(self) -> None:
        if not self._armed:
            self._armed = True
            self.journey.device(KIND).arm().then()

    def _disarm(self) -> None:
        if self._armed:
            self._armed = False
            # not through the journey's generation check: a dropped journey must still disarm
            self.shell.effects.request(_disarm_request(), lambda _: None,
                                       lambda exc: log.warning("disarm failed: %s", exc))


def _disarm_request():
    from kiosk.flows.effects import Request

    return Request("device", KIND, "disarm")
