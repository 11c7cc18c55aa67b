"""Masking personal data for logs and screens: ID numbers and mainland mobile numbers.

``redact`` also drops long hex dumps and ``\\xNN`` runs (``redact_binary``): a biometric
template must never reach a log, not even by mistake.

``mask_id`` / ``mask_mobile`` are for code that shows or logs a number on purpose (a card's
``repr()``, a technician's CLI); ``redact`` catches numbers that slipped into free text. They
live in the device layer because the drivers mask what they read; the app's logging net
(``kiosk.privacy.RedactingFilter``) builds on ``redact``.
"""
from __future__ import annotations

import re

# An ID number may be glued to letters ("ID110101…", "…1234name"): only digits around it
# stop a match. 18 characters (the last may be X) or the first generation's 15 digits
# (region, YYMMDD birth date, sequence: checked loosely so other 15-digit numbers pass).
_ID_RE = re.compile(r"(?<!\d)(\d{4})(\d{10})(\d{3}[\dXx])(?!\d)")
_ID15_RE = re.compile(r"(?<!\d)([1-8]\d{3})(\d{4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
                      r"(\d{3})(?!\d)")
# mainland mobiles, also with +86 / 0086 / 86 in front and written with spaces or dashes
# ("+86 138 1234 5678", "138-1234-5678")
_MOBILE_RE = re.compile(r"(?<![\d+])((?:(?:\+|00)?86[\s-]?)?1[3-9]\d)([\s-]?)(\d{4})([\s-]?)"
                        r"(\d{4})(?!\d)")


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


# Binary blobs written out as text — a fingerprint template (498/512 bytes) hex-dumped or
# repr()'d into a message by mistake: runs longer than any hash a log line may carry on
# purpose (SHA-512 is 128 hex digits) are dropped whole.
_HEX_RUN_RE = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :]?){65,}(?![0-9A-Fa-f])")
_ESCAPED_RUN_RE = re.compile(r"(?:\\(?:x[0-9a-f]{2}|[tnr\\'\"])[^\\]{0,16}){32,}")


def redact_binary(text: str) -> str:
    """Long hex dumps and ``\\xNN`` runs → ``[binary redacted]`` (biometric templates)."""
    text = _HEX_RUN_RE.sub("[binary redacted]", text)
    return _ESCAPED_RUN_RE.sub("[binary redacted]", text)


def redact(text: str) -> str:
    text = redact_binary(text)
    text = _ID_RE.sub(lambda m: m.group(1) + "*" * 10 + m.group(3), text)
    text = _ID15_RE.sub(lambda m: m.group(1) + "*" * 8 + m.group(3), text)
    return _MOBILE_RE.sub(lambda m: m.group(1) + m.group(2) + "****" + m.group(4) + m.group(5),
                          text)
