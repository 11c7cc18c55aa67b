"""Pick up a finished certificate (24 h), step by step (no Qt).

The ID card (the server knows whose case is whose), or the pickup code from the SMS — typed
on the keypad, or its QR code held to a scanner that types it — → the compartment's opening
is recorded and it unlocks → "take your documents from compartment 12 and close the door"
→ door closed and empty → the hand-over (who, masked, and when) is recorded and told to the
server. Something still inside: open it again, or call staff. Without the server, the code
still works (its hash is on the kiosk); the ID card then says to use the code.
"""
from __future__ import annotations

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.journeys.base import N_, Journey, Notice
from kiosk.journeys.lockers.door import DoorState, DoorStep, device_name
from kiosk.journeys.steps.idcard import CardStep, IdCardStep
from kiosk.journeys.steps.keypad import KeypadEntry
from kiosk.protocol import PICKUP_CODE_LEN
from kiosk.voice.prompts import PROMPTS

IDENTIFY, CODE, DOOR, WORKING, DONE = "identify", "code", "door", "working", "done"

# spoken on these screens (kiosk.voice); {n}: the journey's voice_fields()
PROMPTS.register("locker_pickup.identify", N_("取件：请刷身份证，或输入取件码"))
PROMPTS.register("locker_pickup.door", N_("请从{n}号柜取出您的证件，并关好柜门"))
PROMPTS.register("locker_pickup.done", N_("取件完成"))


class PickupJourney(Journey):
    FIRST_STEP = IDENTIFY
    INPUT_STEPS = frozenset({IDENTIFY, CODE})
    RESULT_STEPS = frozenset({DONE})

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.card = self.uses(IdCardStep(self, IDENTIFY, on_card=self._card_read))
        self.code = self.uses(KeypadEntry(self, CODE, max_digits=PICKUP_CODE_LEN))
        self.door = self.uses(DoorStep(self, DOOR, on_closed=self._closed,
                                       on_failed=self._unlock_failed, on_lost=self._lost))
        self.still_inside = False  # the door closed on something: take it, or call staff
        self.done: dict | None = None
        self._holder = ""  # masked name for the hand-over record ("" with a code)

    def start(self) -> None:
        if self.card.enter():
            self.go(IDENTIFY)
        else:  # no reader: the code is the way
            self.notice = Notice("use_code")
            self.go(CODE)

    # ------------------------------------------------------------------ ID card
    def _card_read(self, card) -> None:
        self._holder = self.card.holder.masked_name if self.card.holder else ""
        self.working = "looking_up"
        self.central.lockers.find_by_id(device_name(self), getattr(card, "id_number", "")).then(
            self._found, self._not_found)

    def _not_found(self, exc: BaseException) -> None:
        self.working = None
        # nothing waits for this card (or the server cannot say): another card, or the code
        self.card.lookup_failed(_reason(exc, "lookup_offline"))
        self.card.state = CardStep.WAITING

    @tap
    def use_code(self) -> None:
        if self.at(IDENTIFY) and not self.busy:
            self.card.leave()
            self.notice = None
            self.go(CODE)

    # ------------------------------------------------------------------ code
    @tap
    def code_next(self) -> None:
        if not self.at(CODE) or self.busy or len(self.code.digits) != PICKUP_CODE_LEN:
            return
        self.working = "looking_up"
        self.central.lockers.find_by_code(device_name(self), self.code.digits).then(
            self._found, self._code_wrong)

    def _code_wrong(self, exc: BaseException) -> None:
        self.working = None
        self.code.value = ""
        self.notice = Notice(_reason(exc, "lookup_failed"))

    # ------------------------------------------------------------------ the door
    def _found(self, n: int) -> None:
        self.working = "opening"
        self.notice = None
        self.central.lockers.open_for(device_name(self), n, "pickup").then(
            lambda _rec: self._unlock(n), self._open_failed)

    def _open_failed(self, exc: BaseException) -> None:
        self.working = None
        self.fail("pickup_unavailable", (Action.STAFF, Action.HOME), exc=exc)

    def _unlock(self, n: int) -> None:
        self.working = None
        self.card.leave()
        self.still_inside = False
        self.door.open(n, "pickup")

    def _unlock_failed(self, exc: BaseException) -> None:
        # recorded and flagged: the certificate is still inside, staff open it by hand
        self.fail("door_not_opened", (Action.STAFF, Action.HOME), exc=exc)

    def _lost(self) -> None:
        self.fail("locker_lost", (Action.STAFF, Action.HOME))

    def _closed(self, occupied: bool | None) -> None:
        if occupied is True:
            self.still_inside = True
            self.notice = Notice("still_inside")
            return
        self._record(occupied)

    def _record(self, occupied: bool | None) -> None:
        self.working = "recording"
        self.go(WORKING)
        self.central.lockers.picked_up(self.door.device, self.door.compartment,
                                       holder=self._holder, occupied=occupied).then(
            self._recorded, self._record_failed)

    @tap
    def open_again(self) -> None:
        """Something is still inside: unlock the same compartment again."""
        if self.at(DOOR) and self.still_inside and not self.busy:
            self.still_inside = False
            self.notice = None
            self.door.open(self.door.compartment, "pickup")

    @tap
    def leave_it(self) -> None:
        """It is not mine / I took what is mine: hand-over recorded, what is left flagged."""
        if self.at(DOOR) and self.still_inside and not self.busy:
            self.still_inside = False
            self._record(True)

    def _recorded(self, done: dict) -> None:
        self.working = None
        self.done = dict(done)
        self.go(DONE)
        self.shell.after_work()

    def _record_failed(self, exc: BaseException) -> None:
        self.working = None
        self.fail("pickup_not_recorded", (Action.STAFF, Action.HOME), exc=exc)

    @tap
    def finish(self) -> None:
        if self.at(DONE):
            self.shell.finish()

    @tap
    def back(self) -> None:
        if self.step == IDENTIFY:
            self.shell.go_home()
        elif self.step == CODE and not self.busy:
            self.notice = None
            if self.card.enter():
                self.go(IDENTIFY)
            else:
                self.shell.go_home()

    def voice_fields(self) -> dict:
        """The fields of this journey's spoken prompts ({n}: the open compartment)."""
        return {"n": self.door.compartment} if self.door.compartment is not None else {}

    def staff_reason(self) -> tuple[str, str | None]:
        if self.door.compartment is not None:
            return f"{self.screen}:compartment {self.door.compartment}", None
        return self.screen, None

    def close(self) -> None:
        if self.door.state is DoorState.CLOSED and self.still_inside:
            # closed on something and the citizen left: the hand-over is not confirmed
            self.door.state = DoorState.OPEN  # so the door step flags it as unfinished
        super().close()

    def wipe(self) -> None:
        super().wipe()
        self.done = None
        self._holder = ""
        self.still_inside = False


def _reason(exc: BaseException, otherwise: str) -> str:
    """A refusal's reason (no_code, too_many_tries, needs_staff, no_pickup), else
    ``otherwise`` (the records or the server could not answer)."""
    return getattr(exc, "reason", None) or otherwise
