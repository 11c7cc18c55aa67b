"""Mock mode for the document camera: the camera simulator's MJPEG preview stream of a desk
(:mod:`drivers.camera.doc_scenes`), plus ``/still.jpg`` on the same server giving one
full-resolution picture of the same desk, as IP document cameras serve their snapshots.

Scenario actions (``kiosk devices mock document_camera …``, the 模拟 buttons): lay a page
down (``place_page``: the hand that put it there leaves over a second), take it away
(``remove_page``), push it elsewhere (``move_page``).
"""
from __future__ import annotations

import threading
import time
from typing import ClassVar

from drivers.camera.doc_scenes import DOCUMENTS, PLACEMENTS, DeskScene
from drivers.core.mjpeg import MjpegSimulator

STILL_PATH = "/still.jpg"


class DocumentCameraSimulator(MjpegSimulator):
    ACTIONS: ClassVar[dict[str, str]] = {
        "place_page": "lay a page on the desk (document=application|id_card|booklet|"
                      "certificate, placement=0…4; the hand leaves over a second)",
        "remove_page": "take the page away (the desk is empty)",
        "move_page": "push the page to another place (placement=0…4; default: the next)",
    }

    def __init__(self, name: str, *, width: int = 800, height: int = 600, fps: float = 15.0,
                 quality: int = 85, still_size: tuple[int, int] = (2592, 1944),
                 document: str | None = None, tcp_port: int = 0) -> None:
        self.desk = DeskScene(document or None)
        super().__init__(name, self._scene, width=width, height=height, fps=fps,
                         quality=quality, tcp_port=tcp_port)
        self.still_size = still_size
        self.stills_sent = 0
        self._desk_lock = threading.Lock()
        self.link.snapshots[STILL_PATH] = self.still_jpeg

    def _now(self) -> float:
        return time.monotonic() - self._t0

    def _scene(self, n: int, t: float, width: int, height: int):
        with self._desk_lock:
            desk = self.desk
        return desk.render(width, height, t, n)

    def still_jpeg(self) -> bytes:
        import cv2

        with self._desk_lock:
            desk = self.desk
        w, h = self.still_size
        image = desk.render(w, h, self._now(), self.frame_no)
        ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 92])
        if not ok:
            raise ValueError("JPEG encoding failed")
        self.stills_sent += 1
        return buf.tobytes()

    # ------------------------------------------------------------ scenario
    def place_page(self, document: str = "application", placement: int = 0,
                   hand: bool = True) -> None:
        if document not in DOCUMENTS:
            raise ValueError(f"{self.name}: unknown document {document!r} "
                             f"(known: {', '.join(DOCUMENTS)})")
        with self._desk_lock:
            self.desk = DeskScene(document, _placement(self.name, placement),
                                  placed_at=self._now() if hand else -100.0)

    def remove_page(self) -> None:
        with self._desk_lock:
            self.desk = DeskScene(None)

    def move_page(self, placement: int | None = None) -> None:
        with self._desk_lock:
            now = PLACEMENTS.index(self.desk.placement) if self.desk.placement in PLACEMENTS \
                else 0
            nxt = (now + 1) % len(PLACEMENTS) if placement is None else placement
            self.desk = DeskScene(self.desk.document, _placement(self.name, nxt),
                                  placed_at=self._now())


def _placement(name: str, index: int):
    if not isinstance(index, int) or not 0 <= index < len(PLACEMENTS):
        raise ValueError(f"{name}: placement must be 0…{len(PLACEMENTS) - 1}, got {index!r}")
    return PLACEMENTS[index]


def simulator_for_config(config, data_dir=None) -> DocumentCameraSimulator:
    o = config.options
    return DocumentCameraSimulator(
        config.name, width=o.get("width") or 800, height=o.get("height") or 600,
        fps=o.get("fps") or 15.0, quality=o.get("sim_quality", 85),
        still_size=(o.get("sim_still_width") or 2592, o.get("sim_still_height") or 1944),
        document=o.get("sim_document") or None)
