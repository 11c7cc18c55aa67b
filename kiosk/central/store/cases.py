"""Cases (办件) submitted at a kiosk, their attachments (in the kiosk's order) and events."""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import time

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk import protocol
from kiosk.central.catalogue import Catalogue
from kiosk.central.db import metadata
from kiosk.central.fields import ApiError, field, integral, mobile, now_iso
from kiosk.central.store.sealed import KeyedHash, Sealed
from kiosk.protocol import Err

cases = sa.Table(
    "cases", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(protocol.UUID_MAX), nullable=False, unique=True),
    sa.Column("kiosk_id", sa.String(protocol.KIOSK_ID_MAX), nullable=False),
    sa.Column("item_code", sa.String(protocol.ITEM_CODE_MAX), nullable=False),
    # personal data sealed (store/sealed.py); the ID number also as a keyed hash, for lookups
    sa.Column("applicant_name", Sealed("cases.applicant_name")),
    sa.Column("applicant_id_number", KeyedHash("id_number"), index=True),
    sa.Column("applicant_id_sealed", Sealed("cases.applicant_id_sealed",
                                            copy_of="applicant_id_number")),
    sa.Column("mobile", Sealed("cases.mobile")),
    sa.Column("form", Sealed("cases.form"), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("submitted_at", sa.String(protocol.TIMESTAMP_MAX), nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
)

case_events = sa.Table(
    "case_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(protocol.UUID_MAX), nullable=False, index=True),
    sa.Column("at", sa.String(protocol.TIMESTAMP_MAX), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("note", sa.String(200), nullable=False, default=""),
)

attachments = sa.Table(
    "attachments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),  # arrival order
    sa.Column("attachment_id", sa.String(protocol.UUID_MAX), nullable=False, unique=True),
    sa.Column("case_id", sa.String(protocol.UUID_MAX), nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("name", sa.String(protocol.ATTACHMENT_NAME_MAX), nullable=False),
    sa.Column("content_type", sa.String(protocol.CONTENT_TYPE_MAX), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("data", Sealed("attachments.data", binary=True), nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
)


class Cases:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def create(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        case_id = field(body, "case_id", str, max_len=protocol.UUID_MAX)
        item_code = field(body, "item_code", str, max_len=protocol.ITEM_CODE_MAX)
        if not self.catalogue.has_item(item_code):
            raise ApiError(404, Err.UNKNOWN_ITEM, f"no service item {item_code!r}")
        applicant = body.get("applicant") or {}
        if not isinstance(applicant, dict):
            raise ApiError(400, Err.INVALID, "applicant must be an object")
        form = body.get("form") or {}
        if not isinstance(form, dict):
            raise ApiError(400, Err.INVALID, "form must be an object")
        submitted_at = field(body, "submitted_at", str, max_len=protocol.TIMESTAMP_MAX)
        exists = conn.execute(sa.select(cases.c.kiosk_id).where(cases.c.case_id == case_id)).first()
        if exists is not None:
            raise ApiError(422, Err.CASE_EXISTS, f"case {case_id} was already submitted")
        id_number = str(applicant.get("id_number", ""))[:protocol.ID_NUMBER_MAX]
        conn.execute(cases.insert().values(
            case_id=case_id, kiosk_id=kiosk_id, item_code=item_code,
            applicant_name=str(applicant.get("name", ""))[:80],
            applicant_id_number=id_number, applicant_id_sealed=id_number,
            mobile=mobile(applicant) if applicant.get("mobile") else None,
            form=json.dumps(form, ensure_ascii=False), status="received",
            submitted_at=submitted_at, received_at=time.time()))
        conn.execute(case_events.insert().values(case_id=case_id, at=now_iso(), status="received",
                                                 note="已收件 / received"))
        for i, att in enumerate(body.get("attachments") or []):
            self._add_attachment(conn, case_id, att, default_seq=i)
        return self.view(conn, case_id)

    def _add_attachment(self, conn: Connection, case_id: str, att, default_seq: int = 0) -> dict:
        if not isinstance(att, dict):
            raise ApiError(400, Err.INVALID, "an attachment must be an object")
        attachment_id = field(att, "attachment_id", str, max_len=protocol.UUID_MAX)
        kind = field(att, "kind", str)
        if kind not in protocol.ATTACHMENT_KINDS:
            raise ApiError(400, Err.INVALID,
                           f"attachment kind must be one of {protocol.ATTACHMENT_KINDS}")
        try:
            data = base64.b64decode(field(att, "data_b64", str), validate=True)
        except (binascii.Error, ValueError):
            raise ApiError(400, Err.INVALID, "data_b64 is not base64") from None
        if len(data) > protocol.MAX_ATTACHMENT_BYTES:
            raise ApiError(413, Err.TOO_LARGE,
                           f"attachment larger than {protocol.MAX_ATTACHMENT_BYTES} bytes")
        digest = hashlib.sha256(data).hexdigest()
        if field(att, "sha256", str) != digest:
            # (422: the body is well formed, its content does not check out — no schema can say so)
            raise ApiError(422, Err.CHECKSUM, "attachment sha256 does not match its data")
        seq = integral(att.get("seq"))
        if seq is None:  # (absent or null: its place in the case)
            seq = default_seq
        if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq < 2**31:
            raise ApiError(400, Err.INVALID, "seq must be an integer from 0 to 2^31-1")
        if conn.execute(sa.select(attachments.c.id).where(
                attachments.c.attachment_id == attachment_id)).first() is not None:
            raise ApiError(422, Err.ATTACHMENT_EXISTS, f"attachment {attachment_id} already stored")
        conn.execute(attachments.insert().values(
            attachment_id=attachment_id, case_id=case_id, seq=seq, kind=kind,
            name=str(att.get("name", kind))[:protocol.ATTACHMENT_NAME_MAX],
            content_type=str(att.get("content_type", "application/octet-stream"))
            [:protocol.CONTENT_TYPE_MAX],
            sha256=digest, size=len(data), data=data, received_at=time.time()))
        return {"attachment_id": attachment_id, "case_id": case_id, "seq": seq,
                "size": len(data), "sha256": digest}

    def add_attachment(self, conn: Connection, kiosk_id: str, case_id: str, body: dict) -> dict:
        if conn.execute(sa.select(cases.c.id).where(cases.c.case_id == case_id)).first() is None:
            raise ApiError(404, Err.UNKNOWN_CASE, f"no case {case_id}")
        return self._add_attachment(conn, case_id, body)

    def view(self, conn: Connection, case_id: str) -> dict:
        row = conn.execute(sa.select(cases).where(cases.c.case_id == case_id)).first()
        if row is None:
            raise ApiError(404, Err.UNKNOWN_CASE, f"no case {case_id}")
        events = conn.execute(sa.select(case_events).where(case_events.c.case_id == case_id)
                              .order_by(case_events.c.id)).all()
        n_att = conn.execute(sa.select(sa.func.count()).select_from(attachments)
                             .where(attachments.c.case_id == case_id)).scalar_one()
        return {"case_id": row.case_id, "item_code": row.item_code, "status": row.status,
                "submitted_at": row.submitted_at, "attachments": int(n_att),
                "events": [{"at": e.at, "status": e.status, "note": e.note} for e in events]}
