"""The locker screens with the demo doubles: the open compartment is said with its number, and
the pickup code screen takes a keyboard-wedge QR scanner's digits and Enter."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.demo import locker_scenes as ls
from kiosk.ui.app import make_app
from kiosk.ui.i18n import Translations, ensure_built
from kiosk.ui.scenes import VARIANTS, Scene, stage
from kiosk.ui.window import KioskWindow


class RecordingSpeaker:
    """Stands in for kiosk.voice's Speaker: keeps what the window asked it to say."""

    enabled = True

    def __init__(self) -> None:
        self.said: list[tuple[str, str, dict]] = []

    def say(self, key_or_text: str, lang: str = "zh_CN", **fields) -> None:
        self.said.append((key_or_text, lang, fields))

    def stop(self) -> None: ...

    def set_enabled(self, on: bool) -> None: ...

    def set_elder(self, elder: bool) -> None: ...

    def reset(self) -> None: ...

    def close(self) -> None: ...


@pytest.fixture(scope="module")
def translations(qapp):
    ensure_built()
    return Translations(make_app())


def window_at(drive, translations, qtbot):
    flow, fx, _ = stage(Scene("s", drive, ls.NIGHT, ls.LOCKER), VARIANTS[0])
    speaker = RecordingSpeaker()
    w = KioskWindow(flow, translations, speaker=speaker)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    return w, flow, fx, speaker


def test_the_open_compartment_is_said_with_its_number(translations, qtbot):
    w, flow, fx, speaker = window_at(ls.dropoff_door, translations, qtbot)
    try:
        assert ("locker_dropoff.door", "zh_CN", {"n": 9}) in speaker.said
        from kiosk.voice.prompts import PROMPTS

        assert PROMPTS.get("locker_dropoff.door").text.format(n=9) == "请把材料放入9号柜，并关好柜门"
    finally:
        w.shutdown()


def test_a_qr_scanner_types_the_pickup_code(translations, qtbot):
    from kiosk.demo.lockers import DEMO_CODE

    w, flow, fx, _ = window_at(ls.pickup_identify, translations, qtbot)
    try:
        flow.journey.use_code()
        screen = w.screens["locker_pickup.code"]
        qtbot.keyClicks(screen, "12a")  # not digits: only the digits count
        qtbot.keyClick(screen, Qt.Key.Key_Backspace)
        qtbot.keyClick(screen, Qt.Key.Key_Backspace)
        assert flow.journey.code.value == ""
        qtbot.keyClicks(screen, DEMO_CODE)
        qtbot.keyClick(screen, Qt.Key.Key_Return)  # the scanner ends with Enter
        assert fx.last("lockers.find_by_code").args == ("locker", DEMO_CODE)
    finally:
        w.shutdown()
