"""ID card reader figures: a full read against the simulator paced like a 115200 baud line,
the card-event latency after the last byte, and a long fuzz run of decoder + parser.

- ``idcard_read_total_ms``: find → select → read (30 01), median of several reads.
- ``idcard_read_wire_ms``: nominal wire time at 115200 baud (10 bits a byte) of the three
  commands and three replies (1,359 bytes); the 1,295-byte read reply alone is 112.4 ms.
  The simulator releases each byte only when it would have arrived on a real line and
  holds each reply until the command's own wire time has passed.
- ``idcard_read_overhead_ms`` = total − wire (goal ≤ 10 ms); it includes the simulator's
  own processing, so it is an upper bound for the driver's.
- ``idcard_card_event_latency_ms``: armed reader on its worker; time from the simulator's
  last reply byte written to the CardRead event published (goal ≤ 20 ms).
- ``idcard_fuzz_*``: random and mutated frames through the incremental decoder in random
  pieces, every complete frame through the read-reply parser, random text blocks through
  the text parser; any exception other than the driver's own typed errors is a finding.
"""
from __future__ import annotations

import random
import statistics
import threading
import time

BAUD = 115200


def _wire_ms(n_bytes: int) -> float:
    return n_bytes * 10 / BAUD * 1000


def _timed_simulator(**kw):
    from drivers.idcard.simulator import IdCardSimulator

    class TimedSimulator(IdCardSimulator):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            self.sending = []  # (start, end, bytes) per reply
            self.last_write_at = 0.0  # perf_counter() just before the last os.write

        def send(self, data: bytes) -> None:
            t0 = time.perf_counter()
            super().send(data)
            self.sending.append((t0, time.perf_counter(), len(data)))

        def _write(self, data: bytes) -> None:
            self.last_write_at = time.perf_counter()
            super()._write(data)

    return TimedSimulator("bench-idcard", **kw)


def bench_read(reads: int) -> dict:
    from drivers.idcard.device import IdCardDevice

    sim = _timed_simulator(card="resident", pace=True, baudrate=BAUD).start()
    dev = IdCardDevice("idcard", sim.port, {"baudrate": BAUD}, timeout=2.0)
    totals, wire = [], 0.0
    try:
        dev.open()
        dev.read_card()  # warm-up (imports, first tcsetattr)
        for _ in range(reads):
            sim.replace_card()
            sim.sending.clear()
            t0 = time.perf_counter()
            card = dev.read_card()
            total = (time.perf_counter() - t0) * 1000
            card.wipe()
            sent_bytes = sum(n for _, _, n in sim.sending)
            wire = _wire_ms(sent_bytes + 3 * 10)  # + the three 10-byte commands
            totals.append(total)
    finally:
        dev.close()
        sim.stop()
    med = statistics.median(totals)
    return {
        "idcard_read_total_ms": round(med, 2),
        "idcard_read_total_max_ms": round(max(totals), 2),
        "idcard_read_wire_ms": round(wire, 2),
        "idcard_read_reply_wire_ms": round(_wire_ms(1295), 2),
        "idcard_read_overhead_ms": round(med - wire, 2),
        "idcard_reads": reads,
    }


def bench_event_latency(placements: int) -> dict:
    from drivers.core.counters import Counters
    from drivers.core.events import EventBus
    from drivers.core.worker import DeviceWorker
    from drivers.idcard.device import IdCardDevice
    from drivers.idcard.events import CardRead, CardRemoved

    sim = _timed_simulator(card=None, pace=True, baudrate=BAUD).start()
    bus = EventBus()
    got = threading.Event()
    removed = threading.Event()
    latencies = []

    def on_event(event) -> None:
        if isinstance(event, CardRead):
            latencies.append((event.at - sim.last_write_at) * 1000)
            event.card.wipe()
            got.set()
        elif isinstance(event, CardRemoved):
            removed.set()

    bus.subscribe(on_event)
    dev = IdCardDevice("idcard", sim.port, {"baudrate": BAUD, "watch_interval": 0.05},
                       timeout=2.0, events=bus, counters=Counters(None))
    worker = DeviceWorker(dev, poll_interval=0.5)
    worker.start()
    try:
        if not worker.wait_connected(5):
            raise RuntimeError("simulated reader did not come online")
        worker.call("arm", lambda d: d.arm(), 5)
        for _ in range(placements):
            got.clear()
            removed.clear()
            sim.place_card("hmt")
            if not got.wait(5):
                raise RuntimeError("no CardRead event within 5 s")
            sim.remove_card()
            if not removed.wait(5):
                raise RuntimeError("no CardRemoved event within 5 s")
    finally:
        worker.stop()
        sim.stop()
    return {
        "idcard_card_event_latency_ms": round(statistics.median(latencies), 2),
        "idcard_card_event_latency_max_ms": round(max(latencies), 2),
        "idcard_card_events": len(latencies),
    }


