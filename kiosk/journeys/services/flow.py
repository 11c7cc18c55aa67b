"""办事指南, step by step (no Qt).

menu (life events, broad categories, zones, "search") → list of items, or search (on-screen
keyboard, results as the citizen types) → the item's guide → print the checklist, or take a
number for it (the ticket journey, its category chosen).

The guides' index is asked for once when the journey starts (``central.guides.index()``,
off the Qt thread: the first time it may come from the server); every keystroke then
searches it in memory, a few milliseconds for 700 items (bench/bench_guides.py).
"""
from __future__ import annotations

import math

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.guides.checklist import GuideChecklist
from kiosk.journeys.base import Journey
from kiosk.journeys.steps.printing import PrintStep

LOADING, MENU, LIST, SEARCH, GUIDE = "loading", "menu", "list", "search", "guide"
PRINTING, PRINTED, PRINT_FAILED = "printing", "printed", "print_failed"

#: keyboard layouts: pinyin letters (typed as latin, matched as pinyin) or digits
LETTERS, DIGITS = "letters", "digits"
#: the query's length limit: a name in pinyin is rarely longer
MAX_QUERY = 40
#: search results shown (the best first; a citizen who has not found it types on)
RESULTS = 8
RESULTS_ELDER = 4
#: items per page of a browsed list
PAGE_SIZE = 8
PAGE_SIZE_ELDER = 4
#: browse groups: life event, broad category (theme), zone
BY_EVENT, BY_THEME, BY_ZONE = "event", "theme", "zone"


