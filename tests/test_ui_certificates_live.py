"""自助打印 by taps on the real stack: the ID card from the reader's simulator, the certificate
from the reference server (in this process), printed through a private cupsd (the a4printer
mock: the real driver, the real scheduler, the kiosk-pdf backend) — the PDF that comes out is
read back. A print that fails for lack of paper is printed again once, without the server."""
from __future__ import annotations

import argparse
import subprocess
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from drivers.cups.cupsd import missing
from kiosk import protocol as P
from kiosk.flows.state import Screen

pytestmark = pytest.mark.skipif(bool(missing()), reason=missing() or "cupsd")

DEVICES = """
[idcard]
driver = "sam_idcard"
mock = true
sim_card = "none"

[a4printer]
driver = "cups"
mock = true
timeout = 10.0
"""


@pytest.fixture
def live(settings_env, central, qtbot):
    from kiosk.ui.app import build_kiosk

    devices = settings_env / "devices.toml"
    devices.write_text(DEVICES)
    args = argparse.Namespace(mock=True, devices=str(devices), config=None, windowed=True,
                              fullscreen=False)
    settings = central.settings(settings_env)
    kiosk = build_kiosk(args, settings, clock=lambda: datetime(2025, 3, 18, 10, 0))
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    yield kiosk
    kiosk.close()


def tap(qtbot, window, name):
    found = [b for b in window.findChildren(QAbstractButton, name) if b.isVisibleTo(window)]
    assert len(found) == 1 and found[0].isEnabled(), name
    qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def counts(live, doc) -> tuple[int, int]:
    """(prints, failed prints) the server counted: the reports travel through the outbox."""
    live.central.relay.drain_once()
    view = live.central.client.call("GET", P.path(P.DOCUMENT, document_id=doc.document_id)).data
    return view["prints"], view["failed_prints"]


def to_preview(live, qtbot, kind="ssc_record"):
    flow, w = live.flow, live.window
    qtbot.waitUntil(lambda: flow.function("certificates").available, timeout=60_000)
    tap(qtbot, w, "tile_certificates")
    assert flow.state.screen == "certificates.identify"
    tap(qtbot, w, "btn_simulate_card")  # mock only: the reader's test card
    qtbot.waitUntil(lambda: flow.state.screen == "certificates.choose", timeout=15_000)
    tap(qtbot, w, f"kind_{kind}")
    if flow.state.screen == "certificates.period":
        tap(qtbot, w, "period_0")
    qtbot.waitUntil(lambda: flow.state.screen in ("certificates.preview", Screen.ERROR),
                    timeout=60_000)
    assert flow.state.screen == "certificates.preview", flow.state.error
    page = w.screens["certificates.preview"].findChild(QLabel, "page_preview")
    assert not page.pixmap().isNull()  # page 1 rendered from the PDF
    return flow.journey.document


@pytest.mark.parametrize("lang, take", [("zh_CN", "请取走您的证明，共 {n} 页"),
                                        ("en", "Please take your certificate: {n} pages")])
def test_certificate_by_taps_through_real_cupsd(live, qtbot, central, lang, take):
    flow, w = live.flow, live.window
    live.flow.set_language(lang)
    printer = live.manager.first("a4printer").mock
    before = len(printer.printed())
    doc = to_preview(live, qtbot)
    tap(qtbot, w, "btn_print")
    qtbot.waitUntil(lambda: flow.state.screen in ("certificates.done",
                                                  "certificates.print_failed"), timeout=60_000)
    assert flow.state.screen == "certificates.done", flow.journey.failure
    label = w.screens["certificates.done"].findChild(QLabel, "take_document")
    assert label.text() == take.format(n=doc.pages)
    out = printer.printed()
    assert len(out) == before + 1
    text = pdf_text(out[-1])
    assert "社会保险个人参保证明" in text and doc.code in text
    from kiosk.printing.documents import page_count

    assert page_count(out[-1].read_bytes()) == doc.pages
    qtbot.waitUntil(lambda: counts(live, doc) == (1, 0), timeout=30_000)
    tap(qtbot, w, "btn_done")
    assert flow.state.screen == Screen.HOME and flow.journey is None


def test_paper_runs_out_mid_job_and_the_same_pdf_is_printed_again_once(live, qtbot):
    flow, w = live.flow, live.window
    handle = live.manager.first("a4printer")
    printer = handle.mock
    doc = to_preview(live, qtbot, "household_extract")
    # the printer says nothing until the job reaches it: then media-empty, the queue stops
    printer.cupsd.set_backend_fault(["media-empty-error"])
    tap(qtbot, w, "btn_print")
    qtbot.waitUntil(lambda: flow.state.screen == "certificates.print_failed", timeout=60_000)
    assert flow.journey.failure == "paper_out"
    message = w.screens["certificates.print_failed"].findChild(QLabel, "message")
    assert "打印机缺纸" in message.text()
    before = len(printer.printed())
    printer.perform("refill_paper")  # staff load paper: the printer is up again
    qtbot.waitUntil(lambda: flow.journey.can_reprint, timeout=30_000)
    qtbot.waitUntil(lambda: w.findChild(QAbstractButton, "btn_reprint") is not None
                    and w.findChild(QAbstractButton, "btn_reprint").isVisibleTo(w),
                    timeout=10_000)
    tap(qtbot, w, "btn_reprint")
    qtbot.waitUntil(lambda: flow.state.screen == "certificates.done", timeout=60_000)
    out = printer.printed()
    assert len(out) == before + 1 and doc.code in pdf_text(out[-1])
    assert flow.journey.document is doc and not flow.journey.can_reprint  # once only
    qtbot.waitUntil(lambda: counts(live, doc) == (1, 1), timeout=30_000)
