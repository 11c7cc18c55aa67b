"""Frame sources: the transport family for cameras, beside the byte transports.

A camera does not answer requests; it streams. Two pieces carry the stream:

- :class:`LatestFrame`, one thread-safe slot holding the newest frame with its sequence
  number and arrival time. A new frame *replaces* the old one (latest frame wins), so a slow
  consumer — the screen, a face detector — never builds a queue and never sees an old frame.
- :class:`FrameSource`, an OpenCV ``cv2.VideoCapture`` on a V4L2 camera (an index such as
  ``0`` or a path such as ``/dev/v4l/by-id/…``), a stream URL (``http://…/stream.mjpg``,
  ``rtsp://…``) or a video file, read on its own reader thread into a LatestFrame.

``cv2.VideoCapture.read`` can block for as long as the stream is dead, so nobody ever waits
on the reader thread without a deadline: the reader owns the capture (opens it, reads it,
releases it) and only ever publishes into the LatestFrame; the device's worker judges the
source by the age of the newest frame (:meth:`FrameSource.check`) and, when it stops, walks
away from a stuck reader, which releases its capture whenever OpenCV lets go of it.

OpenCV is imported on first use, so importing this module (the UI does, for the slot's type)
stays cheap.
"""
from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Mapping
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from drivers.core.errors import DeviceDisconnected, DeviceTimeout

log = logging.getLogger(__name__)


class Stamped(NamedTuple):
    seq: int
    frame: Any
    at: float  # time.monotonic() when the frame was put


class LatestFrame:
    """The newest frame of a stream, and nothing older.

    ``put`` replaces the frame (counting it as dropped when nobody took the one it replaces),
    ``get`` takes the newest, ``wait_newer`` blocks until a frame newer than the one a
    consumer already has arrives. Sequence numbers start at 1 and never go back, not even
    across :meth:`clear`, so a consumer can always tell a new frame from one it has shown.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._seq = 0
        self._frame: Any = None
        self._at = 0.0
        self._taken = True  # nothing to take yet, so nothing to drop
        self.received = 0  # frames put
        self.dropped = 0  # frames replaced before anyone took them

    def put(self, frame: Any, at: float | None = None) -> int:
        """Make ``frame`` the newest; returns its sequence number."""
        with self._cond:
            if not self._taken:
                self.dropped += 1
            self._seq += 1
            self._frame = frame
            self._at = time.monotonic() if at is None else at
            self._taken = False
            self.received += 1
            self._cond.notify_all()
            return self._seq

    def get(self) -> tuple[int, Any] | None:
        """``(seq, frame)`` of the newest frame, or None when there is none."""
        got = self.latest()
        return None if got is None else (got.seq, got.frame)

    def latest(self) -> Stamped | None:
        """Like :meth:`get`, with the frame's arrival time."""
        with self._cond:
            return self._take()

    def wait_newer(self, seq: int, timeout: float) -> tuple[int, Any] | None:
        """The newest frame once its sequence number is above ``seq``; None after ``timeout``
        seconds without one."""
        end = time.monotonic() + timeout
        with self._cond:
            while self._seq <= seq or self._frame is None:
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
            got = self._take()
            return None if got is None else (got.seq, got.frame)

    def _take(self) -> Stamped | None:
        if self._frame is None:
            return None
        self._taken = True
        return Stamped(self._seq, self._frame, self._at)

    def clear(self) -> None:
        """Forget the frame (a closed camera must not keep the last citizen's face)."""
        with self._cond:
            self._frame = None
            self._taken = True

    @property
    def seq(self) -> int:
        """Sequence number of the newest frame put (0: none yet)."""
        with self._cond:
            return self._seq

    @property
    def last_at(self) -> float | None:
        """time.monotonic() of the newest frame, None when there is none."""
        with self._cond:
            return self._at if self._frame is not None else None

    def age(self) -> float | None:
        """Seconds since the newest frame arrived; None when there is none."""
        at = self.last_at
        return None if at is None else time.monotonic() - at


# ------------------------------------------------------------------------- sources
_URL_SCHEMES = ("http", "https", "rtsp", "rtsps")


def check_source(port: str) -> None:
    """ValueError (one line) when ``port`` cannot name a frame source; no I/O."""
    capture_target(port)


