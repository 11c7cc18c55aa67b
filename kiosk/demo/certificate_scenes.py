"""自助打印's scenes for the screenshots and the screen tests (kiosk.ui.scenes): a demo flow
driven as taps and device events would, the demo central making specimen PDFs."""
from __future__ import annotations

from drivers.cups.errors import PaperOut
from drivers.kinds.card_reader import CardRead
from drivers.kinds.document_printer import DocumentPrinted
from kiosk.demo import DemoCard

HEALTH = {"a4printer": True}


def identify(flow, fx, clock) -> None:
    flow.open("certificates")


def choose(flow, fx, clock) -> None:
    identify(flow, fx, clock)
    flow.device_event("idcard", CardRead("idcard", DemoCard(name="张三")))


def period(flow, fx, clock) -> None:
    choose(flow, fx, clock)
    flow.journey.choose("ssc_record")


def generating(flow, fx, clock) -> None:
    period(flow, fx, clock)
    flow.journey.choose_period(flow.journey.periods()[0][0])


def preview(flow, fx, clock) -> None:
    generating(flow, fx, clock)
    fx.resolve_service()


def printing(flow, fx, clock) -> None:
    preview(flow, fx, clock)
    flow.journey.print_now()


def done(flow, fx, clock) -> None:
    printing(flow, fx, clock)
    fx.resolve("a4printer.print", DocumentPrinted("12", 2))


def print_failed(flow, fx, clock) -> None:
    printing(flow, fx, clock)
    fx.fail("a4printer.print", PaperOut("job 12 stopped: paper out", printed=False))


def print_failed_twice(flow, fx, clock) -> None:
    print_failed(flow, fx, clock)
    flow.journey.reprint()
    fx.fail("a4printer.print", PaperOut("job 13 stopped: paper out", printed=None))
