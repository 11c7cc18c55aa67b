"""The nightly maintenance window (``[appliance] maintenance``, e.g. "03:30-04:00").

Once a night, when the window is open and no citizen is in a journey, the kiosk:

1. self-tests every device (the internal health check: no side effects, nothing printed);
2. vacuums the outbox (delivered entries past their retention, then SQLite VACUUM);
3. removes old logs and temporary files (older than ``keep_logs_days``);
4. checks its clock against the central server's (the HTTP ``Date`` of a health answer) and
   whether systemd-timesyncd says it is synchronised;
5. restarts: the results are kept in ``<data_dir>/appliance/maintenance.json``, the stop is
   planned as "maintenance", the app leaves its event loop with 0 and systemd starts it again
   (``Restart=always``) — a fresh process every day, whatever a long run accumulated.

The next heartbeats carry the results (``maintenance``) and the restart's reason.
"""
from __future__ import annotations

import json
import logging
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from kiosk.appliance.restart import _write, appliance_dir
from kiosk.appliance.settings import in_span

log = logging.getLogger(__name__)

#: the app's own temporary files (tempfile names it makes start with this)
TEMP_PREFIX = "kiosk-"


def results_path(data_dir: Path | str) -> Path:
    return appliance_dir(data_dir) / "maintenance.json"


def last_results(data_dir: Path | str) -> dict | None:
    try:
        return json.loads(results_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def self_test(manager) -> list[dict]:
    """The internal health check of every device: {name, ok, error}."""
    from drivers.core.status import HealthLevel

    out = []
    for name, handle in list(getattr(manager, "handles", {}).items()):
        try:
            report = handle.check_health(HealthLevel.INTERNAL)
            out.append({"name": name, "ok": bool(report.ok),
                        "error": str(getattr(report, "error", "") or "")[:160]})
        except Exception as exc:  # noqa: BLE001 - one device failing is a result, not a stop
            out.append({"name": name, "ok": False, "error": str(exc)[:160]})
    return out


def vacuum_outbox(outbox) -> dict:
    """Delivered entries past their retention removed, then the file compacted."""
    if outbox is None:
        return {"ok": False, "error": "no outbox"}
    try:
        purged = outbox.purge_delivered()
        size_before = _db_size(outbox)
        # VACUUM runs outside any transaction: a raw connection in autocommit (the engine's
        # own connections begin one themselves)
        raw = outbox.engine.raw_connection()
        try:
            driver = raw.driver_connection
            level = driver.isolation_level
            driver.isolation_level = None
            try:
                driver.execute("VACUUM")
            finally:
                driver.isolation_level = level
        finally:
            raw.close()
        return {"ok": True, "purged": purged, "bytes_before": size_before,
                "bytes_after": _db_size(outbox)}
    except Exception as exc:  # noqa: BLE001 - reported, the kiosk goes on
        return {"ok": False, "error": str(exc)[:160]}


def _db_size(outbox) -> int | None:
    try:
        with outbox.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
            size = conn.exec_driver_sql("PRAGMA page_size").scalar()
        return int(pages) * int(size)
    except Exception:  # noqa: BLE001
        return None


def clean_files(data_dir: Path, keep_days: int, *, now: float | None = None,
                temp_dir: Path | None = None) -> dict:
    """Rotated logs in ``<data_dir>/logs`` and the app's temporary files older than
    ``keep_days`` removed (the live log is never touched)."""
    now = time.time() if now is None else now
    cutoff = now - keep_days * 86400
    removed, freed = 0, 0
    candidates = []
    logs = Path(data_dir) / "logs"
    if logs.is_dir():
        candidates += [p for p in logs.iterdir() if p.is_file() and p.name != "kiosk.log"]
    tmp = Path(temp_dir or tempfile.gettempdir())
    if tmp.is_dir():
        candidates += [p for p in tmp.iterdir() if p.name.startswith(TEMP_PREFIX)]
    for p in candidates:
        try:
            st = p.lstat()
            if st.st_mtime >= cutoff:
                continue
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()
            removed += 1
            freed += st.st_size
        except OSError as exc:
            log.info("maintenance: cannot remove %s: %s", p, exc)
    return {"ok": True, "removed": removed, "bytes": freed}


def check_clock(client, max_skew_s: float, *, now: Callable[[], datetime] | None = None,
                timedatectl: str | None = None) -> dict:
    """This kiosk's clock against the central server's ``Date`` (1 s resolution), and NTP."""
    now = now or (lambda: datetime.now(UTC))
    out: dict = {"ok": True}
    tool = timedatectl if timedatectl is not None else shutil.which("timedatectl")
    if tool:
        try:
            r = subprocess.run([tool, "show", "--property=NTPSynchronized", "--value"],
                               capture_output=True, text=True, timeout=5)
            out["ntp_synchronized"] = r.stdout.strip() == "yes" if r.returncode == 0 else None
        except (OSError, subprocess.SubprocessError):
            out["ntp_synchronized"] = None
    if client is not None:
        from kiosk import protocol as P

        try:
            before = now()
            reply = client.request("GET", P.HEALTH)
            after = now()
            server = parsedate_to_datetime(reply.headers["date"])
            local = before + (after - before) / 2
            skew = (local - server).total_seconds()
            out["skew_s"] = round(skew, 1)
            # the Date header has whole seconds: one more second of tolerance
            out["ok"] = abs(skew) <= max_skew_s + 1
        except Exception as exc:  # noqa: BLE001 - unreachable server: not a clock problem
            out["server"] = f"not checked: {str(exc)[:120]}"
    if not out["ok"]:
        log.warning("clock is %.1f s off the central server's", out["skew_s"])
    return out


class Maintenance:
    """Decides when the window is open and runs the night's work (off the Qt thread)."""

    def __init__(self, settings, *, manager=None, central=None,
                 clock: Callable[[], datetime] = datetime.now) -> None:
        self.settings = settings
        self.section = settings.appliance
        self.manager = manager
        self.central = central
        self.clock = clock
        self.data_dir = Path(settings.data_dir)
        self.running = False

    def last(self) -> dict | None:
        return last_results(self.data_dir)

    def due(self) -> bool:
        """The window is open now and tonight's maintenance has not run yet."""
        window = self.section.maintenance
        if not window or self.running:
            return False
        now = self.clock()
        if not in_span(window, now.time()):
            return False
        last = self.last()
        return not (last and last.get("night") == now.date().isoformat())

    def run(self) -> dict:
        """Everything but the restart; the results written where the next run reads them."""
        self.running = True
        started = time.monotonic()
        night: date = self.clock().date()
        central = self.central
        results = {
            "night": night.isoformat(),
            "started": self.clock().isoformat(timespec="seconds"),
            "devices": self_test(self.manager) if self.manager is not None else [],
            "outbox": vacuum_outbox(getattr(central, "outbox", None)),
            "files": clean_files(self.data_dir, self.section.keep_logs_days),
            "clock": check_clock(getattr(central, "client", None),
                                 self.section.clock_max_skew_s),
        }
        results["ok"] = (all(d["ok"] for d in results["devices"]) and results["outbox"]["ok"]
                         and results["clock"]["ok"])
        results["took_s"] = round(time.monotonic() - started, 1)
        _write(results_path(self.data_dir), json.dumps(results, ensure_ascii=False))
        log.info("maintenance done (%s) in %.1f s", "ok" if results["ok"] else "problems found",
                 results["took_s"])
        return results

    def heartbeat_extra(self) -> dict:
        """The last night's results (from before the restart), for every heartbeat."""
        last = self.last()
        return {"maintenance": last} if last else {}
