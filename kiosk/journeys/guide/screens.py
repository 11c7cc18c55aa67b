"""The hall guide's screen: the floor as a map (zones, the lift, "you are here", the way to
the zone the citizen taps) beside the same facts in words."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout

from kiosk.flows.state import KioskState
from kiosk.ui import texts
from kiosk.ui.floormap import FloorMap, MapZone
from kiosk.ui.i18n import tr
from kiosk.ui.screen_base import ScreenBase, hours_text
from kiosk.ui.theme import theme_for
from kiosk.ui.widgets import label


class FloorsScreen(ScreenBase):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.map = FloorMap()
        self.map.zone_tapped.connect(lambda code: self.on(lambda j: j.choose_zone(code))())
        row.addWidget(self.map, 3)
        self.words = label("body", name="guide_words")
        row.addWidget(self.words, 2)
        self.body.addLayout(row, 1)
        self.route = label("note", name="guide_route")
        self.body.addWidget(self.route)
        self.hours = label("muted", name="hours")
        self.body.addWidget(self.hours)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("大厅导览"))
        if j is None:
            return
        zones = j.zones()
        theme = theme_for(st.elder)
        c = theme.colors
        self.map.show_floor(
            [MapZone(code, texts.zone_name(cats[0], st), _windows(cats)) for code, cats in zones],
            j.zone, j.here,
            {"here": tr("您在这里"), "lift": tr("电梯")},
            (c.primary, c.surface, c.text, c.danger), theme.small_px)
        lines = []
        for code, cats in zones:
            mark = "▶ " if code == j.zone else ""
            lines.append(f"{mark}{code}  {texts.zone_name(cats[0], st)}")
            lines += [f"    {texts.category_name(x, st)}  {x.windows}" for x in cats]
        self.words.setText("\n".join(lines))
        self.route.setText(self._route(st, j, zones))
        note = tr("自助服务区24小时开放；取号请在办公时间内。")
        self.hours.setText(hours_text(self.flow) + "\n" + note)
        # the floor buttons say "selected" in words too (✓), not by colour alone
        floors = [self.action(f"btn_floor_{f}",
                              ("✓ " if f == j.floor else "") + texts.floor_text(f),
                              "primary" if f == j.floor else "secondary",
                              self.on(lambda j, f=f: j.show_floor(f)))
                  for f in j.floors()]
        self.actions.set_actions(
            [self.action("btn_back", tr("返回首页"), "secondary", self.flow.back), *floors],
            left=1)

    def _route(self, st: KioskState, j, zones) -> str:
        if j.zone is None:
            return tr("点地图上的业务区，查看怎么走。")
        cats = dict(zones)[j.zone]
        name = texts.zone_name(cats[0], st)
        if j.here:
            return tr("从这里沿走廊前往 {zone} 区（{name}），红色虚线为路线。").format(
                zone=j.zone, name=name)
        return tr("请乘电梯到 {floor} 楼，出电梯后前往 {zone} 区（{name}）。").format(
            floor=j.floor, zone=j.zone, name=name)


def _windows(cats) -> str:
    first, last = cats[0].windows.split("–")[0], cats[-1].windows.split("–")[-1]
    return f"{first}–{last}"


SCREENS = {"floors": FloorsScreen}
