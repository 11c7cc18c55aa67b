"""Theme rules: tap targets, elder text size, contrast of every text/background pair."""
from __future__ import annotations

import pytest

from kiosk.ui.theme import (
    ELDER,
    MIN_CONTRAST,
    MIN_TAP_ELDER,
    MIN_TAP_NORMAL,
    MIN_TEXT_ELDER,
    NORMAL,
    contrast,
    stylesheet,
)


def test_contrast_formula():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # just fails AA


@pytest.mark.parametrize("theme", [NORMAL, ELDER], ids=lambda t: t.name)
def test_every_text_colour_pair_meets_4_5_to_1(theme):
    low = [(name, round(contrast(fg, bg), 2)) for name, fg, bg in theme.text_pairs()
           if contrast(fg, bg) < MIN_CONTRAST]
    assert not low


def test_sizes():
    assert NORMAL.tap_min >= MIN_TAP_NORMAL and NORMAL.key_h >= MIN_TAP_NORMAL
    assert ELDER.tap_min >= MIN_TAP_ELDER and ELDER.key_h >= MIN_TAP_ELDER
    assert ELDER.key_w >= MIN_TAP_ELDER and ELDER.tile_min_h >= MIN_TAP_ELDER
    assert min(ELDER.small_px, ELDER.body_px, ELDER.button_px) >= MIN_TEXT_ELDER
    assert ELDER.body_px > NORMAL.body_px


@pytest.mark.parametrize("theme", [NORMAL, ELDER], ids=lambda t: t.name)
def test_stylesheet_uses_the_theme(theme):
    qss = stylesheet(theme)
    assert f"min-height: {theme.tap_min}px" in qss
    assert f"font-size: {theme.small_px}px" in qss
