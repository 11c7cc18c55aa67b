"""What the screen shows: the state the flows keep and the widgets render.

Plain data. Widgets read it and never change it; every change goes through a
:class:`~kiosk.flows.flow.KioskFlow` method. Personal data held here is the minimum a
screen needs (a masked name, the typed mobile number) and is dropped when the session ends.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.flows.availability import Availability
from kiosk.services import Category, Ticket


class Screen(StrEnum):
    HOME = "home"
    OUT_OF_SERVICE = "out_of_service"
    GUIDE = "guide"
    CATEGORY = "ticket_category"
    IDCARD = "ticket_idcard"
    MOBILE = "ticket_mobile"
    CONFIRM = "ticket_confirm"
    WORKING = "ticket_working"
    DONE = "ticket_done"
    PRINT_FAILED = "ticket_print_failed"
    REISSUE = "reissue_entry"
    ERROR = "error"


#: screens of a journey in progress, where a device going down must be told at once
JOURNEY_INPUT_SCREENS = frozenset({Screen.CATEGORY, Screen.IDCARD, Screen.MOBILE,
                                   Screen.CONFIRM, Screen.REISSUE})


class Action(StrEnum):
    """The ways on from an error: every error screen offers at least one."""

    RETRY = "retry"
    REPRINT = "reprint"
    STAFF = "staff"
    HOME = "home"
    BACK = "back"


class Purpose(StrEnum):
    NEW = "new"  # take a ticket
    REISSUE = "reissue"  # 补号


class CardStep(StrEnum):
    WAITING = "waiting"  # armed, asking for the card
    LOOKING_UP = "looking_up"  # card read, checking for an appointment
    READ = "read"
    UNAVAILABLE = "unavailable"  # no working reader: the step is skipped


class Working(StrEnum):
    TAKING = "taking"  # asking the queue service for a number
    PRINTING = "printing"


@dataclass(frozen=True)
class Holder:
    """What the ID card step keeps after the card data itself is wiped."""

    masked_name: str
    age: int | None
    priority_reason: str | None  # "elderly_70" when 70 or older
    appointment_code: str | None = None
    foreign: bool = False


@dataclass(frozen=True)
class ErrorInfo:
    code: str  # the UI's message key, e.g. "service_unavailable", "device_lost"
    actions: tuple[Action, ...]
    message_zh: str | None = None  # from the service, when it has its own words
    message_en: str | None = None
    subject: str | None = None  # e.g. "printer" for device_lost
    problem: str | None = None  # e.g. "paper_out"


@dataclass
class TicketSession:
    purpose: Purpose
    category: Category | None = None
    page: int = 0
    card_step: CardStep = CardStep.WAITING
    holder: Holder | None = None
    mobile: str = ""  # digits as typed
    number: str = ""  # 补号: the missed number as typed
    ticket: Ticket | None = None
    working: Working | None = None
    print_problem: str | None = None  # why the last print failed
    reprints: int = 0
    notice: str | None = None  # a one-line note on the current screen, e.g. "idcard_lost"


@dataclass
class KioskState:
    screen: Screen = Screen.HOME
    lang: str = "zh_CN"
    elder: bool = False
    mock: bool = False
    hall_name: str = ""
    hall_name_en: str = ""
    categories: tuple[Category, ...] = ()
    availability: Availability = field(default_factory=Availability)
    session: TicketSession | None = None
    error: ErrorInfo | None = None
    guide_floor: int | None = None  # the hall guide shows one floor at a time
    countdown: int | None = None  # seconds left of "still there?", None when not asking
    staff_called: bool = False
    version: int = 0  # bumped on every change; lets renderers skip identical states

    @property
    def english(self) -> bool:
        return self.lang == "en"
