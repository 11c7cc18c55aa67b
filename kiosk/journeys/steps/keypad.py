"""Type a number on the on-screen keypad: digits (and, for queue numbers, one letter)."""
from __future__ import annotations

from collections.abc import Callable

from kiosk.flows.notify import tap
from kiosk.journeys.base import Journey


class KeypadEntry:
    """What the citizen typed, with the rules of what may be typed.

    ``max_digits``: digits accepted; ``letters``: a callable giving the letter keys (a letter
    replaces the previous one and goes first, as in a queue number "C023").
    """

    def __init__(self, journey: Journey, step: str, *, max_digits: int,
                 letters: Callable[[], tuple[str, ...]] | None = None) -> None:
        self.journey = journey
        self.shell = journey.shell
        self.step = step
        self.max_digits = max_digits
        self.letters = letters
        self.value = ""

    @property
    def digits(self) -> str:
        return "".join(c for c in self.value if c.isdigit())

    @tap
    def key(self, ch: str) -> None:
        if not self.journey.at(self.step) or len(ch) != 1:
            return
        if ch.isalpha() and ch.isascii() and self.letters is not None:
            self.value = ch.upper() + self.digits
        elif ch.isdigit() and len(self.digits) < self.max_digits:
            self.value += ch

    @tap
    def backspace(self) -> None:
        if self.journey.at(self.step):
            self.value = self.value[:-1]

    @tap
    def clear(self) -> None:
        if self.journey.at(self.step):
            self.value = ""

    def close(self) -> None:
        self.value = ""
