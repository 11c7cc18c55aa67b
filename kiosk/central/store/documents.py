"""Certificates printed on the spot (自助打印): one record per generated document, and how
many times it was printed (and failed to print).

The person is kept as a keyed hash of the ID number (as appointments) and a masked name;
the PDF itself is not stored (the kiosk holds it for the one reprint). Counts move by atomic
``UPDATE … SET prints = prints + 1``; a print report arrives once per idempotency key.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk import protocol
from kiosk.central.db import metadata
from kiosk.central.fields import ApiError, now_iso
from kiosk.protocol import Err

documents = sa.Table(
    "printed_documents", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.String(protocol.UUID_MAX), nullable=False, unique=True),
    sa.Column("code", sa.String(protocol.CERTIFICATE_CODE_MAX), nullable=False, unique=True),
    sa.Column("kind", sa.String(24), nullable=False),
    sa.Column("period", sa.String(protocol.DOCUMENT_PERIOD_MAX), nullable=False),
    sa.Column("id_hash", sa.String(64), nullable=False),
    sa.Column("holder", sa.String(80), nullable=False),  # masked
    sa.Column("kiosk_id", sa.String(protocol.KIOSK_ID_MAX), nullable=False),
    sa.Column("pages", sa.Integer, nullable=False),
    sa.Column("created_at", sa.String(protocol.TIMESTAMP_MAX), nullable=False),
    sa.Column("prints", sa.Integer, nullable=False, default=0),
    sa.Column("failed_prints", sa.Integer, nullable=False, default=0),
    sa.Column("last_printed_at", sa.String(protocol.TIMESTAMP_MAX), nullable=False,
              default=""),
)


class Documents:
    def create(self, conn: Connection, **values) -> None:
        conn.execute(documents.insert().values(prints=0, failed_prints=0, last_printed_at="",
                                               created_at=now_iso(), **values))

    def record_print(self, conn: Connection, document_id: str, outcome: str,
                     at: str) -> dict:
        column = documents.c.prints if outcome == "printed" else documents.c.failed_prints
        values = {column.name: column + 1}
        if outcome == "printed":
            values["last_printed_at"] = at
        done = conn.execute(documents.update().where(documents.c.document_id == document_id)
                            .values(**values))
        if done.rowcount != 1:
            raise ApiError(404, Err.UNKNOWN_DOCUMENT, f"no document {document_id}")
        return self.view(conn, document_id)

    def view(self, conn: Connection, document_id: str) -> dict:
        row = conn.execute(sa.select(documents).where(
            documents.c.document_id == document_id)).first()
        if row is None:
            raise ApiError(404, Err.UNKNOWN_DOCUMENT, f"no document {document_id}")
        return {k: getattr(row, k) for k in (
            "document_id", "code", "kind", "period", "holder", "kiosk_id", "pages",
            "created_at", "prints", "failed_prints", "last_printed_at")}

    def summary(self, conn: Connection) -> list[dict]:
        """Per kind: documents generated, prints, failed prints."""
        c = documents.c
        rows = conn.execute(sa.select(c.kind, sa.func.count(), sa.func.sum(c.prints),
                                      sa.func.sum(c.failed_prints)).group_by(c.kind)
                            .order_by(c.kind)).all()
        return [{"kind": k, "documents": n, "prints": int(p or 0), "failed_prints": int(f or 0)}
                for k, n, p, f in rows]


__all__ = ["Documents", "documents"]
