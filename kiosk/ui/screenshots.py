"""Render every scene to PNG, offscreen: ``kiosk ui screenshots OUTDIR``."""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.ui.scenes import SCENES, VARIANTS, Scene, Variant, stage

log = logging.getLogger(__name__)

SIZE = (1920, 1080)


@dataclass
class Shot:
    path: Path
    scene: str
    variant: str
    overflow: tuple[int, int] | None  # the window had to grow to this size: content too big
    problems: list[str]  # kiosk.ui.audit findings


def open_scene(scene: Scene, variant: Variant, translations, size=SIZE):
    """A shown (offscreen) window with the flow brought to ``scene``: (window, flow, effects)."""
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.window import KioskWindow

    flow, fx, clock = stage(scene, variant)
    window = KioskWindow(flow, translations, kiosk_mode=False)
    window.resize(*size)
    window.show()
    QApplication.processEvents()
    return window, flow, fx


def close_scene(window) -> None:
    """Shut ``window`` down and delete it now: a run of hundreds of scenes keeps none of them
    (deleteLater alone waits for an event loop that processEvents() is not, and every
    window kept holds its screens, its flow and its journeys: gigabytes by the end)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window.shutdown()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def render_all(outdir: Path, *, variants: Iterable[Variant] = VARIANTS,
               scenes: Iterable[Scene] = SCENES, size=SIZE) -> list[Shot]:
    from kiosk.ui.app import make_app
    from kiosk.ui.audit import audit
    from kiosk.ui.i18n import Translations, ensure_built

    app = make_app()
    try:
        ensure_built()
    except RuntimeError as exc:
        log.warning("translations not built (%s): English screenshots will be Chinese", exc)
    translations = Translations(app)
    shots = []
    scenes = list(scenes)
    for variant in variants:
        folder = outdir / variant.name
        folder.mkdir(parents=True, exist_ok=True)
        for scene in scenes:
            window, flow, fx = open_scene(scene, variant, translations, size)
            grown = (window.width(), window.height())
            overflow = grown if grown[0] > size[0] or grown[1] > size[1] else None
            if overflow:
                log.warning("%s/%s: content needs %dx%d, more than %dx%d", variant.name,
                            scene.name, *grown, *size)
            path = folder / f"{scene.name}.png"
            window.grab().save(str(path))
            problems = audit(window, elder=variant.elder, size=size)
            for p in problems:
                log.warning("%s/%s: %s", variant.name, scene.name, p)
            shots.append(Shot(path, scene.name, variant.name, overflow, problems))
            close_scene(window)
    return shots
