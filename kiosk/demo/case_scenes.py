"""在线申报 and 审批进度查询 scenes for ``kiosk ui screenshots`` and the screen rules tests
(:mod:`kiosk.ui.scenes` lists them): each drives a demo flow with the in-memory
``central.cases`` (:mod:`kiosk.demo.cases`) to one state, by the calls taps make. The
material sources are demo stand-ins here (the document camera and USB steps are their own
modules): they hand back a two-page Material at once."""
from __future__ import annotations

from datetime import date

from drivers.kinds.card_reader import CardRead
from kiosk.demo import DemoCard

ITEM = "fund-withdraw-retire"
MOBILE = "13800138000"


class DemoSource:
    def __init__(self, key: str) -> None:
        self.key = key

    available = True

    def start(self, name, *, on_done, on_cancel, **kw) -> None:
        from kiosk.journeys.steps.materials import Material

        on_done(Material(name, b"%PDF-1.4 demo", 2, self.key))

    def close(self) -> None:
        pass


def _card(flow) -> None:
    flow.device_event("idcard", CardRead("idcard", DemoCard(
        name="张三", birth_date=date(1950, 1, 1), id_number="110101195001011234")))


def apply_idcard(flow, fx, clock) -> None:
    flow.open("cases")
    fx.resolve_service()  # the items
    flow.journey.sources = {"scan": DemoSource("scan"), "usb": DemoSource("usb")}


def apply_category(flow, fx, clock) -> None:
    apply_idcard(flow, fx, clock)
    _card(flow)
    flow.journey.idcard_next()


def apply_item(flow, fx, clock) -> None:
    apply_category(flow, fx, clock)
    if flow.journey.step == "category":
        flow.journey.choose_category("fund")


def apply_material(flow, fx, clock) -> None:
    apply_item(flow, fx, clock)
    flow.journey.choose_item(ITEM)


def apply_material_no_source(flow, fx, clock) -> None:
    apply_material(flow, fx, clock)
    flow.journey.sources = {}
    flow.journey.bring_to_window()  # the second material: bank card, not lenient


def apply_material_provided(flow, fx, clock) -> None:
    apply_material(flow, fx, clock)
    flow.journey.use_source("scan")


def apply_mobile(flow, fx, clock) -> None:
    apply_material(flow, fx, clock)
    j = flow.journey
    j.bring_to_window()
    j.use_source("usb")
    j.material_next()
    for d in MOBILE[:7]:
        j.mobile.key(d)


def apply_delivery(flow, fx, clock) -> None:
    apply_mobile(flow, fx, clock)
    for d in MOBILE[7:]:
        flow.journey.mobile.key(d)
    flow.journey.mobile_next()


def apply_district(flow, fx, clock) -> None:
    apply_delivery(flow, fx, clock)
    flow.journey.choose_delivery("post")


def apply_road(flow, fx, clock) -> None:
    apply_district(flow, fx, clock)
    flow.journey.choose_district("南湖区")


def apply_house(flow, fx, clock) -> None:
    apply_road(flow, fx, clock)
    flow.journey.choose_road("湖滨路")
    for d in "128":
        flow.journey.house.key(d)


def apply_review(flow, fx, clock) -> None:
    apply_house(flow, fx, clock)
    flow.journey.house_next()


def apply_done(flow, fx, clock) -> None:
    apply_review(flow, fx, clock)
    flow.journey.submit()
    fx.resolve_service()
    fx.resolve("printer.print")


def apply_print_failed(flow, fx, clock) -> None:
    from drivers.printer.errors import PaperOut

    apply_review(flow, fx, clock)
    flow.journey.submit()
    fx.resolve_service()
    fx.fail("printer.print", PaperOut("paper out"))


def _demo_cases(fx) -> str:
    desk = fx.central.cases
    first = desk.apply(ITEM, {"id_number": "110101195001011234"}, {}, [],
                       missing=["离退休证明"])["case_id"]
    second = desk.apply("police-id-photo" if any(
        i["code"] == "police-id-photo" for i in desk.items()) else ITEM,
        {"id_number": "110101195001011234"}, {}, [])["case_id"]
    desk.advance(second, "in_review", at="2025-03-19T09:10:00+08:00")
    desk.advance(second, "approved", at="2025-03-20T11:00:00+08:00")
    desk.advance(second, "ready_for_collection", at="2025-03-20T15:00:00+08:00")
    return first


def progress_choose(flow, fx, clock) -> None:
    _demo_cases(fx)
    flow.open("case_progress")


def progress_case_no(flow, fx, clock) -> None:
    progress_choose(flow, fx, clock)
    flow.journey.choose("case_no")
    for d in "20250318":
        flow.journey.case_no.key(d)


def progress_list(flow, fx, clock) -> None:
    progress_choose(flow, fx, clock)
    flow.journey.choose("idcard")
    _card(flow)
    fx.resolve_service()


def progress_detail_missing(flow, fx, clock) -> None:
    progress_list(flow, fx, clock)
    flow.journey.open_case(flow.journey.cases[-1]["case_id"])


def progress_detail_ready(flow, fx, clock) -> None:
    progress_list(flow, fx, clock)
    flow.journey.open_case(flow.journey.cases[0]["case_id"])
