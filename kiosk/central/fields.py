"""What the server reads from a request body, and how it refuses one.

:class:`ApiError` is a deterministic refusal: stored as the idempotent answer to its key and
sent as ``{"error": {"code", "message"}}`` (codes in :class:`kiosk.protocol.Err`).
:func:`field` reads one typed field with its protocol limit.
"""
from __future__ import annotations

from datetime import date, datetime

from kiosk import protocol
from kiosk.protocol import Err


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def body(self) -> dict:
        return protocol.error_body(self.code, self.message)


def field(body: dict, key: str, kind: type, *, max_len: int | None = None, optional=False):
    """``body[key]`` when it is a ``kind`` (and no longer than ``max_len``), else a 400."""
    value = body.get(key)
    if value is None:
        if optional:
            return None
        raise ApiError(400, Err.INVALID, f"missing field {key!r}")
    if kind is int:
        value = integral(value)
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        raise ApiError(400, Err.INVALID, f"field {key!r} must be {kind.__name__}")
    if max_len is not None and isinstance(value, str) and len(value) > max_len:
        raise ApiError(400, Err.INVALID, f"field {key!r} longer than {max_len}")
    return value


def integral(value):
    """``1.0`` as ``1``: JSON (Schema) has one number type, and a number without a fraction
    is an ``integer`` however it is spelt; anything else unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def mobile(body: dict) -> str | None:
    number = field(body, "mobile", str, max_len=protocol.MOBILE_MAX, optional=True)
    if number is not None and not protocol.is_sms_number(number):
        raise ApiError(400, Err.INVALID, "mobile must be a mainland number or E.164 (+country…)")
    return number


def obj(body) -> dict:
    if not isinstance(body, dict):
        raise ApiError(400, Err.INVALID, "the body must be a JSON object")
    return body


def parse_time(timestamp: str) -> datetime:
    """An ISO 8601 / RFC 3339 date-time (``t`` and ``z`` in lower case are RFC 3339 too,
    which ``fromisoformat`` does not read); ValueError when it is none."""
    return datetime.fromisoformat(timestamp.upper())


def day_of(timestamp: str, name: str) -> str:
    """The date (YYYY-MM-DD) of an ISO date-time field, or a 400 naming the field."""
    try:
        return parse_time(timestamp).date().isoformat()
    except ValueError:
        raise ApiError(400, Err.INVALID, f"{name} is not an ISO date-time") from None


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def today() -> str:
    return date.today().isoformat()
