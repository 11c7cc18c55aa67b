"""What the screen shows: the state the shell keeps and the widgets render.

Plain data. Widgets read it and never change it; every change goes through a
:class:`~kiosk.flows.flow.KioskFlow` (or journey) method. ``screen`` is a shell screen
(:class:`Screen`) or a journey's step as ``"<journey>.<step>"``; the journey in progress is
``journey`` (its own data, wiped when the session ends).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from kiosk.flows.availability import Availability
from kiosk.services import Category

if TYPE_CHECKING:
    from kiosk.journeys.base import Journey


class Screen(StrEnum):
    """The shell's own screens; journeys add theirs as "<journey>.<step>"."""

    HOME = "home"
    OUT_OF_SERVICE = "out_of_service"
    ERROR = "error"
    STAFF_LOGIN = "staff_login"  # the PIN pad behind the hidden gesture
    STAFF_HOME = "staff_home"  # staff journeys (diagnostics, lockers …)


class Action(StrEnum):
    """The ways on from an error: every error screen offers at least one."""

    RETRY = "retry"
    REPRINT = "reprint"
    STAFF = "staff"
    HOME = "home"
    BACK = "back"


@dataclass(frozen=True)
class ErrorInfo:
    code: str  # the message key: the journey's texts first, then the shell's
    actions: tuple[Action, ...]
    message_zh: str | None = None  # from the service, when it has its own words
    message_en: str | None = None
    subject: str | None = None  # e.g. "printer" for device_lost
    problem: str | None = None  # e.g. "paper_out"
    journey: str | None = None  # whose texts explain ``code``


@dataclass
class KioskState:
    screen: str = Screen.HOME
    lang: str = "zh_CN"
    elder: bool = False
    mock: bool = False
    hall_name: str = ""
    hall_name_en: str = ""
    categories: tuple[Category, ...] = ()
    #: the hall now, per category code: {"waiting": n, "issued": n, "est_wait_min": m}
    #: (empty while unknown: the queue server has not answered yet)
    hall: dict = field(default_factory=dict)
    availability: Availability = field(default_factory=Availability)
    journey: Journey | None = None
    error: ErrorInfo | None = None
    countdown: int | None = None  # seconds left of "still there?", None when not asking
    staff_called: bool = False  # the "staff are told" panel is up
    staff_called_at: datetime | None = None  # the last call (repeats within minutes are not sent)
    staff_after_hours: bool = False  # the hall is closed: nobody is on the floor, the hotline is
    #: a device kind whose medium the last citizen left behind ("idcard": the ID card is
    #: still on the reader): the screen and the voice ask its owner to take it
    reminder: str | None = None
    staff: bool = False  # past the staff PIN: staff journeys, no out-of-service kick-out
    staff_pin: str = ""  # digits typed on the PIN pad (shown as dots)
    staff_message: str | None = None  # "wrong", "locked", "disabled" after a try
    version: int = 0  # bumped on every change; lets renderers skip identical states

    @property
    def english(self) -> bool:
        return self.lang == "en"
