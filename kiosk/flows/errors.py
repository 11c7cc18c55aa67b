"""Turn whatever a service or device raised into something a citizen can be told.

The citizen sees a plain message (chosen by the UI from a code, in their language) and a
way on; the technician gets the exception in the log. Never a traceback on screen.
"""
from __future__ import annotations

import logging

from kiosk.services import ServiceUnavailable

log = logging.getLogger(__name__)

PRINT_PROBLEMS = ("paper_out", "paper_jam", "cover_open", "printer_offline", "printer_fault",
                  "not_confirmed", "print_failed")
_CODES = {"paper_out": "paper_out", "cover_open": "cover_open",
          "printer_offline": "printer_offline",
          "not_confirmed": "not_confirmed", "cutter_error": "printer_fault",
          "printer_fault": "printer_fault", "timeout": "printer_offline",
          "disconnected": "printer_offline", "not_ready": "printer_offline"}


def print_problem(exc: BaseException) -> str:
    """A PRINT_PROBLEMS code for a failed print (typed printer errors carry a ``code``)."""
    code = str(getattr(exc, "code", "") or "").lower()
    if code in _CODES:
        return _CODES[code]
    text = str(exc).lower()
    if "paper" in text and ("out" in text or "end" in text or "empty" in text):
        return "paper_out"
    if "jam" in text:
        return "paper_jam"
    if "cover" in text:
        return "cover_open"
    if "offline" in text:
        return "printer_offline"
    return "print_failed"


def service_messages(exc: BaseException) -> tuple[str | None, str | None]:
    """The service's own words for the citizen, when it has them (zh, en)."""
    if isinstance(exc, ServiceUnavailable):
        return exc.message_zh, exc.message_en
    return None, None


def log_failure(what: str, exc: BaseException) -> None:
    if isinstance(exc, ServiceUnavailable):
        log.warning("%s: service unavailable: %s", what, exc)
    elif hasattr(exc, "recovery"):  # a DeviceError: typed, its message is the technician's line
        log.warning("%s: %s: %s", what, type(exc).__name__, exc)
    else:
        log.error("%s failed unexpectedly", what, exc_info=(type(exc), exc, exc.__traceback__))
