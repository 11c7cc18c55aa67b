"""The endpoints of cases with materials (在线申报) and their progress (审批进度).

Registered by :class:`kiosk.central.api.CentralApp` (``case_routes(app)``); the storage and
its rules are :mod:`kiosk.central.store.case_uploads`. Uploads, chunks, completions and
commits are idempotent POSTs that arrive through the kiosk's outbox in the case's order;
``GET`` of an upload says which chunks the server keeps. The citizen's cases by ID number
are a POST lookup (the number never in a URL), answered and never stored.
"""
from __future__ import annotations

import html

from kiosk import protocol as P
from kiosk.central.api import Response, Route, _page
from kiosk.central.db import metadata
from kiosk.central.fields import ApiError, obj
from kiosk.central.store.case_uploads import STAGE_WORDS, CaseUploads, chunks, progress, uploads


class CaseHandlers:
    def __init__(self, app) -> None:
        self.app = app
        # (the server's tables were made before this module was imported: these are added)
        metadata.create_all(app.engine, tables=[uploads, chunks, progress])
        self.store = CaseUploads(app.store.catalogue)
        app.case_uploads = self.store  # the CLI's `case advance` and tests reach it here

    # ------------------------------------------------------------------ reads
    def upload_status(self, req, params, kiosk_id) -> Response:
        with self.app._read() as conn, conn.begin():
            return Response.json(200, self.store.status(conn, params["case_id"],
                                                        params["attachment_id"]))

    def progress(self, req, params, kiosk_id) -> Response:
        with self.app._read() as conn, conn.begin():
            return Response.json(200, self.store.view(conn, params["case_id"]))

    def lookup(self, req, body, kiosk_id) -> Response:
        with self.app._read() as conn, conn.begin():
            return Response.json(200, self.store.lookup(conn, obj(body)))

    def page(self, req, params, kiosk_id) -> Response:
        try:
            with self.app._read() as conn, conn.begin():
                c = self.store.view(conn, params["case_id"])
        except ApiError:
            return Response(404, _page("未找到该办件 / Case not found", ""),
                            "text/html; charset=utf-8")
        lines = [f"<p class=num>{html.escape(c['case_id'])}</p>",
                 f"<p>{html.escape(c['item_name'])}</p>",
                 f"<p><b>{html.escape(STAGE_WORDS.get(c['status'], c['status']))}</b></p>"]
        if c["missing"]:
            lines.append("<p>待补交 / to supply: " + html.escape("、".join(c["missing"])) + "</p>")
        if c["collect"]:
            lines.append(f"<p>{html.escape(c['collect']['where'])}<br>"
                         f"{html.escape(c['collect']['when'])}</p>")
        return Response(200, _page("办件进度 / Case progress", "".join(lines)),
                        "text/html; charset=utf-8", headers={"Refresh": "60"})

    # ------------------------------------------------------------------ POSTs
    def begin(self, conn, params, body, kiosk_id, key, req):
        return 200, self.store.begin(conn, params["case_id"], params["attachment_id"], obj(body))

    def chunk(self, conn, params, body, kiosk_id, key, req):
        return 200, self.store.chunk(conn, params["case_id"], params["attachment_id"], obj(body))

    def complete(self, conn, params, body, kiosk_id, key, req):
        return 201, self.store.complete(conn, params["case_id"], params["attachment_id"])

    def commit(self, conn, params, body, kiosk_id, key, req):
        return 200, self.store.commit(conn, params["case_id"], obj(body))


def case_routes(app) -> list[Route]:
    h = CaseHandlers(app)
    return [
        Route("GET", P.UPLOAD, h.upload_status),
        Route("POST", P.UPLOAD, h.begin),
        Route("POST", P.UPLOAD_CHUNKS, h.chunk),
        Route("POST", P.UPLOAD_COMPLETE, h.complete),
        Route("POST", P.CASE_COMMIT, h.commit),
        Route("GET", P.CASE_PROGRESS, h.progress),
        Route("POST", P.CASE_LOOKUP, h.lookup, lookup=True),
        Route("GET", P.CASE_PAGE, h.page, public=True),
    ]
