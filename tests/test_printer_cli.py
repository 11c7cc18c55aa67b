"""`kiosk printer status|test|render` against the virtual printer."""
import json

import cv2
import pytest

from drivers.printer.simulator import PrinterSimulator, VirtualPrinter
from kiosk.cli import main

KEYS = {"online", "paper", "cover_open", "error"}


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def tcp_printer(settings_env):
    sim = PrinterSimulator("p", VirtualPrinter(58, output_dir=settings_env / "png"),
                           transport="tcp").start()
    yield sim
    sim.stop()


def test_status_mock_json(settings_env, capsys):
    code, out, _ = run(capsys, "printer", "status", "--mock", "--json")
    doc = json.loads(out)
    assert code == 0 and KEYS <= set(doc)
    assert doc["online"] is True and doc["paper"] == "ok" and doc["cover_open"] is False
    assert doc["error"] is None and doc["mock"] is True


@pytest.mark.parametrize("fault, online, paper, cover", [
    ("near_end", True, "near_end", False),
    ("paper_out", False, "out", False),
    ("cover_open", False, "ok", True),
    ("silent", False, "unknown", None),
    ("garbage", None, "unknown", None),
])
def test_status_port_reports_each_fault(tcp_printer, capsys, fault, online, paper, cover):
    tcp_printer.inject(fault)
    code, out, _ = run(capsys, "printer", "status", "--port", tcp_printer.port, "--json",
                       "--timeout", "0.3")
    doc = json.loads(out)
    assert (doc["online"], doc["paper"], doc["cover_open"]) == (online, paper, cover)
    assert code == (0 if fault == "near_end" else 1)
    assert (doc["error"] is None) is (fault == "near_end")


def test_status_of_a_missing_port_is_not_ok(settings_env, capsys):
    code, out, _ = run(capsys, "printer", "status", "--port", str(settings_env / "nope"),
                       "--json")
    doc = json.loads(out)
    assert code == 1 and doc["online"] is False and doc["paper"] == "unknown"
    assert "nope" in doc["error"]


def test_test_ticket_through_port_renders_chinese_english_and_qr(tcp_printer, capsys):
    code, out, _ = run(capsys, "printer", "test", "--port", tcp_printer.port, "--width", "58",
                       "--json")
    doc = json.loads(out)
    assert code == 0 and doc["printed"] and doc["confirmed_by"] == "GS r"
    page = tcp_printer.last_page()
    assert "打印机测试" in page.text and "Printer test" in page.text
    assert page.wrapped == 0 and page.cut
    img = cv2.imread(str(page.path), cv2.IMREAD_GRAYSCALE)
    assert cv2.QRCodeDetector().detectAndDecode(img)[0] == page.qr_codes[0]


def test_test_ticket_mock_keeps_png_in_data_dir(settings_env, capsys):
    code, out, _ = run(capsys, "printer", "test", "--mock")
    assert code == 0 and "rendered:" in out
    png = out.split("rendered:")[1].strip()
    assert png.startswith(str(settings_env / "data" / "printer" / "printer"))


def test_test_ticket_on_paper_out_is_a_one_line_typed_failure(tcp_printer, capsys):
    tcp_printer.inject("paper_out")
    code, _, err = run(capsys, "printer", "test", "--port", tcp_printer.port)
    assert code == 3 and len(err.strip().splitlines()) == 1
    assert "paper out" in err and "clear_by_staff" in err


def test_render_a_file_of_bytes(settings_env, capsys, tcp_printer):
    from drivers.printer.device import EscPosPrinter

    dev = EscPosPrinter("p", "tcp://x:1", {"paper_width_mm": 58})
    f = settings_env / "job.bin"
    f.write_bytes(dev.test_page() + dev.test_page(short=True))
    code, out, _ = run(capsys, "printer", "render", str(f), "-o", str(settings_env / "r"),
                       "--width", "58")
    assert code == 0 and len(list((settings_env / "r").glob("job-*.png"))) == 2
    assert "cut=partial" in out


def test_simulate_runs_a_virtual_printer(settings_env, capsys):
    code, out, _ = run(capsys, "printer", "simulate", "--tcp", "0", "--seconds", "0.3",
                       "--out", str(settings_env / "sim"), "--fault", "near_end")
    assert code == 0 and "virtual printer (80 mm) on tcp://127.0.0.1:" in out
