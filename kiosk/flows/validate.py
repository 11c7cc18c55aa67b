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


def valid_mobile(digits: str) -> bool:
    return bool(_MOBILE_RE.match(digits))


def mobile_problem(digits: str) -> str | None:
    """None while typing or when valid; a code once 11 digits cannot be a mobile number."""
    if len(digits) < MOBILE_LEN:
        return None
    return None if valid_mobile(digits) else "invalid_mobile"


def group_mobile(digits: str) -> str:
    """``13800138000`` → ``138 0013 8000`` (grouped as Chinese phone numbers are read)."""
    parts = [digits[:3], digits[3:7], digits[7:11]]
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
