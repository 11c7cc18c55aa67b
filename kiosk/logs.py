"""Logging set-up: stderr plus a size-rotated file in ``data_dir/logs``, always redacted."""
from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from kiosk.privacy import RedactingFilter

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at emit time, not at set-up time: device worker
    threads outlive the stream a test harness (or a redirect) had installed."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def setup_logging(level: str = "INFO", log_dir: Path | None = None, stderr: bool = True) -> None:
    root = logging.getLogger()
    root.setLevel(level.upper())
    for h in list(root.handlers):
        root.removeHandler(h)
    redactor = RedactingFilter()
    handlers: list[logging.Handler] = []
    if stderr:
        handlers.append(_StderrHandler())
    if log_dir is not None:
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            handlers.append(logging.handlers.RotatingFileHandler(
                log_dir / "kiosk.log", maxBytes=5_000_000, backupCount=5, encoding="utf-8"))
        except OSError as exc:
            logging.getLogger(__name__).warning("no log file in %s: %s", log_dir, exc)
    for h in handlers:
        h.setFormatter(logging.Formatter(FORMAT))
        h.addFilter(redactor)
        root.addHandler(h)
