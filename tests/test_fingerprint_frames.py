"""Both fingerprint protocols frame for frame: the literal bytes of the shared notes
(../shared/hardware/fingerprint.md), checksums, and the incremental decoders (pieces, noise,
corrupted packets, resync)."""
from __future__ import annotations

import pytest

from drivers.core import fingers
from drivers.gt521f import frames as g
from drivers.zfm import frames as z

H = bytes.fromhex


# ------------------------------------------------------------------------------ ZFM
@pytest.mark.parametrize("built, literal", [
    (lambda: z.vfy_pwd(0), "EF 01 FF FF FF FF 01 00 07 13 00 00 00 00 00 1B"),
    (lambda: z.gen_img(), "EF 01 FF FF FF FF 01 00 03 01 00 05"),
    (lambda: z.img2tz(1), "EF 01 FF FF FF FF 01 00 04 02 01 00 08"),
    (lambda: z.img2tz(2), "EF 01 FF FF FF FF 01 00 04 02 02 00 09"),
    (lambda: z.reg_model(), "EF 01 FF FF FF FF 01 00 03 05 00 09"),
    (lambda: z.ack(z.OK), "EF 01 FF FF FF FF 07 00 03 00 00 0A"),
    # the rest of the instruction set, each checksum worked out by hand:
    # 01 + 00 03 + 03 = 07
    (lambda: z.match(), "EF 01 FF FF FF FF 01 00 03 03 00 07"),
    # 01 + 00 04 + 08 + 01 = 0E
    (lambda: z.up_char(1), "EF 01 FF FF FF FF 01 00 04 08 01 00 0E"),
    # 01 + 00 04 + 09 + 02 = 10
    (lambda: z.down_char(2), "EF 01 FF FF FF FF 01 00 04 09 02 00 10"),
    # 01 + 00 03 + 0F = 13
    (lambda: z.read_sys_para(), "EF 01 FF FF FF FF 01 00 03 0F 00 13"),
    # 01 + 00 03 + 1D = 21
    (lambda: z.template_count(), "EF 01 FF FF FF FF 01 00 03 1D 00 21"),
    # 01 + 00 08 + 04 + 01 + 00 00 + 01 2C = 0x3B
    (lambda: z.search(1, 0, 300), "EF 01 FF FF FF FF 01 00 08 04 01 00 00 01 2C 00 3B"),
    # another password and address: 01 + 07 + 13 + 12+34+56+78 = 0x12F
    (lambda: z.vfy_pwd(0x12345678, address=0x0A0B0C0D),
     "EF 01 0A 0B 0C 0D 01 00 07 13 12 34 56 78 01 2F"),
    # acknowledges: no finger 07+03+02 = 0C; Match with score 0x0123: 07+05+00+01+23 = 0x30
    (lambda: z.ack(z.NO_FINGER), "EF 01 FF FF FF FF 07 00 03 02 00 0C"),
    (lambda: z.ack(z.OK, H("01 23")), "EF 01 FF FF FF FF 07 00 05 00 01 23 00 30"),
    (lambda: z.ack(z.WRONG_PASSWORD), "EF 01 FF FF FF FF 07 00 03 13 00 1D"),
])
def test_zfm_packets_are_the_documented_bytes(built, literal):
    assert bytes(built()) == H(literal)


def test_zfm_checksum_is_pid_len_and_payload_low_16_bits():
    assert z.checksum(0x01, H("13 00 00 00 00")) == 0x001B
    # a full 256-byte data packet of FF: 02 + 01 02 + 256 × FF = 0xFF05, and it wraps
    assert z.checksum(0x08, b"\xff" * 256) == (0x08 + 0x01 + 0x02 + 0xFF * 256) & 0xFFFF
    assert z.checksum(0x02, b"\xff" * 300) == (0x02 + 0x01 + 0x2E + 0xFF * 300) & 0xFFFF


def test_zfm_template_goes_out_as_data_packets_the_last_one_08():
    template = fingers.template(1, "zfm")
    packets = z.data_packets(template, 128)
    assert [p[6] for p in packets] == [0x02, 0x02, 0x02, 0x08]
    assert all(bytes(p[:6]) == H("EF 01 FF FF FF FF") and bytes(p[7:9]) == H("00 82")
               for p in packets)
    assert b"".join(bytes(p[9:-2]) for p in packets) == template
    first = packets[0]
    assert int.from_bytes(first[-2:], "big") == (0x02 + 0x82 + sum(template[:128])) & 0xFFFF


