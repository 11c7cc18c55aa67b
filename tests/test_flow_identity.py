"""The identity check (人证核验) and 公安自助 as plain state machines: the demo camera answers with
the real liveness analysers on the simulator's scenes (the sitter blinking), the demo identity
service answers match / no match, a test double stands in for the fingerprint pad."""
from __future__ import annotations

from datetime import date

import pytest

from drivers.core.errors import DeviceTimeout
from drivers.kinds.card_reader import CardRead
from kiosk.demo import DemoCard, demo_flow, demo_health
from kiosk.demo.camera import DemoCamera
from kiosk.journeys.steps import identity as ident
from kiosk.portrait.faces import Box
from kiosk.portrait.liveness import BlinkTracker, FaceLook
from kiosk.services import ServiceUnavailable


class Caps:
    def __init__(self, ministry: bool) -> None:
        self.can_match_ministry_templates = ministry


class FingerError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def kiosk(**devices):
    devices = {"camera": True, "a4printer": True, **devices}
    flow, fx, clock = demo_flow(health=demo_health(**devices))
    return flow, fx, clock


def to_consent(flow, fx, card=None):
    flow.open("police")
    assert flow.state.screen == "police.choose"
    flow.journey.choose("no_criminal_record")
    assert flow.state.screen == "police.id_card" and fx.idcard_armed
    card = card or DemoCard(name="李四", birth_date=date(1985, 6, 1))
    flow.device_event("idcard", CardRead("idcard", card))
    # the reader decodes the chip photo (no vendor library here: unavailable)
    fx.resolve("idcard.decode_photo", type("R", (), {"available": False})())
    if flow.journey.kind_up("fingerprint"):
        fx.resolve("fingerprint.capabilities", Caps(True))
    assert flow.state.screen == "police.id_consent"
    assert card.wiped  # the card object is gone; the step keeps the particulars only
    return flow.journey


def blink(flow, fx, cam):
    j = flow.journey
    cam.run(fx, lambda: j.identity._tracker is not None and j.identity._tracker.passed)
    # the next frame with open eyes is the picture
    cam.run(fx, lambda: flow.state.screen == "police.id_checking")


def test_match_then_purpose_then_a4_document():
    flow, fx, clock = kiosk()
    j = to_consent(flow, fx)
    j.identity.agree()
    assert flow.state.screen == "police.id_face"
    cam = DemoCamera("portrait_blinking")
    blink(flow, fx, cam)
    assert j.identity.holds_biometrics  # the picture, in memory, until the answer
    req = fx.last("identity.compare_face")
    assert req.args[0] == j.identity.person.id_number and req.args[1][:2] == b"\xff\xd8"
    fx.resolve_service()
    assert flow.state.screen == "police.purpose" and not j.identity.holds_biometrics
    assert j.verified.method == "face" and j.verified.verification == "demo-verification"
    j.pick_purpose("就业")
    fx.resolve_service()  # police.issue
    assert fx.central.police.issued == [("no_criminal_record", "就业")]
    a4 = fx.last("a4printer.print_document")
    assert a4.args[0].startswith(b"%PDF") and a4.kwargs["pages"] == 1
    fx.resolve("a4printer.print_document", None)
    assert flow.state.screen == "police.done" and j.printed_on == "a4printer"
    j.finish()
    assert flow.state.screen == "home" and j.identity.person is None and j.document is None


def test_a_photograph_held_up_does_not_pass_the_blink():
    flow, fx, clock = kiosk()
    j = to_consent(flow, fx)
    j.identity.agree()
    cam = DemoCamera("portrait_centred")  # the same face, never blinking
    for _ in range(40):
        cam.answer(fx)
    assert flow.state.screen == "police.id_face" and j.identity.prompt == "blink"
    assert [r for r in fx.requests if r.key == "identity.compare_face"] == []


def test_blink_tracker_starts_again_when_the_face_changes():
    t = BlinkTracker()
    face, other = Box(100, 100, 100, 100), Box(300, 100, 100, 100)
    assert not t.feed(FaceLook(1, face, 2)) and not t.feed(FaceLook(1, face, 2))
    assert not t.feed(FaceLook(1, face, 0)) and t.phase == "closed"
    assert not t.feed(FaceLook(1, other, 2))  # someone else opened their eyes: start again
    assert t.phase == "open" and t.opened == 1
    assert not t.feed(FaceLook(2, face, 2)) and t.prompt == "one_face" and t.phase == "start"


def test_no_match_three_times_ends_the_step():
    flow, fx, clock = kiosk()
    fx.central.identity.mode = "no_match"
    j = to_consent(flow, fx)
    j.identity.agree()
    for n in (1, 2):
        blink(flow, fx, DemoCamera("portrait_blinking"))
        fx.resolve_service()
        assert flow.state.screen == "police.id_retry" and j.identity.tries_left == 3 - n
        j.identity.try_again()
        assert flow.state.screen == "police.id_face"
    blink(flow, fx, DemoCamera("portrait_blinking"))
    fx.resolve_service()
    assert flow.state.screen == "police.id_failed" and j.identity.window_reason == "failed"
    assert not j.identity.holds_biometrics
    assert j.identity.window()["windows"] == "C01–C12"
    j.identity.try_again()  # over: nothing happens
    assert flow.state.screen == "police.id_failed"


def test_no_face_in_the_picture_is_not_a_failed_try():
    flow, fx, clock = kiosk()
    fx.central.identity.mode = "no_face"
    j = to_consent(flow, fx)
    j.identity.agree()
    blink(flow, fx, DemoCamera("portrait_blinking"))
    fx.resolve_service()
    assert flow.state.screen == "police.id_retry" and j.identity.failures == 0
    assert j.identity.notice.code == "no_face_found"


