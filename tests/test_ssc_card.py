"""The social-security card's data model and the SSSE application, byte for byte: TLV, BCD
(``cn``), ``an`` padding, the documented APDUs, status words → typed errors — against the
virtual card's own command handler (no pcscd here; tests/test_ssc_reader.py runs the stack)."""
from __future__ import annotations

from datetime import date

import pytest

from drivers.core.apdu import exchange
from drivers.ssc.application import (
    GET_CHALLENGE,
    SELECT_EF06,
    SELECT_SSSE,
    ScriptStep,
    SscApplication,
    read_record,
)
from drivers.ssc.card import BY_TAG, ITEMS, SscCard
from drivers.ssc.codec import (
    CardDataError,
    decode_an,
    decode_cn,
    decode_cn_date,
    decode_tlv,
    encode_an,
    encode_cn,
    encode_tlv,
)
from drivers.ssc.errors import (
    AuthenticationFailed,
    CardBlocked,
    CardWriteFailed,
    HolderDataLocked,
    ScriptStepFailed,
    WrongCard,
    sw_error,
)
from drivers.ssc.holders import HOLDERS, blank_card, card_image
from drivers.ssc.secure import cryptogram
from drivers.ssc.virtual import VirtualSscCard
from kiosk.central.ssc import layout


def card(name: str | None = "zhangsan") -> VirtualSscCard:
    sim = VirtualSscCard("t", card=None)
    sim.image = card_image(name) if name else None
    sim.foreign = name == "foreign"
    return sim


def app(sim: VirtualSscCard) -> SscApplication:
    def transmit(apdu: bytes) -> bytes:
        sim.apdus.append(apdu)
        return sim.on_apdu(apdu)

    return SscApplication(lambda apdu: exchange(transmit, apdu), "t")


# ---------------------------------------------------------------------------- codec
def test_cn_items_are_bcd_left_aligned_padded_with_f():
    assert encode_cn("20160301", 8) == bytes.fromhex("20 16 03 01")
    assert encode_cn("123", 3) == bytes.fromhex("12 3F")
    assert encode_cn("110101", 6) == bytes.fromhex("11 01 01")
    assert encode_cn("1", 4) == bytes.fromhex("1F FF")
    assert decode_cn(bytes.fromhex("12 3F")) == "123"
    assert decode_cn(bytes.fromhex("FF FF")) == ""
    assert decode_cn_date(bytes.fromhex("20 16 03 01")) == date(2016, 3, 1)
    assert decode_cn_date(bytes.fromhex("FF FF FF FF")) is None  # not written yet
    with pytest.raises(CardDataError, match="not a digit"):
        decode_cn(bytes.fromhex("1A 3F"))
    with pytest.raises(CardDataError, match="digits after its F padding"):
        decode_cn(bytes.fromhex("1F 3F"))
    with pytest.raises(CardDataError, match="not a calendar date"):
        decode_cn_date(bytes.fromhex("20 16 13 01"))
    with pytest.raises(ValueError):
        encode_cn("12345", 4)


def test_an_items_are_gbk_padded_with_zero_bytes():
    assert encode_an("张三", 6) == bytes.fromhex("D5 C5 C8 FD 00 00")
    assert encode_an("A00000011", 9) == b"A00000011"
    assert decode_an(bytes.fromhex("D5 C5 C8 FD 00 00")) == "张三"
    assert decode_an(b"AB  \xff\xff") == "AB"  # some cards pad with spaces or FF
    assert decode_an(b"\x00" * 4) == ""
    with pytest.raises(CardDataError, match="not valid GBK"):
        decode_an(b"\x81\x20\x00")
    with pytest.raises(ValueError, match="do not fit an4"):
        encode_an("张三丰", 4)


def test_tlv_records():
    assert encode_tlv(0x07, b"A00000011") == bytes.fromhex("07 09") + b"A00000011"
    tlv = decode_tlv(bytes.fromhex("07 09") + b"A00000011" + b"\x00\x00", 0x07)
    assert tlv.tag == 7 and tlv.value == b"A00000011"
    with pytest.raises(CardDataError, match="asked for record 08, the card answered tag 07"):
        decode_tlv(bytes.fromhex("07 01 41"), 0x08)
    with pytest.raises(CardDataError, match="says 9 bytes, only 2 came"):
        decode_tlv(bytes.fromhex("07 09 41 41"))


