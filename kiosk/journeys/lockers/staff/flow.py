"""Staff at the locker (behind the staff PIN), step by step (no Qt).

The overview shows every compartment as the board reports it and as the records say: free,
materials to collect, a certificate waiting, a flag to look into, unknown (board not
answering). From there staff

- collect drop-offs: one compartment, or all of them in turn — each opens, staff take the
  materials and close the door, it is recorded as collected (and the case told);
- load a finished certificate for a case: type its number, choose the size, the compartment
  opens, staff put it in and close the door; the pickup code goes to the server, which sends
  it to the citizen by SMS;
- look into a flagged compartment (a power cut mid-opening, a forced door, an item where
  none should be): it opens, staff look, close it and say what they found — emptied, or what
  it holds stays.
"""
from __future__ import annotations

from drivers.kinds.locker import BoardFound, BoardLost, DoorClosed, DoorForced, DoorOpened
from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.journeys.base import Journey, Notice
from kiosk.journeys.lockers.door import KIND, DoorStep, device_name
from kiosk.journeys.steps.keypad import KeypadEntry

OVERVIEW, DETAIL, CASE_NO, SIZE, DOOR, RESOLVE, WORKING = (
    "overview", "detail", "case_no", "size", "door", "resolve", "working")
CASE_DIGITS = 12
LOCKER_EVENTS = (DoorOpened, DoorClosed, DoorForced, BoardLost, BoardFound)


