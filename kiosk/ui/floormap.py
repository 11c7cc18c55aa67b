"""A floor of the hall, drawn (no image files): the zones along the hall, the lift, the kiosk's
own place ("您在这里") and the way from it to a chosen zone.

The plan is schematic, as the halls' own wall maps are: the zones of a floor side by side
along one corridor, the entrance and the lift at the front. What a citizen needs from it is
which way to walk and whether to take the lift; every word on it is also in the list beside
it (nothing only in the picture).
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class MapZone:
    code: str
    name: str
    windows: str


class FloorMap(QWidget):
    """Zones of one floor as boxes along a corridor; tapping a zone selects it."""

    zone_tapped = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("floor_map")
        self.setMinimumHeight(260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.zones: list[MapZone] = []
        self.selected: str | None = None
        self.here = True  # the kiosk is on this floor
        self.texts = {"here": "您在这里", "lift": "电梯", "entrance": "入口"}
        self.colors = ("#0A4FA3", "#FFFFFF", "#1B1F24", "#B3261E")  # primary, bg, text, you
        self.px = 24
        self._boxes: dict[str, QRectF] = {}

    def show_floor(self, zones: list[MapZone], selected: str | None, here: bool,
                   texts: dict[str, str], colors: tuple[str, str, str, str], px: int) -> None:
        self.zones, self.selected, self.here = zones, selected, here
        self.texts, self.colors, self.px = texts, colors, px
        self.setAccessibleName(" ".join(z.name for z in zones))
        self.update()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        for code, box in self._boxes.items():
            if box.contains(event.position()):
                self.zone_tapped.emit(code)
                return
        super().mousePressEvent(event)

    # ------------------------------------------------------------------ drawing
    def _layout(self) -> tuple[QRectF, QPointF, QRectF]:
        """(corridor, the kiosk's point, the lift's box); zone boxes into self._boxes."""
        w, h = self.width(), self.height()
        m = 12
        top = QRectF(m, m, w - 2 * m, h * 0.58)
        corridor = QRectF(m, top.bottom() + 8, w - 2 * m, h * 0.14)
        n = max(1, len(self.zones))
        gap = 12
        zw = (top.width() - gap * (n - 1)) / n
        self._boxes = {z.code: QRectF(top.left() + i * (zw + gap), top.top(), zw, top.height())
                       for i, z in enumerate(self.zones)}
        here = QPointF(w * 0.18, corridor.bottom() + (h - corridor.bottom()) * 0.5)
        lift = QRectF(w - m - w * 0.16, corridor.bottom() + 8, w * 0.16,
                      h - corridor.bottom() - 8 - m)
        return corridor, here, lift

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        primary, bg, text, you = (QColor(c) for c in self.colors)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        corridor, here, lift = self._layout()
        font = QFont(self.font())
        font.setPixelSize(self.px)
        p.setFont(font)
        # the corridor
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#DCE3EC"))
        p.drawRoundedRect(corridor, 8, 8)
        # the zones
        for z in self.zones:
            box = self._boxes[z.code]
            chosen = z.code == self.selected
            p.setPen(QPen(primary, 6 if chosen else 3))
            p.setBrush(primary if chosen else bg)
            p.drawRoundedRect(box, 12, 12)
            p.setPen(bg if chosen else text)
            big = QFont(font)
            big.setPixelSize(int(self.px * 1.8))
            big.setBold(True)
            p.setFont(big)
            p.drawText(box.adjusted(8, 8, -8, -box.height() * 0.55),
                       Qt.AlignmentFlag.AlignCenter, z.code)
            p.setFont(font)
            p.drawText(box.adjusted(8, box.height() * 0.42, -8, -8),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                       | Qt.TextFlag.TextWordWrap, f"{z.name}\n{z.windows}")
        # the lift
        p.setPen(QPen(text, 3))
        p.setBrush(bg)
        p.drawRoundedRect(lift, 8, 8)
        p.drawText(lift, Qt.AlignmentFlag.AlignCenter, "⇅ " + self.texts["lift"])
        # you are here (or, on another floor, the lift), and the way to the chosen zone
        target = self._boxes.get(self.selected or "")
        start = here if self.here else QPointF(lift.center().x(), lift.top())
        if target is not None:
            path = QPainterPath(start)
            mid_y = corridor.center().y()
            path.lineTo(start.x(), mid_y)
            path.lineTo(target.center().x(), mid_y)
            path.lineTo(target.center().x(), target.bottom())
            p.setPen(QPen(you, 6, Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        if self.here:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(you)
            p.drawEllipse(here, self.px * 0.6, self.px * 0.6)
            p.setPen(you)
            bold = QFont(font)
            bold.setBold(True)
            p.setFont(bold)
            p.drawText(QRectF(here.x() + self.px, here.y() - self.px, self.width() * 0.5,
                              self.px * 2), Qt.AlignmentFlag.AlignVCenter,
                       self.texts["here"])
        p.end()
