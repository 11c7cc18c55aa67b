"""社保卡查询 step by step (no Qt): insert the card or place the ID card → the card-management
system's answer (the person's cards, the open or last replacement) → done.

The social-security card is read by the reader's waiting mode (``SscCardRead``); its card
number (EF05, readable on every generation) is enough to ask. The ID card gives the ID
number. Whatever was read is wiped once asked.
"""
from __future__ import annotations

import logging

from drivers.kinds.smart_card import SscCardRead
from kiosk.flows.effects import Request
from kiosk.flows.flow import wipe_data
from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.journeys.base import Journey, Notice
from kiosk.journeys.steps.idcard import CardStep, IdCardStep

log = logging.getLogger(__name__)

INSERT, WORKING, RESULT = "insert", "working", "result"
READER = "smartcard"


class SscQueryJourney(Journey):
    FIRST_STEP = INSERT
    INPUT_STEPS = frozenset({INSERT})
    RESULT_STEPS = frozenset({RESULT})

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.idcard = self.uses(IdCardStep(self, INSERT, on_card=self._id_card))
        self.account: dict | None = None
        self.by: str | None = None  # "ssc" or "idcard": what the citizen used
        self.reader_notice: Notice | None = None
        self._armed = False
        self._query: dict = {}

    def start(self) -> None:
        super().start()
        self.idcard.enter()
        if self.kind_up(READER):
            self._armed = True
            self.device(READER).arm().then()

    @property
    def reader_up(self) -> bool:
        return self.kind_up(READER)

    # ------------------------------------------------------------------ the cards
    def on_device_event(self, event_: object) -> None:
        super().on_device_event(event_)
        if isinstance(event_, SscCardRead):
            self._ssc_card(event_.card)

    def _ssc_card(self, card) -> None:
        if not self.at(INSERT) or card.blank:
            if card.blank:
                self.reader_notice = Notice("ssc_blank")
            wipe_data(card)
            return
        number = card.card_number
        wipe_data(card)
        self.by = "ssc"
        self._lookup({"card_number": number})

    def _id_card(self, card) -> None:
        id_number = getattr(card, "id_number", "")
        self.idcard.finish_lookup()
        self.by = "idcard"
        self._lookup({"id_number": id_number})

    def on_device_error(self, kind: str, operation: str, error: BaseException,
                        recovery: str) -> None:
        super().on_device_error(kind, operation, error, recovery)
        if kind == READER and operation == "read_ssc" and self.at(INSERT):
            self.reader_notice = Notice("device_error", READER, recovery,
                                        getattr(error, "code", None))

    @tap
    def simulate_ssc(self) -> None:
        """Mock mode: insert 李四's (third-generation) social-security card."""
        if self.at(INSERT):
            self.mock(READER, "place_card", card="lisi")

    @tap
    def simulate_idcard(self) -> None:
        if self.at(INSERT) and self.idcard.state is CardStep.WAITING:
            self.mock("idcard", "place_card", card="resident")

    # ------------------------------------------------------------------ the answer
    def _lookup(self, query: dict) -> None:
        self._query = query
        self._disarm()
        self.idcard.leave()
        self.reader_notice = None
        self.working = "looking_up"
        self.go(WORKING)
        self.central.ssc.lookup(**query).then(self._answer, self._failed)

    def _again(self) -> None:
        self._lookup(self._query)

    def _answer(self, account: dict) -> None:
        self.working = None
        self.account = account
        self.go(RESULT)
        self.shell.after_work()

    def _failed(self, exc: BaseException) -> None:
        self.working = None
        if getattr(exc, "retry", True):
            self.fail("ssc_query_failed", (Action.RETRY, Action.STAFF, Action.HOME), exc=exc,
                      retry=self._again)
        else:
            self.fail("ssc_query_refused", (Action.STAFF, Action.HOME), exc=exc)

    @tap
    def finish(self) -> None:
        if self.at(RESULT):
            self.shell.finish()

    # ------------------------------------------------------------------ leaving
    def _disarm(self) -> None:
        if self._armed:
            self._armed = False
            # not through the journey's generation check: a dropped journey must still disarm
            self.shell.effects.request(Request("device", READER, "disarm"), lambda _: None,
                                       lambda exc: log.warning("disarm failed: %s", exc))

    def close(self) -> None:
        self._disarm()
        super().close()

    def wipe(self) -> None:
        super().wipe()
        self.account = None
        self.by = None
        self.reader_notice = None
        self._query = {}


__all__ = ["SscQueryJourney"]
