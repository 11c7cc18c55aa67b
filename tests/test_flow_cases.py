"""在线申报 and 审批进度查询 as plain state machines (no Qt), on the demo doubles. The
material sources (document camera, USB stick) are another's steps: a stand-in here that
hands back a Material at once stands for either."""
from __future__ import annotations

from datetime import date

import pytest

from kiosk.demo import DemoCard, demo_flow, demo_health
from kiosk.journeys import spec_of
from kiosk.journeys.cases import flow as apply_flow
from kiosk.journeys.steps.materials import Material
from kiosk.qr.codes import CASE, Scanned

SPECS = [spec_of("kiosk.journeys.cases"), spec_of("kiosk.journeys.case_progress")]
PDF = b"%PDF-1.4 fictitious scan"


class StandInSource:
    """A material source as docscan/usbimport give one: ``start`` → ``on_done(Material)``."""

    def __init__(self, key: str, up: bool = True) -> None:
        self.key, self.up, self.started = key, up, []

    @property
    def available(self) -> bool:
        return self.up

    def start(self, name, *, on_done, on_cancel, **kw) -> None:
        self.started.append(name)
        if name == "cancel me":
            on_cancel()
        else:
            on_done(Material(name, PDF + name.encode(), 2, self.key))

    def close(self) -> None:
        pass


@pytest.fixture
def sources(monkeypatch):
    made = {"scan": StandInSource("scan"), "usb": StandInSource("usb")}
    monkeypatch.setattr(apply_flow, "build_sources", lambda journey: dict(made))
    return made


def card(flow, c=None):
    from drivers.kinds.card_reader import CardRead

    flow.device_event("idcard", CardRead("idcard", c or DemoCard(
        name="韩梅梅", birth_date=date(1950, 1, 1), id_number="110101195001011234")))


def apply_flow_to_materials(item="fund-withdraw-retire", **health):
    flow, fx, _clock = demo_flow(journeys=SPECS, health=demo_health(**health))
    flow.open("cases")
    j = flow.journey
    fx.resolve_service()  # the items (from the catalogue)
    assert flow.state.screen == "cases.idcard" and fx.idcard_armed
    card(flow)
    j.idcard_next()
    if len(j.items) > apply_flow.FLAT_LIST_MAX:  # a hall's many items: the category first
        assert flow.state.screen == "cases.category"
        j.choose_category(item.split("-")[0])
    assert flow.state.screen == "cases.item"
    j.choose_item(item)
    return flow, fx, j


def test_apply_scan_one_bring_one_post_and_the_receipt(sources):
    flow, fx, j = apply_flow_to_materials()
    # the ID card was read: the first material to deal with is the retirement certificate
    assert flow.state.screen == "cases.material" and j.current.name == "离退休证明"
    assert j.position() == (1, 2) and j.offered_sources() == ["scan", "usb"]
    j.material_next()  # nothing handed in yet: no way on
    assert j.current.name == "离退休证明"
    j.use_source("scan")
    assert j.current.how == "provided" and j.current.pages == 2
    j.material_next()
    assert j.current.name == "本人银行卡" and not j.current.lenient
    j.bring_to_window()  # not allowed for this one (容缺 is per material)
    assert j.current.how is None
    j.use_source("usb")
    j.material_next()
    assert flow.state.screen == "cases.mobile"
    for d in "13800138000":
        j.mobile.key(d)
    j.mobile_next()
    j.choose_delivery("post")
    j.choose_district("南湖区")
    j.choose_road("湖滨路")
    for d in "12":
        j.house.key(d)
    j.house_next()
    assert flow.state.screen == "cases.review" and j.app.address.text() == "南湖区湖滨路12号"
    j.submit()
    assert flow.state.screen == "cases.working"
    req = fx.last("cases.apply")
    assert req.args[0] == "fund-withdraw-retire"
    assert req.args[1] == {"name": "韩梅梅", "id_number": "110101195001011234",
                           "mobile": "13800138000"}
    assert [m["name"] for m in req.args[3]] == ["离退休证明", "本人银行卡"]
    assert [m["kind"] for m in req.args[3]] == ["scan", "document"]
    assert req.kwargs == {"missing": [], "delivery": {"method": "post",
                                                      "address": "南湖区湖滨路12号"}}
    fx.resolve_service()
    receipt = fx.printed[-1]
    assert receipt.case_id == j.receipt["case_id"] and receipt.delivery == "post"
    assert receipt.track_url.endswith("/p/" + receipt.case_id)
    assert ("离退休证明", 2) in receipt.provided and "韩*" in str(receipt.lines())
    assert all(m.material is None or not hasattr(m.material, "pdf") for m in j.app.materials)
    fx.resolve("printer.print")
    assert flow.state.screen == "cases.done"
    j.finish()
    assert flow.state.screen == "home"


