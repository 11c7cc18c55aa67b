"""The real ``kiosk run --mock --windowed`` on a real X server (Xvfb), driven by real input
events (xdotool moves the pointer and clicks at screen coordinates), in landscape 1920×1080
and portrait 1080×1920.

A citizen takes tickets in Chinese, English and elder mode — among them issue 10's sequence:
a ticket with an SMS number, then English + elder mode switched on while the number is on
screen, then home and the next citizen. After every render the window must lie within the
screen and every visible button must be whole and on the screen: the offscreen screenshots
fix the window at 1080 rows and cannot see a window that outgrows its screen.

Where the buttons are comes from the window itself: with ``KIOSK_DEBUG_WIDGETS=FILE`` it
appends one JSON line per settled render (:mod:`kiosk.ui.debug_geometry`) naming every
visible button and its global rectangle; ``xdotool getwindowgeometry`` confirms the X server
agrees on the window. Problems with the layout are collected along the walk and reported
together at the end, so one oversized screen does not hide the others; a button that cannot
be reached at all stops the walk at once.
"""
from __future__ import annotations

import inspect
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TITLE = "政务服务自助一体机"  # the window's title (kiosk/ui/window.py)
MOBILE = "13800000000"  # fictitious

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Xvfb and xdotool (Debian: xvfb, xdotool; packaging/setup.sh installs them)")

#: open all day, every day: the walk must not depend on when the suite runs
CONFIG = """
[office_hours]
weekdays = [1, 2, 3, 4, 5, 6, 7]
sessions = ["00:00-23:59:59"]
"""
#: the ticket's devices, simulated; no card on the reader (a citizen without one — a card
#: left there would rightly stop the next citizen with "take your card")
DEVICES = """
[idcard]
driver = "sam_idcard"
mock = true
sim_card = "none"

[printer]
driver = "escpos"
mock = true
"""

#: what to tap on each screen to go on taking a ticket; the first name the screen shows
#: wins. ``{mobile}`` rows are used while an SMS number is still to be entered.
WALK = {
    "home": ["tile_ticket"],
    "ticket.idcard": ["btn_skip"],
    "ticket.confirm": ["btn_confirm"],
    "ticket.confirm{mobile}": ["btn_add_mobile", "btn_mobile", "btn_sms"],
    "ticket.mobile": ["btn_skip"],
}
#: where the walk ends well, and where it ends badly
DONE = "ticket.done"
FAILED = ("ticket.print_failed", "error")
#: screens that are only waited on (the number is being taken or printed)
WORKING = ("ticket.working", "ticket.printing")


# ---------------------------------------------------------------------------- processes
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_xvfb(width: int, height: int) -> tuple[subprocess.Popen, str]:
    """Xvfb on a display number it picks itself (-displayfd: free, and ready once told)."""
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    got = b""
    try:
        # the number, then a newline in a second write: closing the pipe before that one
        # would kill Xvfb with SIGPIPE
        while not got.endswith(b"\n") and select.select([read_end], [], [], 30)[0]:
            chunk = os.read(read_end, 32)
            if not chunk:
                break
            got += chunk
    finally:
        os.close(read_end)
    number = got.decode().strip()
    if not number:
        proc.kill()
        proc.wait()
        pytest.fail("Xvfb did not start (no display number within 30 s)")
    return proc, f":{number}"


def window_hooks_itself() -> bool:
    """True once kiosk/ui/window.py installs the geometry dump itself; until then the kiosk
    runs through ``python -m kiosk.ui.debug_geometry``, which adds that one call."""
    from kiosk.ui.window import KioskWindow

    return "install_geometry_dump" in inspect.getsource(KioskWindow.__init__)


# ---------------------------------------------------------------------------- the live kiosk
@dataclass
class Problem:
    after: str  # what was just done
    what: str
    window: bool  # the window itself outgrew the screen (not just a button cut)