def test_zfm_decoder_takes_packets_in_pieces_and_skips_noise():
    d = z.PacketDecoder(z.DEFAULT_ADDRESS)
    stream = H("00 EF 55 EF") + H("EF 01 FF FF FF FF 07 00 05 00 01 23 00 30") + H("EF")
    got = []
    for i in range(len(stream)):  # one byte at a time, as a slow line delivers it
        got += d.feed(stream[i:i + 1])
    assert len(got) == 1 and got[0].pid == z.PID_ACK and bytes(got[0].payload) == H("00 01 23")
    assert d.noise_bytes == 4 and d.pending and d.buffered == 1  # a trailing EF may begin one
    assert z.parse_u16(got[0].payload, "Match") == 0x0123


def test_zfm_decoder_reports_a_bad_checksum_and_finds_the_next_packet():
    d = z.PacketDecoder(z.DEFAULT_ADDRESS)
    bad = H("EF 01 FF FF FF FF 07 00 03 00 00 0B")
    good = H("EF 01 FF FF FF FF 07 00 03 02 00 0C")
    got = d.feed(bad + good)
    assert isinstance(got[0], z.BadPacket) and "checksum 000B" in got[0].reason
    assert isinstance(got[1], z.Packet) and got[1].code == z.NO_FINGER
    assert d.buffered == 0


def test_zfm_decoder_ignores_other_addresses_and_impossible_headers():
    d = z.PacketDecoder(z.DEFAULT_ADDRESS)
    other = bytes(z.ack(z.OK, address=0x00000001))
    assert d.feed(other) == []
    # EF 01 with a PID that does not exist, then a length beyond any packet
    assert d.feed(H("EF 01 FF FF FF FF 05 00 03 00 00 08")) == []
    assert d.feed(H("EF 01 FF FF FF FF 07 FF FF 00")) == []
    assert d.feed(bytes(z.ack(z.OK)))[0].code == z.OK


def test_zfm_sys_para_round_trip_and_short_payloads_are_typed_errors():
    para = z.SysPara(0x0004, 0x0009, 300, 3, 0xFFFFFFFF, 128, 57600)
    payload = bytes([z.OK]) + z.encode_sys_para(para)
    assert payload == H("00 0004 0009 012C 0003 FFFFFFFF 0002 0006")
    assert z.parse_sys_para(payload) == para
    with pytest.raises(z.FrameError, match="ReadSysPara: acknowledge of 5 bytes, expected 17"):
        z.parse_sys_para(payload[:5])
    with pytest.raises(z.FrameError, match="packet size code 7"):
        z.parse_sys_para(payload[:13] + H("0007 0006"))
    with pytest.raises(z.FrameError):
        z.parse_u16(H("00"), "TemplateCount")
    assert z.parse_search(H("00 0005 0064")) == (5, 100)