def test_accept_with_missing_materials_goes_to_the_window(sources):
    flow, fx, j = apply_flow_to_materials()
    j.bring_to_window()  # 离退休证明 is lenient in the guide
    assert j.current.name == "本人银行卡"
    j.use_source("scan")
    j.material_next()
    for d in "13800138000":
        j.mobile.key(d)
    j.mobile_next()
    j.choose_delivery("pickup")
    assert flow.state.screen == "cases.review" and j.missing() == ["离退休证明"]
    j.submit()
    assert fx.last("cases.apply").kwargs["missing"] == ["离退休证明"]
    fx.resolve_service()
    assert fx.printed[-1].missing == ("离退休证明",)


def test_without_a_working_source_a_required_material_cannot_go_on(sources):
    sources["scan"].up = False
    del sources["usb"]
    flow, _fx, j = apply_flow_to_materials()
    assert j.offered_sources() == []
    j.bring_to_window()
    j.use_source("scan")  # not offered: nothing happens
    assert j.current.name == "本人银行卡" and j.current.how is None
    j.material_next()
    assert flow.state.screen == "cases.material"


def test_a_cancelled_source_leaves_the_material_open_and_back_walks_back(sources):
    flow, _fx, j = apply_flow_to_materials()
    j.current.name = "cancel me"
    j.use_source("scan")
    assert flow.state.screen == "cases.material" and j.current.how is None
    j.back()
    assert flow.state.screen == "cases.item"
    j.back()
    assert flow.state.screen == ("cases.category" if j.categories() else "cases.idcard")


def test_progress_by_card_number_and_qr():
    flow, fx, _clock = demo_flow(journeys=SPECS, health=demo_health(camera=True))
    desk = fx.central.cases
    first = desk.apply("fund-withdraw-retire", {"id_number": "110101195001011234"}, {},
                       [], missing=["离退休证明"])["case_id"]
    desk.advance(first, "ready_for_collection")
    flow.open("case_progress")
    j = flow.journey
    assert j.ways() == ["idcard", "case_no", "qr"]
    j.choose("idcard")
    card(flow)
    fx.resolve_service()
    assert flow.state.screen == "case_progress.list" and [c["case_id"] for c in j.cases] == [first]
    j.open_case(first)
    assert flow.state.screen == "case_progress.detail" and j.stage_index() == 4
    assert j.case["collect"]["where"].startswith("1楼")
    j.print_sheet()
    sheet = fx.printed[-1]
    assert "待领取 Ready for collection" in str(sheet.lines())
    fx.resolve("printer.print")
    assert j.printed and flow.state.screen == "case_progress.detail"
    j.back()
    assert flow.state.screen == "case_progress.list"
    j.back()
    j.choose("case_no")
    for d in "999999999999":
        j.case_no.key(d)
    j.case_next()
    fx.resolve_service()  # the server knows no such case: said on the keypad
    assert flow.state.screen == "case_progress.case_no" and j.notice.code == "case_unknown"
    j.case_no.clear()
    for d in first:
        j.case_no.key(d)
    j.case_next()
    fx.resolve_service()
    assert flow.state.screen == "case_progress.detail" and j.case["case_id"] == first
    j.back()
    j.choose("qr")
    assert flow.state.screen == "case_progress.qr"
    j._scanned(Scanned(CASE, first, f"http://127.0.0.1:8780/p/{first}"))
    fx.resolve_service()
    assert flow.state.screen == "case_progress.detail"


def test_progress_without_camera_or_reader_offers_the_keypad_only():
    flow, _fx, _clock = demo_flow(journeys=SPECS, health=demo_health(idcard=False,
                                                                     camera=False))
    flow.open("case_progress")
    assert flow.journey.ways() == ["case_no"]


def test_a_reader_lost_after_the_card_was_read_does_not_drop_the_application(sources):
    flow, fx, j = apply_flow_to_materials()
    j.use_source("scan")
    flow.update_health(demo_health(idcard=False))
    assert flow.state.screen == "cases.material" and flow.journey is j
    assert j.current.how == "provided"
