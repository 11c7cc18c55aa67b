"""The card-management endpoints of the reference server (see :mod:`.store` for the rules).

Registered by :class:`kiosk.central.api.CentralApp` (``ssc_routes(app)``). Reads that carry
an ID number in their body are POST lookups, answered and never stored (as the appointment
lookup); everything that changes a record is an idempotent POST, and the loss report and
the issue's reports arrive through the kiosk's outbox (also in batches).
"""
from __future__ import annotations

from kiosk import protocol as P
from kiosk.central.api import Response, Route
from kiosk.central.schemas import ssc as schema
from kiosk.central.schemas.parts import checked


class SscHandlers:
    """Every body is read as its model in :mod:`kiosk.central.schemas.ssc` reads it
    (:func:`~kiosk.central.schemas.parts.checked`): what the document says is what is taken,
    alone or in a batch."""

    def __init__(self, app) -> None:
        self.app = app
        self.store = app.store.ssc
        self._seed()  # a new reference server has its demo people from the start

    def _seed(self) -> None:
        if self.app.demo_appointments:  # a reference server: the demo people
            self.store.seed_demo(self.app.engine)

    # ------------------------------------------------------------------ lookups
    def lookup(self, req, body, kiosk_id) -> Response:
        self._seed()
        with self.app._read() as conn, conn.begin():
            return Response.json(200, self.store.lookup(conn, checked(schema.SscLookupRequest,
                                                                       body)))

    def send_code(self, req, body, kiosk_id) -> Response:
        self._seed()
        with self.app.engine.begin() as conn:
            return Response.json(200, self.store.send_code(conn, checked(schema.SscPersonRequest,
                                                                          body)))

    def check_code(self, req, body, kiosk_id) -> Response:
        with self.app.engine.begin() as conn:
            return Response.json(200, self.store.check_code(
                conn, checked(schema.SscCodeCheckRequest, body)))

    def read_auth(self, req, body, kiosk_id) -> Response:
        self._seed()
        with self.app._read() as conn, conn.begin():
            return Response.json(200, self.store.read_auth(
                conn, checked(schema.SscReadAuthRequest, body)))

    def application(self, req, params, kiosk_id) -> Response:
        with self.app._read() as conn, conn.begin():
            return Response.json(200, self.store.view(conn, params["application_id"]))

    # ------------------------------------------------------------------ idempotent POSTs
    def loss_report(self, conn, params, body, kiosk_id, key, req):
        self._seed()
        return 201, self.store.report_loss(conn, kiosk_id,
                                           checked(schema.SscLossReportRequest, body))

    def open_application(self, conn, params, body, kiosk_id, key, req):
        self._seed()
        return 201, self.store.open_application(conn, kiosk_id,
                                                checked(schema.SscApplicationRequest, body))

    def script(self, conn, params, body, kiosk_id, key, req):
        return 200, self.store.script(conn, kiosk_id, params["application_id"],
                                      checked(schema.SscScriptRequest, body))

    def report(self, conn, params, body, kiosk_id, key, req):
        return 201, self.store.report(conn, kiosk_id, params["application_id"],
                                      checked(schema.SscReportRequest, body))


def ssc_routes(app) -> list[Route]:
    h = SscHandlers(app)
    return [
        Route("POST", P.SSC_LOOKUP, h.lookup, lookup=True),
        Route("POST", P.SSC_CODES, h.send_code, lookup=True),
        Route("POST", P.SSC_CODE_CHECK, h.check_code, lookup=True),
        Route("POST", P.SSC_READ_AUTH, h.read_auth, lookup=True),
        Route("POST", P.SSC_LOSS_REPORTS, h.loss_report),
        Route("POST", P.SSC_APPLICATIONS, h.open_application),
        Route("GET", P.SSC_APPLICATION, h.application),
        Route("POST", P.SSC_SCRIPT, h.script),
        Route("POST", P.SSC_REPORTS, h.report),
    ]


__all__ = ["SscHandlers", "ssc_routes"]
