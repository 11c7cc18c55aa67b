"""办事指南 by taps on the real widgets (pytest-qt): Chinese and English, the on-screen
keyboard, browsing, printing the checklist, and taking a number for the item."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from kiosk.demo import demo_flow
from kiosk.ui.app import make_app
from kiosk.ui.audit import audit
from kiosk.ui.i18n import Translations, ensure_built
from kiosk.ui.qr import QrCode
from kiosk.ui.window import KioskWindow
from tests.test_ui_payments import _qr_text

ITEM = "transfer-registration-of-an-inherited-home"


@pytest.fixture(scope="module")
def translations(qapp):
    ensure_built()
    return Translations(make_app())


class Kiosk:
    def __init__(self, qtbot, translations, lang="zh_CN", size=(1920, 1080)):
        self.flow, self.fx, self.clock = demo_flow()
        self.flow.set_language(lang)
        self.window = KioskWindow(self.flow, translations, kiosk_mode=False)
        self.qtbot = qtbot
        qtbot.addWidget(self.window)
        self.window.resize(*size)
        self.window.show()
        QApplication.processEvents()

    def button(self, name: str) -> QAbstractButton:
        found = [b for b in self.window.findChildren(QAbstractButton, name)
                 if b.isVisibleTo(self.window)]
        assert len(found) == 1, f"{name}: {len(found)} visible"
        return found[0]

    def tap(self, name: str) -> None:
        b = self.button(name)
        assert b.isEnabled(), f"{name} is greyed out"
        self.qtbot.mouseClick(b, Qt.MouseButton.LeftButton)
        QApplication.processEvents()

    def type(self, keys: str) -> None:
        for k in keys:
            self.tap(f"key_{k}")

    def text(self, name: str) -> str:
        w = self.window.screens[self.flow.state.screen].findChild(QLabel, name)
        assert w is not None, name
        return w.text()

    def title(self) -> str:
        return self.text("title")


@pytest.fixture
def kiosk(qtbot, translations):
    made = []

    def make(**kw):
        k = Kiosk(qtbot, translations, **kw)
        made.append(k)
        return k

    yield make
    for k in made:
        k.window.shutdown()


def test_search_by_initials_read_print_and_take_a_number_in_chinese(kiosk):
    k = kiosk()
    k.tap("tile_services")
    assert k.flow.state.screen == "services.loading"
    k.fx.resolve_service()  # the guides' index
    QApplication.processEvents()
    assert k.flow.state.screen == "services.menu"
    k.tap("btn_search")
    k.type("bdczy")
    assert k.text("search_query").startswith("bdczy")
    assert k.button("result_transfer-registration-of-a-new-home").isVisible()
    k.tap(f"result_{ITEM}")
    assert k.flow.state.screen == "services.guide"
    assert k.title() == "不动产转移登记（继承）"
    assert "☐ 完税凭证（原件，1份）【可后补】" in k.text("guide_materials")
    assert "承诺 5 个工作日内办结" in k.text("guide_time")
    assert k.window.findChild(QAbstractButton, "btn_take_number").isVisible()
    k.tap("btn_print")
    assert k.flow.state.screen == "services.printing"
    k.fx.resolve("printer.print")
    QApplication.processEvents()
    assert k.flow.state.screen == "services.printed"
    assert k.fx.printed[-1].item["code"] == ITEM
    k.tap("btn_guide")
    k.tap("btn_take_number")
    assert k.flow.state.screen == "ticket.confirm"
    assert k.flow.journey.category.code == "property"


def test_result_buttons_are_reused_and_tap_what_they_show_now(kiosk):
    k = kiosk()
    k.tap("tile_services")
    k.fx.resolve_service()
    QApplication.processEvents()
    k.tap("btn_search")
    k.type("bdczy")
    shown = set(k.window.screens["services.search"].box.buttons.values())
    k.tap("key_clear")
    k.type("sbk")
    now = k.window.screens["services.search"].box.buttons
    assert set(now.values()) & shown  # the same buttons, saying something else
    # a spare button keeps no name: a lookup finds only what is on show
    assert not k.window.findChildren(QAbstractButton, "result_transfer-registration-of-a-new-home")
    k.tap("result_ssc-card-reissue")
    assert k.flow.journey.item["code"] == "ssc-card-reissue"
    qr = [w for w in k.window.findChildren(QrCode, "guide_qr") if w.isVisibleTo(k.window)]
    assert len(qr) == 1 and k.flow.journey.item["online_url"]
    assert _qr_text(qr[0]) == [k.flow.journey.item["online_url"]]  # what a phone reads


def test_browse_by_life_event_in_english_and_the_keyboard_layouts(kiosk):
    k = kiosk(lang="en")
    k.tap("tile_services")
    k.fx.resolve_service()
    QApplication.processEvents()
    assert k.title() == "Service guides"
    k.tap("event_birth")
    assert k.flow.state.screen == "services.list" and k.title() == "Having a baby"
    k.tap("item_registering-a-newborn-in-the-household")
    assert k.title() == "Registering a newborn in the household"
    assert "Medical birth certificate (original" in k.text("guide_materials")
    assert k.text("guide_legal") == "See the online guide"  # the laws' titles are Chinese
    k.tap("btn_back")
    assert k.flow.state.screen == "services.list"
    k.tap("btn_back")
    k.tap("btn_search")
    k.type("sbk")
    k.tap("key_toggle")  # digits
    assert k.button("key_1").isVisible() and not k.window.findChild(
        QAbstractButton, "key_q")
    k.tap("key_toggle")
    k.tap("key_back")
    k.type("k")
    assert k.flow.journey.query == "sbk"
    assert k.button("result_ssc-card-reissue").accessibleName().startswith(
        "Social-security card loss report")
    assert audit(k.window, elder=False, size=(1920, 1080)) == []
    k.tap("key_clear")
    assert k.flow.journey.query == "" and "shebaoka" in k.text("search_status")


def test_a_portrait_kiosk_has_the_keyboard_under_the_results(kiosk):
    k = kiosk(size=(1080, 1920))
    k.flow.toggle_elder()
    k.tap("tile_services")
    k.fx.resolve_service()
    QApplication.processEvents()
    k.tap("btn_search")
    k.type("jiehun")
    result = k.button("result_marriage-registration")
    key = k.button("key_q")
    assert key.mapToGlobal(key.rect().topLeft()).y() > result.mapToGlobal(
        result.rect().topLeft()).y()
    assert audit(k.window, elder=True, size=(1080, 1920)) == []
