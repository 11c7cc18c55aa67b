"""Cameras: the portrait camera (证件照, face check, QR codes) and the document camera (高拍仪).

Frames do not travel as events or worker jobs: the device's reader fills one
:class:`~drivers.core.frames.LatestFrame` slot (the newest frame replaces the last, so a slow
consumer never builds a queue), and the screen takes the newest frame at its own pace
(``preview()`` hands the slot over). Stills (``capture_still``) are worker operations at the
camera's full resolution.

Work on frames (face checks, QR decoding) runs on the camera's worker through ``analyse(fn,
newer_than=seq)``: it waits for a frame newer than the one the caller last had, runs ``fn``
on it and returns the answer with the frame's number and time. A caller that asks again
only after each answer has exactly one analysis in flight, on the newest frame: the latest
frame wins, nothing queues, and a slow analysis lowers its own rate, never the preview's.
The analysis knows nothing of the driver, and the driver nothing of what is analysed.
"""
from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from drivers.kinds.base import Axis, KindContract

if TYPE_CHECKING:
    from drivers.core.frames import LatestFrame


@dataclass(frozen=True)
class Analysed:
    """What ``analyse`` returns: ``fn``'s answer for frame ``seq`` (arrived at ``at``,
    time.monotonic()), of ``width``×``height``."""

    seq: int
    at: float
    width: int
    height: int
    result: Any


class Camera(KindContract):
    kind = "camera"
    OPERATIONS = ("capture_still", "preview", "analyse")
    AXES = (Axis("stream", blocking={"frozen": "camera_frozen"}),)

    @property
    @abstractmethod
    def frames(self) -> LatestFrame:
        """The newest frame (thread-safe; the UI polls it, nothing is queued)."""

    @abstractmethod
    def capture_still(self) -> Any:
        """One full-resolution still (a BGR numpy array)."""

    def preview(self) -> LatestFrame:
        """The slot a screen shows (:class:`kiosk.ui.frameview.FrameView`): the same object
        across reconnects, emptied when the camera closes."""
        return self.frames

    @abstractmethod
    def analyse(self, fn: Callable[[Any], Any], newer_than: int | None = None) -> Analysed:
        """``fn(frame)`` on the first frame newer than sequence number ``newer_than`` (the
        newest one when several came meanwhile); None: the first frame that arrives after
        the call (never one from before the citizen was asked). ``fn`` gets a read-only BGR
        array shared with the screen and must not keep it. Raises DeviceTimeout when no such
        frame comes within the camera's frame deadline, CameraFrozen for a frozen stream."""
