"""Input rules for what citizens type on the kiosk's keypads."""
from __future__ import annotations

import re
from datetime import date

MOBILE_LEN = 11
#: mainland mobile numbers: 11 digits, 1 then 3–9 (13x … 19x)
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
#: a called number as printed: category prefix letter + three digits, e.g. C023
_TICKET_RE = re.compile(r"^[A-Z]\d{3}$")
TICKET_DIGITS = 3

PRIORITY_AGE = 70


#: international numbers for residents from abroad: E.164, "+" then 8–15 digits
E164_MAX_DIGITS = 15
_E164_RE = re.compile(r"^\+[1-9]\d{7,14}$")


def valid_mobile(number: str) -> bool:
    """A mainland mobile (11 digits), or an international number in E.164 (``+44…``);
    ``+86`` must be followed by a mainland mobile."""
    if number.startswith("+"):
        if not _E164_RE.match(number):
            return False
        return bool(_MOBILE_RE.match(number[3:])) if number.startswith("+86") else True
    return bool(_MOBILE_RE.match(number))


def mobile_problem(number: str) -> str | None:
    """None while typing or when valid; a code once the number cannot be one."""
    if number.startswith("+"):
        full = len(number) - 1 >= E164_MAX_DIGITS or (
            number.startswith("+86") and len(number) >= 3 + MOBILE_LEN)
        return "invalid_mobile" if full and not valid_mobile(number) else None
    if len(number) < MOBILE_LEN:
        return None
    return None if valid_mobile(number) else "invalid_mobile"


def group_mobile(number: str) -> str:
    """``13800138000`` → ``138 0013 8000`` (grouped as Chinese phone numbers are read);
    an international number in fours after its "+"."""
    if number.startswith("+"):
        rest = number[1:]
        return "+" + " ".join(rest[i:i + 4] for i in range(0, len(rest), 4))
    parts = [number[:3], number[3:7], number[7:11]]
    return " ".join(p for p in parts if p)


def valid_ticket_number(number: str) -> bool:
    return bool(_TICKET_RE.match(number))


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    years = today.year - birth.year
    if (today.month, today.day) < (birth.month, birth.day):
        years -= 1
    return years


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***, "JOHN SMITH" → "JOHN ****": enough to recognise, no more."""
    name = (name or "").strip()
    if not name:
        return ""
    if " " in name:
        first, _, rest = name.partition(" ")
        return first + " " + "*" * len(rest.replace(" ", ""))
    return name[0] + "*" * (len(name) - 1)