# --------------------------------------------------------------------------- GT-521F
@pytest.mark.parametrize("built, literal", [
    (lambda: g.command(g.OPEN, 0), "55 AA 01 00 00 00 00 00 01 00 01 01"),
    # Open asking for the device info: 55+AA+01+01+01 = 0x102
    (lambda: g.command(g.OPEN, 1), "55 AA 01 00 01 00 00 00 01 00 02 01"),
    # CmosLed on: 0xFF + 01 + 01 + 12 = 0x113
    (lambda: g.command(g.CMOS_LED, 1), "55 AA 01 00 01 00 00 00 12 00 13 01"),
    (lambda: g.command(g.IS_PRESS_FINGER), "55 AA 01 00 00 00 00 00 26 00 26 01"),
    # SetTemplate into slot 199 (C7): 0x100 + C7 + 71 = 0x238
    (lambda: g.command(g.SET_TEMPLATE, 199), "55 AA 01 00 C7 00 00 00 71 00 38 02"),
    (lambda: g.command(g.VERIFY, 199), "55 AA 01 00 C7 00 00 00 50 00 17 02"),
    (lambda: g.command(g.DELETE_ID, 199), "55 AA 01 00 C7 00 00 00 40 00 07 02"),
    (lambda: g.command(g.CAPTURE_FINGER, 0), "55 AA 01 00 00 00 00 00 60 00 60 01"),
    (lambda: g.command(g.MAKE_TEMPLATE), "55 AA 01 00 00 00 00 00 61 00 61 01"),
    (lambda: g.command(g.GET_ENROLL_COUNT), "55 AA 01 00 00 00 00 00 20 00 20 01"),
    # ACK: 0x100 + 30 = 0x130; NACK finger not pressed (0x1012): 0x100 + 12 + 10 + 31 = 0x153
    (lambda: g.reply(True), "55 AA 01 00 00 00 00 00 30 00 30 01"),
    (lambda: g.reply(False, g.NACK_FINGER_IS_NOT_PRESSED), "55 AA 01 00 12 10 00 00 31 00 53 01"),
    (lambda: g.reply(False, g.NACK_VERIFY_FAILED), "55 AA 01 00 07 10 00 00 31 00 48 01"),
    # a data packet: 5A + A5 + 01 + 01 + 02 = 0x103
    (lambda: g.data_packet(H("01 02")), "5A A5 01 00 01 02 03 01"),
])
def test_gt521f_packets_are_the_documented_bytes(built, literal):
    assert bytes(built()) == H(literal)


def test_gt521f_decoder_reads_reply_then_the_data_packet_it_was_told_to_expect():
    d = g.PacketDecoder()
    info = g.DeviceInfoData(0x20120419, 0x2000, "00112233445566778899AABBCCDDEEFF")
    data = g.encode_device_info(info)
    stream = g.reply(True) + bytes(g.data_packet(data))
    # not expecting data: the 5A A5 packet is noise
    got = d.feed(stream)
    assert [type(x) for x in got] == [g.Packet] and d.noise_bytes == len(data) + 6
    d.expect_data(g.DEVICE_INFO_SIZE)
    got = []
    for i in range(len(stream)):
        got += d.feed(stream[i:i + 1])
    assert got[0].ack and isinstance(got[1], g.DataPacket)
    assert g.parse_device_info(got[1].data) == info
    assert d.expecting is None  # one data packet per command
    with pytest.raises(g.FrameError, match="device info of 3 bytes"):
        g.parse_device_info(b"abc")


def test_gt521f_decoder_bad_checksum_then_resync_through_noise():
    d = g.PacketDecoder()
    bad = H("55 AA 01 00 00 00 00 00 30 00 31 01")
    got = d.feed(H("55 55 AA") + bad + H("00 5A") + bytes(g.reply(False, g.NACK_BAD_FINGER)))
    assert isinstance(got[0], g.BadPacket) and "checksum 0131" in got[0].reason
    assert got[1].nack and got[1].param == g.NACK_BAD_FINGER
    # a packet from another device ID is not ours
    assert d.feed(g.reply(True, device_id=2)) == []


def test_gt521f_template_data_packet_round_trip_and_wipe():
    template = fingers.template(5, "gt521f")
    d = g.PacketDecoder()
    d.expect_data(g.TEMPLATE_SIZE)
    packet = g.data_packet(template)
    assert len(packet) == 498 + 6 and bytes(packet[:4]) == H("5A A5 01 00")
    (got,) = d.feed(packet)
    assert bytes(got.data) == template
    got.wipe()
    assert bytes(got.data) == bytes(498)
    with pytest.raises(ValueError):
        d.expect_data(10**6)


def test_fictitious_templates_are_deterministic_tagged_and_sized():
    assert fingers.template(1, "zfm") == fingers.template("1", "zfm")
    assert fingers.template(1, "zfm") != fingers.template(2, "zfm")
    assert len(fingers.template(1, "zfm")) == 512 and fingers.template(1, "zfm")[:4] == b"FZFM"
    assert len(fingers.template(1, "gt521f")) == 498
    assert fingers.finger_of(fingers.template(7, "gt521f"), "gt521f") == "7"
    with pytest.raises(ValueError):
        fingers.template(1, "iso")
