"""扫码 as a plain state machine: the demo camera runs the real QR reader on the simulator's
scenes; the central answers come from the demo central."""
from __future__ import annotations

from datetime import date

import pytest

from drivers.camera import portrait_scenes as ps
from kiosk.demo import demo_flow, demo_health
from kiosk.demo.camera import DemoCamera
from kiosk.flows.state import Action, Screen
from kiosk.services import ServiceUnavailable

DAY = date(2025, 3, 18)  # the demo clock's
CODE = "YY20250318001"


def holding(text: str):
    def scene(n, t, width, height):
        return ps.with_noise(ps._holding_code(text, width, height), n)

    return scene


@pytest.fixture
def kiosk():
    flow, fx, clock = demo_flow(health=demo_health(camera=True))
    fx.service.appointments[("110101198506150035", "police_household")] = CODE
    return flow, fx, clock


def scan(flow, fx, scene) -> DemoCamera:
    flow.open("scan")
    cam = DemoCamera(scene)
    cam.run(fx, lambda: flow.state.screen != "scan.scan", limit=20)
    return cam


def test_appointment_code_checks_in_with_a_ticket(kiosk):
    flow, fx, clock = kiosk
    scan(flow, fx, holding(ps.appointment_qr(DAY)))
    j = flow.journey
    assert flow.state.screen == "scan.checking" and j.scanned.code == CODE
    assert fx.last("appointments.by_code").args == (CODE,)
    fx.resolve_service()
    assert flow.state.screen == "scan.appointment" and j.appointment_problem is None
    assert j.category.code == "police_household"
    j.check_in()
    take = fx.last("queue.take_ticket")
    assert take.args == ("police_household",) and take.kwargs == {"appointment_code": CODE}
    fx.resolve_service()
    assert j.ticket.priority == "appointment"
    fx.resolve("printer.print")
    assert flow.state.screen == "scan.done"


@pytest.mark.parametrize("answer, problem", [
    ({"status": "checked_in", "ticket_number": "C012"}, "checked_in"),
    ({"day": "2025-03-19"}, "other_day"),
    ({"category": "moon_landing"}, "unknown_category"),
])
def test_an_appointment_that_cannot_be_checked_in_here_says_why(kiosk, answer, problem):
    flow, fx, clock = kiosk
    scan(flow, fx, holding(ps.appointment_qr(DAY)))
    data = {"code": CODE, "category": "police_household", "day": "2025-03-18",
            "slot": "09:30-10:00", "status": "booked", "ticket_number": None, **answer}
    fx.resolve("appointments.by_code", data)
    assert flow.state.screen == "scan.appointment"
    assert flow.journey.appointment_problem == problem
    flow.journey.check_in()  # not offered, and refused if tapped anyway
    assert "queue.take_ticket" not in fx.kinds()


def test_an_unknown_appointment_code_is_an_answer_not_an_error(kiosk):
    flow, fx, clock = kiosk
    scan(flow, fx, holding(ps.appointment_qr(DAY, suffix="999")))
    fx.resolve_service()
    assert flow.state.screen == "scan.appointment"
    assert flow.journey.appointment_problem == "not_found"
    flow.journey.scan_again()
    assert flow.state.screen == "scan.scan" and fx.kinds() == ["camera.analyse"]


@pytest.mark.parametrize("scene, genuine, status", [
    ("portrait_qr_certificate", True, "valid"),
    ("portrait_qr_forged", False, ""),
    (holding(ps.certificate_qr("DZZZ-2023-310101-000045")), True, "revoked"),
    (holding(ps.certificate_qr("DZZZ-2019-110101-000777")), True, "valid"),
])
def test_certificates_are_verified(kiosk, scene, genuine, status):
    flow, fx, clock = kiosk
    scan(flow, fx, scene)
    fx.resolve_service()
    c = flow.journey.certificate
    assert flow.state.screen == "scan.certificate"
    assert (c.genuine, c.status) == (genuine, status)
    assert flow.journey.showing_result  # the result goes home by itself after a while


def test_a_code_that_is_neither_is_said_and_scanning_goes_on(kiosk):
    flow, fx, clock = kiosk
    flow.open("scan")
    cam = DemoCamera(holding("wxp://f2f0paymentcode"))
    cam.answer(fx, 3)
    j = flow.journey
    assert flow.state.screen == "scan.scan" and j.scanner.notice.code == "qr_other"
    assert fx.kinds() == ["camera.analyse"]  # still looking
    cam.show("portrait_qr_certificate")
    cam.run(fx, lambda: flow.state.screen != "scan.scan", limit=5)
    assert j.scanner.notice is None and flow.state.screen == "scan.checking"


def test_server_down_while_checking_offers_retry(kiosk):
    flow, fx, clock = kiosk
    scan(flow, fx, "portrait_qr_certificate")
    fx.fail("certificates.verify", ServiceUnavailable("timeout", "暂时无法核验"))
    assert flow.state.screen == Screen.ERROR and flow.state.error.code == "scan_failed"
    flow.act(Action.RETRY)
    assert flow.state.screen == "scan.checking" and fx.kinds() == ["certificates.verify"]


def test_scan_needs_a_camera_and_the_server(kiosk):
    flow, fx, clock = kiosk
    assert flow.function("scan").available
    flow.update_health(demo_health(camera=True, server=False))
    assert not flow.function("scan").available
    flow.update_health(demo_health(camera=False))
    assert flow.function("scan").reason.subject == "camera"
