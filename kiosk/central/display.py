"""What a zone's big screen (叫号屏) shows: the numbers being called and at which window,
people waiting, people served today, the estimated wait — the figures a hall shows.

"Served today" counts the tickets the windows called today (called, served, or called and
then missed): a window's call is the moment the hall counts a citizen as served.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.central.fields import ApiError, now_iso, today
from kiosk.central.store import CentralStore
from kiosk.central.store.tickets import tickets
from kiosk.protocol import Err

#: how many calls the screen lists (the newest is shown large)
CALLS_SHOWN = 6
_CALLED = ("called", "served", "missed")


def zones(store: CentralStore) -> list[dict]:
    return [{k: z[k] for k in ("code", "name", "name_en", "floor")}
            for z in store.catalogue.document["zones"]]


def zone_display(store: CentralStore, conn: Connection, zone: str) -> dict:
    z = store.catalogue.zone(zone)
    if z is None:
        raise ApiError(404, Err.NO_ROUTE, f"no zone {zone!r}")
    cats = [c for c in store.catalogue.document["categories"] if c["zone"] == zone]
    codes = [c["code"] for c in cats]
    day = today()
    mine = (tickets.c.day == day) & tickets.c.category.in_(codes)
    waiting = dict(conn.execute(
        sa.select(tickets.c.category, sa.func.count()).where(mine & (tickets.c.status == "waiting"))
        .group_by(tickets.c.category)).all())
    served = conn.execute(sa.select(sa.func.count()).select_from(tickets).where(
        mine & tickets.c.status.in_(_CALLED))).scalar_one()
    calls = conn.execute(
        sa.select(tickets.c.number, tickets.c.window, tickets.c.category, tickets.c.called_at)
        .where(mine & tickets.c.called_at.is_not(None) & tickets.c.status.in_(_CALLED))
        .order_by(tickets.c.called_at.desc(), tickets.c.id.desc()).limit(CALLS_SHOWN)).all()
    names = {c["code"]: c for c in cats}
    categories = []
    for c in cats:
        n = int(waiting.get(c["code"], 0))
        categories.append({"code": c["code"], "name": c["name"], "name_en": c["name_en"],
                           "waiting": n, "est_wait_min": store.tickets.est_wait_min(c["code"], n)})
    return {
        "day": day, "at": now_iso(),
        "zone": {"code": z["code"], "name": z["name"], "name_en": z["name_en"],
                 "floor": z["floor"], "windows": z.get("acceptance_windows", "")},
        "calling": [{"number": r.number, "window": r.window or "",
                     "category_name": names[r.category]["name"],
                     "category_name_en": names[r.category]["name_en"], "called_at": r.called_at}
                    for r in calls],
        "waiting": sum(c["waiting"] for c in categories),
        "served_today": int(served),
        "categories": categories,
    }
