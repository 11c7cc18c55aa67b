"""The 自助打印 endpoints of the reference server.

``POST /v1/documents`` generates a certificate for a person (ID number and name from the
ID card the kiosk read, in the body) and period, registers its verification code with the
e-certificate register (so its QR verifies as genuine) and answers with the PDF (base64):
a read that creates, answered without an idempotency record (the PDF is not kept; a retry
makes a new document). ``POST /v1/documents/{document_id}/prints`` (through the kiosk's
outbox, idempotent) counts a print or a failed print; ``GET /v1/documents/{document_id}``
shows the record with its counts.
"""
from __future__ import annotations

import base64
import logging
import secrets
import uuid
from datetime import date, datetime, timedelta

from kiosk import protocol as P
from kiosk.central.api import Response, Route
from kiosk.central.documents import content, kinds, pdf
from kiosk.central.fields import ApiError, field
from kiosk.central.schemas import documents as schema
from kiosk.central.schemas.parts import checked
from kiosk.central.store.certificates import certificates
from kiosk.central.store.documents import Documents, documents
from kiosk.protocol import Err

log = logging.getLogger(__name__)

#: Crockford-style: no 0/O, 1/I/L — the code is read aloud and typed
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(today: date) -> str:
    """``ZZDY-2026-7K3M-Q9XD``: 自助打印, the year, 8 random characters (~39 bits)."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"ZZDY-{today.year}-{body[:4]}-{body[4:]}"


def mask_name(name: str) -> str:
    return name[:1] + "*" * max(1, len(name) - 1) if name else "*"


class DocumentHandlers:
    def __init__(self, app) -> None:
        self.app = app
        self.store = Documents()
        # the table is this module's: created here, whichever way the engine was opened
        documents.create(app.engine, checkfirst=True)

    def generate(self, req, body, kiosk_id) -> Response:
        body = checked(schema.DocumentRequest, body)  # (as the schema reads it)
        kind = kinds.kind_of(field(body, "kind", str, max_len=24))
        id_number = field(body, "id_number", str, max_len=P.ID_NUMBER_MAX).strip().upper()
        name = field(body, "name", str, max_len=40).strip()
        if len(id_number) != 18 or not name:
            raise ApiError(400, Err.INVALID, "id_number has 18 characters; name is required")
        issued = datetime.now()
        period = kinds.check_period(kind, field(body, "period", str,
                                                max_len=P.DOCUMENT_PERIOD_MAX, optional=True)
                                    or "", issued.date())
        code = new_code(issued.date())
        verify_url = f"{(self.app.store.tickets.public_url or req.base_url).rstrip('/')}" \
                     f"{P.path(P.CERTIFICATE_PAGE, code=code)}"
        record = content.build(kind, id_number, name, period, issued.date())
        data, pages = pdf.render(kind, record, name=name, id_number=id_number, period=period,
                                 code=code, verify_url=verify_url, kiosk_id=kiosk_id or "",
                                 issued=issued, demo=self.app.demo_appointments)
        document_id = uuid.uuid4().hex
        valid_to = (issued.date() + timedelta(days=kind.valid_days)).isoformat()
        with self.app.engine.begin() as conn:
            self.store.create(conn, document_id=document_id, code=code, kind=kind.kind,
                              period=period, id_hash=self.app.store.appointments.id_hash(
                                  id_number), holder=mask_name(name), kiosk_id=kiosk_id or "",
                              pages=pages)
            # the e-certificate register: scanning the printout's QR says "genuine"
            conn.execute(certificates.insert().values(
                code=code, name=kind.title, name_en=kind.title_en, holder=mask_name(name),
                issuer=kind.issuer, issuer_en=kind.issuer_en, issued=issued.date().isoformat(),
                valid_to=valid_to, status="valid", demo=self.app.demo_appointments))
        log.info("document %s: %s %s, %d pages, code %s", document_id, kind.kind, period,
                 pages, code)
        return Response.json(200, {
            "document_id": document_id, "code": code, "kind": kind.kind, "title": kind.title,
            "title_en": kind.title_en, "period": period, "pages": pages,
            "verify_url": verify_url, "valid_to": valid_to,
            "pdf": base64.b64encode(data).decode("ascii")})

    def record_print(self, conn, params, body, kiosk_id, key, req):
        body = checked(schema.DocumentPrintRequest, body)  # (an item of /v1/batch too)
        outcome = field(body, "outcome", str, max_len=10)
        if outcome not in P.DOCUMENT_PRINT_OUTCOMES:
            raise ApiError(400, Err.INVALID, f"outcome is one of {P.DOCUMENT_PRINT_OUTCOMES}")
        at = field(body, "at", str, max_len=P.TIMESTAMP_MAX, optional=True) or ""
        return 201, self.store.record_print(conn, params["document_id"], outcome, at)

    def view(self, req, params, kiosk_id) -> Response:
        with self.app._read() as conn, conn.begin():
            return Response.json(200, self.store.view(conn, params["document_id"]))


def document_routes(app) -> list[Route]:
    h = DocumentHandlers(app)
    return [
        Route("POST", P.DOCUMENTS, h.generate, lookup=True),
        Route("GET", P.DOCUMENT, h.view),
        Route("POST", P.DOCUMENT_PRINTS, h.record_print),
    ]


__all__ = ["DocumentHandlers", "document_routes", "new_code"]
