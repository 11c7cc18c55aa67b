"""The hall guide's screen: zones, floors and windows, one floor at a time."""
from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.flows.state import KioskState
from kiosk.ui import texts
from kiosk.ui.i18n import tr
from kiosk.ui.screen_base import ScreenBase, card_frame, hours_text
from kiosk.ui.widgets import clear_layout, label


class FloorsScreen(ScreenBase):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.frame, self.grid = card_frame()
        self.grid.setVerticalSpacing(8)
        self.body.addWidget(self.frame)
        self.hours = label("body", name="hours")
        self.body.addWidget(self.hours)
        self.body.addStretch(1)
        self._key: tuple = ()

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("大厅导览"))
        floor = j.floor if j else None
        key = (st.lang, st.elder, st.categories, floor)
        if key != self._key:
            self._key = key
            self._rebuild(st, floor)
        note = tr("自助服务区24小时开放；取号请在办公时间内。")
        self.hours.setText(hours_text(self.flow) + "\n" + note)
        # the floor buttons say "selected" in words too (✓), not by colour alone
        floors = [self.action(f"btn_floor_{f}",
                              ("✓ " if f == floor else "") + texts.floor_text(f),
                              "primary" if f == floor else "secondary",
                              self.on(lambda j, f=f: j.show_floor(f)))
                  for f in (j.floors() if j else [])]
        self.actions.set_actions(
            [self.action("btn_back", tr("返回首页"), "secondary", self.flow.back), *floors],
            left=1)

    def _rebuild(self, st: KioskState, floor) -> None:
        clear_layout(self.grid)
        zones: dict[str, list] = {}
        for c in st.categories:
            if c.floor == floor:
                zones.setdefault(c.zone, []).append(c)
        heads = (tr("业务区"), tr("业务"), tr("窗口"))
        for col, h in enumerate(heads):
            self.grid.addWidget(label("muted", h, wrap=False), 0, col)
        row = 1
        for zone, cats in sorted(zones.items()):
            top = Qt.AlignmentFlag.AlignTop
            self.grid.addWidget(label("value", f"{zone}  {texts.zone_name(cats[0], st)}"), row, 0,
                                len(cats), 1, top)
            for c in cats:
                self.grid.addWidget(label("body", texts.category_name(c, st), wrap=False), row, 1)
                self.grid.addWidget(label("body", c.windows, wrap=False), row, 2)
                row += 1
        for i in range(self.grid.count()):
            self.grid.itemAt(i).widget().show()
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 1)


SCREENS = {"floors": FloorsScreen}
