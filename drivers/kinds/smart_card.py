"""Contact smart-card readers over PC/SC (社会保障卡 and other ISO 7816 cards).

APDUs go through pcscd (pyscard); the reader is named in devices.toml. Secure steps of
third-generation social-security cards are APDU scripts from the central card-management
system that the kiosk relays (``run_script``): no keys on the kiosk.

The social-security operations (``read_ssc`` … ``wait_card``) are what the card services
ask of a reader; a driver that only moves APDUs (the generic ``pcsc``) refuses them with
one line naming the driver that has them (``pcsc_ssc``).
"""
from __future__ import annotations

import time
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from drivers.core.errors import DeviceError
from drivers.core.events import DeviceEvent
from drivers.core.status import Recovery
from drivers.kinds.base import Axis, KindContract

if TYPE_CHECKING:
    from drivers.ssc.application import IssueCard, ScriptResult
    from drivers.ssc.card import SscCard


@dataclass(frozen=True)
class SmartCardInserted(DeviceEvent):
    atr: bytes = b""


@dataclass(frozen=True)
class SmartCardRemoved(DeviceEvent):
    pass


@dataclass(frozen=True)
class SscCardRead(DeviceEvent):
    """Waiting mode read an inserted social-security card. ``card`` is the only copy of the
    holder's data: the receiver wipes it when done."""

    card: SscCard = field(repr=False)
    #: time.perf_counter() when the read finished (latency measurements)
    at: float = field(default_factory=time.perf_counter)


class NotSupported(DeviceError):
    """The configured driver does not offer this operation."""

    code = "not_supported"
    state = None
    recovery = Recovery.TECHNICIAN
    message_zh = "该读卡器不支持此功能"


class SmartCardReader(KindContract):
    kind = "smartcard"
    OPERATIONS = ("arm", "disarm", "atr", "transmit", "read_ssc", "challenge",
                  "prepare_issue", "run_script", "wait_card", "release_card")
    AXES = (Axis("card", blocking={"jammed": "card_jam"}),)
    EVENTS = (SmartCardInserted, SmartCardRemoved, SscCardRead)

    @abstractmethod
    def arm(self) -> None:
        """Watch for card insertion/removal (events)."""

    @abstractmethod
    def disarm(self) -> None: ...

    @abstractmethod
    def atr(self) -> bytes:
        """The answer-to-reset of the card in the reader (connects if needed)."""

    @abstractmethod
    def transmit(self, apdu: bytes) -> bytes:
        """One command APDU → the response APDU (data + SW1 SW2)."""

    # ------------------------------------------------------------- social-security card
    def _unsupported(self, op: str) -> NotSupported:
        return NotSupported(f"{self.name}: driver {type(self).__name__} does not {op} "
                            "(social-security cards need driver \"pcsc_ssc\")")

    def read_ssc(self, *, select: bool = True, auth: Sequence[Any] = ()) -> SscCard:
        """Read the card's EF05/EF06 items. ``select=False`` keeps the card session (a
        read-back right after a script); ``auth``: back-end steps answering the last
        ``challenge()`` (third-generation cards lock EF06 until then)."""
        raise self._unsupported("read social-security cards")

    def challenge(self) -> bytes:
        """Select the application and ask the card for a challenge (for back-end steps)."""
        raise self._unsupported("ask cards for a challenge")

    def prepare_issue(self) -> IssueCard:
        """The card in the issuing position: identification code, blank or not, ATR and a
        fresh challenge for the central system's personalisation script."""
        raise self._unsupported("prepare cards for issuing")

    def run_script(self, steps: Sequence[Any]) -> ScriptResult:
        """Relay a central system's APDU script (ScriptStep or its JSON), checked step by
        step; the first unexpected status word stops it with a typed error."""
        raise self._unsupported("relay card scripts")

    def wait_card(self, timeout_s: float) -> bytes:
        """Wait up to ``timeout_s`` for a card that answers its reset; its ATR."""
        raise self._unsupported("wait for cards")

    def release_card(self, reset: bool = False) -> None:
        """Let go of the card (``reset``: it forgets its session)."""