class ServicesJourney(Journey):
    FIRST_STEP = LOADING
    INPUT_STEPS = frozenset({SEARCH})
    RESULT_STEPS = frozenset({PRINTED})

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.index = None  # kiosk.guides.GuideIndex, once loaded
        self.query = ""
        self.layout = LETTERS
        self.hits: list = []
        self.group: tuple[str, str] | None = None  # (BY_*, code) being browsed
        self.page = 0
        self.item: dict | None = None
        self.came_from = MENU
        self.printing = self.uses(PrintStep(self, working_step=PRINTING, done_step=PRINTED,
                                            failed_step=PRINT_FAILED))

    # ------------------------------------------------------------------ loading
    def start(self) -> None:
        self._load()

    def _load(self) -> None:
        self.working = "loading"
        self.go(LOADING)  # (also on "try again" from the error screen)
        self.central.guides.index().then(self._loaded, self._load_failed)

    def _loaded(self, index) -> None:
        self.working = None
        self.index = index
        self.go(SEARCH if self.opened_by == "search" else MENU)
        self.shell.after_work()

    def _load_failed(self, exc: BaseException) -> None:
        self.fail("guides_unavailable", (Action.RETRY, Action.HOME), retry=self._load, exc=exc)

    # ------------------------------------------------------------------ browse
    def life_events(self) -> list[dict]:
        return list(self.index.life_events.values()) if self.index else []

    def themes(self) -> list[dict]:
        return list(self.index.themes.values()) if self.index else []

    def zones(self) -> list:
        """The hall's zones (kiosk.services.Category per zone: name, floor) with items."""
        if self.index is None:
            return []
        have = set(self.index.zones())
        seen: dict = {}
        for c in self.shell.state.categories:
            if c.zone in have and c.zone not in seen:
                seen[c.zone] = c
        return [seen[z] for z in sorted(seen)]

    @tap
    def browse(self, kind: str, code: str) -> None:
        if not self.at(MENU) or self.index is None:
            return
        self.group = (kind, code)
        self.page = 0
        self.go(LIST)

    def group_items(self) -> list[dict]:
        if self.group is None or self.index is None:
            return []
        kind, code = self.group
        return {BY_EVENT: self.index.by_life_event, BY_THEME: self.index.by_theme,
                BY_ZONE: self.index.by_zone}[kind](code)

    def page_size(self) -> int:
        return PAGE_SIZE_ELDER if self.shell.state.elder else PAGE_SIZE

    def page_count(self) -> int:
        return max(1, math.ceil(len(self.group_items()) / self.page_size()))

    def visible_items(self) -> list[dict]:
        self.page = min(self.page, self.page_count() - 1)
        size = self.page_size()
        return self.group_items()[self.page * size:(self.page + 1) * size]

    @tap
    def page_next(self) -> None:
        if self.at(LIST):
            self.page = min(self.page + 1, self.page_count() - 1)

    @tap
    def page_prev(self) -> None:
        if self.at(LIST):
            self.page = max(self.page - 1, 0)

    # ------------------------------------------------------------------ search
    @tap
    def open_search(self) -> None:
        if self.at(MENU):
            self.go(SEARCH)

    @tap
    def key(self, ch: str) -> None:
        if self.at(SEARCH) and len(self.query) < MAX_QUERY and len(ch) == 1:
            self.query += ch.lower()
            self._search()

    @tap
    def backspace(self) -> None:
        if self.at(SEARCH) and self.query:
            self.query = self.query[:-1]
            self._search()

    @tap
    def clear(self) -> None:
        if self.at(SEARCH):
            self.query = ""
            self._search()

    @tap
    def toggle_layout(self) -> None:
        if self.at(SEARCH):
            self.layout = DIGITS if self.layout == LETTERS else LETTERS

    def type_text(self, text: str) -> None:
        """A whole query at once (a hardware keyboard, tests): as if typed key by key."""
        for ch in text:
            self.key(ch)

    def _search(self) -> None:
        limit = RESULTS_ELDER if self.shell.state.elder else RESULTS
        self.hits = self.index.search(self.query, limit) if self.index and self.query else []

    # ------------------------------------------------------------------ the guide
    @tap
    def open_item(self, code: str) -> None:
        if not self.at(LIST, SEARCH) or self.index is None:
            return
        item = self.index.item(code)
        if item is None:
            return
        self.came_from = self.step
        self.item = item
        self.go(GUIDE)

    @property
    def can_print(self) -> bool:
        return self.kind_up("printer")

    @tap
    def print_checklist(self) -> None:
        if self.at(GUIDE) and self.item is not None and self.can_print:
            self.printing.start(GuideChecklist(self.item, self.shell.state.hall_name,
                                               self.shell.clock()))

    @tap
    def reprint(self) -> None:
        self.printing.reprint()

    @tap
    def back_to_guide(self) -> None:
        if self.at(PRINTED, PRINT_FAILED):
            self.go(GUIDE)

    def ticket_status(self):
        """(can take a number now, why not: a kiosk.flows.availability.Reason or None)."""
        if self.item is None:
            return False, None
        status = self.shell.function("ticket")
        if "ticket" not in self.shell.journeys or not any(
                c.code == self.item["category"] for c in self.shell.state.categories):
            return False, None
        return status.available, status

    @tap
    def take_number(self) -> None:
        """取号 for this item: the ticket journey, started as from its tile, with the item's
        category chosen — the next screen is its confirm step. Through the shell's own entry
        points (home, open), so the ticket journey needs no hook of its own."""
        if not self.at(GUIDE) or self.item is None or not self.ticket_status()[0]:
            return
        category = self.item["category"]
        shell = self.shell
        shell.go_home()  # (drops this journey: nothing personal in it anyway)
        shell.open("ticket")
        ticket = shell.journey
        if ticket is not None and ticket.spec.name == "ticket":
            ticket.choose_category(category)

    # ------------------------------------------------------------------ navigation
    def back(self) -> None:
        if self.step == GUIDE:
            self.item = None
            self.go(self.came_from)
        elif self.step in (LIST, SEARCH):
            self.go(MENU)
        elif self.step in (PRINTED, PRINT_FAILED):
            self.go(GUIDE)
        else:
            self.shell.go_home()

    @tap
    def finish(self) -> None:
        self.shell.finish()

    def wipe(self) -> None:
        super().wipe()
        self.query = ""
        self.hits = []
        self.item = None
