"""自助打印 as a plain state machine: the demo central makes specimen PDFs, prints are answered
by hand (the printer's real path is tests/test_a4printer_device.py and the UI tests)."""
from __future__ import annotations

import pytest

from drivers.cups.errors import PaperOut, PrinterOffline
from drivers.kinds.card_reader import CardRead
from drivers.kinds.document_printer import DocumentPrinted
from kiosk.demo import DemoCard, demo_flow, demo_health
from kiosk.flows.state import Action
from kiosk.journeys.certificates.flow import periods
from kiosk.printing.documents import PdfDocument, page_count
from kiosk.services import ServiceUnavailable
from kiosk.sync.documents import DocumentRefused


@pytest.fixture
def kiosk():
    flow, fx, clock = demo_flow(health=demo_health(a4printer=True))
    return flow, fx, clock


def identified(flow, fx):
    flow.open("certificates")
    assert flow.state.screen == "certificates.identify" and fx.armed["idcard"]
    flow.device_event("idcard", CardRead("idcard", DemoCard(name="张三")))
    assert flow.state.screen == "certificates.choose"
    return flow.journey


def previewed(flow, fx, kind="ssc_record", period_index=0):
    j = identified(flow, fx)
    j.choose(kind)
    if j.periods():
        assert flow.state.screen == "certificates.period"
        j.choose_period(j.periods()[period_index][0])
    assert flow.state.screen == "certificates.generating"
    fx.resolve_service()
    assert flow.state.screen == "certificates.preview"
    return j


def test_periods_follow_the_clock():
    from datetime import date

    today = date(2025, 3, 18)
    assert [p for p, _, _ in periods("ssc_record", today)] == [
        "2024-04/2025-03", "2023-04/2025-03", "2022-04/2025-03"]
    assert [p for p, _, _ in periods("tax_certificate", today)] == ["2024", "2023", "2022"]
    assert periods("property_info", today) == []


def test_certificate_from_card_to_take_your_document(kiosk):
    flow, fx, clock = kiosk
    j = previewed(flow, fx)
    req = fx.last("documents.generate")
    assert req.args == ("ssc_record",)
    assert req.kwargs["period"] == "2024-04/2025-03" and req.kwargs["name"] == "张三"
    doc = j.document
    assert doc.pages == 2 and doc.preview.startswith(b"\x89PNG")
    j.print_now()
    assert flow.state.screen == "certificates.printing"
    printed = fx.printed[-1]
    assert isinstance(printed, PdfDocument) and printed.pdf == doc.pdf and printed.pages == 2
    assert "张三" not in printed.title and doc.code in printed.title
    fx.resolve("a4printer.print", DocumentPrinted("7", 2))
    assert flow.state.screen == "certificates.done"
    assert fx.central.documents.prints == [] and fx.last("documents.record_print").args == (
        doc.document_id, "printed")
    fx.resolve_service()
    assert fx.central.documents.prints == [(doc.document_id, "printed", 2)]
    j.finish()
    assert flow.state.screen == "home" and j._person is None and j.document is None


def test_a_register_without_period_goes_straight_to_the_server(kiosk):
    flow, fx, clock = kiosk
    j = identified(flow, fx)
    j.choose("household_extract")
    assert flow.state.screen == "certificates.generating"
    assert fx.last("documents.generate").kwargs["period"] == "current"


def test_a_failed_print_is_reprinted_once_from_the_same_pdf(kiosk):
    flow, fx, clock = kiosk
    j = previewed(flow, fx)
    j.print_now()
    fx.fail("a4printer.print", PaperOut("job 3 stopped: paper out", printed=False))
    assert flow.state.screen == "certificates.print_failed"
    assert j.failure == "paper_out" and j.can_reprint and not j.maybe_partial
    generated = len(fx.central.documents.generated)
    j.reprint()
    assert flow.state.screen == "certificates.printing"
    assert fx.printed[-1].pdf == fx.printed[-2].pdf  # the same document, not a new one
    fx.fail("a4printer.print", PrinterOffline("no answer", printed=None))
    assert j.failure == "printer_offline" and j.maybe_partial
    assert not j.can_reprint  # once only
    j.reprint()
    assert flow.state.screen == "certificates.print_failed"
    assert len(fx.central.documents.generated) == generated  # the server was not asked again
    while "documents.record_print" in fx.kinds():
        fx.resolve_service()
    assert [o for _, o, _ in fx.central.documents.prints] == ["failed", "failed"]


