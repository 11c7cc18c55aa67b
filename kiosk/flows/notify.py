"""Decorators marking the flow's entry points, so every change is announced exactly once.

``@tap``: a citizen did something (a tap, a card on the reader): it counts as activity for the
idle timeout and dismisses the "still there?" countdown. ``@event``: the world changed
(a device, a result). Nested calls announce once, when the outermost returns.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def _wrap(fn: F, activity: bool) -> F:
    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        self._depth += 1
        try:
            if activity:
                self._activity()
            return fn(self, *args, **kwargs)
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._announce()

    return wrapper  # type: ignore[return-value]


def tap(fn: F) -> F:
    return _wrap(fn, True)


def event(fn: F) -> F:
    return _wrap(fn, False)
