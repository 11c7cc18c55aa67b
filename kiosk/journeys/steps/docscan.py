"""Scan a paper material at the document camera (高拍仪): live picture with the page outline,
auto-capture, per-page rotate/retake, several pages → one :class:`Material` (PDF).

API (the journey composes it on two of its own steps)::

    from kiosk.journeys.steps.docscan import ScanMaterial
    self.docscan = self.uses(ScanMaterial(self, live_step="scan", pages_step="scan_pages"))
    # for a required material:
    self.docscan.start("户口簿", on_done=self._scanned, on_cancel=self._scan_cancelled,
                       layout="booklet",     # "a4" (default) | "id_card" | "booklet" | "auto"
                       colour=False,         # True: certificates, photos (no text enhancement)
                       max_pages=20, max_page_bytes=None,   # the case server's limits
                       name_en="Household register")        # shown on English screens
    # start() goes to live_step itself; on_done(Material) gets the PDF (source "scan") after
    # the citizen taps 完成 on pages_step; on_cancel() after 返回 on the live picture with no
    # page yet (or 取消 on the pages step). The journey then goes wherever it wants.

    # screens.py of the journey:
    from kiosk.ui.docscan_screens import DocScanLiveScreen, DocScanPagesScreen
    SCREENS = {"scan": DocScanLiveScreen, "scan_pages": DocScanPagesScreen, …}
    # (they find the step as ``journey.docscan``; override ``scan_step(journey)`` otherwise)

    # voice: on the live step return ``self.docscan.voice_key`` from the journey's
    # voice_key() (``docscan.<guidance>``: "hold still", "turn to the next page" …)

The device is the ``document_camera`` kind (drivers.kinds.document_camera): the journey's
JourneySpec lists it in ``needs`` or ``optional``; ``available`` says whether it is up now.
``material.pdf`` is personal data: the journey hands it to the outbox and drops it; the step
keeps no page after ``on_done``/``on_cancel`` and empties itself when the session is wiped.
Mock mode: the live screen's "模拟：放一页材料" lays the next demo document under the
simulated camera (``place_page``; ``kiosk scan --mock`` does the same).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum

from kiosk.flows.notify import tap
from kiosk.journeys.base import N_, Journey, Notice
from kiosk.journeys.steps.camera import CameraFeed
from kiosk.journeys.steps.materials import Material

log = logging.getLogger(__name__)

KIND = "document_camera"

#: what the citizen is told on the live picture (also spoken: ``docscan.<code>``)
GUIDANCE = {
    "starting": N_("请把材料平放在高拍仪下方"),
    "no_page": N_("请把材料平放在高拍仪下方，四个角都要露出来"),
    "blurred": N_("画面不清晰，请把材料放平，手离开材料"),
    "hold": N_("请保持不动，马上拍照"),
    "capturing": N_("正在拍照，请不要移动材料"),
    "next": N_("请翻到下一页或换下一张，放好后自动拍照"),
    "not_found": N_("没有找到材料的四个角，请把材料放在框内再拍"),
}


def _register_prompts() -> None:
    from kiosk.voice.prompts import PROMPTS

    for code, words in GUIDANCE.items():
        PROMPTS.register(f"docscan.{code}", words)


_register_prompts()


class ScanState(StrEnum):
    LIVE = "live"  # the preview, pages looked for
    CAPTURING = "capturing"  # a still is being taken and scanned on the camera's worker
    UNAVAILABLE = "unavailable"  # no working document camera (notice says so)


class ScanMaterial:
    """See the module docstring for the API the journey uses."""

    def __init__(self, journey: Journey, live_step: str, pages_step: str, *,
                 rules=None) -> None:
        from kiosk.scanning.autocapture import AutoCapture

        self.journey = journey
        self.shell = journey.shell
        self.live_step, self.pages_step = live_step, pages_step
        self.auto = AutoCapture(rules)
        self.feed = CameraFeed(journey, live_step, None, self._result, kind=KIND)
        self.material_name = ""
        self.material_name_en = ""  # shown on English screens when given
        self.layout, self.colour = "a4", False
        self.max_pages, self.max_page_bytes = 20, None
        self.pages: list = []  # kiosk.scanning.scan.ScannedPage, in order
        self.state = ScanState.LIVE
        self.found = None  # the page on the newest preview frame (kiosk.scanning.page.Found)
        self.frame_size: tuple[int, int] | None = None
        self.retake_index: int | None = None  # the page a capture replaces
        self.armed = True  # auto-capture allowed (after a capture: once the page changed)
        self.last_notice: Notice | None = None
        self.captures = 0
        self._captured_corners = None  # where the last captured page lay (preview pixels)
        self._demo = -1  # mock mode: the last demo document laid down
        self._on_done: Callable[[Material], None] | None = None
        self._on_cancel: Callable[[], None] | None = None
        self._analyser = None

    # ------------------------------------------------------------------ journey side
    @property
    def available(self) -> bool:
        return self.journey.kind_up(KIND)

    @property
    def frames(self):
        return self.feed.frames

    @property
    def notice(self) -> Notice | None:
        return self.feed.notice or self.last_notice

    def start(self, material_name: str, on_done: Callable[[Material], None],
              on_cancel: Callable[[], None], *, layout: str = "a4", colour: bool = False,
              max_pages: int = 20, max_page_bytes: int | None = None,
              name_en: str = "") -> None:
        from kiosk.scanning.page import LAYOUTS

        if layout != "auto" and layout not in LAYOUTS:
            raise ValueError(f"unknown page layout {layout!r}")
        self.material_name, self.material_name_en = material_name, name_en
        self._on_done, self._on_cancel = on_done, on_cancel
        self.layout, self.colour = layout, colour
        self.max_pages, self.max_page_bytes = max(1, max_pages), max_page_bytes
        self.pages = []
        self.retake_index = None
        self._live()

    def display_name(self, english: bool) -> str:
        return self.material_name_en if english and self.material_name_en else \
            self.material_name

    @property
    def guidance(self) -> str:
        """The code of what to tell the citizen now (a key of :data:`GUIDANCE`)."""
        if self.state is ScanState.CAPTURING:
            return "capturing"
        if not self.armed:
            return "next"
        if self.found is None:
            return "starting" if self.frame_size is None else "no_page"
        if self.found.sharpness < self.auto.rules.min_sharpness:
            return "blurred"
        return "hold"

    @property
    def voice_key(self) -> str:
        return f"docscan.{self.guidance}"

    @property
    def hold_progress(self) -> float:
        return 1.0 if self.state is ScanState.CAPTURING else self.auto.progress

    @property
    def can_add(self) -> bool:
        return len(self.pages) < self.max_pages

    # ------------------------------------------------------------------ taps
    @tap
    def capture(self) -> None:
        """拍照: take the still now (the page as the preview last saw it, if at all)."""
        if not self.journey.at(self.live_step) or self.state is not ScanState.LIVE:
            return
        self._capture()

    @tap
    def rotate(self, index: int) -> None:
        """Turn page ``index`` a quarter clockwise (the PDF page turns; nothing re-encoded)."""
        if self.journey.at(self.pages_step) and 0 <= index < len(self.pages):
            self.pages[index].rotation = (self.pages[index].rotation + 1) % 4

    @tap
    def retake(self, index: int) -> None:
        if self.journey.at(self.pages_step) and 0 <= index < len(self.pages):
            self.retake_index = index
            self._live()

    @tap
    def remove(self, index: int) -> None:
        if self.journey.at(self.pages_step) and 0 <= index < len(self.pages):
            del self.pages[index]
            if not self.pages:
                self._live()

    @tap
    def add_page(self) -> None:
        if self.journey.at(self.pages_step) and self.can_add:
            self.retake_index = None
            self._live()

    @tap
    def back(self) -> None:
        """返回: from the live picture to the pages (or out, with none); from the pages out."""
        if self.journey.at(self.live_step) and self.pages:
            self.feed.stop()
            self.retake_index = None
            self.journey.go(self.pages_step)
        elif self.journey.at(self.live_step, self.pages_step):
            self.cancel()

    @tap
    def cancel(self) -> None:
        if not self.journey.at(self.live_step, self.pages_step):
            return
        self.feed.stop()
        self.pages = []
        on_cancel = self._on_cancel
        if on_cancel is not None:
            on_cancel()

    @tap
    def done(self) -> None:
        """完成: the pages as one PDF → the journey's ``on_done``; the step keeps nothing."""
        if not self.journey.at(self.pages_step) or not self.pages:
            return
        from kiosk.scanning.scan import material_pdf

        pdf = material_pdf(self.pages)
        material = Material(self.material_name, pdf, len(self.pages), "scan")
        self.pages = []
        on_done = self._on_done
        if on_done is not None:
            on_done(material)

    def mock_place(self) -> None:
        """Mock mode: lay the next demo document under the camera (the hand leaves)."""
        from drivers.camera.doc_scenes import DOCUMENTS

        docs = list(DOCUMENTS)
        self._demo += 1
        self.journey.mock(KIND, "place_page", document=docs[self._demo % len(docs)],
                          placement=self._demo % 5)

    # ------------------------------------------------------------------ shell side
    def leave(self) -> None:
        self.feed.stop()

    def on_health(self) -> None:
        if not self.journey.at(self.live_step):
            return
        was = self.feed.notice
        self.feed.on_health()
        if self.feed.notice is None and was is not None:
            self.state = ScanState.LIVE
        elif self.feed.notice is not None and not self.feed.running:
            self.state = ScanState.UNAVAILABLE

    def close(self) -> None:
        self.feed.close()
        self.pages = []
        self.found = None
        self.auto.reset()

    # ------------------------------------------------------------------ internals
    def _live(self) -> None:
        from kiosk.scanning.page import find_page

        self.state = ScanState.LIVE
        self.found = None
        self.last_notice = None
        self.auto.reset()
        # the first page is taken as soon as it lies still; a later one only once the page
        # under the camera changed (taken away, turned under the hand, moved): never the
        # same page twice by itself
        self.armed = not self.pages
        if self._analyser is None:
            # the preview: the page's outline only (no sub-pixel refinement, ≥ 15 fps)
            def outline(frame):
                return find_page(frame, refine=False)

            self._analyser = outline
        self.feed.analyser = self._analyser
        if not self.feed.start():
            self.state = ScanState.UNAVAILABLE
        self.journey.go(self.live_step)

    def _result(self, analysed) -> None:
        found = analysed.result
        self.frame_size = (analysed.width, analysed.height)
        self.found = found
        if found is None:
            self.armed = True  # the page was taken away or covered: the next one may come
            self.auto.feed(None, analysed.at)
            return
        self.shell.note_activity()  # someone is laying paper down: not idle
        if not self.armed:
            last = self._captured_corners
            if last is not None and abs(found.corners - last).max() > 0.05 * found.diagonal:
                self.armed = True  # a page moved to another place: a new one
            else:
                return
        if self.auto.feed(found, analysed.at):
            self._capture()

    def _capture(self) -> None:
        from kiosk.scanning.scan import StillScanner

        self.state = ScanState.CAPTURING
        self.last_notice = None
        self.feed.stop()
        if self.found is not None:
            self._captured_corners = self.found.corners.copy()
        scanner = StillScanner(layout=self.layout, colour=self.colour,
                               max_page_bytes=self.max_page_bytes, hint=self.found)
        self.journey.device(KIND).analyse_still(scanner).then(self._captured,
                                                              self._capture_failed)

    def _captured(self, analysed) -> None:
        scanned = analysed.result
        if not self.journey.at(self.live_step):
            return
        if scanned is None:
            self.last_notice = Notice("docscan_not_found")
            self._resume()
            return
        self.captures += 1
        if self.retake_index is not None and self.retake_index < len(self.pages):
            self.pages[self.retake_index] = scanned
        else:
            self.pages.append(scanned)
        self.retake_index = None
        self.state = ScanState.LIVE
        self.journey.go(self.pages_step)

    def _capture_failed(self, exc: BaseException) -> None:
        from kiosk.flows.errors import log_failure

        log_failure(f"{self.journey.spec.name}: document still", exc)
        if not self.journey.at(self.live_step):
            return
        self.last_notice = Notice("device_error", KIND,
                                  str(getattr(exc, "recovery", "") or "") or None,
                                  getattr(exc, "code", None))
        self._resume()

    def _resume(self) -> None:
        self.state = ScanState.LIVE
        self.auto.reset()
        self.armed = False  # not the same page again by itself: it must change first
        if not self.feed.start():
            self.state = ScanState.UNAVAILABLE
