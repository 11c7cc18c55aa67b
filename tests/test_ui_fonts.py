"""Chinese must render on a fresh machine: a CJK font is loaded, Han characters are not tofu."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QRawFont

from kiosk.ui import fonts
from kiosk.ui.app import make_app


def render(text: str, family: str) -> QImage:
    img = QImage(96, 96, QImage.Format.Format_RGB32)
    img.fill(Qt.GlobalColor.white)
    p = QPainter(img)
    font = QFont(family)
    font.setPixelSize(64)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    p.setFont(font)
    p.setPen(Qt.GlobalColor.black)
    p.drawText(img.rect(), Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return img


def ink(img: QImage) -> int:
    return sum(1 for y in range(0, img.height(), 2) for x in range(0, img.width(), 2)
               if img.pixelColor(x, y).lightness() < 128)


@pytest.fixture(scope="module")
def family(qapp):
    app = make_app()
    name = app.property("kiosk_font")
    assert name and name != "none", "no CJK font loaded"
    return name


def test_app_font_has_han_characters(family):
    raw = QRawFont.fromFont(QFont(family))
    for ch in "政务服务中心取号":
        assert raw.supportsCharacter(ch), ch
    assert QFontMetrics(QFont(family)).inFontUcs4(ord("补"))


def test_two_han_characters_render_differently(family):
    """Missing glyphs all render as the same box: two distinct glyphs prove real rendering."""
    a, b = render("政", family), render("务", family)
    assert ink(a) > 50 and ink(b) > 50  # something was drawn
    assert a != b


def test_a_label_with_chinese_renders_to_png(family, tmp_path, qtbot):
    from PySide6.QtWidgets import QLabel

    lab = QLabel("市政务服务中心")
    qtbot.addWidget(lab)
    lab.setStyleSheet("font-size: 48px; background: white; color: black;")
    lab.adjustSize()
    path = tmp_path / "label.png"
    assert lab.grab().save(str(path))
    img = QImage(str(path))
    assert img.width() > 48 * 6  # seven wide glyphs, not a row of narrow boxes
    assert ink(img) > 200


def test_bundled_font_is_preferred(qapp, tmp_path):
    source = next((Path(p) for p in fonts.KNOWN_FILES if Path(p).is_file()), None)
    if source is None:
        pytest.skip("no system CJK font file to bundle")
    bundled = tmp_path / "fonts"
    bundled.mkdir()
    (bundled / "README.txt").write_text("not a font")
    (bundled / source.name).symlink_to(source)
    app = make_app()
    before = app.font()
    try:
        assert fonts.ensure_cjk_font(app, bundled) in fonts.PREFERRED
    finally:
        app.setFont(before)


def test_no_font_anywhere_is_reported_not_fatal(qapp, tmp_path, monkeypatch, caplog):
    app = make_app()
    before = app.font()
    monkeypatch.setattr(fonts, "PREFERRED", ("No Such Family",))
    monkeypatch.setattr(fonts, "KNOWN_FILES", ())
    monkeypatch.setattr(fonts, "_has_han", lambda family: False)
    try:
        assert fonts.ensure_cjk_font(app, tmp_path / "none") is None
    finally:
        app.setFont(before)
    assert "no font with Chinese characters" in caplog.text
    shutil.rmtree(tmp_path, ignore_errors=True)
