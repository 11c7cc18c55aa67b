"""A certificate as an A4 PDF (fpdf2, Noto Sans CJK SC embedded as a subset).

The page: issuer and title (Chinese, English below), the person (name; ID number masked in
the middle), the period, the record as a table that runs on to further pages, the summary,
and at the foot of every page the verification code with its QR (a link to the server's
public verification page), "page n of N" and the kiosk that printed it. Demo data is marked
as such on every page.
"""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from kiosk.central.documents.content import Content
from kiosk.central.documents.kinds import DocumentKind

FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk",
             "/usr/share/fonts/google-noto-cjk")
SC = 2  # Noto Sans CJK SC in the collection (JP, KR, SC, TC, HK …): simplified glyph forms
# fpdf2 warns of each character the font lacks by quoting it: a rare character of a citizen's
# name would land in the server log (personal data, and any control character as sent)
logging.getLogger("fpdf").setLevel(logging.ERROR)


def _font(name: str) -> Path:
    for d in FONT_DIRS:
        p = Path(d) / name
        if p.exists():
            return p
    raise FileNotFoundError(f"{name} not found (apt-get install fonts-noto-cjk)")


CJK_FONT = _font("NotoSansCJK-Regular.ttc")


def mask_id(id_number: str) -> str:
    """``110101199003070011`` → ``110101********0011``."""
    s = id_number.strip().upper()
    return s[:6] + "*" * max(0, len(s) - 10) + s[-4:] if len(s) > 10 else "*" * len(s)


def render(kind: DocumentKind, content: Content, *, name: str, id_number: str, period: str,
           code: str, verify_url: str, kiosk_id: str, issued: datetime,
           demo: bool = True) -> tuple[bytes, int]:
    """(PDF bytes, page count)."""
    import qrcode
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    qr = qrcode.make(verify_url, box_size=4, border=1).get_image()

    class Certificate(FPDF):
        def header(self) -> None:
            if demo:
                self.set_font("cjk", size=8)
                self.set_text_color(170, 40, 40)
                self.cell(0, 4, "演示数据 DEMO DATA — 虚构记录，不作证明使用", align="R",
                          new_x="LMARGIN", new_y="NEXT")
                self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-34)
            self.image(qr, x=self.l_margin, y=self.get_y(), w=24, h=24)
            self.set_x(self.l_margin + 28)
            self.set_font("cjk", size=9)
            self.multi_cell(0, 5, f"验证码 Verification code: {code}\n"
                                  f"扫描二维码或访问 {verify_url} 核验本证明真伪。\n"
                                  f"打印终端 Kiosk: {kiosk_id}    打印时间 Printed: "
                                  f"{issued:%Y-%m-%d %H:%M}\n"
                                  f"第 {self.page_no()} 页 / 共 {{nb}} 页   "
                                  f"Page {self.page_no()} of {{nb}}",
                            new_x="LMARGIN", new_y="NEXT")

    pdf = Certificate(format="A4")
    pdf.set_auto_page_break(True, margin=40)
    pdf.set_title(f"{kind.title} {code}")
    pdf.set_creator("kiosk-central (reference server)")
    pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=SC)
    pdf.add_page()
    pdf.set_font("cjk", size=10)
    pdf.cell(0, 6, f"{kind.issuer}  {kind.issuer_en}", align="C", new_x="LMARGIN",
             new_y="NEXT")
    # one face only: each embedded CJK face costs ~1 s of parsing and subsetting per
    # document (fontTools on a 20 MB collection), so the title is set large, not bold
    pdf.set_font("cjk", size=21)
    pdf.cell(0, 12, kind.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=11)
    pdf.cell(0, 6, kind.title_en, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    period_text = "截至打印日 (as of the printing date)" if period == "current" else \
        period.replace("/", " 至 ")
    pdf.set_font("cjk", size=11)
    for label, value in (("姓名 Name", name), ("公民身份号码 ID number", mask_id(id_number)),
                         ("期间 Period", period_text)):
        pdf.cell(48, 7, label)
        pdf.cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if content.rows:
        pdf.set_font("cjk", size=8.5)
        with pdf.table(text_align="CENTER", line_height=5.5, first_row_as_headings=True,
                       headings_style=FontFace(emphasis=None, fill_color=(232, 236, 242)),
                       col_widths=_widths(content)) as t:
            t.row(content.columns)
            for r in content.rows:
                t.row(r)
    if content.note:
        pdf.set_font("cjk", size=11)
        pdf.multi_cell(0, 7, content.note, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("cjk", size=10)
    for label, value in content.summary:
        pdf.cell(60, 6, label)
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(0, 6, f"特此证明。本证明由政务服务自助终端打印，与窗口出具的证明具有同等效力，"
                         f"自打印之日起{kind.valid_days}日内可通过验证码核验。", new_x="LMARGIN",
                   new_y="NEXT")
    pdf.cell(0, 8, f"{kind.issuer}    {issued:%Y年%m月%d日}", align="R", new_x="LMARGIN",
             new_y="NEXT")
    data = bytes(pdf.output())
    return data, pdf.pages_count


def _widths(content: Content) -> tuple[int, ...]:
    """Columns as wide as their longest text (a CJK character counts twice)."""
    def w(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    return tuple(max(w(str(r[i])) for r in [content.columns, *content.rows]) + 2
                 for i in range(len(content.columns)))


def page_png(pdf: bytes, *, dpi: int = 60) -> bytes:
    """Page 1 as PNG (pdftoppm), for looking at a layout."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kiosk-central-page-") as tmp:
        subprocess.run(["pdftoppm", "-png", "-singlefile", "-r", str(dpi), "-f", "1", "-l",
                        "1", "-", f"{tmp}/page"], input=pdf, capture_output=True, check=True,
                       timeout=60)
        return Path(f"{tmp}/page.png").read_bytes()


__all__ = ["CJK_FONT", "mask_id", "page_png", "render"]
