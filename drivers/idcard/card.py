"""The card read off a resident ID card or permit, and the 256-byte text block it comes from.

The text block is UTF-16LE, space padded; the character at byte 248 says which of the four
layouts it uses (``J``, ``I``, ``Y``, anything else = resident ID). Parsing is strict about
structure — a block that is not valid UTF-16 or holds control characters is refused with
:class:`CardDataError` — and lenient about content: a date that is not a date becomes None
and is listed in ``problems``; a wrong check digit sets ``id_number_valid`` False. Region
codes are never a gate (HK/Macau/Taiwan permits start 81/82/83, foreign IDs 9).

Privacy: ``repr()`` of a card shows only its type and masked number; ``wipe()`` drops every
personal field when the citizen's session ends.
"""
from __future__ import annotations

import base64
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, fields
from enum import StrEnum

from drivers.core.redact import mask_id
from drivers.idcard.sw3 import CardDataError

TEXT_LEN = 256
PHOTO_LEN = 1024
LONG_TERM = "长期"


class CardType(StrEnum):
    RESIDENT = "resident"  # 居民身份证
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"  # 港澳台居民居住证 (J)
    FOREIGN_PERMANENT_2017 = "foreign_permanent_2017"  # 外国人永久居留身份证 2017 (I)
    FOREIGN_PERMANENT_2023 = "foreign_permanent_2023"  # 外国人永久居留身份证 2023 (Y)


TYPE_FLAGS = {"J": CardType.HMT_RESIDENCE_PERMIT, "I": CardType.FOREIGN_PERMANENT_2017,
              "Y": CardType.FOREIGN_PERMANENT_2023}
FLAG_OF_TYPE = {v: k for k, v in TYPE_FLAGS.items()}
CARD_TYPE_ZH = {
    CardType.RESIDENT: "居民身份证",
    CardType.HMT_RESIDENCE_PERMIT: "港澳台居民居住证",
    CardType.FOREIGN_PERMANENT_2017: "外国人永久居留身份证（2017版）",
    CardType.FOREIGN_PERMANENT_2023: "外国人永久居留身份证（2023版）",
}


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


#: GB/T 2261.1 gender codes as written on the card → (gender, Chinese label)
GENDERS: dict[str, tuple[Gender, str]] = {
    "0": (Gender.UNKNOWN, "未知"),
    "1": (Gender.MALE, "男"),
    "2": (Gender.FEMALE, "女"),
    "9": (Gender.UNKNOWN, "未说明"),
}

#: GB 3304 nation codes → the name printed on the card (without 族)
NATIONS: dict[str, str] = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗", "07": "彝",
    "08": "壮", "09": "布依", "10": "朝鲜", "11": "满", "12": "侗", "13": "瑶", "14": "白",
    "15": "土家", "16": "哈尼", "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳",
    "21": "佤", "22": "畲", "23": "高山", "24": "拉祜", "25": "水", "26": "东乡", "27": "纳西",
    "28": "景颇", "29": "柯尔克孜", "30": "土", "31": "达斡尔", "32": "仫佬", "33": "羌",
    "34": "布朗", "35": "撒拉", "36": "毛南", "37": "仡佬", "38": "锡伯", "39": "阿昌",
    "40": "普米", "41": "塔吉克", "42": "怒", "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克",
    "46": "德昂", "47": "保安", "48": "裕固", "49": "京", "50": "塔塔尔", "51": "独龙",
    "52": "鄂伦春", "53": "赫哲", "54": "门巴", "55": "珞巴", "56": "基诺",
    "97": "其他", "98": "外国血统中国籍人士",
}

# ------------------------------------------------------------------ ID number check
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_FOREIGN_2017_RE = re.compile(r"[A-Z]{3}\d{12}")


