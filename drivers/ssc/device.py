"""The social-security card reader (driver ``pcsc_ssc``): the generic PC/SC reader plus the
SSSE application — reading EF05/EF06, preparing a blank card for issuing, relaying the central
system's scripts, waiting for a card a dispenser moves onto the contacts.

Waiting mode (``arm()``): as the generic reader it publishes ``SmartCardInserted`` and
``SmartCardRemoved``; with ``read_on_insert`` (the default) it then reads the inserted card
at once on its worker and publishes ``SscCardRead`` — or, when the read fails (a card pulled
out half-way, not a social-security card), the failure as a ``DeviceErrorEvent`` of
operation ``read_ssc``.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from drivers.core.apdu import CardCommunicationError, NoCardError
from drivers.core.errors import DeviceError
from drivers.core.status import DeviceInfo
from drivers.kinds.smart_card import SscCardRead
from drivers.smartcard.device import PcscReader
from drivers.ssc.application import IssueCard, ScriptResult, ScriptStep, SscApplication
from drivers.ssc.card import SscCard

log = logging.getLogger(__name__)

#: how often wait_card() asks pcscd while a card is on its way to the contacts
WAIT_POLL_S = 0.02


def _steps(steps: Sequence[Any]) -> list[ScriptStep]:
    return [s if isinstance(s, ScriptStep) else ScriptStep.from_json(s) for s in steps]


class PcscSscReader(PcscReader):

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.read_on_insert = bool(self.options.get("read_on_insert", True))

    def _open(self) -> None:
        super()._open()
        reader = self.info.extra.get("reader", "")
        self.info = DeviceInfo(model=f"PC/SC reader {reader} (social-security cards)",
                               extra=dict(self.info.extra),
                               capabilities={**self.info.capabilities, "application": "SSSE"})

    def _app(self) -> SscApplication:
        return SscApplication(self.exchange, self.name)

    # ------------------------------------------------------------------ operations
    def read_ssc(self, *, select: bool = True, auth: Sequence[Any] = ()) -> SscCard:
        card = self._app().read(select=select, auth=_steps(auth))
        card.atr = self._channel().atr()
        log.info("%s: read %r", self.name, card)
        return card

    def challenge(self) -> bytes:
        app = self._app()
        app.select()
        return app.challenge()

    def prepare_issue(self) -> IssueCard:
        atr = self._channel().atr()
        issue = self._app().identify()
        return IssueCard(issue.card_id_code, issue.version, issue.blank, issue.challenge, atr)

    def run_script(self, steps: Sequence[Any]) -> ScriptResult:
        steps = _steps(steps)
        result = self._app().run_script(steps)
        log.info("%s: script of %d steps ran", self.name, result.steps)
        return result

    def wait_card(self, timeout_s: float) -> bytes:
        """The ATR of a card that answers its reset, within ``timeout_s`` (pcscd notices a
        card at its own presence poll); NoCardError after it, CardCommunicationError for a
        card that is there but mute."""
        end = time.monotonic() + timeout_s
        channel = self._channel()
        channel.release_card()  # a handle to the card before this one is stale
        mute_since = None
        while True:
            state = channel.reader_state()
            if state.present and not state.mute:
                return channel.atr()
            now = time.monotonic()
            if state.present and state.mute:
                mute_since = mute_since or now
            if now >= end:
                if mute_since is not None:
                    raise CardCommunicationError(f"{self.name}: the card does not answer its "
                                                 "reset (mute)")
                raise NoCardError(f"{self.name}: no card reached the contacts within "
                                  f"{timeout_s:.1f}s")
            time.sleep(WAIT_POLL_S)

    # ------------------------------------------------------------------ waiting mode
    def idle(self) -> None:
        before = self._seen
        super().idle()
        if not (self._armed and self.read_on_insert and self._seen and before is not True):
            return
        # a handle to the card read before this one is stale (pulled out, another put in)
        self._channel().release_card()
        try:
            card = self.run("read_ssc", self.read_ssc)  # a failure is published as an event
        except DeviceError:
            return
        self.events.publish(SscCardRead(self.name, card))


__all__ = ["PcscSscReader"]
