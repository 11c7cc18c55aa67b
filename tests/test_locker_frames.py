"""Kerong KR-CU framing: the exact bytes of every command and reply the driver and the
simulator use, the compartment layout, and properties of the incremental decoder (no input
makes it raise, hang or hoard bytes; how the bytes are split never changes what comes out)."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.locker.frames import (
    COMMAND_LEN,
    REPLY_LEN,
    BadFrame,
    Command,
    FrameDecoder,
    StatusReply,
    address,
    checksum,
    encode_command,
    encode_status,
)
from drivers.locker.layout import Layout

H = bytes.fromhex

# (ADDR, CMD) → the frame, SUM worked out by hand: low byte of 02 + ADDR + CMD + 03
COMMANDS = [
    ((0x00, 0x30), "02 00 30 03 35"),  # status, board 0 (lock 1)
    ((0x00, 0x31), "02 00 31 03 36"),  # unlock compartment 1
    ((0x0B, 0x31), "02 0B 31 03 41"),  # unlock lock 12 of board 0
    ((0x0F, 0x31), "02 0F 31 03 45"),  # unlock lock 16 of board 0
    ((0x10, 0x30), "02 10 30 03 45"),  # status, board 1
    ((0x1F, 0x31), "02 1F 31 03 55"),  # unlock lock 16 of board 1
    ((0x9F, 0x31), "02 9F 31 03 D5"),  # the highest address the boards take
    ((0x00, 0x32), "02 00 32 03 37"),  # status of all locks on the bus
    ((0x00, 0x33), "02 00 33 03 38"),  # unlock every lock of board 0
]

# 9-byte status replies: hex, ADDR, CMD, hook mask, infrared mask (lock 1 = bit 0)
REPLIES = [
    ("02 00 30 FF FF 00 00 03 33", 0x00, 0x30, 0xFFFF, 0x0000),  # all closed, all empty
    ("02 00 30 FB FF 00 00 03 2F", 0x00, 0x30, 0xFFFB, 0x0000),  # lock 3 open
    ("02 0B 31 FF F7 00 08 03 3F", 0x0B, 0x31, 0xF7FF, 0x0800),  # 12 open, item in 12
    ("02 10 30 00 00 FF 00 03 44", 0x10, 0x30, 0x0000, 0x00FF),  # board 1: all open, 1-8 full
    ("02 00 31 01 80 02 40 03 F9", 0x00, 0x31, 0x8001, 0x4002),  # high bits: 16 and 15
]


@pytest.mark.parametrize("addr_cmd,frame", COMMANDS)
def test_commands_are_the_documented_bytes(addr_cmd, frame):
    assert encode_command(*addr_cmd) == H(frame)
    assert FrameDecoder(COMMAND_LEN).feed(H(frame)) == [Command(*addr_cmd)]


@pytest.mark.parametrize("frame,addr,cmd,hooks,items", REPLIES)
def test_status_replies_decode_and_reencode(frame, addr, cmd, hooks, items):
    (reply,) = FrameDecoder(REPLY_LEN).feed(H(frame))
    assert reply == StatusReply(addr, cmd, hooks, items)
    assert encode_status(addr, cmd, hooks, items) == H(frame)
    assert checksum(H(frame)[:-1]) == H(frame)[-1]


def test_bits_name_locks_from_one_in_bit_zero():
    reply = FrameDecoder().feed(H("02 0B 31 FF F7 00 08 03 3F"))[0]
    assert [lock + 1 for lock in range(16) if not reply.hook(lock)] == [12]
    assert [lock + 1 for lock in range(16) if reply.item(lock)] == [12]
    assert reply.board == 0


def test_address_is_board_high_nibble_lock_low_nibble():
    assert address(0, 0) == 0x00 and address(0, 11) == 0x0B and address(1, 15) == 0x1F
    assert address(9, 15) == 0x9F
    for bad in ((10, 0), (0, 16), (-1, 0)):
        with pytest.raises(ValueError):
            address(*bad)


def test_reply_in_pieces_and_after_noise():
    frame = H("02 0B 31 FF F7 00 08 03 3F")
    dec = FrameDecoder()
    for b in frame[:-1]:
        assert dec.feed(bytes([b])) == []
    assert dec.pending and dec.buffered == 8
    assert dec.feed(frame[-1:]) == [StatusReply(0x0B, 0x31, 0xF7FF, 0x0800)]
    dec = FrameDecoder()
    assert dec.feed(H("FF 00 55 13") + frame) == [StatusReply(0x0B, 0x31, 0xF7FF, 0x0800)]
    assert dec.noise_bytes == 4


def test_stx_inside_data_is_not_taken_for_a_frame():
    # hooks 02 02: two STX values in the payload, ahead of the real ETX
    frame = encode_status(0x00, 0x30, 0x0202, 0x0002)
    assert frame == H("02 00 30 02 02 02 00 03 3B")
    assert FrameDecoder().feed(b"\x02\x02" + frame) == [StatusReply(0x00, 0x30, 0x0202, 0x0002)]


def test_an_adapter_echo_of_the_command_is_skipped():
    # half-duplex RS-485 adapters may echo what was sent before the board's reply
    echo = H("02 00 30 03 35")
    reply = H("02 00 30 FF FF 00 00 03 33")
    assert FrameDecoder(REPLY_LEN).feed(echo + reply) == [StatusReply(0, 0x30, 0xFFFF, 0)]


def test_corrupt_checksum_is_reported_and_the_next_frame_decodes():
    bad = H("02 00 30 FF FF 00 00 03 69")  # SUM xor 5A
    good = H("02 10 30 00 00 FF 00 03 44")
    items = FrameDecoder().feed(bad + good)
    assert isinstance(items[0], BadFrame) and items[0].kind == "checksum"
    assert "expected 33" in items[0].reason
    assert items[-1] == StatusReply(0x10, 0x30, 0, 0xFF)
    items = FrameDecoder(COMMAND_LEN).feed(H("02 00 31 03 00") + H("02 00 31 03 36"))
    assert isinstance(items[0], BadFrame) and items[-1] == Command(0, 0x31)


def test_only_the_two_frame_lengths_exist():
    with pytest.raises(ValueError):
        FrameDecoder(6)


# ---------------------------------------------------------------------- layout
def test_default_layout_is_one_cu16_with_sizes_and_sensors():
    layout = Layout.parse()
    assert len(layout.slots) == 16
    assert [layout.slots[n].size for n in (1, 8, 9, 14, 15, 16)] == ["S", "S", "M", "M", "L", "L"]
    assert all(s.sensed for s in layout.slots.values())
    assert layout.slots[12].addr == 0x0B


def test_two_boards_number_compartments_board_by_board():
    layout = Layout.parse([3, 1], sizes="1-16:M, 17-32:L", sensors="1-4, 20")
    assert layout.slots[17].board == 1 and layout.slots[17].lock == 0
    assert layout.slots[17].addr == 0x10 and layout.slots[16].addr == 0x3F
    assert [n for n, s in layout.slots.items() if s.sensed] == [1, 2, 3, 4, 20]
    assert layout.slot_at(1, 3).number == 20


@pytest.mark.parametrize("kwargs,problem", [
    ({"boards": []}, "at least one board"),
    ({"boards": [10]}, "not a board address"),
    ({"boards": [0, 0]}, "twice"),
    ({"sizes": "1-8:S"}, "compartments 9-16 have no size"),
    ({"sizes": "1-16:XL"}, "should look like"),
    ({"sizes": "1-17:S"}, "outside compartments 1-16"),
    ({"sizes": "1-8:S, 8-16:M"}, "compartment 8 is given a size twice"),
    ({"sensors": "x"}, "not a number"),
    ({"locks_per_board": 17}, "locks_per_board"),
])
def test_bad_layouts_are_one_line_naming_the_problem(kwargs, problem):
    boards = kwargs.pop("boards", [0])
    with pytest.raises(ValueError, match=problem) as err:
        Layout.parse(boards, **kwargs)
    assert "\n" not in str(err.value)


# ------------------------------------------------------------------ properties
chunks = st.lists(st.binary(max_size=32), max_size=40)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunks, st.sampled_from([COMMAND_LEN, REPLY_LEN]))
def test_arbitrary_bytes_only_give_frames_and_are_split_invariant(parts, length):
    dec = FrameDecoder(length)
    got = []
    for p in parts:
        items = dec.feed(p)
        assert all(isinstance(i, (Command, StatusReply, BadFrame)) for i in items)
        got += items
        assert dec.buffered < length  # never more than one frame's worth held back
    assert FrameDecoder(length).feed(b"".join(parts)) == got


frame_ish = st.lists(
    st.sampled_from([b"\x02", b"\x03", b"\x02\x00\x30", b"\x03\x35", b"\xff", b"\x00",
                     b"\x02\x00\x30\xff\xff\x00\x00\x03"]),
    max_size=60,
).map(b"".join)


@settings(max_examples=1000, deadline=None)
@given(frame_ish, st.integers(1, 11))
def test_stx_and_etx_heavy_garbage(data, step):
    dec = FrameDecoder()
    for i in range(0, len(data), step):
        for item in dec.feed(data[i:i + step]):
            assert isinstance(item, (StatusReply, BadFrame))


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=60).filter(lambda b: 0x02 not in b),
       st.integers(0, 0x9F), st.sampled_from([0x30, 0x31, 0x32, 0x33]),
       st.integers(0, 0xFFFF), st.integers(0, 0xFFFF), st.integers(1, 9))
def test_a_valid_reply_after_noise_is_recovered(noise, addr, cmd, hooks, items, step):
    stream = noise + encode_status(addr, cmd, hooks, items)
    dec = FrameDecoder()
    got = []
    for i in range(0, len(stream), step):
        got += dec.feed(stream[i:i + step])
    assert got == [StatusReply(addr, cmd, hooks, items)]
