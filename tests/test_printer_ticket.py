"""The queue ticket and the receipt layout, printed through the virtual printer and checked
on the rendered roll: text decodes back from the byte stream, the QR code decodes from the
PNG with OpenCV, nothing is wrapped or clipped at 80 mm and 58 mm."""
from datetime import datetime

import cv2
import numpy as np
import pytest

from drivers.printer.device import EscPosPrinter
from drivers.printer.simulator import PrinterSimulator, VirtualPrinter
from kiosk.printing import job_bytes, queue_ticket_job, receipt_job
from kiosk.services import Ticket

HALL, HALL_EN = "市政务服务中心", "City Government Service Center"
URL = "https://queue.example.gov.cn/t/C023?k=K1"


def ticket(**kw) -> Ticket:
    base = dict(number="C023", category="police", category_name="公安业务",
                category_name_en="Public Security (Police)", floor=1, windows="C01–C20",
                issued_at=datetime(2024, 5, 8, 9, 31), ahead=12, est_wait_min=25,
                track_url=URL, kiosk_id="K1")
    base.update(kw)
    return Ticket(**base)


def decode_qr(path) -> str:
    img = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    assert img is not None, path
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(img)
    return text


@pytest.fixture
def printer(request, settings_env):
    """(simulator, device) — params: (width_mm, chinese mode, transport)."""
    width, chinese, transport = getattr(request, "param", (80, "native", "pty"))
    vp = VirtualPrinter(width, output_dir=settings_env / "printed")
    sim = PrinterSimulator("printer", vp, transport=transport).start()
    dev = EscPosPrinter("printer", sim.port, {"paper_width_mm": width, "chinese": chinese},
                        timeout=1.0)
    dev.open()
    dev.enable()
    yield sim, dev
    dev.close()
    sim.stop()


CASES = [(80, "native", "pty"), (58, "native", "tcp"), (80, "raster", "pty"),
         (58, "raster", "pty")]


@pytest.mark.parametrize("printer", CASES, indirect=True, ids=lambda c: "-".join(map(str, c)))
def test_queue_ticket_renders_and_decodes(printer):
    sim, dev = printer
    job = queue_ticket_job(ticket(number="K1-C023", priority="elderly_70"),
                           hall_name=HALL, hall_name_en=HALL_EN)
    result = job(dev)
    assert result.confirmed_by == "GS r" and result.status.ready
    page = sim.last_page()
    assert page is not None and page.path is not None and page.path.exists()
    assert page.cut == "partial"
    assert page.unknown == [] and page.wrapped == 0 and page.clipped == 0
    # the QR code on the PNG decodes to the ticket's tracking URL
    assert decode_qr(page.path) == URL
    assert page.qr_codes == [URL]
    text = page.text
    if dev.options["chinese"] == "native":
        # every line decodes back from the GB18030 bytes on the wire
        for needle in (HALL, "K1-C023", "公安业务", "C01–C20", "前面 12 人", "约 25 分钟",
                       "2024-05-08 09:31", "在自助机上点“补号”", "70岁以上老人"):
            assert needle in text.replace("\n", ""), needle
        assert "短信" not in text  # no SMS number was given: no SMS note
        assert result.bytes_sent <= 2048
    else:
        assert "K1-C023" in text and page.images > 5
        assert result.bytes_sent > 10_000
    # the number is very large: at least 4× the normal character height
    assert page.max_text_height >= 4
    # nothing printed outside the printable area (the side margins stay white)
    arr = np.asarray(page.image.convert("L"))
    margin = (page.image.width - {80: 576, 58: 384}[dev.paper.width_mm]) // 2
    assert arr[:, : margin - 1].min() == 255 and arr[:, -(margin - 1):].min() == 255


def test_offline_ticket_says_so_and_hides_unknown_counts(printer):
    sim, dev = printer
    t = ticket(number="K1-C024", offline=True, ahead=None, est_wait_min=None,
               reissued_from="C011")
    queue_ticket_job(t, hall_name=HALL, hall_name_en=HALL_EN)(dev)
    text = sim.last_page().text.replace("\n", "")
    assert "离线号码" in text and "补号 Re-issued for C011" in text
    assert "前面" not in text and "预计等候" not in text


def test_only_what_is_true_is_printed(printer):
    from kiosk.printing import TicketDocument

    sim, dev = printer
    TicketDocument(ticket(ahead=0, est_wait_min=0), HALL, sms_to="138****8000").job()(dev)
    text = sim.last_page().text.replace("\n", "")
    assert "下一位就是您" in text and "马上到您" in text and "约 0 分钟" not in text
    assert "叫号时发短信到 138****8000" in text
    # the demo's own server on 127.0.0.1: no phone can follow that QR code, so none is printed
    TicketDocument(ticket(track_url="http://127.0.0.1:8780/q/C023"), HALL).job()(dev)
    assert sim.last_page().qr_codes == []


def test_ticket_without_track_url_has_no_qr(printer):
    sim, dev = printer
    queue_ticket_job(ticket(track_url=""), hall_name=HALL)(dev)
    page = sim.last_page()
    assert page.qr_codes == [] and "扫码" not in page.text


@pytest.mark.parametrize("printer", [(58, "native", "pty")], indirect=True)
def test_receipt_checklist_layout(printer):
    sim, dev = printer
    lines = [
        "请携带以下材料（原件及复印件各一份）：",
        {"text": "居民身份证", "check": True},
        {"text": "户口簿（本人页及户主页）；户籍不在本市的，还需居住证", "check": True},
        ("办理时限 Time limit", "5 个工作日"),
        {"text": "注意事项", "heading": True},
        "材料不齐的可容缺受理，请在审批决定前补齐。",
    ]
    job = receipt_job("办事指南", lines, qr="https://gov.example.cn/guide/123",
                      title_en="Service guide", number="SL20240508-0012", hall_name=HALL)
    result = job(dev)
    page = sim.last_page()
    assert page.wrapped == 0 and page.unknown == []
    assert decode_qr(page.path) == "https://gov.example.cn/guide/123"
    text = page.text
    assert "□ 居民身份证" in text and "SL20240508-0012" in text and "5 个工作日" in text
    # the continuation of a long checklist item is indented under its text, not the box
    item = [x for x in page.lines if x.startswith("□ 户口簿")][0]
    follow = page.lines[page.lines.index(item) + 1]
    assert follow.startswith("   ") and follow.strip()
    assert result.bytes_sent < 2048


def test_job_bytes_preview_matches_what_is_sent(printer):
    sim, dev = printer
    job = queue_ticket_job(ticket(), hall_name=HALL, hall_name_en=HALL_EN)
    preview = job_bytes(job, dev)
    before = len(sim.received)
    job(dev)
    assert preview in bytes(sim.received[before:])


def test_simulator_keeps_only_the_last_n_pngs(settings_env):
    out = settings_env / "keep"
    sim = PrinterSimulator("p", VirtualPrinter(80, output_dir=out, keep=2)).start()
    dev = EscPosPrinter("p", sim.port, {}, timeout=1.0)
    try:
        dev.open()
        for _ in range(3):
            dev.print_bytes(dev.test_page(short=True))
        assert len(list(out.glob("ticket-*.png"))) == 2 and sim.printer.pages_printed == 3
    finally:
        dev.close()
        sim.stop()
