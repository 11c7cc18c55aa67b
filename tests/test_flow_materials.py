"""The material steps as plain state machines (no Qt, requests answered by hand): the
document-camera step's auto-capture, manual capture, retake/rotate/remove, failures; the USB
step's insert → choose → re-render → take-out sequence and its failures. The journey is
tests/sample_materials, composed as a case journey composes the steps."""
from __future__ import annotations

import io
from dataclasses import replace

import pikepdf
import pytest

from drivers.camera.doc_scenes import PLACEMENTS, DeskScene
from drivers.core.errors import DeviceTimeout
from drivers.kinds.camera import Analysed
from drivers.kinds.usb_storage import (
    Imported,
    ImportedFile,
    Listing,
    StickFile,
    StickInserted,
    StickRemoved,
)
from drivers.usbstick.device import NoMedia
from kiosk.demo import demo_flow, demo_health
from kiosk.journeys import load_journeys
from kiosk.journeys.steps.docscan import ScanState
from kiosk.scanning.page import find_page
from kiosk.scanning.scan import StillScanner

CAM, USB = "document_camera", "usb_storage"


@pytest.fixture
def kiosk():
    flow, fx, _ = demo_flow(journeys=load_journeys(("tests.sample_materials",),
                                                       entry_points_too=False),
                                health=demo_health(document_camera=True, usb_storage=True))
    flow.open("sample_materials")
    return flow, fx


@pytest.fixture(scope="module")
def scene():
    s = DeskScene("application", PLACEMENTS[0])
    preview = s.render(800, 600)
    still = s.render(2592, 1944)
    return find_page(preview, refine=False), StillScanner(layout="a4")(still)


def frame(fx, found, at: float, seq=[0]) -> None:  # noqa: B006 - a counter across calls
    seq[0] += 1
    fx.resolve(f"{CAM}.analyse", Analysed(seq[0], at, 800, 600, found))


def test_a_page_that_lies_still_is_taken_by_itself(kiosk, scene):
    flow, fx = kiosk
    found, scanned = scene
    j = flow.journey
    j.scan()
    assert flow.state.screen == "sample_materials.scan"
    assert f"{CAM}.preview" in fx.kinds() and f"{CAM}.analyse" in fx.kinds()
    step = j.docscan
    frame(fx, None, 1.0)
    assert step.guidance == "no_page"
    for at in (2.0, 2.4, 2.7):
        frame(fx, found, at)
    assert step.state is ScanState.LIVE and step.guidance == "hold" and 0 < step.hold_progress
    frame(fx, found, 2.85)  # held 0.85 s of frame time: the still is asked for
    assert step.state is ScanState.CAPTURING and f"{CAM}.analyse" not in fx.kinds()
    still = fx.last(f"{CAM}.analyse_still").args[0]
    assert isinstance(still, StillScanner) and still.layout == "a4" and \
        still.max_page_bytes == 400_000
    fx.resolve(f"{CAM}.analyse_still", Analysed(9, 3.0, 2592, 1944, scanned))
    assert flow.state.screen == "sample_materials.scan_pages" and len(step.pages) == 1
    # the next page: the same page still lying there is not taken again
    step.add_page()
    assert flow.state.screen == "sample_materials.scan"
    for at in (4.0, 5.0, 6.0):
        frame(fx, found, at)
    assert step.state is ScanState.LIVE and step.guidance == "next"
    frame(fx, None, 6.5)  # taken away (or turned under the hand)
    for at in (7.0, 7.5, 7.9):
        frame(fx, found, at)
    assert step.state is ScanState.CAPTURING
    fx.resolve(f"{CAM}.analyse_still", Analysed(20, 8.0, 2592, 1944, replace(scanned)))
    assert len(step.pages) == 2
    step.rotate(1)
    step.rotate(1)
    step.done()
    m = j.material
    assert flow.state.screen == "sample_materials.result"
    assert (m.name, m.pages, m.source) == ("申请书", 2, "scan") and step.pages == []
    with pikepdf.open(io.BytesIO(m.pdf)) as pdf:
        assert [int(p.obj.get("/Rotate", 0)) for p in pdf.pages] == [0, 180]