def test_the_documented_commands_byte_for_byte():
    """../shared/hardware/ssc-card.md: the APDUs public code sends."""
    assert SELECT_SSSE == bytes.fromhex(
        "00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF")
    assert SELECT_EF06 == bytes.fromhex("00 A4 02 00 02 EF 06")
    assert GET_CHALLENGE == bytes.fromhex("00 84 00 00 08")
    documented = {0x07: "00 B2 07 2C 0B", 0x08: "00 B2 08 00 14", 0x09: "00 B2 09 00 20",
                  0x0A: "00 B2 0A 00 03", 0x0B: "00 B2 0B 00 03", 0x0C: "00 B2 0C 00 05",
                  0x0D: "00 B2 0D 00 06"}
    for tag, text in documented.items():
        assert read_record(BY_TAG[tag]) == bytes.fromhex(text), hex(tag)


def test_status_words_become_typed_errors():
    assert isinstance(sw_error(0x6982, "x"), HolderDataLocked)
    assert isinstance(sw_error(0x6983, "x"), CardBlocked)
    assert isinstance(sw_error(0x63C2, "x"), AuthenticationFailed)
    assert isinstance(sw_error(0x6581, "x", step="write 07"), CardWriteFailed)
    e = sw_error(0x6A80, "x", step="write 09", index=4)
    assert isinstance(e, ScriptStepFailed) and e.to_dict()["step"] == "write 09"
    assert str(e) == "x: SW 6A80 (incorrect data field)"


# ---------------------------------------------------------------------------- reading
def test_a_second_generation_card_reads_every_item_with_the_documented_apdus():
    sim = card("zhangsan")
    got = app(sim).read()
    h = HOLDERS["zhangsan"]
    assert (got.card_number, got.id_number, got.full_name) == (h.card_number, h.id_number, "张三")
    assert got.gender_text == "男" and got.nation_text == "汉" and got.birthplace == "110101"
    assert got.birth_date == date(1985, 6, 15) and got.issue_date == date(2016, 3, 1)
    assert got.generation == 2 and not got.holder_locked and not got.blank
    assert got.card_id_code == "110100D156200K000000000000000011"
    # the FCI waits behind 61 13 and is fetched; EF05 by SFI, EF06 after its SELECT
    assert sim.apdus[:3] == [SELECT_SSSE, bytes.fromhex("00 C0 00 00 13")] + \
        [read_record(BY_TAG[1])]
    assert SELECT_EF06 in sim.apdus
    assert sim.apdus[-1] == bytes.fromhex("00 B2 0D 00 06")
    assert "A00000011" not in repr(got)  # personal data never in a repr (logs)


def test_a_third_generation_card_locks_the_holder_data_until_the_back_end_answers():
    sim = card("lisi")
    a = app(sim)
    got = a.read()
    assert got.holder_locked and got.card_number == "A00000022" and got.id_number == ""
    a.select()
    challenge = a.challenge()
    step = ScriptStep(bytes.fromhex("00 82 00 01 08") + cryptogram(got.card_id_code, challenge))
    full = a.read(select=False, auth=[step])
    assert not full.holder_locked and full.full_name == "李四" and full.gender_text == "女"
    assert full.birth_date == date(1948, 2, 29)


def test_wrong_and_foreign_cards():
    with pytest.raises(WrongCard, match="no social-security application"):
        app(card("foreign")).read()
    sim = card("zhangsan")
    sim.inject("wrong_app")
    with pytest.raises(WrongCard):
        app(sim).read()


def test_a_blank_card_identifies_itself_for_issuing():
    sim = card(None)
    sim.image = blank_card(3, serial=123)
    issue = app(sim).identify()
    assert issue.blank and issue.version == "3.00" and issue.generation == 3
    assert issue.card_id_code == "110100D156300K000000000000000123"
    assert len(issue.challenge) == 8 and sim.apdus[-1] == GET_CHALLENGE
    assert app(sim).read().blank  # card number never written: 6A83


# ---------------------------------------------------------------------------- writing
def values() -> dict:
    return {"issue_date": date(2025, 3, 18), "expiry_date": date(2035, 3, 18),
            "card_number": "B00000001", "id_number": HOLDERS["wangwu"].id_number,
            "name": "王五", "name_ext": "", "gender": "1", "nation": "01",
            "birthplace": "440304", "birth_date": date(1979, 1, 1)}


