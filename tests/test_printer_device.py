"""The printer driver against the virtual printer: every status and fault, jobs that fail
with typed errors within their deadline, and reconnection after a power cycle."""
import pytest

from drivers.config import parse_devices
from drivers.core.errors import DeviceTimeout, ProtocolError
from drivers.core.status import DeviceState, Recovery
from drivers.manager import DeviceManager
from drivers.printer.device import EscPosPrinter
from drivers.printer.simulator import PrinterSimulator, VirtualPrinter
from kiosk.printing import (
    CoverOpen,
    CutterError,
    PaperOut,
    PrinterFault,
    PrinterOffline,
    PrintError,
    printed_tickets,
    queue_ticket_job,
)
from tests.test_printer_ticket import HALL, HALL_EN, ticket
from tests.waiting import wait_for

TIMEOUT = 0.5



@pytest.fixture
def sim(settings_env):
    s = PrinterSimulator("printer", VirtualPrinter(80)).start()
    yield s
    s.stop()


@pytest.fixture
def dev(sim):
    d = EscPosPrinter("printer", sim.port, {"print_timeout": 2.0}, timeout=TIMEOUT)
    d.open()
    d.enable()
    yield d
    d.close()


@pytest.mark.parametrize("fault, state, paper, cover", [
    (None, "online", "ok", False),
    ("near_end", "online", "near_end", False),
    ("paper_out", "user_error", "out", False),
    ("cover_open", "user_error", "ok", True),
    ("cutter_error", "hardware_error", "ok", False),
    ("fatal_error", "hardware_error", "ok", False),
])
def test_every_status_state(sim, dev, fault, state, paper, cover):
    if fault:
        sim.inject(fault)
    status = dev.refresh_status()
    assert status.state == state and status.supplies["paper"] == paper
    assert dev.last_printer_status.cover_open is cover
    d = dev.last_printer_status.to_dict()
    assert d["online"] is (state == "online") and d["paper"] == paper
    assert (d["error"] is None) is (state == "online")


def test_no_answer_is_offline_and_paper_unknown_within_deadline(sim, dev):
    assert dev.refresh_status().supplies["paper"] == "ok"
    sim.inject("silent")
    with pytest.raises(DeviceTimeout, match="no reply to DLE EOT 1"):
        dev.refresh_status()
    # what we knew about the paper is stale now: never still "ok"
    assert dev.status.state is DeviceState.OFFLINE
    assert dev.status.supplies["paper"] == "unknown"


def test_garbage_replies_are_not_taken_for_status(sim, dev):
    sim.inject("garbage")
    with pytest.raises(ProtocolError, match="invalid reply"):
        dev.refresh_status()
    assert dev.status.supplies["paper"] == "unknown"
    assert dev.last_printer_status.to_dict()["online"] is None


@pytest.mark.parametrize("fault, error, recovery", [
    ("paper_out", PaperOut, Recovery.STAFF),
    ("cover_open", CoverOpen, Recovery.STAFF),
    ("cutter_error", CutterError, Recovery.STAFF),
    ("fatal_error", PrinterFault, Recovery.TECHNICIAN),
])
def test_job_refused_before_sending_when_not_ready(sim, dev, fault, error, recovery):
    sim.inject(fault)
    job = queue_ticket_job(ticket(), hall_name=HALL, hall_name_en=HALL_EN)
    before = len(sim.received)
    with pytest.raises(error) as exc:
        dev.run("print_ticket", job, dev)
    assert exc.value.recovery is recovery and exc.value.printed is False
    assert exc.value.message_zh and "联系工作人员" in exc.value.message_zh
    # only status queries went out: not one byte of the ticket
    sent = bytes(sim.received[before:])
    assert b"\x1b@" not in sent and set(sent[i] for i in range(0, len(sent), 3)) == {0x10}
    assert sim.printer.pages_printed == 0


def test_job_to_a_silent_printer_fails_clearly_within_its_deadline(sim, dev):
    sim.inject("silent")
    job = queue_ticket_job(ticket(), hall_name=HALL)
    before = len(sim.received)
    with pytest.raises(PrinterOffline) as exc:
        dev.run("print_ticket", job, dev)
    assert bytes(sim.received[before:]) == b"\x10\x04\x01"  # asked once; no ticket bytes
    assert "no reply" in str(exc.value) and exc.value.message_zh == "打印机无响应，请联系工作人员"
    assert exc.value.printed is False
    assert dev.status.state is DeviceState.OFFLINE and dev.status.supplies["paper"] == "unknown"


def test_printer_that_dies_mid_job_is_not_reported_as_printed(sim, dev):
    real = sim.printer.receive

    def die_on_job(data):
        if b"\x1b@" in data:  # the job arrives: the printer hangs and never answers again
            sim.active_faults["silent"] = {}
            sim.printer.hung = True
        return real(data)

    sim.printer.receive = die_on_job
    before = len(sim.received)
    with pytest.raises(PrinterOffline) as exc:
        dev.run("print_ticket", queue_ticket_job(ticket(), hall_name=HALL), dev)
    # noticed by the real-time probe (DLE EOT 2) while waiting for GS r, not by the job's
    # print_timeout running out (that would say "did not confirm the job within")
    assert "stopped answering during the job" in str(exc.value)
    sent = bytes(sim.received[before:])
    assert b"\x10\x04\x02" in sent[sent.index(b"\x1dr\x01"):]
    assert exc.value.printed is None  # maybe partly printed: the flow offers a reprint
    assert sim.printer.pages_printed == 0