# ---------------------------------------------------------------------- fuzz
def _fuzz_inputs(rng: random.Random, valid: list[bytes]):
    """Yields (kind, payload): "stream" byte strings for decoder+parser, "text" blocks."""
    from drivers.idcard.frames import PREAMBLE

    while True:
        r = rng.random()
        if r < 0.25:
            yield "stream", rng.randbytes(rng.randrange(0, 3000))
        elif r < 0.70:
            data = bytearray(rng.choice(valid))
            for _ in range(rng.randrange(0, 6)):
                op = rng.random()
                pos = rng.randrange(0, len(data) + 1)
                if op < 0.4 and data:
                    data[min(pos, len(data) - 1)] ^= 1 << rng.randrange(8)
                elif op < 0.6 and data:
                    data[min(pos, len(data) - 1)] = rng.randrange(256)
                elif op < 0.75:
                    del data[pos:]
                elif op < 0.9:
                    data[pos:pos] = PREAMBLE + rng.randbytes(rng.randrange(0, 4))
                else:
                    data[pos:pos] = rng.randbytes(rng.randrange(1, 40))
            if rng.random() < 0.3:  # two frames back to back
                data += rng.choice(valid)
            yield "stream", bytes(data)
        elif r < 0.85:
            yield "text", rng.randbytes(256)
        else:
            # text-like: random UTF-16 code units, mostly printable, with a random type flag
            units = [rng.choice((0x20, rng.randrange(0x30, 0x7A), rng.randrange(0x4E00, 0x9FA5),
                                 rng.randrange(0, 0x10000))) for _ in range(128)]
            units[124] = ord(rng.choice("JIY Z"))
            yield "text", b"".join(u.to_bytes(2, "little") for u in units)


def bench_fuzz(n_inputs: int, seed: int = 4) -> dict:
    from drivers.idcard.card import encode_read_data, parse_read_data, parse_text
    from drivers.idcard.frames import HEADER_LEN, MAX_LEN, Frame, FrameDecoder, encode_reply
    from drivers.idcard.simulator import fictitious_cards
    from drivers.idcard.sw3 import IdCardError

    cards = fictitious_cards()
    valid = [encode_reply(0x90, encode_read_data(c, with_fingerprint=fp))
             for c in cards.values() for fp in (False, True)]
    valid += [encode_reply(0x80), encode_reply(0x9F, bytes(4)), encode_reply(0x90, bytes(8))]
    rng = random.Random(seed)
    gen = _fuzz_inputs(rng, valid)
    findings: list[str] = []
    busy = 0.0
    slowest = 0.0
    parsed_cards = typed_errors = frames_seen = 0
    wall0 = time.perf_counter()
    for _ in range(n_inputs):
        kind, payload = next(gen)
        cuts = sorted(rng.randrange(0, len(payload) + 1) for _ in range(rng.randrange(0, 5)))
        t0 = time.perf_counter()
        try:
            if kind == "text":
                try:
                    parse_text(payload).to_json()
                    parsed_cards += 1
                except IdCardError:
                    typed_errors += 1
            else:
                dec = FrameDecoder()
                last = 0
                for cut in [*cuts, len(payload)]:
                    for item in dec.feed(payload[last:cut]):
                        if isinstance(item, Frame):
                            frames_seen += 1
                            try:
                                parse_read_data(item.data, with_fingerprint=len(item.data) > 1284)
                                parsed_cards += 1
                            except IdCardError:
                                typed_errors += 1
                    last = cut
                if dec.buffered > HEADER_LEN + MAX_LEN:
                    findings.append(f"decoder holds {dec.buffered} bytes")
        except Exception as exc:  # noqa: BLE001 - that is what we are looking for
            findings.append(f"{type(exc).__name__}: {exc}"[:200])
        spent = time.perf_counter() - t0
        busy += spent
        slowest = max(slowest, spent)
    wall = time.perf_counter() - wall0
    return {
        "idcard_fuzz_inputs": n_inputs,
        "idcard_fuzz_inputs_per_s": round(n_inputs / busy),
        "idcard_fuzz_inputs_per_s_incl_generation": round(n_inputs / wall),
        "idcard_fuzz_slowest_input_ms": round(slowest * 1000, 3),
        "idcard_fuzz_frames_decoded": frames_seen,
        "idcard_fuzz_cards_parsed": parsed_cards,
        "idcard_fuzz_typed_errors": typed_errors,
        "idcard_fuzz_findings": len(findings),
        **({"idcard_fuzz_first_finding": findings[0]} if findings else {}),
    }


def run(quick: bool) -> dict:
    figures: dict = {}
    figures.update(bench_read(5 if quick else 30))
    figures.update(bench_event_latency(5 if quick else 30))
    figures.update(bench_fuzz(5_000 if quick else 100_000))
    return figures


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run("--quick" in sys.argv), indent=2, ensure_ascii=False))