def check_char(first17: str) -> str:
    """The GB 11643 (ISO 7064 MOD 11-2) check character for 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("need exactly 17 ASCII digits")
    return _CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, _WEIGHTS)) % 11]


def id_number_valid(number: str) -> bool:
    """18 characters, 17 digits and the right MOD 11-2 check character (X upper or lower)."""
    if len(number) != 18:
        return False
    body, last = number[:17], number[17].upper()
    if not body.isascii() or not body.isdigit():
        return False
    return check_char(body) == last


def number_valid(card_type: CardType, number: str) -> bool:
    """Resident, J and 2023 foreign cards carry an 18-character MOD 11-2 number. The 2017
    foreign card number (3 letters + 12 digits) has no public check algorithm we could rely
    on, so only its form is checked."""
    if card_type is CardType.FOREIGN_PERMANENT_2017:
        return bool(_FOREIGN_2017_RE.fullmatch(number))
    return id_number_valid(number)


# ----------------------------------------------------------------------- the card
def _personal(default=None, **kw):
    return field(default=default, repr=False, **kw)


@dataclass(eq=False)
class IdCard:
    """One card as read. Personal fields are excluded from ``repr``; call :meth:`wipe`
    when the session that needed it ends."""

    card_type: CardType
    name: str = _personal("")  # Chinese name ("" on foreign cards that have none)
    name_en: str = _personal("")  # foreign cards
    gender: Gender = _personal(Gender.UNKNOWN)
    gender_code: str = _personal("")
    nation_code: str = _personal("")  # resident cards
    nation: str = _personal("")
    birth_date: dt.date | None = _personal(None)
    address: str = _personal("")
    id_number: str = _personal("")
    id_number_valid: bool = _personal(False)
    issuer: str = _personal("")  # issuing authority (resident, J); authority code (I)
    valid_from: dt.date | None = _personal(None)
    valid_to: dt.date | None = _personal(None)  # None with valid_long_term: 长期
    valid_long_term: bool = _personal(False)
    nationality: str = _personal("")  # foreign cards: ISO 3166 alpha-3
    pass_number: str = _personal("")  # J: 通行证号码
    issue_count: int | None = _personal(None)  # J: 签发次数
    renewal_count: int | None = _personal(None)  # Y: 换证次数
    card_version: str = _personal("")  # I
    previous_number: str = _personal("")  # Y: link to an earlier card number
    photo_wlt: bytes = _personal(b"")  # raw 1024 WLT bytes, undecoded
    fingerprint: bytes = _personal(b"")  # raw fingerprint block (0, 512 or 1024 bytes)
    appended_addresses: list[str] = _personal(None)
    problems: list[str] = field(default_factory=list)  # field names only, no values

    def __post_init__(self) -> None:
        if self.appended_addresses is None:
            self.appended_addresses = []

    # ------------------------------------------------------------------ helpers
    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    @property
    def is_foreign(self) -> bool:
        return self.card_type in (CardType.FOREIGN_PERMANENT_2017,
                                  CardType.FOREIGN_PERMANENT_2023)

    @property
    def type_zh(self) -> str:
        return CARD_TYPE_ZH[self.card_type]

    @property
    def display_name(self) -> str:
        return self.name or self.name_en

    def age_on(self, day: dt.date) -> int | None:
        """Completed years on ``day``; None when the birth date is unknown.

        Someone born on 29 February turns a year older on 1 March in common years.
        """
        b = self.birth_date
        if b is None:
            return None
        years = day.year - b.year
        if (day.month, day.day) < (b.month, b.day):
            years -= 1
        return years

    def expired_on(self, day: dt.date) -> bool:
        return not self.valid_long_term and self.valid_to is not None and day > self.valid_to

    def wipe(self) -> None:
        """Forget everything personal (the card object may outlive the session in a queue)."""
        for f in fields(self):
            if f.name in ("card_type", "problems"):
                continue
            default = f.default
            setattr(self, f.name, [] if f.name == "appended_addresses" else default)
        self.problems = []

    @property
    def wiped(self) -> bool:
        return not (self.id_number or self.name or self.name_en or self.photo_wlt)

    def __repr__(self) -> str:
        return f"IdCard({self.card_type}, {self.masked_id or '-'})"

    __str__ = __repr__

    def to_json(self) -> dict:
        """The CLI's JSON contract (`kiosk idcard read --json`)."""
        resident = self.card_type is CardType.RESIDENT
        return {
            "card_type": str(self.card_type),
            "name": self.name,
            "name_en": self.name_en if self.is_foreign else None,
            "gender": str(self.gender),
            "nation": (self.nation or None) if resident else None,
            "birth_date": _iso(self.birth_date),
            "address": self.address,
            "id_number": self.id_number,
            "id_number_valid": self.id_number_valid,
            "issuer": self.issuer,
            "valid_from": _iso(self.valid_from),
            "valid_to": "long-term" if self.valid_long_term else _iso(self.valid_to),
            "nationality": self.nationality if self.is_foreign else None,
            "pass_number": self.pass_number if self.card_type is CardType.HMT_RESIDENCE_PERMIT
            else None,
            "issue_count": self.issue_count,
            "renewal_count": self.renewal_count,
            "photo_wlt_base64": base64.b64encode(self.photo_wlt).decode("ascii"),
            "fingerprint_bytes": len(self.fingerprint),
            "appended_addresses": list(self.appended_addresses),
            "problems": list(self.problems),
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


# ------------------------------------------------------------------- text block
#: layouts: field → (byte offset, byte length)
RESIDENT_LAYOUT = {
    "name": (0, 30), "gender": (30, 2), "nation": (32, 4), "birth": (36, 16),
    "address": (52, 70), "id_number": (122, 36), "issuer": (158, 30),
    "valid_from": (188, 16), "valid_to": (204, 16), "reserved": (220, 36),
}
HMT_LAYOUT = {
    **{k: v for k, v in RESIDENT_LAYOUT.items() if k != "reserved"},
    "pass_number": (220, 18), "issue_count": (238, 4), "reserved": (242, 6),
    "flag": (248, 2), "reserved2": (250, 6),
}
FOREIGN_2017_LAYOUT = {
    "name_en": (0, 120), "gender": (120, 2), "id_number": (122, 30), "nationality": (152, 6),
    "name": (158, 30), "valid_from": (188, 16), "valid_to": (204, 16), "birth": (220, 16),
    "card_version": (236, 4), "issuer": (240, 8), "flag": (248, 2), "reserved": (250, 6),
}
FOREIGN_2023_LAYOUT = {
    "name": (0, 30), "gender": (30, 2), "renewal_count": (32, 4), "birth": (36, 16),
    "name_en_1": (52, 70), "id_number": (122, 36), "reserved": (158, 30),
    "valid_from": (188, 16), "valid_to": (204, 16), "name_en_2": (220, 22),
    "nationality": (242, 6), "flag": (248, 2), "previous_number": (250, 6),
}
LAYOUTS = {
    CardType.RESIDENT: RESIDENT_LAYOUT,
    CardType.HMT_RESIDENCE_PERMIT: HMT_LAYOUT,
    CardType.FOREIGN_PERMANENT_2017: FOREIGN_2017_LAYOUT,
    CardType.FOREIGN_PERMANENT_2023: FOREIGN_2023_LAYOUT,
}


def _text(block: bytes, span: tuple[int, int], what: str) -> str:
    start, length = span
    raw = block[start : start + length]
    try:
        text = raw.decode("utf-16-le")
    except UnicodeDecodeError:
        raise CardDataError(f"card text field {what} is not UTF-16") from None
    text = text.rstrip(" \x00").lstrip(" ")
    for ch in text:
        # Private-use (Co) and not-yet-assigned characters stay allowed: cards carry rare
        # name characters (生僻字) in the private-use area.
        if unicodedata.category(ch) in ("Cc", "Cs"):
            raise CardDataError(f"card text field {what} holds a control character")
    return text


def _date(text: str, what: str, problems: list[str]) -> dt.date | None:
    if not text:
        return None
    if len(text) == 8 and text.isascii() and text.isdigit():
        try:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            pass
    problems.append(f"{what}: not a date")
    return None


def _small_int(text: str, what: str, problems: list[str]) -> int | None:
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    problems.append(f"{what}: not a number")
    return None


def card_type_of(block: bytes) -> CardType:
    flag = block[248:250]
    if len(flag) == 2 and flag[1] == 0:
        return TYPE_FLAGS.get(chr(flag[0]), CardType.RESIDENT)
    return CardType.RESIDENT


def parse_text(block: bytes) -> IdCard:
    """Parse a 256-byte text block; :class:`CardDataError` when it cannot be one."""
    if len(block) != TEXT_LEN:
        raise CardDataError(f"card text block is {len(block)} bytes, expected {TEXT_LEN}")
    block = bytes(block)
    card_type = card_type_of(block)
    layout = LAYOUTS[card_type]
    t = {name: _text(block, span, name) for name, span in layout.items()
         if not name.startswith("reserved") and name != "flag"}
    problems: list[str] = []
    card = IdCard(card_type)
    card.gender_code = t["gender"]
    gender = GENDERS.get(t["gender"])
    if gender is None:
        problems.append("gender: unknown code")
    card.gender = gender[0] if gender else Gender.UNKNOWN
    card.name = t["name"]
    card.id_number = t["id_number"]
    card.id_number_valid = number_valid(card_type, card.id_number)
    if not card.id_number_valid:
        problems.append("id_number: check digit or form wrong")
    card.birth_date = _date(t["birth"], "birth_date", problems)
    card.valid_from = _date(t["valid_from"], "valid_from", problems)
    if t["valid_to"] == LONG_TERM:
        card.valid_long_term = True
    else:
        card.valid_to = _date(t["valid_to"], "valid_to", problems)
    card.issuer = t.get("issuer", "")
    if card_type in (CardType.RESIDENT, CardType.HMT_RESIDENCE_PERMIT):
        card.address = t["address"]
    if card_type is CardType.RESIDENT:
        card.nation_code = t["nation"]
        card.nation = NATIONS.get(t["nation"], "")
        if not card.nation:
            problems.append("nation: unknown code")
    elif card_type is CardType.HMT_RESIDENCE_PERMIT:
        card.pass_number = t["pass_number"]
        card.issue_count = _small_int(t["issue_count"], "issue_count", problems)
    elif card_type is CardType.FOREIGN_PERMANENT_2017:
        card.name_en = " ".join(t["name_en"].split())
        card.nationality = t["nationality"]
        card.card_version = t["card_version"]
    else:
        # The English name runs on from part 1 (35 characters) into part 2 (11): join the
        # raw slots before trimming, so a name cut at character 35 is not split by a space.
        raw1 = block[52:122].decode("utf-16-le").replace("\x00", " ")
        card.name_en = " ".join((raw1 + t["name_en_2"]).split())
        card.nationality = t["nationality"]
        card.renewal_count = _small_int(t["renewal_count"], "renewal_count", problems)
        card.previous_number = t["previous_number"]
    card.problems = problems
    return card


def encode_text(card: IdCard) -> bytes:
    """The 256-byte block for ``card`` (the simulator's side; also used by tests)."""
    block = bytearray(" ".encode("utf-16-le") * (TEXT_LEN // 2))

    def put(span: tuple[int, int], text: str) -> None:
        start, length = span
        raw = text.encode("utf-16-le")
        if len(raw) > length:
            raise ValueError(f"{text!r} does not fit in {length} bytes")
        block[start : start + len(raw)] = raw

    def day(d: dt.date | None) -> str:
        return d.strftime("%Y%m%d") if d else ""

    layout = LAYOUTS[card.card_type]
    put(layout["gender"], card.gender_code)
    put(layout["id_number"], card.id_number)
    put(layout["birth"], day(card.birth_date))
    put(layout["valid_from"], day(card.valid_from))
    put(layout["valid_to"], LONG_TERM if card.valid_long_term else day(card.valid_to))
    put(layout["name"], card.name)
    if card.card_type in (CardType.RESIDENT, CardType.HMT_RESIDENCE_PERMIT):
        put(layout["address"], card.address)
        put(layout["issuer"], card.issuer)
    if card.card_type is CardType.RESIDENT:
        put(layout["nation"], card.nation_code)
    elif card.card_type is CardType.HMT_RESIDENCE_PERMIT:
        put(layout["pass_number"], card.pass_number)
        put(layout["issue_count"], f"{card.issue_count or 0:02d}")
    elif card.card_type is CardType.FOREIGN_PERMANENT_2017:
        put(layout["name_en"], card.name_en)
        put(layout["nationality"], card.nationality)
        put(layout["card_version"], card.card_version)
        put(layout["issuer"], card.issuer)
    else:
        name_en = card.name_en.encode("utf-16-le")
        put(layout["name_en_1"], name_en[:70].decode("utf-16-le"))
        put(layout["name_en_2"], name_en[70:].decode("utf-16-le"))
        put(layout["nationality"], card.nationality)
        put(layout["renewal_count"], f"{card.renewal_count or 0:02d}")
        put(layout["previous_number"], card.previous_number)
    flag = FLAG_OF_TYPE.get(card.card_type)
    if flag:
        put(layout["flag"], flag)
    return bytes(block)


# ---------------------------------------------------------------- read replies
def parse_read_data(data: bytes, *, with_fingerprint: bool) -> IdCard:
    """The data of a 30 01 / 30 10 success reply: lengths, then text, photo (, fingerprint)."""
    head = 6 if with_fingerprint else 4
    if len(data) < head:
        raise CardDataError(f"card data too short ({len(data)} bytes)")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    fp_len = int.from_bytes(data[4:6], "big") if with_fingerprint else 0
    if text_len != TEXT_LEN:
        raise CardDataError(f"card text length {text_len}, expected {TEXT_LEN}")
    if photo_len not in (0, PHOTO_LEN):
        raise CardDataError(f"card photo length {photo_len}, expected {PHOTO_LEN}")
    if fp_len not in (0, 512, 1024):
        raise CardDataError(f"fingerprint length {fp_len}, expected 0, 512 or 1024")
    if len(data) != head + text_len + photo_len + fp_len:
        raise CardDataError(
            f"card data is {len(data)} bytes, its lengths say {head + text_len + photo_len + fp_len}"
        )
    card = parse_text(data[head : head + text_len])
    card.photo_wlt = bytes(data[head + text_len : head + text_len + photo_len])
    card.fingerprint = bytes(data[head + text_len + photo_len :])
    return card


def encode_read_data(card: IdCard, *, with_fingerprint: bool) -> bytes:
    text = encode_text(card)
    photo = card.photo_wlt
    out = len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big")
    if with_fingerprint:
        out += len(card.fingerprint).to_bytes(2, "big")
        return out + text + photo + card.fingerprint
    return out + text + photo


APPENDED_ADDRESS_LEN = 70


def parse_appended_addresses(data: bytes) -> list[str]:
    """30 03 data: 70-byte UTF-16LE address lines (a card may carry several changes)."""
    if len(data) % APPENDED_ADDRESS_LEN:
        raise CardDataError(f"appended address data is {len(data)} bytes, not a multiple of 70")
    out = []
    for i in range(0, len(data), APPENDED_ADDRESS_LEN):
        text = _text(data, (i, APPENDED_ADDRESS_LEN), "appended_address")
        if text:
            out.append(text)
    return out


def encode_appended_addresses(addresses: list[str]) -> bytes:
    out = bytearray()
    for a in addresses:
        raw = a.encode("utf-16-le")[:APPENDED_ADDRESS_LEN]
        out += raw + " ".encode("utf-16-le") * ((APPENDED_ADDRESS_LEN - len(raw)) // 2)
    return bytes(out)
