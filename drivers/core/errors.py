"""Typed device errors. Each carries the device state it implies and the recovery it needs.

Messages come in Chinese and English because some reach the citizen's screen (through the
UI's own wording) and all reach the technician's log. No personal data in messages.
"""
from __future__ import annotations

from drivers.core.status import DeviceState, Recovery


class DeviceError(Exception):
    code = "device_error"
    state: DeviceState | None = DeviceState.HARDWARE_ERROR  # None: the device state is unchanged
    recovery = Recovery.RETRY
    message_zh = "设备故障"

    def __init__(
        self,
        message: str,
        *,
        message_zh: str | None = None,
        recovery: Recovery | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if message_zh is not None:
            self.message_zh = message_zh
        if recovery is not None:
            self.recovery = recovery
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict:
        return {
            "type": type(self).__name__,
            "code": self.code,
            "message": self.message,
            "message_zh": self.message_zh,
            "recovery": str(self.recovery),
        }


class DeviceTimeout(DeviceError):
    """No (complete) answer within the exchange's deadline."""

    code = "timeout"
    state = DeviceState.OFFLINE
    recovery = Recovery.RESET
    message_zh = "设备无响应"


class DeviceDisconnected(DeviceError):
    """The port is gone or refused: unplugged, powered off, wrong path."""

    code = "disconnected"
    state = DeviceState.NO_DEVICE
    recovery = Recovery.RESET
    message_zh = "设备未连接"


class ProtocolError(DeviceError):
    """The device answered bytes that do not form a valid reply (noise, corruption)."""

    code = "protocol"
    state = None
    recovery = Recovery.RETRY
    message_zh = "设备通信错误"


class NotReady(DeviceError):
    """An operation was asked of a device that is not open and enabled."""

    code = "not_ready"
    state = None
    recovery = Recovery.RETRY
    message_zh = "设备未就绪"


class ConfigError(Exception):
    """Bad configuration: ``str()`` is one line naming the file, the key and the problem."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: {problem}")
