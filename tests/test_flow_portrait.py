"""证件照 as a plain state machine: the demo camera answers the camera requests with the real
checks and photo on the simulator's scenes; nothing else is faked but the central answers."""
from __future__ import annotations

import pytest

from drivers.core.errors import DeviceTimeout
from kiosk.demo import demo_flow, demo_health
from kiosk.demo.camera import DemoCamera
from kiosk.flows.state import Screen
from kiosk.journeys.portrait.receipt import PHOTO_ITEM, grouped, photo_code
from kiosk.journeys.steps.photo import PhotoState
from kiosk.printing import PaperOut


@pytest.fixture
def kiosk():
    flow, fx, clock = demo_flow(health=demo_health(camera=True))
    return flow, fx, clock


def live(flow, scene="portrait_centred"):
    flow.open("portrait")
    assert flow.state.screen == "portrait.intro"
    flow.journey.start_camera()
    assert flow.state.screen == "portrait.live"
    return DemoCamera(scene)


def test_guidance_then_auto_capture_then_review(kiosk):
    flow, fx, clock = kiosk
    cam = live(flow, "portrait_far")
    j = flow.journey
    assert fx.kinds() == ["camera.preview", "camera.analyse"]  # one analysis in flight
    assert j.camera.guidance == "starting"
    cam.answer(fx, 2)
    assert j.camera.frames is cam.frames  # the screen shows the camera's own slot
    assert j.camera.guidance == "closer" and fx.kinds() == ["camera.analyse"]
    assert j.voice_key() == "photo.closer"  # what the voice would say now
    cam.show("portrait_two")
    cam.answer(fx)
    assert j.camera.guidance == "one_face" and j.camera.hold_progress == 0
    cam.show("portrait_centred")
    cam.answer(fx)
    assert j.camera.guidance == "hold" and j.camera.held_since is not None
    # every check must hold for hold_s (1 s) of frame time: 25 frames at 25 fps
    answers = cam.run(fx, lambda: j.camera.state is PhotoState.CAPTURING)
    assert answers == 25 and j.camera.guidance == "capturing"
    cam.answer(fx)  # this frame is judged again and becomes the photo
    assert flow.state.screen == "portrait.review"
    photo = j.camera.photo
    assert photo.ok and (photo.width, photo.height) == (358, 441)
    assert fx.kinds() == []  # no analysis while the citizen looks at the photo


def test_a_citizen_who_moves_just_then_is_guided_again(kiosk):
    flow, fx, clock = kiosk
    cam = live(flow)
    j = flow.journey
    cam.run(fx, lambda: j.camera.state is PhotoState.CAPTURING)
    cam.show("portrait_off_left")
    cam.answer(fx)
    assert flow.state.screen == "portrait.live" and j.camera.photo is None
    assert j.camera.state is PhotoState.LIVE and j.camera.guidance == "move_right"
    assert j.camera.held_since is None


def test_three_retakes_then_none(kiosk):
    flow, fx, clock = kiosk
    cam = live(flow)
    j = flow.journey
    for left in (3, 2, 1, 0):
        cam.run(fx, lambda: flow.state.screen == "portrait.review")
        assert j.camera.retakes_left == left
        if left:
            j.retake()
            assert flow.state.screen == "portrait.live" and j.camera.photo is None
    j.retake()  # none left: nothing happens
    assert flow.state.screen == "portrait.review" and j.camera.photo is not None


def test_confirmed_photo_goes_to_the_case_server_and_the_receipt_is_printed(kiosk):
    flow, fx, clock = kiosk
    cam = live(flow)
    j = flow.journey
    cam.run(fx, lambda: flow.state.screen == "portrait.review")
    jpeg = j.camera.photo.jpeg
    j.confirm()
    assert flow.state.screen == "portrait.working" and j.camera.photo is None
    submit = fx.last("cases.submit")
    item, applicant, form, attachments = submit.args
    assert item == PHOTO_ITEM and applicant == {}
    assert attachments == [{"kind": "portrait", "name": "portrait.jpg",
                            "content_type": "image/jpeg", "data": jpeg}]
    assert form["photo_rules"] == "GA 461 358x441 350dpi"
    fx.resolve_service()
    case = fx.central.cases.submitted[0]
    assert j.code == photo_code(case.case_id) and j.photo is None  # handed over, not kept
    receipt = fx.printed[-1]
    assert receipt.code == j.code and (receipt.width, receipt.height, receipt.dpi) == \
        (358, 441, 350)
    fx.resolve("printer.print")
    assert flow.state.screen == "portrait.done"
    j.finish()
    assert flow.state.screen == Screen.HOME


def test_photo_codes_are_ten_digits_from_the_case_id():
    code = photo_code("0f" * 16)
    assert code == photo_code("0f" * 16) and code != photo_code("1f" * 16)
    assert code.startswith("ZP") and len(code) == 12 and code[2:].isdigit()
    assert grouped("ZP1234567890") == "ZP 1234 5678 90"


