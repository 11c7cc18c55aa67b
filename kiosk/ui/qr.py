"""A QR code on screen, drawn from its modules (``qrcode``), no image files: the service
guide's link to its online version, the payment step's order code."""
from __future__ import annotations

from functools import lru_cache

import qrcode
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget


@lru_cache(maxsize=64)
def qr_image(text: str) -> QImage:
    """The code as one pixel per module, quiet zone included (4 modules). Made once per
    text: choosing the mask tries all eight, and the guide shows the same link twice (beside
    the text on a landscape screen, under it on a portrait one)."""
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    rows = code.get_matrix()
    n = len(rows)
    image = QImage(n, n, QImage.Format.Format_Mono)
    image.setColorTable([QColor("#FFFFFF").rgb(), QColor("#000000").rgb()])
    image.fill(0)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.setPixel(x, y, 1)
    return image


class QrCode(QWidget):
    """A QR code drawn square, black on white, as large as the widget allows in whole
    pixels per module (crisp edges a phone's camera reads easily). ``side``: a fixed size;
    without it, at least ``minimum`` and growing with the layout."""

    def __init__(self, name: str, *, side: int = 0, minimum: int = 360) -> None:
        super().__init__()
        self.setObjectName(name)
        if side:
            self.setFixedSize(side, side)
        else:
            self.setMinimumSize(minimum, minimum)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.text = ""
        self.image: QImage | None = None

    def set_text(self, text: str) -> None:
        if text == self.text:
            return
        self.text = text
        self.image = qr_image(text) if text else None
        self.setAccessibleName(text)
        self.update()

    def paintEvent(self, event) -> None:
        if self.image is None:
            return
        n = self.image.width()
        cell = min(self.width(), self.height()) // n
        if cell < 1:
            return
        size = cell * n
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)  # sharp modules
        p.drawImage(QRect((self.width() - size) // 2, (self.height() - size) // 2, size, size),
                    self.image)
        p.end()
