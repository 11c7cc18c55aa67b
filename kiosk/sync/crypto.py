"""Personal data at rest in the outbox: AES-256-GCM with a per-kiosk key file.

The key lives in ``<data_dir>/keys/outbox.key`` (mode 0600, in a 0700 directory), with a copy
in the backup directory (``[kiosk] key_backup_dir``). It is made only while no record sealed
with an earlier key exists (``Outbox.open`` checks; the database keeps the key's fingerprint,
:func:`key_id`, so that a wrong or new key is found at open, not at the next delivery). Each
payload is sealed with a fresh 96-bit nonce and the row's id and
idempotency key as associated data, so a ciphertext copied onto another row does not open.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.keyfiles import (KeyFileError, KeyFileMissing, create_secret, load_or_create_secret,
                            load_secret)

__all__ = ["DecryptError", "KeyFileError", "KeyFileMissing", "PayloadCipher", "create_key",
           "key_id", "load_key", "load_or_create_key"]

KEY_BYTES = 32
NONCE_BYTES = 12
VERSION = b"\x01"  # leading byte of every sealed payload: lets the format change later


class DecryptError(Exception):
    """A sealed payload does not open with this kiosk's key and this row's identity."""


def load_or_create_key(path: Path) -> bytes:
    """Read the key file, creating it (0600, exclusive create) when it does not exist."""
    return load_or_create_secret(path, KEY_BYTES, "outbox key")


def load_key(path: Path) -> bytes:
    """Read the key file; KeyFileMissing when there is none (never creates one)."""
    return load_secret(path, KEY_BYTES, "outbox key")


def create_key(path: Path, key: bytes | None = None) -> bytes:
    """Create the key file (``key``, or a fresh one) unless it exists; the key in the file."""
    create_secret(path, KEY_BYTES, "outbox key", key)
    return load_key(path)


def key_id(key: bytes) -> str:
    """A fingerprint of the key (16 hex digits) that says nothing about the key itself."""
    return hmac.new(key, b"kiosk outbox key id", hashlib.sha256).hexdigest()[:16]


def associated_data(row_id: int, idempotency_key: str) -> bytes:
    return f"outbox:{row_id}:{idempotency_key}".encode()


class PayloadCipher:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    @classmethod
    def from_key_file(cls, path: Path) -> PayloadCipher:
        return cls(load_or_create_key(path))

    def seal(self, plaintext: bytes, row_id: int, idempotency_key: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return VERSION + nonce + self._aead.encrypt(
            nonce, plaintext, associated_data(row_id, idempotency_key))

    def open(self, sealed: bytes, row_id: int, idempotency_key: str) -> bytes:
        if not sealed or sealed[:1] != VERSION or len(sealed) < 1 + NONCE_BYTES + 16:
            raise DecryptError(f"outbox row {row_id}: not a sealed payload")
        nonce, body = sealed[1:1 + NONCE_BYTES], sealed[1 + NONCE_BYTES:]
        try:
            return self._aead.decrypt(nonce, body, associated_data(row_id, idempotency_key))
        except InvalidTag:
            raise DecryptError(f"outbox row {row_id}: payload does not open with this kiosk's "
                               "key (wrong key file or tampered row)") from None
