"""Translations: complete, compiled by lrelease, instant switch, Chinese without .qm files."""
from __future__ import annotations

import shutil

from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from kiosk.demo import demo_flow
from kiosk.ui import i18n
from kiosk.ui.app import make_app


def test_every_string_in_the_ui_has_an_english_translation():
    assert i18n.problems() == []


def test_extraction_finds_tr_and_marked_strings():
    found = i18n.extract()
    assert "取号" in found and "号票打印机" in found  # tr() and N_()
    assert all(loc[0].startswith(("kiosk/ui/", "kiosk/journeys/", "kiosk/flows/"))
               for loc in found.values())
    assert any(loc[0].startswith("kiosk/journeys/") for loc in found.values())  # tiles


def test_build_compiles_qm_that_qt_loads(qapp, tmp_path):
    shutil.copy(i18n.I18N_DIR / "ticket_en.ts", tmp_path)
    (qm,) = i18n.build(tmp_path)
    t = QTranslator()
    assert t.load(str(qm))
    assert t.translate(i18n.CONTEXT, "取号") == "Take a number"


def test_each_journey_has_its_own_catalogue():
    names = set(i18n.catalogues())
    assert {"kiosk", "ticket", "reissue", "guide"} <= names
    assert "取号" in i18n.read_ts(i18n.I18N_DIR / "ticket_en.ts")  # the journey's tile
    assert "取号" not in i18n.read_ts(i18n.I18N_DIR / "kiosk_en.ts")


def test_update_keeps_translations_and_marks_new_strings(tmp_path, monkeypatch):
    for ts in i18n.I18N_DIR.glob("*_en.ts"):
        shutil.copy(ts, tmp_path)
    real = i18n.extract_file

    def with_new(path):
        found = real(path)
        if path.name == "window.py":
            found["新的说明"] = ["x.py:1"]
        return found

    base = i18n.update(tmp_path)["en"]  # whatever is still untranslated today
    monkeypatch.setattr(i18n, "extract_file", with_new)
    counts = i18n.update(tmp_path)
    assert counts == {"en": base + 1}
    assert i18n.read_ts(tmp_path / "kiosk_en.ts")["新的说明"] == ("", False)
    assert i18n.read_ts(tmp_path / "ticket_en.ts")["取号"] == ("Take a number", True)


def test_missing_qm_files_leave_the_kiosk_in_chinese(qapp, tmp_path, caplog):
    app = make_app()
    t = i18n.Translations(app, directory=tmp_path)
    assert t.missing == ["en"] and "stays in Chinese" in caplog.text
    assert not t.set_language("en")
    assert t.lang == "zh_CN"
    assert i18n.tr("取号") == "取号"


def test_switching_is_instant_and_resets_when_the_session_ends(qapp, qtbot):
    from PySide6.QtWidgets import QPushButton

    from kiosk.ui.window import KioskWindow

    i18n.ensure_built()
    flow, fx, clock = demo_flow()
    w = KioskWindow(flow, i18n.Translations(make_app()))
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    home = w.screens[flow.state.screen]
    assert home.title.text() == "您好！请选择要办理的业务"
    button = w.findChild(QPushButton, "btn_language")
    assert button.text() == "English"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert home.title.text() == "Welcome! What would you like to do?"
    assert w.topbar.hall.text() == "City Government Service Center"
    assert button.text() == "中文"
    flow.end_session()
    assert home.title.text() == "您好！请选择要办理的业务"
    assert QCoreApplication.translate(i18n.CONTEXT, "取号") == "取号"
    w.shutdown()
