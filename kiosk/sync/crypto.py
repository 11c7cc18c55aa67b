"""Personal data at rest in the outbox: AES-256-GCM with a per-kiosk key file.

The key lives in ``<data_dir>/keys/outbox.key`` (mode 0600, created on first use, in a
0700 directory). Each payload is sealed with a fresh 96-bit nonce and the row's id and
idempotency key as associated data, so a ciphertext copied onto another row does not open.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12
VERSION = b"\x01"  # leading byte of every sealed payload: lets the format change later


class KeyFileError(Exception):
    """The key file is missing where it must exist, unreadable, malformed or too open."""


class DecryptError(Exception):
    """A sealed payload does not open with this kiosk's key and this row's identity."""


def load_or_create_key(path: Path) -> bytes:
    """Read the key file, creating it (0600, exclusive create) when it does not exist."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "wb") as f:
            f.write(AESGCM.generate_key(bit_length=KEY_BYTES * 8))
            f.flush()
            os.fsync(f.fileno())
        _fsync_dir(path.parent)
    try:
        st = path.stat()
        key = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot read the outbox key: {exc.strerror or exc}") from None
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(f"{path}: the outbox key is readable by others "
                           f"(mode {stat.S_IMODE(st.st_mode):o}); chmod 600 it")
    if len(key) != KEY_BYTES:
        raise KeyFileError(f"{path}: expected a {KEY_BYTES}-byte key, found {len(key)} bytes")
    return key


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
