"""Masking personal data for logs and screens: ID numbers and mainland mobile numbers.

``mask_id`` / ``mask_mobile`` are for code that shows or logs a number on purpose (a card's
``repr()``, a technician's CLI); ``redact`` catches numbers that slipped into free text. They
live in the device layer because the drivers mask what they read; the app's logging net
(``kiosk.privacy.RedactingFilter``) builds on ``redact``.
"""
from __future__ import annotations

import re

_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{4})(\d{10})(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def mask_id(number: str) -> str:
    """``110101199003071234`` → ``1101**********123X`` style: first 4 and last 4 kept."""
    number = (number or "").strip()
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_mobile(number: str) -> str:
    """138****8000; an international +4477****0123 keeps its country code and last four."""
    number = (number or "").strip()
    if number.startswith("+") and len(number) >= 9:
        return number[:5] + "****" + number[-4:]
    return number[:3] + "****" + number[-4:] if len(number) == 11 else "*" * len(number)


def redact(text: str) -> str:
    text = _ID_RE.sub(lambda m: m.group(1) + "*" * 10 + m.group(3), text)
    return _MOBILE_RE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
