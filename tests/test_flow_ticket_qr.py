"""取号 takes an appointment QR code instead of the ID card (the offer of
kiosk.journeys.steps.appointment_code on the confirm screen): read by the camera, looked up,
checked against the chosen service and today, then sent with the ticket."""
from __future__ import annotations

import pytest

from drivers.camera import portrait_scenes as ps
from kiosk.demo import demo_flow, demo_health
from kiosk.demo.camera import DemoCamera
from kiosk.demo.camera_scenes import DEMO_DAY, appointment_code_scene
from kiosk.services import ServiceUnavailable

CODE = f"YY{DEMO_DAY:%Y%m%d}001"


@pytest.fixture
def kiosk():
    flow, fx, clock = demo_flow(health=demo_health(camera=True))
    fx.service.appointments[("110101198506150035", "police_household")] = CODE
    return flow, fx, clock


def scan(flow, fx, category="police_household", scene=appointment_code_scene) -> DemoCamera:
    flow.open("ticket")
    j = flow.journey
    j.choose_category(category)
    assert flow.state.screen == "ticket.confirm" and j.appointment_qr.offered
    j.appointment_qr.open()
    assert flow.state.screen == "ticket.scan_code"
    cam = DemoCamera(scene)
    cam.run(fx, lambda: "appointments.by_code" in fx.kinds(), limit=10)
    return cam


def test_the_scanned_code_goes_with_the_ticket(kiosk):
    flow, fx, clock = kiosk
    scan(flow, fx)
    fx.resolve_service()
    j = flow.journey
    assert flow.state.screen == "ticket.confirm" and j.appointment_qr.code == CODE
    assert not j.appointment_qr.offered  # one appointment is enough
    j.confirm()
    assert fx.last("queue.take_ticket").kwargs["appointment_code"] == CODE
    fx.resolve_service()
    assert j.ticket.priority == "appointment"


def test_another_services_appointment_is_said_and_not_taken(kiosk):
    flow, fx, clock = kiosk
    cam = scan(flow, fx, category="tax")
    fx.resolve_service()
    j = flow.journey
    assert flow.state.screen == "ticket.scan_code"
    assert j.appointment_qr.notice.code == "appointment_other_category"
    assert j.appointment_qr.code is None
    # the same code still held up is not looked up again; scanning goes on
    cam.answer(fx, 3)
    assert "appointments.by_code" not in fx.kinds() and fx.kinds() == ["camera.analyse"]
    j.back()
    assert flow.state.screen == "ticket.confirm"


def test_an_unknown_code_lets_the_citizen_show_another(kiosk):
    flow, fx, clock = kiosk
    scan(flow, fx, scene=lambda n, t, w, h: ps.with_noise(
        ps._holding_code(ps.appointment_qr(DEMO_DAY, "777"), w, h), n))
    fx.resolve_service()
    assert flow.journey.appointment_qr.notice.code == "appointment_not_found"
    assert fx.kinds() == ["camera.analyse"]


def test_server_down_goes_on_without_the_appointment(kiosk):
    flow, fx, clock = kiosk
    scan(flow, fx)
    fx.fail("appointments.by_code", ServiceUnavailable("timeout", "暂时查不到预约信息"))
    j = flow.journey
    assert flow.state.screen == "ticket.confirm" and j.appointment_qr.code is None
    assert j.appointment_qr.notice.code == "appointment_unknown"
    j.confirm()
    assert fx.last("queue.take_ticket").kwargs["appointment_code"] is None


def test_no_camera_no_offer(kiosk):
    flow, fx, clock = kiosk
    flow.update_health(demo_health(camera=False))
    flow.open("ticket")
    flow.journey.choose_category("police_household")
    assert not flow.journey.appointment_qr.offered
    flow.journey.appointment_qr.open()
    assert flow.state.screen == "ticket.confirm"
