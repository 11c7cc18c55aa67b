"""How the previous run ended, told by the next heartbeat (``restart``: reason, detail, at).

Three records in ``<data_dir>/appliance/``, each read once at start:

- ``run-state`` — the app's own marker: "running" from start, "stopped" with the exit code
  when it leaves its event loop (a clean exit);
- ``last-exit`` — written by the unit's ExecStopPost (packaging/deb/record-exit) from what
  systemd tells it: ``service_result`` (success, exit-code, signal, core-dump, watchdog …),
  ``exit_code``, ``exit_status``; absent when the kiosk does not run under systemd;
- ``planned-stop`` — why a stop was planned: "maintenance" (the nightly window), "package
  upgrade" (the package's prerm).

Reasons: ``watchdog`` (systemd killed a hung kiosk), ``maintenance``, ``upgrade``, ``normal
stop``, ``crash`` (a non-zero exit, a signal, or no clean stop recorded at all: a kill or a
power cut), ``first start``.
"""
from __future__ import annotations

import json
import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

REASONS = ("watchdog", "maintenance", "upgrade", "normal stop", "crash", "first start")


def appliance_dir(data_dir: Path | str) -> Path:
    return Path(data_dir) / "appliance"


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def _write(path: Path, text: str) -> None:
    """Replace ``path`` atomically (a power cut leaves the old or the new, never half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _take(path: Path) -> str | None:
    """The file's text, and the file gone (each record tells about one stop only)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        path.unlink()
    except OSError as exc:
        log.warning("cannot remove %s: %s", path, exc)
    return text


def parse_last_exit(text: str) -> dict[str, str]:
    """``key=value`` lines (record-exit's output) → a dict."""
    out = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


def classify(run_state: dict | None, last_exit: dict[str, str] | None,
             planned: str | None) -> tuple[str, str]:
    """(reason, detail) from the three records (each None when absent)."""
    result = (last_exit or {}).get("service_result", "")
    status = (last_exit or {}).get("exit_status", "")
    if result == "watchdog":  # first: a hung kiosk may have been mid-maintenance
        return "watchdog", f"systemd watchdog timeout (killed with {status or 'a signal'})"
    if planned:
        reason = "upgrade" if "upgrade" in planned else "maintenance"
        return reason, planned.strip()
    if run_state and run_state.get("state") == "stopped":
        code = int(run_state.get("code", 0) or 0)
        if code == 0:
            return "normal stop", str(run_state.get("why") or "clean exit")
        return "crash", f"exited with status {code} ({run_state.get('why') or 'error'})"
    if result and result != "success":
        code = (last_exit or {}).get("exit_code", "")
        return "crash", f"{result} ({code} {status})".replace("( ", "(").replace(" )", ")")
    if run_state and run_state.get("state") == "running":
        return "crash", ("no clean stop recorded (a crash, a kill or a power cut) after the run "
                         f"started {run_state.get('at', '?')}")
    if result == "success":
        return "normal stop", "stopped by systemd"
    return "first start", ""


class RestartRecord:
    """Read at start what ended the previous run; mark this one running, then stopped."""

    def __init__(self, data_dir: Path | str, *, clock=time.time) -> None:
        self.dir = appliance_dir(data_dir)
        self.clock = clock
        self.last: dict = {}

    @property
    def run_state_path(self) -> Path:
        return self.dir / "run-state"

    def started(self) -> dict:
        """Classify the previous run's end (``self.last``, for the heartbeat) and mark this run
        running. Never raises: a kiosk with a broken disk still starts (and says so)."""
        try:
            raw = _take(self.run_state_path)
            try:
                run_state = json.loads(raw) if raw else None
            except ValueError:
                run_state = None
            exit_text = _take(self.dir / "last-exit")
            planned = _take(self.dir / "planned-stop")
            reason, detail = classify(run_state, parse_last_exit(exit_text) if exit_text else None,
                                      planned)
            _write(self.run_state_path, json.dumps({"state": "running",
                                                    "at": _iso(self.clock())}))
        except OSError as exc:
            reason, detail = "unknown", f"cannot read or write {self.dir}: {exc}"
        self.last = {"reason": reason, "detail": detail, "at": _iso(self.clock())}
        log_fn = log.warning if reason in ("watchdog", "crash") else log.info
        log_fn("previous run ended: %s%s", reason, f" ({detail})" if detail else "")
        return self.last

    def stopped(self, code: int = 0, why: str = "") -> None:
        """The app leaves its event loop: a clean exit (``code`` 0) or a deliberate error exit."""
        try:
            _write(self.run_state_path, json.dumps({"state": "stopped", "code": int(code),
                                                    "why": why, "at": _iso(self.clock())}))
        except OSError as exc:
            log.warning("cannot record the stop: %s", exc)

    def plan_stop(self, why: str) -> None:
        """The next stop is planned (maintenance): the next start reports it as such."""
        _write(self.dir / "planned-stop", why + "\n")
