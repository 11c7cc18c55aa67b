"""The fleet: every kiosk's last heartbeat, its status and the alerts derived from it.

A kiosk's heartbeat (``POST /v1/kiosks/{id}/heartbeats``, through its outbox) says how its
devices are on every axis — judged by the kiosk against its device kinds' contracts
(``up``, ``problem``, ``warning``), so the server needs no knowledge of device kinds — its
supply counts, outbox backlog, free disk, version, uptime and how its last run ended. From
that and the time since the last beat the server derives alerts:

=================  ========  =============================================================
code               severity  when
=================  ========  =============================================================
silent             alert     no heartbeat for ``silent_after_s``
<problem>          alert     a device is down: paper_out, hopper_empty, reject_bin_full,
                             offline, fault, needs_staff … (the kiosk's problem code)
<warning>          warning   a device works but needs staff soon: paper_near_end, hopper_low
hopper_low         warning   a hopper's count at or below ``hopper_low`` (hopper_empty at 0)
reject_bin_full    alert     a reject bin's count at or above ``reject_bin_full``
backlog_old        alert     the oldest undelivered outbox entry is older than
                             ``backlog_age_s``
parked             warning   the server refused entries a technician must look at
disk_low           alert     free disk below ``disk_low_mb`` (or the kiosk's own reserve)
=================  ========  =============================================================

Derived on every read (the page, ``/metrics``, ``kiosk-central fleet``), never stored: a
threshold changed at the next start applies to every kiosk at once.
"""
from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kiosk.central.db import reader
from kiosk.central.store.heartbeats import heartbeats


@dataclass(frozen=True)
class Thresholds:
    silent_after_s: float = 300.0  # five missed one-minute beats
    backlog_age_s: float = 1800.0
    disk_low_mb: float = 1000.0
    hopper_low: int = 50
    reject_bin_full: int = 40


STATUSES = ("ok", "warning", "alert", "silent")


def _alert(code: str, severity: str, device: str = "", detail: str = "") -> dict:
    return {"code": code, "severity": severity, "device": device, "detail": detail}


def alerts_for(body: dict, age_s: float, t: Thresholds) -> list[dict]:
    """The alerts a kiosk's last heartbeat (``body``), ``age_s`` old, gives rise to."""
    out: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def add(code: str, severity: str, device: str = "", detail: str = "") -> None:
        if (code, device) not in seen:
            seen.add((code, device))
            out.append(_alert(code, severity, device, detail))

    if age_s > t.silent_after_s:
        add("silent", "alert", detail=f"no heartbeat for {age_s:.0f} s")
    for d in _list(body.get("devices")):
        name = str(d.get("name", ""))
        if d.get("up") is False:
            add(str(d.get("problem") or "fault"), "alert", name, str(d.get("state", "")))
        elif d.get("warning"):
            add(str(d["warning"]), "warning", name)
    for s in _list(body.get("supplies")):
        value, device, item = s.get("value"), str(s.get("device", "")), s.get("item")
        if not isinstance(value, int):
            continue
        if item == "card_hopper" and value <= 0:
            add("hopper_empty", "alert", device, f"{value} cards")
        elif item == "card_hopper" and value <= t.hopper_low:
            add("hopper_low", "warning", device, f"{value} cards")
        elif item == "reject_bin" and value >= t.reject_bin_full:
            add("reject_bin_full", "alert", device, f"{value} cards")
    backlog = body.get("backlog") if isinstance(body.get("backlog"), dict) else {}
    oldest = backlog.get("oldest_pending_age_s")
    if isinstance(oldest, int | float) and oldest > t.backlog_age_s:
        add("backlog_old", "alert", detail=f"oldest pending {oldest / 60:.0f} min, "
                                           f"{backlog.get('pending', '?')} pending")
    if isinstance(backlog.get("parked"), int) and backlog["parked"] > 0:
        add("parked", "warning", detail=f"{backlog['parked']} parked")
    free = body.get("disk_free_mb")
    reserve = body.get("disk_reserve_mb") or 0
    if isinstance(free, int | float) and free < max(t.disk_low_mb, float(reserve)):
        add("disk_low", "alert", detail=f"{free:.0f} MB free")
    return out


def status_of(alerts: list[dict]) -> str:
    if any(a["code"] == "silent" for a in alerts):
        return "silent"
    if any(a["severity"] == "alert" for a in alerts):
        return "alert"
    return "warning" if alerts else "ok"


def _list(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds")


def kiosk_view(kiosk_id: str, last_at: float, count: int, body: dict, now: float,
               t: Thresholds) -> dict:
    age = max(0.0, now - last_at)
    alerts = alerts_for(body, age, t)
    devices = [{k: d.get(k) for k in ("name", "kind", "state", "up", "problem", "warning",
                                      "axes", "mock")} for d in _list(body.get("devices"))]
    backlog = body.get("backlog") if isinstance(body.get("backlog"), dict) else {}
    return {
        "id": kiosk_id, "hall": str(body.get("hall") or ""),
        "hall_en": str(body.get("hall_en") or ""),
        "last_seen": _iso(last_at), "age_s": round(age, 1), "beats": count,
        "status": status_of(alerts), "alerts": alerts, "devices": devices,
        "supplies": [{k: s.get(k) for k in ("device", "item", "value", "warning", "sensor")}
                     for s in _list(body.get("supplies"))],
        "backlog": {k: backlog.get(k) for k in ("pending", "parked", "oldest_pending_age_s",
                                                "last_success_at")},
        "disk_free_mb": body.get("disk_free_mb"), "version": body.get("version"),
        "uptime_s": body.get("uptime_s"), "mode": body.get("mode"),
        "mock": any(d.get("mock") for d in devices),
        "last_restart_reason": body.get("last_restart_reason"),
        "reported_at": body.get("at"), "interval_s": body.get("interval_s"),
    }


class Fleet:
    def __init__(self, engine: Engine, thresholds: Thresholds | None = None,
                 clock=time.time) -> None:
        self.engine = engine
        self.thresholds = thresholds or Thresholds()
        self.clock = clock

    def kiosks(self) -> list[dict]:
        """Every kiosk that ever sent a heartbeat, by hall then id."""
        with reader(self.engine) as conn, conn.begin():
            rows = conn.execute(sa.select(heartbeats.c.kiosk_id, heartbeats.c.last_at,
                                          heartbeats.c.count, heartbeats.c.body)).all()
        now = self.clock()
        out = []
        for r in rows:
            try:
                body = json.loads(r.body)
            except ValueError:  # a body cut at the size limit: the kiosk is still seen
                body = {}
            out.append(kiosk_view(r.kiosk_id, r.last_at, r.count,
                                  body if isinstance(body, dict) else {}, now, self.thresholds))
        return sorted(out, key=lambda k: (k["hall"], k["id"]))

    def document(self) -> dict:
        """``GET /v1/fleet``: the kiosks and counts by status."""
        kiosks = self.kiosks()
        counts = {s: sum(k["status"] == s for k in kiosks) for s in STATUSES}
        return {"at": _iso(self.clock()), "thresholds": asdict(self.thresholds),
                "counts": counts, "kiosks": kiosks}
