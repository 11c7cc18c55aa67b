"""Personal data never reaches a log in clear.

``mask_id`` is for code that logs an ID number on purpose; ``RedactingFilter`` is the net
under every log record, catching 18-character ID numbers and mainland mobile numbers that
slipped into a message.
"""
from __future__ import annotations

import logging

# the masking itself lives in the device layer (the drivers mask what they read); re-exported
# here for the app
from drivers.core.redact import mask_id, mask_mobile, redact

__all__ = ["RedactingFilter", "mask_id", "mask_mobile", "redact"]


class RedactingFilter(logging.Filter):
    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string is logged as it is
            message = None
        if message is not None:
            clean = redact(message)
            if clean != message:
                record.msg, record.args = clean, None
        # a traceback quotes the values it failed on: formatted here, redacted, and left in
        # exc_text, which every Formatter prints instead of formatting exc_info again
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
