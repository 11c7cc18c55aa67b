"""SAM framing: exact bytes of the documented frames, incremental decoding, resynchronisation,
and a property test that no input makes the decoder raise, hang or hoard bytes."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.idcard.frames import (
    HEADER_LEN,
    MAX_LEN,
    BadFrame,
    Frame,
    FrameDecoder,
    encode_command,
    encode_reply,
)

H = bytes.fromhex

# (CMD, PARA) → the full frame as documented (shared/hardware/idcard-sam.md)
COMMANDS = {
    (0x10, 0xFF): "AA AA AA 96 69 00 03 10 FF EC",
    (0x11, 0xFF): "AA AA AA 96 69 00 03 11 FF ED",
    (0x12, 0xFF): "AA AA AA 96 69 00 03 12 FF EE",
    (0x20, 0x01): "AA AA AA 96 69 00 03 20 01 22",
    (0x20, 0x02): "AA AA AA 96 69 00 03 20 02 21",
    (0x30, 0x01): "AA AA AA 96 69 00 03 30 01 32",
    (0x30, 0x03): "AA AA AA 96 69 00 03 30 03 30",
    (0x30, 0x10): "AA AA AA 96 69 00 03 30 10 23",
}

# canned replies seen in public code: hex, SW3, data
REPLIES = [
    ("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97", 0x9F, bytes(4)),
    ("AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C", 0x90, bytes(8)),
    ("AA AA AA 96 69 00 04 00 00 80 84", 0x80, b""),
    ("AA AA AA 96 69 00 04 00 00 81 85", 0x81, b""),
    ("AA AA AA 96 69 00 04 00 00 41 45", 0x41, b""),
    ("AA AA AA 96 69 00 04 00 00 90 94", 0x90, b""),
]


@pytest.mark.parametrize("command,frame", COMMANDS.items())
def test_commands_encode_to_documented_bytes(command, frame):
    assert encode_command(*command) == H(frame)
    decoded = FrameDecoder().feed(H(frame))
    assert decoded == [Frame(bytes(command))]


@pytest.mark.parametrize("frame,sw3,data", REPLIES)
def test_canned_replies_decode_and_reencode(frame, sw3, data):
    (item,) = FrameDecoder().feed(H(frame))
    assert isinstance(item, Frame)
    assert item.sw3 == sw3 and item.data == data
    assert encode_reply(sw3, data) == H(frame)


def test_frame_arriving_one_byte_at_a_time():
    frame = encode_reply(0x90, bytes(range(256)) * 5)
    dec = FrameDecoder()
    for b in frame[:-1]:
        assert dec.feed(bytes([b])) == []
    assert dec.pending
    assert dec.expected_total() == len(frame)
    (item,) = dec.feed(frame[-1:])
    assert item.data == bytes(range(256)) * 5
    assert not dec.pending and dec.buffered == 0


def test_noise_before_preamble_is_skipped_even_if_it_looks_like_one():
    noise = H("00 FF AA AA 13 AA AA AA 96")  # two false starts of a preamble
    good = encode_reply(0x9F, bytes(4))
    dec = FrameDecoder()
    assert dec.feed(noise) == []
    assert dec.feed(good) == [Frame(H("00 00 9F 00 00 00 00"))]
    assert dec.noise_bytes == len(noise)


def test_corrupt_checksum_is_reported_and_next_frame_decodes():
    bad = bytearray(encode_reply(0x90, b"abc"))
    bad[-1] ^= 0xFF
    good = encode_reply(0x80)
    items = FrameDecoder().feed(bytes(bad) + good)
    assert isinstance(items[0], BadFrame) and items[0].kind == "checksum"
    assert items[-1] == Frame(H("00 00 80"))


def test_impossible_length_does_not_wait_for_bytes_that_never_come():
    dec = FrameDecoder()
    items = dec.feed(H("AA AA AA 96 69 FF FF 01 02") + encode_reply(0x90))
    assert [i.kind for i in items if isinstance(i, BadFrame)] == ["length"]
    assert items[-1] == Frame(H("00 00 90"))
    items = dec.feed(H("AA AA AA 96 69 00 01"))  # LEN below the smallest frame
    assert isinstance(items[0], BadFrame)


def test_corrupted_length_inside_a_frame_resynchronises_on_the_next_preamble():
    # LEN claims 6 bytes; the checksum fails; the real frame begins inside the bogus one
    dec = FrameDecoder()
    good = encode_reply(0x90, b"xy")
    items = dec.feed(H("AA AA AA 96 69 00 06 01") + good)
    frames = [i for i in items if isinstance(i, Frame)]
    assert frames == [Frame(H("00 00 90") + b"xy")]


# ------------------------------------------------------------------ properties
chunks = st.lists(st.binary(max_size=64), max_size=40)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunks)
def test_arbitrary_bytes_only_give_frames_or_bad_frames(parts):
    dec = FrameDecoder()
    whole = FrameDecoder()
    got = []
    for p in parts:
        items = dec.feed(p)
        assert all(isinstance(i, (Frame, BadFrame)) for i in items)
        got += items
        # bounded: never more than one maximal frame is held back
        assert dec.buffered <= HEADER_LEN + MAX_LEN
    # how the bytes were split never changes what comes out
    assert whole.feed(b"".join(parts)) == got


preamble_ish = st.lists(
    st.sampled_from([b"\xaa", b"\xaa\xaa\xaa\x96\x69", b"\x96", b"\x69", b"\x00", b"\xff",
                     b"\x05\x08", b"\x00\x04"]),
    max_size=60,
).map(b"".join)


@settings(max_examples=1000, deadline=None)
@given(preamble_ish, st.integers(1, 50))
def test_preamble_heavy_garbage(data, step):
    dec = FrameDecoder()
    for i in range(0, len(data), step):
        for item in dec.feed(data[i : i + step]):
            assert isinstance(item, (Frame, BadFrame))


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=80).filter(lambda b: 0xAA not in b), st.binary(max_size=300),
       st.integers(1, 17))
def test_valid_frame_after_noise_is_recovered(noise, payload, step):
    frame = encode_reply(0x90, payload)
    stream = noise + frame
    dec = FrameDecoder()
    got = []
    for i in range(0, len(stream), step):
        got += dec.feed(stream[i : i + step])
    assert got == [Frame(b"\x00\x00\x90" + payload)]
