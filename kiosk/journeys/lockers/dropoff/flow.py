"""Drop off paper materials (24 h), step by step (no Qt).

ID card → the service item (the guide's list, with its materials) or a case number → a
mobile number for the SMS when it is done (new cases) → the size of what is dropped → the
kiosk records the compartment and unlocks it → "put your materials in compartment 12 and
close the door" → door closed (item sensed where the compartment can tell) → the drop-off
is recorded with its case, the receipt printed. A door left open reminds, then tells staff;
a compartment that does not open offers another; a cabinet lost while the door is open is
recorded for staff with words for the citizen.
"""
from __future__ import annotations

import math

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.flows.validate import MOBILE_LEN, valid_mobile
from kiosk.journeys.base import N_, Journey, Notice
from kiosk.journeys.lockers.door import KIND, DoorStep, device_name
from kiosk.journeys.lockers.receipt import DropoffReceipt
from kiosk.journeys.steps.idcard import CardStep, IdCardStep
from kiosk.journeys.steps.keypad import KeypadEntry
from kiosk.journeys.steps.printing import PrintStep
from kiosk.voice.prompts import PROMPTS

IDCARD, ITEM, CASE_NO, MOBILE, SIZE, DOOR, WORKING, DONE = (
    "idcard", "item", "case_no", "mobile", "size", "door", "working", "done")
CASE_DIGITS = 12
PAGE_SIZE = 6
PAGE_SIZE_ELDER = 4

# spoken on these screens (kiosk.voice); {n}: the journey's voice_fields()
PROMPTS.register("locker_dropoff.idcard", N_("投递材料：请刷身份证"))
PROMPTS.register("locker_dropoff.door", N_("请把材料放入{n}号柜，并关好柜门"))
PROMPTS.register("locker_dropoff.done", N_("投递成功"))


