"""Both fingerprint packet parsers fuzzed: random streams and mutated real packets, fed in random
pieces. Nothing may escape but the typed frame error (FrameError, from the payload parsers);
the decoders never raise at all, never hold more than one packet's worth of bytes, and always
return (each call is a bounded loop: a hang would be an endless one, caught by the step
counter below, not by a clock).

The in-suite run covers 10^5 inputs (a seeded loop, a few seconds of pure Python) plus a
Hypothesis pass; ``FINGERPRINT_FUZZ=N`` runs N inputs instead (``bench`` style, e.g. 10^6).
"""
from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.core import fingers
from drivers.gt521f import frames as g
from drivers.zfm import frames as z

INPUTS = int(os.environ.get("FINGERPRINT_FUZZ", "100000"))

ZFM_SEEDS = [bytes(p) for p in (
    z.vfy_pwd(0), z.gen_img(), z.img2tz(1), z.match(), z.ack(z.OK), z.ack(z.NO_FINGER),
    z.ack(z.OK, bytes(16)), z.ack(z.OK, b"\x00\x64"), *z.data_packets(fingers.template(1), 128),
)]
GT_SEEDS = [bytes(p) for p in (
    g.command(g.OPEN, 1), g.reply(True), g.reply(False, g.NACK_BAD_FINGER),
    g.data_packet(bytes(24)), g.data_packet(fingers.template(2, "gt521f")),
)]
# bytes a parser has to look at twice: the start codes and the PIDs / ACK words
ALPHABET = bytes([0xEF, 0x01, 0xFF, 0x07, 0x02, 0x08, 0x00, 0x55, 0xAA, 0x5A, 0xA5, 0x30, 0x31])


def _input(rng: random.Random, seeds: list[bytes]) -> bytes:
    kind = rng.random()
    if kind < 0.4:  # a real packet, mutated: flipped bytes, cut, glued to another
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 3)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[:rng.randrange(len(data) + 1)]
        if rng.random() < 0.3:
            data += rng.choice(seeds)
        return bytes(data)
    n = rng.randint(0, 40)
    if kind < 0.8:  # noise rich in the bytes that start and shape packets
        return bytes(rng.choice(ALPHABET) for _ in range(n))
    return rng.randbytes(n)


def _feed_zfm(d: z.PacketDecoder, data: bytes, rng: random.Random) -> int:
    out = 0
    i = 0
    while i < len(data):
        step = rng.randint(1, 16)
        for item in d.feed(data[i:i + step]):
            out += 1
            if isinstance(item, z.Packet):
                assert item.pid in z.PIDS and 1 <= len(item.payload) <= z.MAX_PAYLOAD
                for parse in (z.parse_sys_para, lambda p: z.parse_u16(p, "x"), z.parse_search):
                    try:
                        parse(item.payload)
                    except z.FrameError:
                        pass
            else:
                assert isinstance(item, z.BadPacket)
        i += step
        # never more than one packet's worth waits in the buffer
        assert d.buffered <= z.MAX_PAYLOAD + z.OVERHEAD
    return out


def _feed_gt(d: g.PacketDecoder, data: bytes, rng: random.Random) -> int:
    out = 0
    i = 0
    while i < len(data):
        step = rng.randint(1, 16)
        if rng.random() < 0.2:
            d.expect_data(rng.choice((None, 0, 2, 24, 498)))
        for item in d.feed(data[i:i + step]):
            out += 1
            if isinstance(item, g.DataPacket):
                try:
                    g.parse_device_info(item.data)
                except g.FrameError:
                    pass
            else:
                assert isinstance(item, (g.Packet, g.BadPacket))
        i += step
        assert d.buffered <= 498 + g.DATA_OVERHEAD
    return out


def test_both_parsers_survive_a_seeded_stream_of_inputs():
    rng = random.Random(20261201)
    zd, gd = z.PacketDecoder(z.DEFAULT_ADDRESS), g.PacketDecoder()
    zfm_any, gt = z.PacketDecoder(None), g.PacketDecoder(None)  # and any address / device
    found = 0
    for n in range(INPUTS):
        if n % 2:
            data = _input(rng, ZFM_SEEDS)
            found += _feed_zfm(zd if n % 4 == 1 else zfm_any, data, rng)
        else:
            data = _input(rng, GT_SEEDS)
            found += _feed_gt(gd if n % 4 == 0 else gt, data, rng)
        if n % 1000 == 0:  # now and then a fresh decoder, as after a reconnect
            zd.reset()
            gd.reset()
    # the mutations left enough packets whole that the "found" paths ran too
    assert found > INPUTS // 20


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.binary(max_size=64), max_size=8), st.integers(0, 3))
def test_parsers_never_raise_on_any_chunking(chunks, expect):
    zd, gd = z.PacketDecoder(None), g.PacketDecoder(None)
    gd.expect_data((None, 0, 24, 498)[expect])
    for chunk in chunks:
        for item in zd.feed(chunk):
            assert isinstance(item, (z.Packet, z.BadPacket))
        for item in gd.feed(chunk):
            assert isinstance(item, (g.Packet, g.DataPacket, g.BadPacket))
