"""The issuer's keys as the card-management system holds them — here a fictitious test key.

A real system keeps the issuer master key in a hardware security module (or signs with a
PSAM); the kiosk never sees it. The scheme (HMAC-SHA-256 standing in for SM4/3DES) and the key
bytes are the virtual card's (drivers/ssc/secure.py): the server keeps its own copy, as it
shares no code with the device layer; tests/test_ssc_demo_data.py checks the two agree.
"""
from __future__ import annotations

import hashlib
import hmac

ISSUER_TEST_KEY = b"fictitious-ssc-issuer-test-key-v1"
KEY_ID = 0x01


def _mac(key: bytes, data: bytes, size: int) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()[:size]


def card_key(card_id_code: str) -> bytes:
    return _mac(ISSUER_TEST_KEY, card_id_code.encode("ascii"), 16)


def cryptogram(card_id_code: str, challenge: bytes) -> bytes:
    """EXTERNAL AUTHENTICATE's answer to the card's challenge."""
    return _mac(card_key(card_id_code), b"EA" + challenge, 8)


def session_key(card_id_code: str, challenge: bytes) -> bytes:
    return _mac(card_key(card_id_code), b"SK" + challenge, 16)


def command_mac(session: bytes, counter: int, header: bytes, record: bytes) -> bytes:
    """Secure messaging: the MAC of the ``counter``-th MACed command since authentication."""
    return _mac(session, counter.to_bytes(2, "big") + header + record, 4)