class DropoffJourney(Journey):
    FIRST_STEP = IDCARD
    INPUT_STEPS = frozenset({IDCARD, ITEM, CASE_NO, MOBILE, SIZE})
    RESULT_STEPS = frozenset({DONE})

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.card = self.uses(IdCardStep(self, IDCARD, on_card=self._card_read))
        self.case_no = self.uses(KeypadEntry(self, CASE_NO, max_digits=CASE_DIGITS))
        self.mobile = self.uses(KeypadEntry(self, MOBILE, max_digits=MOBILE_LEN))
        self.door = self.uses(DoorStep(self, DOOR, on_closed=self._closed,
                                       on_failed=self._unlock_failed, on_lost=self._lost))
        self.printing = self.uses(PrintStep(self, working_step=WORKING, done_step=DONE,
                                            failed_step=DONE))
        self.items: list[dict] = []
        self.page = 0
        self.item: dict | None = None
        self.case_id: str | None = None  # typed by the citizen (an existing case)
        self.case_known: bool | None = None
        self.sizes: dict[str, int] | None = None  # free compartments by size, None: asking
        self.board = None
        self.size: str | None = None
        self.receipt: dict | None = None
        self._applicant: dict | None = None  # name and ID number, for a new case only

    @property
    def progress(self) -> tuple[int, int] | None:
        order = {IDCARD: 1, ITEM: 2, CASE_NO: 2, MOBILE: 2, SIZE: 3, DOOR: 4}
        return (order[self.step], 4) if self.step in order else None

    def start(self) -> None:
        self.central.lockers.items().then(self._items)
        if self.card.enter():
            self.go(IDCARD)
        else:  # the reader stopped between the tile and the tap: the journey needs it
            self.fail("idcard_needed", (Action.STAFF, Action.HOME))

    # ------------------------------------------------------------------ ID card
    def _card_read(self, card) -> None:
        self._applicant = {"name": getattr(card, "name", ""),
                           "id_number": getattr(card, "id_number", "")}
        self.card.finish_lookup()

    @tap
    def idcard_next(self) -> None:
        if self.at(IDCARD) and self.card.state is CardStep.READ:
            self.card.leave()
            self.go(ITEM)

    # ------------------------------------------------------------------ item
    def _items(self, items) -> None:
        self.items = list(items or [])

    def page_size(self) -> int:
        return PAGE_SIZE_ELDER if self.shell.state.elder else PAGE_SIZE

    def page_count(self) -> int:
        return max(1, math.ceil(len(self.items) / self.page_size()))

    def visible_items(self) -> list[dict]:
        self.page = min(self.page, self.page_count() - 1)
        size = self.page_size()
        return self.items[self.page * size:(self.page + 1) * size]

    @tap
    def page_next(self) -> None:
        if self.at(ITEM):
            self.page = min(self.page + 1, self.page_count() - 1)

    @tap
    def page_prev(self) -> None:
        if self.at(ITEM):
            self.page = max(self.page - 1, 0)

    @tap
    def choose_item(self, code: str) -> None:
        if not self.at(ITEM):
            return
        item = next((i for i in self.items if i["code"] == code), None)
        if item is not None:
            self.item, self.case_id, self.case_known = item, None, None
            self.go(MOBILE)

    @tap
    def have_case_number(self) -> None:
        if self.at(ITEM):
            self.item = None
            self.notice = None
            self.go(CASE_NO)

    # ------------------------------------------------------------------ case number
    @tap
    def case_next(self) -> None:
        if not self.at(CASE_NO) or len(self.case_no.digits) != CASE_DIGITS or self.busy:
            return
        self.working = "checking"
        self.central.lockers.check_case(self.case_no.digits).then(self._case_checked,
                                                                  self._case_unchecked)

    def _case_checked(self, known) -> None:
        self.working = None
        if known is False:
            self.notice = Notice("case_unknown")
            return
        self.case_id = self.case_no.digits
        self.case_known = known  # None: the server cannot say now; it checks on delivery
        self.notice = None
        self._enter_size()

    def _case_unchecked(self, exc: BaseException) -> None:
        self._case_checked(None)

    # ------------------------------------------------------------------ mobile
    @tap
    def mobile_next(self) -> None:
        if self.at(MOBILE) and valid_mobile(self.mobile.value):
            self._enter_size()

    @tap
    def skip_mobile(self) -> None:
        if self.at(MOBILE):
            self.mobile.value = ""
            self._enter_size()

    # ------------------------------------------------------------------ size
    def _enter_size(self) -> None:
        self.sizes = None
        self.board = None
        self.go(SIZE)
        self.device(KIND).compartments().then(self._board, self._board_failed)

    def _board(self, board) -> None:
        self.board = board
        self.central.lockers.free_sizes(device_name(self), board).then(self._sizes,
                                                                      self._board_failed)

    def _sizes(self, sizes) -> None:
        self.sizes = dict(sizes)

    def _board_failed(self, exc: BaseException) -> None:
        self.fail("locker_unavailable", (Action.RETRY, Action.STAFF, Action.HOME), exc=exc,
                  retry=self._enter_size)

    @tap
    def choose_size(self, size: str) -> None:
        if not self.at(SIZE) or self.busy or not self.sizes or self.board is None:
            return
        if not any(n for s, n in self.sizes.items() if _at_least(s, size)):
            return
        self.size = size
        self._reserve()

    def _reserve(self) -> None:
        self.working = "assigning"
        self.central.lockers.reserve(device_name(self), self.board, self.size, "dropoff",
                                     case_id=self.case_id).then(self._reserved,
                                                                self._reserve_failed)

    def _reserved(self, n: int) -> None:
        self.working = None
        self.door.open(n, "dropoff")

    def _reserve_failed(self, exc: BaseException) -> None:
        self.working = None
        retry = getattr(exc, "retry", True)
        self.fail("no_compartment" if not retry else "locker_unavailable",
                  (Action.BACK, Action.STAFF, Action.HOME) if not retry
                  else (Action.RETRY, Action.STAFF, Action.HOME), exc=exc,
                  retry=self._enter_size)

    # ------------------------------------------------------------------ the door
    def _unlock_failed(self, exc: BaseException) -> None:
        # that compartment is flagged for staff now; another one may open
        self.fail("door_not_opened", (Action.RETRY, Action.STAFF, Action.HOME), exc=exc,
                  retry=self._enter_size)

    def _lost(self) -> None:
        self.fail("locker_lost", (Action.STAFF, Action.HOME))

    def _closed(self, occupied: bool | None) -> None:
        self.working = "recording"
        self.go(WORKING)
        applicant = dict(self._applicant or {}) if self.case_id is None else None
        self.central.lockers.dropoff_done(
            self.door.device, self.door.compartment, occupied=occupied, case_id=self.case_id,
            item_code=self.item["code"] if self.item else None, applicant=applicant,
            mobile=self.mobile.value or None).then(self._recorded, self._record_failed)

    def _recorded(self, receipt: dict) -> None:
        self.working = None
        self.receipt = dict(receipt)
        self._applicant = None  # the case holds it now (sealed in the outbox)
        if self.kind_up("printer"):
            st = self.shell.state
            self.printing.start(DropoffReceipt(
                receipt["case_id"], receipt["compartment"], receipt["at"],
                self.item["name"] if self.item else "", st.hall_name,
                self.card.holder.masked_name if self.card.holder else ""))
        else:
            self.printing.problem = "printer_offline"
            self.go(DONE)
            self.shell.after_work()

    def _record_failed(self, exc: BaseException) -> None:
        self.working = None
        # the compartment stays "opening" in the records: flagged for staff when dropped
        self.fail("dropoff_not_recorded", (Action.STAFF, Action.HOME), exc=exc)

    @tap
    def finish(self) -> None:
        if self.at(DONE):
            self.shell.finish()

    # ------------------------------------------------------------------ back
    @tap
    def back(self) -> None:
        if self.step == IDCARD:
            self.shell.go_home()
        elif self.step == ITEM:
            self.go(IDCARD)
            self.card.enter()
        elif self.step in (CASE_NO, MOBILE):
            self.notice = None
            self.go(ITEM)
        elif self.step == SIZE and not self.busy:
            self.go(CASE_NO if self.case_id else MOBILE)

    def voice_fields(self) -> dict:
        """The fields of this journey's spoken prompts ({n}: the open compartment)."""
        return {"n": self.door.compartment} if self.door.compartment is not None else {}

    def staff_reason(self) -> tuple[str, str | None]:
        if self.door.compartment is not None:
            return f"{self.screen}:compartment {self.door.compartment}", None
        return self.screen, None

    def wipe(self) -> None:
        super().wipe()
        self._applicant = None
        self.item = None
        self.case_id = None
        self.receipt = None
        self.board = None
        self.sizes = None


def _at_least(have: str, want: str) -> bool:
    order = ("S", "M", "L")
    return order.index(have) >= order.index(want)
