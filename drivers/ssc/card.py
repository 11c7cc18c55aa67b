"""The social-security card's basic data: which items, where, in which format — and the card.

Items under the SSSE application (``../shared/hardware/ssc-card.md``): EF05 issuer data
(发卡机构数据) and EF06 holder data (持卡人基本信息), one record per item, read by tag.
Formats and lengths: the lengths are the ``Le`` of the READ RECORD commands seen in public
code (card number ``0B``: tag, length and 9 bytes; SSN ``14``; name ``20``; gender and nation
``03``; birthplace ``05``; birth date ``06``); where public code gives no Le (EF05 tags 01–06,
EF06 tag 4E) the lengths are this project's assumption, in the card specification's style:

====  ====  ============================  ======  =====================================
tag   file  item                          format  notes
====  ====  ============================  ======  =====================================
01    EF05  card identification code      an32    set when the card is initialised: a
                                                  blank card has it
02    EF05  card category                 an1     "1" social-security card
03    EF05  specification version         an4     "2.00" second, "3.00" third generation
04    EF05  initialising organisation     cn16    issuer code (the ``issuer`` key)
05    EF05  issue date                    cn8     YYYYMMDD
06    EF05  expiry date                   cn8     YYYYMMDD
07    EF05  card number (社保卡号)          an9
08    EF06  social security number        an18    = the citizen ID number
09    EF06  name                          an30    GBK
4E    EF06  name extension                an20    GBK, long names go on here
0A    EF06  gender                        an1     "1" male, "2" female (GB/T 2261.1)
0B    EF06  nation                        cn2     "01" 汉 … (GB 3304)
0C    EF06  birthplace                    cn6     region code (GB/T 2260)
0D    EF06  birth date                    cn8     YYYYMMDD
====  ====  ============================  ======  =====================================
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from drivers.ssc.codec import (
    decode_an,
    decode_cn,
    decode_cn_date,
    encode_an,
    encode_cn,
    encode_cn_date,
)

EF05, EF06 = 0xEF05, 0xEF06
SFI_EF05 = 5


@dataclass(frozen=True)
class Item:
    tag: int
    ef: int
    key: str  # SscCard field
    fmt: str  # "an" or "cn"
    chars: int

    @property
    def size(self) -> int:
        """Value bytes on the card."""
        return self.chars if self.fmt == "an" else (self.chars + 1) // 2

    @property
    def le(self) -> int:
        """READ RECORD's Le: tag, length and the value."""
        return 2 + self.size


ITEMS: tuple[Item, ...] = (
    Item(0x01, EF05, "card_id_code", "an", 32),
    Item(0x02, EF05, "card_type", "an", 1),
    Item(0x03, EF05, "version", "an", 4),
    Item(0x04, EF05, "issuer", "cn", 16),
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
BY_TAG = {i.tag: i for i in ITEMS}
BY_KEY = {i.key: i for i in ITEMS}
#: items written when a card is personalised; tags 01–04 are set when the card is initialised,
#: so a blank card in a dispenser's hopper already has them
INIT_TAGS = (0x01, 0x02, 0x03, 0x04)
PERSONAL_ITEMS = tuple(i for i in ITEMS if i.tag not in INIT_TAGS)

GENDERS = {"1": "男", "2": "女", "9": "未说明"}
#: GB 3304 nation codes the fictitious holders use (the rest print as their code)
NATIONS = {"01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗",
           "07": "彝", "08": "壮", "09": "布依", "10": "朝鲜", "11": "满"}


@dataclass
class SscCard:
    """What the card holds (strings as on the card; dates as dates). The only copy of the
    citizen's data on the kiosk: whoever holds it calls :meth:`wipe` when done."""

    card_id_code: str = ""
    card_type: str = ""
    version: str = ""
    issuer: str = ""
    issue_date: date | None = None
    expiry_date: date | None = None
    card_number: str = ""
    id_number: str = ""
    name: str = ""
    name_ext: str = ""
    gender: str = ""
    nation: str = ""
    birthplace: str = ""
    birth_date: date | None = None
    atr: bytes = b""
    #: EF06 could not be read without back-end authentication (a third-generation card)
    holder_locked: bool = False
    wiped: bool = field(default=False, repr=False)

    # ----------------------------------------------------------------- derived
    @property
    def generation(self) -> int | None:
        """2 or 3 from the specification version ("2.00", "3.00"); None when unknown."""
        head = self.version[:1]
        return int(head) if head in ("1", "2", "3") else None

    @property
    def blank(self) -> bool:
        """Initialised but not personalised: no card number yet."""
        return not self.card_number

    @property
    def full_name(self) -> str:
        return self.name + self.name_ext

    @property
    def gender_text(self) -> str:
        return GENDERS.get(self.gender, self.gender)

    @property
    def nation_text(self) -> str:
        return NATIONS.get(self.nation, self.nation)

    @property
    def masked_card_number(self) -> str:
        n = self.card_number
        return n[:1] + "*" * max(0, len(n) - 3) + n[-2:] if len(n) > 3 else "*" * len(n)

    @property
    def masked_id(self) -> str:
        n = self.id_number
        return n[:3] + "*" * max(0, len(n) - 7) + n[-4:] if len(n) > 7 else "*" * len(n)

    def age_on(self, today: date) -> int | None:
        b = self.birth_date
        if b is None:
            return None
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))

    # ----------------------------------------------------------------- records
    def value(self, item: Item) -> bytes:
        """The record value ``item`` has for this card (for writing and for simulators)."""
        v = getattr(self, item.key)
        if item.fmt == "cn":
            if isinstance(v, date):
                return encode_cn_date(v)
            return encode_cn(v, item.chars) if v else b"\xff" * item.size
        return encode_an(v or "", item.chars)

    def set_from_record(self, item: Item, value: bytes) -> None:
        what = f"{item.key} (tag {item.tag:02X})"
        if item.fmt == "cn":
            decoded = decode_cn_date(value, what) if item.chars == 8 else decode_cn(value, what)
        else:
            decoded = decode_an(value, what)
        setattr(self, item.key, decoded)

    def to_json(self) -> dict:
        """The documented keys of ``kiosk ssc read --json`` (and a few more)."""
        return {
            "card_number": self.card_number,
            "id_number": self.id_number,
            "name": self.full_name,
            "gender": self.gender_text,
            "nation": self.nation_text,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "issue_date": self.issue_date.isoformat() if self.issue_date else None,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "card_id_code": self.card_id_code,
            "issuer": self.issuer,
            "atr": self.atr.hex().upper(),
            "card_type": self.card_type,
            "version": self.version,
            "generation": self.generation,
            "birthplace": self.birthplace,
            "holder_locked": self.holder_locked,
        }

    def wipe(self) -> None:
        for f in fields(self):
            if f.name != "wiped":
                setattr(self, f.name, f.default)
        self.wiped = True

    def __repr__(self) -> str:  # personal data: never in a log line
        return (f"SscCard(v{self.version or '?'}, {'blank' if self.blank else 'personalised'}, "
                f"{self.masked_card_number})")


__all__ = ["BY_KEY", "BY_TAG", "EF05", "EF06", "GENDERS", "INIT_TAGS", "ITEMS", "Item", "NATIONS",
           "PERSONAL_ITEMS", "SFI_EF05", "SscCard"]
