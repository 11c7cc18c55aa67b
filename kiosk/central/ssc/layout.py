"""The card's records as the card-management system writes them, and the script that does.

The same layout as the kiosk's reader reads (drivers/ssc/card.py; the server shares no code
with the device layer, tests/test_ssc_demo_data.py holds the two alike): EF05 items by SFI 5,
EF06 items after SELECT EF06; ``cn`` items BCD padded with F, ``an`` items GBK padded with 00.

A script for one blank card, bound to its identification code and the challenge it gave::

    00 82 00 01 08 <cryptogram>              EXTERNAL AUTHENTICATE
    CLA DC 05 2C 06 05 04 <issue date>       UPDATE RECORD … (EF05: issue, expiry, number)
    00 A4 02 00 02 EF 06                     SELECT EF06
    CLA DC 08 04 14 08 12 <SSN> …            UPDATE RECORD … (EF06: SSN, name …, birth date)

CLA is 00 on a second-generation card; on a third-generation card 04 with a 4-byte MAC after
the record (secure messaging, :mod:`.keys`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.central.ssc import keys

EF05, EF06 = 0xEF05, 0xEF06
SFI_EF05_P2 = 5 << 3 | 0x04  # record number in P1, EF by SFI 5
CURRENT_EF_P2 = 0x04  # record number in P1, the current EF


@dataclass(frozen=True)
class Item:
    tag: int
    ef: int
    key: str
    fmt: str  # "an" or "cn"
    chars: int

    @property
    def size(self) -> int:
        return self.chars if self.fmt == "an" else (self.chars + 1) // 2


#: the items a personalisation writes (01-04 are set when the card is initialised)
PERSONAL_ITEMS = (
    Item(0x05, EF05, "issue_date", "cn", 8),
    Item(0x06, EF05, "expiry_date", "cn", 8),
    Item(0x07, EF05, "card_number", "an", 9),
    Item(0x08, EF06, "id_number", "an", 18),
    Item(0x09, EF06, "name", "an", 30),
    Item(0x4E, EF06, "name_ext", "an", 20),
    Item(0x0A, EF06, "gender", "an", 1),
    Item(0x0B, EF06, "nation", "cn", 2),
    Item(0x0C, EF06, "birthplace", "cn", 6),
    Item(0x0D, EF06, "birth_date", "cn", 8),
)


def encode_value(item: Item, value: str | date) -> bytes:
    if isinstance(value, date):
        value = f"{value:%Y%m%d}"
    if item.fmt == "cn":
        if not value.isdigit() or len(value) > item.chars:
            raise ValueError(f"{item.key}: not cn{item.chars}")
        return bytes.fromhex(value + "F" * (item.size * 2 - len(value)))
    raw = value.encode("gbk")
    if len(raw) > item.chars:
        raise ValueError(f"{item.key}: {len(raw)} bytes do not fit an{item.chars}")
    return raw + b"\x00" * (item.chars - len(raw))


def split_name(name: str) -> tuple[str, str]:
    """The name (an30) and its extension (an20): long names go on in tag 4E."""
    raw = name.encode("gbk")
    if len(raw) <= 30:
        return name, ""
    head, chars = "", 0
    for ch in name:
        width = len(ch.encode("gbk"))
        if chars + width > 30:
            break
        head, chars = head + ch, chars + width
    return head, name[len(head):]


@dataclass(frozen=True)
class Step:
    apdu: bytes
    label: str
    expect: tuple[str, ...] = ("9000",)

    def to_json(self) -> dict:
        return {"apdu": self.apdu.hex().upper(), "expect": list(self.expect),
                "label": self.label}


def _short(cla: int, ins: int, p1: int, p2: int, data: bytes) -> bytes:
    if len(data) > 255:
        raise ValueError("a short APDU carries at most 255 bytes")
    return bytes((cla, ins, p1, p2, len(data))) + data


def personalisation(card_id_code: str, generation: int, challenge: bytes,
                    values: dict) -> list[Step]:
    """The script writing ``values`` (item key → str or date) to the card ``card_id_code``
    whose last challenge was ``challenge``."""
    steps = [Step(_short(0x00, 0x82, 0x00, keys.KEY_ID,
                         keys.cryptogram(card_id_code, challenge)), "authenticate")]
    session = keys.session_key(card_id_code, challenge)
    counter = 0
    selected_ef06 = False
    for item in PERSONAL_ITEMS:
        value = values.get(item.key)
        if value in (None, "") and item.key == "name_ext":
            continue  # short names have no extension record
        if item.ef == EF06 and not selected_ef06:
            steps.append(Step(_short(0x00, 0xA4, 0x02, 0x00, b"\xef\x06"), "select EF06"))
            selected_ef06 = True
        record = bytes((item.tag, item.size)) + encode_value(item, value or "")
        p2 = SFI_EF05_P2 if item.ef == EF05 else CURRENT_EF_P2
        if generation >= 3:
            counter += 1
            header = bytes((0x04, 0xDC, item.tag, p2))
            data = record + keys.command_mac(session, counter, header, record)
            steps.append(Step(_short(0x04, 0xDC, item.tag, p2, data), f"write {item.tag:02X}"))
        else:
            steps.append(Step(_short(0x00, 0xDC, item.tag, p2, record), f"write {item.tag:02X}"))
    return steps


def read_authentication(card_id_code: str, challenge: bytes) -> list[Step]:
    """EXTERNAL AUTHENTICATE only: lets a third-generation card's holder data be read."""
    return [Step(_short(0x00, 0x82, 0x00, keys.KEY_ID, keys.cryptogram(card_id_code, challenge)),
                 "authenticate")]


__all__ = ["PERSONAL_ITEMS", "Item", "Step", "encode_value", "personalisation",
           "read_authentication", "split_name"]
