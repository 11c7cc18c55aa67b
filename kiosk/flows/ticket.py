"""The take-a-ticket journey (and 补号, a re-issued number), step by step.

category → ID card (optional: 70+ priority, appointment check-in) → mobile number (optional,
for the SMS call) → confirm → take the number → print → done. A print that fails leaves the
number on screen with reprint and staff help: a ticket never silently vanishes.

Mixed into :class:`~kiosk.flows.flow.KioskFlow`; shares its state and helpers.
"""
from __future__ import annotations

import logging
import math
from dataclasses import replace

from kiosk.flows.effects import TicketRequest
from kiosk.flows.errors import log_failure, print_problem, service_messages
from kiosk.flows.notify import tap
from kiosk.flows.state import (
    Action,
    CardStep,
    ErrorInfo,
    Holder,
    Purpose,
    Screen,
    TicketSession,
    Working,
)
from kiosk.flows.validate import (
    MOBILE_LEN,
    PRIORITY_AGE,
    TICKET_DIGITS,
    age_on,
    mask_name,
    valid_mobile,
    valid_ticket_number,
)
from kiosk.services import Category, Ticket

log = logging.getLogger(__name__)

#: categories per page: elder mode shows fewer, larger tiles
PAGE_SIZE = 12
PAGE_SIZE_ELDER = 6
_ALL_LETTERS = tuple("ABCDEFGHJKLMNPQRSTUVWXYZ")


def wipe_card(card) -> None:
    """Overwrite a read card's personal data; a failure is logged, never breaks the flow."""
    if card is None:
        return
    try:
        card.wipe()
    except Exception:  # noqa: BLE001
        log.exception("wiping the card data failed")


