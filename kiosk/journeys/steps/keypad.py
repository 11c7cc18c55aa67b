"""Type a number on the on-screen keypad: digits, and optionally one leading key (a queue
number's letter "C023", an international number's "+")."""
from __future__ import annotations

from collections.abc import Callable

from kiosk.flows.notify import tap
from kiosk.journeys.base import Journey


class KeypadEntry:
    """What the citizen typed, with the rules of what may be typed.

    ``max_digits``: digits accepted (or a function of what was typed so far, e.g. more for an
    international number); ``prefixes``: a callable giving the keys that may lead (a letter
    replaces the previous one and goes first, as in a queue number "C023").
    """

    def __init__(self, journey: Journey, step: str | tuple[str, ...], *,
                 max_digits: int | Callable[[str], int],
                 prefixes: Callable[[], tuple[str, ...]] | None = None) -> None:
        self.journey = journey
        self.shell = journey.shell
        self.steps = (step,) if isinstance(step, str) else tuple(step)
        self._max_digits = max_digits
        self.prefixes = prefixes
        self.value = ""

    @property
    def digits(self) -> str:
        return "".join(c for c in self.value if c.isdigit())

    @property
    def prefix(self) -> str:
        return "".join(c for c in self.value if not c.isdigit())

    def max_digits(self) -> int:
        m = self._max_digits
        return m(self.value) if callable(m) else m

    @tap
    def key(self, ch: str) -> None:
        if not self.journey.at(*self.steps) or len(ch) != 1:
            return
        allowed = self.prefixes() if self.prefixes is not None else ()
        if ch in allowed or (ch.isalpha() and ch.isascii() and ch.upper() in allowed):
            self.value = ch.upper() + self.digits
            self.value = self.value[:len(self.prefix) + self.max_digits()]
        elif ch.isdigit() and len(self.digits) < self.max_digits():
            self.value += ch

    @tap
    def backspace(self) -> None:
        if self.journey.at(*self.steps):
            self.value = self.value[:-1]

    @tap
    def clear(self) -> None:
        if self.journey.at(*self.steps):
            self.value = ""

    def close(self) -> None:
        self.value = ""
