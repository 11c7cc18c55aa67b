"""The virtual ticket printer itself, independent of how bytes reach it.

It behaves like the real thing where the driver can tell the difference:

- Real-time commands (``DLE EOT``, ``DLE ENQ``, ``DLE DC4``) are answered as they arrive,
  even while the printer holds unprinted data.
- Everything else goes into a print buffer that is executed only while the printer can
  print: with the cover open or the paper out it keeps the data (and prints it in a burst
  when the fault is cleared, unless the driver cleared the buffer). ``GS r`` is answered when
  the engine reaches it, so its answer means "everything before me is printed".
- Each cut finishes a page: rendered to PNG (Chinese with the CJK font, QR codes as real QR
  codes), kept in memory (``pages``) and, when an output directory is set, saved as
  ``ticket-<time>-<n>.png`` — only the last ``keep`` files are kept.
"""
from __future__ import annotations

import collections
import logging
import threading
import time
from datetime import datetime
from pathlib import Path

from drivers.printer import status as st
from drivers.printer.simulator.interpreter import Page, RollEngine
from drivers.printer.simulator.tokenizer import Token, Tokenizer

log = logging.getLogger(__name__)


class VirtualPrinter:
    """The printer itself, independent of how bytes reach it. Thread-safe."""

    def __init__(self, width_mm: int = 80, *, output_dir: Path | None = None, keep: int = 20,
                 chinese_default: bool = False, print_speed_mm_s: float = 0.0) -> None:
        self.width_mm = width_mm
        self.output_dir = output_dir
        self.keep = max(1, keep)
        self.print_speed_mm_s = print_speed_mm_s  # 0: instant (tests); >0: sleep like paper
        self.engine = RollEngine(width_mm, chinese_default=chinese_default)
        self.tokenizer = Tokenizer()
        self.pages: collections.deque[Page] = collections.deque(maxlen=self.keep)
        self.pages_printed = 0
        self._queue: collections.deque[Token] = collections.deque()
        self._lock = threading.RLock()
        self._page_seen = 0
        self.page_event = threading.Condition(self._lock)
        # state the faults drive
        self.cover_open = False
        self.near_end = False
        self.paper_out = False
        self.paper_left_dots: int | None = None  # None: endless roll
        self.cutter_error = False
        self.fatal_error = False
        self.garbage = False
        self.hung = False  # silent: no answers and no printing
        self.stats = collections.Counter()

    # ------------------------------------------------------------------ input
    def receive(self, data: bytes) -> bytes:
        """Bytes from the host; returns the reply bytes (real-time answers, GS r …)."""
        with self._lock:
            replies = bytearray()
            for tok in self.tokenizer.feed(data):
                if tok.realtime:
                    replies += self._realtime(tok)
                else:
                    self._queue.append(tok)
            replies += self._run()
            return bytes(replies)

    def _realtime(self, tok: Token) -> bytes:
        self.stats["realtime"] += 1
        if tok.code == 0x04:  # DLE EOT n
            n = tok.args[0]
            if self.garbage:
                return bytes((0xFF if n % 2 else 0x00,))
            return bytes((self.status_byte(n),)) if n in st.STATUS_KINDS else b""
        if tok.code == 0x05 and tok.args[0] == 2:  # DLE ENQ 2: recover, clear buffers
            self.clear_buffers()
        elif tok.code == 0x14 and tok.args[:1] == b"\x08":  # DLE DC4 8: clear buffers
            self.clear_buffers()
        return b""

    def status_byte(self, n: int) -> int:
        byte = 0x12
        stopped = self.paper_out or self.cover_open or self.error
        if n == st.PRINTER and stopped:
            byte |= st.PRINTER_OFFLINE
        elif n == st.OFFLINE_CAUSE:
            byte |= (st.COVER_OPEN if self.cover_open else 0)
            byte |= (st.PAPER_END_STOP if self.paper_out else 0)
            byte |= (st.ERROR_OCCURRED if self.error else 0)
        elif n == st.ERROR_CAUSE:
            byte |= (st.CUTTER_ERROR if self.cutter_error else 0)
            byte |= (st.UNRECOVERABLE_ERROR if self.fatal_error else 0)
        elif n == st.PAPER:
            byte |= (st.PAPER_END if self.paper_out else 0)
            byte |= (st.PAPER_NEAR_END if self.near_end or self.paper_out else 0)
        return byte

    @property
    def error(self) -> bool:
        return self.cutter_error or self.fatal_error

    @property
    def can_print(self) -> bool:
        return not (self.hung or self.paper_out or self.cover_open or self.error)

    @property
    def held(self) -> int:
        """Commands received but not printed yet."""
        with self._lock:
            return len(self._queue)

    def clear_buffers(self) -> None:
        with self._lock:
            self._queue.clear()
            self.tokenizer.reset()
            self.engine._line, self.engine._line_cells_used = [], 0

    # ----------------------------------------------------------------- engine
    def _run(self) -> bytes:
        """Execute buffered commands while the printer can print."""
        replies = bytearray()
        while self._queue and self.can_print:
            tok = self._queue.popleft()
            if tok.kind == "gs" and tok.code == ord("r"):
                replies += self._gs_r(tok.args[0])
                continue
            if tok.kind == "gs" and tok.code == ord("I"):
                replies += self._gs_i(tok.args[0])
                continue
            if tok.kind == "gs" and tok.code == ord("V") and self.cutter_error:
                self._queue.appendleft(tok)
                break
            before = self.engine.fed_dots
            replies += self.engine.execute(tok)
            fed = self.engine.fed_dots - before
            if fed and self.print_speed_mm_s > 0:
                time.sleep(fed / 8 / self.print_speed_mm_s)
            if self.paper_left_dots is not None:
                self.paper_left_dots -= fed
                if self.paper_left_dots <= 0:
                    self.paper_out = True
                    log.info("virtual printer: paper ran out")
            if len(self.engine.pages) > self._page_seen:
                self._finish_pages()
        return bytes(replies)

    #: what GS I answers (n → text), like an Epson-compatible 80 mm kiosk printer
    IDENTITY = {0x41: "1.08 SIM", 0x42: "KIOSK-SIM", 0x43: "VP-80", 0x44: "SIM0000001"}

    def _gs_i(self, n: int) -> bytes:
        text = self.IDENTITY.get(n)
        return b"_" + text.encode("ascii") + b"\x00" if text else b""

    def _gs_r(self, n: int) -> bytes:
        if n in (1, 49):
            byte = 0
            if self.near_end:
                byte |= 0x03
            if self.paper_out:
                byte |= 0x0C
            return bytes((byte,))
        if n in (2, 50):
            return b"\x00"
        return b""

    def resume(self) -> bytes:
        with self._lock:
            return self._run()

    def _finish_pages(self) -> None:
        new = self.engine.pages[self._page_seen :]
        self._page_seen = len(self.engine.pages)
        # the engine's own list only grows; keep just the pages the simulator holds
        del self.engine.pages[:]
        self._page_seen = 0
        for page in new:
            self.pages_printed += 1
            if self.output_dir is not None:
                self._save(page)
            self.pages.append(page)
        self.page_event.notify_all()

    def _save(self, page: Page) -> None:
        try:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            path = self.output_dir / f"ticket-{stamp}-{self.pages_printed:05d}.png"
            # zlib's fastest level: the virtual printer saves every ticket a running kiosk
            # prints, and optimize (level 9) held the interpreter lock ~17 ms a ticket —
            # time the Qt thread waited. A 1-bit ticket compresses well at any level.
            page.image.convert("1").save(path, compress_level=1)
            page.path = path
            old = sorted(self.output_dir.glob("ticket-*.png"))
            for stale in old[: max(0, len(old) - self.keep)]:
                stale.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("virtual printer: cannot save the printed page: %s", exc)

    def wait_pages(self, count: int, timeout: float) -> bool:
        """Wait until at least ``count`` pages were printed in total."""
        end = time.monotonic() + timeout
        with self._lock:
            while self.pages_printed < count:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self.page_event.wait(left)
            return True

    def power_reset(self) -> None:
        """Power loss: buffers and modes gone; paper on the roll stays as printed."""
        with self._lock:
            self.clear_buffers()
            self.engine.reset_modes()

    def tear_off(self) -> int:
        """The citizen takes the printed tickets from the output: they leave ``pages``
        (saved PNGs stay). Returns how many were taken."""
        with self._lock:
            taken = len(self.pages)
            self.pages.clear()
            return taken

    def last_page(self) -> Page | None:
        with self._lock:
            return self.pages[-1] if self.pages else None
