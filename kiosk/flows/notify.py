"""Decorators marking the flow's entry points, so every change is announced exactly once.

``@tap``: a citizen did something (a tap, a card on the reader): it counts as activity for the
idle timeout and dismisses the "still there?" countdown. ``@event``: the world changed
(a device, a result). Nested calls announce once, when the outermost returns.

They work on the shell (:class:`~kiosk.flows.flow.KioskFlow`) and on anything that has a
``shell`` attribute (journeys, step components).
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def _wrap(fn: F, activity: bool) -> F:
    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        shell = getattr(self, "shell", self)
        shell._depth += 1
        try:
            if activity:
                shell._activity()
            return fn(self, *args, **kwargs)
        finally:
            shell._depth -= 1
            if shell._depth == 0:
                shell._announce()

    return wrapper  # type: ignore[return-value]


def tap(fn: F) -> F:
    return _wrap(fn, True)


def event(fn: F) -> F:
    return _wrap(fn, False)
