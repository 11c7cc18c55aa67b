"""The pick-up receipt (取件凭条) where no A4 printer is fitted: the document was issued, the
window prints it; the receipt carries the verification code as text and QR and the pick-up
code the citizen quotes. The holder's name is masked; no ID number is on it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


def grouped(code: str) -> str:
    """``GAABCD2345EFGH`` → ``GA ABCD 2345 EFGH``: easier to read out."""
    body = code[2:]
    return " ".join([code[:2]] + [body[i:i + 4] for i in range(0, len(body), 4)])


@dataclass(frozen=True)
class PickupReceipt:
    title: str
    title_en: str
    code: str
    pickup_code: str
    holder: str  # masked
    verify_url: str
    windows: str  # the window that hands out the paper document ("" when unknown)
    hall_name: str
    issued_at: datetime

    def job(self):
        from kiosk.printing import receipt_job

        where = f"请凭取件码到 {self.windows} 号窗口领取纸质证明。" if self.windows else \
            "请凭取件码到公安窗口领取纸质证明。"
        return receipt_job(
            f"{self.title} 取件凭条", [
                ("证明 Document", f"{self.title} {self.title_en}"),
                ("持证人 Holder", self.holder),
                ("验证码 Verification code", grouped(self.code)),
                ("出具时间 Issued", f"{self.issued_at:%Y-%m-%d %H:%M}"),
                where,
                "Quote the pick-up code at the police window for the paper document.",
                "扫描二维码可核验证明真伪。Scan the code to check the document.",
            ],
            title_en="Pick-up receipt", hall_name=self.hall_name, number=self.pickup_code,
            number_label="取件码 Pick-up code", qr=self.verify_url,
            qr_caption="核验证明 / verify", printed_at=self.issued_at)
