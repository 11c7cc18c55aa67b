"""Waiting mode (place / lift / place again) shared by every fingerprint driver; no contract.

A driver mixes :class:`FingerWatch` in before its contract and implements
``_look_for_finger() -> bool`` (one exchange: is a finger on the window now?). While armed the
worker calls ``idle()`` every ``watch_interval`` seconds; each look is compared with the one
before:

- absent → present: ``FingerPlaced`` (unless this placement was already used, see below);
- present → absent: ``FingerLifted``; the next placement is a new one.

A placement that ``verify``/``capture`` used (``_placement_used()``) publishes nothing more
while the finger stays: the citizen lifts and places again, so one placement is one try.
The ``finger`` axis says present/absent while armed, unknown otherwise.
"""
from __future__ import annotations

import logging

from drivers.core.errors import DeviceError
from drivers.core.status import DeviceState, MediaState, Recovery
from drivers.kinds.fingerprint import FingerLifted, FingerPlaced, FingerprintError

log = logging.getLogger(__name__)


class FingerWatch:
    watch_interval: float = 0.2

    def _init_watch(self) -> None:
        self._armed = False
        self._finger_on: bool | None = None  # None: not looked yet
        self._used = False  # the finger on the pad now was already verified/captured

    @property
    def armed(self) -> bool:
        return self._armed

    def arm(self) -> None:
        """Start watching (thread-safe; submit it as a job so the worker wakes at once)."""
        self._finger_on = None
        self._used = False
        self._armed = True
        self.idle_interval = self.watch_interval

    def disarm(self) -> None:
        self._armed = False
        self.idle_interval = None
        self._finger_on = None
        self._set_finger(MediaState.UNKNOWN)

    def _look_for_finger(self) -> bool:  # pragma: no cover - drivers implement it
        raise NotImplementedError

    def idle(self) -> None:
        if not self._armed or self.status.state is DeviceState.HARDWARE_ERROR:
            super().idle()
            return
        try:
            present = self._look_for_finger()
        except DeviceError as exc:
            self._on_failure("watch", exc)
            raise
        except Exception as exc:  # a driver bug must not kill the worker
            log.exception("%s: watch failed with an unexpected error", self.name)
            wrapped = FingerprintError(f"{self.name}: watch: internal driver error: "
                                       f"{type(exc).__name__}", recovery=Recovery.TECHNICIAN,
                                       code="internal")
            self._on_failure("watch", wrapped)
            raise wrapped from exc
        self.counters.mark_seen()
        self._saw(present)
        if self.status.state is not DeviceState.ONLINE:
            self.refresh_status()

    def _saw(self, present: bool) -> None:
        """Take in one look at the window (also from verify/capture: a NoFinger is a look)."""
        before, self._finger_on = self._finger_on, present
        if not present:
            self._used = False  # whatever comes next is a new placement
        if not self._armed:
            return  # not watching: no events, and the axis stays unknown
        if present:
            self._set_finger(MediaState.PRESENT)
            if not before and not self._used:
                self.events.publish(FingerPlaced(self.name))
        else:
            self._set_finger(MediaState.ABSENT)
            if before:
                self.events.publish(FingerLifted(self.name))

    def _placement_used(self) -> None:
        self._used = True

    def _finger_axis(self) -> str:
        if not self._armed or self._finger_on is None:
            return MediaState.UNKNOWN
        return MediaState.PRESENT if self._finger_on else MediaState.ABSENT

    def _set_finger(self, media: str) -> None:
        if self.status.supplies.get("finger") != media:
            self.set_status(supplies={"finger": media})
