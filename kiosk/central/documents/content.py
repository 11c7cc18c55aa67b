"""Fictitious demo records for a certificate: derived from a hash of the ID number, so one
person's record is the same every time and nobody's real data is involved.

Each kind yields a table (``columns``, ``rows``) and a few summary lines.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date

from kiosk.central.documents.kinds import DocumentKind, months_in

EMPLOYERS = ("示例市信息技术有限公司", "示例市第一建筑工程有限公司", "示例市图书馆",
             "示例市便民物流有限公司", "示例市示范医院")
STREETS = ("示例区和平路", "示例区建设大街", "示例区滨江路", "新城区学府路")
GIVEN = ("明", "华", "丽", "军", "芳", "磊", "静", "涛")
SURNAMES = ("王", "李", "张", "刘", "陈", "杨")


@dataclass
class Content:
    columns: list[str]
    rows: list[list[str]]
    summary: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""


def _rng(id_number: str, kind: str) -> random.Random:
    seed = hashlib.sha256(f"{kind}:{id_number.upper()}".encode()).digest()
    return random.Random(int.from_bytes(seed[:8], "big"))


def build(kind: DocumentKind, id_number: str, name: str, period: str, today: date) -> Content:
    rng = _rng(id_number, kind.kind)
    return {"ssc_record": _ssc, "tax_certificate": _tax, "property_info": _property,
            "household_extract": _household}[kind.kind](rng, name, period, today)


def _ssc(rng, name, period, today) -> Content:
    employer = rng.choice(EMPLOYERS)
    base = rng.randrange(4500, 16000, 100)
    rows = []
    months = months_in(period)
    for i, (y, m) in enumerate(months):
        if i and i % 14 == 0:  # a change of job now and then
            employer = rng.choice(EMPLOYERS)
        if m == 7:
            base = int(base * 1.04) // 100 * 100  # the yearly base adjustment
        rows.append([f"{y}-{m:02d}", employer, f"{base:.2f}", f"{base * 0.08:.2f}",
                     f"{base * 0.16:.2f}", f"{base * 0.02:.2f}", "已缴"])
    total = sum(float(r[3]) for r in rows)
    return Content(
        ["缴费年月", "参保单位", "缴费基数", "养老(个人)", "养老(单位)", "医疗(个人)", "状态"],
        rows,
        [("参保险种", "企业职工基本养老保险、职工基本医疗保险、失业保险"),
         ("缴费月数", f"{len(rows)} 个月"), ("个人缴纳养老保险合计", f"{total:.2f} 元")])


def _tax(rng, name, period, today) -> Content:
    year = int(period)
    agent = rng.choice(EMPLOYERS)
    wage = rng.randrange(6000, 30000, 50)
    rows = []
    cumulative_income = cumulative_tax = 0.0
    for m in range(1, 13):
        cumulative_income += wage
        taxable = max(0.0, cumulative_income - 5000 * m)
        tax_due = _cumulative_tax(taxable)
        paid = max(0.0, tax_due - cumulative_tax)
        cumulative_tax = tax_due
        rows.append([f"{year}-{m:02d}", "工资薪金", agent, f"{wage:.2f}", f"{paid:.2f}",
                     f"{year}-{m:02d}-15"])
    return Content(["所属期", "所得项目", "扣缴义务人", "收入额", "实缴税额", "入库日期"], rows,
                   [("纳税年度", f"{year} 年"), ("收入合计", f"{wage * 12:.2f} 元"),
                    ("实缴税额合计", f"{cumulative_tax:.2f} 元")])


def _cumulative_tax(taxable: float) -> float:
    """China's cumulative withholding table for wages (2019 onwards)."""
    for limit, rate, deduction in ((36000, 0.03, 0), (144000, 0.10, 2520),
                                   (300000, 0.20, 16920), (420000, 0.25, 31920),
                                   (660000, 0.30, 52920), (960000, 0.35, 85920),
                                   (float("inf"), 0.45, 181920)):
        if taxable <= limit:
            return round(taxable * rate - deduction, 2)
    return 0.0


def _property(rng, name, period, today) -> Content:
    count = rng.choice((0, 1, 1, 2))
    rows = []
    for i in range(count):
        year = rng.randrange(2008, today.year)
        rows.append([f"示({year})示例市不动产权第{rng.randrange(10**6, 10**7):07d}号",
                     f"{rng.choice(STREETS)}{rng.randrange(1, 300)}号{rng.randrange(1, 30)}栋"
                     f"{rng.randrange(1, 33)}{rng.randrange(1, 5):02d}室",
                     "住宅", f"{rng.randrange(45, 180)}.{rng.randrange(0, 100):02d}",
                     "单独所有", f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                     rng.choice(("无", "抵押"))])
    return Content(["不动产权证号", "坐落", "用途", "建筑面积(㎡)", "共有情况", "登记日期",
                    "抵押/查封"], rows,
                   [("查询范围", "示例市行政区域内"), ("登记记录", f"{count} 条")],
                   "" if rows else "经查询，申请人名下在本市行政区域内无不动产登记记录。")


def _household(rng, name, period, today) -> Content:
    surname = name[:1] if name else rng.choice(SURNAMES)
    rows = [[name or "（本人）", "户主", "—", "本市户籍"]]
    if rng.random() < 0.7:
        rows.append([rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN), "配偶",
                     str(rng.randrange(1965, 2000)), "本市户籍"])
    for _ in range(rng.choice((0, 1, 2))):
        rows.append([surname + rng.choice(GIVEN) + rng.choice(GIVEN), "子女",
                     str(rng.randrange(2005, today.year)), "本市户籍"])
    return Content(["姓名", "与户主关系", "出生年份", "户籍状态"], rows,
                   [("户号", f"{rng.randrange(10**8, 10**9)}"),
                    ("住址", f"{rng.choice(STREETS)}{rng.randrange(1, 300)}号"),
                    ("户别", "家庭户")])
