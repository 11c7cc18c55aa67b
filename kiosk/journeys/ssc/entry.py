"""Typing an ID number (身份证号) and an SMS code on the keypad, with their rules."""
from __future__ import annotations

from drivers.idcard.card import check_char
from kiosk.flows.notify import tap
from kiosk.journeys.base import Journey

ID_LEN = 18
CODE_LEN = 6


def valid_id_number(text: str) -> bool:
    """18 characters, the last the GB 11643 check character (a digit or X) of the rest."""
    return (len(text) == ID_LEN and text[:17].isdigit() and text[:17].isascii()
            and check_char(text[:17]) == text[17])


def id_problem(text: str) -> str | None:
    """None while typing or when valid; "invalid_id" once 18 characters cannot be one."""
    return None if len(text) < ID_LEN or valid_id_number(text) else "invalid_id"


def group_id(text: str) -> str:
    """``110101198506150035`` → ``110101 19850615 0035`` (region, birth date, the rest)."""
    parts = [text[:6], text[6:14], text[14:18]]
    return " ".join(p for p in parts if p)


class IdNumberEntry:
    """17 digits, then a digit or X (the check character is the only place X may go)."""

    def __init__(self, journey: Journey, step: str) -> None:
        self.journey = journey
        self.shell = journey.shell
        self.step = step
        self.value = ""

    @tap
    def key(self, ch: str) -> None:
        if not self.journey.at(self.step) or len(ch) != 1 or len(self.value) >= ID_LEN:
            return
        if ch.isdigit() and ch.isascii():
            self.value += ch
        elif ch.upper() == "X" and len(self.value) == ID_LEN - 1:
            self.value += "X"

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


class CodeEntry:
    """The six digits of the SMS verification code."""

    def __init__(self, journey: Journey, step: str) -> None:
        self.journey = journey
        self.shell = journey.shell
        self.step = step
        self.value = ""

    @tap
    def key(self, ch: str) -> None:
        if self.journey.at(self.step) and ch.isdigit() and len(self.value) < CODE_LEN:
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


__all__ = ["CODE_LEN", "ID_LEN", "CodeEntry", "IdNumberEntry", "group_id", "id_problem",
           "valid_id_number"]
