"""SW3 — the SAM's own status byte — as typed errors with plain Chinese and English messages.

Card-side failures (no card, select/read failed, authentication) leave the reader healthy:
their ``state`` is None and the recovery is "retry" (place the card again). SAM-side faults
(not authorised, self-test failed) put the device in hardware_error for a technician.
"""
from __future__ import annotations

from drivers.core.errors import DeviceError, ProtocolError
from drivers.core.status import DeviceState, Recovery

SW3_OK = 0x90
SW3_FOUND = 0x9F
SW3_EMPTY = 0x91  # no fingerprint / no appended address: not an error


class IdCardError(DeviceError):
    """Base of every error the ID card driver raises on its own account."""

    code = "idcard_error"
    state = None
    recovery = Recovery.RETRY
    message_zh = "身份证读卡器故障"


class SamStatusError(IdCardError):
    """The SAM answered with an SW3 other than success."""

    sw3: int = -1

    def __init__(self, message: str, *, sw3: int, **kw) -> None:
        super().__init__(message, **kw)
        self.sw3 = sw3

    def to_dict(self) -> dict:
        return {**super().to_dict(), "sw3": f"{self.sw3:02X}"}


class NoCard(SamStatusError):
    code = "no_card"
    message_zh = "未检测到身份证，请将身份证放在读卡区"


class SelectFailed(SamStatusError):
    code = "select_failed"
    message_zh = "选卡失败，请将身份证重新放置"


class ReadFailed(SamStatusError):
    code = "read_failed"
    message_zh = "读卡失败，请将身份证重新放置"


class UnknownCardType(SamStatusError):
    code = "unknown_card_type"
    message_zh = "无法识别的卡片，请放置居民身份证或居住证、永居证"


class AuthenticationFailed(SamStatusError):
    code = "auth_failed"
    recovery = Recovery.STAFF  # repeated failures: a damaged or forged card, staff must look
    message_zh = "证件认证失败，请重新放置；多次失败请联系工作人员"


class SamNotAuthorised(SamStatusError):
    code = "sam_not_authorised"
    state = DeviceState.HARDWARE_ERROR
    recovery = Recovery.TECHNICIAN
    message_zh = "读卡器安全模块未授权，请联系工作人员"


class SamSelfTestFailed(SamStatusError):
    code = "sam_self_test"
    state = DeviceState.HARDWARE_ERROR
    recovery = Recovery.TECHNICIAN
    message_zh = "读卡器安全模块自检失败，请联系工作人员"


class FrameRejected(SamStatusError):
    """The SAM says our frame was wrong (checksum, length, command): a line or driver fault."""

    code = "frame_rejected"
    message_zh = "读卡器通信错误，请重试"


class SamOperationFailed(SamStatusError):
    code = "sam_failed"
    message_zh = "读卡器操作失败，请重试"


class CardStillOnReader(IdCardError):
    """A card lies on the reader but was already read: the SAM will not find it again
    until it leaves the RF field. Normal state, not a fault."""

    code = "card_already_read"
    message_zh = "请将身份证拿起后重新放置"


class CardDataError(IdCardError):
    """The reply was a valid frame but its card data cannot be a card's (wrong sizes, text
    that is not UTF-16)."""

    code = "card_data"
    message_zh = "证件信息无法识别，请重新放置"


class TruncatedFrame(ProtocolError, IdCardError):
    """Part of a reply arrived, then the line went quiet: the reader is there, the frame is not."""

    code = "truncated"
    state = None
    recovery = Recovery.RETRY
    message_zh = "读卡器通信中断，请重试"


class CorruptFrame(ProtocolError, IdCardError):
    code = "corrupt_frame"
    state = None
    recovery = Recovery.RETRY
    message_zh = "读卡器通信错误，请重试"


#: SW3 → (error class, English meaning)
SW3_TABLE: dict[int, tuple[type[SamStatusError], str]] = {
    0x10: (FrameRejected, "the SAM reports a checksum error in the command"),
    0x11: (FrameRejected, "the SAM reports a length error in the command"),
    0x21: (FrameRejected, "the SAM does not know the command"),
    0x23: (SamOperationFailed, "operation not permitted"),
    0x24: (SamOperationFailed, "unknown error in the SAM"),
    0x31: (AuthenticationFailed, "the card failed to authenticate the SAM"),
    0x32: (AuthenticationFailed, "the SAM failed to authenticate the card"),
    0x33: (AuthenticationFailed, "verification error"),
    0x40: (UnknownCardType, "unrecognised card type"),
    0x41: (ReadFailed, "reading the card failed"),
    0x47: (SamOperationFailed, "random number failure"),
    0x60: (SamSelfTestFailed, "the SAM failed its self-test and accepts no commands"),
    0x66: (SamNotAuthorised, "the SAM is not authorised"),
    0x80: (NoCard, "no card on the reader"),
    0x81: (SelectFailed, "selecting the card failed"),
}


def describe(sw3: int) -> str:
    if sw3 == SW3_OK:
        return "success"
    if sw3 == SW3_FOUND:
        return "card found"
    if sw3 == SW3_EMPTY:
        return "item empty"
    entry = SW3_TABLE.get(sw3)
    return entry[1] if entry else f"unknown status {sw3:02X}"


def sw3_error(sw3: int, where: str) -> SamStatusError:
    """The typed error for a failing SW3; ``where`` names device and step (no card data)."""
    cls, meaning = SW3_TABLE.get(sw3, (SamOperationFailed, f"unknown SAM status {sw3:02X}"))
    return cls(f"{where}: {meaning} (SW3 {sw3:02X})", sw3=sw3)
