"""One simulator class per protocol, its link (pty or TCP) chosen by configuration, and the
mock-control interface (faults, scenario actions) that only mocks have. Replies are checked
as literal bytes."""
import tempfile
import time
from pathlib import Path

import pytest

from drivers.config import parse_devices
from drivers.core.simulator import MockControl, PtyLink, TcpLink, make_link
from drivers.core.transport import open_transport
from drivers.idcard.simulator import IdCardSimulator, fictitious_cards
from drivers.manager import DeviceManager
from drivers.printer.simulator import PrinterSimulator, VirtualPrinter, simulator_for_config
from tests.waiting import wait_for

FIND = bytes.fromhex("aa aa aa 96 69 00 03 20 01 22")  # 20 01: find a card
CARD_FOUND = bytes.fromhex("aa aa aa 96 69 00 08 00 00 9f 00 00 00 00 97")  # sw3 9F
NO_CARD = bytes.fromhex("aa aa aa 96 69 00 04 00 00 80 84")  # sw3 80
DLE_EOT_PAPER = b"\x10\x04\x04"
PAPER_OK, PAPER_OUT = b"\x12", b"\x7e"  # 0x12 fixed bits; + paper end 0x60 + near end 0x0C


def exchange(port: str, command: bytes, reply_len: int) -> bytes:
    t = open_transport(port)
    with t:
        t.write(command, 2.0)
        return t.read_exactly(reply_len, time.monotonic() + 2.0)


@pytest.mark.parametrize("transport", ["pty", "tcp"])
def test_the_reader_on_either_link_answers_the_same_bytes(settings_env, transport):
    with IdCardSimulator("idcard", card="resident", transport=transport) as sim:
        assert sim.transport == transport
        assert isinstance(sim.link, PtyLink if transport == "pty" else TcpLink)
        assert sim.port.startswith("tcp://127.0.0.1:") == (transport == "tcp")
        assert exchange(sim.port, FIND, len(CARD_FOUND)) == CARD_FOUND
        sim.perform("remove_card")
        assert exchange(sim.port, FIND, len(NO_CARD)) == NO_CARD
        assert sim.received == FIND + FIND

        port = sim.port
        sim.inject("unplug")
        assert not sim.running
        sim.clear("unplug")
        assert sim.port == port  # stable across replug: the driver reopens the same name
        sim.perform("place_card", card="hmt")
        assert exchange(sim.port, FIND, len(CARD_FOUND)) == CARD_FOUND


def test_a_tcp_port_alone_chooses_tcp_and_contradictions_are_refused(settings_env):
    assert make_link("x", tcp_port=0).kind == "tcp"
    assert make_link("x").kind == "pty"
    with pytest.raises(ValueError, match="tcp_port"):
        make_link("x", "pty", tcp_port=9100)
    with pytest.raises(ValueError, match="unknown simulator transport 'usb'"):
        IdCardSimulator("idcard", transport="usb")


@pytest.mark.parametrize("cls", [IdCardSimulator, PrinterSimulator])
def test_every_simulator_is_a_mock_control(cls):
    sim = cls()  # not started: only the bookkeeping
    assert isinstance(sim, MockControl)
    faults = sim.faults()
    assert {"silent", "trickle", "unplug"} <= faults.keys()
    assert all(isinstance(text, str) and text for text in faults.values())
    faults.clear()  # a copy: the caller cannot change what the simulator offers
    assert sim.faults()
    with pytest.raises(ValueError, match="unknown fault 'melt'") as exc:
        sim.inject("melt")
    assert "\n" not in str(exc.value)
    with pytest.raises(ValueError, match="unknown action 'dance'") as exc:
        sim.perform("dance")
    assert "\n" not in str(exc.value)


def test_card_reader_actions_and_their_parameters():
    sim = IdCardSimulator("idcard", card=None)
    assert set(sim.actions()) == {"place_card", "remove_card", "replace_card"}
    assert "resident_senior" in sim.actions()["place_card"]  # the choices are in the words
    sim.perform("place_card", card="foreign2023")
    assert sim.card is sim.cards["foreign2023"]
    with pytest.raises(ValueError, match="unknown simulator card 'nobody'"):
        sim.perform("place_card", card="nobody")
    with pytest.raises(ValueError, match="remove_card: .*'card'") as exc:
        sim.perform("remove_card", card="resident")
    assert "\n" not in str(exc.value)
    sim.perform("remove_card")
    assert sim.card is None


def test_printer_actions_tear_off_and_load_paper(settings_env):
    with PrinterSimulator("printer", VirtualPrinter(80), transport="tcp") as sim:
        assert set(sim.actions()) == {"tear_off", "load_paper"}
        sim.inject("paper_out")
        assert exchange(sim.port, DLE_EOT_PAPER, 1) == PAPER_OUT
        sim.perform("load_paper")
        assert exchange(sim.port, DLE_EOT_PAPER, 1) == PAPER_OK

        t = open_transport(sim.port)
        with t:
            t.write(b"\x1b@TICKET A001\n\x1dV\x42\x00", 2.0)  # ESC @, a line, GS V 66 0: cut
            assert wait_for(lambda: len(sim.pages) == 1)
        assert sim.pages[0].lines == ["TICKET A001"]
        sim.perform("tear_off")
        assert sim.pages == [] and sim.printer.pages_printed == 1


def test_the_manager_hands_out_mock_controls_only_for_mocks(settings_env):
    configs = parse_devices(
        "[idcard]\ndriver = 'sam_idcard'\nmock = true\nsim_transport = 'tcp'\nsim_pace = false\n"
        "sim_card = 'none'\n"
        "[printer]\ndriver = 'escpos'\nmock = true\nsim_transport = 'tcp'\n"
        f"[real]\ndriver = 'escpos'\nport = '{settings_env / 'ttyUSB9'}'\n", "d.toml")
    with DeviceManager(configs, data_dir=settings_env / "data") as manager:
        reader, printer, real = (manager.get(n) for n in ("idcard", "printer", "real"))
        assert real.mock is None
        assert reader.mock is reader.simulator and isinstance(reader.mock, MockControl)
        assert reader.device.port.startswith("tcp://127.0.0.1:")
        assert printer.device.port.startswith("tcp://127.0.0.1:")
        assert printer.mock.output_dir == settings_env / "data" / "printer" / "printer"
        manager.wait_ready(10)
        reader.mock.perform("place_card", card="hmt")
        card = reader.call("read_card", lambda d: d.read_card())
        assert card.id_number == fictitious_cards()["hmt"].id_number


def test_without_a_data_dir_printed_tickets_go_to_a_temp_dir_of_this_user():
    config = parse_devices("[printer]\ndriver = 'escpos'\nmock = true\n", "d.toml")[0]
    sim = simulator_for_config(config, None)
    assert Path(tempfile.gettempdir()) in sim.output_dir.parents
    assert sim.output_dir.name == "printer"
