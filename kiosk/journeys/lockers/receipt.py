"""The drop-off receipt: what the citizen keeps — case number, compartment, time, what next."""
from __future__ import annotations

from dataclasses import dataclass


def group_digits(number: str) -> str:
    """``202503180001`` → ``2025 0318 0001``: read and typed in fours."""
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


@dataclass(frozen=True)
class DropoffReceipt:
    """Handed to ``Journey.print("printer", …)``; laid out when :meth:`job` runs."""

    case_id: str
    compartment: int
    at: str  # ISO date-time of the drop-off
    item_name: str
    hall_name: str
    masked_name: str = ""

    def lines(self) -> list:
        when = self.at[:16].replace("T", " ")
        lines = [("办件编号 Case", group_digits(self.case_id)),
                 ("投递时间 Time", when),
                 ("柜格 Compartment", f"{self.compartment} 号 / No. {self.compartment}")]
        if self.item_name:
            lines.append(("事项 Item", self.item_name))
        if self.masked_name:
            lines.append(("申请人 Applicant", self.masked_name))
        lines += [{"separator": True},
                  "材料已投入自助文件柜，工作人员上班后收取办理。",
                  "Your materials are in the locker; staff collect them when the hall opens.",
                  "办结后短信通知取件码，可凭身份证或取件码在此取件。",
                  "When it is done, an SMS brings a pickup code; collect here with it or your "
                  "ID card."]
        return lines

    def job(self):
        from kiosk.printing import receipt_job

        return receipt_job("材料投递回执", self.lines(), title_en="Drop-off receipt",
                           hall_name=self.hall_name, qr=self.case_id,
                           qr_caption="办件编号 Case number")
