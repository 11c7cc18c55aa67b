"""The server's logs as one JSON object per line (``kiosk-central serve``).

Whatever a request carries — a newline or ANSI escapes in a staff call's reason, a path full
of control characters — ends up inside a JSON string, escaped by the encoder, so no input can
start a line of its own or repaint a technician's terminal: a log reader can trust that each
line is one event. Fields a layer passes with ``extra=`` (the access log's method, path,
status, ms) become keys of their own.
"""
from __future__ import annotations

import json
import logging
import sys
import time

# the attributes every LogRecord has: anything else came from ``extra=``
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime",
                                                                         "color_message"}


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(record.created))
                  + f".{int(record.msecs):03d}",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                event[key] = value
        if record.exc_info:
            event["exc"] = self.formatException(record.exc_info)
        # ensure_ascii=False keeps Chinese readable; control characters (\n, ESC) are still
        # escaped as \u00XX by the encoder — the property this module exists for
        return json.dumps(event, ensure_ascii=False, default=str)


class _Stderr(logging.StreamHandler):
    """To whatever ``sys.stderr`` is when a line is written (not when the handler was made)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def setup_logging(*, json_lines: bool = True, verbose: bool = False) -> None:
    handler = _Stderr()
    handler.setFormatter(JsonLines() if json_lines else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        # basicConfig's plain stderr handler is replaced; any other (a test runner's capture,
        # a file) is left as it is
        if type(old) in (logging.StreamHandler, _Stderr):
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # uvicorn's own loggers go through the same handler (they would add their own)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    # (kiosk.central.access writes the one structured line per request; uvicorn's own would
    # add a second, with the client's address)
    logging.getLogger("uvicorn.access").disabled = True
