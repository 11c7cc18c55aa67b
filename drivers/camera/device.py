"""The UVC camera driver: any camera OpenCV opens (V4L2 on the kiosk, or a stream URL).

The stream runs on the :class:`~drivers.core.frames.FrameSource`'s own reader thread into
the device's one :class:`~drivers.core.frames.LatestFrame` (the same slot across
reconnects, so a screen keeps showing ``camera.frames`` whatever happens underneath). The
worker never waits on the reader: the status is judged from the slot's freshness —

- no frame for ``frame_timeout`` s → DeviceTimeout: offline, and the worker reopens the
  camera with backoff until frames come again;
- the picture identical for ``frozen_after`` s → axis ``stream`` = ``frozen`` (a hung
  pipeline repeating its last buffer: it must not become a citizen's portrait);
- frames of another size than configured when it opens → WrongResolution, hardware_error
  naming both sizes (a size the camera does not offer is the technician's to fix); the
  worker keeps retrying the open with backoff, so a camera swapped for one that does comes
  online by itself.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from drivers.core.counters import Counters
from drivers.core.errors import ConfigError, DeviceDisconnected, DeviceError, DeviceTimeout
from drivers.core.events import EventBus
from drivers.core.frames import FrameSource, LatestFrame, load_cv2
from drivers.core.status import DeviceInfo, DeviceState, DeviceStatus, HealthCheck, Recovery
from drivers.kinds.camera import Analysed, Camera

log = logging.getLogger(__name__)


class CameraFrozen(DeviceError):
    """The stream delivers frames, but the very same picture again and again."""

    code = "camera_frozen"
    state = None  # the axis says it; the device still answers
    recovery = Recovery.RESET
    message_zh = "摄像头画面停止更新"


class AnalysisFailed(DeviceError):
    """The caller's analysis raised on a frame: its bug, not the camera's."""

    code = "analysis_failed"
    state = None  # the camera is fine
    recovery = Recovery.RETRY
    message_zh = "图像分析出错"


class WrongResolution(DeviceError):
    """The camera opened, but delivers frames of another size than configured."""

    code = "wrong_resolution"
    state = DeviceState.HARDWARE_ERROR
    recovery = Recovery.TECHNICIAN
    message_zh = "摄像头分辨率与配置不符"


class UvcCamera(Camera):
    def __init__(
        self,
        name: str,
        port: str,
        options: Mapping[str, Any] | None = None,
        *,
        timeout: float = 5.0,
        events: EventBus | None = None,
        counters: Counters | None = None,
    ) -> None:
        super().__init__(name, port, options, timeout=timeout, events=events, counters=counters)
        o = self.options
        self.width = int(o.get("width", 1280))
        self.height = int(o.get("height", 720))
        self.fps = float(o.get("fps", 15.0))
        self.fourcc = str(o.get("fourcc", "MJPG"))
        self.exposure = float(o.get("exposure", 0.0))
        self.white_balance = int(o.get("white_balance", 0))
        self.frame_timeout = float(o.get("frame_timeout", 2.0))
        self.frozen_after = float(o.get("frozen_after", 3.0))
        for key, value, ok in (("width", self.width, self.width >= 0),
                               ("height", self.height, self.height >= 0),
                               ("fps", self.fps, self.fps >= 0),
                               ("exposure", self.exposure, self.exposure >= 0),
                               ("white_balance", self.white_balance, self.white_balance >= 0),
                               ("frame_timeout", self.frame_timeout, self.frame_timeout > 0),
                               ("frozen_after", self.frozen_after, self.frozen_after >= 0)):
            if not ok:
                raise ConfigError("devices.toml", f"{name}.{key}", f"out of range: {value}")
        if bool(self.width) != bool(self.height):
            raise ConfigError("devices.toml", f"{name}.width",
                              "give width and height together (or both 0: the camera's default)")
        # status is read from the slot, which costs nothing: look often, so an outage shows
        # within a fraction of frame_timeout
        self.idle_interval = max(0.05, min(0.5, self.frame_timeout / 4))
        self._frames = LatestFrame()
        self._source: FrameSource | None = None
        self._rate_mark = (time.monotonic(), 0)
        self._rate = 0.0
        self._polled_at = 0.0  # monotonic time of the last status refresh

    # ------------------------------------------------------------------ contract
    @property
    def frames(self) -> LatestFrame:
        return self._frames

    def capture_still(self) -> Any:
        """A copy of the first frame whose picture changed after this call (so never one
        taken before the citizen was asked to hold still, nor a frozen one); with
        ``frozen_after = 0`` simply the next frame."""
        source = self._require_source()
        if self._is_frozen(source):
            raise CameraFrozen(f"{self.name}: the picture has not changed for "
                               f"{source.unchanged_for():.1f}s")
        asked = time.monotonic()
        end = asked + self.frame_timeout
        start_seq = seq = self._frames.seq
        while True:
            got = self._frames.wait_newer(seq, max(0.0, end - time.monotonic()))
            if got is None:
                if seq > start_seq:
                    raise CameraFrozen(f"{self.name}: frames arrive, but the picture has not "
                                       f"changed for {self.frame_timeout:.1f}s")
                raise DeviceTimeout(f"{self.name}: no frame within {self.frame_timeout:.1f}s "
                                    "for the still")
            seq, frame = got
            changed = source.last_changed_at
            if not self.frozen_after or (changed is not None and changed >= asked):
                return frame.copy()

    def analyse(self, fn: Callable[[Any], Any], newer_than: int | None = None) -> Analysed:
        """See :meth:`drivers.kinds.camera.Camera.analyse`. While a caller keeps the worker
        busy with analyses back to back, the worker never idles, so the status is refreshed
        here as often as idle() would have."""
        source = self._require_source()
        if self._is_frozen(source):
            raise CameraFrozen(f"{self.name}: the picture has not changed for "
                               f"{source.unchanged_for():.1f}s")
        if newer_than is None:
            newer_than = self._frames.seq
        got = self._frames.wait_newer(newer_than, self.frame_timeout)
        if got is None:
            raise DeviceTimeout(f"{self.name}: no new frame within {self.frame_timeout:.1f}s")
        stamped = self._frames.latest()  # the newest, should another have come meanwhile
        seq, frame, at = stamped if stamped is not None else (*got, time.monotonic())
        try:
            result = fn(frame)
        except DeviceError:
            raise
        except Exception as exc:  # noqa: BLE001 - the analysis's bug: typed, camera unharmed
            log.exception("%s: analysis %s failed", self.name, getattr(fn, "__name__", fn))
            raise AnalysisFailed(f"{self.name}: analysis failed ({type(exc).__name__}; see the "
                                 "kiosk log)") from exc
        if time.monotonic() - self._polled_at >= self.idle_interval:
            self.refresh_status()
        return Analysed(seq, at, frame.shape[1], frame.shape[0], result)

    def refresh_status(self):
        self._polled_at = time.monotonic()
        return super().refresh_status()

    # ---------------------------------------------------------------- life cycle
    def _open(self) -> None:
        source = FrameSource(
            self.port, self._frames, width=self.width, height=self.height, fps=self.fps,
            fourcc=self.fourcc, controls=self._controls(), name=self.name,
            # FFMPEG's own deadline only frees an abandoned reader; ours decide the state
            stall_timeout=2 * max(self.timeout, self.frame_timeout),
        )
        source.open(self.timeout)
        self._source = source
        width, height = source.size or (0, 0)
        if self.width and (width, height) != (self.width, self.height):
            # checked here only: a camera's mode is set when it is opened (and OpenCV's FFMPEG
            # reader scales a stream that changes size later to its first size anyway)
            source.close()
            raise WrongResolution(f"{self.name}: delivers {width}x{height}, configured "
                                  f"{self.width}x{self.height} (a size this camera does not "
                                  "offer?)")
        model = _v4l2_name(source.target) if source.backend == "v4l2" else ""
        controls = self._controls()
        self.info = DeviceInfo(
            model=model or ("V4L2 camera" if source.backend == "v4l2" else "network stream"),
            extra={"backend": source.backend_name, "resolution": f"{width}x{height}"},
            # the size the camera delivered (not the one asked for) and what it lets us set
            capabilities={"resolution": f"{width}x{height}", "backend": source.backend_name,
                          "controls": "exposure, white balance" if controls
                          else "none (set on the stream's server)"},
        )
        self._rate_mark = (time.monotonic(), self._frames.received)

    def _close(self) -> None:
        source, self._source = self._source, None
        if source is not None:
            source.close()
        self._frames.clear()  # the last citizen's face does not outlive the session

    def _controls(self) -> dict[int, float]:
        if not self.port.strip().isdigit() and not self.port.startswith("/dev/"):
            return {}  # a stream's picture is set on its server
        cv2 = load_cv2()
        controls: dict[int, float] = {}
        # V4L2 through OpenCV: auto exposure 3 = aperture priority (auto), 1 = manual
        if self.exposure:
            controls[cv2.CAP_PROP_AUTO_EXPOSURE] = 1
            controls[cv2.CAP_PROP_EXPOSURE] = self.exposure
        else:
            controls[cv2.CAP_PROP_AUTO_EXPOSURE] = 3
        if self.white_balance:
            controls[cv2.CAP_PROP_AUTO_WB] = 0
            controls[cv2.CAP_PROP_WB_TEMPERATURE] = self.white_balance
        else:
            controls[cv2.CAP_PROP_AUTO_WB] = 1
        return controls

    # -------------------------------------------------------------------- status
    def poll_status(self) -> DeviceStatus:
        source = self._require_source()
        source.check(self.frame_timeout)
        stream = "frozen" if self._is_frozen(source) else "ok"
        width, height = source.size or (0, 0)
        now, received = time.monotonic(), self._frames.received
        mark_at, mark_n = self._rate_mark
        if now - mark_at >= 1.0:
            self._rate = (received - mark_n) / (now - mark_at)
            self._rate_mark = (now, received)
        return DeviceStatus(DeviceState.ONLINE, {"stream": stream},
                            f"{width}x{height}, {self._rate:.0f} fps")

    def external_checks(self) -> list[HealthCheck]:
        frame = self.capture_still()
        mean = float(frame.mean())
        # a covered lens or a dead sensor gives a black picture that still "streams"
        return [HealthCheck("picture", mean > 8.0,
                            f"{frame.shape[1]}x{frame.shape[0]}, mean brightness {mean:.0f}")]

    # ------------------------------------------------------------------- helpers
    def _require_source(self) -> FrameSource:
        source = self._source
        if source is None:
            raise DeviceDisconnected(f"{self.name}: camera is not open")
        return source

    def _is_frozen(self, source: FrameSource) -> bool:
        return bool(self.frozen_after) and source.unchanged_for() >= self.frozen_after


def _v4l2_name(target: int | str) -> str:
    """The camera's product name from sysfs (``HD USB Camera``), "" when unknown."""
    node = f"video{target}" if isinstance(target, int) else os.path.basename(
        os.path.realpath(target))
    try:
        return (Path("/sys/class/video4linux") / node / "name").read_text().strip()
    except OSError:
        return ""
