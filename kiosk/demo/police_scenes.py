"""公安自助 and the identity check (人证核验) for screenshots and the screen rules
(kiosk/ui/scenes.py): demo flows driven as taps and device events would."""
from __future__ import annotations

from datetime import date

from drivers.core.errors import DeviceTimeout
from drivers.kinds.card_reader import CardRead

HEALTH = {"camera": True, "a4printer": True}
THERMAL = {"camera": True, "a4printer": False}
FINGER = {"camera": True, "fingerprint": True}
NO_CAMERA = {"camera": False}


class _Caps:
    can_match_ministry_templates = True


class _NoPhoto:
    available = False


class _NoFinger(Exception):
    code = "no_finger"


def choose(flow, fx, clock) -> None:
    flow.open("police")


def card(flow, fx, clock) -> None:
    choose(flow, fx, clock)
    flow.journey.choose("no_criminal_record")


def consent(flow, fx, clock) -> None:
    from kiosk.demo import DemoCard

    card(flow, fx, clock)
    flow.device_event("idcard", CardRead("idcard", DemoCard(name="张三",
                                                            birth_date=date(1990, 5, 1))))
    fx.resolve("idcard.decode_photo", _NoPhoto())
    if flow.journey.kind_up("fingerprint"):
        fx.resolve("fingerprint.capabilities", _Caps())


def face(flow, fx, clock, scene: str = "portrait_centred", answers: int = 4) -> None:
    from kiosk.demo.camera import DemoCamera

    consent(flow, fx, clock)
    flow.journey.identity.agree()
    cam = DemoCamera(scene)
    for _ in range(answers):
        cam.answer(fx)
    flow.demo_camera = cam


def face_camera_failed(flow, fx, clock) -> None:
    from kiosk.demo.camera import DemoCamera

    consent(flow, fx, clock)
    flow.journey.identity.agree()
    cam = DemoCamera("portrait_centred")
    cam.failing = DeviceTimeout("demo camera: no frame")
    cam.answer(fx, 2)


def checking(flow, fx, clock) -> None:
    face(flow, fx, clock, "portrait_blinking", answers=0)
    flow.demo_camera.run(fx, lambda: flow.state.screen == "police.id_checking")


def retry(flow, fx, clock) -> None:
    fx.central.identity.mode = "no_match"
    checking(flow, fx, clock)
    fx.resolve_service()


def failed(flow, fx, clock) -> None:
    from kiosk.demo.camera import DemoCamera

    retry(flow, fx, clock)
    for _ in range(2):
        flow.journey.identity.try_again()
        cam = DemoCamera("portrait_blinking")
        cam.run(fx, lambda: flow.state.screen == "police.id_checking")
        fx.resolve_service()


def declined(flow, fx, clock) -> None:
    consent(flow, fx, clock)
    flow.journey.identity.decline()


def no_means(flow, fx, clock) -> None:
    consent(flow, fx, clock)
    flow.journey.identity.agree()


def finger(flow, fx, clock) -> None:
    consent(flow, fx, clock)
    flow.journey.identity.agree()
    flow.journey.identity.use_finger()
    fx.resolve_service()


def finger_none(flow, fx, clock) -> None:
    finger(flow, fx, clock)
    fx.fail("fingerprint.verify", _NoFinger())


def purpose(flow, fx, clock) -> None:
    checking(flow, fx, clock)
    fx.resolve_service()


def issuing(flow, fx, clock) -> None:
    purpose(flow, fx, clock)
    flow.journey.pick_purpose(flow.journey.purposes[0])


def done_a4(flow, fx, clock) -> None:
    issuing(flow, fx, clock)
    fx.resolve_service()
    fx.resolve("a4printer.print_document", None)


def done_receipt(flow, fx, clock) -> None:
    issuing(flow, fx, clock)
    fx.resolve_service()
    fx.resolve("printer.print", None)


def print_failed(flow, fx, clock) -> None:
    from kiosk.printing import PaperOut

    issuing(flow, fx, clock)
    fx.resolve_service()
    fx.fail("a4printer.print_document", PaperOut("demo: paper out"))


# ---------------------------------------------------------------------- 交通违法缴款
FINES_HEALTH = {"camera": True, "printer": True}


def fines(flow, fx, clock) -> None:
    from kiosk.demo import DemoCard
    from kiosk.demo.camera import DemoCamera

    flow.open("traffic_fines")
    flow.device_event("idcard", CardRead("idcard", DemoCard(name="张三",
                                                            birth_date=date(1985, 6, 15))))
    fx.resolve("idcard.decode_photo", _NoPhoto())
    flow.journey.identity.agree()
    DemoCamera("portrait_blinking").run(
        fx, lambda: flow.state.screen == "traffic_fines.id_checking")
    fx.resolve_service()
    fx.resolve_service()


def fines_none(flow, fx, clock) -> None:
    fx.central.police.fines = []
    fines(flow, fx, clock)


def fine_pay(flow, fx, clock) -> None:
    fines(flow, fx, clock)
    flow.journey.pay("3201022611000123")
    fx.resolve_service()


def fine_done(flow, fx, clock) -> None:
    fine_pay(flow, fx, clock)
    fx.central.payments.pay(flow.journey.payment.order.order_id)
    fx.resolve_service()
    fx.resolve("printer.print", None)
