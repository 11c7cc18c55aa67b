"""Fingerprint pads: capture and 1:1 verification against a template from the central
identity service. Biometrics are never stored on the kiosk: templates live in memory for one
verification and are wiped."""
from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass

from drivers.core.events import DeviceEvent
from drivers.kinds.base import Axis, KindContract


@dataclass(frozen=True)
class FingerPlaced(DeviceEvent):
    pass


@dataclass(frozen=True)
class FingerLifted(DeviceEvent):
    pass


class FingerprintReader(KindContract):
    kind = "fingerprint"
    OPERATIONS = ("arm", "disarm", "verify")
    AXES = (Axis("finger"),)
    EVENTS = (FingerPlaced, FingerLifted)

    @abstractmethod
    def arm(self) -> None:
        """Watch for a finger (FingerPlaced / FingerLifted)."""

    @abstractmethod
    def disarm(self) -> None: ...

    @abstractmethod
    def verify(self, template: bytes) -> int:
        """Capture a finger and compare it with ``template``: the match score (0: no match)."""
