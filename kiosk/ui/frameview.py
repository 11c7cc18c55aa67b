"""A live camera picture: shows the newest frame of a :class:`~drivers.core.frames.LatestFrame`.

Frames never travel to the Qt thread as signals (at 30 fps a busy screen would pile them up
and show an ever older picture). Instead a timer at display rate looks at the slot: when its
sequence number changed, the newest frame is converted once (BGR → QImage, scaled to the
widget) and painted; frames in between are simply never seen. A hidden view stops its timer
and costs nothing.

No OpenCV here: a frame is a numpy array (height × width × 3 BGR, or height × width grey),
which QImage wraps without a copy before the one conversion.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from drivers.core.frames import LatestFrame


class FrameView(QWidget):
    """``FrameView(camera.frames, fps=30, mirror=True)``: the picture fitted into the
    widget (letterboxed on ``background``), mirrored for a camera facing the citizen."""

    def __init__(self, frames: LatestFrame | None = None, parent: QWidget | None = None, *,
                 fps: float = 30.0, mirror: bool = False,
                 background: QColor | str = "#000000") -> None:
        super().__init__(parent)
        self._frames = frames
        self.mirror = mirror
        self.background = QColor(background)
        self.shown_seq = 0  # sequence number of the frame on screen (0: none)
        self.conversions = 0  # frames converted since creation (tests, benchmarks)
        self._image: QImage | None = None  # newest frame, unscaled, RGB32
        self._scaled: QImage | None = None  # … fitted to the widget
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(max(1, round(1000 / fps)))
        self._timer.timeout.connect(self.tick)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # we paint every pixel
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # ----------------------------------------------------------------- public
    @property
    def frames(self) -> LatestFrame | None:
        return self._frames

    def set_frames(self, frames: LatestFrame | None) -> None:
        self._frames = frames
        self.clear()
        self.tick()

    def clear(self) -> None:
        """Show nothing (the background) until the next frame."""
        self._image = self._scaled = None
        self.shown_seq = 0
        self.update()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def image(self) -> QImage | None:
        """What is painted now (scaled, mirrored), None when nothing is."""
        return self._scaled

    def tick(self) -> bool:
        """Take the newest frame if it is not the one shown; True when it was new."""
        got = self._frames.get() if self._frames is not None else None
        if got is None:
            if self._image is not None:  # the camera closed: its last picture goes too
                self.clear()
            return False
        seq, frame = got
        if seq == self.shown_seq:
            return False
        image = _to_qimage(frame)
        if image is None:
            return False
        self._image = image
        self._scaled = self._fit(image)
        self.shown_seq = seq
        self.conversions += 1
        self.update()
        return True

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(640, 480)

    # ---------------------------------------------------------------- painting
    def _fit(self, image: QImage) -> QImage:
        ratio = self.devicePixelRatioF()
        target = self.size() * ratio
        if target.isEmpty():
            return image
        scaled = image.scaled(target, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        if self.mirror:
            scaled = scaled.flipped(Qt.Orientation.Horizontal)
        scaled.setDevicePixelRatio(ratio)
        return scaled

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.background)
        scaled = self._scaled
        if scaled is not None:
            size = scaled.deviceIndependentSize().toSize()
            rect = QRect(0, 0, size.width(), size.height())
            rect.moveCenter(self.rect().center())
            painter.drawImage(rect.topLeft(), scaled)
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._image is not None:
            self._scaled = self._fit(self._image)
        super().resizeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._timer.start()
        self.tick()
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._timer.stop()
        super().hideEvent(event)


def _to_qimage(frame: Any) -> QImage | None:
    """The frame as an RGB32 QImage (one conversion; the array is only wrapped for it)."""
    import numpy as np

    if not isinstance(frame, np.ndarray) or frame.dtype != np.uint8:
        return None
    if frame.ndim == 3 and frame.shape[2] == 3:
        fmt = QImage.Format.Format_BGR888
    elif frame.ndim == 2:
        fmt = QImage.Format.Format_Grayscale8
    else:
        return None
    if not frame.flags.c_contiguous:
        frame = np.ascontiguousarray(frame)
    height, width = frame.shape[:2]
    wrapped = QImage(frame.data, width, height, frame.strides[0], fmt)
    # RGB32 is what the raster engine blits fastest, and converting first makes the smooth
    # scale cheaper than scaling BGR888
    return wrapped.convertToFormat(QImage.Format.Format_RGB32)
