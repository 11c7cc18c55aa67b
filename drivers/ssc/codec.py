"""Byte formats of the social-security card's records: TLV, BCD (``cn``) and ``an`` items.

A record is read by its tag and comes back as ``TAG LEN VALUE``. Items come in two formats
(the card specification's notation, with the number of characters):

- ``cn N``: compressed numeric, two digits a byte (BCD), left-aligned and padded with ``F``
  nibbles — ``cn8`` date 2016-03-01 is ``20 16 03 01``; a ``cn6`` region ``110101`` is
  ``11 01 01``; ``cn3`` ``123`` would be ``12 3F``;
- ``an N``: alphanumeric, one character a byte (GBK for Chinese text, two bytes a character),
  left-aligned and padded with ``00``.

Decoding is strict about what cannot be a valid item (a non-digit nibble before the padding,
a digit after it, a GBK error) and says so in one line, without the item's value: the value
is personal data.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from drivers.core.errors import ProtocolError


class CardDataError(ProtocolError):
    """A record's bytes do not form the item the card specification describes."""

    code = "card_data"
    message_zh = "卡片数据格式错误"


# ----------------------------------------------------------------------------- TLV
@dataclass(frozen=True)
class Tlv:
    tag: int
    value: bytes


def encode_tlv(tag: int, value: bytes) -> bytes:
    """One record: TAG LEN VALUE (one-byte tag and length: the card's records are short)."""
    if not 0 <= tag <= 0xFF:
        raise ValueError(f"tag {tag:#x} is not one byte")
    if len(value) > 0xFF:
        raise ValueError(f"a record value of {len(value)} bytes does not fit a one-byte length")
    return bytes((tag, len(value))) + bytes(value)


def decode_tlv(data: bytes, expect_tag: int | None = None) -> Tlv:
    """``TAG LEN VALUE`` → Tlv. Trailing bytes after the value are padding and ignored (a card
    may answer the full Le); a length past the data, or another tag than asked, is an error."""
    if len(data) < 2:
        raise CardDataError(f"record of {len(data)} byte(s) has no tag and length")
    tag, length = data[0], data[1]
    if expect_tag is not None and tag != expect_tag:
        raise CardDataError(f"asked for record {expect_tag:02X}, the card answered tag {tag:02X}")
    if 2 + length > len(data):
        raise CardDataError(f"record {tag:02X} says {length} bytes, only {len(data) - 2} came")
    return Tlv(tag, bytes(data[2:2 + length]))


# ----------------------------------------------------------------------------- cn (BCD)
def encode_cn(digits: str, chars: int) -> bytes:
    """``digits`` as ``cn chars``: BCD, left-aligned, padded with F nibbles."""
    if not digits.isdigit() or not digits.isascii():
        raise ValueError("a cn item holds digits only")
    if len(digits) > chars:
        raise ValueError(f"{len(digits)} digits do not fit cn{chars}")
    nibbles = digits + "F" * (chars - len(digits) + (chars % 2))
    return bytes.fromhex(nibbles)


def decode_cn(data: bytes, what: str = "item") -> str:
    """BCD digits up to the first F padding nibble ("" for an all-F item: not written)."""
    text = data.hex().upper()
    end = text.find("F")
    digits, padding = (text, "") if end < 0 else (text[:end], text[end:])
    if not digits.isdigit() and digits:
        raise CardDataError(f"{what}: a cn item holds a nibble that is not a digit")
    if padding.strip("F"):
        raise CardDataError(f"{what}: a cn item has digits after its F padding")
    return digits


def encode_cn_date(d: date) -> bytes:
    return encode_cn(f"{d:%Y%m%d}", 8)


def decode_cn_date(data: bytes, what: str = "date") -> date | None:
    """``cn8`` YYYYMMDD → date; None when not written (all F) — a blank card's dates."""
    digits = decode_cn(data, what)
    if not digits:
        return None
    if len(digits) != 8:
        raise CardDataError(f"{what}: {len(digits)} digits, a date has 8 (YYYYMMDD)")
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise CardDataError(f"{what}: not a calendar date") from None


# ----------------------------------------------------------------------------- an
def encode_an(text: str, chars: int) -> bytes:
    """``text`` as ``an chars``: GBK (a Chinese character takes two), padded with 00."""
    try:
        raw = text.encode("gbk")
    except UnicodeEncodeError:
        raise ValueError("an items are GBK text") from None
    if len(raw) > chars:
        raise ValueError(f"{len(raw)} bytes do not fit an{chars}")
    return raw + b"\x00" * (chars - len(raw))


def decode_an(data: bytes, what: str = "item") -> str:
    """GBK text up to the 00 padding ("" when not written). Some cards pad with spaces or
    FF instead of 00: those are stripped too."""
    raw = bytes(data).split(b"\x00", 1)[0].rstrip(b"\xff").rstrip(b" ")
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        raise CardDataError(f"{what}: an item is not valid GBK text") from None


__all__ = ["CardDataError", "Tlv", "decode_an", "decode_cn", "decode_cn_date", "decode_tlv",
           "encode_an", "encode_cn", "encode_cn_date", "encode_tlv"]
