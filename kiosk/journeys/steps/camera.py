"""A live camera picture and a loop of analyses of it, for steps that look at the citizen
(the ID photo) or at what they hold up (a QR code).

Why the analysis runs this way: the heavy per-frame work (face detection, checks, QR
decoding) must never run on the Qt thread, and must never queue. The feed asks the camera
for ``analyse(analyser, newer_than=seq)`` through the Effects seam — a device Request like
any other, run on the camera's own worker thread, on the newest frame — and asks again only
when the answer is back. So exactly one analysis is in flight, always on the latest frame;
a slower machine analyses fewer frames instead of falling behind; the answers reach the
journey on the flow's thread like every other result (and are dropped with the journey);
and tests drive it by resolving ``camera.analyse`` by hand. The preview does not wait for
any of it: the screen shows the camera's frame slot (``camera.preview``) at its own rate.

A request that fails (camera offline, frozen, unplugged) stops the loop, with a notice; it
starts again by itself when the camera is back (``on_health``), never in a tight loop
against a dead device.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.flows.errors import log_failure
from kiosk.journeys.base import Journey, Notice

log = logging.getLogger(__name__)

KIND = "camera"


class CameraFeed:
    """``feed.start()`` on entering the step, ``feed.stop()`` on leaving it; ``on_result``
    gets every :class:`drivers.kinds.camera.Analysed` while it runs. ``analyser`` may be
    swapped between two answers (the next request takes the new one)."""

    def __init__(self, journey: Journey, steps: str | tuple[str, ...], analyser: Any,
                 on_result: Callable[[Any], None], *, kind: str = KIND) -> None:
        self.journey = journey
        self.kind = kind  # "camera", or "document_camera" (steps.docscan)
        self.shell = journey.shell
        self.steps = (steps,) if isinstance(steps, str) else tuple(steps)
        self.analyser = analyser
        self.on_result = on_result
        self.frames = None  # the camera's LatestFrame, for the screen's preview
        self.notice: Notice | None = None
        self.running = False
        self.seq: int | None = None  # the newest frame analysed (None: none yet)
        self.analysed = 0  # answers received (tests, benchmarks)
        self._in_flight = False
        self._asked_preview = False

    @property
    def active(self) -> bool:
        return self.journey.at(*self.steps)

    @property
    def available(self) -> bool:
        return self.journey.kind_up(self.kind)

    def start(self) -> bool:
        """Start (or go on) analysing, from the next frame on; False when there is no working
        camera (``notice`` says so)."""
        if not self.running:
            self.seq = None  # nothing from before this start counts
        if not self.available:
            self.running = False
            self.notice = Notice("camera_unavailable")
            return False
        self.notice = None
        self.running = True
        if self.frames is None and not self._asked_preview:
            self._asked_preview = True
            self.journey.device(self.kind).preview().then(self._preview, self._preview_failed)
        self._next()
        return True

    def stop(self) -> None:
        """No more analyses (an answer already on its way is ignored)."""
        self.running = False

    def close(self) -> None:
        self.stop()
        self.frames = None
        self._asked_preview = False
        self.notice = None

    def on_health(self) -> None:
        if self.running or not self.active:
            return
        if self.available and self.notice is not None:
            self.start()  # the camera is back: go on by itself
        elif not self.available:
            self.notice = Notice("camera_unavailable")

    # ------------------------------------------------------------------ the loop
    def _next(self) -> None:
        if not self.running or self._in_flight:
            return  # the answer in flight asks for the next one
        self._in_flight = True
        self.journey.device(self.kind).analyse(self.analyser, newer_than=self.seq).then(
            self._answered, self._failed)

    def _answered(self, analysed) -> None:
        self._in_flight = False
        if not self.running or not self.active:
            self.running = self.running and self.active
            return
        self.seq = max(self.seq or 0, analysed.seq)
        self.analysed += 1
        self.on_result(analysed)
        self._next()

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        if not self.running:
            return
        self.running = False
        log_failure(f"{self.journey.spec.name}: camera analysis", exc)
        self.notice = Notice("device_error", self.kind, str(getattr(exc, "recovery", "") or "")
                             or None, getattr(exc, "code", None))

    def _preview(self, frames) -> None:
        self.frames = frames

    def _preview_failed(self, exc: BaseException) -> None:
        self._asked_preview = False
        log.warning("camera preview not available: %s", exc)
