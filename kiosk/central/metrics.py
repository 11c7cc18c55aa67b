"""``GET /metrics``: the fleet in the Prometheus text exposition format (version 0.0.4), for
the operators' existing monitoring — their alert rules can use the same signals as the fleet
page (``kiosk_up == 0``, ``kiosk_alert{code="paper_out"} == 1`` …).

Label values are escaped as the format says (backslash, double quote, line feed); every
family has its HELP and TYPE lines once, before its samples.
"""
from __future__ import annotations

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

#: name → (type, help)
FAMILIES = {
    "kiosk_up": ("gauge", "1 while the kiosk's heartbeats arrive (not silent)"),
    "kiosk_status": ("gauge", "1 for the kiosk's current status (ok, warning, alert, silent)"),
    "kiosk_heartbeat_age_seconds": ("gauge", "seconds since the kiosk's last heartbeat"),
    "kiosk_heartbeats_total": ("counter", "heartbeats received from the kiosk"),
    "kiosk_alert": ("gauge", "1 for each alert the kiosk has now"),
    "kiosk_device_up": ("gauge", "1 when the device can serve (its kind's blocking axes clear)"),
    "kiosk_supply_count": ("gauge", "a supply counter (paper printed since the roll change, "
                                    "cards left, cards in the reject bin)"),
    "kiosk_outbox_pending": ("gauge", "outbox entries not yet delivered"),
    "kiosk_outbox_parked": ("gauge", "outbox entries the server refused (for a technician)"),
    "kiosk_outbox_oldest_pending_seconds": ("gauge", "age of the oldest undelivered entry"),
    "kiosk_disk_free_bytes": ("gauge", "free space in the kiosk's data directory"),
    "kiosk_uptime_seconds": ("gauge", "seconds since the kiosk process started"),
    "kiosk_fleet_kiosks": ("gauge", "kiosks known to this server, by status"),
}


def escape(value) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(**labels) -> str:
    return "{" + ",".join(f'{k}="{escape(v)}"' for k, v in labels.items()) + "}"


def _num(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    return repr(float(value))


def render(document: dict) -> str:
    """The text exposition of a fleet document (kiosk.central.fleet.Fleet.document)."""
    samples: dict[str, list[str]] = {name: [] for name in FAMILIES}

    def add(name: str, value, **labels) -> None:
        if value is None or (not isinstance(value, int | float)):
            return
        samples[name].append(f"{name}{_labels(**labels)} {_num(value)}")

    for k in document["kiosks"]:
        kiosk, hall = k["id"], k["hall"]
        add("kiosk_up", k["status"] != "silent", kiosk=kiosk, hall=hall)
        for status in ("ok", "warning", "alert", "silent"):
            add("kiosk_status", k["status"] == status, kiosk=kiosk, status=status)
        add("kiosk_heartbeat_age_seconds", k["age_s"], kiosk=kiosk)
        add("kiosk_heartbeats_total", k["beats"], kiosk=kiosk)
        for a in k["alerts"]:
            add("kiosk_alert", 1, kiosk=kiosk, code=a["code"], severity=a["severity"],
                device=a["device"])
        for d in k["devices"]:
            add("kiosk_device_up", bool(d.get("up")), kiosk=kiosk, device=d.get("name") or "",
                kind=d.get("kind") or "")
        for s in k["supplies"]:
            add("kiosk_supply_count", s.get("value"), kiosk=kiosk, device=s.get("device") or "",
                item=s.get("item") or "")
        b = k["backlog"]
        add("kiosk_outbox_pending", b.get("pending"), kiosk=kiosk)
        add("kiosk_outbox_parked", b.get("parked"), kiosk=kiosk)
        add("kiosk_outbox_oldest_pending_seconds", b.get("oldest_pending_age_s"), kiosk=kiosk)
        free = k.get("disk_free_mb")
        add("kiosk_disk_free_bytes", None if free is None else int(free * 1_000_000),
            kiosk=kiosk)
        add("kiosk_uptime_seconds", k.get("uptime_s"), kiosk=kiosk)
    for status, n in document["counts"].items():
        add("kiosk_fleet_kiosks", n, status=status)
    lines: list[str] = []
    for name, (kind, help_text) in FAMILIES.items():
        lines.append(f"# HELP {name} {help_text}")
        lines.append(f"# TYPE {name} {kind}")
        lines.extend(samples[name])
    return "\n".join(lines) + "\n"
