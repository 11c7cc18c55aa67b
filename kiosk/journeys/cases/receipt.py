"""The acceptance receipt of an application (受理回执): case number, item, what was handed
in and what is still to bring, how the result comes, and a QR code of the progress page."""
from __future__ import annotations

from dataclasses import dataclass


def group_digits(number: str) -> str:
    """``202503180001`` → ``2025 0318 0001``: read and typed in fours."""
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


@dataclass(frozen=True)
class CaseReceipt:
    """Handed to ``Journey.print("printer", …)``; laid out when :meth:`job` runs."""

    case_id: str
    at: str  # ISO date-time of the submission
    item_name: str
    hall_name: str
    masked_name: str = ""
    provided: tuple[tuple[str, int], ...] = ()  # (material, pages)
    missing: tuple[str, ...] = ()  # to bring to the window (容缺受理)
    delivery: str = "pickup"
    address: str = ""
    track_url: str = ""

    def lines(self) -> list:
        lines: list = [("事项 Item", self.item_name),
                       ("提交时间 Submitted", self.at[:16].replace("T", " "))]
        if self.masked_name:
            lines.append(("申请人 Applicant", self.masked_name))
        for name, pages in self.provided:
            lines.append(("已提交 Handed in", f"{name}（{pages}页 / {pages} p.）"))
        for name in self.missing:
            lines.append(("待补交 To bring", name))
        if self.delivery == "post":
            lines.append(("送达方式 Delivery", f"邮寄 Express post：{self.address}"))
        else:
            lines.append(("送达方式 Delivery", "窗口领取 Pick up at the window"))
        lines.append({"separator": True})
        if self.missing:
            lines += ["容缺受理：请在审批前把待补交材料送到窗口，并出示本回执。",
                      ("Accepted with materials missing: bring them to a window before the "
                       "decision, with this receipt.")]
        lines += ["扫描二维码或在自助机输入办件编号查询办理进度。",
                  "Scan the QR code, or type the case number at a kiosk, to follow the case."]
        return lines

    def job(self):
        from kiosk.printing import receipt_job

        return receipt_job("受理回执", self.lines(), title_en="Acceptance receipt",
                           hall_name=self.hall_name, number=group_digits(self.case_id),
                           number_label="办件编号 Case number",
                           qr=self.track_url or self.case_id,
                           qr_caption="扫码查询进度 / scan to follow the case")
