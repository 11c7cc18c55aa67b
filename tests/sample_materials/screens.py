from __future__ import annotations

from kiosk.ui.docscan_screens import DocScanLiveScreen, DocScanPagesScreen
from kiosk.ui.screen_base import ScreenBase
from kiosk.ui.usb_screens import UsbFilesScreen, UsbInsertScreen, UsbTakeScreen
from kiosk.ui.widgets import label

ERRORS: dict = {}


class ChooseScreen(ScreenBase):
    def render(self, st) -> None:
        self.title.setText("提交材料")
        self.actions.set_actions([
            self.action("btn_scan", "扫描", "primary", self.on(lambda j: j.scan())),
            self.action("btn_usb", "U盘", "primary", self.on(lambda j: j.from_usb())),
        ])


class ResultScreen(ScreenBase):
    def __init__(self, flow, key) -> None:
        super().__init__(flow, key)
        self.summary = label("body", name="summary")
        self.body.addWidget(self.summary)

    def render(self, st) -> None:
        j = self.journey
        if j is None or j.material is None:
            return
        m = j.material
        self.title.setText(m.name)
        self.summary.setText(f"{m.pages} {m.source}")
        self.actions.set_actions([self.action("btn_done", "完成", "primary",
                                              self.on(lambda j: j.finish()))])


SCREENS = {
    "choose": ChooseScreen,
    "scan": DocScanLiveScreen,
    "scan_pages": DocScanPagesScreen,
    "usb": UsbInsertScreen,
    "usb_files": UsbFilesScreen,
    "usb_take": UsbTakeScreen,
    "result": ResultScreen,
}