def capture_target(port: str) -> tuple[int | str, str]:
    """What ``cv2.VideoCapture`` opens for ``port``, and with which backend ("v4l2"/"ffmpeg").

    ``0`` → V4L2 camera 0; ``/dev/video0``, ``/dev/v4l/by-id/…`` → that V4L2 device;
    ``http(s)://``, ``rtsp(s)://`` → a stream through FFMPEG; another absolute path → a video
    file through FFMPEG.
    """
    port = port.strip()
    if re.fullmatch(r"\d+", port):
        return int(port), "v4l2"
    if port.startswith("/dev/"):
        return port, "v4l2"
    if "://" in port:
        parts = urlsplit(port)
        if parts.scheme not in _URL_SCHEMES or not parts.hostname:
            raise ValueError(f"expected a stream URL ({', '.join(s + '://' for s in _URL_SCHEMES)}"
                             f"host…), got {port!r}")
        return port, "ffmpeg"
    if port.startswith("/"):
        return port, "ffmpeg"
    raise ValueError(f"expected a V4L2 index (0), a device path (/dev/video0), a stream URL "
                     f"(http://…, rtsp://…) or a video file path, got {port!r}")


_quieted = False


def load_cv2():
    """OpenCV, with its own warnings quieted once: a missing camera or a refused stream is
    reported by the driver as a typed error, and OpenCV's stderr lines about the same thing
    at every reconnect attempt would only bury it. Set OPENCV_LOG_LEVEL /
    OPENCV_FFMPEG_LOGLEVEL to see them again."""
    global _quieted
    if not _quieted:
        # read by the FFMPEG backend when it first initialises: -8 is AV_LOG_QUIET
        os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
    import cv2

    if not _quieted:
        _quieted = True
        if "OPENCV_LOG_LEVEL" not in os.environ:
            cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    return cv2


