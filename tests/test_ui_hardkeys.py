"""The physical numeric keypad (USB HID) on the on-screen keypads: journeys' keypad steps and
the staff PIN pad, NumLock on and off, backspace and enter — QTest key events into the real
window, through the filter ``kiosk run`` installs."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.demo import demo_flow
from kiosk.flows.staff import StaffAuth, hash_pin
from kiosk.flows.state import Screen
from kiosk.ui.app import make_app
from kiosk.ui.hardkeys import HardwareKeypad, key_action
from kiosk.ui.i18n import Translations
from kiosk.ui.window import KioskWindow

PIN = "246813"  # fictitious
KP = Qt.KeyboardModifier.KeypadModifier
NO = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def kiosk(qtbot):
    made = []

    def make(kiosk_mode: bool = True):
        flow, _, _ = demo_flow(
            staff_auth=StaffAuth(hash_pin(PIN, salt=b"fictitious-salt!"), 3, 300))
        w = KioskWindow(flow, Translations(make_app()), kiosk_mode=kiosk_mode)
        qtbot.addWidget(w)
        keys = HardwareKeypad(w).install()
        made.append((w, keys))
        w.resize(1920, 1080)
        w.show()
        return w, flow

    yield make
    for w, keys in made:
        keys.remove()
        w.shutdown()
    while QApplication.overrideCursor() is not None:
        QApplication.restoreOverrideCursor()


def press(w, key, mods=NO):
    QTest.keyClick(w, key, mods)


def test_key_codes_of_a_hid_keypad():
    assert key_action(Qt.Key.Key_7, KP) == ("digit", "7")
    assert key_action(Qt.Key.Key_7, NO) == ("digit", "7")  # the keyboard's top row too
    # NumLock off: the pad's digits arrive as the navigation keys they double as
    assert [key_action(k, KP)[1] for k in (Qt.Key.Key_Insert, Qt.Key.Key_End, Qt.Key.Key_Down,
                                           Qt.Key.Key_PageDown, Qt.Key.Key_Left,
                                           Qt.Key.Key_Clear, Qt.Key.Key_Right,
                                           Qt.Key.Key_Home, Qt.Key.Key_Up,
                                           Qt.Key.Key_PageUp)] == list("0123456789")
    assert key_action(Qt.Key.Key_Left, NO) is None  # a keyboard's arrow is not a digit
    assert key_action(Qt.Key.Key_Backspace, NO) == ("backspace", "")
    assert key_action(Qt.Key.Key_Delete, KP) == ("backspace", "")
    assert key_action(Qt.Key.Key_Enter, KP) == ("enter", "")
    assert key_action(Qt.Key.Key_Return, NO) == ("enter", "")
    assert key_action(Qt.Key.Key_A, NO) is None


def test_keypad_step_takes_digits_backspace_and_enter(kiosk, qtbot):
    w, flow = kiosk()
    flow.open("reissue")
    qtbot.waitUntil(lambda: flow.state.screen == "reissue.entry")
    screen = w.stack.currentWidget()
    qtbot.waitUntil(lambda: screen.keypad.isVisible())
    j = flow.state.journey
    j.number.key("C")  # the letter is tapped on screen: a numeric pad has none
    press(w, Qt.Key.Key_0, KP)
    press(w, Qt.Key.Key_9, KP)
    press(w, Qt.Key.Key_Backspace)
    press(w, Qt.Key.Key_Right, KP)  # NumLock off: "6"
    press(w, Qt.Key.Key_Down, KP)   # NumLock off: "2"
    assert j.number.value == "C062"
    qtbot.waitUntil(lambda: w.stack.currentWidget().actions.buttons["btn_confirm"].isEnabled())
    confirmed = []
    j.confirm = lambda: confirmed.append(j.number.value)
    press(w, Qt.Key.Key_Enter, KP)
    assert confirmed == ["C062"]


def test_enter_does_nothing_while_the_main_button_is_disabled(kiosk, qtbot):
    w, flow = kiosk()
    flow.open("reissue")
    qtbot.waitUntil(lambda: flow.state.screen == "reissue.entry")
    j = flow.state.journey
    confirmed = []
    j.confirm = lambda: confirmed.append(j.number.value)
    press(w, Qt.Key.Key_1, KP)
    press(w, Qt.Key.Key_Enter, KP)
    assert confirmed == [] and j.number.value == "1"


def test_staff_pin_from_the_physical_keypad(kiosk, qtbot):
    w, flow = kiosk()
    flow.staff_gesture()
    qtbot.waitUntil(lambda: w.screens[Screen.STAFF_LOGIN].isVisible())
    press(w, Qt.Key.Key_9, KP)
    press(w, Qt.Key.Key_Backspace)
    assert flow.state.staff_pin == ""
    for ch in PIN:
        press(w, getattr(Qt.Key, f"Key_{ch}"), KP)
    assert flow.state.staff_pin == PIN
    press(w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.state.screen == Screen.STAFF_HOME)
    assert flow.state.staff


def test_keys_do_nothing_where_no_keypad_is_shown(kiosk, qtbot):
    w, flow = kiosk()
    assert flow.state.screen == Screen.HOME
    before = flow.state.version
    press(w, Qt.Key.Key_5, KP)
    press(w, Qt.Key.Key_Enter, KP)
    assert flow.state.screen == Screen.HOME and flow.state.version == before


def test_every_keypad_step_screen_has_the_keypad_the_filter_drives():
    """Each journey's keypad step is a KeypadStepScreen (its ``keypad`` is what the physical
    keys reach): a new one that drew its own digits would be missed here."""
    from kiosk.journeys import load_journeys
    from kiosk.ui.steps import KeypadStepScreen

    steps = []
    for spec in load_journeys(entry_points_too=False):
        for step, cls in _screens(spec).items():
            if issubclass(cls, KeypadStepScreen):
                steps.append(f"{spec.name}.{step}")
    assert {"reissue.entry", "ticket.mobile", "locker_pickup.code"} <= set(steps)


def _screens(spec) -> dict:
    import importlib

    return importlib.import_module(spec.screens).SCREENS
