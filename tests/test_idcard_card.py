"""The text block of the four card types, the check digit, the tables, and fuzzing the parser."""
import datetime as dt
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.idcard.card import (
    TEXT_LEN,
    CardType,
    Gender,
    IdCard,
    check_char,
    encode_read_data,
    encode_text,
    id_number_valid,
    parse_appended_addresses,
    parse_read_data,
    parse_text,
)
from drivers.idcard.frames import Frame, FrameDecoder, encode_reply
from drivers.idcard.simulator import fictitious_cards
from drivers.idcard.sw3 import CardDataError, IdCardError


def block(fields: dict[int, str]) -> bytes:
    """A text block built straight from the documented byte offsets (not from encode_text)."""
    b = bytearray(" ".encode("utf-16-le") * 128)
    for offset, text in fields.items():
        raw = text.encode("utf-16-le")
        b[offset : offset + len(raw)] = raw
    return bytes(b)


# ------------------------------------------------------------------ check digit
def test_check_digit_gb11643():
    assert id_number_valid("11010519491231002X")  # the standard's own example
    assert id_number_valid("11010519491231002x")
    assert not id_number_valid("110105194912310021")
    assert not id_number_valid("11010519491231002")  # 17 characters
    assert not id_number_valid("1101051949123100２X")  # full-width digit
    assert check_char("81000019900101001") == "9"
    with pytest.raises(ValueError):
        check_char("123")


# ------------------------------------------------------------------ layouts
def test_resident_layout_from_documented_offsets():
    raw = block({
        0: "张三", 30: "1", 32: "01", 36: "19850615", 52: "北京市东城区示例胡同1号",
        122: "110101198506150035", 158: "北京市公安局东城分局", 188: "20160301",
        204: "20360301",
    })
    # the simulator's encoder writes the very same bytes
    assert encode_text(fictitious_cards()["resident"]) == raw
    card = parse_text(raw)
    assert card.card_type is CardType.RESIDENT
    assert (card.name, card.gender, card.nation, card.nation_code) == ("张三", Gender.MALE, "汉", "01")
    assert card.birth_date == dt.date(1985, 6, 15)
    assert card.address == "北京市东城区示例胡同1号"
    assert card.id_number == "110101198506150035" and card.id_number_valid
    assert card.issuer == "北京市公安局东城分局"
    assert (card.valid_from, card.valid_to) == (dt.date(2016, 3, 1), dt.date(2036, 3, 1))
    assert not card.valid_long_term and card.problems == []


def test_long_term_end_date():
    card = parse_text(block({0: "李四", 30: "2", 32: "03", 36: "19480229",
                             122: "310101194802290023", 188: "20120520", 204: "长期"}))
    assert card.valid_long_term and card.valid_to is None
    assert card.to_json()["valid_to"] == "long-term"
    assert card.gender is Gender.FEMALE and card.nation == "回"


def test_hmt_permit_layout():
    card = parse_text(block({
        0: "陈小明", 30: "1", 36: "19900101", 52: "广东省深圳市福田区示范大道100号",
        122: "810000199001010019", 158: "深圳市公安局", 188: "20240701", 204: "20290701",
        220: "H00000000", 238: "01", 248: "J",
    }))
    assert card.card_type is CardType.HMT_RESIDENCE_PERMIT
    assert card.pass_number == "H00000000" and card.issue_count == 1
    # region 81 is not a mainland region: the check digit decides, not a region table
    assert card.id_number_valid
    j = card.to_json()
    assert j["nation"] is None and j["pass_number"] == "H00000000" and j["issue_count"] == 1


def test_foreign_2017_layout():
    card = parse_text(block({
        0: "DOE, JOHN", 120: "1", 122: "USA110080040501", 152: "USA", 158: "约翰",
        188: "20180901", 204: "20280901", 220: "19800405", 236: "01", 240: "1500", 248: "I",
    }))
    assert card.card_type is CardType.FOREIGN_PERMANENT_2017
    assert (card.name_en, card.name, card.nationality) == ("DOE, JOHN", "约翰", "USA")
    assert card.birth_date == dt.date(1980, 4, 5) and card.gender is Gender.MALE
    assert card.id_number == "USA110080040501" and card.id_number_valid
    assert card.issuer == "1500" and card.card_version == "01"


def test_foreign_2023_layout_and_english_name_across_both_slots():
    part1 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ, ABCDEFG"  # exactly 35 characters
    assert len(part1) == 35
    card = parse_text(block({
        0: "玛丽", 30: "2", 32: "01", 36: "19921130", 52: part1,
        122: "931276199211300029", 188: "20231201", 204: "20331201", 220: "HIJ KLM",
        242: "DEU", 248: "Y", 250: "ABC",
    }))
    assert card.card_type is CardType.FOREIGN_PERMANENT_2023
    assert card.name_en == part1 + "HIJ KLM"  # no space forced at the slot boundary
    assert card.nationality == "DEU" and card.renewal_count == 1
    assert card.previous_number == "ABC"
    assert card.id_number_valid and card.birth_date == dt.date(1992, 11, 30)


def test_other_type_flags_are_resident_cards():
    assert parse_text(block({248: "Z", 32: "01"})).card_type is CardType.RESIDENT


def test_bad_check_digit_is_flagged_not_refused():
    card = parse_text(block({0: "张三", 30: "1", 32: "01", 122: "110101198506150036"}))
    assert card.id_number == "110101198506150036"
    assert card.id_number_valid is False
    assert any(p.startswith("id_number") for p in card.problems)


