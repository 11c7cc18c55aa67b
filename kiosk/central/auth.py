"""Kiosk authentication: a signed per-kiosk token, or the client certificate of an mTLS peer.

Token format (one line, ASCII): ``v1.<kiosk id, base64url>.<expiry, unix s>.<HMAC-SHA256,
base64url>``, signed with the central server's secret (``signing.key``, 32 random bytes,
mode 0600). The server derives the kiosk id from the token or from the certificate's
common name; a body that names another kiosk is refused.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from pathlib import Path

from kiosk import keyfiles

TOKEN_VERSION = "v1"


class AuthError(Exception):
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_or_create_secret(path: Path) -> bytes:
    """The server's signing secret (32 random bytes, 0600), created on first use."""
    try:
        return keyfiles.load_or_create_secret(path, 32, "signing key")
    except keyfiles.KeyFileError as exc:
        raise AuthError(str(exc)) from None


def issue_token(secret: bytes, kiosk_id: str, *, valid_days: float = 3650) -> str:
    expiry = int(time.time() + valid_days * 86400)
    head = f"{TOKEN_VERSION}.{_b64(kiosk_id.encode())}.{expiry}"
    sig = hmac.new(secret, head.encode(), hashlib.sha256).digest()
    return f"{head}.{_b64(sig)}"


def verify_token(secret: bytes, token: str, *, now: float | None = None) -> str:
    """The kiosk id the token was issued to; AuthError when it is forged, malformed or expired."""
    parts = token.strip().split(".")
    if len(parts) != 4 or parts[0] != TOKEN_VERSION:
        raise AuthError("malformed kiosk token")
    head = ".".join(parts[:3])
    try:
        sig = _unb64(parts[3])
        kiosk_id = _unb64(parts[1]).decode()
        expiry = int(parts[2])
    except (ValueError, UnicodeDecodeError):
        raise AuthError("malformed kiosk token") from None
    good = hmac.new(secret, head.encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(sig, good):
        raise AuthError("kiosk token signature does not verify")
    if expiry < (time.time() if now is None else now):
        raise AuthError("kiosk token expired")
    return kiosk_id


def write_token_file(path: Path, token: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(token + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def kiosk_id_from_cert(peer_cert: dict | None) -> str | None:
    """The commonName of a verified peer certificate (``ssl.SSLSocket.getpeercert()``)."""
    if not peer_cert:
        return None
    for rdn in peer_cert.get("subject", ()):
        for key, value in rdn:
            if key == "commonName":
                return value
    return None


def provision_token(secret: bytes, kiosk_id: str, path: Path) -> bool:
    """Write ``kiosk_id``'s token to ``path`` unless a token this server signed for that kiosk
    is there already (local demo and lab set-ups: the kiosk reads the file, the server never
    reads the kiosk's configuration). True when a token was written."""
    path = Path(path)
    if path.exists():
        try:
            if verify_token(secret, path.read_text().strip()) == kiosk_id:
                return False
        except (OSError, AuthError):
            pass  # issued by another server (or unreadable): replaced below
    write_token_file(path, issue_token(secret, kiosk_id))
    return True
