"""自助打印 against the reference server: the kiosk's ``central.documents`` generates each
certificate as a PDF whose text says what it should (pdftotext), with a verification code
the e-certificate register knows, and print reports arrive once through the outbox."""
from __future__ import annotations

import subprocess
from datetime import date

import pytest

from kiosk import protocol as P
from kiosk.services import ServiceUnavailable
from kiosk.sync.documents import DocumentRefused

ID = "110101199003070011"  # fictitious
NAME = "张三"


def text_of(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()


def last_year() -> str:
    return str(date.today().year - 1)


@pytest.mark.parametrize("kind, period, words", [
    ("ssc_record", None, ["社会保险个人参保证明", "Social-security contribution record",
                          "缴费年月", "示例市人力资源和社会保障局"]),
    ("tax_certificate", "YEAR", ["个人所得税纳税记录", "工资薪金", "实缴税额合计"]),
    ("property_info", "current", ["不动产登记信息查询结果", "示例市不动产登记中心"]),
    ("household_extract", "current", ["户籍信息摘录", "与户主关系", "户主"]),
])
def test_each_certificate_is_a_pdf_with_its_words(facade, kind, period, words):

    from kiosk.printing.documents import page_count

    today = date.today()
    if period is None:  # the last 12 months
        y, m = (today.year - 1, today.month + 1) if today.month < 12 else (today.year, 1)
        period = f"{y}-{m:02d}/{today.year}-{today.month:02d}"
    elif period == "YEAR":
        period = last_year()
    doc = facade.documents.generate(kind, id_number=ID, name=NAME, period=period)
    assert doc.pdf.startswith(b"%PDF-") and doc.kind == kind and doc.period == period
    assert page_count(doc.pdf) == doc.pages >= 1
    text = text_of(doc.pdf)
    for w in words + [NAME, "110101********0011", doc.code, "演示数据"]:
        assert w in text, w
    assert ID not in text  # the ID number is printed masked
    assert doc.verify_url.endswith(P.path(P.CERTIFICATE_PAGE, code=doc.code))


def test_long_contribution_record_runs_on_and_is_the_same_each_time(facade):
    period = f"{date.today().year - 3}-01/{date.today().year - 1}-12"
    a = facade.documents.generate("ssc_record", id_number=ID, name=NAME, period=period)
    b = facade.documents.generate("ssc_record", id_number=ID, name=NAME, period=period)
    assert a.pages >= 2 and a.pages == b.pages
    assert a.code != b.code  # each print has its own verification code
    ta, tb = text_of(a.pdf), text_of(b.pdf)
    assert f"{date.today().year - 3}-01" in ta and "共 2 页" in ta or f"共 {a.pages} 页" in ta
    # the record itself is the same (derived from the person), not random per request
    assert ta.split("缴费年月")[1][:300] == tb.split("缴费年月")[1][:300]


def test_printed_certificate_verifies_as_genuine(facade):
    doc = facade.documents.generate("household_extract", id_number=ID, name=NAME)
    check = facade.certificates.verify(doc.code)
    assert check.genuine and check.valid and check.name == "户籍信息摘录"
    assert check.holder == "张*"


def test_prints_are_counted_once_through_the_outbox(facade, central):
    doc = facade.documents.generate("property_info", id_number=ID, name=NAME)
    facade.documents.record_print(doc.document_id, "failed", pages=doc.pages)
    facade.documents.record_print(doc.document_id, "printed", pages=doc.pages)
    report = facade.relay.drain_once()
    assert report.parked == 0 and report.error == "", report
    facade.relay.drain_once()  # nothing left: nothing counted twice
    view = facade.client.call("GET", P.path(P.DOCUMENT, document_id=doc.document_id)).data
    assert (view["prints"], view["failed_prints"], view["pages"]) == (1, 1, doc.pages)
    assert view["holder"] == "张*" and view["kind"] == "property_info"


def test_bad_requests_are_refused_in_words(facade, central):
    # (refused by the operation's schema: the kinds are its discriminator)
    with pytest.raises(DocumentRefused, match="'kind' does not match any of the expected tags") \
            as exc:
        facade.documents.generate("marriage", id_number=ID, name=NAME)
    assert "窗口" in exc.value.message_zh and exc.value.retry is False
    with pytest.raises(DocumentRefused, match="past tax year"):
        facade.documents.generate("tax_certificate", id_number=ID, name=NAME,
                                  period=str(date.today().year + 1))
    central.stop()
    with pytest.raises(ServiceUnavailable, match="certificate ssc_record") as exc:
        facade.documents.generate("ssc_record", id_number=ID, name=NAME,
                                  period="2025-01/2025-06")
    assert exc.value.retry and "连接不上" in exc.value.message_zh
