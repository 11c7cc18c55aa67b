"""A day and a night at an unattended kiosk, accelerated: the soak run (issue 18).

The real app (``build_kiosk`` in mock mode: simulators on ptys, the outbox, the Qt bridge,
the reference server as a child process) is driven by taps on its real widgets through
thousands of citizen journeys, while a simulated clock runs from the morning through
office hours, lunch, closing and the night into the next morning, and a schedule puts
device faults (unplug/replug, paper out, cover open, a silent reader, a stuck locker) and
central outages and restarts in between. Afterwards it checks what a hall would check:

- nothing lost or duplicated on the server: every ticket the kiosk printed is on the
  server exactly once, every drop-off case arrived once, and each further journey's own
  check (a payment paid once, a social-security card issued once and delivered);
- no journey stuck: every journey ended back on the home screen by its own buttons;
- RSS, threads, file descriptors and the kiosk's database size flat after warm-up (the
  slope per 1,000 journeys is reported);
- the longest UI event-loop stall (a 5 ms probe timer on the Qt thread), and each stall over
  33 ms with the screen then on show, the Qt thread's CPU time in it (what a busy machine
  does not inflate), Python's full garbage collections in it, and with ``stall_stacks`` where
  the Qt thread's Python stack was (:class:`StallProbe`);
- every device back online after each fault.

    report = Soak(tmp_dir, journeys=2000).run()    # the hall's first four journeys
    report = Soak(tmp_dir, **every_kind()).run()   # every journey, device and its faults
                                                   # (bench/bench_soak.py; tests/test_soak.py)
    report.figures()  /  report.problems()

Test tooling (``kiosk.demo``): never imported by the application.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import random
import sqlite3
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

DEVICES = """
[idcard]
driver = "sam_idcard"
mock = true
sim_card = "none"

[printer]
driver = "escpos"
mock = true