@pytest.mark.parametrize("generation", [2, 3])
def test_the_central_systems_script_personalises_a_blank_card(generation):
    sim = card(None)
    sim.image = blank_card(generation, serial=7)
    a = app(sim)
    issue = a.identify()
    steps = [ScriptStep.from_json(s.to_json()) for s in
             layout.personalisation(issue.card_id_code, generation, issue.challenge, values())]
    assert steps[0].apdu[:5] == bytes.fromhex("00 82 00 01 08")
    write_07 = next(s for s in steps if s.label == "write 07").apdu
    if generation == 3:  # secure messaging: CLA 04, the record and a 4-byte MAC
        assert write_07[:5] == bytes.fromhex("04 DC 07 2C 0F") and len(write_07) == 5 + 15
    else:
        assert write_07 == bytes.fromhex("00 DC 07 2C 0B 07 09") + b"B00000001"
    result = a.run_script(steps)
    assert result.steps == len(steps) and set(result.sws) == {"9000"}
    back = a.read(select=False)
    assert back.card_number == "B00000001" and back.full_name == "王五"
    assert back.expiry_date == date(2035, 3, 18) and not back.blank
    assert sim.writes == 9  # no name extension for a short name
    # an issued card is never written again, even with a valid script
    a2 = app(sim)
    issue2 = a2.identify()
    assert not issue2.blank
    again = layout.personalisation(issue2.card_id_code, generation, issue2.challenge, values())
    with pytest.raises(ScriptStepFailed, match="SW 6985"):
        a2.run_script([ScriptStep.from_json(s.to_json()) for s in again])


def test_scripts_for_another_card_or_challenge_are_refused():
    sim = card(None)
    sim.image = blank_card(3, serial=8)
    a = app(sim)
    issue = a.identify()
    other = layout.personalisation(blank_card(3, serial=9).card_id_code, 3, issue.challenge,
                                   values())
    with pytest.raises(AuthenticationFailed, match="SW 63C2"):
        a.run_script([ScriptStep.from_json(s.to_json()) for s in other])
    a.select()
    a.challenge()
    stale = layout.personalisation(issue.card_id_code, 3, issue.challenge, values())
    with pytest.raises(AuthenticationFailed, match="SW 63C1"):
        a.run_script([ScriptStep.from_json(s.to_json()) for s in stale])
    a.select()
    a.challenge()
    with pytest.raises(CardBlocked, match="SW 6983"):  # the third failure blocks the key
        a.run_script([ScriptStep.from_json(s.to_json()) for s in stale])


def test_a_tampered_mac_and_a_failing_memory_are_typed():
    sim = card(None)
    sim.image = blank_card(3, serial=10)
    a = app(sim)
    issue = a.identify()
    steps = [ScriptStep.from_json(s.to_json()) for s in
             layout.personalisation(issue.card_id_code, 3, issue.challenge, values())]
    bad = bytearray(steps[1].apdu)
    bad[-1] ^= 0xFF
    with pytest.raises(ScriptStepFailed, match="script step 2 .* SW 6988") as exc:
        a.run_script([steps[0], ScriptStep(bytes(bad), label="write 05")])
    assert exc.value.step == "write 05" and exc.value.index == 1
    sim2 = card(None)
    sim2.image = blank_card(3, serial=11)
    sim2.inject("write_fail", after=3)
    a2 = app(sim2)
    issue2 = a2.identify()
    steps2 = [ScriptStep.from_json(s.to_json()) for s in
              layout.personalisation(issue2.card_id_code, 3, issue2.challenge, values())]
    with pytest.raises(CardWriteFailed, match="SW 6581") as exc2:
        a2.run_script(steps2)
    assert exc2.value.step == "write 07" and sim2.writes == 2


def test_the_card_data_object_wipes_and_masks():
    c = SscCard(card_number="A00000011", id_number="110101198506150035", name="张三")
    assert c.masked_card_number == "A******11" and c.masked_id == "110***********0035"
    c.wipe()
    assert c.wiped and c.card_number == "" and c.name == "" and c.birth_date is None


def test_every_item_has_a_size_and_read_length():
    assert [i.le for i in ITEMS if i.tag in (7, 8, 9, 0x0A, 0x0B, 0x0C, 0x0D)] == \
        [0x0B, 0x14, 0x20, 0x03, 0x03, 0x05, 0x06]
