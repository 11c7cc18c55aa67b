"""The certificates a kiosk prints on the spot, and what period each one covers.

Period forms: ``"YYYY-MM/YYYY-MM"`` (months, from/to inclusive) for the contribution record,
``"YYYY"`` for the tax certificate (a tax year), ``"current"`` for the registers (what they
hold today).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.central.fields import ApiError
from kiosk.protocol import DOCUMENT_KINDS, Err


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    title: str
    title_en: str
    issuer: str
    issuer_en: str
    period: str  # "months" | "year" | "current"
    valid_days: int  # how long the printout may be verified as current


KINDS = {k.kind: k for k in (
    DocumentKind("ssc_record", "社会保险个人参保证明", "Social-security contribution record",
                 "示例市人力资源和社会保障局", "Example City Human Resources and Social Security "
                 "Bureau", "months", 90),
    DocumentKind("tax_certificate", "个人所得税纳税记录", "Personal income tax certificate",
                 "国家税务总局示例市税务局", "Example City Tax Service, State Taxation "
                 "Administration", "year", 90),
    DocumentKind("property_info", "不动产登记信息查询结果", "Property registration information",
                 "示例市不动产登记中心", "Example City Real Estate Registration Centre",
                 "current", 30),
    DocumentKind("household_extract", "户籍信息摘录", "Household register extract",
                 "示例市公安局户政管理处", "Example City Police, Household Registration",
                 "current", 30),
)}
assert tuple(KINDS) == DOCUMENT_KINDS

_MONTHS = re.compile(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})")


def months_in(period: str) -> list[tuple[int, int]]:
    m = _MONTHS.fullmatch(period)
    if not m:
        return []
    y1, m1, y2, m2 = map(int, m.groups())
    out = []
    y, mo = y1, m1
    while (y, mo) <= (y2, m2) and len(out) <= 240:
        out.append((y, mo))
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def check_period(kind: DocumentKind, period: str, today: date) -> str:
    """The period if it fits the kind, else a 400 naming the form it takes."""
    if kind.period == "current":
        if period in ("", "current"):
            return "current"
        raise ApiError(400, Err.INVALID, f"{kind.kind}: period must be 'current'")
    # the form is a 400 (the schema says it); a well-formed period the records do not cover
    # (not over yet, too long, reversed, too early) is a 422: it depends on today
    if kind.period == "year":
        if not (period.isdigit() and len(period) == 4):
            raise ApiError(400, Err.INVALID, f"{kind.kind}: period is a past tax year (YYYY)")
        if 1990 <= int(period) < today.year:
            return period
        raise ApiError(422, Err.PERIOD_NOT_COVERED,
                       f"{kind.kind}: period is a past tax year (1990-{today.year - 1})")
    if not _MONTHS.fullmatch(period) or not all(
            1 <= int(period[i:i + 2]) <= 12 for i in (5, 13)):
        raise ApiError(400, Err.INVALID, f"{kind.kind}: period is YYYY-MM/YYYY-MM")
    months = months_in(period)
    if not months or months[-1] > (today.year, today.month) or len(months) > 120:
        raise ApiError(422, Err.PERIOD_NOT_COVERED, f"{kind.kind}: at most 120 months, from "
                                                    "the first to the last, not in the future")
    return period


def kind_of(name: str) -> DocumentKind:
    if name not in KINDS:
        raise ApiError(400, Err.INVALID, f"unknown certificate kind {name!r} "
                                         f"(known: {', '.join(KINDS)})")
    return KINDS[name]
