"""Document camera (高拍仪) figures, on rendered desk scenes (drivers.camera.doc_scenes).

- ``docscan_still_12mp_ms`` (median, ``_p95_ms``): find the page, straighten it, enhance it
  (kiosk.scanning.page.scan_page) on a 4000×3000 still — the work the camera's worker does
  once per page. Target < 300 ms. ``docscan_still_12mp_encode_ms``: the JPEG under the size
  limit on top of that (kiosk.scanning.pdf.encode_page), for scale.
- ``docscan_preview_outline_fps`` (and ``_ms`` per frame): the page outline on an 800×600
  preview frame (find_page without refinement), as the live screen's analysis loop runs it.
  Target ≥ 15 fps.
- ``docscan_corner_error_max_pct``: the worst corner's error over every scene and
  perspective, as a share of the page diagonal (the tests hold it under 1 %).
"""
from __future__ import annotations

import statistics
import time

import numpy as np


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(quick: bool) -> dict:
    from drivers.camera.doc_scenes import DOCUMENTS, PLACEMENTS, DeskScene
    from kiosk.scanning.page import find_page, scan_page
    from kiosk.scanning.pdf import encode_page

    out: dict = {}
    stills = [DeskScene("application", PLACEMENTS[i]).render(4000, 3000) for i in (0, 1, 2)]
    scan_page(stills[0], layout="a4")  # warm-up: OpenCV's first calls allocate
    runs = 6 if quick else 30
    times, enc = [], []
    for i in range(runs):
        still = stills[i % len(stills)]
        t0 = time.perf_counter()
        page = scan_page(still, layout="a4")
        t1 = time.perf_counter()
        encode_page(page.image, dpi=page.dpi, max_bytes=500_000)
        t2 = time.perf_counter()
        times.append((t1 - t0) * 1000)
        enc.append((t2 - t1) * 1000)
    out["docscan_still_12mp_ms"] = round(statistics.median(times), 1)
    out["docscan_still_12mp_p95_ms"] = round(_pct(times, 0.95), 1)
    out["docscan_still_12mp_encode_ms"] = round(statistics.median(enc), 1)

    frames = [DeskScene(d, PLACEMENTS[i]).render(800, 600)
              for d in DOCUMENTS for i in range(len(PLACEMENTS))]
    n = 60 if quick else 600
    t0 = time.perf_counter()
    for i in range(n):
        find_page(frames[i % len(frames)], refine=False)
    per = (time.perf_counter() - t0) / n
    out["docscan_preview_outline_ms"] = round(per * 1000, 2)
    out["docscan_preview_outline_fps"] = round(1 / per, 1)

    worst = 0.0
    for d in DOCUMENTS:
        for p in PLACEMENTS:
            scene = DeskScene(d, p)
            truth = scene.corners(800, 600)
            found = find_page(scene.render(800, 600))
            if found is None:
                worst = float("inf")
                continue
            diag = np.linalg.norm(truth[0] - truth[2])
            worst = max(worst, float(np.linalg.norm(found.corners - truth, axis=1).max() / diag))
    out["docscan_corner_error_max_pct"] = round(worst * 100, 3)
    return out
