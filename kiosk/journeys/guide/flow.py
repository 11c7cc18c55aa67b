"""The hall guide: one floor at a time, drawn as a map with the kiosk's own place; choosing a
zone shows the way there (and the lift, when it is on another floor)."""
from __future__ import annotations

from kiosk.flows.notify import tap
from kiosk.journeys.base import Journey

FLOORS = "floors"


class GuideJourney(Journey):
    FIRST_STEP = FLOORS

    def __init__(self, shell) -> None:
        super().__init__(shell)
        floors = self.floors()
        here = shell.kiosk_floor
        self.floor: int | None = here if here in floors else (floors[0] if floors else None)
        self.zone: str | None = None  # the zone the citizen asked the way to

    def floors(self) -> list[int]:
        return sorted({c.floor for c in self.shell.state.categories})

    def zones(self) -> list[tuple[str, list]]:
        """(zone code, its categories) on the floor shown, in code order."""
        found: dict[str, list] = {}
        for c in self.shell.state.categories:
            if c.floor == self.floor:
                found.setdefault(c.zone, []).append(c)
        return sorted(found.items())

    @property
    def here(self) -> bool:
        """The kiosk stands on the floor shown."""
        return self.floor == self.shell.kiosk_floor

    @tap
    def show_floor(self, floor: int) -> None:
        if self.at(FLOORS) and floor in self.floors():
            self.floor = floor
            self.zone = None

    @tap
    def choose_zone(self, code: str) -> None:
        if self.at(FLOORS) and code in dict(self.zones()):
            self.zone = None if self.zone == code else code
