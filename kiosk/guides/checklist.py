"""An item's material checklist on the ticket printer (一次告知: what to bring, told once).

``GuideChecklist(item, hall_name=…)`` is what ``Journey.print("printer", …)`` takes: its
``job()`` lays the receipt out off the Qt thread. Chinese and English on one slip (the
citizen may hand it to someone else), a box per material to tick at home, "may follow"
where the item accepts it missing (容缺受理), the windows, and a QR code to the online guide.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


def material_text(m: dict, *, english: bool = False) -> str:
    """``居民身份证（原件，1份）`` / ``Resident ID card (original, 1)``, and what is optional."""
    copies = int(m.get("copies", 1) or 1)
    if english:
        what = "original" if m.get("original") else "copy"
        extra = [] if m.get("required", True) else ["if applicable"]
        if m.get("lenient"):
            extra.append("may follow")
        tail = "; ".join(extra)
        return f"{m.get('name_en') or m['name']} ({what}, {copies})" + (f" – {tail}" if tail
                                                                         else "")
    what = "原件" if m.get("original") else "复印件"
    extra = [] if m.get("required", True) else ["如适用"]
    if m.get("lenient"):
        extra.append("可后补")
    return f"{m['name']}（{what}，{copies}份）" + (f"【{'，'.join(extra)}】" if extra else "")


def checklist_lines(item: dict) -> list:
    """The receipt lines (kiosk.printing.receipt_line forms) of ``item``'s checklist."""
    tl = item.get("time_limit") or {}
    lines: list = [{"text": "所需材料 Materials", "heading": True}]
    for m in item.get("materials", []):
        lines.append({"text": material_text(m), "check": True})
        lines.append("    " + material_text(m, english=True))
    if item.get("accept_missing"):
        lines.append("标注“可后补”的材料可容缺受理，审批前补交。")
        lines.append("Materials marked 'may follow' can be handed in before the decision.")
    lines.append({"separator": True})
    lines.append(("办理窗口 Windows", f"{item.get('floor', '')}F {item.get('windows', '')}"))
    legal, promised = tl.get("legal_days"), tl.get("promised_days")
    if promised == 0:
        lines.append(("办理时限 Time", "当场办结 on the spot"))
    elif promised is not None:
        lines.append(("承诺时限 Promised", f"{promised} 个工作日 working days"))
        if legal:
            lines.append(("法定时限 Statutory", f"{legal} 个工作日 working days"))
    if item.get("fees"):
        lines.append(("收费 Fees", item["fees"]))
        if item.get("fees_en"):
            lines.append(item["fees_en"])
    return lines


@dataclass(frozen=True)
class GuideChecklist:
    item: dict
    hall_name: str
    printed_at: datetime = field(default_factory=datetime.now)

    def job(self):
        from kiosk.printing import receipt_job

        url = self.item.get("online_url") or ""
        return receipt_job(
            self.item["name"], checklist_lines(self.item),
            title_en=self.item.get("name_en", ""), subtitle="材料清单 Checklist",
            hall_name=self.hall_name, number=self.item["code"], number_label="事项 Item",
            qr=url or None, qr_caption="扫码查看办事指南 / the guide online" if url else "",
            printed_at=self.printed_at)
