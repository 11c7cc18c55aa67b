"""The terminal's physical numeric keypad (数字键盘, a USB HID keypad) on the on-screen keypads.

A key on the physical pad does what the same key on the screen does: digits type, backspace
deletes, enter presses the screen's main button (confirm, log in). It works wherever the
current screen shows a keypad — every journey's keypad step (kiosk.ui.steps.KeypadStepScreen)
and the staff PIN pad — through that keypad's own signals, so the flow cannot tell a pressed
key from a tapped one. Elsewhere the keys do nothing.

A HID keypad sends the keypad's own codes: with NumLock on, Key_0…Key_9 with the keypad
modifier; with NumLock off (the default under cage at boot) the navigation keys its digits
double as (Insert = 0, End = 1, Down = 2 …). Both type digits. Enter is Key_Enter on the
pad and Key_Return on a keyboard; Delete on the pad ("Del/.") deletes like backspace.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt

from kiosk.ui.widgets import Keypad

log = logging.getLogger(__name__)

K = Qt.Key
#: the digits a keypad sends with NumLock off (its keys' second meaning), keypad modifier set
NUMLOCK_OFF_DIGITS = {
    K.Key_Insert: "0", K.Key_End: "1", K.Key_Down: "2", K.Key_PageDown: "3",
    K.Key_Left: "4", K.Key_Clear: "5", K.Key_Right: "6", K.Key_Home: "7",
    K.Key_Up: "8", K.Key_PageUp: "9",
}
DIGITS = {getattr(K, f"Key_{d}"): str(d) for d in range(10)}
ENTER_KEYS = (K.Key_Enter, K.Key_Return)
#: looked up once: the filter sees every event of every widget (each paint of each label)
_KEY_PRESS = QEvent.Type.KeyPress


def key_action(key: int, modifiers) -> tuple[str, str] | None:
    """("digit", "7") / ("backspace", "") / ("enter", "") for a key, else None."""
    keypad = bool(modifiers & Qt.KeyboardModifier.KeypadModifier)
    if key in DIGITS:
        return "digit", DIGITS[key]
    if keypad and key in NUMLOCK_OFF_DIGITS:
        return "digit", NUMLOCK_OFF_DIGITS[key]
    if key == K.Key_Backspace or (keypad and key == K.Key_Delete):
        return "backspace", ""
    if key in ENTER_KEYS:
        return "enter", ""
    return None


class HardwareKeypad(QObject):
    """An application event filter routing the physical keypad to the shown on-screen one."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.handled = 0

    def install(self) -> HardwareKeypad:
        from PySide6.QtWidgets import QApplication

        QApplication.instance().installEventFilter(self)
        return self

    def remove(self) -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _screen(self):
        stack = getattr(self.window, "stack", None)
        return stack.currentWidget() if stack is not None else None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() != _KEY_PRESS:
            return False
        mods = event.modifiers()
        # a chord (Ctrl/Alt/Meta + key) is never the keypad; the kiosk's guard blocks those
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                   | Qt.KeyboardModifier.MetaModifier):
            return False
        action = key_action(event.key(), mods)
        if action is None:
            return False
        screen = self._screen()
        keypad = getattr(screen, "keypad", None)
        if not isinstance(keypad, Keypad) or not keypad.isVisible():
            return False
        flow = getattr(self.window, "flow", None)
        if flow is not None:
            flow.note_activity()  # a key is a citizen being there, like a tap
        kind, ch = action
        if kind == "digit":
            keypad.key.emit(ch)
        elif kind == "backspace":
            keypad.backspace.emit()
        else:
            button = _main_button(screen)
            if button is not None:
                button.click()
        self.handled += 1
        return True


def _main_button(screen):
    """The screen's one enabled, visible primary button (confirm, log in), if it has one."""
    bar = getattr(screen, "actions", None)
    buttons = getattr(bar, "buttons", {}) or {}
    primary = [b for b in buttons.values()
               if b.property("kind") == "primary" and b.isEnabled() and b.isVisible()]
    return primary[0] if len(primary) == 1 else None