@dataclass
class Live:
    proc: subprocess.Popen
    display: str
    dump: Path
    size: tuple[int, int]
    log: Path
    lines: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    taps: list[str] = field(default_factory=list)
    doing: str = "start-up"
    _offset: int = 0

    # -- reading what the window says
    def read(self) -> None:
        if not self.dump.exists():
            return
        with self.dump.open("rb") as f:
            f.seek(self._offset)
            chunk = f.read()
        end = chunk.rfind(b"\n") + 1  # a line still being written waits for the next read
        self._offset += end
        for raw in chunk[:end].splitlines():
            d = json.loads(raw)
            self.lines.append(d)
            self.check(d)

    @property
    def last(self) -> dict:
        return self.lines[-1]

    @property
    def screen(self) -> str:
        return self.last["state"]["screen"]

    def wait(self, what: str, predicate, timeout: float = 20.0) -> dict:
        """Until the latest dump satisfies ``predicate`` (the kiosk writes one per render)."""
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"the kiosk exited ({self.proc.returncode}) while waiting for "
                            f"{what}; log: {self.log}\n{self.log_tail()}")
            self.read()
            if self.lines and predicate(self.last):
                return self.last
            if time.monotonic() > deadline:
                seen = self.describe(self.last) if self.lines else "no geometry written"
                pytest.fail(f"waited {timeout:.0f} s for {what} after {self.doing}; "
                            f"last seen: {seen}")
            time.sleep(0.02)

    def log_tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-15:])
        except OSError:
            return ""

    @staticmethod
    def describe(d: dict) -> str:
        st = d["state"]
        names = [b["name"] + ("" if b["enabled"] else "(off)") for b in d["buttons"]]
        return (f"screen {st['screen']} ({st['lang']}{', elder' if st['elder'] else ''}), "
                f"window {_wh(d['window']['geometry'])}, buttons {', '.join(names)}")

    # -- the layout rules, on every line the window writes
    def check(self, d: dict) -> None:
        screen = d["screen"]["geometry"] if d.get("screen") else [0, 0, *self.size]
        st = d["state"]
        where = f"{st['screen']} ({st['lang']}{', elder' if st['elder'] else ''})"
        for key in ("geometry", "frame"):
            w = d["window"][key]
            if not _inside(w, screen):
                self.problem(f"{where}: the window's {key} is {_wh(w)} at ({w[0]},{w[1]}) on "
                             f"a {_wh(screen)} screen", window=True)
                break
        for b in d["buttons"]:
            seen = b["visible_rect"]
            if seen is None:
                continue  # scrolled out of view: the citizen scrolls to it
            if not _inside(seen, screen):
                off = _cut(seen, screen)
                self.problem(f"{where}: button {b['name']} ({b['text'] or 'tile'}) sticks out "
                             f"of the screen: {off}")
            elif seen != b["rect"] and not b["scroll_viewport"]:
                self.problem(f"{where}: button {b['name']} ({b['text'] or 'tile'}) is cut by "
                             f"the window: {_wh(seen)} of {_wh(b['rect'])} visible")

    def problem(self, what: str, window: bool = False) -> None:
        if not any(p.what == what for p in self.problems):  # each once, with its first cause
            self.problems.append(Problem(self.doing, what, window))

    def report(self) -> str:
        """The layout problems seen so far, as the failure message says them."""
        if not self.problems:
            return "no layout problem seen before"
        outgrown = any(p.window for p in self.problems)
        head = ("the window outgrows the screen (issue 10 point 1: it must never exceed the "
                "screen in any mode, language or sequence; content that does not fit scrolls "
                "or pages)" if outgrown else "buttons are cut or off the screen")
        return f"{self.size[0]}×{self.size[1]}: {head}:\n" + "\n".join(
            f"  - after {p.after}: {p.what}" for p in self.problems[:25])

    def screenshot(self, path: Path) -> Path | None:
        """The whole X screen as a PNG (for the failure message: what was wrong, seen)."""
        grab = ("import sys; from PySide6.QtGui import QGuiApplication; "
                "app = QGuiApplication(sys.argv[:1]); "
                "sys.exit(not app.primaryScreen().grabWindow(0).save(sys.argv[1]))")
        done = subprocess.run([sys.executable, "-c", grab, str(path)], capture_output=True,
                              env={**os.environ, "DISPLAY": self.display,
                                   "QT_QPA_PLATFORM": "xcb"}, timeout=30)
        return path if done.returncode == 0 else None

    def check_x_geometry(self) -> None:
        """The X server's idea of the window: what a citizen actually sees."""
        wid = xdotool(self.display, "search", "--name", TITLE).split()
        if not wid:
            pytest.fail(f"no window named {TITLE!r} on {self.display}")
        shell = dict(line.split("=", 1) for line in
                     xdotool(self.display, "getwindowgeometry", "--shell", wid[0]).split()
                     if "=" in line)
        x, y, w, h = (int(shell[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))
        if not _inside([x, y, w, h], [0, 0, *self.size]):
            self.problem(f"{self.screen}: X says the window is {w}×{h} at ({x},{y}) on a "
                         f"{self.size[0]}×{self.size[1]} screen", window=True)

    # -- tapping
    def button(self, name: str) -> dict | None:
        found = [b for b in self.last["buttons"] if b["name"] == name]
        return found[0] if found else None

    def reveal(self, name: str) -> dict | None:
        """Scroll a button cut by its scroll area into view (the mouse wheel over the area)."""
        for _ in range(30):
            b = self.button(name)
            if b is None or b["visible_rect"] == b["rect"] or not b["scroll_viewport"]:
                return b
            vx, vy, vw, vh = b["scroll_viewport"]
            if vw <= 0 or vh <= 0:
                return b  # a scroll area with no room shows nothing, however scrolled
            down = b["rect"][1] + b["rect"][3] > vy + vh
            seq = self.last["seq"]
            xdotool(self.display, "mousemove", str(vx + vw // 2), str(vy + vh // 2),
                    "click", "5" if down else "4")
            self.wait(f"{name} to scroll", lambda d: d["seq"] != seq)
            moved = self.button(name)
            if moved is None or moved["rect"] == b["rect"]:
                return moved  # at the end of the scroll range
        return self.button(name)

    def tap(self, name: str) -> dict:
        """Click the button where the citizen sees it; wait for the render it causes."""
        b = self.reveal(name)
        if b is None:
            pytest.fail(f"no button {name} after {self.doing}: {self.describe(self.last)}")
        if not b["enabled"]:
            pytest.fail(f"button {name} is disabled after {self.doing}")
        seen = b["visible_rect"] and _intersect(b["visible_rect"], [0, 0, *self.size])
        if not seen:
            shot = self.screenshot(self.dump.with_name("unreachable.png"))
            viewport = b["scroll_viewport"]
            why = (f"scrolling its {_wh(viewport)} scroll area does not bring it into view"
                   if viewport and b["visible_rect"] is None else "it is off the screen")
            pytest.fail(f"cannot tap {name} after {self.doing}: {why} (button at {b['rect']} "
                        f"on a {self.size[0]}×{self.size[1]} screen; screenshot: {shot})\n"
                        + self.report(), pytrace=False)
        if b.get("covered_by"):
            pytest.fail(f"cannot tap {name} after {self.doing}: {b['covered_by']} covers it "
                        f"({self.describe(self.last)})")
        x, y = seen[0] + seen[2] // 2, seen[1] + seen[3] // 2
        clicks = self.last["clicks"]
        self.doing = f"tapping {name} on {self.screen}"
        self.taps.append(name)
        # no --sync: it waits for the pointer to move, forever when it is already there
        xdotool(self.display, "mousemove", str(x), str(y), "click", "1")
        # the window counts the clicks it gets and writes a line once it has handled one
        d = self.wait(f"the window to handle the tap on {name}",
                      lambda d: d["clicks"] > clicks)
        self.check_x_geometry()
        return d

    def first(self, names: list[str]) -> str | None:
        for name in names:
            if name.endswith("*"):
                hits = [b["name"] for b in self.last["buttons"]
                        if b["name"].startswith(name[:-1]) and b["enabled"]]
                if hits:
                    return hits[0]
            elif (b := self.button(name)) is not None and b["enabled"]:
                return name
        return None


def _wh(r) -> str:
    return f"{r[2]}×{r[3]}"


def _inside(r, outer) -> bool:
    return (r[0] >= outer[0] and r[1] >= outer[1] and r[0] + r[2] <= outer[0] + outer[2]
            and r[1] + r[3] <= outer[1] + outer[3])


def _intersect(r, outer):
    x0, y0 = max(r[0], outer[0]), max(r[1], outer[1])
    x1, y1 = min(r[0] + r[2], outer[0] + outer[2]), min(r[1] + r[3], outer[1] + outer[3])
    return [x0, y0, x1 - x0, y1 - y0] if x1 > x0 and y1 > y0 else None


def _cut(r, outer) -> str:
    seen = _intersect(r, outer)
    return (f"{_wh(r)} at ({r[0]},{r[1]}), "
            f"{'nothing' if seen is None else _wh(seen)} of it on the screen")


def xdotool(display: str, *args: str) -> str:
    out = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display},
                         capture_output=True, text=True, timeout=20)
    if out.returncode != 0 and args[0] != "search":  # search: 1 = nothing found (yet)
        pytest.fail(f"xdotool {' '.join(args)}: {out.stderr.strip()}")
    return out.stdout


