"""Both card dispenser protocols frame for frame, from literal bytes: CRT-591 F2 frames (the
command table of ../shared/hardware/ssc-card.md, positive and negative replies, ACK/NAK) and
the K720 exchange (command, ACK, ENQ, reply; its 16-bit state). Then each driver against its
simulator on a pty, checking every byte that crossed the line."""
from __future__ import annotations

import pytest

from drivers.core.errors import DeviceTimeout
from drivers.crt591 import frames as F
from drivers.crt591.device import Crt591Dispenser
from drivers.crt591.simulator import Crt591Simulator
from drivers.dispenser.errors import CardJammed, CorruptReply, HopperEmpty
from drivers.dispenser.mechanism import Mechanism
from drivers.k720 import frames as K
from drivers.k720.device import K720Dispenser
from drivers.k720.simulator import K720Simulator

H = bytes.fromhex


# ------------------------------------------------------------------------------ CRT-591
@pytest.mark.parametrize("command,frame", [
    (F.INITIALISE, "F2 00 00 03 43 30 33 03 B2"),
    (F.STATUS, "F2 00 00 03 43 31 30 03 B0"),
    (F.SENSORS, "F2 00 00 03 43 31 31 03 B1"),
    (F.TO_GATE, "F2 00 00 03 43 32 30 03 B3"),
    (F.TO_IC, "F2 00 00 03 43 32 31 03 B2"),
    (F.TO_RF, "F2 00 00 03 43 32 32 03 B1"),
    (F.CAPTURE, "F2 00 00 03 43 32 33 03 B0"),
    (F.TO_HOLDING, "F2 00 00 03 43 32 39 03 BA"),
])
def test_crt591_commands_are_the_documented_frames(command, frame):
    assert F.encode_command(0, command) == H(frame)


def test_crt591_replies_decode_from_literal_bytes():
    d = F.FrameDecoder()
    # an ACK, then "P 31 30" with ST0 '0' (no card) ST1 '2' (enough) ST2 '0', split anyhow
    items = d.feed(H("06 F2 00 00 06 50 31"))
    items += d.feed(H("30 30 32 30 03 94"))
    assert items[0] == F.Control(F.ACK)
    reply = items[1]
    assert reply.positive and reply.command == F.STATUS and reply.status == b"020"
    # a negative reply: "N 32 31" error "10" (card jammed)
    (neg,) = F.FrameDecoder().feed(H("F2 00 00 05 4E 32 31 31 30 03 B8"))
    assert not neg.positive and neg.error == "10" and neg.command == F.TO_IC
    assert F.encode_error(0, F.TO_IC, "A0") == H("F2 00 00 05 4E 32 31 41 30 03 C8")


def test_crt591_decoder_skips_noise_and_reports_a_bad_bcc():
    d = F.FrameDecoder()
    items = d.feed(H("00 FF F2 00 00 06 50 31 30 30 32 30 03 95") +  # BCC 95, not 94
                   H("F2 00 00 06 50 31 30 30 32 30 03 94"))
    assert isinstance(items[0], F.BadFrame) and "BCC 95, expected 94" in items[0].reason
    assert isinstance(items[-1], F.Frame) and items[-1].status == b"020"
    assert d.skipped >= 2


def _crt591(tmp_path, **mech):
    sim = Crt591Simulator("d", mechanism=Mechanism("d", move_delay=0.0, **mech),
                          link_dir=tmp_path).start()
    dev = Crt591Dispenser("d", sim.port, {"reject_bin_full_when": "set"}, timeout=1.0)
    return sim, dev


def test_crt591_driver_and_simulator_byte_for_byte(tmp_path):
    sim, dev = _crt591(tmp_path, hopper=5, low_at=2)
    try:
        dev.open()
        assert sim.received == H("F2 00 00 03 43 30 33 03 B2")  # initialise, card not moved
        sim.received.clear()
        dev.to_ic_position()
        # status before, the move, status after — every frame as in the table
        assert bytes(sim.received) == H("F2 00 00 03 43 31 30 03 B0" "F2 00 00 03 43 32 31 03 B2"
                                        "F2 00 00 03 43 31 30 03 B0")
        assert dev.status.supplies["card"] == "ic"
        sim.received.clear()
        dev.eject()
        assert bytes(sim.received)[9:18] == H("F2 00 00 03 43 32 30 03 B3")
        assert dev.card_position() == "gate"
        sim.take_card()
        assert dev.wait_taken(1.0) is True
        sim.received.clear()
        assert dev.capture() is False  # nothing in the channel: no move sent
        assert bytes(sim.received) == H("F2 00 00 03 43 31 30 03 B0")
        assert sim.mech.picked == 1 and sim.mech.accounted() == 1
    finally:
        dev.close()
        sim.stop()


def test_crt591_errors_are_typed(tmp_path):
    sim, dev = _crt591(tmp_path, hopper=1)
    try:
        dev.open()
        sim.inject("jam")
        with pytest.raises(CardJammed, match=r"card jammed \(error 10\)"):
            dev.to_ic_position()
        assert dev.status.supplies["card"] == "jammed"
        with pytest.raises(CardJammed, match="staff must clear it"):
            dev.eject()  # not even tried: the sensors say a card is stuck
        sim.clear_jam()
        dev.reset()
        assert dev.status.supplies["card"] == "none"
        assert dev.status.supplies["card_hopper"] == "empty"  # the jammed card was the last
        with pytest.raises(HopperEmpty):
            dev.to_ic_position()
        sim.inject("garbage")
        with pytest.raises(CorruptReply, match="BCC"):
            dev.reading()
        sim.clear("garbage")
        sim.inject("nak")  # the first try is refused: the driver sends the frame again
        assert dev.reading().card_at == "none"
        sim.inject("silent")
        with pytest.raises(DeviceTimeout, match="status: no reply"):
            dev.reading()
    finally:
        dev.close()
        sim.stop()


