"""Every screen, in Chinese, English and elder mode: tap targets, text size, text fits.

The scenes are the ones ``kiosk ui screenshots`` renders, so what is checked here is what
the README's pictures show.
"""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.flows.state import Screen
from kiosk.ui.app import make_app
from kiosk.ui.audit import audit
from kiosk.ui.i18n import Translations, ensure_built
from kiosk.ui.scenes import SCENES, VARIANTS
from kiosk.ui.screenshots import SIZE, close_scene, open_scene

EXPECTED_SCREEN = {
    "01_home": Screen.HOME, "05_category": "ticket.category",
    "07_confirm_card_waiting": "ticket.confirm", "10_confirm_idcard_unavailable": "ticket.confirm",
    "11_mobile_typing": "ticket.mobile", "13_confirm": "ticket.confirm",
    "14_working_taking": "ticket.working", "16_done": "ticket.done",
    "18_print_failed": "ticket.print_failed", "19_error_service": Screen.ERROR,
    "21_error_device_lost": Screen.ERROR, "22_reissue_entry": "reissue.entry",
    "24_guide": "guide.floors", "27_out_of_service": Screen.OUT_OF_SERVICE,
}


@pytest.fixture(scope="module")
def translations(qapp):
    ensure_built()
    return Translations(make_app())


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.name)
def test_screen_meets_the_rules(scene, variant, translations, qtbot):
    window, flow, fx = open_scene(scene, variant, translations)
    try:
        if scene.name in EXPECTED_SCREEN:
            assert flow.state.screen == EXPECTED_SCREEN[scene.name]
        assert flow.state.elder is variant.elder and flow.state.lang == variant.lang
        assert audit(window, elder=variant.elder, size=SIZE) == []
        texts = [w.text() for w in window.findChildren(QLabel) if w.isVisibleTo(window)]
        texts += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisibleTo(window)]
        shown = " ".join(texts)
        assert "Traceback" not in shown and "Error:" not in shown
        if variant.lang == "en":  # no Chinese left untranslated outside names and the banner
            chinese = [t for t in texts if any("\u4e00" <= ch <= "\u9fff" for ch in t)]
            allowed = ("模拟设备", "中文", "张*")  # the banner, the switch, a name
            assert [t for t in chinese if not any(a in t for a in allowed)] == []
    finally:
        close_scene(window)


def test_greyed_out_tiles_say_why_in_words(translations, qtbot):
    from kiosk.ui.scenes import Scene

    variant = VARIANTS[0]
    scene = Scene("paper", lambda f, x, c: None, health={"printer": "paper_out"})
    window, flow, fx = open_scene(scene, variant, translations)
    try:
        tile = window.findChild(QAbstractButton, "tile_ticket")
        assert not tile.isEnabled()
        assert tile.status.isVisibleTo(window) and "缺纸" in tile.status.text()
        assert tile.status.text().startswith("⚠")  # a symbol as well as the grey colour
        assert window.findChild(QAbstractButton, "tile_guide").isEnabled()
    finally:
        close_scene(window)


PORTRAIT = (1080, 1920)  # kiosks stand upright too


@pytest.mark.parametrize("variant", [VARIANTS[0], VARIANTS[3]], ids=lambda v: v.name)
@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.name)
def test_screen_fits_a_portrait_kiosk(scene, variant, translations, qtbot):
    window, flow, fx = open_scene(scene, variant, translations, size=PORTRAIT)
    try:
        assert audit(window, elder=variant.elder, size=PORTRAIT) == []
    finally:
        close_scene(window)
