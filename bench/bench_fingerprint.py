"""Fingerprint pads: verification time through the simulators, and a long fuzz of both parsers.

- ``fp_<model>_verify_ms``: one verify against a given template (ZFM: DownChar + 4 data
  packets + GenImg + Img2Tz + Match + clearing CharBuffer2; GT-521F: light, SetTemplate + data
  packet, CaptureFinger, Verify, DeleteID, light) over a pty with replies paced at the
  module's default baud rate (57600 / 9600), median of the runs;
- ``fp_fuzz_*``: random and mutated packets fed in random pieces through both decoders and
  the payload parsers (quick: 10^5 inputs, full: 10^6); ``fp_fuzz_findings`` counts any
  exception other than the typed FrameError (must be 0).
"""
from __future__ import annotations

import random
import statistics
import time


def bench_verify(model: str, runs: int) -> dict:
    from drivers.core import fingers
    from drivers.gt521f.device import Gt521Fingerprint
    from drivers.gt521f.simulator import Gt521Simulator
    from drivers.zfm.device import ZfmFingerprint
    from drivers.zfm.simulator import ZfmSimulator

    sim_cls, dev_cls = {"zfm": (ZfmSimulator, ZfmFingerprint),
                        "gt521f": (Gt521Simulator, Gt521Fingerprint)}[model]
    with sim_cls("bench-fp", pace=True) as sim:
        dev = dev_cls("bench-fp", sim.port, {}, timeout=3.0)
        dev.open()
        dev.enable()
        try:
            sim.place_finger(1)
            times = []
            for _ in range(runs):
                template = bytearray(fingers.template(1, model))
                t0 = time.perf_counter()
                assert dev.verify(template) > 0
                times.append((time.perf_counter() - t0) * 1000)
        finally:
            dev.close()
    return {f"fp_{model}_verify_ms": round(statistics.median(times), 1)}


def bench_fuzz(n_inputs: int, seed: int = 14) -> dict:
    from drivers.core import fingers
    from drivers.gt521f import frames as g
    from drivers.zfm import frames as z

    seeds = [bytes(p) for p in (z.gen_img(), z.ack(z.OK, bytes(16)), z.ack(z.OK, b"\x00\x64"),
                                *z.data_packets(fingers.template(1), 128))]
    seeds += [bytes(p) for p in (g.reply(True), g.reply(False, g.NACK_BAD_FINGER),
                                 g.data_packet(bytes(24)),
                                 g.data_packet(fingers.template(2, "gt521f")))]
    rng = random.Random(seed)
    zd, gd = z.PacketDecoder(None), g.PacketDecoder(None)
    findings = packets = 0
    t0 = time.perf_counter()
    for _ in range(n_inputs):
        if rng.random() < 0.5:
            data = bytearray(rng.choice(seeds))
            for _ in range(rng.randint(1, 3)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            data = bytes(data[:rng.randrange(len(data) + 1)] if rng.random() < 0.3 else data)
        else:
            data = rng.randbytes(rng.randint(0, 40))
        if rng.random() < 0.2:
            gd.expect_data(rng.choice((None, 24, 498)))
        try:
            for item in zd.feed(data):
                packets += 1
                if isinstance(item, z.Packet):
                    try:
                        z.parse_sys_para(item.payload)
                    except z.FrameError:
                        pass
            for item in gd.feed(data):
                packets += 1
                if isinstance(item, g.DataPacket):
                    try:
                        g.parse_device_info(item.data)
                    except g.FrameError:
                        pass
        except Exception:  # noqa: BLE001 - counted: must stay 0
            findings += 1
    seconds = time.perf_counter() - t0
    return {"fp_fuzz_inputs": n_inputs, "fp_fuzz_packets": packets,
            "fp_fuzz_findings": findings,
            "fp_fuzz_inputs_per_s": round(n_inputs / seconds)}


def run(quick: bool) -> dict:
    out: dict = {}
    for model in ("zfm", "gt521f"):
        out.update(bench_verify(model, 3 if quick else 20))
    out.update(bench_fuzz(100_000 if quick else 1_000_000))
    return out
