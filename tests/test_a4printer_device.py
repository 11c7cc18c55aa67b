"""The A4 printer through CUPS: IPP reasons read literally, and real jobs through a private
cupsd (tests/cupsd.py) whose kiosk-pdf backend writes the PDF the tests read back."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from drivers.core.status import DeviceState
from drivers.cups.cupsd import set_reasons_request
from drivers.cups.device import CupsPrinter, parse_port
from drivers.cups.errors import CupsTimeout, CupsUnreachable, PaperOut, QueueStopped
from drivers.cups.reasons import read_reasons, split_reason
from tests.cupsd import cupsd  # noqa: F401
from tests.waiting import wait_for


# ---------------------------------------------------------------- reasons (no cupsd)
@pytest.mark.parametrize("reasons, paper, toner, state, problem", [
    ([], "ok", "ok", DeviceState.ONLINE, ""),
    (["none"], "ok", "ok", DeviceState.ONLINE, ""),
    (["media-empty-error"], "out", "ok", DeviceState.USER_ERROR, "paper_out"),
    (["media-needed"], "out", "ok", DeviceState.USER_ERROR, "paper_out"),
    (["media-needed-warning"], "out", "ok", DeviceState.USER_ERROR, "paper_out"),
    (["media-empty-report"], "ok", "ok", DeviceState.ONLINE, ""),  # another tray feeds
    (["media-jam-error"], "jammed", "ok", DeviceState.USER_ERROR, "paper_jam"),
    (["media-low-report"], "near_end", "ok", DeviceState.ONLINE, ""),
    (["media-low-warning", "media-jam-error"], "jammed", "ok", DeviceState.USER_ERROR,
     "paper_jam"),
    (["toner-low-report"], "ok", "low", DeviceState.ONLINE, ""),
    (["marker-supply-low-warning"], "ok", "low", DeviceState.ONLINE, ""),
    (["toner-empty-error"], "ok", "empty", DeviceState.USER_ERROR, "toner_empty"),
    (["marker-supply-empty-error"], "ok", "empty", DeviceState.USER_ERROR, "toner_empty"),
    (["door-open-error"], "ok", "ok", DeviceState.USER_ERROR, "cover_open"),
    (["cover-open"], "ok", "ok", DeviceState.USER_ERROR, "cover_open"),
    (["interlock-open-warning"], "ok", "ok", DeviceState.USER_ERROR, "cover_open"),
    (["offline-report"], "ok", "ok", DeviceState.OFFLINE, "printer_offline"),
    (["fuser-over-temp-error"], "ok", "ok", DeviceState.HARDWARE_ERROR, "printer_fault"),
    (["fuser-over-temp-warning"], "ok", "ok", DeviceState.ONLINE, ""),
    (["connecting-to-device"], "ok", "ok", DeviceState.ONLINE, ""),
    (["paused"], "ok", "ok", DeviceState.USER_ERROR, "queue_stopped"),
])
def test_printer_state_reasons_onto_axes(reasons, paper, toner, state, problem):
    r = read_reasons(reasons)
    assert (r.supplies, r.state, r.problem) == ({"paper": paper, "toner": toner}, state, problem)


def test_stopped_or_rejecting_queue_blocks():
    assert read_reasons([], printer_state=5).problem == "queue_stopped"
    assert read_reasons([], accepting=False).problem == "queue_stopped"
    assert read_reasons([], printer_state=4).state is DeviceState.ONLINE


def test_split_reason():
    assert split_reason("media-empty-error") == ("media-empty", "error")
    assert split_reason("toner-low-report") == ("toner-low", "report")
    assert split_reason("door-open") == ("door-open", "error")


def test_port_forms():
    assert parse_port("a4") == ("a4", None, None)
    assert parse_port("a4@/run/x/cups.sock") == ("a4", "/run/x/cups.sock", None)
    assert parse_port("a4@printhost:631") == ("a4", "printhost", 631)
    with pytest.raises(ValueError, match="CUPS queue"):
        parse_port("")
    with pytest.raises(ValueError, match="CUPS queue"):
        parse_port("two words")


def test_set_reasons_request_bytes():
    body = set_reasons_request("q", ["media-empty-error", "toner-low-report"], request_id=7)
    assert body[:8] == bytes.fromhex("0200 4003 00000007")  # IPP 2.0, CUPS-Add-Modify-Printer
    assert b"\x04\x44\x00\x15printer-state-reasons\x00\x11media-empty-error" in body
    assert b"\x44\x00\x00\x00\x10toner-low-report\x03" in body  # additional value, then end
    assert set_reasons_request("q", []).endswith(b"\x00\x04none\x03")


# ---------------------------------------------------------------- through cupsd
def _pdf(lines: list[str]) -> bytes:
    from fpdf import FPDF

    from kiosk.central.documents.pdf import CJK_FONT

    pdf = FPDF()
    pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=0)
    for line in lines:
        pdf.add_page()
        pdf.set_font("cjk", size=14)
        pdf.cell(text=line)
    return bytes(pdf.output())


@pytest.fixture
def printer(cupsd):  # noqa: F811
    dev = CupsPrinter("a4printer", cupsd.port, {"print_timeout": 60, "job_poll": 0.05},
                      timeout=10)
    dev.open()
    yield dev
    dev.close()


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_through_cupsd_comes_out_whole(cupsd, printer):  # noqa: F811
    from kiosk.printing.documents import page_count

    before = len(cupsd.printed())
    done = printer.print_document(_pdf(["第一页 测试文件 TEST-0001", "第二页 page two"]),
                                  pages=2, title="test document")
    assert done.pages == 2 and done.copies == 1
    assert printer.job_state(done.job_id) == "completed"
    out = cupsd.printed()
    assert len(out) == before + 1 and out[-1].name == f"job-{done.job_id}.pdf"
    assert page_count(out[-1].read_bytes()) == 2
    text = _text(out[-1])
    assert "第一页 测试文件 TEST-0001" in text and "第二页 page two" in text
    assert printer.status.state is DeviceState.ONLINE
    assert "MOCK" in printer.info.model


def test_queue_status_shows_reasons_and_supplies(cupsd, printer):  # noqa: F811
    cupsd.inject("paper_low")
    cupsd.inject("toner_low")
    q = printer.queue_status()
    assert q.online is True and q.state == "idle" and q.jobs == ()
    assert set(q.reasons) == {"media-low-report", "toner-low-report"}
    assert q.supplies == {"paper": "near_end", "toner": "low"}
    cupsd.clear()
    assert printer.queue_status().reasons == ()


def test_paper_out_before_printing_queues_nothing(cupsd, printer):  # noqa: F811
    cupsd.inject("paper_out")
    before = len(cupsd.printed())
    with pytest.raises(PaperOut) as info:
        printer.print_document(_pdf(["x"]), pages=1)
    assert info.value.printed is False and info.value.recovery == "clear_by_staff"
    assert printer.status.supplies["paper"] == "out"
    assert printer.queue_status().jobs == () and len(cupsd.printed()) == before


def test_paper_out_during_the_job_cancels_it(cupsd, printer):  # noqa: F811
    # the printer says nothing until a job reaches it (the backend reports media-empty and
    # stops the queue, as a real printer would)
    cupsd.cupsd.set_backend_fault(["media-empty-error"])
    before = len(cupsd.printed())
    with pytest.raises(PaperOut) as info:
        printer.print_document(_pdf(["x"]), pages=1)
    job = str(info.value).split("job ")[1].split()[0]
    assert printer.job_state(job) == "canceled"
    assert printer.queue_status().state == "stopped"
    assert len(cupsd.printed()) == before
    cupsd.perform("refill_paper")  # staff load paper: the queue resumes
    assert printer.queue_status().online is True
    assert printer.print_document(_pdf(["again"]), pages=1).pages == 1


def test_stopped_queue(cupsd, printer):  # noqa: F811
    cupsd.inject("stopped")
    with pytest.raises(QueueStopped):
        printer.print_document(_pdf(["x"]), pages=1)


def test_hung_cupsd_is_a_typed_timeout(cupsd, printer):  # noqa: F811
    printer.timeout = 0.5
    cupsd.inject("hung")
    with pytest.raises(CupsTimeout, match="no answer from cupsd within 0.5s"):
        printer.poll_status()
    cupsd.clear("hung")
    printer.timeout = 10
    assert printer.poll_status().state is DeviceState.ONLINE


def test_unknown_queue_is_disconnected(cupsd):  # noqa: F811
    dev = CupsPrinter("a4printer", f"nosuch@{cupsd.cupsd.server}", timeout=10)
    with pytest.raises(CupsUnreachable, match="no such queue"):
        dev.open()


def test_mock_device_through_the_manager(cupsd):  # noqa: F811
    """Mock mode as the app runs it: the manager starts its own private cupsd."""
    from drivers.config import DeviceConfig
    from drivers.manager import DeviceManager

    cfg = DeviceConfig(name="a4", driver="cups", kind="a4printer", port="", mock=True, timeout=10,
                       options={"print_timeout": 60.0})
    mgr = DeviceManager([cfg], poll_interval=0.2)
    mgr.start()
    try:
        h = mgr.handles["a4"]
        assert h.is_mock and h.mock.faults()["paper_out"]
        assert wait_for(lambda: h.status.state is DeviceState.ONLINE, timeout=60)
        done = h.client().print_document(_pdf(["经过设备管理器"]), pages=1).result(60)
        assert _text(h.mock.printed()[-1]).strip().startswith("经过设备管理器")
        assert done.pages == 1
        h.mock.inject("paper_out")
        assert wait_for(lambda: h.status.supplies.get("paper") == "out", timeout=30)
    finally:
        mgr.stop()


def test_a_cupsd_whose_owner_died_is_stopped_and_removed(tmp_path):
    """A kiosk killed with its mock printer running leaves a private cupsd: the next start
    stops it (only ones whose owner is gone, identified by their own config path)."""
    import subprocess
    import sys

    from drivers.cups.cupsd import _running, missing, reap_orphans

    if missing():
        pytest.skip(missing())
    code = ("import sys; from drivers.cups.cupsd import PrivateCupsd\n"
            "c = PrivateCupsd().start(); assert c.wait_ready(30)\n"
            "print(c.root, c.proc.pid, flush=True)\n"
            "import os; os._exit(0)\n")  # dies without stopping it
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    root, pid = out[0], int(out[1])
    from pathlib import Path

    assert Path(root).is_dir() and Path(f"/proc/{pid}").exists()
    assert reap_orphans() >= 1
    assert not _running(pid) and not Path(root).exists()
