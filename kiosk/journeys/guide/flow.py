"""The hall guide: one floor at a time (fewer items per screen)."""
from __future__ import annotations

from kiosk.flows.notify import tap
from kiosk.journeys.base import Journey

FLOORS = "floors"


class GuideJourney(Journey):
    FIRST_STEP = FLOORS

    def __init__(self, shell) -> None:
        super().__init__(shell)
        floors = self.floors()
        self.floor: int | None = floors[0] if floors else None

    def floors(self) -> list[int]:
        return sorted({c.floor for c in self.shell.state.categories})

    @tap
    def show_floor(self, floor: int) -> None:
        if self.at(FLOORS) and floor in self.floors():
            self.floor = floor
