"""Chunked attachment uploads, case commits and case progress (在线申报, 审批进度).

An attachment too large for one request arrives in chunks: the kiosk announces it (size,
sha256, chunk size), sends chunks (each with its own sha256) that are kept by (case,
attachment, offset) until the file is complete, and completes it: the chunks are joined,
the whole file's sha256 checked, and the attachment stored as one (the ``attachments``
table of :mod:`.cases`). ``status`` answers what is there, so an interrupted upload goes on
with the missing chunks only; a chunk sent twice is stored once.

A case submitted this way is *committed* once its attachments are in: it is then accepted
(受理) and moves through :data:`kiosk.protocol.CASE_STAGES`, driven by the back office
(``kiosk-central case advance``). Its progress says the stage, the dates, what is missing
and where and when to collect the result.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import time

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk import protocol as P
from kiosk.central.catalogue import Catalogue
from kiosk.central.db import metadata
from kiosk.central.fields import ApiError, field, integral, now_iso
from kiosk.central.store.cases import attachments, case_events, cases
from kiosk.central.store.sealed import Sealed
from kiosk.protocol import Err

uploads = sa.Table(
    "case_uploads", metadata,
    sa.Column("attachment_id", sa.String(P.UUID_MAX), primary_key=True),
    sa.Column("case_id", sa.String(P.UUID_MAX), nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("name", sa.String(P.ATTACHMENT_NAME_MAX), nullable=False),
    sa.Column("content_type", sa.String(P.CONTENT_TYPE_MAX), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("chunk_bytes", sa.Integer, nullable=False),
    sa.Column("complete", sa.Boolean, nullable=False, default=False),
    sa.Column("started_at", sa.Float, nullable=False),
)

chunks = sa.Table(
    "case_upload_chunks", metadata,
    sa.Column("attachment_id", sa.String(P.UUID_MAX), primary_key=True),
    sa.Column("offset", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(P.UUID_MAX), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("data", Sealed("case_upload_chunks.data", binary=True), nullable=False),
)

progress = sa.Table(
    "case_progress", metadata,
    sa.Column("case_id", sa.String(P.UUID_MAX), primary_key=True),
    sa.Column("item_name", sa.String(120), nullable=False, default=""),
    sa.Column("zone", sa.String(10), nullable=False, default=""),
    sa.Column("missing", sa.Text, nullable=False, default="[]"),  # JSON list of names
    sa.Column("delivery", sa.String(10), nullable=False, default="pickup"),
    sa.Column("collect_where", sa.String(120), nullable=False, default=""),
    sa.Column("collect_when", sa.String(120), nullable=False, default=""),
    sa.Column("committed_at", sa.String(P.TIMESTAMP_MAX), nullable=False),
)

#: what the stages are called (case events' notes, the public page)
STAGE_WORDS = {
    "received": "已收件 / received",
    "accepted": "已受理 / accepted",
    "in_review": "审核中 / in review",
    "missing_materials": "待补正材料 / materials missing",
    "approved": "审批通过 / approved",
    "ready_for_collection": "待领取 / ready for collection",
    "delivered": "已送达 / delivered",
}
COLLECT_WHEN = "工作日 9:00–12:00、13:00–17:00 / weekdays 9:00–12:00, 13:00–17:00"


def _int(body: dict, name: str, lo: int, hi: int) -> int:
    v = integral(body.get(name))
    if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
        raise ApiError(400, Err.INVALID, f"{name} must be an integer from {lo} to {hi}")
    return v


class CaseUploads:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    # ------------------------------------------------------------------ uploads
    def _case(self, conn: Connection, case_id: str):
        row = conn.execute(sa.select(cases).where(cases.c.case_id == case_id)).first()
        if row is None:
            raise ApiError(404, Err.UNKNOWN_CASE, f"no case {case_id}")
        return row

    def begin(self, conn: Connection, case_id: str, attachment_id: str, body: dict) -> dict:
        self._case(conn, case_id)
        kind = field(body, "kind", str)
        if kind not in P.ATTACHMENT_KINDS:
            raise ApiError(400, Err.INVALID, f"attachment kind must be one of {P.ATTACHMENT_KINDS}")
        meta = {
            "seq": _int(body, "seq", 0, 2**31 - 1), "kind": kind,
            "name": field(body, "name", str, max_len=P.ATTACHMENT_NAME_MAX),
            "content_type": field(body, "content_type", str, max_len=P.CONTENT_TYPE_MAX),
            "size": _int(body, "size", 0, P.MAX_UPLOAD_BYTES),
            "sha256": field(body, "sha256", str, max_len=64),
            "chunk_bytes": _int(body, "chunk_bytes", 1, P.MAX_UPLOAD_CHUNK_BYTES),
        }
        row = conn.execute(sa.select(uploads).where(uploads.c.attachment_id == attachment_id)
                           ).first()
        if row is not None:  # announced before (a resumed upload): the same file, or refused
            if row.case_id != case_id or any(getattr(row, k) != v for k, v in meta.items()):
                raise ApiError(422, Err.UPLOAD_MISMATCH,
                               f"attachment {attachment_id} was announced with other metadata")
            return self.status(conn, case_id, attachment_id)
        conn.execute(uploads.insert().values(attachment_id=attachment_id, case_id=case_id,
                                             complete=False, started_at=time.time(), **meta))
        return self.status(conn, case_id, attachment_id)

    def _upload(self, conn: Connection, case_id: str, attachment_id: str):
        row = conn.execute(sa.select(uploads).where(
            (uploads.c.attachment_id == attachment_id) & (uploads.c.case_id == case_id))).first()
        if row is None:
            raise ApiError(404, Err.UNKNOWN_CASE,
                           f"no upload {attachment_id} announced for case {case_id}")
        return row

    def status(self, conn: Connection, case_id: str, attachment_id: str) -> dict:
        """What the server has of this attachment: the offsets of the chunks it keeps."""
        up = self._upload(conn, case_id, attachment_id)
        have = conn.execute(sa.select(chunks.c.offset, chunks.c.size)
                            .where(chunks.c.attachment_id == attachment_id)
                            .order_by(chunks.c.offset)).all()
        received = up.size if up.complete else sum(s for _o, s in have)
        return {"case_id": case_id, "attachment_id": attachment_id, "size": up.size,
                "sha256": up.sha256, "chunk_bytes": up.chunk_bytes, "complete": bool(up.complete),
                "offsets": [] if up.complete else [o for o, _s in have],
                "bytes_received": received}

    def chunk(self, conn: Connection, case_id: str, attachment_id: str, body: dict) -> dict:
        up = self._upload(conn, case_id, attachment_id)
        offset = _int(body, "offset", 0, P.MAX_UPLOAD_BYTES)
        # (a well-formed chunk that does not fit the announced upload: 422, as for its
        # metadata — the body's schema cannot know the upload)
        if offset % up.chunk_bytes or (offset >= up.size and up.size):
            raise ApiError(422, Err.UPLOAD_MISMATCH,
                           f"offset {offset} is not a chunk of this upload")
        try:
            data = base64.b64decode(field(body, "data_b64", str), validate=True)
        except (binascii.Error, ValueError):
            raise ApiError(400, Err.INVALID, "data_b64 is not base64") from None
        want = min(up.chunk_bytes, up.size - offset)
        if len(data) != want:
            raise ApiError(422, Err.UPLOAD_MISMATCH, f"the chunk at {offset} has {want} bytes, "
                                                     f"not {len(data)}")
        digest = hashlib.sha256(data).hexdigest()
        if field(body, "sha256", str) != digest:
            raise ApiError(422, Err.CHECKSUM, f"the chunk at {offset}: sha256 does not match")
        if not up.complete:
            old = conn.execute(sa.select(chunks.c.sha256).where(
                (chunks.c.attachment_id == attachment_id) & (chunks.c.offset == offset))).first()
            if old is None:
                conn.execute(chunks.insert().values(attachment_id=attachment_id, offset=offset,
                                                    case_id=case_id, size=len(data),
                                                    sha256=digest, data=data))
        return {"attachment_id": attachment_id, "offset": offset, "size": len(data),
                "sha256": digest}

    def complete(self, conn: Connection, case_id: str, attachment_id: str) -> dict:
        up = self._upload(conn, case_id, attachment_id)
        if not up.complete:
            rows = conn.execute(sa.select(chunks.c.offset, chunks.c.data)
                                .where(chunks.c.attachment_id == attachment_id)
                                .order_by(chunks.c.offset)).all()
            want = list(range(0, up.size, up.chunk_bytes))
            have = [o for o, _d in rows]
            if have != want:
                raise ApiError(409, Err.UPLOAD_INCOMPLETE,
                               f"{len(set(want) - set(have))} of {len(want)} chunks are missing")
            data = b"".join(d for _o, d in rows)
            if hashlib.sha256(data).hexdigest() != up.sha256:
                # a chunk checksum passed but the file's does not: start the file again
                conn.execute(chunks.delete().where(chunks.c.attachment_id == attachment_id))
                raise ApiError(422, Err.CHECKSUM, "the joined file's sha256 does not match")
            conn.execute(attachments.insert().values(
                attachment_id=attachment_id, case_id=case_id, seq=up.seq, kind=up.kind,
                name=up.name, content_type=up.content_type, sha256=up.sha256, size=up.size,
                data=data, received_at=time.time()))
            conn.execute(chunks.delete().where(chunks.c.attachment_id == attachment_id))
            conn.execute(uploads.update().where(uploads.c.attachment_id == attachment_id)
                         .values(complete=True))
        return {"attachment_id": attachment_id, "case_id": case_id, "seq": up.seq,
                "size": up.size, "sha256": up.sha256, "status": "complete"}

    # ------------------------------------------------------------------ commit, stages
    def commit(self, conn: Connection, case_id: str, body: dict) -> dict:
        """Every announced attachment is complete: the case is accepted (受理)."""
        row = self._case(conn, case_id)
        ids = body.get("attachments") or []
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ApiError(400, Err.INVALID, "attachments must be a list of attachment ids")
        have = {a for (a,) in conn.execute(sa.select(attachments.c.attachment_id)
                                           .where(attachments.c.case_id == case_id))}
        if not set(ids) <= have:
            raise ApiError(409, Err.CASE_NOT_READY,
                           f"{len(set(ids) - have)} attachments are not complete yet")
        missing = body.get("missing") or []
        if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
            raise ApiError(400, Err.INVALID, "missing must be a list of material names")
        delivery = body.get("delivery", "pickup")
        if delivery not in P.DELIVERY_METHODS:
            raise ApiError(400, Err.INVALID, f"delivery must be one of {P.DELIVERY_METHODS}")
        if conn.execute(sa.select(progress.c.case_id).where(progress.c.case_id == case_id)
                        ).first() is None:
            item = _item(self.catalogue, row.item_code)
            conn.execute(progress.insert().values(
                case_id=case_id, item_name=str(item.get("name", ""))[:120],
                zone=str(item.get("zone", ""))[:10],
                missing=json.dumps([m[:80] for m in missing][:30], ensure_ascii=False),
                delivery=delivery, collect_where="", collect_when="", committed_at=now_iso()))
            self._move(conn, case_id, "accepted",
                       "容缺受理，请在审批前补交材料 / accepted; bring the missing materials"
                       if missing else STAGE_WORDS["accepted"])
        return self.view(conn, case_id)

    def _move(self, conn: Connection, case_id: str, stage: str, note: str) -> None:
        conn.execute(cases.update().where(cases.c.case_id == case_id).values(status=stage))
        conn.execute(case_events.insert().values(case_id=case_id, at=now_iso(), status=stage,
                                                 note=note[:200]))

    def advance(self, conn: Connection, case_id: str, stage: str, *, note: str = "",
                missing: list[str] | None = None, where: str = "", when: str = "") -> dict:
        """The back office moves a case (``kiosk-central case advance``)."""
        self._case(conn, case_id)
        if stage not in P.CASE_STAGES:
            raise ApiError(422, Err.BAD_STAGE, f"stage must be one of {', '.join(P.CASE_STAGES)}")
        prog = conn.execute(sa.select(progress).where(progress.c.case_id == case_id)).first()
        if prog is None:
            raise ApiError(422, Err.BAD_STAGE, f"case {case_id} was not committed with its "
                                               "materials: it has no stages")
        values: dict = {}
        if missing is not None:
            values["missing"] = json.dumps(missing, ensure_ascii=False)
        elif stage in ("approved", "ready_for_collection", "delivered"):
            values["missing"] = "[]"  # supplied: the case could not be approved otherwise
        if stage == "ready_for_collection":
            values["collect_where"] = (where or self._windows(prog.zone))[:120]
            values["collect_when"] = (when or COLLECT_WHEN)[:120]
        if values:
            conn.execute(progress.update().where(progress.c.case_id == case_id).values(**values))
        self._move(conn, case_id, stage, note or STAGE_WORDS[stage])
        return self.view(conn, case_id)

    def _windows(self, zone_code: str) -> str:
        z = self.catalogue.zone(zone_code) or {}
        if not z:
            return "统一出件窗口 / the results window"
        return (f"{z.get('floor', '')}楼 {z.get('name', '')} {z.get('certificate_windows', '')} "
                f"出件窗口 / floor {z.get('floor', '')}, windows "
                f"{z.get('certificate_windows', '')}").strip()

    def view(self, conn: Connection, case_id: str) -> dict:
        row = self._case(conn, case_id)
        prog = conn.execute(sa.select(progress).where(progress.c.case_id == case_id)).first()
        events = conn.execute(sa.select(case_events).where(case_events.c.case_id == case_id)
                              .order_by(case_events.c.id)).all()
        n_att = conn.execute(sa.select(sa.func.count()).select_from(attachments)
                             .where(attachments.c.case_id == case_id)).scalar_one()
        item = _item(self.catalogue, row.item_code)
        out = {"case_id": row.case_id, "item_code": row.item_code,
               "item_name": prog.item_name if prog else item.get("name", ""),
               "item_name_en": item.get("name_en", ""),
               "status": row.status, "submitted_at": row.submitted_at,
               "attachments": int(n_att), "missing": [], "missing_en": [], "delivery": None,
               "collect": None,
               "events": [{"at": e.at, "status": e.status, "note": e.note} for e in events]}
        if prog is not None:
            out["missing"] = json.loads(prog.missing)
            # the guide's English names of what is missing (the kiosk sent the Chinese ones)
            en = {m.get("name"): m.get("name_en", "") for m in
                  (item.get("guide") or {}).get("materials") or [] if isinstance(m, dict)}
            out["missing_en"] = [en.get(m) or m for m in out["missing"]]
            out["delivery"] = prog.delivery
            if prog.collect_where and row.status == "ready_for_collection":
                out["collect"] = {"where": prog.collect_where, "when": prog.collect_when}
        return out

    def lookup(self, conn: Connection, body: dict) -> dict:
        """A citizen's cases (newest first) by the ID number in the body."""
        id_number = field(body, "id_number", str, max_len=P.ID_NUMBER_MAX)
        ids = [c for (c,) in conn.execute(
            sa.select(cases.c.case_id).where(cases.c.applicant_id_number == id_number)
            .order_by(cases.c.id.desc()).limit(20))]
        return {"cases": [self.view(conn, c) for c in ids]}


def _item(catalogue: Catalogue, code: str) -> dict:
    return next((i for i in catalogue.document["items"] if i["code"] == code), {})