def test_consent_declined_leads_to_the_window_without_biometrics():
    flow, fx, clock = kiosk()
    j = to_consent(flow, fx)
    j.identity.decline()
    assert flow.state.screen == "police.id_window" and j.identity.window_reason == "declined"
    assert not any(r.name == "camera" for r in fx.requests)  # no picture was ever asked for


def test_camera_off_at_consent_goes_to_the_window_in_plain_words():
    flow, fx, clock = kiosk(camera=False)
    j = to_consent(flow, fx)
    j.identity.agree()
    assert flow.state.screen == "police.id_window" and j.identity.window_reason == "no_means"


def test_camera_failing_on_the_live_picture_says_so_and_offers_the_window():
    flow, fx, clock = kiosk()
    j = to_consent(flow, fx)
    j.identity.agree()
    cam = DemoCamera("portrait_blinking")
    cam.failing = DeviceTimeout("demo camera: no frame")
    cam.answer(fx, 2)
    assert flow.state.screen == "police.id_face" and not j.identity.feed.running
    assert j.identity.face_notice.code == "device_error"
    j.identity.use_window()
    assert flow.state.screen == "police.id_window"


def test_fingerprint_when_the_pad_can_match_then_no_finger_then_match():
    flow, fx, clock = kiosk(camera=False, fingerprint=True)
    j = to_consent(flow, fx)
    j.identity.agree()
    assert flow.state.screen == "police.id_finger"
    fx.resolve_service()  # the template
    verify = fx.last("fingerprint.verify")
    assert verify.args[1] == "ministry" and verify.args[0][:4] == b"FMIN"
    fx.fail("fingerprint.verify", FingerError("no_finger"))
    assert j.identity.notice.code == "no_finger" and j.identity.failures == 0
    j.identity.try_again()
    fx.resolve("fingerprint.verify", 0)  # a finger, not this person's
    assert flow.state.screen == "police.id_retry" and j.identity.failures == 1
    j.identity.try_again()
    fx.resolve("fingerprint.verify", 142)
    assert flow.state.screen == "police.purpose" and j.verified.method == "fingerprint"
    assert not j.identity.holds_biometrics


def test_a_pad_that_cannot_match_the_format_falls_back_to_the_face():
    flow, fx, clock = kiosk(fingerprint=True)
    flow.open("police")
    flow.journey.choose("residence")
    flow.device_event("idcard", CardRead("idcard", DemoCard()))
    fx.resolve("idcard.decode_photo", type("R", (), {"available": False})())
    fx.resolve("fingerprint.capabilities", Caps(False))
    j = flow.journey
    assert not j.identity.finger_available
    j.identity.agree()
    assert flow.state.screen == "police.id_face"


def test_identity_service_offline_is_an_error_with_retry():
    flow, fx, clock = kiosk()
    fx.central.identity.mode = "offline"
    j = to_consent(flow, fx)
    j.identity.agree()
    blink(flow, fx, DemoCamera("portrait_blinking"))
    fx.resolve_service()
    assert flow.state.screen == "error" and flow.state.error.code == "identity_unavailable"
    assert not j.identity.holds_biometrics


def test_thermal_receipt_with_pickup_code_where_no_a4_printer():
    flow, fx, clock = kiosk(a4printer=False)
    j = to_consent(flow, fx)
    j.identity.agree()
    blink(flow, fx, DemoCamera("portrait_blinking"))
    fx.resolve_service()
    j.pick_purpose("出国（境）")
    fx.resolve_service()
    receipt = fx.printed[-1]
    assert receipt.pickup_code == "482913" and receipt.windows == "C01–C12"
    fx.resolve("printer.print", None)
    assert flow.state.screen == "police.done" and j.printed_on == "printer"


def test_session_wipe_drops_everything():
    flow, fx, clock = kiosk()
    j = to_consent(flow, fx)
    j.identity.agree()
    blink(flow, fx, DemoCamera("portrait_blinking"))
    assert j.identity.holds_biometrics
    flow.end_session("idle")  # the session ends while the comparison is on its way
    assert not j.identity.holds_biometrics and j.identity.person is None
    fx.resolve_service()  # its answer finds nobody
    assert flow.state.screen == "home"


@pytest.mark.parametrize("kind", ["temporary_id", "no_criminal_record", "residence"])
def test_every_kind_offers_its_purposes(kind):
    from kiosk.journeys.police.flow import KINDS

    flow, fx, clock = kiosk()
    flow.open("police")
    flow.journey.choose(kind)
    assert flow.journey.kind == kind and flow.journey.purposes == KINDS[kind][2]


def test_offline_template_request_is_an_error():
    flow, fx, clock = kiosk(camera=False, fingerprint=True)
    j = to_consent(flow, fx)
    j.identity.agree()
    fx.fail("identity.fingerprint_template", ServiceUnavailable("x", "x"))
    assert flow.state.screen == "error"


def test_steps_constant_lists_every_screen():
    from kiosk.journeys.police.screens import SCREENS

    assert set(ident.STEPS) <= set(SCREENS)


def test_the_window_from_the_card_step_stops_the_reader():
    flow, fx, clock = kiosk()
    flow.open("police")
    flow.journey.choose("residence")
    assert fx.idcard_armed
    flow.journey.identity.use_window()
    assert flow.state.screen == "police.id_window" and not fx.idcard_armed
