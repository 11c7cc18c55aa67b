"""Resident ID card reader (SAM module, GA 467 frames). Temporary minimal spec; full driver below soon."""
from __future__ import annotations

from drivers.core.device import Device
from drivers.core.registry import DriverSpec, Option
from drivers.core.status import DeviceState, DeviceStatus


class _PendingDevice(Device):
    kind = "idcard"
    supply_axes = ("card",)

    def _open(self) -> None:
        pass

    def _close(self) -> None:
        pass

    def poll_status(self) -> DeviceStatus:
        return DeviceStatus(DeviceState.OFFLINE, {"card": "unknown"}, "driver being written")


SPEC = DriverSpec(
    name="sam_idcard",
    kind="idcard",
    description="ID card reader, SAM module frames (AA AA AA 96 69)",
    device_class=_PendingDevice,
    simulator_factory=None,
    options={"baudrate": Option(int, 115200, "serial speed")},
)
