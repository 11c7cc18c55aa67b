"""Camera figures: how old a frame is when it reaches the LatestFrame, and what showing it
costs the Qt thread.

- ``camera_latency_<size>_ms`` (median, ``_p95_ms``, ``_max_ms``): from the simulator's scene
  drawing frame n (the "exposure") to frame n being put into the camera's LatestFrame by the
  FrameSource reader — JPEG encoding in the simulator, HTTP over 127.0.0.1, FFMPEG's mpjpeg
  demuxer and JPEG decoding in OpenCV. The frame number is drawn into each frame as black
  and white blocks and read back from the decoded picture, so every sample is matched to its
  own frame. ``camera_jpeg_encode_<size>_ms`` / ``_decode_`` are the two codec steps alone
  (cv2.imencode / imdecode of the same scene) for scale; FFMPEG decodes the stream with its
  own MJPEG decoder, which can be faster than cv2.imdecode.
  ``camera_frames_lost_<size>`` counts frame numbers that never reached the slot (the
  reader keeps up when it is 0); the slot's own ``dropped`` are frames nobody took, by design.
- ``camera_frameview_<size>_ms_per_frame`` (median, ``_p95``, ``_max``): the Qt thread's time
  for one new frame in FrameView — take it from the slot, BGR → QImage, scale into the widget
  (1280×720 into 960×540, 640×480 into 640×480), paint — measured on the live stream; the
  first frame (one-time allocations) is reported apart as ``_first_frame_ms``.
  ``camera_frameview_<size>_shown_pct``: share of the frames received that the view showed
  (its timer runs at 30 Hz; the rest were replaced, never queued).
"""
from __future__ import annotations

import statistics
import threading
import time

BITS = 16
BLOCK = 24


class StampingScene:
    """Colour bars with the frame number as 16 blocks; remembers when each frame was drawn."""

    def __init__(self) -> None:
        self.drawn: dict[int, float] = {}

    def __call__(self, n: int, t: float, width: int, height: int):
        from drivers.camera.scenes import colour_bars

        img = colour_bars(n, t, width, height)
        for bit in range(BITS):
            x0 = bit * BLOCK
            img[height - BLOCK:, x0:x0 + BLOCK] = 255 if n >> bit & 1 else 0
        self.drawn[n] = time.monotonic()
        return img


def read_number(frame) -> int:
    height = frame.shape[0]
    row = height - BLOCK // 2
    return sum(1 << bit for bit in range(BITS)
               if frame[row, bit * BLOCK + BLOCK // 2].mean() > 128)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_latency(width: int, height: int, fps: float, frames: int) -> dict:
    import cv2
    import numpy as np

    from drivers.core.frames import FrameSource
    from drivers.core.mjpeg import MjpegSimulator

    scene = StampingScene()
    sim = MjpegSimulator("bench-camera", scene, width=width, height=height, fps=fps).start()
    source = FrameSource(sim.port, name="bench-camera")
    latencies: list[float] = []
    seen: set[int] = set()
    try:
        source.open(10)
        seq = source.frames.seq
        first_n = None
        while len(latencies) < frames:
            got = source.frames.wait_newer(seq, 5)
            if got is None:
                raise RuntimeError("the camera stream stopped")
            stamped = source.frames.latest()
            seq = stamped.seq
            n = read_number(stamped.frame)
            first_n = n if first_n is None else first_n
            drawn = scene.drawn.get(n)
            if drawn is None or n in seen:
                continue
            seen.add(n)
            latencies.append((stamped.at - drawn) * 1000)
        last_n = max(seen)
    finally:
        source.close()
        sim.stop()
    img = scene(0, 0.0, width, height)
    _, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 85])  # warm-up
    cv2.imdecode(np.frombuffer(buf.tobytes(), np.uint8), cv2.IMREAD_COLOR)
    t0 = time.perf_counter()
    for _ in range(20):
        _, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 85])
    encode = (time.perf_counter() - t0) / 20 * 1000
    data = np.frombuffer(buf.tobytes(), np.uint8)
    t0 = time.perf_counter()
    for _ in range(20):
        cv2.imdecode(data, cv2.IMREAD_COLOR)
    decode = (time.perf_counter() - t0) / 20 * 1000
    size = f"{width}x{height}"
    return {
        f"camera_latency_{size}_ms": round(statistics.median(latencies), 2),
        f"camera_latency_{size}_p95_ms": round(_pct(latencies, 0.95), 2),
        f"camera_latency_{size}_max_ms": round(max(latencies), 2),
        f"camera_jpeg_encode_{size}_ms": round(encode, 2),
        f"camera_jpeg_decode_{size}_ms": round(decode, 2),
        f"camera_frames_lost_{size}": (last_n - first_n + 1) - len(seen),
        f"camera_latency_{size}_samples": len(latencies),
    }


def bench_frameview(width: int, height: int, view_size: tuple[int, int], fps: float,
                    frames: int) -> dict:
    from PySide6.QtWidgets import QApplication

    from drivers.camera.scenes import colour_bars
    from drivers.core.frames import FrameSource
    from drivers.core.mjpeg import MjpegSimulator
    from kiosk.ui.frameview import FrameView

    app = QApplication.instance() or QApplication([])
    costs: list[float] = []

    class TimedView(FrameView):
        """Adds up the Qt thread's time per new frame: the tick that converts it and the
        paint that shows it."""

        pending = 0.0

        def tick(self) -> bool:
            t0 = time.perf_counter()
            new = super().tick()
            if new:
                self.pending = time.perf_counter() - t0
            return new

        def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
            t0 = time.perf_counter()
            super().paintEvent(event)
            if self.pending:
                costs.append((self.pending + time.perf_counter() - t0) * 1000)
                self.pending = 0.0

    sim = MjpegSimulator("bench-camera", colour_bars, width=width, height=height,
                         fps=fps).start()
    source = FrameSource(sim.port, name="bench-camera")
    view = TimedView(source.frames, fps=30)
    view.resize(*view_size)
    try:
        source.open(10)
        view.show()
        received0 = source.frames.received
        deadline = time.monotonic() + 60
        while len(costs) < frames + 1 and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.002)
        received = source.frames.received - received0
    finally:
        view.hide()
        view.deleteLater()
        source.close()
        sim.stop()
    size = f"{width}x{height}"
    first, costs = costs[0], costs[1:]
    return {
        f"camera_frameview_{size}_ms_per_frame": round(statistics.median(costs), 2),
        f"camera_frameview_{size}_ms_per_frame_p95": round(_pct(costs, 0.95), 2),
        f"camera_frameview_{size}_ms_per_frame_max": round(max(costs), 2),
        f"camera_frameview_{size}_first_frame_ms": round(first, 2),
        f"camera_frameview_{size}_shown_pct": round(100 * min(1.0, (len(costs) + 1) / received),
                                                     1),
    }


def run(quick: bool) -> dict:
    # the encoder, the decoder and Qt all want the CPU: one measurement at a time
    figures: dict = {}
    n = 60 if quick else 300
    figures.update(bench_latency(640, 480, 30.0, n))
    figures.update(bench_latency(1280, 720, 15.0, n // 2))
    figures.update(bench_frameview(640, 480, (640, 480), 30.0, n))
    figures.update(bench_frameview(1280, 720, (960, 540), 15.0, n // 2))
    figures["camera_threads_left"] = sum(t.name.startswith(("frames-", "sim-bench"))
                                         for t in threading.enumerate())
    return figures


if __name__ == "__main__":
    import json
    import os
    import sys

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(json.dumps(run("--quick" in sys.argv), indent=2, ensure_ascii=False))