@pytest.fixture
def live_kiosk(tmp_path, request):
    width, height = request.param
    xvfb, display = start_xvfb(width, height)
    (tmp_path / "run").mkdir()
    config = tmp_path / "kiosk.toml"
    config.write_text(CONFIG)
    devices = tmp_path / "devices.toml"
    devices.write_text(DEVICES)
    dump = tmp_path / "geometry.jsonl"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("KIOSK__") and k not in ("WAYLAND_DISPLAY",)}
    env.update({
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "KIOSK__KIOSK__DATA_DIR": str(tmp_path / "data"),
        # the embedded reference server on a port of its own (another kiosk may run)
        "KIOSK__CENTRAL__URL": f"http://127.0.0.1:{_free_port()}",
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),
        "KIOSK_DEBUG_WIDGETS": str(dump),
    })
    entry = ["kiosk"] if window_hooks_itself() else ["kiosk.ui.debug_geometry"]
    log = tmp_path / "kiosk.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", *entry, "run", "--mock", "--windowed", "--config",
             str(config), "--devices", str(devices)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    live = Live(proc, display, dump, (width, height), log)
    try:
        yield live
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # the kiosk stops its central server child too
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        xvfb.terminate()
        xvfb.wait(timeout=10)


# ---------------------------------------------------------------------------- the walk
def set_mode(live: Live, lang: str, elder: bool) -> None:
    """Switch language and elder mode with the top bar's buttons, as a citizen would."""
    if live.last["state"]["lang"] != lang:
        live.tap("btn_language")
        assert live.last["state"]["lang"] == lang
    if live.last["state"]["elder"] != elder:
        live.tap("btn_elder")
        assert live.last["state"]["elder"] == elder


