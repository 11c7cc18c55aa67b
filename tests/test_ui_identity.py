"""The identity check (人证核验) walked by taps on the real widgets (pytest-qt) in mock mode, with
the demo identity service and a demo camera running the real liveness analysers on the
simulator's blinking sitter: match, no match three times, no finger, camera off, consent
declined — each ends on a screen that says what happened and the way on."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from drivers.kinds.card_reader import CardRead
from kiosk.demo import DemoCard, demo_flow, demo_health
from kiosk.demo.camera import DemoCamera
from kiosk.flows.state import Screen
from kiosk.ui.app import make_app
from kiosk.ui.i18n import Translations, ensure_built
from kiosk.ui.window import KioskWindow


class Caps:
    can_match_ministry_templates = True


class NoFinger(Exception):
    code = "no_finger"


@pytest.fixture(scope="module")
def translations(qapp):
    ensure_built()
    return Translations(make_app())


class Kiosk:
    def __init__(self, qtbot, translations, **devices):
        devices = {"camera": True, **devices}
        self.flow, self.fx, self.clock = demo_flow(health=demo_health(**devices))
        self.window = KioskWindow(self.flow, translations)
        self.qtbot = qtbot
        qtbot.addWidget(self.window)
        self.window.resize(1920, 1080)
        self.window.show()

    @property
    def screen(self) -> str:
        return str(self.flow.state.screen)

    def tap(self, name: str) -> None:
        found = [b for b in self.window.findChildren(QAbstractButton, name)
                 if b.isVisibleTo(self.window)]
        assert len(found) == 1, f"{name}: {len(found)} visible on {self.screen}"
        assert found[0].isEnabled(), f"{name} is greyed out"
        self.qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)
        QApplication.processEvents()

    def words(self) -> str:
        screen = self.window.screens[self.flow.state.screen]
        return " ".join(lab.text() for lab in screen.findChildren(QLabel) if lab.isVisible())

    def to_consent(self) -> None:
        self.tap("tile_police")
        self.tap("kind_temporary_id")
        assert self.screen == "police.id_card"
        self.flow.device_event("idcard", CardRead("idcard", DemoCard(
            name="王五", birth_date=date(1990, 1, 1))))
        self.fx.resolve("idcard.decode_photo", type("R", (), {"available": False})())
        if self.flow.journey.kind_up("fingerprint"):
            self.fx.resolve("fingerprint.capabilities", Caps())
        QApplication.processEvents()
        assert self.screen == "police.id_consent"
        assert "敏感个人信息" in self.words() and "不在本机保存" in self.words()

    def blink(self) -> None:
        cam = DemoCamera("portrait_blinking")
        cam.run(self.fx, lambda: self.screen == "police.id_checking")
        QApplication.processEvents()


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


def test_match_by_taps(kiosk):
    k = kiosk(printer=True)
    k.to_consent()
    k.tap("btn_agree")
    assert k.screen == "police.id_face" and "人脸核验" in k.words()
    k.blink()
    k.fx.resolve_service()
    QApplication.processEvents()
    assert k.screen == "police.purpose" and "身份核验已通过" in k.words()
    k.tap("purpose_0")
    k.fx.resolve_service()
    k.fx.resolve("printer.print", None)
    QApplication.processEvents()
    assert k.screen == "police.done" and "482913" in k.words()
    k.tap("btn_done")
    assert k.screen == Screen.HOME


def test_no_match_three_times_by_taps(kiosk):
    k = kiosk()
    k.fx.central.identity.mode = "no_match"  # the demo identity service answers "no match"
    k.to_consent()
    k.tap("btn_agree")
    for left in (2, 1):
        k.blink()
        k.fx.resolve_service()
        QApplication.processEvents()
        assert k.screen == "police.id_retry" and f"还可以再试 {left} 次" in k.words()
        k.tap("btn_try_again")
        assert k.screen == "police.id_face"
    k.blink()
    k.fx.resolve_service()
    QApplication.processEvents()
    assert k.screen == "police.id_failed"
    assert "无法核验您的身份" in k.words() and "C01–C12" in k.words()
    k.tap("btn_done")
    assert k.screen == Screen.HOME


def test_no_finger_by_taps(kiosk):
    k = kiosk(camera=False, fingerprint=True)
    k.to_consent()
    k.tap("btn_agree")
    assert k.screen == "police.id_finger"
    k.fx.resolve_service()  # the template
    k.fx.fail("fingerprint.verify", NoFinger())
    QApplication.processEvents()
    assert "没有检测到手指" in k.words()
    k.tap("btn_try_again")
    k.fx.resolve("fingerprint.verify", 120)
    QApplication.processEvents()
    assert k.screen == "police.purpose"


def test_camera_off_by_taps(kiosk):
    k = kiosk(camera=False)
    k.to_consent()
    k.tap("btn_agree")
    assert k.screen == "police.id_window"
    assert "摄像头和指纹仪暂时无法使用" in k.words() and "C01–C12" in k.words()
    k.tap("btn_done")
    assert k.screen == Screen.HOME


def test_camera_failing_on_the_live_picture_by_taps(kiosk):
    from drivers.core.errors import DeviceTimeout

    k = kiosk()
    k.to_consent()
    k.tap("btn_agree")
    cam = DemoCamera("portrait_blinking")
    cam.failing = DeviceTimeout("demo camera: no frame")
    cam.answer(k.fx, 2)
    QApplication.processEvents()
    assert "摄像头暂时无法使用" in k.words()
    k.tap("btn_window")
    assert k.screen == "police.id_window"


def test_consent_declined_by_taps(kiosk):
    k = kiosk()
    k.to_consent()
    k.tap("btn_decline")
    assert k.screen == "police.id_window" and "您选择了不进行人脸或指纹核验" in k.words()
    assert not any(r.name == "camera" for r in k.fx.requests)



def test_traffic_fine_by_taps(kiosk):
    k = kiosk(printer=True)
    k.tap("tile_traffic_fines")
    assert k.screen == "traffic_fines.id_card"
    k.flow.device_event("idcard", CardRead("idcard", DemoCard(name="张三",
                                                              birth_date=date(1985, 6, 15))))
    k.fx.resolve("idcard.decode_photo", type("R", (), {"available": False})())
    QApplication.processEvents()
    k.tap("btn_agree")
    DemoCamera("portrait_blinking").run(k.fx, lambda: k.screen == "traffic_fines.id_checking")
    k.fx.resolve_service()  # match
    k.fx.resolve_service()  # the fines
    QApplication.processEvents()
    assert k.screen == "traffic_fines.fines" and "¥200.00" in k.words()
    k.tap("fine_0")
    k.fx.resolve_service()  # the order
    QApplication.processEvents()
    assert k.screen == "traffic_fines.pay"
    k.fx.central.payments.pay(k.flow.journey.payment.order.order_id)
    k.fx.resolve_service()  # the poll: paid
    k.fx.resolve("printer.print", None)
    QApplication.processEvents()
    assert k.screen == "traffic_fines.done"
    k.tap("btn_done")
    assert k.screen == Screen.HOME
