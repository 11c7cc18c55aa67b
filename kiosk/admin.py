"""The technician's services on this kiosk — one object behind the diagnostics mode (维护模式)
and the technician's commands, so both do exactly the same thing.

    admin = Admin(settings, manager=manager, central=central)   # the running kiosk's parts
    admin.devices()                    # every device: axes, model/firmware/serial, capabilities,
                                       # counters, last errors with their recovery
    admin.check("printer", "external") # a health check (external: prints a test ticket)
    admin.set_supply("printer", "paper", "new"); admin.supplies()
    admin.faults(); admin.set_fault("printer", "paper_out", True)   # mock devices only
    admin.outbox(); admin.release(12); admin.force_sync()
    admin.network(); admin.system(); admin.logs(); admin.audit_entries()

Qt-free and blocking: the UI calls it off the Qt thread (a Request with target "admin",
:class:`kiosk.ui.bridge.QtEffects`), the CLI directly. Only :data:`OPERATIONS` may be asked
for from the UI. Everything that changes something is written to the audit trail
(:mod:`kiosk.auditlog`) with where it came from (``source``: touch or cli). Nothing returned
holds a citizen's data: no outbox payloads, device errors and log lines redacted.
"""
from __future__ import annotations

import copy
import logging
import os
import platform
import shutil
import socket
import time
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kiosk.admin_db import AdminDb
from kiosk.auditlog import AuditLog, attach, audit, detach
from kiosk.privacy import redact
from kiosk.supplies import SupplyError, Supplies, find_item, parse_value

log = logging.getLogger(__name__)

#: what the diagnostics mode may ask for (Request("admin", "admin", op))
OPERATIONS = ("devices", "check", "supplies", "set_supply", "faults", "set_fault", "outbox",
              "release", "force_sync", "network", "system", "logs", "audit_entries", "opened")

LOG_FILE = Path("logs") / "kiosk.log"
_STATE_SCHEMA = """
CREATE TABLE IF NOT EXISTS admin_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _process_start() -> float:
    """When this process started (wall clock): /proc on Linux, else when this was imported."""
    try:
        stat = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        boot = next(float(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        return boot + int(stat[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return time.time()


_PROCESS_START = _process_start()


class AdminError(Exception):
    """A technician's request that cannot be done: one line saying why."""


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("gov-kiosk")
    except PackageNotFoundError:
        return "unknown"


def _iso(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts).isoformat(timespec="seconds")


