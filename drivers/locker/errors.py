"""What can go wrong with a lock board, as typed errors naming their recovery."""
from __future__ import annotations

from drivers.core.errors import DeviceError, DeviceTimeout, ProtocolError
from drivers.core.status import Recovery


class LockerError(DeviceError):
    """Base of the errors the locker driver raises on its own account."""

    code = "locker_error"
    state = None  # one compartment's trouble: the cabinet itself still works
    recovery = Recovery.STAFF
    message_zh = "自助文件柜故障"


class UnknownCompartment(LockerError):
    code = "unknown_compartment"
    recovery = Recovery.NONE
    message_zh = "没有这个柜格"


class LockNotReleased(LockerError):
    """The unlock was answered but the door is still closed: a lock that does not release
    (jammed, unpowered coil) or a door held shut. Staff open it by hand."""

    code = "lock_not_released"
    message_zh = "柜门没有打开，请联系工作人员"


class BoardNotAnswering(LockerError):
    """The compartment's board does not answer now (the others may)."""

    code = "board_lost"
    recovery = Recovery.TECHNICIAN
    message_zh = "柜格暂时无法使用，请联系工作人员"


class CorruptReply(ProtocolError):
    """A reply whose checksum does not match (line noise, a wrong baud rate)."""

    code = "checksum"
    message_zh = "自助文件柜通信错误"


class NoBoardAnswers(DeviceTimeout):
    """Not one configured board answered: wrong port, cable out, cabinet unpowered (the
    worker closes the port and reconnects with backoff)."""

    message_zh = "自助文件柜无响应"
