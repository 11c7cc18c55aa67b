"""What goes wrong in a card dispenser, as typed errors naming the recovery."""
from __future__ import annotations

from drivers.core.errors import DeviceError, ProtocolError
from drivers.core.status import DeviceState, Recovery


class DispenserError(DeviceError):
    """The dispenser refused or failed a command (base; ``device_code``: its own code)."""

    code = "dispenser_error"
    state = None
    recovery = Recovery.RESET
    message_zh = "发卡机故障"

    def __init__(self, message: str, *, device_code: str = "", **kw) -> None:
        super().__init__(message, **kw)
        self.device_code = device_code

    def to_dict(self) -> dict:
        return {**super().to_dict(), "device_code": self.device_code}


class CardJammed(DispenserError):
    """A card is stuck in the channel: staff open the machine and take it out."""

    code = "card_jam"
    state = DeviceState.USER_ERROR
    recovery = Recovery.STAFF
    message_zh = "发卡机卡卡，请工作人员处理"


class HopperEmpty(DispenserError):
    """No blank card left (or none could be picked): staff refill the hopper."""

    code = "hopper_empty"
    recovery = Recovery.STAFF
    message_zh = "发卡机没有空白卡了"


class RejectBinFull(DispenserError):
    """The reject bin cannot take another card: staff empty it."""

    code = "reject_bin_full"
    recovery = Recovery.STAFF
    message_zh = "发卡机回收箱已满"


class CorruptReply(ProtocolError):
    """A reply frame with a wrong check byte, length or shape."""

    code = "corrupt_frame"
    message_zh = "发卡机通信错误"


__all__ = ["CardJammed", "CorruptReply", "DispenserError", "HopperEmpty", "RejectBinFull"]
