"""GT-521F NACK codes as typed errors."""
from __future__ import annotations

from drivers.core.errors import DeviceError, ProtocolError
from drivers.core.status import DeviceState, Recovery
from drivers.gt521f import frames as f
from drivers.kinds.fingerprint import NoFinger, PoorImage


class Gt521Error(DeviceError):
    """A NACK the module answered; ``nack`` holds its error code."""

    code = "gt521f_error"
    state = None
    recovery = Recovery.RETRY
    message_zh = "指纹仪故障"

    def __init__(self, message: str, *, nack: int = -1, **kw) -> None:
        super().__init__(message, **kw)
        self.nack = nack


class ModuleFault(Gt521Error):
    """NACK_DEV_ERR: the module reports a fault of its own (sensor, crypto chip)."""

    code = "device_error"
    state = DeviceState.HARDWARE_ERROR
    recovery = Recovery.TECHNICIAN


class CorruptPacket(ProtocolError):
    """A packet whose checksum does not match, or an answer cut off."""

    code = "checksum"
    message_zh = "指纹仪通信错误"


def nack_error(code: int, where: str) -> DeviceError:
    text = f"{where}: {f.NACK_TEXT.get(code, 'unknown error code')} (NACK {code:04X})"
    if code in (f.NACK_FINGER_IS_NOT_PRESSED, f.NACK_TIMEOUT):
        return NoFinger(text)
    if code == f.NACK_BAD_FINGER:
        return PoorImage(text, reason="bad_finger")
    if code == f.NACK_DEV_ERR:
        return ModuleFault(text, nack=code)
    if code == f.NACK_COMM_ERR:
        return CorruptPacket(text)
    return Gt521Error(text, nack=code)