def test_paper_out_mid_job_is_typed_and_the_rest_is_not_printed_later(sim, dev):
    sim.inject("paper_out", after_mm=15)  # runs out a few lines into the ticket
    with pytest.raises(PaperOut) as exc:
        dev.run("print_ticket", queue_ticket_job(ticket(), hall_name=HALL), dev)
    assert exc.value.printed is None and exc.value.recovery is Recovery.STAFF
    assert dev.status.state is DeviceState.USER_ERROR and dev.status.supplies["paper"] == "out"
    # the driver cleared what the printer held: loading paper must not print half a ticket
    assert wait_for(lambda: sim.printer.held == 0, 2)
    sim.clear("paper_out")  # held data would print right here, inside clear() (the burst)
    assert sim.printer.held == 0 and sim.printer.pages_printed == 0
    # and the reprint works
    result = dev.run("print_ticket", queue_ticket_job(ticket(), hall_name=HALL), dev)
    assert result.status.ready and sim.printer.pages_printed == 1


def test_held_data_prints_in_a_burst_when_not_cleared(sim, dev):
    """Why the driver clears buffers: a printer with its cover open keeps the job."""
    sim.inject("cover_open")
    sim.printer.receive(dev.test_page(short=True))
    assert sim.printer.held > 0 and sim.printer.pages_printed == 0
    sim.clear("cover_open")
    assert sim.printer.wait_pages(1, 2.0)


def test_near_end_still_prints_and_reports_it(sim, dev):
    sim.inject("near_end")
    result = dev.run("print_ticket", queue_ticket_job(ticket(), hall_name=HALL), dev)
    assert str(result.status.paper) == "near_end"
    assert dev.status.state is DeviceState.ONLINE and dev.status.supplies["paper"] == "near_end"


def test_print_errors_are_device_errors_with_a_dict():
    err = PaperOut("printer: paper out")
    assert isinstance(err, PrintError) and err.to_dict()["code"] == "paper_out"
    assert err.state is DeviceState.USER_ERROR


@pytest.mark.parametrize("transport", ["pty", "tcp"])
def test_power_cycle_reconnects_without_restart(settings_env, transport):
    out = settings_env / "printed"
    text = (f'[printer]\ndriver = "escpos"\nmock = true\ntimeout = {TIMEOUT}\n'
            f'sim_transport = "{transport}"\nsim_output_dir = "{out}"\nprint_timeout = 3.0\n')
    manager = DeviceManager(parse_devices(text, "test"), data_dir=settings_env / "data",
                            poll_interval=0.1, backoff_max=0.3)
    with manager:
        handle = manager.get("printer")
        assert handle.worker.wait_connected(5)
        assert wait_for(lambda: handle.status.state is DeviceState.ONLINE)
        job = queue_ticket_job(ticket(), hall_name=HALL, hall_name_en=HALL_EN)
        assert handle.submit("print_ticket", job).result(5).status.ready
        handle.simulator.inject("power_cycle", off_s=0.8)
        assert wait_for(lambda: handle.status.state is not DeviceState.ONLINE, 3)
        assert handle.status.supplies["paper"] == "unknown"
        assert wait_for(lambda: handle.status.state is DeviceState.ONLINE, 8)
        assert handle.status.supplies["paper"] == "ok"
        result = handle.submit("print_ticket", job).result(5)
        assert result.status.ready
        assert len(list(out.glob("ticket-*.png"))) == 2
        shown = printed_tickets(handle)  # what the diagnostics screen lists, newest first
        assert len(shown) == 2 and shown[0].name > shown[1].name


def test_open_reads_model_firmware_and_serial_where_the_printer_tells(dev):
    assert dev.info.model == "KIOSK-SIM VP-80"
    assert dev.info.firmware == "1.08 SIM" and dev.info.serial_number == "SIM0000001"


def test_printer_without_gs_i_or_offline_at_open_is_still_usable(sim):
    sim.inject("paper_out")  # an offline printer holds GS I in its buffer instead of answering
    d = EscPosPrinter("printer", sim.port, {"print_timeout": 2.0}, timeout=TIMEOUT)
    d.open()
    try:
        assert d.info.model == "ESC/POS printer" and d.info.serial_number == "unknown"
        assert wait_for(lambda: sim.printer.held == 0, 2), "an unanswered GS I stayed buffered"
        sim.clear("paper_out")
        # the held GS I was cleared: nothing arrives later to be misread as status
        status = d.read_status()
        assert status.answered and status.paper == "ok" and not status.garbled
    finally:
        d.close()
