"""Personal data at rest in the server's database: sealed columns and keyed hashes.

A column that holds a name, an ID number, a mobile number, a form or a file is declared with
:class:`Sealed`: each value is written as a *token* ``b"v1" + nonce(12) + AES-256-GCM
ciphertext and tag``, with the column's label (``"cases.form"``) as associated data, so a
token copied into another column (or a tampered one) does not open. A column that lookups
search by (an ID number, a case's applicant) is declared with :class:`KeyedHash`: it keeps
only HMAC-SHA256 of the normalised value (a plain hash of an ID number — region, birth date,
3 digits — is no secret, a keyed one is), and a comparison ``column == value`` hashes
``value`` the same way, so the stores query as they did.

The key: the server secret → :func:`derive_data_key` (HKDF-SHA256, purpose label) →
:class:`Sealer` (two more HKDF labels: the AES key and the HMAC key, so neither doubles as
the other). :func:`bind` ties a Sealer to an engine (``CentralStore.data_key`` does it);
the column types find it through the dialect the statement runs on. A token this key cannot
open raises :class:`SealedError` (one line, naming the column, never the value).

(The kiosk's outbox seals its payloads the same way in ``kiosk/sync/crypto.py``; the server
keeps its own code because it is a separate application.)
"""
from __future__ import annotations

import hashlib
import hmac
import os
import weakref

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.engine import Engine

__all__ = ["Digest", "KeyedHash", "NoDataKey", "Sealed", "SealedError", "Sealer", "bind",
           "derive_data_key", "seal_existing", "sealed_error", "sealer_of"]

VERSION = b"v1"  # leading bytes of every token: lets the format (or the key) change later
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32
DATA_KEY_LABEL = b"kiosk-central/data-at-rest/v1"
_AES_LABEL = b"kiosk-central/sealed-columns/aes-256-gcm"
_HMAC_LABEL = b"kiosk-central/lookup-hashes/hmac-sha256"


class SealedError(Exception):
    """A sealed value that does not open (wrong key, tampered, or moved between columns)."""

    def __init__(self, column: str, why: str) -> None:
        super().__init__(f"sealed column {column}: {why}")
        self.column = column


class NoDataKey(SealedError):
    """A sealed column was used on an engine no data key was bound to."""


def _hkdf(key: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=label).derive(key)


def derive_data_key(secret: bytes) -> bytes:
    """The data key, derived from the server secret: the token-signing key itself never
    doubles as an encryption key."""
    return _hkdf(secret, DATA_KEY_LABEL)


#: how a value is normalised before it is hashed, per purpose (the same person typed with a
#: lower-case x or a trailing space is the same person)
_NORMALISE = {
    "id_number": lambda v: v.strip().upper(),
    "mobile": lambda v: v.strip(),
}


class Sealer:
    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != KEY_BYTES:
            raise ValueError(f"a data key has {KEY_BYTES} bytes, not {len(data_key)}")
        self._aead = AESGCM(_hkdf(data_key, _AES_LABEL))
        self._mac_key = _hkdf(data_key, _HMAC_LABEL)

    def seal(self, value: bytes, column: str, *, nonce: bytes | None = None) -> bytes:
        """``value`` as a token that opens only in ``column`` (``nonce``: tests only)."""
        nonce = os.urandom(NONCE_BYTES) if nonce is None else nonce
        return VERSION + nonce + self._aead.encrypt(nonce, value, column.encode())

    def open(self, token: bytes, column: str) -> bytes:
        if not isinstance(token, (bytes, bytearray, memoryview)):  # text: written in clear
            raise SealedError(column, "not a sealed value (written in clear)")
        token = bytes(token)
        if token[:len(VERSION)] != VERSION or len(token) < len(VERSION) + NONCE_BYTES + TAG_BYTES:
            raise SealedError(column, "not a sealed value (written in clear, or truncated)")
        nonce = token[len(VERSION):len(VERSION) + NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, token[len(VERSION) + NONCE_BYTES:], column.encode())
        except InvalidTag:
            raise SealedError(column, "does not open with this server's key (another secret, "
                                      "a tampered value, or one moved from another column)"
                              ) from None

    def keyed_hash(self, value: str, purpose: str = "id_number") -> Digest:
        """HMAC-SHA256 (hex) of the normalised ``value``; ``purpose`` separates kinds of
        value (an ID number and a mobile never hash alike)."""
        text = _NORMALISE.get(purpose, str)(value)
        return Digest(hmac.new(self._mac_key, f"{purpose}\x00{text}".encode(),
                               hashlib.sha256).hexdigest())


class Digest(str):
    """A keyed hash as read from a :class:`KeyedHash` column: written back (or compared)
    as it is, never hashed a second time."""


# ---------------------------------------------------------------------------- the engines
_SEALERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def bind(engine: Engine, data_key: bytes | None) -> None:
    """Seal and open the columns of statements run on ``engine`` with ``data_key``."""
    if data_key is None:
        _SEALERS.pop(engine.dialect, None)
    else:
        _SEALERS[engine.dialect] = Sealer(data_key)


