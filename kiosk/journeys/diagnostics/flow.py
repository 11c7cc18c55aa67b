"""The diagnostics mode step by step: a menu of pages, each page's data asked of the kiosk's
technician services (:mod:`kiosk.admin`, Request target "admin"), actions that report what
they did. No Qt; the staff gate in front of it and its end at the idle timeout are the
shell's."""
from __future__ import annotations

from typing import Any

from kiosk.flows.effects import Request
from kiosk.flows.notify import tap
from kiosk.journeys.base import Journey, Notice, Pending
from kiosk.journeys.steps.keypad import KeypadEntry

MENU = "menu"
DEVICES = "devices"
SUPPLIES = "supplies"
HOPPER = "hopper"  # typing how many cards went into a dispenser's hopper
OUTBOX = "outbox"
SYSTEM = "system"
LOGS = "logs"
FAULTS = "faults"  # mock mode only: the simulators' fault switches

PAGES = (DEVICES, SUPPLIES, OUTBOX, SYSTEM, LOGS, FAULTS)
#: what each page shows, by the admin operations that fill it
PAGE_DATA = {DEVICES: ("devices",), SUPPLIES: ("supplies",), OUTBOX: ("outbox",),
             SYSTEM: ("system", "network"), LOGS: ("logs",), FAULTS: ("faults",)}
HOPPER_DIGITS = 4


class DiagnosticsJourney(Journey):
    FIRST_STEP = MENU

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.data: dict[str, Any] = {}  # admin operation → its last answer
        self.loading: set[str] = set()
        self.load_errors: dict[str, str] = {}
        self.selected_device: str | None = None
        self.report: dict | None = None  # the last health check's report
        self.selected_entry: int | None = None  # a parked outbox entry
        self.hopper_device: str | None = None
        self.hopper = self.uses(KeypadEntry(self, HOPPER, max_digits=HOPPER_DIGITS))

    def ask(self, op: str, *args: Any, **kwargs: Any) -> Pending:
        """One of the kiosk's technician services (kiosk.admin.OPERATIONS)."""
        return Pending(self, Request("admin", "admin", op, args, kwargs))

    def start(self) -> None:
        super().start()
        self.ask("opened").then()  # the audit trail notes the mode was opened

    # ------------------------------------------------------------------ pages
    def pages(self) -> tuple[str, ...]:
        """The pages this kiosk has: the fault switches only when devices are simulated."""
        return tuple(p for p in PAGES if p != FAULTS or self.shell.state.mock)

    @tap
    def open_page(self, page: str) -> None:
        if self.at(MENU) and page in self.pages():
            self.notice = None
            self.report = None
            self.go(page)
            self.refresh()

    @tap
    def refresh(self) -> None:
        """Ask again for what the page in front shows."""
        if self.step in PAGE_DATA and self.at(self.step):
            for op in PAGE_DATA[self.step]:
                self._load(op)

    def _load(self, op: str) -> None:
        self.loading.add(op)

        def done(value) -> None:
            self.loading.discard(op)
            self.load_errors.pop(op, None)
            self.data[op] = value
            self._keep_selection()

        def failed(exc: BaseException) -> None:
            self.loading.discard(op)
            self.load_errors[op] = str(exc)

        self.ask(op).then(done, failed)

    def _keep_selection(self) -> None:
        names = [d["name"] for d in self.data.get("devices") or []]
        if self.selected_device not in names:
            self.selected_device = names[0] if names else None
        parked = [e["id"] for e in (self.data.get("outbox") or {}).get("parked_entries", [])]
        if self.selected_entry not in parked:
            self.selected_entry = parked[0] if parked else None

    # ------------------------------------------------------------------ actions
    def _act(self, op: str, *args: Any, after: str | None = None) -> None:
        """Run an action; its outcome becomes the page's notice and the page is asked again."""
        if self.busy:
            return
        self.working = op
        self.notice = None

        def done(value) -> None:
            self.working = None
            self.notice = Notice("done", subject=op, detail=_summary(op, value))
            if op == "check":
                self.report = value
            self.shell.after_work()
            if after is not None:
                self.go(after)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.working = None
            self.notice = Notice("failed", subject=op, detail=str(exc))
            self.shell.after_work()

        self.ask(op, *args).then(done, failed)

    @tap
    def select_device(self, name: str) -> None:
        if self.at(DEVICES) and not self.busy:
            self.selected_device = name
            self.report = None
            self.notice = None

    @tap
    def check(self, level: str) -> None:
        """The selected device's health check: internal (status) or external (prints a test
        ticket, moves a card)."""
        if self.at(DEVICES) and self.selected_device and level in ("internal", "external"):
            self.report = None
            self._act("check", self.selected_device, level)

    @tap
    def paper_new(self, device: str) -> None:
        if self.at(SUPPLIES):
            self._act("set_supply", device, "paper", "new")

    @tap
    def bin_emptied(self, device: str) -> None:
        if self.at(SUPPLIES):
            self._act("set_supply", device, "reject_bin", 0)

    @tap
    def refill_hopper(self, device: str) -> None:
        if self.at(SUPPLIES) and not self.busy:
            self.hopper_device = device
            self.hopper.value = ""
            self.notice = None
            self.go(HOPPER)

    @tap
    def hopper_confirm(self) -> None:
        if self.at(HOPPER) and self.hopper.digits and self.hopper_device:
            self._act("set_supply", self.hopper_device, "card_hopper", int(self.hopper.digits),
                      after=SUPPLIES)

    @tap
    def select_entry(self, entry_id: int) -> None:
        if self.at(OUTBOX) and not self.busy:
            self.selected_entry = entry_id

    @tap
    def release(self) -> None:
        """Send the selected parked entry again."""
        if self.at(OUTBOX) and self.selected_entry is not None:
            self._act("release", self.selected_entry)

    @tap
    def sync(self) -> None:
        if self.at(OUTBOX):
            self._act("force_sync")

    @tap
    def toggle_fault(self, device: str, fault: str) -> None:
        if not self.at(FAULTS):
            return
        for d in self.data.get("faults") or []:
            if d["device"] == device and fault in d["faults"]:
                self._act("set_fault", device, fault, fault not in d["active"])

    @tap
    def back(self) -> None:
        if self.busy:
            return
        self.notice = None
        if self.step == MENU:
            self.shell.go_home()  # the staff screen
        elif self.step == HOPPER:
            self.go(SUPPLIES)
        else:
            self.report = None
            self.go(MENU)

    def wipe(self) -> None:
        super().wipe()
        self.data.clear()
        self.report = None


def _summary(op: str, value: Any) -> str:
    """A short technical line about an action's outcome (shown after the page's own words)."""
    if op == "check" and isinstance(value, dict):
        return "ok" if value.get("ok") else (value.get("error") or "failed")
    if op == "set_supply" and isinstance(value, dict):
        return f"{value.get('device')} {value.get('item')} = {value.get('value')}"
    if op == "release":
        return str(value)
    if op == "set_fault" and isinstance(value, dict):
        return ", ".join(value.get("active") or []) or "-"
    if op == "force_sync" and isinstance(value, dict):
        return " ".join(f"{k}={v}" for k, v in value.items())
    return ""