def test_manual_capture_retake_remove_and_failures(kiosk, scene):
    flow, fx = kiosk
    found, scanned = scene
    j = flow.journey
    j.scan()
    step = j.docscan
    frame(fx, found, 1.0)
    step.capture()  # 拍照 before the hold: taken now
    assert step.state is ScanState.CAPTURING
    fx.fail(f"{CAM}.analyse_still", DeviceTimeout("document_camera: no still within 20.0s"))
    assert flow.state.screen == "sample_materials.scan" and step.state is ScanState.LIVE
    assert step.notice.code == "device_error" and step.notice.subject == CAM
    frame(fx, found, 2.0)
    step.capture()
    fx.resolve(f"{CAM}.analyse_still", Analysed(3, 2.1, 2592, 1944, None))  # no page in it
    assert step.notice.code == "docscan_not_found" and not step.pages
    frame(fx, found, 3.0)
    step.capture()
    fx.resolve(f"{CAM}.analyse_still", Analysed(4, 3.1, 2592, 1944, scanned))
    first = step.pages[0]
    step.retake(0)
    assert flow.state.screen == "sample_materials.scan"
    frame(fx, found, 4.0)
    step.capture()
    again = StillScanner(layout="a4")
    fx.resolve(f"{CAM}.analyse_still", Analysed(5, 4.1, 2592, 1944,
                                                again(DeskScene("booklet").render(1600, 1200))))
    assert len(step.pages) == 1 and step.pages[0] is not first  # replaced, not added
    step.remove(0)
    assert flow.state.screen == "sample_materials.scan" and not step.pages
    step.back()  # no page: out of the step
    assert flow.state.screen == "sample_materials.choose" and j.cancelled == 1


def test_usb_insert_choose_take(kiosk):
    flow, fx = kiosk
    j = flow.journey
    j.from_usb()
    step = j.usb
    assert flow.state.screen == "sample_materials.usb"
    fx.fail(f"{USB}.list_files", NoMedia("usb: no stick mounted"))
    assert step.notice is None  # no stick yet: nothing to say but "insert it"
    flow.device_event(USB, StickInserted("usb", "KINGSTON"))
    fx.resolve(f"{USB}.list_files", Listing(
        (StickFile("a.pdf", 1000, "pdf"), StickFile("b.png", 2000, "png")),
        (("setup.exe", "not_allowed"),)))
    assert flow.state.screen == "sample_materials.usb_files"
    step.toggle("b.png")
    step.toggle("a.pdf")
    step.toggle("../../etc/shadow")  # not offered: not selectable
    assert step.selected == ["b.png", "a.pdf"]
    step.use_selected()
    assert fx.last(f"{USB}.import_files").args == (["b.png", "a.pdf"], 400_000)
    assert j.busy
    page = StillScanner(layout="a4")(DeskScene("application").render(1600, 1200)).encoded.jpeg
    fx.resolve(f"{USB}.import_files", Imported((
        ImportedFile("b.png", (page,), (150,)),
        ImportedFile("a.pdf", problem="pdf_script"))))
    assert flow.state.screen == "sample_materials.usb_take" and not j.busy
    assert step.refused == [("a.pdf", "pdf_script")]
    fx.resolve(f"{USB}.eject")
    flow.device_event(USB, StickRemoved("usb"))
    assert flow.state.screen == "sample_materials.result"
    m = j.material
    assert (m.name, m.pages, m.source) == ("营业执照", 1, "usb")
    with pikepdf.open(io.BytesIO(m.pdf)) as pdf:
        assert len(pdf.pages) == 1


def test_usb_pulled_out_while_choosing_and_nothing_usable(kiosk):
    flow, fx = kiosk
    j = flow.journey
    j.from_usb()
    step = j.usb
    fx.resolve(f"{USB}.list_files", Listing((StickFile("a.pdf", 1000, "pdf"),)))
    assert flow.state.screen == "sample_materials.usb_files"  # a stick was already in
    flow.device_event(USB, StickRemoved("usb"))
    assert flow.state.screen == "sample_materials.usb" and step.notice.code == "usb_removed"
    flow.device_event(USB, StickInserted("usb", ""))
    fx.resolve(f"{USB}.list_files", Listing((StickFile("a.pdf", 1000, "pdf"),)))
    step.toggle("a.pdf")
    step.use_selected()
    fx.resolve(f"{USB}.import_files", Imported((ImportedFile("a.pdf", problem="damaged"),)))
    assert flow.state.screen == "sample_materials.usb_files"
    assert step.notice.code == "usb_none_usable" and step.refused == [("a.pdf", "damaged")]
    step.cancel()  # 返回 with the stick in: unmounted, then taken out, then out of the step
    assert flow.state.screen == "sample_materials.usb_take" and step.material is None
    assert fx.last(f"{USB}.eject")
    flow.device_event(USB, StickRemoved("usb"))
    assert flow.state.screen == "sample_materials.choose" and j.cancelled == 1
