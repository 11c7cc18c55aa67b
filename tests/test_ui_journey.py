"""The whole ticket journey by taps on the real widgets (pytest-qt), with fake services.

Chinese, English and elder mode; the idle timeout wipe; a failed print; a device going down
mid-session; after hours; out of service and back.
"""
from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from kiosk.demo import DemoCard, FakeClock, demo_flow, demo_health
from drivers.kinds.card_reader import CardRead
from kiosk.flows.state import Screen
from kiosk.journeys.steps.idcard import CardStep
from kiosk.printing import PaperOut
from kiosk.ui.app import make_app
from kiosk.ui.audit import audit
from kiosk.ui.i18n import Translations, ensure_built
from kiosk.ui.window import KioskWindow


@pytest.fixture(scope="module")
def translations(qapp):
    ensure_built()
    return Translations(make_app())


class Kiosk:
    def __init__(self, qtbot, translations, **kw):
        self.flow, self.fx, self.clock = demo_flow(**kw)
        self.window = KioskWindow(self.flow, translations)
        self.qtbot = qtbot
        qtbot.addWidget(self.window)
        self.window.resize(1920, 1080)
        self.window.show()

    @property
    def screen(self) -> Screen:
        return self.flow.state.screen

    def button(self, name: str) -> QAbstractButton:
        found = [b for b in self.window.findChildren(QAbstractButton, name)
                 if b.isVisibleTo(self.window)]
        assert len(found) == 1, f"{name}: {len(found)} visible"
        return found[0]

    def tap(self, name: str) -> None:
        b = self.button(name)
        assert b.isEnabled(), f"{name} is greyed out"
        self.qtbot.mouseClick(b, Qt.MouseButton.LeftButton)
        QApplication.processEvents()  # the event loop turns between two taps

    def type(self, keys: str) -> None:
        for k in keys:
            self.tap(f"key_{k}")

    def text(self, name: str) -> str:
        w = self.window.screens[self.screen].findChild(QLabel, name)
        assert w is not None, name
        return w.text()

    def all_text(self) -> str:
        return " ".join(lab.text() for lab in self.window.findChildren(QLabel))

    def close(self) -> None:
        self.window.shutdown()


@pytest.fixture
def kiosk(qtbot, translations):
    made = []

    def make(**kw):
        k = Kiosk(qtbot, translations, **kw)
        made.append(k)
        return k

    yield make
    for k in made:
        k.close()


@pytest.mark.parametrize("lang,elder", [("zh_CN", False), ("en", False), ("zh_CN", True),
                                        ("en", True)], ids=["zh", "en", "zh-elder", "en-elder"])
def test_take_a_ticket_by_taps(kiosk, lang, elder):
    k = kiosk()
    if lang == "en":
        k.tap("btn_language")
        assert k.text("title") == "Welcome! What would you like to do?"
    if elder:
        k.tap("btn_elder")
        assert k.flow.state.elder
        assert audit(k.window, elder=True, size=(1920, 1080)) == []
    k.tap("tile_ticket")
    assert k.screen == "ticket.category"
    code = "police_household"
    if elder:  # four per page, the busiest first: page through to find the service
        while not k.window.findChild(QAbstractButton, f"cat_{code}").isVisibleTo(k.window):
            k.tap("btn_next")
    k.tap(f"cat_{code}")
    assert k.screen == "ticket.confirm" and k.fx.idcard_armed
    card = DemoCard(birth_date=date(1948, 5, 12))
    k.flow.device_event("idcard", CardRead("idcard", card))  # the reader's event
    k.fx.resolve_service()  # no appointment
    status = k.text("card_status")
    assert "张*" in status and ("70" in status)
    k.tap("btn_add_mobile")
    assert k.screen == "ticket.mobile"
    assert not k.button("btn_next").isEnabled()
    k.type("13800138000")
    assert k.text("display") == "138 0013 8000"
    k.tap("btn_next")
    assert k.screen == "ticket.confirm"
    assert "138****8000" in k.text("row_sms")
    k.tap("btn_confirm")
    assert k.screen == "ticket.working"
    k.fx.resolve_service()
    assert k.screen == "ticket.working"  # printing now
    k.fx.resolve("printer.print")
    assert k.screen == "ticket.done"
    ticket = k.flow.journey.ticket
    assert k.text("ticket_number") == ticket.number and ticket.number.startswith("C")
    assert ticket.priority == "elderly_70"
    assert ("C01–C12" in k.text("row_where"))
    assert k.fx.last("queue.take_ticket").kwargs["mobile"] == "13800138000"
    k.tap("btn_done")
    st = k.flow.state
    assert st.screen == Screen.HOME and st.lang == "zh_CN" and not st.elder
    assert "138" not in k.all_text() and "张*" not in k.all_text()


