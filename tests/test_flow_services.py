"""办事指南 as a plain state machine (no Qt): loading, search as typed, browse, the guide,
printing the checklist, and "take a number for this" handing over to the ticket journey."""
from __future__ import annotations

from datetime import datetime

from kiosk.demo import FakeClock, demo_flow, demo_health
from kiosk.flows.state import Action, Screen
from kiosk.guides.checklist import GuideChecklist
from kiosk.journeys.services.flow import MAX_QUERY
from kiosk.printing import PaperOut
from kiosk.services import ServiceUnavailable

ITEM = "transfer-registration-of-an-inherited-home"


def opened(**kw):
    flow, fx, clock = demo_flow(**kw)
    flow.open("services")
    assert flow.state.screen == "services.loading" and fx.kinds() == ["guides.index"]
    fx.resolve_service()
    assert flow.state.screen == "services.menu"
    return flow, fx, clock


def test_the_guides_are_asked_for_once_and_searched_as_typed():
    flow, fx, _ = opened()
    j = flow.journey
    j.open_search()
    assert flow.state.screen == "services.search" and j.hits == []
    j.type_text("bdczy")
    assert j.query == "bdczy" and j.hits[0].code == "transfer-registration-of-a-new-home"
    j.type_text("djjc")
    assert j.hits[0].code == ITEM
    j.backspace()
    assert j.query == "bdczydjj"
    j.clear()
    assert j.query == "" and j.hits == []
    j.type_text("x" * (MAX_QUERY + 5))
    assert len(j.query) == MAX_QUERY
    assert fx.central.guides.asked == 1  # every keystroke searched the index in memory
    j.toggle_layout()
    assert j.layout == "digits"


def test_browse_by_life_event_theme_and_zone_pages_through():
    flow, _fx, _ = opened()
    j = flow.journey
    j.browse("event", "marriage")
    assert flow.state.screen == "services.list"
    assert "marriage-registration" in [i["code"] for i in j.visible_items()]
    j.back()
    j.browse("theme", "business")
    assert j.page_count() > 1
    first = j.visible_items()
    j.page_next()
    assert j.page == 1 and j.visible_items() != first
    j.back()
    assert [c.zone for c in j.zones()] == ["A", "B", "C", "D", "E", "F"]
    j.browse("zone", "C")
    assert {i["zone"] for i in j.group_items()} == {"C"}
    j.open_item(j.visible_items()[0]["code"])
    assert flow.state.screen == "services.guide"
    j.back()
    assert flow.state.screen == "services.list"  # back where the citizen came from


def test_take_a_number_for_this_opens_the_ticket_journey_with_the_category_chosen():
    flow, _fx, _ = opened()
    j = flow.journey
    j.open_search()
    j.type_text("bdczydjjc")
    j.open_item(ITEM)
    ok, _ = j.ticket_status()
    assert ok
    j.take_number()
    assert flow.state.screen == "ticket.confirm"
    assert flow.journey.spec.name == "ticket" and flow.journey.category.code == "property"
    assert flow.state.lang == "zh_CN"  # the session goes on: language and mode kept


def test_after_hours_the_guide_opens_but_no_number_is_taken():
    flow, _fx, _clock = opened(clock=FakeClock(datetime(2025, 3, 18, 22, 40)))
    j = flow.journey
    j.open_search()
    j.type_text("jiehundengji")
    j.open_item("marriage-registration")
    ok, status = j.ticket_status()
    assert not ok and status.reason.subject == "hours"
    j.take_number()
    assert flow.state.screen == "services.guide"


def test_the_checklist_prints_and_a_failed_print_can_be_printed_again():
    flow, fx, _ = opened()
    j = flow.journey
    j.open_search()
    j.type_text("jiehundengji")
    j.open_item("marriage-registration")
    j.print_checklist()
    assert flow.state.screen == "services.printing" and flow.busy
    doc = fx.printed[-1]
    assert isinstance(doc, GuideChecklist) and doc.item["code"] == "marriage-registration"
    fx.fail("printer.print", PaperOut("printer: paper out"))
    assert flow.state.screen == "services.print_failed" and j.printing.problem == "paper_out"
    j.reprint()
    assert flow.state.screen == "services.printing"
    fx.resolve("printer.print")
    assert flow.state.screen == "services.printed"
    j.back_to_guide()
    assert flow.state.screen == "services.guide"


def test_without_a_printer_the_guide_still_works_and_offers_no_print():
    flow, fx, _ = opened(health=demo_health(printer=False))
    j = flow.journey
    j.open_search()
    j.type_text("sbk")
    j.open_item("ssc-card-reissue")
    assert not j.can_print
    j.print_checklist()
    assert flow.state.screen == "services.guide" and fx.printed == []


def test_guides_that_cannot_load_say_so_and_try_again():
    flow, fx, _ = demo_flow()
    flow.open("services")
    fx.fail("guides.index", ServiceUnavailable("no guides", "办事指南暂时无法加载"))
    assert flow.state.screen == Screen.ERROR
    assert flow.state.error.code == "guides_unavailable"
    flow.act(Action.RETRY)
    assert flow.state.screen == "services.loading"
    fx.resolve_service()
    assert flow.state.screen == "services.menu"


def test_the_session_end_forgets_the_query():
    flow, _fx, _ = opened()
    j = flow.journey
    j.open_search()
    j.type_text("shebaoka")
    flow.end_session("idle")
    assert flow.journey is None and j.query == "" and j.hits == []
