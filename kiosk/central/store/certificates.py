"""E-certificates (电子证照): is a code genuine, and what certificate is it.

The reference server knows the demo certificates (``demo_certificates.toml``, fictitious);
a code it does not know was never issued (404 ``unknown_certificate``). A known one is
reported with its status: ``valid``, ``revoked`` by its issuer, or ``expired`` once past
``valid_to``. The holder's name is stored masked (the summary a kiosk shows to whoever holds
up the code, not a register of persons).
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk import protocol
from kiosk.central.db import metadata
from kiosk.central.fields import ApiError, today
from kiosk.protocol import Err

certificates = sa.Table(
    "certificates", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(protocol.CERTIFICATE_CODE_MAX), nullable=False, unique=True),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("name_en", sa.String(120), nullable=False, default=""),
    sa.Column("holder", sa.String(80), nullable=False),  # masked
    sa.Column("issuer", sa.String(120), nullable=False),
    sa.Column("issuer_en", sa.String(160), nullable=False, default=""),
    sa.Column("issued", sa.String(10), nullable=False),
    sa.Column("valid_to", sa.String(10), nullable=False, default=""),  # "" = no end
    sa.Column("status", sa.String(12), nullable=False),  # valid | revoked
    sa.Column("demo", sa.Boolean, nullable=False, default=False),
)

DEMO_CERTIFICATES = Path(__file__).resolve().parents[1] / "demo_certificates.toml"
_FIELDS = ("code", "name", "name_en", "holder", "issuer", "issuer_en", "issued", "valid_to",
           "status")


def load_demo_certificates(path: Path = DEMO_CERTIFICATES) -> list[dict]:
    return tomllib.loads(Path(path).read_text(encoding="utf-8")).get("certificates", [])


class Certificates:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def seed_demo(self, entries: list[dict] | None = None) -> int:
        """Add the demo certificates that are missing (concurrent callers: one wins)."""
        added = 0
        with self.engine.begin() as conn:
            for e in entries if entries is not None else load_demo_certificates():
                if conn.execute(sa.select(certificates.c.id).where(
                        certificates.c.code == e["code"])).first() is not None:
                    continue
                try:
                    with conn.begin_nested():
                        conn.execute(certificates.insert().values(
                            **{k: str(e.get(k, "")) for k in _FIELDS}, demo=True))
                    added += 1
                except sa.exc.IntegrityError:
                    pass
        return added

    def verify(self, conn: Connection, code: str) -> dict:
        """The certificate's summary with ``genuine`` true, or a 404 for a code never issued."""
        if not code or len(code) > protocol.CERTIFICATE_CODE_MAX:
            raise ApiError(400, Err.INVALID, f"a certificate code has 1 to "
                                             f"{protocol.CERTIFICATE_CODE_MAX} characters")
        row = conn.execute(sa.select(certificates).where(certificates.c.code == code)).first()
        if row is None:
            raise ApiError(404, Err.UNKNOWN_CERTIFICATE, f"no certificate {code} was issued")
        status = row.status
        if status == "valid" and row.valid_to and row.valid_to < today():
            status = "expired"
        return {"code": row.code, "genuine": True, "status": status, "name": row.name,
                "name_en": row.name_en, "holder": row.holder, "issuer": row.issuer,
                "issuer_en": row.issuer_en, "issued": row.issued,
                "valid_to": row.valid_to or None}