def test_missed_number_by_taps(kiosk):
    k = kiosk()
    missed = k.fx.service.take_ticket("police_exit_entry")
    k.tap("tile_reissue")
    assert k.screen == "reissue.entry"
    assert not k.button("btn_confirm").isEnabled()
    k.type(missed.number)
    k.tap("btn_confirm")
    k.fx.resolve_service()
    k.fx.resolve("printer.print")
    assert k.screen == "reissue.done"
    assert missed.number in k.text("ticket_tags")


def test_idle_timeout_asks_then_wipes_everything(kiosk):
    k = kiosk()
    k.tap("btn_language")
    k.tap("tile_ticket")
    k.tap("cat_tax")
    card = DemoCard()
    k.flow.device_event("idcard", CardRead("idcard", card))
    k.fx.resolve_service()
    k.tap("btn_add_mobile")
    k.type("1390013")
    k.clock.advance(k.flow.idle_timeout_s + 1)
    k.window._second()  # the window's one-second timer
    assert k.window.countdown.isVisible()
    assert "Are you still there?" in k.window.countdown_title.text()
    k.tap("btn_still_here")
    assert not k.window.countdown.isVisible() and k.screen == "ticket.mobile"
    assert k.flow.journey.mobile.value == "1390013"
    k.clock.advance(k.flow.idle_timeout_s + 5)
    k.window._second()
    assert k.window.countdown.isVisible()
    k.clock.advance(k.flow.countdown_s)
    k.window._second()
    st = k.flow.state
    assert st.screen == Screen.HOME and st.journey is None and st.lang == "zh_CN"
    assert not k.window.countdown.isVisible()
    assert card.wiped
    # the card was never lifted: its owner is called back, the reader keeps watching
    assert k.flow.state.reminder == "idcard" and k.window.reminder.isVisible()
    assert "Please take your ID card" in k.window.reminder_title.text() or \
        "请取走您的身份证" in k.window.reminder_title.text()
    assert "0013" not in k.all_text() and "张*" not in k.all_text()


def test_a_tap_anywhere_dismisses_the_countdown(kiosk, qtbot):
    k = kiosk()
    k.tap("tile_guide")
    k.clock.advance(k.flow.idle_timeout_s + 3)
    k.window._second()
    assert k.window.countdown.isVisible()
    qtbot.mouseClick(k.window.countdown, Qt.MouseButton.LeftButton)
    assert not k.window.countdown.isVisible() and k.screen == "guide.floors"


