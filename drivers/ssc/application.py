"""The SSSE application of a social-security card, over any APDU exchange.

    app = SscApplication(reader.exchange)       # exchange(apdu) -> ApduResponse
    card = app.read()                           # SELECT SSSE, EF05 by SFI, SELECT EF06, EF06
    issue = app.identify()                      # a blank card: id code, blank?, challenge
    app.run_script(steps)                       # relay the central system's APDUs, checked

The commands are the ones public code sends (``../shared/hardware/ssc-card.md``)::

    SELECT SSSE        00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF
    READ EF05 item     00 B2 TAG 2C LE      (SFI 5: P2 = 5 << 3 | 4, record number = tag)
    SELECT EF06        00 A4 02 00 02 EF 06
    READ EF06 item     00 B2 TAG 00 LE      (the current EF)
    GET CHALLENGE      00 84 00 00 08

Secure steps — EXTERNAL AUTHENTICATE, personalisation writes with their MACs — are never
built here: the kiosk holds no keys. They come from the central card-management system as
a script bound to one card's identification code and challenge, and are relayed as they are.
Nothing here logs a card's answers (personal data): headers and status words only.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from drivers.core.apdu import ApduResponse, command
from drivers.ssc.card import BY_TAG, EF05, EF06, ITEMS, SFI_EF05, Item, SscCard
from drivers.ssc.codec import CardDataError, decode_an, decode_tlv
from drivers.ssc.errors import HolderDataLocked, SscError, sw_error, wrong_card

log = logging.getLogger(__name__)

#: the application's name: ASCII "sx1.sh." and GBK "社会保障"
SSSE_AID = b"sx1.sh." + "社会保障".encode("gbk")
SELECT_SSSE = command(0x00, 0xA4, 0x04, 0x00, SSSE_AID)
SELECT_EF06 = command(0x00, 0xA4, 0x02, 0x00, b"\xef\x06")
GET_CHALLENGE = command(0x00, 0x84, 0x00, 0x00, le=8)
SW_OK = 0x9000
SW_RECORD_NOT_FOUND = 0x6A83  # an item that was never written (a blank card's)

Exchange = Callable[[bytes], ApduResponse]


def read_record(item: Item) -> bytes:
    """READ RECORD for one item: EF05's by SFI, EF06's in the current EF (after SELECT)."""
    p2 = (SFI_EF05 << 3) | 0x04 if item.ef == EF05 else 0x00
    return command(0x00, 0xB2, item.tag, p2, le=item.le)


@dataclass(frozen=True)
class ScriptStep:
    """One APDU of a relayed script and the status words it may end with."""

    apdu: bytes
    expect: tuple[int, ...] = (SW_OK,)
    label: str = ""
    #: hand the card's answer back to the central system (e.g. an authentication response)
    keep: bool = False

    @classmethod
    def from_json(cls, d: Mapping) -> ScriptStep:
        """``{"apdu": "00DC…", "expect": ["9000"], "label": "EF05/07", "keep": false}``."""
        try:
            apdu = bytes.fromhex(str(d["apdu"]))
            expect = tuple(int(str(x), 16) for x in d.get("expect", ["9000"]))
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"not a script step: {exc}") from None
        if len(apdu) < 4:
            raise ValueError(f"a script step's APDU has {len(apdu)} bytes, at least 4 needed")
        return cls(apdu, expect or (SW_OK,), str(d.get("label", "")), bool(d.get("keep")))

    def to_json(self) -> dict:
        return {"apdu": self.apdu.hex().upper(), "expect": [f"{s:04X}" for s in self.expect],
                "label": self.label, "keep": self.keep}


@dataclass
class ScriptResult:
    steps: int  # how many ran, all with an expected status word
    sws: list[str] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)  # label → hex of the card's answer

    def to_json(self) -> dict:
        return {"steps": self.steps, "sws": list(self.sws), "kept": dict(self.kept)}


@dataclass(frozen=True)
class IssueCard:
    """A card in the issuing position, as the central system needs to know it."""

    card_id_code: str
    version: str
    blank: bool
    challenge: bytes
    atr: bytes = b""

    @property
    def generation(self) -> int | None:
        head = self.version[:1]
        return int(head) if head in ("1", "2", "3") else None

    def to_json(self) -> dict:
        return {"card_id_code": self.card_id_code, "version": self.version,
                "blank": self.blank, "challenge": self.challenge.hex().upper(),
                "atr": self.atr.hex().upper()}


class SscApplication:
    def __init__(self, exchange: Exchange, where: str = "ssc") -> None:
        self._exchange = exchange
        self.where = where

    # ------------------------------------------------------------------ commands
    def select(self) -> None:
        """SELECT SSSE (a 61xx FCI is fetched by the exchange). A card without it is not a
        social-security card: WrongCard."""
        r = self._exchange(SELECT_SSSE)
        if r.sw != SW_OK:
            if r.sw in (0x6A82, 0x6A86, 0x6D00, 0x6E00):
                raise wrong_card(r.sw, f"{self.where}: SELECT SSSE")
            raise sw_error(r.sw, f"{self.where}: SELECT SSSE")

    def select_ef06(self) -> None:
        r = self._exchange(SELECT_EF06)
        if r.sw != SW_OK:
            raise sw_error(r.sw, f"{self.where}: SELECT EF06")

    def read_item(self, item: Item) -> bytes | None:
        """An item's value bytes; None when the card never had it written (6A83)."""
        r = self._exchange(read_record(item))
        if r.sw == SW_RECORD_NOT_FOUND:
            return None
        if r.sw != SW_OK:
            raise sw_error(r.sw, f"{self.where}: READ RECORD {item.tag:02X}")
        tlv = decode_tlv(r.data, item.tag)
        if len(tlv.value) != item.size:
            raise CardDataError(f"{self.where}: record {item.tag:02X} has {len(tlv.value)} "
                                f"bytes, the item has {item.size}")
        return tlv.value

    def challenge(self) -> bytes:
        """GET CHALLENGE: 8 random bytes the next EXTERNAL AUTHENTICATE must answer."""
        r = self._exchange(GET_CHALLENGE)
        if r.sw != SW_OK or len(r.data) != 8:
            raise sw_error(r.sw, f"{self.where}: GET CHALLENGE") if r.sw != SW_OK else \
                CardDataError(f"{self.where}: GET CHALLENGE gave {len(r.data)} bytes, not 8")
        return r.data

    # ------------------------------------------------------------------ reading
    def read(self, *, select: bool = True, auth: Iterable[ScriptStep] = ()) -> SscCard:
        """Every item of EF05 and EF06. ``select=False`` keeps the session (a read-back after
        a script, or after ``auth`` steps answered a challenge); ``auth``: back-end steps
        run first (third-generation cards lock EF06 until they are). A card whose EF06 stays
        locked comes back with ``holder_locked`` and its EF05 items; a blank card with
        ``blank`` (no card number)."""
        if select:
            self.select()
        steps = list(auth)
        if steps:
            self.run_script(steps)
        card = SscCard()
        try:
            for item in (i for i in ITEMS if i.ef == EF05):
                value = self.read_item(item)
                if value is not None:
                    card.set_from_record(item, value)
            if card.blank:
                return card
            self.select_ef06()
            for item in (i for i in ITEMS if i.ef == EF06):
                try:
                    value = self.read_item(item)
                except HolderDataLocked:
                    card.holder_locked = True
                    break
                if value is not None:
                    card.set_from_record(item, value)
        except BaseException:
            card.wipe()  # a half-read card's data does not outlive the failure
            raise
        return card

    def identify(self) -> IssueCard:
        """A card about to be personalised: its identification code (set at initialisation),
        version, whether it is blank, and a fresh challenge for the central system's script.
        Nothing may reach the card between this and the script (the challenge would go)."""
        self.select()
        id_item, version_item, number_item = BY_TAG[0x01], BY_TAG[0x03], BY_TAG[0x07]
        raw_id = self.read_item(id_item)
        if raw_id is None:
            raise SscError(f"{self.where}: the card has no identification code (not initialised)",
                           SW_RECORD_NOT_FOUND)
        raw_version = self.read_item(version_item)
        number = self.read_item(number_item)
        card_id = decode_an(raw_id, "card identification code")
        version = decode_an(raw_version, "version") if raw_version is not None else ""
        blank = number is None or not decode_an(number, "card number")
        return IssueCard(card_id, version, blank, self.challenge())

    # ------------------------------------------------------------------ scripts
    def run_script(self, steps: Iterable[ScriptStep]) -> ScriptResult:
        """Relay the steps in order; the first status word a step does not expect stops the
        script with a typed error naming the step (CardWriteFailed for a failed write)."""
        result = ScriptResult(0)
        for index, step in enumerate(steps):
            r = self._exchange(step.apdu)
            result.sws.append(f"{r.sw:04X}")
            if r.sw not in step.expect:
                label = step.label or f"step {index + 1}"
                log.warning("%s: script step %d (%s) %s → SW %04X", self.where, index + 1, label,
                            step.apdu[:4].hex(" "), r.sw)
                raise sw_error(r.sw, f"{self.where}: script step {index + 1} ({label})",
                               step=label, index=index)
            if step.keep:
                result.kept[step.label or str(index)] = r.data.hex().upper()
            result.steps += 1
        return result


__all__ = ["GET_CHALLENGE", "IssueCard", "SELECT_EF06", "SELECT_SSSE", "SSSE_AID",
           "ScriptResult", "ScriptStep", "SscApplication", "read_record"]
