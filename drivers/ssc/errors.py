"""What a social-security card's status words mean for the kiosk, as typed errors.

The reader-level failures (no card, card pulled mid-read, reader gone, pcscd down, a mute
card) are :mod:`drivers.core.apdu`'s; these are the card application's own answers.
"""
from __future__ import annotations

from typing import Any

from drivers.core.apdu import StatusWordError, describe_sw
from drivers.core.status import Recovery


class SscError(StatusWordError):
    """A social-security card refused a step (base class; ``sw`` is its status word)."""

    code = "ssc_error"
    message_zh = "社保卡操作失败"

    def __init__(self, message: str, sw: int, step: str = "", index: int = -1,
                 **kw: Any) -> None:
        super().__init__(message, sw, **kw)
        self.step, self.index = step, index  # the script step it failed at, if any

    def to_dict(self) -> dict:
        extra = {"step": self.step, "index": self.index} if self.step else {}
        return {**super().to_dict(), **extra}


class WrongCard(SscError):
    """The card has no social-security application (another card, or upside down)."""

    code = "wrong_card"
    recovery = Recovery.RETRY
    message_zh = "这不是社会保障卡，请插入社保卡"


class BlankCard(SscError):
    """An initialised card without personal data: a blank card for issuing, not a citizen's."""

    code = "blank_card"
    recovery = Recovery.RETRY
    message_zh = "这是一张未制作的空白卡"


class HolderDataLocked(SscError):
    """EF06 needs authentication first (third-generation cards): a back-end script."""

    code = "auth_required"
    recovery = Recovery.RETRY
    message_zh = "读取持卡人信息需要后台认证"


class AuthenticationFailed(SscError):
    """EXTERNAL AUTHENTICATE was refused: the script was not made for this card."""

    code = "auth_failed"
    recovery = Recovery.NONE
    message_zh = "卡片认证未通过"


class CardBlocked(SscError):
    """The card blocked the key or the application (too many failed authentications)."""

    code = "card_blocked"
    recovery = Recovery.NONE
    message_zh = "卡片已锁定"


class CardWriteFailed(SscError):
    """A personalisation write failed on the card (memory failure, refused write): the card
    is in an unknown state and must be captured."""

    code = "write_failed"
    recovery = Recovery.NONE
    message_zh = "写卡失败"


class ScriptStepFailed(SscError):
    """A relayed script step ended with a status word the script did not expect."""

    code = "script_failed"
    recovery = Recovery.NONE
    message_zh = "写卡步骤失败"


def wrong_card(sw: int, where: str) -> WrongCard:
    return WrongCard(f"{where}: no social-security application on this card (SW {sw:04X})", sw)


def sw_error(sw: int, where: str, *, step: str = "", index: int = -1) -> SscError:
    """The typed error for a status word met at ``where`` (one line, no card data)."""
    text = f"{where}: SW {sw:04X} ({describe_sw(sw)})"
    if sw == 0x6982:
        cls: type[SscError] = HolderDataLocked
    elif sw == 0x6983:
        cls = CardBlocked
    elif sw == 0x6300 or sw >> 4 == 0x63C:
        cls = AuthenticationFailed
    elif sw >> 8 == 0x65:  # 6581 memory failure: the EEPROM write did not take
        cls = CardWriteFailed
    else:
        cls = ScriptStepFailed if step else SscError
    return cls(text, sw, step, index)


__all__ = ["AuthenticationFailed", "BlankCard", "CardBlocked", "CardWriteFailed",
           "HolderDataLocked", "ScriptStepFailed", "SscError", "WrongCard", "sw_error",
           "wrong_card"]
