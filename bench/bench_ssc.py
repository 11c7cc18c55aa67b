"""Social-security card figures, on the mock stack with the real pcscd (vpcd reader "Virtual
PCD 00 00", under the tests' pcscd lock) and the reference central server in this process.

Card issue, confirm → "take your card", through the journey's own code (the screenless
runner drives kiosk/journeys/ssc exactly as taps do):

- ``ssc_issue_total_s``: measured, with the simulators' card writes and moves timed as below;
- ``ssc_issue_device_s``: what of that the (simulated) card writes and dispenser moves took;
- ``ssc_issue_overhead_s`` = total − device: the kiosk's own share — pcscd noticing the card,
  the APDU exchanges, the central system's answers, the outbox writes (goal ≤ 2 s);
- ``ssc_issue_projected_s``: the confirm → take time on real hardware = overhead + the
  assumed real write and move times (goal ≤ 120 s).

Assumed real figures (the full run uses them, ``--quick`` scales the simulators down and
projects): a third-generation card's personalisation by its issuing script — the social-
security application's records and keys and the banking application — takes about 90 s
(vendors of instant-issuing kiosks quote "one to two minutes" per card; the "about two
minutes" of the whole journey leaves ~90 s for the card after the citizen's own steps). Our
script writes the 9 SSSE records, so each of its writes is given 90 / 9 = 10 s. A CRT-591
move (hopper → IC position, IC → gate) takes about 1.5 s.

SSC read, insert → data: ``ssc_read_insert_to_data_ms`` from the virtual card connecting to
vpcd until the armed reader's ``SscCardRead`` (pcscd's presence poll and the reader's
``watch_interval`` dominate); ``ssc_read_insert_to_screen_ms`` until the 社保卡查询 journey
shows the card-management system's answer (its result step; the Qt repaint is not timed).
"""
from __future__ import annotations

import statistics
import tempfile
import threading
import time
from pathlib import Path

REAL_WRITE_TOTAL_S = 90.0
SCRIPT_WRITES = 9
REAL_MOVE_S = 1.5
READER = "Virtual PCD 00 00"
ZHANG = "110101198506150035"


def _pcscd():
    """The tests' pcscd and its machine lock (one pcscd and one vpcd on a machine)."""
    from tests import pcscd as P

    reason = P.missing()
    if reason:
        raise RuntimeError(reason)
    P._LOCK.acquire()
    try:
        P._DAEMON.ensure()
    except BaseException:
        P._LOCK.release()
        raise
    return P


def _done_with_pcscd(P) -> None:
    try:
        if P._DAEMON.proc is not None:  # started here: stop it again
            P._DAEMON.stop()
    finally:
        P._LOCK.release()


def _central(tmp: Path):
    from tests.synchelp import Central

    return Central(tmp).start()


def bench_issue(write_s: float, move_s: float) -> dict:
    from drivers.config import parse_devices
    from drivers.manager import DeviceManager
    from kiosk.journeys.ssc.runner import Runner, wait_devices
    from kiosk.sync.central import build_central

    tmp = Path(tempfile.mkdtemp(prefix="bench-ssc-"))
    server = _central(tmp)
    settings = server.settings(tmp)
    devices = (f"[smartcard]\ndriver = 'pcsc_ssc'\nmock = true\ntimeout = {max(5.0, write_s + 3)}\n"
               f"sim_write_delay = {write_s}\n"
               f"[card_dispenser]\ndriver = 'crt591'\nmock = true\nsim_reader = 'smartcard'\n"
               f"sim_move_delay = {move_s}\nmove_timeout = {move_s + 10}\n")
    central = build_central(settings)
    central.start()
    manager = DeviceManager(parse_devices(devices, "bench"), data_dir=settings.data_dir,
                            poll_interval=0.5).start()
    try:
        if not wait_devices(manager, ("smartcard", "card_dispenser"), 30):
            raise RuntimeError("the card reader or the dispenser did not come up")
        reader = manager.first("smartcard").simulator
        mech = manager.first("card_dispenser").simulator.mech
        runner = Runner(manager, central, timeout=write_s * 12 + 60)
        shown = {}

        def at_take(request):  # "take your card" is on screen when the wait begins
            if request.key == "card_dispenser.wait_taken":
                shown["take"] = time.perf_counter()

        runner.effects.before = _chain(runner.effects.before, at_take)
        result = runner.reissue(ZHANG)
        runner.close()
        if result.outcome != "taken":
            raise RuntimeError(f"the issue did not complete: {result}")
        run = runner.journey.run
        total = shown["take"] - run.marks["checking"]
        moves_before_take = 2  # hopper → IC, IC → gate
        device = reader.writes * write_s + moves_before_take * move_s
        overhead = total - device
        stages = {f"ssc_issue_stage_{k}_s": round(v - run.marks["checking"], 3)
                  for k, v in sorted(run.marks.items(), key=lambda kv: kv[1])}
        projected = overhead + REAL_WRITE_TOTAL_S + moves_before_take * REAL_MOVE_S
        return {
            "ssc_issue_write_per_record_s": write_s,
            "ssc_issue_move_s": move_s,
            "ssc_issue_writes": reader.writes,
            "ssc_issue_moves": mech.moves,
            "ssc_issue_total_s": round(total, 3),
            "ssc_issue_device_s": round(device, 3),
            "ssc_issue_overhead_s": round(overhead, 3),
            "ssc_issue_overhead_goal_s": 2.0,
            "ssc_issue_assumed_real_writes_s": REAL_WRITE_TOTAL_S,
            "ssc_issue_assumed_real_move_s": REAL_MOVE_S,
            "ssc_issue_projected_s": round(projected, 2),
            "ssc_issue_projected_goal_s": 120.0,
            **stages,
        }
    finally:
        manager.stop()
        central.close()
        server.close()


