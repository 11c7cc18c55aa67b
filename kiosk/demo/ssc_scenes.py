"""The social-security card journey's screenshot scenes (kiosk/ui/scenes.py lists them): a
demo flow driven by hand to each screen, with the canned answers of :mod:`kiosk.demo.ssc`."""
from __future__ import annotations

from datetime import date

from drivers.dispenser.errors import HopperEmpty
from drivers.kinds.card_reader import CardRead
from drivers.ssc.errors import CardWriteFailed
from kiosk.demo import DemoCard
from kiosk.demo.ssc import (
    ID_NUMBER,
    demo_account,
    demo_application,
    demo_issue_card,
    demo_loss_report,
    demo_read_back,
    demo_script,
    demo_sms,
)

#: the issuing station is there and works
HEALTH = {"card_dispenser": True, "smartcard": True}


def _card(flow) -> None:
    flow.device_event("idcard", CardRead("idcard", DemoCard(
        name="张三", birth_date=date(1985, 6, 15), id_number=ID_NUMBER)))


def identify(flow, fx, clock) -> None:
    flow.open("ssc")


def id_number(flow, fx, clock) -> None:
    flow.open("ssc")
    flow.journey.type_id()
    for ch in ID_NUMBER[:11]:
        flow.journey.id_entry.key(ch)


def code(flow, fx, clock) -> None:
    flow.open("ssc")
    j = flow.journey
    j.type_id()
    for ch in ID_NUMBER:
        j.id_entry.key(ch)
    j.id_next()
    fx.resolve("ssc.send_code", demo_sms())
    for ch in "246":
        j.code.key(ch)


def account(flow, fx, clock, **kw) -> None:
    flow.open("ssc")
    _card(flow)
    fx.resolve("ssc.lookup", demo_account(**kw))


def account_resume(flow, fx, clock) -> None:
    account(flow, fx, clock, status="lost", application=demo_application())


def loss(flow, fx, clock) -> None:
    account(flow, fx, clock)
    flow.journey.choose("lost")


def _opened(flow, fx, **kw) -> None:
    loss(flow, fx, None)
    flow.journey.confirm_loss()
    fx.resolve("ssc.report_loss", demo_loss_report())
    fx.resolve("ssc.open_application", demo_application(**kw))


def photo(flow, fx, clock) -> None:
    _opened(flow, fx)


def photo_missing(flow, fx, clock) -> None:
    _opened(flow, fx, photo="missing")


def fee(flow, fx, clock) -> None:
    _opened(flow, fx, photo="not_needed", fee_fen=2000)


def confirm(flow, fx, clock) -> None:
    _opened(flow, fx)
    flow.journey.use_photo()


def _issue_to_ic(flow, fx) -> None:
    confirm(flow, fx, None)
    flow.journey.start_issue()
    fx.resolve("ssc.interrupted", [])
    fx.resolve("card_dispenser.card_position", "none")
    fx.resolve("ssc.begin_dispense", None)
    fx.resolve("card_dispenser.to_ic_position", None)


def writing(flow, fx, clock) -> None:
    _issue_to_ic(flow, fx)
    fx.resolve("smartcard.wait_card", b"\x3b")


def _written(flow, fx) -> None:
    writing(flow, fx, None)
    fx.resolve("smartcard.prepare_issue", demo_issue_card())
    fx.resolve("ssc.script", demo_script())
    fx.resolve("smartcard.run_script", None)
    fx.resolve("smartcard.read_ssc", demo_read_back())
    fx.resolve("ssc.report", "r1")
    fx.resolve("ssc.at_gate", None)
    fx.resolve("card_dispenser.eject", None)


def take(flow, fx, clock) -> None:
    _written(flow, fx)


def done(flow, fx, clock) -> None:
    _written(flow, fx)
    fx.resolve("card_dispenser.wait_taken", True)
    fx.resolve("ssc.report", "r2")
    fx.resolve("printer.print", None)


def retained(flow, fx, clock) -> None:
    _written(flow, fx)
    fx.resolve("card_dispenser.wait_taken", False)
    fx.resolve("card_dispenser.capture", True)
    fx.resolve("ssc.report", "r2")
    fx.resolve("printer.print", None)


def failed_write(flow, fx, clock) -> None:
    writing(flow, fx, None)
    fx.resolve("smartcard.prepare_issue", demo_issue_card())
    fx.resolve("ssc.script", demo_script())
    fx.fail("smartcard.run_script", CardWriteFailed("ssc: write 07: SW 6581", 0x6581))
    fx.resolve("card_dispenser.capture", True)
    fx.resolve("ssc.report", "r")


def failed_hopper(flow, fx, clock) -> None:
    confirm(flow, fx, None)
    flow.journey.start_issue()
    fx.resolve("ssc.interrupted", [])
    fx.resolve("card_dispenser.card_position", "none")
    fx.resolve("ssc.begin_dispense", None)
    fx.fail("card_dispenser.to_ic_position", HopperEmpty("dispenser: the hopper is empty"))
    fx.resolve("ssc.report", "r")


# ------------------------------------------------------------------ 社保卡查询
def query_insert(flow, fx, clock) -> None:
    flow.open("ssc_query")


def query_wrong_card(flow, fx, clock) -> None:
    from drivers.ssc.errors import WrongCard

    flow.open("ssc_query")
    flow.device_error("smartcard", "read_ssc", WrongCard("reader: SELECT SSSE", 0x6A82),
                      "retry")


def query_result(flow, fx, clock) -> None:
    from drivers.kinds.smart_card import SscCardRead

    flow.open("ssc_query")
    flow.device_event("smartcard", SscCardRead("smartcard", demo_read_back(
        card_number="A00000011")))
    app = demo_application(state="open", attempts=1)
    app["cards"] = [{"outcome": "failed", "card_at": "reject_bin", "reason": "write_failed",
                     "at": "2025-03-18T10:20:05+08:00"}]
    fx.resolve("ssc.lookup", demo_account(status="lost", application=app))