def test_crt591_reject_bin_polarity(tmp_path):
    for firmware, option, full in (("set", "set", True), ("clear", "clear", True),
                                   ("set", "clear", False)):
        sim = Crt591Simulator("d", mechanism=Mechanism("d", reject=30, reject_capacity=30),
                              reject_full_when=firmware, link_dir=tmp_path).start()
        dev = Crt591Dispenser("d", sim.port, {"reject_bin_full_when": option}, timeout=1.0)
        try:
            dev.open()
            assert dev.reading().reject_full is full, (firmware, option)
        finally:
            dev.close()
            sim.stop()


# ------------------------------------------------------------------------------ K720
@pytest.mark.parametrize("command,frame", [
    (b"RS", "02 30 30 00 02 52 53 03 02"),
    (b"DC", "02 30 30 00 02 44 43 03 04"),
    (b"CP", "02 30 30 00 02 43 50 03 10"),
    (b"FC0", "02 30 30 00 03 46 43 30 03 37"),
    (b"FC4", "02 30 30 00 03 46 43 34 03 33"),
    (b"FC7", "02 30 30 00 03 46 43 37 03 30"),
    (b"AP", "02 30 30 00 02 41 50 03 12"),
    (b"RF", "02 30 30 00 02 52 46 03 17"),
])
def test_k720_commands_are_framed_with_address_length_and_bcc(command, frame):
    assert K.encode(0, command) == H(frame)


def test_k720_lengths_controls_and_state():
    assert K.encode(15, b"AP") == H("02 31 35 00 02 41 50 03 16")  # address "15"
    assert K.encode(0, b"x" * 300)[3:5] == H("01 2C")  # high byte = len >> 8
    (frame,) = K.FrameDecoder().feed(K.encode(0, b"x" * 300))
    assert len(frame.text) == 300  # 0x100 * H + L, not 0xFF * H + L
    assert K.control(K.ACK, 0) == H("06 30 30")
    assert K.control(K.ENQ, 0) == H("05 30 30")
    # AP reply: two leading bytes, then one ASCII digit per nibble
    reply = H("02 30 30 00 06 53 46 30 30 30 36 03 14")
    (f,) = K.FrameDecoder().feed(reply)
    assert K.decode_state(f.text) == 0x0006  # card at sensors 2 and 3: the read position
    assert K.decode_state(b"SF8008") == 0x8008 == K.RECYCLE_FULL | K.EMPTY
    assert K.describe(0x0021) == "card at sensor 1, card jammed"
    with pytest.raises(ValueError):
        K.decode_state(b"SF12")


def test_k720_driver_and_simulator_byte_for_byte(tmp_path):
    sim = K720Simulator("d", mechanism=Mechanism("d", move_delay=0.05), link_dir=tmp_path)
    sim.start()
    dev = K720Dispenser("d", sim.port, {}, timeout=1.0)
    try:
        dev.open()
        # RS, its ACK, the ENQ, the reply — the host sent the frame and the ENQ
        assert bytes(sim.received) == H("02 30 30 00 02 52 53 03 02" "05 30 30")
        sim.received.clear()
        sim.commands.clear()
        dev.to_ic_position()
        sent = bytes(sim.received)
        assert sent.startswith(H("02 30 30 00 02 41 50 03 12 05 30 30"  # AP (before)
                                 "02 30 30 00 03 46 43 37 03 30 05 30 30"))  # FC7
        assert sim.commands[:2] == [b"AP", b"FC7"] and set(sim.commands[2:]) == {b"AP"}
        assert dev.status.supplies["card"] == "ic"
        dev.eject()  # a card in the channel: FC4 to the take-card position
        assert b"FC4" in sim.commands and dev.card_position() == "gate"
        sim.take_card()
        assert dev.wait_taken(1.0)
        sim.commands.clear()
        dev.eject()  # none in the channel: DC dispenses straight to the gate
        assert b"DC" in sim.commands and b"FC4" not in sim.commands
        assert dev.capture() is True and sim.mech.reject == 1
    finally:
        dev.close()
        sim.stop()


def test_k720_faults(tmp_path):
    sim = K720Simulator("d", mechanism=Mechanism("d", move_delay=0.02, hopper=3),
                        link_dir=tmp_path).start()
    dev = K720Dispenser("d", sim.port, {}, timeout=0.5)
    try:
        dev.open()
        sim.inject("empty_mid_job")  # the sensor said cards; the pick finds none
        with pytest.raises(HopperEmpty, match="hopper empty"):
            dev.to_ic_position()
        sim.refill(3)
        sim.inject("jam")
        with pytest.raises(CardJammed, match="card jammed"):
            dev.to_ic_position()
        assert dev.card_position() == "jammed"
        sim.clear_jam()
        sim.inject("nak")
        dev.reset()  # NAKed once, sent again
        assert dev.card_position() == "none"
        sim.inject("no_ack")
        with pytest.raises(DeviceTimeout, match="no ACK"):
            dev.reading()
        sim.clear("no_ack")
        sim.inject("garbage")
        with pytest.raises(CorruptReply):
            dev.reading()
    finally:
        dev.close()
        sim.stop()