def test_the_receipt_prints_the_code_as_text_and_qr():
    from datetime import datetime

    from drivers.printer.commands import EscPosBuilder, Paper
    from kiosk.journeys.portrait.receipt import PhotoReceipt
    from kiosk.printing import job_bytes

    job = PhotoReceipt("ZP1234567890", 358, 441, 350, "市政务服务中心",
                       datetime(2025, 3, 18, 10, 24)).job()
    data = job_bytes(job, EscPosBuilder(Paper(80)))
    assert b"ZP 1234 5678 90" in data and b"358\xa1\xc1441 px, 350 dpi" in data
    # the QR code holds the code: GS ( k … store data, then print
    assert b"\x1d(k\x0f\x001P0ZP1234567890" in data


def test_without_a_printer_the_code_is_on_screen(kiosk):
    flow, fx, clock = kiosk
    cam = live(flow)
    flow.update_health(demo_health(camera=True, printer=False, idcard=False))
    cam.run(fx, lambda: flow.state.screen == "portrait.review")
    flow.journey.confirm()
    fx.resolve_service()
    assert flow.state.screen == "portrait.done" and not fx.printed
    assert flow.journey.code.startswith("ZP")


def test_a_failed_print_keeps_the_code_with_reprint(kiosk):
    flow, fx, clock = kiosk
    cam = live(flow)
    cam.run(fx, lambda: flow.state.screen == "portrait.review")
    flow.journey.confirm()
    fx.resolve_service()
    fx.fail("printer.print", PaperOut("printer: paper out"))
    assert flow.state.screen == "portrait.print_failed" and flow.journey.code
    flow.journey.reprint()
    assert flow.state.screen == "portrait.working" and fx.kinds() == ["printer.print"]


def test_the_outbox_refusing_keeps_the_photo_for_a_retry(kiosk):
    from kiosk.services import ServiceUnavailable

    flow, fx, clock = kiosk
    cam = live(flow)
    cam.run(fx, lambda: flow.state.screen == "portrait.review")
    flow.journey.confirm()
    fx.fail("cases.submit", ServiceUnavailable("disk full", "本机存储空间不足"))
    assert flow.state.screen == Screen.ERROR and flow.state.error.code == "photo_send_failed"
    assert flow.journey.photo is not None
    from kiosk.flows.state import Action

    flow.act(Action.RETRY)
    assert fx.kinds() == ["cases.submit"]


def test_a_camera_that_fails_stops_the_loop_and_comes_back_by_itself(kiosk):
    flow, fx, clock = kiosk
    cam = live(flow)
    j = flow.journey
    cam.answer(fx, 2)
    cam.failing = DeviceTimeout("camera: no new frame within 2.0s")
    cam.answer(fx)
    assert j.camera.notice is not None and j.camera.notice.code == "device_error"
    assert fx.kinds() == []  # no tight loop against a dead camera
    flow.update_health(demo_health(camera=False))  # the camera went offline
    assert flow.state.screen == Screen.ERROR  # a needed device lost while entering
    assert flow.state.error.subject == "camera"


def test_camera_recovers_while_the_citizen_waits(kiosk):
    flow, fx, clock = kiosk
    cam = live(flow)
    j = flow.journey
    cam.answer(fx, 2)
    cam.failing = DeviceTimeout("camera: no new frame within 2.0s")
    cam.answer(fx)
    cam.failing = None
    flow.update_health(demo_health(camera=True, server=True))  # health says: still up
    assert fx.kinds() == ["camera.analyse"] and j.camera.notice is None


def test_leaving_the_live_picture_stops_asking(kiosk):
    flow, fx, clock = kiosk
    cam = live(flow)
    cam.answer(fx, 2)
    flow.back()
    assert flow.state.screen == "portrait.intro"
    cam.answer(fx)  # the answer already on its way is not followed by another question
    assert fx.kinds() == []


def test_idle_timeout_wipes_the_photo(kiosk):
    flow, fx, clock = kiosk
    cam = live(flow)
    j = flow.journey
    cam.run(fx, lambda: flow.state.screen == "portrait.review")
    clock.advance(flow.idle_timeout_s + flow.countdown_s + 1)
    flow.tick()
    flow.tick()
    assert flow.state.screen == Screen.HOME and flow.journey is None
    assert j.camera.photo is None and j.camera.frames is None


def test_someone_in_front_of_the_camera_is_not_idle(kiosk):
    flow, fx, clock = kiosk
    cam = live(flow, "portrait_far")
    clock.advance(flow.idle_timeout_s - 5)
    cam.answer(fx, 2)  # a face: the citizen is there
    clock.advance(10)
    flow.tick()
    assert flow.state.countdown is None


def test_portrait_needs_a_camera(kiosk):
    flow, fx, clock = kiosk
    flow.update_health(demo_health(camera=False))
    assert not flow.function("portrait").available
    assert flow.function("portrait").reason.subject == "camera"
