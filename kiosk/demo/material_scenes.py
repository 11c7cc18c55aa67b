"""The material steps' screens (document camera, USB stick) for ``kiosk ui screenshots`` and
the screen-rules tests: the 在线申报 journey with its REAL sources
(:mod:`kiosk.journeys.steps.docscan` / :mod:`~kiosk.journeys.steps.usbimport`), their
device requests answered by hand with what the simulators would give (a rendered desk, its
scanned pages, a stick's listing)."""
from __future__ import annotations

from drivers.kinds.camera import Analysed
from drivers.kinds.usb_storage import Imported, ImportedFile, Listing, StickFile, StickInserted

#: demo_health() arguments: both sources up
HEALTH = {"document_camera": True, "usb_storage": True}
CAM, USB = "document_camera", "usb_storage"


def _material(flow, fx, clock):
    from kiosk.demo import case_scenes as ks
    from kiosk.journeys.steps.docscan import ScanMaterial
    from kiosk.journeys.steps.usbimport import UsbImport

    ks.apply_item(flow, fx, clock)
    j = flow.journey
    # case_scenes puts stand-ins in; the journey registered the real steps at its start
    real = {"scan": next(s for s in j._steps if isinstance(s, ScanMaterial)),
            "usb": next(s for s in j._steps if isinstance(s, UsbImport))}
    j.sources = real
    j.choose_item(ks.ITEM)
    return j


def _english_name(flow, step) -> None:
    # what the journey passes as start(…, name_en=…): the guide's English name
    m = flow.journey.current
    step.material_name_en = getattr(m, "name_en", "") or ""


def _desk_frames(document="application", placement=1):
    from drivers.camera.doc_scenes import PLACEMENTS, DeskScene
    from drivers.core.frames import LatestFrame

    scene = DeskScene(document, PLACEMENTS[placement])
    frames = LatestFrame()
    frames.put(scene.render(800, 600))
    return scene, frames


def scan_live(flow, fx, clock) -> None:
    from kiosk.scanning.page import find_page

    j = _material(flow, fx, clock)
    j.use_source("scan")
    _english_name(flow, j.docscan)
    scene, frames = _desk_frames()
    fx.resolve(f"{CAM}.preview", frames)
    found = find_page(scene.render(800, 600), refine=False)
    for i, at in enumerate((1.0, 1.3)):
        fx.resolve(f"{CAM}.analyse", Analysed(i + 1, at, 800, 600, found))


def _scanned(document, placement):
    from drivers.camera.doc_scenes import PLACEMENTS, DeskScene
    from kiosk.scanning.scan import StillScanner

    still = DeskScene(document, PLACEMENTS[placement]).render(1600, 1200)
    return StillScanner(layout="a4")(still)


def scan_pages(flow, fx, clock) -> None:
    scan_live(flow, fx, clock)
    step = flow.journey.docscan
    step.capture()
    fx.resolve(f"{CAM}.analyse_still", Analysed(3, 1.4, 1600, 1200, _scanned("application", 1)))
    step.add_page()
    step.capture()
    fx.resolve(f"{CAM}.analyse_still", Analysed(9, 3.0, 1600, 1200, _scanned("certificate", 3)))
    step.rotate(1)


def usb_insert(flow, fx, clock) -> None:
    from drivers.usbstick.device import NoMedia

    j = _material(flow, fx, clock)
    j.use_source("usb")
    _english_name(flow, j.usb)
    fx.fail(f"{USB}.list_files", NoMedia("usb: no stick mounted"))


def usb_files(flow, fx, clock) -> None:
    usb_insert(flow, fx, clock)
    flow.device_event(USB, StickInserted("usb", "KINGSTON"))
    fx.resolve(f"{USB}.list_files", Listing(
        (StickFile("application.pdf", 660_612, "pdf"), StickFile("licence.jpg", 365_437, "jpeg"),
         StickFile("scans/register-p2.png", 1_204_311, "png")),
        (("setup.exe", "not_allowed"), ("autorun.inf", "not_allowed"))))
    step = flow.journey.usb
    step.toggle("licence.jpg")
    step.toggle("application.pdf")


def usb_refused(flow, fx, clock) -> None:
    usb_files(flow, fx, clock)
    step = flow.journey.usb
    step.use_selected()
    fx.resolve(f"{USB}.import_files", Imported((
        ImportedFile("licence.jpg", problem="damaged"),
        ImportedFile("application.pdf", problem="pdf_script"))))


def usb_take(flow, fx, clock) -> None:
    usb_files(flow, fx, clock)
    step = flow.journey.usb
    step.use_selected()
    page = _scanned("certificate", 0).encoded.jpeg
    fx.resolve(f"{USB}.import_files", Imported((
        ImportedFile("licence.jpg", (page,), (150,)),
        ImportedFile("application.pdf", problem="pdf_script"))))
