"""The police self-service documents the reference server issues, as A4 PDFs (fpdf2).

Three kinds: temporary ID proof (临时身份证明), no-criminal-record certificate (无犯罪记录证明)
and residence certificate (居住证明). Each carries the holder's particulars from the ID card
the kiosk read, the citizen's choice (purpose), the issuing office, the date, a validity, the
verification code and a QR code of the verification address. The wording follows the public
templates of such certificates; the office is the reference server's fictitious demo office
and every page says it is a demonstration document.

Set in Noto Sans CJK SC (Debian's fonts-noto-cjk), embedded as a subset — the same font and
library as the certificates (:mod:`kiosk.central.documents.pdf`), so the text can be read back.
The ID number is printed in full only on the temporary ID proof (it stands in for the card);
the certificates show it masked in the middle, as the other certificates do.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

#: kind → (title, English title, days valid, purposes the citizen may choose)
KINDS: dict[str, tuple[str, str, int, tuple[str, ...]]] = {
    "temporary_id": ("临时身份证明", "Temporary identity proof", 30,
                     ("乘坐火车", "乘坐飞机", "住宿登记", "银行业务", "其他")),
    "no_criminal_record": ("无犯罪记录证明", "Certificate of no criminal record", 90,
                           ("就业", "出国（境）", "入学", "资格审查", "其他")),
    "residence": ("居住证明", "Residence certificate", 90,
                  ("子女入学", "社保医保", "就业登记", "其他")),
}

OFFICE = "示例市公安局示例分局（演示）"
OFFICE_EN = "Example City Public Security Bureau (demonstration)"


@dataclass(frozen=True)
class Holder:
    """The card's particulars (what the kiosk read), as the document prints them."""

    name: str
    id_number: str
    gender: str = ""
    birth_date: str = ""  # YYYY-MM-DD
    ethnicity: str = ""
    address: str = ""


def masked(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: what the register keeps."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def masked_id(id_number: str) -> str:
    s = id_number.strip().upper()
    return s[:6] + "*" * max(0, len(s) - 10) + s[-4:] if len(s) > 10 else "*" * len(s)


def body_lines(kind: str, holder: Holder, purpose: str, issued: date) -> list[str]:
    _title, _en, days, _purposes = KINDS[kind]
    until = issued + timedelta(days=days)
    number = holder.id_number if kind == "temporary_id" else masked_id(holder.id_number)
    who = f"{holder.name}，{holder.gender or '—'}，公民身份号码 {number}"
    if kind == "temporary_id":
        lines = [f"兹证明 {who}，出生日期 {holder.birth_date or '—'}，"
                 f"住址 {holder.address or '—'}。",
                 "经自助终端人证核验为本人。其居民身份证正在办理中（或遗失补办中），"
                 "特此证明。"]
    elif kind == "no_criminal_record":
        lines = [f"兹证明 {who}，",
                 f"经查询全国违法犯罪人员信息资源库，截至 {issued:%Y年%m月%d日}，"
                 "未发现其有犯罪记录。特此证明。"]
    else:
        lines = [f"兹证明 {who}，现居住于 {holder.address or '—'}，经核查属实。特此证明。"]
    return lines + [f"用途：{purpose}", f"有效期至：{until:%Y年%m月%d日}"]


def render_pdf(kind: str, holder: Holder, purpose: str, code: str, verify_url: str,
               issued: date) -> bytes:
    """The document as a one-page A4 PDF."""
    import qrcode
    from fpdf import FPDF

    from kiosk.central.documents.pdf import CJK_FONT, SC

    title, title_en, _days, _p = KINDS[kind]
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"{title} {code}")
    pdf.set_creator("kiosk-central (reference server)")
    pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=SC)
    pdf.add_page()
    pdf.set_margins(25, 25, 25)
    pdf.set_font("cjk", size=8)
    pdf.set_text_color(170, 40, 40)
    pdf.set_xy(25, 12)
    pdf.cell(0, 4, "演示数据 DEMO DATA — 虚构记录，不作证明使用", align="R")
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(25, 35)
    pdf.set_font("cjk", size=24)
    pdf.cell(0, 12, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=11)
    pdf.cell(0, 6, title_en, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("cjk", size=10)
    pdf.cell(0, 6, f"编号 No. {code}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("cjk", size=13)
    for line in body_lines(kind, holder, purpose, issued):
        pdf.multi_cell(0, 9, line, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.ln(14)
    pdf.cell(0, 8, OFFICE, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, f"{issued:%Y年%m月%d日}", align="R", new_x="LMARGIN", new_y="NEXT")
    qr = qrcode.make(verify_url, box_size=4, border=1).get_image()
    pdf.image(qr, x=25, y=235, w=32, h=32)
    pdf.set_xy(62, 240)
    pdf.set_font("cjk", size=10)
    pdf.multi_cell(0, 6, f"验证码 Verification code：{code}\n"
                         "扫描二维码核验本证明真伪。Scan the code to check it is genuine.\n"
                         f"{OFFICE_EN}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(25, 280)
    pdf.set_font("cjk", size=8)
    pdf.cell(0, 4, "本证明由政务服务自助终端打印。A document of the reference server (demonstration).")
    return bytes(pdf.output())
