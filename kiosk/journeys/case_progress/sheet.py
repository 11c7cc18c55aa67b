"""The progress sheet (办件进度单): a case's stage among the six, the dates, what is missing
and where and when to collect — printed on the ticket printer."""
from __future__ import annotations

from dataclasses import dataclass, field

#: the stages on paper, both languages (the printer's paper is read by anyone at the window)
STAGE_WORDS = {
    "received": "已收件 Received",
    "queued_on_kiosk": "待发送 Waiting to be sent",
    "accepted": "已受理 Accepted",
    "in_review": "审核中 In review",
    "missing_materials": "待补正 Materials missing",
    "approved": "审批通过 Approved",
    "ready_for_collection": "待领取 Ready for collection",
    "delivered": "已送达 Delivered",
}
ORDER = ("accepted", "in_review", "missing_materials", "approved", "ready_for_collection",
         "delivered")


def group_digits(number: str) -> str:
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


@dataclass(frozen=True)
class ProgressSheet:
    case: dict
    dates: dict = field(default_factory=dict)  # stage → first date reached
    hall_name: str = ""

    def lines(self) -> list:
        c = self.case
        status = c.get("status", "")
        lines: list = [("事项 Item", c.get("item_name", "")),
                       ("当前状态 Stage", STAGE_WORDS.get(status, status))]
        if c.get("submitted_at"):
            lines.append(("提交时间 Submitted", c["submitted_at"][:16].replace("T", " ")))
        lines.append({"separator": True})
        now = ORDER.index(status) if status in ORDER else -1
        for i, stage in enumerate(ORDER):
            mark = "●" if i == now else "√" if i < now and stage in self.dates else "○"
            lines.append((f"{mark} {STAGE_WORDS[stage]}", self.dates.get(stage, "")))
        if c.get("missing"):
            lines.append({"separator": True})
            lines.append(("待补交 To bring", "、".join(c["missing"])))
        if c.get("collect"):
            lines.append(("领取地点 Where", c["collect"]["where"]))
            lines.append(("领取时间 When", c["collect"]["when"]))
        return lines

    def job(self):
        from kiosk.printing import receipt_job

        return receipt_job("办件进度单", self.lines(), title_en="Case progress",
                           hall_name=self.hall_name, number=group_digits(self.case["case_id"]),
                           number_label="办件编号 Case number")
