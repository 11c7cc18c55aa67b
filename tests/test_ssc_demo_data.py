"""The copies that must agree: the card layout and the fictitious issuer key as the device layer
(drivers/ssc) and the reference card-management system (kiosk/central/ssc) each keep them —
they share no code — and the demo people of the virtual card, the server and the ID card
simulator."""
from __future__ import annotations

import tomllib
from datetime import date

from drivers.idcard.simulator import fictitious_cards
from drivers.ssc import secure
from drivers.ssc.card import PERSONAL_ITEMS
from drivers.ssc.holders import HOLDERS, card_id_code
from kiosk.central.ssc import keys, layout
from kiosk.central.ssc.store import DEMO_FILE


def test_the_layouts_agree():
    ours = [(i.tag, i.ef, i.key, i.fmt, i.chars) for i in PERSONAL_ITEMS]
    theirs = [(i.tag, i.ef, i.key, i.fmt, i.chars) for i in layout.PERSONAL_ITEMS]
    assert ours == theirs


def test_the_fictitious_keys_agree():
    assert secure.ISSUER_TEST_KEY == keys.ISSUER_TEST_KEY and secure.KEY_ID == keys.KEY_ID
    code, challenge = "110100D156300K000000000000000022", bytes(range(8))
    assert secure.cryptogram(code, challenge) == keys.cryptogram(code, challenge)
    session = secure.session_key(code, challenge)
    assert session == keys.session_key(code, challenge)
    header, record = bytes.fromhex("04 DC 07 2C"), b"\x07\x09B00000001"
    assert secure.command_mac(session, 1, header, record) == \
        keys.command_mac(session, 1, header, record)


def test_the_demo_people_agree():
    people = {p["key"]: p for p in tomllib.loads(DEMO_FILE.read_text("utf-8"))["people"]}
    assert set(people) == set(HOLDERS)
    for key, h in HOLDERS.items():
        p = people[key]
        assert (p["name"], p["id_number"], p["gender"], p["nation"], p["birthplace"]) == \
            (h.name, h.id_number, h.gender, h.nation, h.birthplace), key
        assert date.fromisoformat(p["birth_date"]) == h.birth_date
        assert (p["card_number"], p["generation"]) == (h.card_number, h.generation)
        assert p["card_id_code"] == card_id_code(h.generation, h.serial)
        assert date.fromisoformat(p["issue_date"]) == h.issue_date
        assert p["fee_fen"] == 0  # the kiosk's fee step is a placeholder: no fee in the demo
    # 张三 and 李四 are the ID card simulator's residents too
    cards = fictitious_cards()
    assert cards["resident"].id_number == HOLDERS["zhangsan"].id_number
    assert cards["resident_senior"].id_number == HOLDERS["lisi"].id_number