def test_no_reprint_while_the_printer_is_down(kiosk):
    flow, fx, clock = kiosk
    j = previewed(flow, fx, "property_info")
    j.print_now()
    flow.update_health(demo_health(a4printer="paper_out"))
    fx.fail("a4printer.print", PaperOut("paper out"))
    assert flow.state.screen == "certificates.print_failed" and not j.can_reprint


def test_server_outage_and_refusal_in_words(kiosk):
    flow, fx, clock = kiosk
    j = identified(flow, fx)
    fx.central.documents.fail_next = ServiceUnavailable("down", "连接不上", detail="x")
    j.choose("property_info")
    fx.resolve_service()
    assert flow.state.screen == "error"
    assert flow.state.error.code == "certificate_failed"
    assert Action.RETRY in flow.state.error.actions
    flow.act(Action.RETRY)
    fx.resolve_service()
    assert flow.state.screen == "certificates.preview"
    flow.go_home()
    j = identified(flow, fx)
    fx.central.documents.fail_next = DocumentRefused("no", "不能", detail="x")
    j.choose("household_extract")
    fx.resolve_service()
    assert flow.state.error.code == "certificate_refused"
    assert Action.RETRY not in flow.state.error.actions


def test_back_from_preview_forgets_the_document_and_another_keeps_the_card(kiosk):
    flow, fx, clock = kiosk
    j = previewed(flow, fx)
    flow.back()
    assert flow.state.screen == "certificates.choose" and j.document is None
    j.choose("household_extract")
    fx.resolve_service()
    j.print_now()
    fx.resolve("a4printer.print", DocumentPrinted("9", 1))
    j.another()
    assert flow.state.screen == "certificates.choose" and j._person is not None


def test_page_count_of_a_document():
    from kiosk.demo.documents import specimen

    assert page_count(specimen("ssc_record", "张三", "2025", "X", 3)) == 3
    with pytest.raises(ValueError, match="not a readable PDF"):
        page_count(b"%PDF-1.4 broken")


def test_a_social_security_card_identifies_for_its_own_record_only():
    from drivers.kinds.smart_card import SscCardRead
    from drivers.ssc.card import SscCard

    flow, fx, clock = demo_flow(health=demo_health(a4printer=True, smartcard=True))
    flow.open("certificates")
    j = flow.journey
    assert j.ssc_accepted and fx.armed["smartcard"] and fx.armed["idcard"]
    locked = SscCard(card_number="A00000001", name="", id_number="", holder_locked=True)
    flow.device_event("smartcard", SscCardRead("smartcard", locked))
    assert flow.state.screen == "certificates.identify" and j.ssc_unreadable
    card = SscCard(card_number="A00000002", id_number="310101194802290022", name="李四")
    flow.device_event("smartcard", SscCardRead("smartcard", card))
    assert flow.state.screen == "certificates.choose" and j.by == "ssc"
    assert card.id_number == "" or card.wiped  # the card data is wiped at once
    assert j.holder.masked_name == "李*" and not fx.armed["smartcard"]
    j.choose("tax_certificate")  # another department's: the ID card is needed
    assert flow.state.screen == "certificates.choose"
    j.choose("ssc_record")
    j.choose_period(j.periods()[0][0])
    req = fx.last("documents.generate")
    assert req.kwargs["name"] == "李四" and req.kwargs["id_number"] == "310101194802290022"


def test_without_a_social_security_card_reader_only_the_id_card_is_asked_for(kiosk):
    flow, fx, clock = kiosk
    flow.open("certificates")
    assert not flow.journey.ssc_accepted and "smartcard" not in fx.armed
