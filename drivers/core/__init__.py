"""Shared device model (CEN/XFS / UnifiedPOS style): status, errors, transports, workers."""
from drivers.core.errors import (
    DeviceError,
    DeviceDisconnected,
    DeviceTimeout,
    NotReady,
    ProtocolError,
)
from drivers.core.status import (
    CardHopperState,
    DeviceState,
    DeviceStatus,
    HealthLevel,
    HealthReport,
    MediaState,
    PaperState,
    Recovery,
)

__all__ = [
    "CardHopperState",
    "DeviceDisconnected",
    "DeviceError",
    "DeviceState",
    "DeviceStatus",
    "DeviceTimeout",
    "HealthLevel",
    "HealthReport",
    "MediaState",
    "NotReady",
    "PaperState",
    "ProtocolError",
    "Recovery",
]
