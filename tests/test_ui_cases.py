"""在线申报 and 审批进度查询 walked by taps on the real widgets, in Chinese and English (mock
mode, demo doubles; the material sources are a stand-in: tests/test_flow_cases.py)."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from drivers.kinds.card_reader import CardRead
from kiosk.demo import DemoCard, demo_flow, demo_health
from kiosk.flows.state import Screen
from kiosk.journeys import spec_of
from kiosk.journeys.cases import flow as apply_flow
from kiosk.ui.app import make_app
from kiosk.ui.i18n import Translations, ensure_built
from kiosk.ui.window import KioskWindow
from tests.test_flow_cases import StandInSource

SPECS = [spec_of("kiosk.journeys.cases"), spec_of("kiosk.journeys.case_progress")]


@pytest.fixture(scope="module")
def translations(qapp):
    ensure_built()
    return Translations(make_app())


@pytest.fixture
def sources(monkeypatch):
    made = {"scan": StandInSource("scan"), "usb": StandInSource("usb")}
    monkeypatch.setattr(apply_flow, "build_sources", lambda journey: dict(made))
    return made


def tap(qtbot, window, name):
    found = [b for b in window.findChildren(QAbstractButton, name) if b.isVisibleTo(window)]
    assert len(found) == 1, f"{name}: {len(found)} visible"
    assert found[0].isEnabled(), f"{name} is greyed out"
    qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def text_of(window, screen, name) -> str:
    return window.screens[screen].findChild(QLabel, name).text()


def open_window(translations, qtbot, lang, **health):
    flow, fx, _clock = demo_flow(journeys=SPECS, health=demo_health(**health))
    flow.set_language(lang)
    w = KioskWindow(flow, translations)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    return w, flow, fx


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_apply_by_taps(lang, sources, translations, qtbot):
    w, flow, fx = open_window(translations, qtbot, lang)
    try:
        tap(qtbot, w, "tile_cases")
        fx.resolve_service()  # the items
        QApplication.processEvents()
        flow.device_event("idcard", CardRead("idcard", DemoCard(
            birth_date=date(1950, 1, 1), id_number="110101195001011234")))
        tap(qtbot, w, "btn_next")
        if flow.state.screen == "cases.category":
            tap(qtbot, w, "cat_fund")
        tap(qtbot, w, "item_fund-withdraw-retire")
        assert flow.state.screen == "cases.material"
        title = w.screens["cases.material"].title.text()
        assert title == ("材料 1/2：离退休证明" if lang == "zh_CN"
                         else "Material 1/2: Retirement certificate")
        tap(qtbot, w, "source_scan")
        assert sources["scan"].started == ["离退休证明"]
        assert "2" in text_of(w, "cases.material", "material_state")
        tap(qtbot, w, "btn_next")
        tap(qtbot, w, "source_usb")
        tap(qtbot, w, "btn_next")
        assert flow.state.screen == "cases.mobile"
        for k in "13800138000":
            tap(qtbot, w, f"key_{k}")
        tap(qtbot, w, "btn_next")
        tap(qtbot, w, "delivery_pickup")
        assert flow.state.screen == "cases.review"
        assert "138****8000" in text_of(w, "cases.review", "row_mobile")
        tap(qtbot, w, "btn_submit")
        assert fx.last("cases.apply").args[0] == "fund-withdraw-retire"
        fx.resolve_service()
        fx.resolve("printer.print")
        QApplication.processEvents()
        assert flow.state.screen == "cases.done"
        number = fx.central.cases.mine("110101195001011234")[0]["case_id"]
        assert text_of(w, "cases.done", "case_number").replace(" ", "") == number
        tap(qtbot, w, "btn_done")
        assert flow.state.screen == Screen.HOME
    finally:
        w.shutdown()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_progress_by_case_number_by_taps(lang, translations, qtbot):
    w, flow, fx = open_window(translations, qtbot, lang)
    try:
        desk = fx.central.cases
        number = desk.apply("fund-withdraw-retire", {"id_number": "110101195001011234"}, {},
                            [], missing=["离退休证明"])["case_id"]
        desk.advance(number, "missing_materials")
        tap(qtbot, w, "tile_case_progress")
        tap(qtbot, w, "way_case_no")
        for k in number:
            tap(qtbot, w, f"key_{k}")
        tap(qtbot, w, "btn_next")
        fx.resolve_service()
        QApplication.processEvents()
        assert flow.state.screen == "case_progress.detail"
        stage = text_of(w, "case_progress.detail", "stage")
        assert stage == ("当前状态：待补正材料" if lang == "zh_CN"
                         else "Stage: Materials missing")
        missing = text_of(w, "case_progress.detail", "row_missing")
        assert missing == ("离退休证明" if lang == "zh_CN" else "Retirement certificate")
        tap(qtbot, w, "btn_print")
        assert "待补正 Materials missing" in str(fx.printed[-1].lines())
        fx.resolve("printer.print")
        QApplication.processEvents()
        tap(qtbot, w, "btn_done")
        assert flow.state.screen == Screen.HOME
    finally:
        w.shutdown()
