"""``kiosk journeys``: every registered journey, what it needs, and whether it can run now."""
from __future__ import annotations

import argparse
import logging

from kiosk.context import device_manager, print_json, print_table, settings_from_args

log = logging.getLogger(__name__)


def register(sub, common) -> None:
    p = sub.add_parser("journeys", parents=[common],
                       help="list the citizen journeys, their needs and availability now")
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")
    p.add_argument("--wait", type=float, default=None, metavar="S",
                   help="how long to wait for devices to answer (default: their deadlines)")
    p.set_defaults(func=cmd_journeys)


def _central_state(settings) -> tuple[bool | None, tuple]:
    """(server reachable, categories) as the kiosk sees them now; (False, ()) when the
    kiosk's central side cannot even start (its cause is logged)."""
    try:
        from kiosk.sync.central import build_central

        central = build_central(settings)
    except Exception as exc:  # noqa: BLE001 - a broken outbox is an answer here
        log.warning("central services unavailable: %s", exc)
        return False, ()
    try:
        central.start()
        # ask the server now: the relay's own first probe races this one-shot reading
        online = central.probe()
        categories = tuple(central.queue.categories())
        return online, categories
    except Exception as exc:  # noqa: BLE001
        log.warning("central services unavailable: %s", exc)
        return False, ()
    finally:
        central.close()


def cmd_journeys(args: argparse.Namespace) -> int:
    from datetime import datetime

    from kiosk.flows.availability import Health, device_health, evaluate
    from kiosk.flows.hours import OfficeHours
    from kiosk.flows.state import KioskState
    from kiosk.journeys import load_journeys

    settings = settings_from_args(args)
    specs = load_journeys()
    with device_manager(args, settings) as manager:
        wait = args.wait if args.wait is not None else max(
            (h.config.timeout for h in manager.handles.values()), default=1.0) * 2 + 1
        manager.wait_ready(wait)
        devices = tuple(device_health(h.name, h.kind, h.status, h.is_mock)
                        for h in manager.handles.values())
    online, categories = _central_state(settings)
    health = Health(devices, online, None, float(settings.kiosk.disk_reserve_mb))
    now = datetime.now()
    av = evaluate(health, OfficeHours.from_settings(settings.office_hours), now, specs,
                  KioskState(categories=categories))
    rows = []
    for spec in specs:
        status = av.status(spec.name)
        reason = status.reason
        rows.append({
            "name": spec.name,
            "title": spec.tile.title,
            "description": spec.description,
            "needs": list(spec.needs),
            "optional": list(spec.optional),
            "central": list(spec.central),
            "central_optional": list(spec.central_optional),
            "hours24": spec.hours24,
            "audience": spec.audience,
            "available": status.available,
            "reason": f"{reason.subject}: {reason.problem}" if reason else None,
            "opens_at": status.opens_at.isoformat(timespec="minutes")
            if status.opens_at and not status.available else None,
        })
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        r["needs_text"] = ", ".join(r["needs"]) or "-"
        r["optional_text"] = ", ".join(r["optional"]) or "-"
        r["central_text"] = ", ".join(r["central"] + [f"({c})" for c in r["central_optional"]]) \
            or "-"
        r["h24"] = "24h" if r["hours24"] else "office"
        r["now"] = "available" if r["available"] else f"no: {r['reason']}" + (
            f", opens {r['opens_at']}" if r["opens_at"] else "")
    print_table(rows, [("name", "JOURNEY"), ("title", "TILE"), ("needs_text", "NEEDS"),
                       ("optional_text", "OPTIONAL"), ("central_text", "CENTRAL"),
                       ("h24", "HOURS"), ("now", "NOW")])
    return 0