def _chain(first, second):
    def both(request):
        if first is not None:
            first(request)
        second(request)

    return both


def bench_read(reads: int) -> dict:
    from drivers.config import parse_devices
    from drivers.kinds.smart_card import SscCardRead
    from drivers.manager import DeviceManager
    from kiosk.flows.availability import Health, device_health
    from kiosk.flows.flow import KioskFlow
    from kiosk.journeys import spec_of
    from kiosk.journeys.ssc.runner import ALWAYS_OPEN, DirectEffects
    from drivers.ssc.virtual import SWAP_GAP_S
    from kiosk.sync.central import build_central
    from tests.pcscd import card_present
    from tests.waiting import wait_for

    tmp = Path(tempfile.mkdtemp(prefix="bench-ssc-read-"))
    server = _central(tmp)
    settings = server.settings(tmp)
    central = build_central(settings)
    manager = DeviceManager(parse_devices("[smartcard]\ndriver = 'pcsc_ssc'\nmock = true\n",
                                          "bench"), data_dir=settings.data_dir).start()
    to_data, to_screen = [], []
    try:
        handle = manager.first("smartcard")
        if not handle.worker.wait_connected(20):
            raise RuntimeError("the card reader did not come up")
        sim = handle.simulator
        health = Health(tuple(device_health(h.name, h.kind, h.status, h.is_mock)
                              for h in manager.handles.values()), True, None)
        for i in range(reads):
            flow = KioskFlow(DirectEffects(manager, central), hours=ALWAYS_OPEN,
                             journeys=[spec_of("kiosk.journeys.ssc_query")], health=health)
            got = threading.Event()
            box = {}

            def on_event(e, box=box, got=got):
                if isinstance(e, SscCardRead):
                    box["event"] = e
                    got.set()

            unsubscribe = manager.events.subscribe(on_event)
            flow.open("ssc_query")
            wait_for(lambda: handle.device.armed, timeout=5)
            # the simulator keeps a pulled card out for SWAP_GAP_S before the next goes in
            # (pcscd must see it leave): start the clock once that is over, not before
            wait_for(lambda: time.monotonic() - sim._removed_at >= SWAP_GAP_S, timeout=5)
            t0 = time.perf_counter()
            sim.perform("place_card", card=("lisi", "zhangsan", "wangwu")[i % 3])
            if not got.wait(10):
                raise RuntimeError("no card read within 10 s")
            event = box["event"]
            to_data.append((event.at - t0) * 1000)
            flow.device_event("smartcard", event)  # what the bridge does on the Qt thread
            if str(flow.state.screen) != "ssc_query.result":
                raise RuntimeError(f"the query ended on {flow.state.screen}")
            to_screen.append((time.perf_counter() - t0) * 1000)
            unsubscribe()
            flow.journey.finish()
            sim.perform("remove_card")
            wait_for(lambda: not card_present(READER), timeout=10)
    finally:
        manager.stop()
        central.close()
        server.close()
    return {
        "ssc_read_insert_to_data_ms": round(statistics.median(to_data), 1),
        "ssc_read_insert_to_data_max_ms": round(max(to_data), 1),
        "ssc_read_insert_to_screen_ms": round(statistics.median(to_screen), 1),
        "ssc_read_insert_to_screen_max_ms": round(max(to_screen), 1),
        "ssc_read_samples": reads,
    }


def run(quick: bool) -> dict:
    P = _pcscd()
    try:
        figures: dict = {}
        if quick:  # the simulators scaled down; the real figure is projected
            figures.update(bench_issue(write_s=0.2, move_s=0.3))
        else:
            figures.update(bench_issue(write_s=REAL_WRITE_TOTAL_S / SCRIPT_WRITES,
                                       move_s=REAL_MOVE_S))
        figures.update(bench_read(5 if quick else 20))
        return figures
    finally:
        _done_with_pcscd(P)


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run("--quick" in sys.argv), indent=2, ensure_ascii=False))
