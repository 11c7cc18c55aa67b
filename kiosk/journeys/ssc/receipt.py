"""The receipt a citizen takes with their new social-security card (or when it was kept)."""
from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.printing import receipt_job

BUSINESS = {"03": "挂失补卡（新卡号） Replacement, new number",
            "07": "换卡（原卡号） Replacement, same number"}
OUTCOMES = {
    "taken": "新卡已领取 Card handed over",
    "retained": "新卡已由本机回收保管 Card kept by the kiosk",
    "failed": "未能制卡 Card not made",
}


@dataclass(frozen=True)
class SscReceipt:
    """What the journey hands to ``Journey.print``: laid out when printed (off the Qt
    thread). No full numbers on paper: the card number is masked, the name too."""

    hall_name: str
    application_id: str
    business_type: str
    card_number_masked: str
    holder_masked: str
    outcome: str  # taken | retained | failed
    where: str = ""  # the window to go to, when there is something left to do
    lines_extra: tuple[str, ...] = field(default=())

    def lines(self) -> list:
        out: list = [
            ("业务 Service", BUSINESS.get(self.business_type, self.business_type)),
            ("持卡人 Holder", self.holder_masked),
            ("卡号 Card No.", self.card_number_masked),
            ("结果 Result", OUTCOMES.get(self.outcome, self.outcome)),
        ]
        if self.outcome == "retained":
            out.append({"text": "您的新卡未在规定时间内取走，已由本机回收保管。请凭身份证到"
                                f"{self.where or '人社窗口'}领取。", "heading": False})
            out.append("Your new card was not taken in time and is kept safe. Collect it "
                       "with your ID card at the social-security window.")
        elif self.outcome == "failed":
            out.append(f"卡片未能制作成功，已回收作废。请到{self.where or '人社窗口'}办理。")
        out.extend(self.lines_extra)
        return out

    def job(self):
        return receipt_job(
            "社会保障卡补换卡凭条", self.lines(), title_en="Social-security card receipt",
            hall_name=self.hall_name, number=self.application_id[:12].upper(),
            number_label="申请编号 Application")


__all__ = ["SscReceipt"]
