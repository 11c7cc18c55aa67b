"""Fictitious social-security cards: the holders the virtual card and the demo server share.

Every person here is made up (张三/李四-style names, numbers with a valid check digit but no
real person behind them). 张三 and 李四 are also the ID card simulator's resident cards, so
the whole demo — ID card in, card record found, new card out — runs on one set of people.
The reference central server keeps its own copy of these records
(``kiosk/central/demo_ssc.toml``); tests/test_ssc_demo_data.py holds the two alike.

A card is a :class:`CardImage`: what its chip holds (records by (EF, tag)), its generation
and ATR. Blank cards come from :func:`blank_card` with a made-up identification code.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from drivers.idcard.card import check_char
from drivers.ssc.card import INIT_TAGS, ITEMS, SscCard

#: fictitious initialising organisation (cn16) of every demo card
DEMO_ISSUER = "1101000000000001"
REGION = "110100"


def id_number(first17: str) -> str:
    return first17 + check_char(first17)


def atr_for(generation: int) -> bytes:
    """A fictitious ATR: 3B, T0 8A (TD1, 10 historical bytes), TD1 80 (T=0, TD2), TD2 01 (T=1),
    historical bytes "KIOSK-SSC2"/"KIOSK-SSC3", TCK (XOR of T0 … the last byte)."""
    body = bytes((0x8A, 0x80, 0x01)) + f"KIOSK-SSC{generation}".encode()
    tck = 0
    for b in body:
        tck ^= b
    return b"\x3b" + body + bytes((tck,))


def card_id_code(generation: int, serial: int) -> str:
    """32 characters: region (6), "D156" (the country), version (3), "K" and an 18-digit serial
    — the shape of a card identification code, all made up."""
    code = f"{REGION}D156{generation}00K{serial:018d}"
    if len(code) != 32:
        raise ValueError(f"serial {serial} does not fit 18 digits")
    return code


@dataclass
class CardImage:
    """What one card's chip holds. ``records`` maps (EF, tag) to the record value bytes;
    items never written are absent (the card answers 6A83 for them)."""

    generation: int
    card_id_code: str
    records: dict[tuple[int, int], bytes] = field(default_factory=dict)
    label: str = ""  # who or what it is, for the simulator's prompt (no personal data)

    @property
    def atr(self) -> bytes:
        return atr_for(self.generation)

    @property
    def blank(self) -> bool:
        return not any(tag == 0x07 for _ef, tag in self.records)

    def to_card(self) -> SscCard:
        """The records decoded (what a correct driver would read)."""
        card = SscCard(atr=self.atr)
        for item in ITEMS:
            value = self.records.get((item.ef, item.tag))
            if value is not None:
                card.set_from_record(item, value)
        return card


def image_of(card: SscCard, generation: int, label: str = "",
             tags: tuple[int, ...] | None = None) -> CardImage:
    """A card image holding ``card``'s items (all of them, or ``tags``)."""
    records = {}
    for item in ITEMS:
        if tags is not None and item.tag not in tags:
            continue
        if item.key == "name_ext" and not card.name_ext:
            continue  # short names have no extension record
        records[(item.ef, item.tag)] = card.value(item)
    return CardImage(generation, card.card_id_code, records, label)


@dataclass(frozen=True)
class Holder:
    """A fictitious card holder and their current card (as on the chip)."""

    key: str
    name: str
    id_number: str
    gender: str  # "1" male, "2" female
    nation: str  # GB 3304
    birthplace: str  # GB/T 2260 region
    birth_date: date
    card_number: str
    generation: int
    serial: int  # of the card identification code
    issue_date: date
    expiry_date: date

    def card(self) -> SscCard:
        return SscCard(
            card_id_code=card_id_code(self.generation, self.serial), card_type="1",
            version=f"{self.generation}.00", issuer=DEMO_ISSUER, issue_date=self.issue_date,
            expiry_date=self.expiry_date, card_number=self.card_number,
            id_number=self.id_number, name=self.name, gender=self.gender, nation=self.nation,
            birthplace=self.birthplace, birth_date=self.birth_date)

    def image(self) -> CardImage:
        return image_of(self.card(), self.generation, self.key)


HOLDERS: dict[str, Holder] = {h.key: h for h in (
    # the ID card simulator's "resident": a second-generation card
    Holder("zhangsan", "张三", id_number("11010119850615003"), "1", "01", "110101",
           date(1985, 6, 15), "A00000011", 2, 11, date(2016, 3, 1), date(2026, 3, 1)),
    # the ID card simulator's "resident_senior": a third-generation card (EF06 locked)
    Holder("lisi", "李四", id_number("31010119480229002"), "2", "03", "310101",
           date(1948, 2, 29), "A00000022", 3, 22, date(2021, 9, 1), date(2031, 9, 1)),
    # no ID card in the simulator: typed ID number and an SMS code
    Holder("wangwu", "王五", id_number("44030419790101001"), "1", "01", "440304",
           date(1979, 1, 1), "A00000033", 3, 33, date(2022, 5, 10), date(2032, 5, 10)),
    # a child under 7: no photo needed for a new card
    Holder("zhaoxiaoliu", "赵小六", id_number("11010820210708002"), "2", "01", "110108",
           date(2021, 7, 8), "A00000044", 3, 44, date(2022, 1, 5), date(2032, 1, 5)),
    # a holder without a photo on record (one is needed from age 7)
    Holder("sunqi", "孙七", id_number("32010219920311004"), "1", "08", "320102",
           date(1992, 3, 11), "A00000055", 2, 55, date(2015, 11, 20), date(2025, 11, 20)),
)}
HOLDER_NAMES = tuple(HOLDERS)
#: card names the simulator knows: the holders, a blank card of either generation, a card
#: that is not a social-security card at all
CARD_NAMES = (*HOLDER_NAMES, "blank2", "blank3", "foreign")


def blank_card(generation: int = 3, serial: int | None = None) -> CardImage:
    """An initialised, unpersonalised card: identification code, category, version, issuer."""
    if serial is None:
        # random, so blank cards of two simulator runs never share a code on one server
        serial = random.SystemRandom().randrange(10**15, 10**17)
    card = SscCard(card_id_code=card_id_code(generation, serial), card_type="1",
                   version=f"{generation}.00", issuer=DEMO_ISSUER)
    return image_of(card, generation, f"blank{generation}", tags=INIT_TAGS)


def card_image(name: str) -> CardImage | None:
    """A fresh image of a named card (``CARD_NAMES``); None for "foreign" (no SSSE at all)."""
    if name in HOLDERS:
        return HOLDERS[name].image()
    if name in ("blank2", "blank3"):
        return blank_card(int(name[-1]))
    if name == "foreign":
        return None
    raise ValueError(f"unknown card {name!r} (known: {', '.join(CARD_NAMES)})")


__all__ = ["CARD_NAMES", "DEMO_ISSUER", "HOLDERS", "HOLDER_NAMES", "CardImage", "Holder",
           "atr_for", "blank_card", "card_id_code", "card_image", "id_number", "image_of"]