def test_failed_print_offers_reprint_and_staff(kiosk):
    k = kiosk()
    k.tap("tile_ticket")
    k.tap("cat_business")
    k.tap("btn_confirm")
    k.fx.resolve_service()
    number = k.flow.journey.ticket.number
    k.flow.update_health(demo_health(printer="paper_out"))
    k.fx.fail("printer.print", PaperOut("printer: paper out"))
    assert k.screen == "ticket.print_failed"
    assert k.text("ticket_number") == number  # never silently vanishes
    assert "缺纸" in k.text("message")
    # reprinting cannot work now: not offered, and the text does not suggest it
    assert not [b for b in k.window.findChildren(QAbstractButton, "btn_reprint")
                if b.isVisibleTo(k.window)]
    assert "重新打印" not in k.text("message")
    k.tap("btn_staff")
    assert k.fx.staff_calls[-1] == ("ticket.print_failed:paper_out", number)
    assert k.window.staff.isVisible()
    k.tap("btn_staff_ok")
    k.flow.update_health(demo_health())  # staff refilled the paper
    k.tap("btn_reprint")
    assert k.screen == "ticket.working"
    k.fx.resolve("printer.print")
    assert k.screen == "ticket.done" and k.fx.printed[-1].ticket.number == number


def test_device_going_down_mid_session(kiosk):
    k = kiosk()
    k.tap("btn_language")
    k.tap("tile_ticket")
    k.tap("cat_business")
    assert k.flow.journey.card.state is CardStep.WAITING
    k.flow.update_health(demo_health(idcard=False))  # the reader goes: the step says so
    assert "ID card reader has just stopped" in k.text("notice")
    k.tap("btn_add_mobile")
    k.type("138")
    k.flow.update_health(demo_health(printer=False, idcard=False, server=True))
    assert k.screen == Screen.OUT_OF_SERVICE  # both critical devices gone
    k.flow.update_health(demo_health(idcard=False))
    assert k.screen == Screen.HOME
    k.tap("tile_ticket")
    k.tap("cat_business")
    assert k.screen == "ticket.confirm"  # no reader: the card offer says so, nothing else
    assert "ID card reader is not working right now" in k.text("notice")
    k.flow.update_health(demo_health(printer="paper_out"))  # reader back, printer out of paper
    assert k.screen == Screen.ERROR
    assert "ticket printer is out of paper" in k.text("message")
    k.tap("btn_home")
    tile = k.button("tile_ticket")
    assert not tile.isEnabled() and "out of paper" in tile.status.text()


def test_after_hours_ticket_taking_shows_next_opening(kiosk):
    k = kiosk(clock=FakeClock(datetime(2025, 3, 21, 17, 40)))  # a Friday evening
    tile = k.button("tile_ticket")
    assert not tile.isEnabled()
    assert "3月24日（周一）09:00" in tile.status.text()
    assert k.button("tile_guide").isEnabled()  # 24-hour function
    k.tap("btn_language")
    assert "Mon 24 Mar, 09:00" in k.button("tile_ticket").status.text()
    k.tap("tile_guide")
    assert k.screen == "guide.floors"
    k.tap("btn_floor_3")
    assert "Business Registration" in k.all_text()


def test_service_error_by_taps(kiosk):
    from kiosk.services import ServiceUnavailable

    k = kiosk()
    k.tap("btn_language")
    k.tap("tile_ticket")
    k.tap("cat_tax")
    k.tap("btn_confirm")
    k.fx.fail("queue.take_ticket", ServiceUnavailable("Tax numbers are used up today", "今日号已取完"))
    assert k.screen == Screen.ERROR
    assert "Tax numbers are used up today" in k.text("message")
    k.tap("btn_retry")
    k.fx.resolve_service()
    k.fx.resolve("printer.print")
    assert k.screen == "ticket.done"


def test_switching_modes_mid_screen_keeps_every_rule(kiosk):
    k = kiosk()
    k.tap("tile_ticket")
    for _ in range(2):
        k.tap("btn_elder")
        k.tap("btn_language")
        QApplication.processEvents()
        elder = k.flow.state.elder
        assert audit(k.window, elder=elder, size=(1920, 1080)) == []
        shown = [b.objectName() for b in k.window.findChildren(QAbstractButton)
                 if b.objectName().startswith("cat_") and b.isVisibleTo(k.window)]
        assert len(shown) == (4 if elder else 11)