def _public_url(url: str) -> str:
    """The central URL without user, password, query (a token in a URL must not show)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


class Admin:
    def __init__(self, settings, *, manager=None, central=None, configs=None,
                 source: str = "touch", clock=time.time) -> None:
        """``manager``: the running DeviceManager (None: no device pages); ``central``: the
        running kiosk's central facade (None: the outbox and the server are opened when
        asked, as a command does); ``configs``: the devices (DeviceConfig) when there is no
        manager (default: the settings' devices.toml)."""
        self.settings = settings
        self.manager = manager
        self.central = central
        self.configs = configs
        self.source = source
        self.clock = clock
        self.kiosk_id = settings.kiosk.id
        self.data_dir = Path(settings.data_dir)
        self.db = AdminDb(self.data_dir)
        self.audit_log = AuditLog(self.data_dir, self.kiosk_id, db=self.db, clock=clock)
        self.supply_counts = Supplies(self.data_dir, db=self.db, clock=clock)
        self._handler = attach(self.audit_log)
        self._outbox = None  # opened on demand when there is no running central
        self.db.script(_STATE_SCHEMA)
        self.last_restart_reason = ""
        self._unsubscribe = None

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        health = getattr(self.central, "health", None)
        if health is not None and hasattr(health, "set_extra"):
            health.set_extra(None)
        detach(self._handler)
        if self._outbox is not None:
            self._outbox.close()
            self._outbox = None
        self.db.close()

    def __enter__(self) -> Admin:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def audit(self, action: str, detail: str) -> None:
        audit(action, detail, source=self.source)

    def with_source(self, source: str) -> Admin:
        """The same services, audited as coming from ``source`` (the control socket's
        technician at a keyboard, while the touch screen goes on with its own)."""
        view = copy.copy(self)
        view.source = source
        return view

    # ------------------------------------------------------------------ the running kiosk
    def _state(self, key: str) -> str | None:
        rows = self.db.execute("SELECT value FROM admin_state WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def _set_state(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO admin_state (key, value) VALUES (?, ?)",
                        (key, value))

    def started(self) -> str:
        """The kiosk process started: how the previous run ended (the heartbeat's
        ``last_restart_reason``), and mark this one running."""
        previous = self._state("run")
        if previous is None:
            reason = "first start"
        elif previous.startswith("running"):
            reason = f"unclean stop (crash, kill or power loss; {previous})"
        else:
            reason = previous
        self.last_restart_reason = reason
        self._set_state("run", f"running since {_iso(self.clock())}")
        if previous is not None and previous.startswith("running"):
            log.warning("previous run did not stop cleanly (%s)", previous)
        return reason

    def stopped(self, why: str = "clean shutdown") -> None:
        self._set_state("run", f"stopped: {why} at {_iso(self.clock())}")

    def report_health(self) -> None:
        """Feed the central heartbeat (kiosk.sync.health): this kiosk's devices, supplies,
        version and uptime in every beat, and a beat soon after a device's state or a
        supply changed."""
        health = getattr(self.central, "health", None)
        if health is None or not hasattr(health, "state_changed"):
            return
        health.set_extra(self.heartbeat_extra)
        if self.manager is not None and self._unsubscribe is None:
            self._unsubscribe = self.manager.events.subscribe(self._on_device_event)

    def _on_device_event(self, event) -> None:
        from drivers.core.status import StatusChanged

        if not isinstance(event, StatusChanged):
            return
        handle = self.manager.handles.get(event.device)
        if handle is not None and _health_changed(event, handle.kind):
            self.central.health.state_changed()

    def heartbeat_extra(self) -> dict:
        """What the heartbeat adds about this kiosk (no personal data): devices on every
        axis with their counters, supply counts, version, uptime, how the last run ended."""
        from kiosk.flows.availability import device_health

        devices = []
        for h in (self.manager.handles.values() if self.manager is not None else ()):
            st = h.status
            c = h.device.counters.snapshot()
            # up/problem/warning as the kind's contract judges its axes (paper_out,
            # hopper_low …): the server needs no knowledge of device kinds
            judged = device_health(h.name, h.kind, st, h.is_mock)
            devices.append({"name": h.name, "kind": h.kind, "state": str(st.state),
                            "axes": {k: str(v) for k, v in st.supplies.items()},
                            "up": judged.up, "problem": judged.problem,
                            "warning": judged.warning,
                            "mock": h.is_mock, "operations": c["operations"],
                            "failures": c["failures"],
                            "last_error": redact(c["last_error"] or "")[:160]})
        try:
            supplies = [{k: r[k] for k in ("device", "item", "value", "warning", "sensor")}
                        for r in self.supplies()]
        except Exception as exc:  # noqa: BLE001 - counts are extra; the beat goes anyway
            log.debug("supplies not in the heartbeat: %s", exc)
            supplies = []
        k = self.settings.kiosk
        return {"hall": k.hall_name, "hall_en": k.hall_name_en, "mode": k.mode,
                "version": version(), "uptime_s": round(self.clock() - _PROCESS_START),
                "last_restart_reason": self.last_restart_reason, "devices": devices,
                "supplies": supplies}

    def opened(self) -> None:
        """The diagnostics mode was opened (the staff login itself is audited by the gate)."""
        self.audit("diagnostics_opened", f"diagnostics mode opened on {self.kiosk_id}")

    # ------------------------------------------------------------------ devices
    def _handles(self) -> list:
        if self.manager is None:
            raise AdminError("no devices here (the device manager is not running)")
        return list(self.manager.handles.values())

    def _handle(self, name: str):
        for h in self._handles():
            if h.name == name:
                return h
        names = ", ".join(h.name for h in self._handles()) or "none"
        raise AdminError(f"no device named {name!r} (configured: {names})")

    def devices(self) -> list[dict]:
        """Every device: state on each axis, identity, capabilities, counters, last errors."""
        out = []
        for h in self._handles():
            d = h.describe()
            counters = d["counters"]
            info = dict(d["info"])
            capabilities = info.pop("capabilities", {})
            out.append({
                "name": d["name"], "kind": d["kind"], "driver": d["driver"], "port": d["port"],
                "mock": d["mock"], "connected": h.connected, "lifecycle": d["lifecycle"],
                "state": d["state"], "axes": dict(d["supplies"]),
                "detail": redact(d["detail"] or ""),
                "info": {k: info.pop(k, "unknown") for k in ("model", "firmware",
                                                             "serial_number")},
                "extra": info, "capabilities": capabilities,
                "counters": {"operations": counters["operations"],
                             "failures": counters["failures"],
                             "last_seen": _iso(counters["last_seen"]),
                             "by_operation": dict(counters["by_operation"])},
                "errors": [{"at": _iso(e.get("at")), "operation": e.get("operation", ""),
                            "error": redact(str(e.get("error", ""))),
                            "recovery": e.get("recovery", "")}
                           for e in reversed(counters.get("recent_errors") or [])],
            })
        return out

    def check(self, name: str, level: str = "internal") -> dict:
        """Run a device's health check (internal: no side effects; external: may print a
        test ticket or move a card). Audited with its outcome."""
        from drivers.core.errors import DeviceError
        from drivers.core.status import HealthLevel

        if level not in ("internal", "external"):
            raise AdminError(f"level must be internal or external, not {level!r}")
        h = self._handle(name)
        try:
            report = h.check_health(HealthLevel(level)).to_dict()
        except DeviceError as exc:
            report = {"device": name, "level": level, "ok": False,
                      "status": h.status.to_dict(), "checks": [], "error": str(exc)}
        report["error"] = redact(report.get("error") or "")
        for c in report["checks"]:
            c["detail"] = redact(str(c.get("detail", "")))
        self.audit("health_check", f"{name} {level} check: {'ok' if report['ok'] else 'FAILED'}"
                   + (f" ({report['error']})" if report["error"] else ""))
        return report

    # ------------------------------------------------------------------ supplies
    def _by_operation(self, name: str) -> Mapping[str, int]:
        """The device's operation counts: live when it runs here, else its counters file."""
        if self.manager is not None and name in self.manager.handles:
            return self.manager.handles[name].device.counters.snapshot()["by_operation"]
        from drivers.core.counters import Counters

        return Counters(self.data_dir / "devices" / f"{name}.json").snapshot()["by_operation"]

    def _configured(self) -> list[tuple[str, str]]:
        """(name, kind) of every configured device, running or not."""
        if self.manager is not None:
            return [(c.name, c.kind) for c in self.manager.configs]
        if self.configs is None:
            from drivers.config import load_devices

            self.configs = load_devices(self.settings.devices_path)
        return [(c.name, c.kind) for c in self.configs if c.enabled]

    def supplies(self) -> list[dict]:
        """Every supply count, with what the device's own sensor says now (when it runs)."""
        rows = self.supply_counts.levels(
            (name, kind, self._by_operation(name)) for name, kind in self._configured())
        handles = self.manager.handles if self.manager is not None else {}
        for r in rows:
            h = handles.get(r["device"])
            r["sensor"] = str(h.status.supplies.get(r["item"], "")) if h is not None else ""
        return rows

    def set_supply(self, device: str, item: str, value: str | int) -> dict:
        """``("printer", "paper", "new")``, ``("dispenser", "hopper", 500)``,
        ``("dispenser", "reject_bin", 0)``; ``device`` is a device's name or its kind."""
        configured = self._configured()
        match = [(n, k) for n, k in configured if n == device] or \
            [(n, k) for n, k in configured if k == device]
        if not match:
            names = ", ".join(n for n, _ in configured) or "none"
            raise AdminError(f"no device named {device!r} (configured: {names})")
        if len(match) > 1:
            raise AdminError(f"several {device} devices: name one of "
                             f"{', '.join(n for n, _ in match)}")
        name, kind = match[0]
        try:
            supply = find_item(kind, item)
            amount = parse_value(supply, value)
        except SupplyError as exc:
            raise AdminError(str(exc)) from None
        self.supply_counts.set(name, supply, amount, self._by_operation(name),
                               source=self.source)
        self.audit("supplies_set", f"{name} {supply.name} = {amount} ({value})")
        health = getattr(self.central, "health", None)
        if health is not None and hasattr(health, "state_changed"):
            health.state_changed()  # the fleet page sees the refill at once
        return next(r for r in self.supplies() if r["device"] == name and
                    r["item"] == supply.name)

    # ------------------------------------------------------------------ mock switches
    def faults(self) -> list[dict]:
        """The fault switches of every simulated device (none on real hardware)."""
        out = []
        for h in self._handles():
            control = h.mock
            if control is None:
                continue
            active = getattr(control, "active_faults", {}) or {}
            out.append({"device": h.name, "kind": h.kind, "faults": dict(control.faults()),
                        "active": sorted(active)})
        return out

    def set_fault(self, device: str, fault: str, on: bool) -> dict:
        h = self._handle(device)
        control = h.mock
        if control is None:
            raise AdminError(f"{device} is real hardware: it has no fault switches")
        try:
            if on:
                control.inject(fault)
            else:
                control.clear(fault)
        except ValueError as exc:
            raise AdminError(str(exc)) from None
        self.audit("mock_fault", f"{device} {fault} {'on' if on else 'off'}")
        return next(f for f in self.faults() if f["device"] == device)

    # ------------------------------------------------------------------ outbox
    def _box(self):
        if self.central is not None:
            return self.central.outbox
        if self._outbox is None:
            from kiosk.sync.outbox import Outbox

            self._outbox = Outbox.open(self.data_dir,
                                       disk_reserve_mb=self.settings.kiosk.disk_reserve_mb)
        return self._outbox

    def outbox(self, limit: int = 50) -> dict:
        """Pending and parked entries by kind, the oldest age, the parked ones (never their
        contents)."""
        import sqlalchemy as sa

        from kiosk.sync.schema import outbox as table

        box = self._box()
        status = box.status()
        with box.engine.connect() as conn:
            counts = conn.execute(
                sa.select(table.c.kind, table.c.status, sa.func.count())
                .where(table.c.status.in_(("pending", "parked")))
                .group_by(table.c.kind, table.c.status)).all()
        kinds: dict[str, dict] = {}
        for kind, st, n in counts:
            kinds.setdefault(kind, {"kind": kind, "pending": 0, "parked": 0})[st] = int(n)
        parked = [{"id": e["id"], "kind": e["kind"], "ref": e["ref"], "attempts": e["attempts"],
                   "created_at": e["created_at"], "error": redact(e["last_error"] or "")[:200]}
                  for e in box.entries("parked", limit)]
        return {"pending": status["pending"], "parked": status["parked"],
                "oldest_pending_age_s": status["oldest_pending_age_s"],
                "last_success_at": status["last_success_at"],
                "by_kind": sorted(kinds.values(), key=lambda k: k["kind"]),
                "parked_entries": parked}

    def release(self, entry_id: int | None = None) -> int:
        """Send a parked entry again (None: every parked entry)."""
        n = self._box().release(None if entry_id is None else [int(entry_id)])
        self.audit("outbox_release", f"released {n} parked entr{'y' if n == 1 else 'ies'}"
                   + ("" if entry_id is None else f" (entry {entry_id})"))
        if n and self.central is not None:
            self.central.relay.kick()
        return n

    def force_sync(self, deadline_s: float = 30.0) -> dict:
        """Deliver now instead of waiting out the backoff. In the running kiosk the relay is
        woken (it delivers on its own thread); from a command the outbox is drained here."""
        if self.central is not None:
            woken = self.central.outbox.wake()
            self.central.relay.resume_after_outage()
            reachable = self.central.probe()
            self.central.relay.kick()
            result = {"woken": woken, "reachable": reachable}
        else:
            from kiosk.sync.central import build_central

            with build_central(self.settings) as central:
                report = central.relay.drain(deadline_s=deadline_s)
            result = {"delivered": report.delivered, "parked": report.parked,
                      "retry_later": report.retried, "reachable": not report.outage}
        self.audit("force_sync", " ".join(f"{k}={v}" for k, v in result.items()))
        return result

    # ------------------------------------------------------------------ system
    def network(self) -> dict:
        """Whether the central server answers now (asked now), how fast, from which
        address this kiosk reaches it."""
        url = self.settings.central.url
        parts = urlsplit(url)
        out: dict[str, Any] = {"central_url": _public_url(url), "hostname": socket.gethostname(),
                               "local_address": _local_address(parts.hostname or "127.0.0.1",
                                                                parts.port or 443)}
        started = time.monotonic()
        try:
            if self.central is not None:
                self.central.client.health()
            else:
                from kiosk.sync.client import CentralClient

                client = CentralClient.from_settings(self.settings)
                try:
                    client.health()
                finally:
                    client.close()
        except Exception as exc:  # noqa: BLE001 - unreachable is the answer, in one line
            out.update(reachable=False, error=redact(str(exc))[:200], answer_ms=None)
        else:
            out.update(reachable=True, error="",
                       answer_ms=round((time.monotonic() - started) * 1000))
        if self.central is not None:
            link = self.central.link
            out["online"] = link.online()
            out["relay_failures"] = self.central.relay.failures
        return out

    def system(self) -> dict:
        try:
            usage = shutil.disk_usage(self.data_dir)
            free, total = round(usage.free / 1e6), round(usage.total / 1e6)
        except OSError:
            free = total = None
        k = self.settings.kiosk
        return {"kiosk_id": self.kiosk_id, "hall": k.hall_name, "mode": k.mode,
                "version": version(), "python": platform.python_version(),
                "system": f"{platform.system()} {platform.release()}",
                "uptime_s": round(self.clock() - _PROCESS_START),
                "disk_free_mb": free, "disk_total_mb": total,
                "disk_reserve_mb": k.disk_reserve_mb, "data_dir": str(self.data_dir),
                "mock": bool(self.manager is not None and self.manager.any_mock)}

    def logs(self, lines: int = 40) -> list[str]:
        """The last ``lines`` lines of the kiosk's log, redacted again (the file already is:
        this is the second net under a technician's screen)."""
        path = self.data_dir / LOG_FILE
        try:
            with path.open("rb") as f:
                f.seek(0, os.SEEK_END)
                size = f.tell()
                f.seek(max(0, size - 400 * max(1, lines)))
                tail = f.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return []
        if len(tail) > lines:
            tail = tail[-lines:]
        return [redact(line)[:300] for line in tail]

    def audit_entries(self, limit: int = 100) -> list[dict]:
        return self.audit_log.entries(limit)


def _health_changed(event, kind: str) -> bool:
    """A change the fleet cares about: the device state, or an axis value of the kind's
    contract that blocks or warns (paper near end, hopper empty …) — not a card coming and
    going on a reader."""
    from drivers.kinds import contract

    try:
        kind_contract = contract(kind)
    except KeyError:
        kind_contract = None
    for key, (old, new) in event.changed.items():
        if key == "state":
            return True
        axis = kind_contract.axis(key) if kind_contract is not None else None
        if axis is not None and ({old, new} & (set(axis.blocking) | set(axis.warning))):
            return True
    return False


def _local_address(host: str, port: int) -> str:
    """The local address the kiosk would use towards ``host`` (a UDP connect sends nothing)."""
    try:
        family = socket.getaddrinfo(host, port, proto=socket.IPPROTO_UDP)[0]
        with socket.socket(family[0], socket.SOCK_DGRAM) as s:
            s.connect(family[4])
            return s.getsockname()[0]
    except OSError:
        return "unknown"
