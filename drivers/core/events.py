"""A small thread-safe publish/subscribe hub for device events.

Workers publish from their own threads; subscribers must not block (the Qt bridge re-posts
each event to the GUI thread with a queued signal).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

Listener = Callable[[object], None]


@dataclass(frozen=True)
class DeviceEvent:
    """Base of every event a device publishes; ``device`` is its name in devices.toml.

    Subscribers dispatch on the event's type (``isinstance``), never on its class name.
    """

    device: str


class EventBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, event: object) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a broken listener must not stop the device worker
                log.exception("event listener %r failed on %s", listener, type(event).__name__)
