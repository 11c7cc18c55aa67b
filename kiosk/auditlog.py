"""The audit trail: every staff login attempt and everything a technician does, on disk.

The staff gate (:mod:`kiosk.flows.staff`), the diagnostics mode and the technician's
commands say what happened on the logger ``kiosk.audit``; :class:`AuditHandler` turns each
of those lines into a row of the ``audit`` table (:mod:`kiosk.admin_db`), which
``kiosk audit`` lists. The lines also reach the kiosk's log as before. Nothing here ever
holds a PIN or a citizen's data: the text is redacted once more on the way in.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime
from pathlib import Path

from kiosk.admin_db import AdminDb, AdminDbError
from kiosk.privacy import redact

AUDIT_LOGGER = "kiosk.audit"
audit_log = logging.getLogger(AUDIT_LOGGER)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    kiosk_id TEXT NOT NULL,
    source TEXT NOT NULL,   -- touch (the diagnostics mode, the PIN pad) or cli
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
"""

#: the staff gate's lines (kiosk.flows.staff), by their format string → action
GATE_ACTIONS = {
    "staff login on %s": "staff_login",
    "staff login failed on %s (%d in a row)": "staff_login_failed",
    "staff PIN pad locked on %s for %.0f s": "staff_pad_locked",
    "staff login refused on %s: locked for %.0f s": "staff_login_refused",
    "staff login refused on %s: no staff PIN configured": "staff_login_refused",
}


class AuditLog:
    def __init__(self, data_dir: Path, kiosk_id: str = "", *, db: AdminDb | None = None,
                 clock=time.time) -> None:
        self.kiosk_id = kiosk_id
        self.db = db or AdminDb(data_dir)
        self._owns_db = db is None
        self.clock = clock
        self.db.script(_SCHEMA)

    def record(self, action: str, detail: str = "", *, source: str = "touch") -> None:
        self.db.execute("INSERT INTO audit (at, kiosk_id, source, action, detail) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (self.clock(), self.kiosk_id, source, action, redact(detail)[:500]))

    def entries(self, limit: int = 200) -> list[dict]:
        """The newest ``limit`` entries, newest first."""
        rows = self.db.execute("SELECT id, at, kiosk_id, source, action, detail FROM audit "
                               "ORDER BY id DESC LIMIT ?", (int(limit),))
        return [{"id": r[0], "at": datetime.fromtimestamp(r[1]).isoformat(timespec="seconds"),
                 "kiosk_id": r[2], "source": r[3], "action": r[4], "detail": r[5]}
                for r in rows]

    def close(self) -> None:
        if self._owns_db:
            self.db.close()


class AuditHandler(logging.Handler):
    """Writes every ``kiosk.audit`` record into an :class:`AuditLog`.

    ``extra={"audit_action": …, "audit_source": …}`` names the action; the staff gate's
    lines are recognised by their format string (:data:`GATE_ACTIONS`)."""

    def __init__(self, log: AuditLog) -> None:
        super().__init__(logging.DEBUG)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        try:
            action = getattr(record, "audit_action", None) or \
                GATE_ACTIONS.get(str(record.msg), "note")
            source = getattr(record, "audit_source", None) or "touch"
            detail = getattr(record, "audit_detail", None)
            self.log.record(action, record.getMessage() if detail is None else detail,
                            source=source)
        except Exception:  # noqa: BLE001 - logging must not raise into the caller
            self.handleError(record)


def attach(log: AuditLog) -> AuditHandler:
    """Send ``kiosk.audit`` lines to ``log`` from now on (replacing an earlier audit log of
    this process: one kiosk, one trail)."""
    for h in list(audit_log.handlers):
        if isinstance(h, AuditHandler):
            audit_log.removeHandler(h)
    handler = AuditHandler(log)
    audit_log.addHandler(handler)
    if audit_log.getEffectiveLevel() > logging.WARNING:
        audit_log.setLevel(logging.WARNING)
    return handler


def detach(handler: AuditHandler) -> None:
    audit_log.removeHandler(handler)


def audit(action: str, detail: str, *, source: str = "touch") -> None:
    """One audit line: to the trail (when attached) and to the kiosk's log."""
    audit_log.warning("%s: %s", action, detail,
                      extra={"audit_action": action, "audit_source": source,
                             "audit_detail": detail})


def cli_source() -> str:
    """``cli:<user>``: who at a keyboard did it."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def record_command(settings, action: str, detail: str) -> None:
    """Audit a technician's command that works on the kiosk's files directly (``kiosk outbox
    release``, ``kiosk sync once``): a row in the trail. A trail that cannot be written is
    said on stderr — the command already did its work — not hidden."""
    import sys

    try:
        trail = AuditLog(Path(settings.data_dir), settings.kiosk.id)
        try:
            trail.record(action, detail, source=cli_source())
        finally:
            trail.close()
    except AdminDbError as exc:
        print(f"warning: not in the audit trail: {exc}", file=sys.stderr)
