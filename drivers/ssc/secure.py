"""The virtual card's side of the fictitious secure scheme (a stand-in for SM4 / 3DES).

Real cards keep issuer-derived keys and check cryptograms and MACs made by the card
management system's hardware security module or PSAM; the kiosk only relays. The simulation
keeps that shape with HMAC-SHA-256 in place of the block cipher:

- card key      = HMAC(ISSUER_TEST_KEY, card identification code)[:16]
- EXTERNAL AUTHENTICATE (``00 82 00 01 08 cryptogram``): cryptogram = HMAC(card key,
  "EA" ‖ challenge)[:8], for the challenge the card gave last;
- session key   = HMAC(card key, "SK" ‖ challenge)[:16];
- third-generation writes carry secure messaging: CLA 04, data = record ‖ MAC, MAC =
  HMAC(session key, counter(2) ‖ CLA INS P1 P2 ‖ record)[:4], the counter counting MACed
  commands from 1 since the authentication.

The key is fictitious and public — it is a test vector, not a secret. The reference central
server holds the same bytes (kiosk/central/ssc/keys.py); nothing on the kiosk does.
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
    return _mac(card_key(card_id_code), b"EA" + challenge, 8)


def session_key(card_id_code: str, challenge: bytes) -> bytes:
    return _mac(card_key(card_id_code), b"SK" + challenge, 16)


def command_mac(session: bytes, counter: int, header: bytes, record: bytes) -> bytes:
    return _mac(session, counter.to_bytes(2, "big") + header + record, 4)


def same(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)


__all__ = ["ISSUER_TEST_KEY", "KEY_ID", "card_key", "command_mac", "cryptogram", "same",
           "session_key"]