def take_ticket(live: Live, mobile: str | None = None) -> int:
    """From home to the printed number; returns the taps it took (digits not counted)."""
    start = len(live.taps)
    live.wait("the ticket tile to be ready",
              lambda d: any(b["name"] == "tile_ticket" and b["enabled"] for b in d["buttons"]))
    live.tap("tile_ticket")
    typed = mobile is None
    for _ in range(40):
        screen = live.screen
        if screen == DONE:
            return sum(1 for t in live.taps[start:] if not t.startswith("key_"))
        if screen in FAILED:
            pytest.fail(f"the ticket failed: {live.describe(live.last)}\n{live.log_tail()}")
        if screen in WORKING:
            live.wait("the ticket to be printed", lambda d: d["state"]["screen"] != screen)
            continue
        if screen.endswith(".category"):
            name = live.first(["cat_*"])
        elif screen == "ticket.mobile" and not typed:
            for digit in mobile:
                live.tap(f"key_{digit}")
            typed = True
            name = live.first(["btn_next"])
        else:
            name = live.first(WALK.get(f"{screen}{{mobile}}", []) if not typed else [])
            name = name or live.first(WALK.get(screen, []))
        if name is None:
            pytest.fail(f"the walk does not know how to go on from {screen}: "
                        f"{live.describe(live.last)} (update WALK in {__file__})")
        if live.taps[-3:] == [name] * 3 and not name.startswith("key_"):
            pytest.fail(f"tapping {name} on {screen} three times changed nothing: "
                        f"{live.describe(live.last)}")
        live.tap(name)
    pytest.fail(f"no ticket after 40 taps: {live.describe(live.last)}")


def finish(live: Live) -> None:
    live.tap("btn_done")
    live.wait("home", lambda d: d["state"]["screen"] == "home")


@pytest.mark.parametrize("live_kiosk", [(1920, 1080), (1080, 1920)], indirect=True,
                         ids=["landscape-1920x1080", "portrait-1080x1920"])
def test_tickets_in_every_mode_on_a_live_x_server(live_kiosk):
    live = live_kiosk
    live.wait("the first home frame", lambda d: d["state"]["screen"] == "home", timeout=30)
    live.check_x_geometry()
    taps = {}

    live.doing = "a ticket in Chinese"
    taps["zh"] = take_ticket(live)
    finish(live)

    live.doing = "a ticket with an SMS number in Chinese"
    taps["zh+sms"] = take_ticket(live, MOBILE)
    # issue 10 point 1: English + elder mode switched on while the number is on screen …
    set_mode(live, "en", True)
    live.tap("btn_done")
    live.wait("home", lambda d: d["state"]["screen"] == "home")
    # … and the next citizen, in the mode the last one left
    live.doing = "the next citizen: English + elder mode"
    set_mode(live, "en", True)
    taps["en+elder"] = take_ticket(live)
    finish(live)

    live.doing = "a ticket in English"
    set_mode(live, "en", False)
    taps["en"] = take_ticket(live, MOBILE)
    finish(live)

    live.doing = "a ticket in Chinese, elder mode"
    set_mode(live, "zh_CN", True)
    taps["zh+elder"] = take_ticket(live)
    finish(live)

    print(f"\n{live.size[0]}×{live.size[1]}: taps from home to a ticket: {taps}; "
          f"{len(live.lines)} renders checked")
    if live.problems:
        pytest.fail(live.report(), pytrace=False)
