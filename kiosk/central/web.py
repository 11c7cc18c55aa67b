"""The reference server's read-only web side: the fleet (JSON, a live page, Prometheus
metrics) and the hall displays (JSON and a page per zone). Public like the ticket tracking
page: none of it holds a citizen's data (kiosk states and queue figures only); put the
server behind the hall network's access rules as any monitoring endpoint."""
from __future__ import annotations

from kiosk import protocol as P
from kiosk.central import metrics, pages
from kiosk.central.display import zone_display, zones
from kiosk.central.fields import ApiError
from kiosk.central.fleet import Fleet
from kiosk.protocol import Err

_HTML = "text/html; charset=utf-8"
_NO_STORE = {"Cache-Control": "no-store"}


def web_routes(app) -> list:
    """The routes of these pages for a CentralApp (``app.fleet`` is made here)."""
    from kiosk.central.api import Response, Route

    app.fleet = Fleet(app.engine)

    def fleet(req, params, kiosk_id):
        return Response.json(200, app.fleet.document(), **_NO_STORE)

    def fleet_page(req, params, kiosk_id):
        return Response(200, pages.fleet_page(P.FLEET), _HTML, dict(_NO_STORE))

    def prometheus(req, params, kiosk_id):
        return Response(200, metrics.render(app.fleet.document()).encode(),
                        metrics.CONTENT_TYPE, dict(_NO_STORE))

    def _zone(params) -> str:
        zone = params["zone"]
        if app.store.catalogue.zone(zone) is None:
            raise ApiError(404, Err.NO_ROUTE, f"no zone {zone!r} in the catalogue")
        return zone

    def display(req, params, kiosk_id):
        zone = _zone(params)
        with app._read() as conn, conn.begin():
            return Response.json(200, zone_display(app.store, conn, zone), **_NO_STORE)

    def display_page(req, params, kiosk_id):
        zone = _zone(params)
        try:  # ?lang_s=N: each language this many seconds (default 6)
            lang_ms = int(float(req.query.get("lang_s", "")) * 1000)
        except ValueError:
            lang_ms = pages.DISPLAY_LANG_MS
        return Response(200, pages.display_page(zone, P.path(P.DISPLAY, zone=zone), lang_ms),
                        _HTML, dict(_NO_STORE))

    def display_index(req, params, kiosk_id):
        return Response(200, pages.display_index(
            zones(app.store), lambda z: P.path(P.DISPLAY_PAGE, zone=z)), _HTML)

    return [
        Route("GET", P.FLEET, fleet, public=True),
        Route("GET", P.FLEET_PAGE, fleet_page, public=True),
        Route("GET", P.METRICS, prometheus, public=True),
        Route("GET", P.DISPLAY, display, public=True),
        Route("GET", P.DISPLAY_PAGE, display_page, public=True),
        Route("GET", P.DISPLAY_INDEX, display_index, public=True),
    ]
