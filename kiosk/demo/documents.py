"""自助打印's demo double (``central.documents``): a specimen certificate per request, laid out
here with fpdf2 (the reference server is not imported by the kiosk side), and the print
reports it was told, in memory. For tests and screenshots."""
from __future__ import annotations

import itertools
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from kiosk.services import ServiceUnavailable
from kiosk.sync.documents import GeneratedDocument

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
TITLES = {"ssc_record": ("社会保险个人参保证明", "Social-security contribution record"),
          "tax_certificate": ("个人所得税纳税记录", "Personal income tax certificate"),
          "property_info": ("不动产登记信息查询结果", "Property registration information"),
          "household_extract": ("户籍信息摘录", "Household register extract")}


@lru_cache(maxsize=16)
def specimen(kind: str, name: str, period: str, code: str, pages: int) -> bytes:
    from fpdf import FPDF

    title, title_en = TITLES[kind]
    pdf = FPDF(format="A4")
    pdf.add_font("cjk", fname=str(FONT), collection_font_number=2)
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("cjk", size=22)
        pdf.cell(0, 14, title, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=12)
        pdf.cell(0, 8, title_en, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        for label, value in (("姓名", name), ("期间", period), ("验证码", code),
                             ("页", f"{page}/{pages}")):
            pdf.cell(30, 8, label)
            pdf.cell(0, 8, value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("cjk", size=10)
        for i in range(18):
            pdf.cell(0, 7, f"{2025 - i // 12}-{12 - i % 12:02d}    示例单位    已缴",
                     new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


class DemoDocuments:
    """``generate`` answers at once with a specimen; ``fail_next`` makes the next one fail
    (``ServiceUnavailable``) as the real domain would; ``prints`` records the reports."""

    def __init__(self, pages: dict[str, int] | None = None) -> None:
        self.pages = {"ssc_record": 2, **(pages or {})}
        self.generated: list[GeneratedDocument] = []
        self.prints: list[tuple[str, str, int]] = []
        self.requests: list[tuple[str, str]] = []  # (kind, period): no personal data
        self.fail_next: ServiceUnavailable | None = None
        self._ids = itertools.count(1)

    def generate(self, kind: str, *, id_number: str, name: str,
                 period: str = "current") -> GeneratedDocument:
        self.requests.append((kind, period))
        if self.fail_next is not None:
            exc, self.fail_next = self.fail_next, None
            raise exc
        n = next(self._ids)
        code = f"ZZDY-2025-DEMO-{n:04d}"
        pages = self.pages.get(kind, 1)
        title, title_en = TITLES[kind]
        doc = GeneratedDocument(f"doc{n:04d}", code, kind, title, title_en, period, pages,
                                specimen(kind, name, period, code, pages),
                                f"http://verify.example/c/{code}", "2025-06-16")
        from kiosk.printing.documents import first_page_png

        doc = replace(doc, preview=first_page_png(doc.pdf))
        self.generated.append(doc)
        return doc

    def record_print(self, document_id: str, outcome: str, *, pages: int = 0) -> None:
        self.prints.append((document_id, outcome, pages))