def test_tables_and_lenient_fields():
    card = parse_text(block({30: "9", 32: "99", 36: "19851332", 188: "2016", 204: "xx"}))
    assert card.gender is Gender.UNKNOWN and card.gender_code == "9"
    assert card.nation == "" and "nation: unknown code" in card.problems
    assert card.birth_date is None and "birth_date: not a date" in card.problems
    assert card.valid_from is None and card.valid_to is None
    assert parse_text(block({30: "0"})).gender is Gender.UNKNOWN


def test_structural_garbage_is_a_typed_error():
    with pytest.raises(CardDataError):
        parse_text(bytes(255))
    broken = bytearray(block({0: "张三"}))
    broken[2:4] = b"\x00\xd8"  # a lone high surrogate
    with pytest.raises(CardDataError, match="name"):
        parse_text(bytes(broken))
    with pytest.raises(CardDataError, match="control"):
        parse_text(block({52: "北京\x07"}))


@pytest.mark.parametrize("key", ["resident", "resident_senior", "hmt", "foreign2017",
                                 "foreign2023"])
def test_every_fictitious_card_round_trips(key):
    card = fictitious_cards()[key]
    back = parse_read_data(encode_read_data(card, with_fingerprint=True), with_fingerprint=True)
    assert back.to_json() | {"appended_addresses": card.appended_addresses} == card.to_json()
    assert back.problems == []
    assert back.id_number_valid


def test_read_data_lengths_are_checked():
    card = fictitious_cards()["resident"]
    data = encode_read_data(card, with_fingerprint=False)
    assert len(encode_reply(0x90, data)) == 1295  # as documented
    assert len(encode_reply(0x90, encode_read_data(card, with_fingerprint=True))) == 2321
    with pytest.raises(CardDataError):
        parse_read_data(data[:-1], with_fingerprint=False)
    with pytest.raises(CardDataError):
        parse_read_data(b"\x00\xff" + data[2:], with_fingerprint=False)
    with pytest.raises(CardDataError):
        parse_read_data(data[:3], with_fingerprint=False)


def test_appended_addresses():
    raw = "上海市浦东新区虚构路9号".encode("utf-16-le") + " ".encode("utf-16-le") * 23
    assert len(raw) == 70
    blank = " ".encode("utf-16-le") * 35
    assert parse_appended_addresses(raw + blank) == ["上海市浦东新区虚构路9号"]
    with pytest.raises(CardDataError):
        parse_appended_addresses(b"\x00" * 69)


# ------------------------------------------------------------------ the object
def test_age_on_birthdays_and_leap_day():
    card = fictitious_cards()["resident_senior"]  # born 1948-02-29
    assert card.age_on(dt.date(2018, 2, 28)) == 69
    assert card.age_on(dt.date(2018, 3, 1)) == 70
    assert card.age_on(dt.date(2020, 2, 29)) == 72
    assert IdCard(CardType.RESIDENT).age_on(dt.date.today()) is None


def test_repr_and_logs_do_not_show_personal_data(caplog):
    card = fictitious_cards()["resident"]
    text = repr(card) + str(card)
    assert "张三" not in text and card.id_number not in text
    assert "1101**********0035" in text
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("t").info("card %s", card)
    assert card.id_number not in caplog.text


def test_wipe_drops_everything_personal():
    card = fictitious_cards()["foreign2023"]
    card.wipe()
    assert card.wiped
    assert card.name == card.name_en == card.id_number == "" and card.photo_wlt == b""
    assert card.birth_date is None and card.appended_addresses == []
    assert card.card_type is CardType.FOREIGN_PERMANENT_2023


def test_json_has_every_contract_key():
    keys = set(fictitious_cards()["resident"].to_json())
    assert {"card_type", "name", "name_en", "gender", "nation", "birth_date", "address",
            "id_number", "id_number_valid", "issuer", "valid_from", "valid_to", "nationality",
            "pass_number", "issue_count", "photo_wlt_base64", "fingerprint_bytes"} <= keys


# ------------------------------------------------------------------ fuzzing
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=TEXT_LEN, max_size=TEXT_LEN))
def test_arbitrary_text_blocks_give_a_card_or_a_typed_error(raw):
    try:
        card = parse_text(raw)
    except CardDataError:
        return
    assert isinstance(card, IdCard)
    card.to_json()


def _utf16_blockish():
    """Mostly-valid text: random characters in random slots, with a random type flag."""
    chars = st.text(alphabet=st.characters(codec="utf-16", exclude_categories=("Cs",)),
                    max_size=128)
    return st.tuples(chars, st.sampled_from(["J", "I", "Y", " ", "X"])).map(
        lambda t: (t[0].encode("utf-16-le", "surrogatepass")[:248].ljust(248, b" ")
                   + t[1].encode("utf-16-le") + b" \x00" * 3)[:256].ljust(256, b"\x00"))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_utf16_blockish())
def test_textlike_blocks_give_a_card_or_a_typed_error(raw):
    try:
        parse_text(raw).to_json()
    except CardDataError:
        pass


VALID_REPLY = encode_reply(0x90, encode_read_data(fictitious_cards()["hmt"],
                                                  with_fingerprint=False))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(VALID_REPLY) - 1), st.integers(0, 255)),
                max_size=8), st.integers(0, len(VALID_REPLY)))
def test_mutated_read_replies_through_decoder_and_parser(mutations, cut):
    data = bytearray(VALID_REPLY)
    for pos, value in mutations:
        data[pos] = value
    dec = FrameDecoder()
    for item in dec.feed(bytes(data[:cut])) + dec.feed(bytes(data[cut:])):
        if not isinstance(item, Frame):
            continue
        try:
            parse_read_data(item.data, with_fingerprint=False)
        except IdCardError:
            pass
