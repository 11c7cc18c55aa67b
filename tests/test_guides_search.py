"""Service-guide search (kiosk/guides): the realistic queries of tests/guide_queries.toml each
find the right item first; the tiers rank as documented; the data file is what its generator
makes, ~700 items in 15 broad categories, every item complete in both languages."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from kiosk.central.catalogue import load_catalogue
from kiosk.central.gen_guides import OUT, dump, generate
from kiosk.demo.guides import DEMO_GUIDES, demo_guide_index
from kiosk.guides import GuideIndex
from kiosk.guides.checklist import GuideChecklist, checklist_lines, material_text
from kiosk.guides.index import aliases, load_synonyms
from kiosk.guides.readings import readings

QUERIES = tomllib.loads((Path(__file__).with_name("guide_queries.toml"))
                        .read_text(encoding="utf-8"))["queries"]


@pytest.fixture(scope="module")
def index() -> GuideIndex:
    return demo_guide_index()


def test_the_query_list_is_long_and_covers_every_form():
    forms = {q["form"] for q in QUERIES}
    assert len(QUERIES) >= 50
    assert {"characters", "pinyin", "initials", "synonym", "typo", "english"} <= forms
    assert len({q["q"] for q in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize("case", QUERIES, ids=lambda c: f"{c['form']}:{c['q']}")
def test_a_realistic_query_finds_the_right_item_first(index, case):
    assert index.item(case["code"]) is not None, "the expected item exists"
    hits = index.search(case["q"], 5)
    assert hits, f"nothing found for {case['q']!r}"
    assert hits[0].code == case["code"], [(h.name, h.score, h.tier) for h in hits]


def test_every_prefix_as_typed_finds_something_and_keeps_the_item(index):
    # as the citizen types sbdczy… each prefix answers; the final one ranks the item first
    word = "bdczydjjc"
    for n in range(1, len(word) + 1):
        assert index.search(word[:n], 8), word[:n]
    assert index.search(word, 1)[0].code == "transfer-registration-of-an-inherited-home"


def _doc(*names, popularity=None):
    pop = popularity or {}
    return {"themes": [], "life_events": [], "items": [
        {"code": f"i{n}", "name": name, "name_en": "", "category": "c", "theme": "t",
         "popularity": pop.get(name, 100)} for n, name in enumerate(names)]}


def test_tiers_rank_exact_prefix_substring_initials_fuzzy_and_ties_by_popularity():
    ix = GuideIndex(_doc("结婚登记", "结婚登记证明", "补领结婚登记记录", "居住证", "降温补贴",
                         popularity={"结婚登记证明": 900, "补领结婚登记记录": 999}))
    hits = ix.search("结婚登记")
    assert [h.name for h in hits] == ["结婚登记", "结婚登记证明", "补领结婚登记记录"]
    assert [h.tier for h in hits] == ["exact", "prefix", "substring"]
    assert hits[0].score > hits[1].score > hits[2].score  # the tier outweighs popularity
    assert ix.search("jzz")[0].name == "居住证" and ix.search("jzz")[0].tier == "initials"
    # full pinyin matches on syllables only: "ngji" is inside "dengji" but starts no syllable
    assert ix.search("ngji") == [] or all(h.tier == "fuzzy" for h in ix.search("ngji"))
    typo = ix.search("jiehundegnji")  # two letters swapped
    assert [h.name for h in typo] == ["结婚登记证明", "结婚登记", "补领结婚登记记录"]
    assert {h.tier for h in typo} == {"fuzzy"}  # how a name begins first, then popularity
    assert ix.search("") == [] and ix.search("   ") == []


def test_polyphonic_characters_are_found_by_any_reading():
    assert ["zhong", "du"] in readings("重度") and ["chong", "du"] in readings("重度")
    assert readings("银行")[0] == ["yin", "hang"]  # the phrase-correct reading first
    ix = GuideIndex(_doc("重度残疾人护理补贴"))
    assert ix.search("zhongducanji")[0].tier == "prefix"
    assert ix.search("chongducanji")[0].tier == "prefix"


def test_synonyms_go_both_ways_and_colloquial_words_one_way():
    groups, words = load_synonyms()
    assert "社保卡挂失" in aliases("社会保障卡挂失", groups, words)
    assert "社会保障卡补领" in aliases("社保卡补办", groups, words)
    assert "居民身份证丢了" in aliases("居民身份证补领", groups, words)
    # never the longer form inside itself (身份证 → 居民身份证 in 居民身份证补领)
    assert not any("居民居民" in a for a in aliases("居民身份证补领", groups, words))


def test_a_hit_has_the_cli_contract(index):
    hit = index.search("bdczy", 1)[0].as_dict()
    assert {"code", "name", "category", "score"} <= set(hit)
    assert hit["category"] == "property" and isinstance(hit["score"], float)


def test_the_committed_data_file_is_what_the_generator_makes():
    assert DEMO_GUIDES == OUT
    assert OUT.read_text(encoding="utf-8") == dump(generate()), \
        "run `python -m kiosk.central.gen_guides` and commit demo_guides.json"


def test_the_data_file_has_the_halls_size_and_every_item_is_complete():
    doc = json.loads(DEMO_GUIDES.read_text(encoding="utf-8"))
    items = doc["items"]
    assert 650 <= len(items) <= 750
    assert len(doc["themes"]) == 15
    assert {i["theme"] for i in items} == {t["code"] for t in doc["themes"]}
    assert len({i["code"] for i in items}) == len(items)
    assert len({i["name"] for i in items}) == len(items)
    cat = load_catalogue()
    for i in items:
        assert cat.category(i["category"]) is not None, i["code"]
        assert i["name"] and i["name_en"] and i["process"], i["code"]
        assert i["materials"] or i["self_service"], i["code"]  # (a photo taken here: none)
        assert {"legal_days", "promised_days"} <= set(i["time_limit"])
        assert i["windows"] and i["floor"] in (1, 3) and i["online_url"].startswith("https://")
        for m in i["materials"]:
            assert {"name", "name_en", "original", "copies", "required", "lenient"} <= set(m)
        assert i["accept_missing"] == any(m["lenient"] for m in i["materials"])
        for key in ("conditions", "process", "notes"):  # the English screens have it all
            assert len([x for x in i[f"{key}_en"] if x]) == len(i[key]), (i["code"], key)
    # the catalogue's own items keep their codes (other journeys file cases under them)
    codes = {i["code"] for i in items}
    assert {i["code"] for i in cat.document["items"]} <= codes
    events = {e for i in items for e in i["life_events"]}
    assert {"birth", "marriage", "retirement", "business", "home", "work", "death"} <= events


def test_the_checklist_lists_every_material_with_a_box_and_the_online_guide(index):
    item = index.item("transfer-registration-of-an-inherited-home")
    lines = checklist_lines(item)
    boxes = [x["text"] for x in lines if isinstance(x, dict) and x.get("check")]
    assert boxes == [material_text(m) for m in item["materials"]]
    assert "完税凭证（原件，1份）【可后补】" in boxes
    assert material_text(item["materials"][0], english=True) == "Resident ID card (original, 1)"
    from drivers.printer.commands import EscPosBuilder
    from kiosk.printing import job_bytes

    data = job_bytes(GuideChecklist(item, "市政务服务中心").job(), EscPosBuilder())
    assert "□ 居民身份证（原件，1份）".encode("gbk") in data
    assert item["online_url"].encode() in data  # the QR code's payload