class FrameSource:
    """A camera or stream read on its own thread into a :class:`LatestFrame`.

    ``width``/``height``/``fps``/``fourcc`` are asked of a V4L2 camera (0 / "": its default);
    ``controls`` are further ``cv2.CAP_PROP_*`` settings (exposure, white balance). A stream
    delivers what its server sends; the caller compares :attr:`size` with what it expected.

    ``open(timeout)`` returns once the first frame is in, or raises DeviceDisconnected (no
    such camera, connection refused) or DeviceTimeout (nothing within ``timeout``). Then
    :meth:`check` raises DeviceTimeout when no frame came for ``deadline`` seconds, and the
    reader's own error when the stream ended. ``close()`` never blocks beyond its timeout.
    """

    #: frames sampled at this pixel step for the "unchanged" test (a 1280×720 frame: 80×45)
    SIGNATURE_STEP = 16

    def __init__(
        self,
        port: str,
        frames: LatestFrame | None = None,
        *,
        width: int = 0,
        height: int = 0,
        fps: float = 0.0,
        fourcc: str = "",
        controls: Mapping[int, float] | None = None,
        stall_timeout: float = 5.0,
        name: str = "camera",
    ) -> None:
        self.port = port
        self.target, self.backend = capture_target(port)
        self.frames = frames if frames is not None else LatestFrame()
        self.width, self.height, self.fps, self.fourcc = width, height, fps, fourcc
        self.controls = dict(controls or {})
        #: FFMPEG's own open/read deadline: it frees a reader stuck on a dead stream (ours
        #: are shorter; this only bounds how long an abandoned reader holds its socket)
        self.stall_timeout = stall_timeout
        self.name = name
        self.size: tuple[int, int] | None = None  # (width, height) of the newest frame
        self.backend_name = ""
        self.last_changed_at: float | None = None  # monotonic: the picture last changed
        self._stop = threading.Event()
        self._opened = threading.Event()  # the capture is open (or failed: see _error)
        self._error: Exception | None = None
        self._thread: threading.Thread | None = None
        self._started_at = 0.0
        self._seq_at_start = 0

    # ------------------------------------------------------------------ public
    def open(self, timeout: float) -> None:
        self.start()
        end = time.monotonic() + timeout
        if not self._opened.wait(timeout):
            self.close()
            raise DeviceTimeout(f"{self.port}: did not open within {timeout:.1f}s")
        if self._error is not None:
            self.close()
            raise self._error
        # in slices, so a stream that ends before its first frame fails now, not at the end
        while self.frames.wait_newer(self._seq_at_start, 0.05) is None:
            if self._error is not None or time.monotonic() >= end:
                error = self._error
                self.close()
                raise error or DeviceTimeout(f"{self.port}: opened, but no frame within "
                                             f"{timeout:.1f}s")

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._seq_at_start = self.frames.seq
        self._started_at = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name=f"frames-{self.name}")
        self._thread.start()

    def close(self, timeout: float = 0.5) -> None:
        """Stop reading. A reader blocked inside OpenCV is left behind (it is a daemon and
        releases its capture when OpenCV returns); waiting for it could take for ever."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                log.warning("%s: frame reader still blocked in OpenCV; left behind", self.name)

    def check(self, deadline: float) -> None:
        """Raise DeviceTimeout when the newest frame is older than ``deadline`` seconds (or
        none came for that long since the start), else the reader's error if it stopped."""
        now = time.monotonic()
        last = self.frames.last_at
        since = now - (last if last is not None and last >= self._started_at
                       else self._started_at)
        if since > deadline:
            raise DeviceTimeout(f"{self.port}: no frame for {since:.1f}s")
        if self._error is not None:
            raise self._error
        if self._thread is None:
            raise DeviceDisconnected(f"{self.port}: not open")

    def unchanged_for(self) -> float:
        """Seconds over which the frames received showed the very same picture (0 while it
        changes). Measured up to the newest frame, not to now: a stream that stops is late,
        not frozen."""
        changed, last = self.last_changed_at, self.frames.last_at
        return 0.0 if changed is None or last is None else max(0.0, last - changed)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self._error is None

    # ------------------------------------------------------------------ reader
    def _open_capture(self):
        cv2 = load_cv2()
        if self.backend == "v4l2":
            cap = cv2.VideoCapture(self.target, cv2.CAP_V4L2)
            if cap.isOpened():
                self._configure_v4l2(cv2, cap)
        else:
            ms = int(self.stall_timeout * 1000)
            cap = cv2.VideoCapture(self.target, cv2.CAP_FFMPEG, [
                cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, ms, cv2.CAP_PROP_READ_TIMEOUT_MSEC, ms])
        return cap

    def _configure_v4l2(self, cv2, cap) -> None:
        # the pixel format first: MJPG lets a USB 2 camera deliver 1280×720 and more at full
        # rate (raw YUYV is limited by the bus); then size and rate, then the controls
        settings: list[tuple[int, float]] = []
        if self.fourcc:
            settings.append((cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*self.fourcc[:4])))
        if self.width and self.height:
            settings += [(cv2.CAP_PROP_FRAME_WIDTH, self.width),
                         (cv2.CAP_PROP_FRAME_HEIGHT, self.height)]
        if self.fps:
            settings.append((cv2.CAP_PROP_FPS, self.fps))
        # one buffer: the driver's queue would otherwise hand us frames that are 4 old
        settings.append((cv2.CAP_PROP_BUFFERSIZE, 1))
        settings += list(self.controls.items())
        for prop, value in settings:
            if not cap.set(prop, value):
                log.info("%s: camera ignores property %s = %s", self.name, prop, value)

    def _run(self) -> None:
        try:
            cap = self._open_capture()
        except Exception as exc:  # noqa: BLE001 - OpenCV raises cv2.error for odd targets
            self._fail(DeviceDisconnected(f"{self.port}: cannot open: {exc}".splitlines()[0]))
            return
        try:
            if not cap.isOpened():
                self._fail(DeviceDisconnected(f"{self.port}: cannot open ({self.backend}: no "
                                              "such camera, or the stream refused)"))
                return
            self.backend_name = cap.getBackendName()
            self._opened.set()
            self._read_loop(cap)
        finally:
            cap.release()

    def _read_loop(self, cap) -> None:
        signature = None
        while not self._stop.is_set():
            ok, frame = cap.read()
            if self._stop.is_set():
                return
            if not ok or frame is None:
                self._fail(DeviceDisconnected(f"{self.port}: the stream ended"))
                return
            now = time.monotonic()
            step = self.SIGNATURE_STEP
            sample = frame[::step, ::step]
            # a real sensor's noise changes some sample of every frame; a stream repeating the
            # very same picture has hung somewhere (the portrait must not be a stale one)
            if signature is None or not _same(sample, signature):
                self.last_changed_at = now
            signature = sample.copy()
            self.size = (frame.shape[1], frame.shape[0])
            frame.flags.writeable = False  # shared with every consumer: nobody draws on it
            self.frames.put(frame, now)

    def _fail(self, error: Exception) -> None:
        self._error = error
        self._opened.set()


def _same(a, b) -> bool:
    return a.shape == b.shape and bool((a == b).all())
