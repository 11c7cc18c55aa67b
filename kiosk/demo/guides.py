"""The service guides for tests and screenshots: the reference server's demo set, as
``central.guides`` would give it (the index is built once per process: ~0.2 s)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from kiosk.guides import GuideIndex

#: the data file the reference server publishes (read as data: kiosk/central is not imported)
DEMO_GUIDES = Path(__file__).resolve().parents[1] / "central" / "demo_guides.json"


@lru_cache(maxsize=1)
def demo_guide_index() -> GuideIndex:
    return GuideIndex(json.loads(DEMO_GUIDES.read_text(encoding="utf-8")))


class DemoGuides:
    def __init__(self) -> None:
        self.asked = 0

    def index(self) -> GuideIndex:
        self.asked += 1
        return demo_guide_index()