def sealer_of(engine_or_dialect, column: str = "?") -> Sealer:
    dialect = getattr(engine_or_dialect, "dialect", engine_or_dialect)
    sealer = _SEALERS.get(dialect)
    if sealer is None:
        raise NoDataKey(column, "no data key is bound to this database (CentralApp sets it "
                                "from the server secret)")
    return sealer


# ---------------------------------------------------------------------------- column types
class Sealed(sa.types.TypeDecorator):
    """A column whose values are stored as tokens (``LargeBinary``); ``str`` values by
    default, ``binary=True`` for bytes (files)."""

    impl = sa.LargeBinary
    cache_ok = True

    def __init__(self, column: str, *, binary: bool = False, copy_of: str = "") -> None:
        super().__init__()
        self.column = column
        self.binary = binary
        #: the column (a KeyedHash one) whose clear value this one keeps (for seal_existing)
        self.copy_of = copy_of

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        data = bytes(value) if self.binary else str(value).encode("utf-8")
        return sealer_of(dialect, self.column).seal(data, self.column)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        data = sealer_of(dialect, self.column).open(value, self.column)
        return data if self.binary else data.decode("utf-8")


class KeyedHash(sa.types.TypeDecorator):
    """A column that keeps only the keyed hash of its value (64 hex digits); compare it with
    the value in clear (it is hashed) or with a :class:`Digest` read from such a column. An
    empty value is stored as NULL (no lookup finds everyone who gave none)."""

    impl = sa.String(64)
    cache_ok = True

    def __init__(self, purpose: str = "id_number") -> None:
        super().__init__()
        self.purpose = purpose

    def process_bind_param(self, value, dialect):
        if value is None or isinstance(value, Digest):
            return None if value is None else str(value)
        if not _NORMALISE.get(self.purpose, str)(str(value)):
            return None
        return str(sealer_of(dialect, self.purpose).keyed_hash(str(value), self.purpose))

    def process_result_value(self, value, dialect):
        return None if value is None else Digest(value)


def sealed_error(exc: BaseException) -> SealedError | None:
    """The :class:`SealedError` behind ``exc`` (SQLAlchemy wraps one raised while binding a
    statement's values), or None: the API answers it in one logged line."""
    if isinstance(exc, SealedError):
        return exc
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, SealedError) else None


# ---------------------------------------------------------------------------- older databases
_DIGEST_CHARS = frozenset("0123456789abcdef")


def _is_digest(value) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _DIGEST_CHARS


def seal_existing(conn, metadata: sa.MetaData, data_key: bytes) -> int:
    """Seal the values a database made before sealing holds in clear (after the migration
    that changed the column types): every :class:`Sealed` column's clear value is sealed,
    every :class:`KeyedHash` column's clear value hashed, and a ``copy_of`` column filled
    from its clear source first. Values already sealed are left; one that looks sealed but
    does not open (another key) stops it with :class:`SealedError` before anything is
    written twice. Returns how many rows changed."""
    sealer = Sealer(data_key)
    raw_type = sa.types.NullType()
    changed = 0
    for table in metadata.sorted_tables:
        sealed = [c for c in table.c if isinstance(c.type, Sealed)]
        hashed = [c for c in table.c if isinstance(c.type, KeyedHash)]
        if not sealed and not hashed:
            continue
        keys = list(table.primary_key.columns)
        wanted = {c.name: c for c in [*keys, *sealed, *hashed]}
        query = sa.select(*[sa.type_coerce(c, raw_type).label(n) for n, c in wanted.items()])
        for row in conn.execute(query).mappings().all():
            values: dict = {}
            for c in sealed:
                value = row[c.name]
                if value is None and c.type.copy_of and not _is_digest(row[c.type.copy_of]):
                    value = row[c.type.copy_of]
                if value is None:
                    continue
                if isinstance(value, (bytes, bytearray, memoryview)) and \
                        bytes(value)[:len(VERSION)] == VERSION:
                    try:  # sealed already (under this key: anything else stops here)
                        sealer.open(value, c.type.column)
                        continue
                    except SealedError:
                        if len(bytes(value)) >= len(VERSION) + NONCE_BYTES + TAG_BYTES:
                            raise
                data = bytes(value) if isinstance(value, (bytes, bytearray, memoryview)) \
                    else str(value).encode("utf-8")
                values[c.name] = sealer.seal(data, c.type.column)
            for c in hashed:
                value = row[c.name]
                if value is not None and not _is_digest(value):
                    text = value.decode() if isinstance(value, bytes) else str(value)
                    values[c.name] = str(sealer.keyed_hash(text, c.type.purpose)) \
                        if _NORMALISE.get(c.type.purpose, str)(text) else None
            if values:
                match = sa.and_(*[sa.type_coerce(k, raw_type) == sa.bindparam(
                    f"k_{k.name}", row[k.name], type_=raw_type) for k in keys])
                # (typed as the stored form: the column's own type would seal them again)
                conn.execute(table.update().where(match).values(
                    {table.c[n]: sa.bindparam(f"v_{n}", v, type_=table.c[n].type.impl_instance)
                     for n, v in values.items()}))
                changed += 1
    return changed
