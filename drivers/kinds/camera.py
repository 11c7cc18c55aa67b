"""Cameras: the portrait camera (证件照, face check, QR codes) and the document camera (高拍仪).

Frames do not travel as events or worker jobs: the device's reader fills one
:class:`~drivers.core.frames.LatestFrame` slot (the newest frame replaces the last, so a slow
consumer never builds a queue), and the screen takes the newest frame at its own pace.
Stills (``capture_still``) are worker operations at the camera's full resolution.
"""
from __future__ import annotations

from abc import abstractmethod
from typing import TYPE_CHECKING, Any

from drivers.kinds.base import Axis, KindContract

if TYPE_CHECKING:
    from drivers.core.frames import LatestFrame


class Camera(KindContract):
    kind = "camera"
    OPERATIONS = ("capture_still",)
    AXES = (Axis("stream", blocking={"frozen": "camera_frozen"}),)

    @property
    @abstractmethod
    def frames(self) -> LatestFrame:
        """The newest frame (thread-safe; the UI polls it, nothing is queued)."""

    @abstractmethod
    def capture_still(self) -> Any:
        """One full-resolution still (a BGR numpy array)."""
