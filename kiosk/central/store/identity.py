"""Storage of the reference identity service and the police documents it issues.

What is stored, and what never is: the *mode* of the face comparison (``auto``, or forced
``match``/``no_match`` for tests and demonstrations, set by ``kiosk central identity force``
on the running server's database), and one row per issued document — its verification
code, kind, the holder's *masked* name, a keyed hash of the ID number, when it was issued and
the SHA-256 of the PDF, so a code can be checked later. No picture, template, score or ID
number in clear is ever written: the identity checks themselves are answered and forgotten.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.central.db import metadata
from kiosk.central.fields import now_iso

MODES = ("auto", "match", "no_match")

identity_mode = sa.Table(
    "identity_mode", metadata,
    sa.Column("id", sa.Integer, primary_key=True),  # always 1: one setting per server
    sa.Column("mode", sa.String(10), nullable=False),
    sa.Column("changed_at", sa.String(32), nullable=False),
)

police_documents = sa.Table(
    "police_documents", metadata,
    sa.Column("code", sa.String(20), primary_key=True),  # verification code
    sa.Column("request_key", sa.String(200), nullable=False, unique=True),
    sa.Column("kiosk_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("holder", sa.String(80), nullable=False),  # masked
    sa.Column("id_hash", sa.String(64), nullable=False),  # HMAC of the ID number
    sa.Column("pickup_code", sa.String(12), nullable=False),
    sa.Column("pdf_sha256", sa.String(64), nullable=False),
    sa.Column("issued_at", sa.String(32), nullable=False),
)

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out at a window


class IdentityStore:
    def __init__(self, engine: Engine, id_key: bytes) -> None:
        self.engine = engine
        self.id_key = id_key
        # (the tables may be newer than a database created before this module was imported)
        metadata.create_all(engine, tables=[identity_mode, police_documents])

    # ------------------------------------------------------------------ the mode
    def mode(self, conn: Connection) -> str:
        row = conn.execute(sa.select(identity_mode.c.mode).where(identity_mode.c.id == 1)).first()
        return row.mode if row else "auto"

    def set_mode(self, conn: Connection, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        done = conn.execute(identity_mode.update().where(identity_mode.c.id == 1).values(
            mode=mode, changed_at=now_iso()))
        if done.rowcount == 0:
            conn.execute(identity_mode.insert().values(id=1, mode=mode, changed_at=now_iso()))

    # ------------------------------------------------------------------ documents
    def id_hash(self, id_number: str) -> str:
        return hmac.new(self.id_key, id_number.encode(), hashlib.sha256).hexdigest()

    def document_by_key(self, conn: Connection, request_key: str) -> dict | None:
        row = conn.execute(sa.select(police_documents).where(
            police_documents.c.request_key == request_key)).mappings().first()
        return dict(row) if row else None

    def add_document(self, conn: Connection, *, request_key: str, kiosk_id: str, kind: str,
                     holder: str, id_number: str, pdf_sha256: str, code: str,
                     pickup_code: str, issued_at: str) -> dict:
        row = dict(code=code, request_key=request_key, kiosk_id=kiosk_id, kind=kind,
                   holder=holder, id_hash=self.id_hash(id_number), pickup_code=pickup_code,
                   pdf_sha256=pdf_sha256, issued_at=issued_at)
        conn.execute(police_documents.insert().values(**row))
        return row

    def verify(self, conn: Connection, code: str) -> dict | None:
        row = conn.execute(sa.select(police_documents).where(
            police_documents.c.code == code.strip().upper())).mappings().first()
        if row is None:
            return None
        return {k: row[k] for k in ("code", "kind", "holder", "issued_at", "pdf_sha256")}

    @staticmethod
    def new_code() -> str:
        """A verification code: ``GA`` and 12 characters (60 bits), grouped by four."""
        body = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        return f"GA{body}"

    @staticmethod
    def new_pickup_code() -> str:
        return f"{secrets.randbelow(10**6):06d}"
