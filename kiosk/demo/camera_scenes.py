"""The camera journeys' scenes for ``kiosk ui screenshots`` and the screen rules tests
(:mod:`kiosk.ui.scenes` lists them): each drives a demo flow with a
:class:`~kiosk.demo.camera.DemoCamera` — the real checks, the real photo and the real QR
reader on the simulator's photograph — to one state of 证件照 or 扫码."""
from __future__ import annotations

from datetime import date

#: health for the camera scenes: the demo devices and a camera
CAMERA = {"camera": True}
#: the demo clock's day (kiosk.demo.FakeClock): the appointment QR code is for it
DEMO_DAY = date(2025, 3, 18)


def _camera(flow, fx, scene, answers: int = 3):
    from kiosk.demo.camera import DemoCamera

    cam = DemoCamera(scene)
    for _ in range(answers):
        cam.answer(fx)
    flow.demo_camera = cam  # the scene's later steps go on with it
    return cam


def portrait_intro(flow, fx, clock) -> None:
    flow.open("portrait")


def portrait_live(scene: str):
    def drive(flow, fx, clock) -> None:
        flow.open("portrait")
        flow.journey.start_camera()
        _camera(flow, fx, scene)

    return drive


def portrait_review(flow, fx, clock) -> None:
    portrait_live("portrait_centred")(flow, fx, clock)
    flow.demo_camera.run(fx, lambda: flow.state.screen == "portrait.review")


def portrait_done(flow, fx, clock) -> None:
    portrait_review(flow, fx, clock)
    flow.journey.confirm()
    fx.resolve_service()
    fx.resolve("printer.print")


def scan_live(flow, fx, clock) -> None:
    flow.open("scan")
    _camera(flow, fx, "portrait_centred")


def appointment_code_scene(n: int, t: float, width: int, height: int):
    """The sitter holding up the demo day's appointment QR code."""
    from drivers.camera import portrait_scenes as ps

    base = ps._holding_code(ps.appointment_qr(DEMO_DAY), width, height)
    return ps.with_noise(base, n)


def _scan(flow, fx, scene) -> None:
    flow.open("scan")
    cam = _camera(flow, fx, scene, answers=1)
    cam.run(fx, lambda: flow.state.screen != "scan.scan")
    fx.resolve_service()


def scan_appointment(flow, fx, clock) -> None:
    fx.service.appointments[("110101198506150035", "police_household")] = \
        f"YY{DEMO_DAY:%Y%m%d}001"
    _scan(flow, fx, appointment_code_scene)


def scan_certificate(scene: str):
    def drive(flow, fx, clock) -> None:
        _scan(flow, fx, scene)

    return drive


def ticket_scan_code(flow, fx, clock) -> None:
    """取号 with the appointment QR code offered instead of the ID card: the camera picture."""
    flow.open("ticket")
    flow.journey.choose_category("police_household")
    flow.journey.appointment_qr.open()
    _camera(flow, fx, "portrait_centred")


def ticket_confirm_with_code(flow, fx, clock) -> None:
    """… and back on the confirm screen with the scanned code."""
    fx.service.appointments[("110101198506150035", "police_household")] = \
        f"YY{DEMO_DAY:%Y%m%d}001"
    flow.open("ticket")
    flow.journey.choose_category("police_household")
    flow.journey.appointment_qr.open()
    cam = _camera(flow, fx, appointment_code_scene, answers=1)
    cam.run(fx, lambda: "appointments.by_code" in fx.kinds())
    fx.resolve_service()