class StaffLockerJourney(Journey):
    FIRST_STEP = OVERVIEW

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.door = self.uses(DoorStep(self, DOOR, on_closed=self._closed,
                                       on_failed=self._unlock_failed, on_lost=self._lost))
        self.case_no = self.uses(KeypadEntry(self, CASE_NO, max_digits=CASE_DIGITS))
        self.view: list[dict] | None = None  # None: asking the board and the records
        self.board = None
        self.selected: int | None = None
        self.queue: list[int] = []  # drop-offs still to collect ("collect all")
        self.case_id: str | None = None
        self.sizes: dict[str, int] | None = None
        self.seen_occupied: bool | None = None  # what the sensor said as a checked door closed
        self.collected_count = 0

    def start(self) -> None:
        self.go(OVERVIEW)
        self.refresh()

    # ------------------------------------------------------------------ overview
    @tap
    def refresh(self) -> None:
        self.view = None
        self.device(KIND).compartments().then(self._board, self._board_failed)

    def _board(self, board) -> None:
        self.board = board
        self.central.lockers.view(device_name(self), board).then(self._view, self._board_failed)

    def _view(self, view) -> None:
        self.view = list(view)

    def _board_failed(self, exc: BaseException) -> None:
        self.view = []
        self.notice = Notice("board_unavailable")

    def on_device_event(self, event: object) -> None:
        super().on_device_event(event)
        # the overview follows the cabinet: a door opened, closed or forced, a board lost or
        # back (the door step's own events are its business)
        if isinstance(event, LOCKER_EVENTS) and self.at(OVERVIEW) and self.view is not None:
            self.refresh()

    def compartment(self, n: int | None) -> dict | None:
        return next((c for c in self.view or () if c["compartment"] == n), None)

    def to_collect(self) -> list[int]:
        return [c["compartment"] for c in self.view or ()
                if c["status"] == "dropoff" and not c["flag"] and c["known"]]

    @tap
    def select(self, n: int) -> None:
        if self.at(OVERVIEW) and self.compartment(n) is not None:
            self.selected = n
            self.notice = None
            self.go(DETAIL)

    # ------------------------------------------------------------------ openings
    @tap
    def collect(self) -> None:
        c = self.compartment(self.selected)
        if self.at(DETAIL) and c is not None and c["status"] == "dropoff" and not self.busy:
            self.queue = []
            self._open(c["compartment"], "collect")

    @tap
    def collect_all(self) -> None:
        if self.at(OVERVIEW) and not self.busy and self.to_collect():
            self.queue = self.to_collect()
            self.collected_count = 0
            self._open(self.queue.pop(0), "collect")

    @tap
    def check(self) -> None:
        c = self.compartment(self.selected)
        if self.at(DETAIL) and c is not None and c["known"] and not self.busy:
            self.queue = []
            self._open(c["compartment"], "check")

    def _open(self, n: int, purpose: str) -> None:
        self.working = "opening"
        self.selected = n
        self.central.lockers.open_for(device_name(self), n, purpose).then(
            lambda _rec: self._unlock(n, purpose), self._open_failed)

    def _unlock(self, n: int, purpose: str) -> None:
        self.working = None
        self.seen_occupied = None
        self.door.open(n, purpose)

    def _open_failed(self, exc: BaseException) -> None:
        self.working = None
        self.notice = Notice("not_opened")
        self._back_to_overview()

    # ------------------------------------------------------------------ loading
    @tap
    def load(self) -> None:
        if self.at(OVERVIEW) and not self.busy:
            self.case_no.value = ""
            self.case_id = None
            self.notice = None
            self.go(CASE_NO)

    @tap
    def case_next(self) -> None:
        if not self.at(CASE_NO) or self.busy or len(self.case_no.digits) != CASE_DIGITS:
            return
        self.working = "checking"
        self.central.lockers.check_case(self.case_no.digits).then(
            self._case_checked, lambda _e: self._case_checked(None))

    def _case_checked(self, known) -> None:
        self.working = None
        if known is False:
            self.notice = Notice("case_unknown")
            return
        self.case_id = self.case_no.digits
        # offline: loaded all the same; the server sends the SMS once the event reaches it
        self.notice = Notice("case_unchecked") if known is None else None
        self.sizes = None
        self.go(SIZE)
        self.device(KIND).compartments().then(self._size_board, self._board_failed)

    def _size_board(self, board) -> None:
        self.board = board
        self.central.lockers.free_sizes(device_name(self), board).then(
            lambda sizes: setattr(self, "sizes", dict(sizes)), self._board_failed)

    @tap
    def choose_size(self, size: str) -> None:
        if not self.at(SIZE) or self.busy or not self.sizes or not self.sizes.get(size):
            return
        self.working = "assigning"
        self.central.lockers.reserve(device_name(self), self.board, size, "load",
                                     case_id=self.case_id).then(
            lambda n: self._unlock(n, "load"), self._open_failed)

    # ------------------------------------------------------------------ the door
    def _unlock_failed(self, exc: BaseException) -> None:
        self.notice = Notice("not_opened", subject=str(self.door.compartment))
        self._back_to_overview()

    def _lost(self) -> None:
        self.fail("locker_lost", (Action.HOME,))

    def _closed(self, occupied: bool | None) -> None:
        n, purpose, device = self.door.compartment, self.door.purpose, self.door.device
        if purpose == "check":
            self.seen_occupied = occupied
            self.go(RESOLVE)
            return
        self.working = "recording"
        self.go(WORKING)
        if purpose == "collect":
            self.central.lockers.collected(device, n, occupied=occupied).then(
                lambda _r: self._collected(n), self._record_failed)
        elif purpose == "load":
            self.central.lockers.loaded(device, n, occupied=occupied).then(
                lambda _code: self._done(Notice("loaded", subject=str(n))), self._record_failed)

    def _collected(self, n: int) -> None:
        self.collected_count += 1
        if self.queue:
            self.working = None
            self._open(self.queue.pop(0), "collect")
            return
        self._done(Notice("collected", subject=str(n) if self.collected_count <= 1
                          else str(self.collected_count)), several=self.collected_count > 1)

    def _done(self, notice: Notice, several: bool = False) -> None:
        self.working = None
        if several:
            notice = Notice("collected_all", subject=notice.subject)
        self.notice = notice
        self._back_to_overview()

    def _record_failed(self, exc: BaseException) -> None:
        self.working = None
        self.fail("not_recorded", (Action.HOME,), exc=exc)

    @tap
    def resolve(self, emptied: bool) -> None:
        if not self.at(RESOLVE) or self.busy:
            return
        n = self.door.compartment
        self.working = "recording"
        self.central.lockers.resolve(self.door.device, n, occupied=self.seen_occupied,
                                     emptied=emptied).then(
            lambda _r: self._done(Notice("resolved", subject=str(n))), self._record_failed)

    def _back_to_overview(self) -> None:
        self.queue = []
        self.selected = None
        self.go(OVERVIEW)
        self.view = None
        self.device(KIND).compartments().then(self._board, self._board_failed)

    @tap
    def back(self) -> None:
        if self.busy:
            return
        if self.step == OVERVIEW:
            self.shell.go_home()
        elif self.step in (DETAIL, CASE_NO, SIZE):
            self.notice = None
            self._back_to_overview()
        elif self.step == RESOLVE:
            pass  # say what was found first: the record waits for it

    def wipe(self) -> None:
        super().wipe()
        self.case_id = None
        self.view = None
        self.queue = []
