from __future__ import annotations

from kiosk.flows.notify import tap
from kiosk.journeys.base import Journey
from kiosk.journeys.steps.docscan import ScanMaterial
from kiosk.journeys.steps.usbimport import UsbImport

CHOOSE, RESULT = "choose", "result"


class MaterialsJourney(Journey):
    FIRST_STEP = CHOOSE
    INPUT_STEPS = frozenset({CHOOSE})
    RESULT_STEPS = frozenset({RESULT})

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.docscan = self.uses(ScanMaterial(self, "scan", "scan_pages"))
        self.usb = self.uses(UsbImport(self, "usb", "usb_files", "usb_take"))
        self.material = None
        self.cancelled = 0

    @tap
    def scan(self) -> None:
        if self.at(CHOOSE):
            self.docscan.start("申请书", self._done, self._cancelled, layout="a4",
                               max_page_bytes=400_000)

    @tap
    def from_usb(self) -> None:
        if self.at(CHOOSE):
            self.usb.start("营业执照", self._done, self._cancelled, max_bytes=400_000)

    def _done(self, material) -> None:
        self.material = material
        self.go(RESULT)

    def _cancelled(self) -> None:
        self.cancelled += 1
        self.go(CHOOSE)

    @tap
    def finish(self) -> None:
        self.shell.finish()

    def wipe(self) -> None:
        super().wipe()
        self.material = None
