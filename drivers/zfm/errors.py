"""ZFM confirmation codes as typed errors (what the citizen's screen and the technician see)."""
from __future__ import annotations

from drivers.core.errors import DeviceError, ProtocolError
from drivers.core.status import DeviceState, Recovery
from drivers.kinds.fingerprint import NoFinger, PoorImage
from drivers.zfm import frames as f


class ZfmError(DeviceError):
    """A confirmation code the module answered; ``ack`` holds it."""

    code = "zfm_error"
    state = None
    recovery = Recovery.RETRY
    message_zh = "指纹仪故障"

    def __init__(self, message: str, *, ack: int = -1, **kw) -> None:
        super().__init__(message, **kw)
        self.ack = ack


class WrongPassword(ZfmError):
    """VfyPwd refused: the module's password is not the one configured."""

    code = "wrong_password"
    state = DeviceState.HARDWARE_ERROR
    recovery = Recovery.TECHNICIAN
    message_zh = "指纹仪密码错误"


class TransferError(ZfmError):
    """The module could not take or give the data packets (01, 0D, 0E, 0F)."""

    code = "transfer"
    message_zh = "指纹仪通信错误"


class FlashError(ZfmError):
    code = "flash"
    state = DeviceState.HARDWARE_ERROR
    recovery = Recovery.TECHNICIAN


class CorruptPacket(ProtocolError):
    """A packet whose checksum does not match, or an answer cut off."""

    code = "checksum"
    message_zh = "指纹仪通信错误"


_POOR = {f.IMAGE_FAIL: "image_failed", f.MESSY_IMAGE: "messy", f.FEW_FEATURES: "too_few_features",
         f.INVALID_IMAGE: "invalid_image"}


def ack_error(code: int, where: str) -> DeviceError:
    """The typed error for a confirmation code other than OK."""
    text = f"{where}: {f.ACK_TEXT.get(code, 'unknown confirmation code')} (code {code:02X})"
    if code == f.NO_FINGER:
        return NoFinger(text)
    if code in _POOR:
        return PoorImage(text, reason=_POOR[code])
    if code == f.WRONG_PASSWORD:
        return WrongPassword(text, ack=code)
    if code in (f.COMM_ERROR, f.UPLOAD_ERROR, f.RECEIVE_ERROR, f.IMAGE_UPLOAD_ERROR):
        return TransferError(text, ack=code)
    if code == f.FLASH_ERROR:
        return FlashError(text, ack=code)
    return ZfmError(text, ack=code)
