"""Scenes of the service guides (办事指南) for kiosk.ui.scenes: search, browse, the guide."""
from __future__ import annotations

#: an item with every section filled (materials with "may follow", a fee, both time limits)
ITEM = "transfer-registration-of-an-inherited-home"


def _open(flow, fx):
    flow.open("services")
    fx.resolve_service()  # central.guides.index()


def menu(flow, fx, clock):
    _open(flow, fx)


def search(flow, fx, clock, query="bdczy"):
    _open(flow, fx)
    flow.journey.open_search()
    flow.journey.type_text(query)


def search_empty(flow, fx, clock):
    search(flow, fx, clock, "")


def search_none(flow, fx, clock):
    search(flow, fx, clock, "qqqxz")


def search_digits(flow, fx, clock):
    search(flow, fx, clock, "sbk")
    flow.journey.toggle_layout()


def life_event(flow, fx, clock):
    _open(flow, fx)
    flow.journey.browse("event", "birth")


def guide(flow, fx, clock):
    search(flow, fx, clock, "bdczydjjc")
    flow.journey.open_item(ITEM)


def printed(flow, fx, clock):
    guide(flow, fx, clock)
    flow.journey.print_checklist()
    fx.resolve("printer.print")


def print_failed(flow, fx, clock):
    from kiosk.demo import demo_health
    from kiosk.printing import PaperOut

    guide(flow, fx, clock)
    flow.journey.print_checklist()
    flow.update_health(demo_health(printer="paper_out"))
    fx.fail("printer.print", PaperOut("printer: paper out"))