class TicketSteps:
    # ------------------------------------------------------------------ helpers
    def _at(self, *screens: Screen) -> TicketSession | None:
        """The session, if the kiosk is on one of ``screens`` (stale taps are ignored)."""
        if self.state.screen in screens:
            return self.state.session
        return None

    def page_size(self) -> int:
        return PAGE_SIZE_ELDER if self.state.elder else PAGE_SIZE

    def page_count(self) -> int:
        return max(1, math.ceil(len(self.state.categories) / self.page_size()))

    def visible_categories(self) -> tuple[Category, ...]:
        s = self.state.session
        page = s.page if s else 0
        size = self.page_size()
        return self.state.categories[page * size:(page + 1) * size]

    @property
    def can_reprint(self) -> bool:
        return self._health.kind_up("printer")

    @property
    def ticket_prefixes(self) -> tuple[str, ...]:
        """Letters a called number can start with (the 补号 keypad's letter keys)."""
        found = {str(p) for c in self.state.categories if (p := getattr(c, "prefix", None))}
        return tuple(sorted(found or self._prefixes or _ALL_LETTERS))

    # ------------------------------------------------------------------ category
    @tap
    def choose_category(self, code: str) -> None:
        s = self._at(Screen.CATEGORY)
        if s is None:
            return
        category = next((c for c in self.state.categories if c.code == code), None)
        if category is None:
            return
        s.category = category
        self._enter_idcard()

    @tap
    def page_next(self) -> None:
        s = self._at(Screen.CATEGORY)
        if s is not None:
            s.page = min(s.page + 1, self.page_count() - 1)

    @tap
    def page_prev(self) -> None:
        s = self._at(Screen.CATEGORY)
        if s is not None:
            s.page = max(s.page - 1, 0)

    # ------------------------------------------------------------------ ID card
    def _enter_idcard(self) -> None:
        s = self.state.session
        if s.holder is not None:
            s.card_step = CardStep.READ
            self._go(Screen.IDCARD)
        elif self._health.kind_up("idcard"):
            s.card_step = CardStep.WAITING
            s.notice = None
            self._go(Screen.IDCARD)
            self._arm()
        else:  # no reader: skip the step, and say how to get priority anyway
            s.card_step = CardStep.UNAVAILABLE
            s.notice = "idcard_unavailable"
            self._go(Screen.MOBILE)

    @tap
    def skip_idcard(self) -> None:
        """Skip (no card) or Next (card read): both go on to the mobile number."""
        s = self._at(Screen.IDCARD)
        if s is None or s.card_step is CardStep.LOOKING_UP:
            return
        self._disarm()
        if s.card_step is CardStep.WAITING:
            s.notice = None
        self._go(Screen.MOBILE)

    @tap
    def simulate_card(self) -> None:
        if self.state.mock and self._at(Screen.IDCARD) is not None:
            self.effects.simulate_card()

    @tap
    def card_read(self, card) -> None:
        """A card was read (any time the reader is armed). Only the ID step keeps anything."""
        s = self._at(Screen.IDCARD)
        if s is None or s.card_step is not CardStep.WAITING:
            wipe_card(card)
            return
        self._disarm()
        self._wipe_card()
        self._card = card
        today = self.clock().date()
        try:
            age = card.age_on(today)
        except Exception:  # noqa: BLE001 - a card without a usable birth date: no priority
            age = age_on(getattr(card, "birth_date", None), today)
        foreign = "foreign" in str(getattr(card, "card_type", "")).lower()
        name = (getattr(card, "name_en", "") if foreign else "") or getattr(card, "name", "")
        s.holder = Holder(
            masked_name=mask_name(name),
            age=age,
            priority_reason="elderly_70" if age is not None and age >= PRIORITY_AGE else None,
            foreign=foreign,
        )
        s.card_step = CardStep.LOOKING_UP
        s.notice = None
        category = s.category.code if s.category else ""
        self.effects.find_appointment(card.id_number, category,
                                      self._callback(self._appointment_found),
                                      self._callback(self._appointment_failed))

    def _appointment_found(self, code) -> None:
        s = self.state.session
        if s is None or s.holder is None:
            return
        s.holder = replace(s.holder, appointment_code=code or None)
        s.card_step = CardStep.READ
        self._wipe_card()  # age and appointment are all the journey needs

    def _appointment_failed(self, exc: BaseException) -> None:
        log_failure("appointment lookup", exc)
        s = self.state.session
        if s is not None:
            s.card_step = CardStep.READ
            s.notice = "appointment_unknown"
        self._wipe_card()

    @tap
    def card_removed(self) -> None:
        """Nothing to do: what the journey needs was taken when the card was read."""

    @tap
    def card_left_on_reader(self) -> None:
        """A card already read lies on the reader: it must be lifted and placed again."""
        s = self._at(Screen.IDCARD)
        if s is not None and s.card_step is CardStep.WAITING:
            s.notice = "card_left"

    # ------------------------------------------------------------------ keypads
    @tap
    def key(self, ch: str) -> None:
        s = self._at(Screen.MOBILE, Screen.REISSUE)
        if s is None or len(ch) != 1:
            return
        if self.state.screen is Screen.MOBILE:
            if ch.isdigit() and len(s.mobile) < MOBILE_LEN:
                s.mobile += ch
            return
        digits = "".join(c for c in s.number if c.isdigit())
        if ch.isalpha() and ch.isascii():
            s.number = ch.upper() + digits
        elif ch.isdigit() and len(digits) < TICKET_DIGITS:
            s.number += ch

    @tap
    def backspace(self) -> None:
        s = self._at(Screen.MOBILE, Screen.REISSUE)
        if s is None:
            return
        if self.state.screen is Screen.MOBILE:
            s.mobile = s.mobile[:-1]
        else:
            s.number = s.number[:-1]

    @tap
    def clear_input(self) -> None:
        s = self._at(Screen.MOBILE, Screen.REISSUE)
        if s is None:
            return
        if self.state.screen is Screen.MOBILE:
            s.mobile = ""
        else:
            s.number = ""

    @tap
    def mobile_next(self) -> None:
        s = self._at(Screen.MOBILE)
        if s is not None and valid_mobile(s.mobile):
            s.notice = None
            self._go(Screen.CONFIRM)

    @tap
    def skip_mobile(self) -> None:
        s = self._at(Screen.MOBILE)
        if s is not None:
            s.mobile = ""
            s.notice = None
            self._go(Screen.CONFIRM)

    # ------------------------------------------------------------------ back
    @tap
    def back(self) -> None:
        st, s = self.state, self.state.session
        if st.screen is Screen.IDCARD:
            self._disarm()
            self._go(Screen.CATEGORY)
        elif st.screen is Screen.MOBILE:
            if s.card_step is CardStep.UNAVAILABLE:
                self._go(Screen.CATEGORY)
            else:
                self._enter_idcard()
        elif st.screen is Screen.CONFIRM:
            self._go(Screen.MOBILE)
        elif st.screen in (Screen.CATEGORY, Screen.REISSUE, Screen.GUIDE, Screen.ERROR):
            self.go_home()

    # ------------------------------------------------------------------ take and print
    @tap
    def confirm(self) -> None:
        if self._at(Screen.CONFIRM) is not None:
            self._take()
        elif (s := self._at(Screen.REISSUE)) is not None and valid_ticket_number(s.number):
            self._reissue()

    def _take(self) -> None:
        s = self.state.session
        holder = s.holder
        request = TicketRequest(
            category=s.category.code,
            priority_reason=holder.priority_reason if holder else None,
            appointment_code=holder.appointment_code if holder else None,
            mobile=s.mobile or None,
        )
        s.working = Working.TAKING
        self._go(Screen.WORKING)
        self.effects.take_ticket(request, self._callback(self._ticket_ready),
                                 self._callback(self._ticket_failed))

    def _reissue(self) -> None:
        s = self.state.session
        s.working = Working.TAKING
        self._go(Screen.WORKING)
        self.effects.reissue(s.number, self._callback(self._ticket_ready),
                             self._callback(self._ticket_failed))

    def _ticket_ready(self, ticket: Ticket) -> None:
        s = self.state.session
        s.ticket = ticket
        log.info("ticket %s issued (%s)%s", ticket.number, ticket.category,
                 f", re-issued for {ticket.reissued_from}" if ticket.reissued_from else "")
        self._print()

    def _ticket_failed(self, exc: BaseException) -> None:
        s = self.state.session
        log_failure("take ticket" if s.purpose is Purpose.NEW else "reissue", exc)
        s.working = None
        zh, en = service_messages(exc)
        code = "reissue_failed" if s.purpose is Purpose.REISSUE else "ticket_failed"
        self.state.error = ErrorInfo(code, (Action.RETRY, Action.STAFF, Action.HOME), zh, en)
        self._retry = self._take if s.purpose is Purpose.NEW else self._reissue
        self._go(Screen.ERROR)
        self._after_work()

    def _print(self) -> None:
        s = self.state.session
        s.working = Working.PRINTING
        self._go(Screen.WORKING)
        self.effects.print_ticket(s.ticket, self._callback(self._printed),
                                  self._callback(self._print_failed))

    def _printed(self, _result) -> None:
        s = self.state.session
        s.working = None
        s.print_problem = None
        self._go(Screen.DONE)
        self._after_work()

    def _print_failed(self, exc: BaseException) -> None:
        s = self.state.session
        s.working = None
        s.print_problem = print_problem(exc)
        log_failure(f"printing ticket {s.ticket.number}", exc)
        self._go(Screen.PRINT_FAILED)
        self._after_work()

    @tap
    def reprint(self) -> None:
        s = self._at(Screen.PRINT_FAILED)
        if s is None or s.ticket is None or not self.can_reprint:
            return
        s.reprints += 1
        self._print()

    def _after_work(self) -> None:
        """The quiet period starts when the kiosk stops working, not when the tap was."""
        self._last_activity = self.monotonic()