[locker]
driver = "kerong_cu"
mock = true
poll_interval = 0.1
left_open_s = 120
open_confirm_s = 0.3
"""
START = datetime(2025, 3, 18, 8, 30)  # a Tuesday, before the hall opens
SPAN = timedelta(hours=25)  # … to the next morning's opening
#: citizens per hour, relative: the hall's office hours are busy, lunch and the evening
#: quieter, the night (the 24-hour zone only) a trickle
DAY_WEIGHTS = {range(7): 1, range(7, 9): 3, range(9, 12): 12, range(12, 13): 4,
               range(13, 17): 12, range(17, 20): 4, range(20, 24): 2}
WAIT_S = 30.0  # one step of a journey; longer is "stuck"
MOBILE = "13800138000"  # fictitious


class SimClock:
    """The kiosk's wall clock, moved on by the soak (office hours, night, next morning)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def day_times(n: int, start: datetime = START, span: timedelta = SPAN) -> list[datetime]:
    """``n`` moments from ``start`` over ``span``, as many per hour as :data:`DAY_WEIGHTS`
    says (a citizen per moment)."""
    def weight(t: datetime) -> int:
        return next(w for hours, w in DAY_WEIGHTS.items() if t.hour in hours)

    minutes = [start + timedelta(minutes=m) for m in range(int(span.total_seconds() // 60))]
    total = sum(weight(t) for t in minutes)
    out, acc, k = [], 0.0, 1
    for t in minutes:
        acc += weight(t)
        while k <= n and acc >= k * total / n:
            out.append(t)
            k += 1
    return out + [start + span] * (n - len(out))


#: a stall longer than two frames at 60 Hz is listed on its own, with the screen on show
STALL_LISTED_MS = 33.0


@dataclass
class Stall:
    ms: float
    screen: str  # on show when the loop came back (the one the stall laid out and painted)
    context: str  # what the soak was doing
    stacks: list[tuple[int, str]] = field(default_factory=list)  # (samples, Qt thread stack)
    gc_ms: float = 0.0  # of it in Python's full (generation 2) garbage collections
    cpu_ms: float = 0.0  # the Qt thread's CPU time in it (the rest: waiting for a core, GIL)

    def __str__(self) -> str:
        gc_part = f", {self.gc_ms:.0f} ms of it a full GC" if self.gc_ms else ""
        return (f"{self.ms:.1f} ms (Qt thread CPU {self.cpu_ms:.1f} ms) on {self.screen} "
                f"({self.context}{gc_part})")


class StallProbe:
    """A precise timer on the Qt thread; each tick's lateness = how long the loop was
    blocked. Each stall over :data:`STALL_LISTED_MS` is kept with the screen then on show;
    with ``stacks=True`` a watcher thread samples the Qt thread's Python stack while a tick
    is overdue (:class:`StackSampler`), so a stall says where it was spent."""

    def __init__(self, interval_ms: int = 5, *, screen=lambda: "",
                 stacks: bool = False) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.interval = interval_ms / 1000
        self.worst = 0.0
        self.worst_at = ""
        # the most CPU time the Qt thread spent between two ticks: the kiosk's own work in a
        # stall, which the other processes on a shared machine do not inflate as they do the
        # wall-clock lateness
        self.worst_cpu = 0.0
        self.worst_cpu_at = ""
        self._last_cpu = 0.0
        self.context = ""  # what the soak was doing (the worst stall names it)
        self.screen = screen
        self.stalls: list[Stall] = []
        self.ticks = 0
        self._last: float | None = None
        self.sampler = StackSampler(self) if stacks else None
        # Python's full collections, on whichever thread: each holds the GIL, so the Qt
        # thread waits too
        self.full_gcs: list[float] = []  # ms each
        self._gc_since_tick = 0.0
        self._gc_start = 0.0
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now, cpu_now = time.perf_counter(), time.thread_time()
        if self._last is not None:
            late = now - self._last - self.interval
            cpu = cpu_now - self._last_cpu
            if late > self.worst:
                self.worst, self.worst_at = late, self.context
            if cpu > self.worst_cpu:
                self.worst_cpu, self.worst_cpu_at = cpu, f"{self.context} on {self.screen()}"
            if late * 1000 > STALL_LISTED_MS:
                stacks = self.sampler.take(self._last) if self.sampler else []
                self.stalls.append(Stall(late * 1000, self.screen(), self.context, stacks,
                                         self._gc_since_tick, cpu * 1000))
            self.ticks += 1
        self._last, self._last_cpu = now, cpu_now
        self._gc_since_tick = 0.0

    def _gc(self, phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            ms = (time.perf_counter() - self._gc_start) * 1000
            self.full_gcs.append(ms)
            self._gc_since_tick += ms

    def start(self) -> None:
        import gc

        self._last = None
        self.timer.start()
        if self._gc not in gc.callbacks:
            gc.callbacks.append(self._gc)
        if self.sampler is not None:
            self.sampler.start()

    def stop(self) -> None:
        import gc

        self.timer.stop()
        if self._gc in gc.callbacks:
            gc.callbacks.remove(self._gc)
        if self.sampler is not None:
            self.sampler.stop()


class StackSampler:
    """Samples the Qt thread's Python stack from a watcher thread every ``every_s`` while the
    probe's next tick is more than ``after_s`` overdue (``sys._current_frames``). Time spent
    in Qt's C++ (layout, paint) shows as the Python frame that entered it, or a Python
    override Qt called back (a ``paintEvent``); ``py-spy dump --native`` sees inside."""

    def __init__(self, probe: StallProbe, *, after_s: float = 0.015, every_s: float = 0.002,
                 depth: int = 8) -> None:
        import threading

        self.probe = probe
        self.after_s, self.every_s, self.depth = after_s, every_s, depth
        self.qt_thread = threading.get_ident()  # made on the Qt thread
        self._samples: dict[float, list[str]] = {}  # tick it is overdue after → stacks
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        import threading

        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, name="soak-stall-sampler",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _watch(self) -> None:
        import sys
        import traceback

        while not self._stop.wait(self.every_s):
            last = self.probe._last
            if last is None or time.perf_counter() - last - self.probe.interval < self.after_s:
                continue
            frame = sys._current_frames().get(self.qt_thread)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)[-self.depth:]
            text = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                              for f in reversed(stack))
            self._samples.setdefault(last, []).append(text)

    def take(self, last: float) -> list[tuple[int, str]]:
        """The stacks sampled while the loop was late after the tick at ``last``, most
        frequent first; older ones are dropped."""
        got = self._samples.pop(last, [])
        self._samples = {k: v for k, v in self._samples.items() if k > last}
        return [(n, stack) for stack, n in Counter(got).most_common(5)]


@dataclass
class Sample:
    journeys: int
    rss_kb: int
    threads: int
    fds: int
    db_bytes: int


@dataclass
class Report:
    journeys: int = 0
    outcomes: Counter = field(default_factory=Counter)  # (journey, outcome) → n
    stuck: list[str] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)
    not_recovered: list[str] = field(default_factory=list)
    outages: int = 0
    hours: float = 0.0
    samples: list[Sample] = field(default_factory=list)
    max_stall_ms: float = 0.0
    max_stall_at: str = ""
    max_stall_cpu_ms: float = 0.0  # the Qt thread's CPU time in its busiest gap
    max_stall_cpu_at: str = ""
    stalls: list[Stall] = field(default_factory=list)  # each over STALL_LISTED_MS
    full_gcs: list[float] = field(default_factory=list)  # ms of each full Python GC
    tickets_printed: int = 0
    tickets_missing: list[str] = field(default_factory=list)
    tickets_duplicated: list[str] = field(default_factory=list)
    cases_sent: int = 0
    cases_missing: list[str] = field(default_factory=list)
    outbox_left: int = 0
    outbox_left_entries: list[str] = field(default_factory=list)  # path, attempts, last error
    other_problems: list[str] = field(default_factory=list)  # the journeys' own checks
    seconds: float = 0.0

    def slope(self, attr: str) -> float:
        """Growth per 1,000 journeys after warm-up (the first fifth), least squares."""
        pts = self.samples[len(self.samples) // 5:]
        if len(pts) < 3:
            return 0.0
        xs = [p.journeys / 1000 for p in pts]
        ys = [getattr(p, attr) for p in pts]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        den = sum((x - mx) ** 2 for x in xs)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else 0.0

    def figures(self) -> dict:
        last = self.samples[-1] if self.samples else None
        return {
            "soak_journeys": self.journeys,
            "soak_outcomes": {f"{j}:{o}": n for (j, o), n in sorted(self.outcomes.items())},
            "soak_hours_simulated": round(self.hours, 1),
            "soak_faults": len(self.faults),
            "soak_central_outages": self.outages,
            "soak_stuck": len(self.stuck),
            "soak_not_recovered": len(self.not_recovered),
            "soak_tickets_printed": self.tickets_printed,
            "soak_tickets_missing_on_server": len(self.tickets_missing),
            "soak_tickets_duplicated": len(self.tickets_duplicated),
            "soak_cases_sent": self.cases_sent,
            "soak_cases_missing": len(self.cases_missing),
            "soak_outbox_left": self.outbox_left,
            "soak_other_problems": len(self.other_problems),  # the journeys' own checks
            "soak_faults_by_kind": dict(Counter(self.faults).most_common()),
            "soak_max_stall_ms": round(self.max_stall_ms, 1),
            "soak_max_stall_at": self.max_stall_at,
            "soak_max_stall_cpu_ms": round(self.max_stall_cpu_ms, 1),
            "soak_max_stall_cpu_at": self.max_stall_cpu_at,
            f"soak_stalls_over_{STALL_LISTED_MS:.0f}ms": len(self.stalls),
            # the longest ten, each with the screen then on show
            "soak_longest_stalls": [str(s) for s in sorted(self.stalls, key=lambda s: -s.ms)[:10]],
            "soak_stall_screens": dict(Counter(s.screen for s in self.stalls).most_common()),
            # Python's full garbage collections during the day: each blocks the Qt thread
            "soak_full_gcs": len(self.full_gcs),
            "soak_full_gc_max_ms": round(max(self.full_gcs, default=0.0), 1),
            "soak_rss_mb_end": round(last.rss_kb / 1024, 1) if last else None,
            "soak_rss_kb_per_1000_journeys": round(self.slope("rss_kb"), 1),
            "soak_threads_end": last.threads if last else None,
            "soak_threads_per_1000_journeys": round(self.slope("threads"), 2),
            "soak_fds_end": last.fds if last else None,
            "soak_fds_per_1000_journeys": round(self.slope("fds"), 2),
            "soak_db_kb_per_1000_journeys": round(self.slope("db_bytes") / 1024, 1),
            "soak_seconds": round(self.seconds, 1),
        }

    def problems(self) -> list[str]:
        """What a hall would call a failure (the stall and the slopes are figures)."""
        out = [f"stuck: {s}" for s in self.stuck]
        out += [f"device not back after {f}" for f in self.not_recovered]
        out += [f"ticket {n} printed but not on the server" for n in self.tickets_missing]
        out += [f"ticket {n} on the server more than once" for n in self.tickets_duplicated]
        out += [f"case {c} not on the server" for c in self.cases_missing]
        if self.outbox_left:
            out.append(f"{self.outbox_left} outbox entries never delivered: "
                       + "; ".join(self.outbox_left_entries))
        return out + self.other_problems


def _proc_sample(journeys: int, data_dir: Path) -> Sample:
    rss = 0
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    # the kiosk's own files (the outbox, the admin database, logs), not the test server's
    db = sum(p.stat().st_size for p in data_dir.rglob("*")
             if p.is_file() and "central" not in p.relative_to(data_dir).parts)
    return Sample(journeys, rss, len(os.listdir("/proc/self/task")),
                  len(os.listdir("/proc/self/fd")), db)


class Robot:
    """Taps the real widgets of a running kiosk, as a citizen's finger would."""

    def __init__(self, kiosk) -> None:
        from PySide6.QtWidgets import QApplication

        self.kiosk = kiosk
        self.app = QApplication.instance()
        self.flow = kiosk.flow
        self.window = kiosk.window

    def spin(self, cond, timeout: float = WAIT_S) -> bool:
        """Run the Qt event loop (as the kiosk does) until ``cond()`` or the timeout."""
        from PySide6.QtCore import QEventLoop, QTimer

        if cond():
            return True
        end = time.monotonic() + timeout
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(5)
        poll.timeout.connect(lambda: (cond() or time.monotonic() > end) and loop.quit())
        poll.start()
        loop.exec()
        poll.stop()
        return bool(cond())

    def button(self, name: str):
        from PySide6.QtWidgets import QAbstractButton

        found = [b for b in self.window.findChildren(QAbstractButton, name)
                 if b.isVisibleTo(self.window) and b.isEnabled()]
        return found[0] if found else None

    def buttons(self, prefix: str) -> list:
        from PySide6.QtWidgets import QAbstractButton

        return [b for b in self.window.findChildren(QAbstractButton)
                if b.objectName().startswith(prefix) and b.isVisibleTo(self.window)
                and b.isEnabled()]

    def tap(self, name: str, timeout: float = WAIT_S) -> bool:
        """Tap ``name`` once it is on screen and enabled; False if it never is."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        if not self.spin(lambda: self.button(name) is not None, timeout):
            return False
        QTest.mouseClick(self.button(name), Qt.MouseButton.LeftButton)
        self.app.processEvents()
        return True

    def screen(self) -> str:
        return str(self.flow.state.screen)

    def at(self, *screens: str, timeout: float = WAIT_S) -> bool:
        return self.spin(lambda: self.screen() in screens, timeout)

    def keys(self, text: str) -> bool:
        return all(self.tap(f"key_{c}", 2.0) for c in text)

    def home(self) -> bool:
        """Back to the home screen by the buttons a citizen has (done, home, the error's way
        on); False when none of them gets there."""
        for _ in range(4):
            if self.screen() == "home":
                return True
            for name in ("btn_done", "btn_topbar_home", "btn_home", "btn_back"):
                b = self.button(name)
                if b is not None:
                    self.tap(name)
                    break
            else:
                self.spin(lambda: self.screen() == "home", 2.0)
            self.spin(lambda: self.screen() == "home", 1.0)
        return self.screen() == "home"


# ----------------------------------------------------------------------------- journeys
def ticket(r: Robot, rnd: random.Random, soak: Soak) -> str:
    if not r.flow.function("ticket").available:
        return "unavailable"
    r.tap("tile_ticket")
    if not r.at("ticket.category"):
        return "no_category_screen"
    cats = r.buttons("cat_")
    if not cats:
        return "no_categories"
    r.tap(rnd.choice(cats).objectName())
    if not r.at("ticket.confirm"):
        return "no_confirm_screen"
    if rnd.random() < 0.4 and r.button("btn_simulate_card") is not None:
        r.tap("btn_simulate_card")  # mock: lays a test card on the reader
        r.spin(lambda: r.flow.journey is None or r.flow.journey.card.state in (
            "read", "unavailable"), 15)
    if rnd.random() < 0.3 and r.tap("btn_add_mobile"):
        r.keys(MOBILE)
        r.tap("btn_next")
        r.at("ticket.confirm")
    if not r.tap("btn_confirm"):
        return "no_confirm_button"
    r.at("ticket.done", "ticket.print_failed", "error", timeout=WAIT_S)
    screen = r.screen()
    if screen == "ticket.done":
        soak.printed.append(r.flow.journey.ticket.number)
        return "printed"
    if screen == "ticket.print_failed":
        ticket = getattr(r.flow.journey, "ticket", None)
        if ticket is not None:
            soak.unprinted.append(ticket.number)
        return "print_failed"
    return screen


def reissue(r: Robot, rnd: random.Random, soak: Soak) -> str:
    numbers = [n for n in soak.printed if "-" not in n]  # offline numbers are not re-issued
    if not r.flow.function("reissue").available or not numbers:
        return "unavailable"
    r.tap("tile_reissue")
    if not r.at("reissue.entry"):
        return "no_entry_screen"
    r.keys(rnd.choice(numbers))  # not yet called: the server says so, in words
    r.tap("btn_confirm")
    r.spin(lambda: r.screen() not in ("reissue.entry", "reissue.working"), WAIT_S)
    return r.screen()


def guide(r: Robot, rnd: random.Random, soak: Soak) -> str:
    if not r.flow.function("guide").available:
        return "unavailable"
    r.tap("tile_guide")
    r.spin(lambda: r.screen() != "home", 5)
    floors = r.buttons("btn_floor_")
    if floors:
        r.tap(rnd.choice(floors).objectName())
    return "shown"


def locker_dropoff(r: Robot, rnd: random.Random, soak: Soak) -> str:
    if not r.flow.function("locker_dropoff").available:
        return "unavailable"
    r.tap("tile_locker_dropoff")
    if not r.at("locker_dropoff.idcard"):
        return "no_card_screen"
    r.tap("btn_simulate_card")
    if not r.spin(lambda: r.flow.journey is not None
                  and r.flow.journey.card.state == "read", 15):
        return "card_not_read"
    r.tap("btn_next")
    if not r.spin(lambda: bool(r.buttons("item_")), WAIT_S):
        return r.screen()
    r.tap(rnd.choice(r.buttons("item_")).objectName())
    r.keys(MOBILE)
    r.tap("btn_next")
    if not r.spin(lambda: bool(r.buttons("size_")) or r.screen() == "error", WAIT_S):
        return "no_compartment"
    if r.screen() == "error":
        return "error"
    r.tap(r.buttons("size_")[0].objectName())
    if not r.spin(lambda: r.button("btn_simulate_drop") is not None
                  or r.screen() == "error", WAIT_S):
        return "door_not_open"
    if r.screen() == "error":
        return "error"
    r.tap("btn_simulate_drop")  # mock: materials in, door closed
    if not r.at("locker_dropoff.done", "error"):
        return "not_done"
    if r.screen() == "locker_dropoff.done":
        soak.cases.append(r.flow.journey.receipt["case_id"])
        return "dropped_off"
    return "error"


JOURNEYS = {"ticket": (ticket, 10), "reissue": (reissue, 1), "guide": (guide, 2),
            "locker_dropoff": (locker_dropoff, 1)}

#: (device kind, fault, clear with) — cleared a few journeys later, then the device must
#: be back online
FAULTS = [("printer", "paper_out", "load_paper"), ("printer", "cover_open", None),
          ("printer", "unplug", None), ("printer", "silent", None),
          ("idcard", "unplug", None), ("idcard", "silent", None),
          ("locker", "unplug", None), ("locker", "silent", None)]


def every_kind(*, daemons: bool = True) -> dict:
    """:class:`Soak`'s keyword arguments for the journeys of every kind: these, the further
    ones (kiosk.demo.soak_services: guides, payments, case progress, pickup, ID photo) and
    the card and identity ones (kiosk.demo.soak_cards: 社保卡, 公安, fines, scan), with all
    their devices, faults and checks. ``daemons=False`` leaves pcscd to the caller (a test
    holding it through its own fixture)."""
    from kiosk.demo import soak_cards, soak_services

    return {
        "journeys_mix": {**JOURNEYS, **soak_services.JOURNEYS, **soak_cards.JOURNEYS},
        "devices": soak_services.DEVICES + soak_cards.DEVICES,
        "faults": FAULTS + soak_services.FAULTS + soak_cards.FAULTS,
        "services": soak_cards.SERVICES if daemons else (),
        "checks": soak_services.CHECKS + soak_cards.CHECKS,
    }


class Soak:
    def __init__(self, tmp: Path, *, journeys: int = 2000, seed: int = 18,
                 fault_every: int = 25, outage_every: int = 150, sample_every: int = 50,
                 journeys_mix: dict | None = None, stall_stacks: bool = False,
                 devices: str = "", faults: list | None = None,
                 services: tuple = (), checks: tuple = ()) -> None:
        """``devices``: TOML of further (mock) devices beside DEVICES; ``faults``: the fault
        list (default FAULTS); ``services``: context-manager factories ``f(soak)`` the day
        needs running (pcscd, cupsd), entered before the kiosk starts; ``checks``:
        ``f(soak, kiosk) -> [problem, …]`` run against the server after the day (each
        journey's own "on the server exactly once")."""
        self.tmp = Path(tmp)
        self.devices = DEVICES + devices
        self.faults = list(faults or FAULTS)
        self.services = services
        self.checks = checks
        self.n = journeys
        self.rnd = random.Random(seed)
        self.fault_every = fault_every
        self.outage_every = outage_every
        self.sample_every = max(1, sample_every)
        self.mix = journeys_mix or JOURNEYS
        self.stall_stacks = stall_stacks  # sample the Qt thread's stack in each stall
        self.printed: list[str] = []
        self.unprinted: list[str] = []
        self.cases: list[str] = []
        self.report = Report()

    # ------------------------------------------------------------------ set-up
    def _environment(self) -> None:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        for k in [k for k in os.environ if k.startswith("KIOSK__")]:
            del os.environ[k]
        os.environ.update({
            "KIOSK__KIOSK__DATA_DIR": str(self.tmp / "data"),
            "KIOSK__CENTRAL__URL": f"http://127.0.0.1:{port}",
            # the relay and heartbeat at a busy pace, so the day's traffic really flows
            "KIOSK__CENTRAL__HEARTBEAT_INTERVAL_S": "5",
            "XDG_RUNTIME_DIR": str(self.tmp / "run"),
        })
        (self.tmp / "run").mkdir(exist_ok=True)

    def run(self) -> Report:
        t0 = time.monotonic()
        saved = dict(os.environ)
        try:
            self._environment()
            devices = self.tmp / "devices.toml"
            devices.write_text(self.devices)
            with contextlib.ExitStack() as stack:
                for service in self.services:  # (the further devices' daemons: pcscd, cupsd)
                    stack.enter_context(service(self))
                self._run(devices)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        self.report.seconds = time.monotonic() - t0
        return self.report

    def _run(self, devices: Path) -> None:
        from kiosk.config import load_settings
        from kiosk.sync.demo_server import start_demo_server
        from kiosk.ui.app import build_kiosk, freeze_gc_after_prewarm

        settings = load_settings(None)
        self.server = None
        self.server = start_demo_server(settings)
        self.settings = settings
        clock = SimClock(START)
        args = argparse.Namespace(mock=True, devices=str(devices), config=None, windowed=True,
                                  fullscreen=False)
        kiosk = build_kiosk(args, settings, clock=clock)
        freeze_gc_after_prewarm(kiosk.window)  # as `kiosk run` does
        probe = StallProbe(screen=lambda: str(kiosk.flow.state.screen),
                           stacks=self.stall_stacks)
        try:
            kiosk.window.resize(1920, 1080)
            kiosk.window.show()
            robot = Robot(kiosk)
            # the day begins with a kiosk that has been up a while: every screen made, the
            # warm-up's imports done (a citizen does not walk up within its first second)
            robot.spin(lambda: kiosk.flow.function("ticket").available
                       and kiosk.central.link.known_up and not kiosk.window._pending
                       and kiosk.warmed is not None and kiosk.warmed.done(), 60)
            probe.start()
            self._day(robot, kiosk, clock, probe)
            probe.stop()
            self._settle(robot, kiosk)
            self._check_server(kiosk)
            for check in self.checks:
                self.report.other_problems += check(self, kiosk)
            self.report.max_stall_ms = probe.worst * 1000
            self.report.max_stall_at = probe.worst_at
            self.report.max_stall_cpu_ms = probe.worst_cpu * 1000
            self.report.max_stall_cpu_at = probe.worst_cpu_at
            self.report.stalls = probe.stalls
            self.report.full_gcs = probe.full_gcs
            self.report.hours = SPAN.total_seconds() / 3600
        finally:
            probe.stop()
            kiosk.close()
            gc.unfreeze()  # (the test process goes on: what the soak froze must be collectable)
            if self.server is not None:
                self.server.stop()

    # ------------------------------------------------------------------ the day
    def _day(self, robot: Robot, kiosk, clock: SimClock, probe: StallProbe) -> None:
        names = list(self.mix)
        weights = [self.mix[n][1] for n in names]
        times = day_times(self.n)
        fault = None
        outage_until = None
        data_dir = Path(self.settings.data_dir)
        for i in range(1, self.n + 1):
            clock.now = times[i - 1]
            kiosk.flow.tick()  # the window's 1-second timer would, a moment later
            name = self.rnd.choices(names, weights)[0]
            probe.context = f"journey {i} {name} at {clock.now:%H:%M}"
            outcome = self._one(robot, name)
            self.report.outcomes[(name, outcome)] += 1
            self.report.journeys = i
            probe.context = f"faults/outages after journey {i}"
            if fault is not None and i >= fault[3]:
                self._clear(kiosk, robot, fault)
                fault = None
            elif fault is None and i % self.fault_every == 0:
                fault = self._inject(kiosk, i)
            if outage_until is None and i % self.outage_every == self.outage_every // 2:
                self._off_thread(robot, self.server.stop)
                self.report.outages += 1
                outage_until = i + self.rnd.randint(5, 20)
            elif outage_until is not None and i >= outage_until:
                self._restart_server(robot, kiosk)
                outage_until = None
            if i % self.sample_every == 0:
                probe.context = f"sampling after journey {i}"
                self.report.samples.append(_proc_sample(i, data_dir))
                log.info("soak: %d of %d journeys, simulated %s", i, self.n,
                         f"{clock.now:%a %H:%M}")  # (a long run's progress, on -v)
        if fault is not None:
            self._clear(kiosk, robot, fault)
        if outage_until is not None:
            self._restart_server(robot, kiosk)

    def _one(self, robot: Robot, name: str) -> str:
        fn = self.mix[name][0]
        try:
            outcome = fn(robot, self.rnd, self)
        except Exception as exc:
            log.exception("soak journey %s raised", name)
            outcome = f"raised:{type(exc).__name__}"
        if outcome == "unavailable":  # why: hours, a device's fault, the server away
            reason = robot.flow.function(name).reason
            if reason is not None:
                outcome = f"unavailable:{reason.subject}.{reason.problem}"
        if not robot.home():
            self.report.stuck.append(f"{name} on {robot.screen()} ({outcome})")
            robot.flow.go_home()  # a technician would come; the soak goes on
        return outcome

    def _inject(self, kiosk, i: int):
        kind, name, clear = self.rnd.choice(self.faults)
        handle = kiosk.manager.first(kind)
        if handle is None or handle.mock is None:
            return None
        handle.mock.inject(name)
        self.report.faults.append(f"{kind}:{name}")
        return (handle, name, clear, i + self.rnd.randint(2, 8))

    def _clear(self, kiosk, robot: Robot, fault) -> None:
        from drivers.core.status import DeviceState

        handle, name, clear, _ = fault
        if clear:
            handle.mock.perform(clear)
        handle.mock.clear(name)
        if not robot.spin(lambda: handle.status.state is DeviceState.ONLINE, 60):
            self.report.not_recovered.append(f"{handle.name}:{name}")

    def _restart_server(self, robot: Robot, kiosk) -> None:
        from kiosk.sync.demo_server import start_demo_server

        self.server = self._off_thread(robot, lambda: start_demo_server(self.settings))
        robot.spin(lambda: kiosk.central.link.known_up, 60)

    @staticmethod
    def _off_thread(robot: Robot, fn):
        """The soak's own chores (stopping and starting the server: waiting for a child
        process) on a thread while the kiosk's loop runs on — they are not the kiosk's stalls."""
        import threading

        box: list = []
        t = threading.Thread(target=lambda: box.append(fn()), name="soak-chore", daemon=True)
        t.start()
        robot.spin(lambda: not t.is_alive(), 60)
        t.join(5)
        return box[0] if box else None

    # ------------------------------------------------------------------ the checks
    def _settle(self, robot: Robot, kiosk) -> None:
        """The morning after: the server up, the outbox delivered."""
        central = kiosk.central
        central.relay.kick()
        robot.spin(lambda: central.outbox.status()["pending"] == 0, 120)
        self.report.outbox_left = central.outbox.status()["pending"]
        if self.report.outbox_left:
            self.report.outbox_left_entries = [
                f"{e['path']} ({e['attempts']} attempts, next {e['next_attempt_at']}: "
                f"{e['last_error']})" for e in central.outbox.entries("pending", limit=10)]

    def _check_server(self, kiosk) -> None:
        db = next(iter((Path(self.settings.data_dir) / "central").glob("central.db")), None)
        self.report.tickets_printed = len(self.printed)
        if db is None:
            self.report.tickets_missing = list(self.printed)
            return
        con = sqlite3.connect(db)
        try:
            rows = con.execute("SELECT day, number FROM tickets").fetchall()
            cases = {c for (c,) in con.execute("SELECT case_id FROM cases")}
        finally:
            con.close()
        numbers = {n for _, n in rows}
        self.report.tickets_missing = [n for n in self.printed if n not in numbers]
        self.report.tickets_duplicated = sorted(f"{d} {n}" for (d, n), c in Counter(rows).items()
                                                if c > 1)
        self.report.cases_sent = len(self.cases)
        self.report.cases_missing = [c for c in self.cases if c not in cases]
