"""The photo receipt (数码照片回执): the code the citizen quotes at the window, as digits
and as a QR code, and what the photo was made to."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

#: the service item photos are filed under on the case server (kiosk/central/demo_items.toml)
PHOTO_ITEM = "police-id-photo"


def photo_code(case_id: str) -> str:
    """``ZP`` and ten digits from the case id: short enough to read out at a window, the
    same on the kiosk, the receipt and the case (it is in the case's form)."""
    digest = int(hashlib.sha256(case_id.encode()).hexdigest(), 16)
    return f"ZP{digest % 10**10:010d}"


def grouped(code: str) -> str:
    """``ZP 1234 5678 90``: easier to read out."""
    digits = code[2:]
    return " ".join([code[:2], digits[:4], digits[4:8], digits[8:]]).strip()


@dataclass(frozen=True)
class PhotoReceipt:
    """What ``Journey.print("printer", receipt)`` prints (laid out off the Qt thread)."""

    code: str
    width: int
    height: int
    dpi: int
    hall_name: str
    taken_at: datetime

    def job(self):
        from kiosk.printing import receipt_job

        return receipt_job(
            "数码照片回执", [
                ("照片编号 Photo code", grouped(self.code)),
                ("规格 Format", f"{self.width}×{self.height} px, {self.dpi} dpi, JPEG"),
                ("拍摄时间 Taken", f"{self.taken_at:%Y-%m-%d %H:%M}"),
                "办理证件时请向窗口出示本回执或报出照片编号。",
                "Show this receipt or quote the photo code at the window.",
                "照片已上传，本机不保留照片。The kiosk keeps no copy of the photo.",
            ],
            title_en="Digital photo receipt", hall_name=self.hall_name, number=self.code,
            number_label="照片编号 Photo code", qr=self.code,
            qr_caption="窗口扫码调取照片 / scanned at the window", printed_at=self.taken_at)
