"""The locker's doors recorded whoever is at the screen: the link from the cabinet's events
to its records (``central.lockers``), running as long as the kiosk does.

A journey sees door events only while it runs; a door forced open at 3 a.m., a door that
closes after its citizen walked away, a board that comes back after a power cut happen with
nobody at the screen. This watcher takes every locker event off the device bus and records
it on one thread of its own (in order, never on the device's worker, which must keep
polling):

- ``BoardFound`` (the first answer after start-up, or a board back after an outage): the
  compartments are read and :meth:`~kiosk.sync.lockers.Lockers.reconcile` flags every
  difference between what the board reports and what the kiosk recorded — the power cut
  between an unlock and a door closing is found here;
- ``DoorOpened``/``DoorClosed``: the record's door follows;
- ``DoorForced``: flagged and staff called; ``DoorLeftOpen`` (the second reminder): flagged;
- ``BoardLost``: its compartments' doors are unknown in the records.
"""
from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from drivers.kinds.locker import (
    BoardFound,
    BoardLost,
    DoorClosed,
    DoorForced,
    DoorLeftOpen,
    DoorOpened,
)

log = logging.getLogger(__name__)

KIND = "locker"


class LockerWatch:
    def __init__(self, manager, lockers, *, call_staff: Callable[[str], object] | None = None,
                 read_timeout: float = 10.0) -> None:
        self.manager = manager
        self.lockers = lockers  # central.lockers
        self.call_staff = call_staff
        self.read_timeout = read_timeout
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self.reconciled = threading.Event()  # set after each reconciliation (tests, logs)
        self.flags: list[tuple[str, int, str]] = []  # raised by this watcher: device, n, flag

    def start(self) -> LockerWatch:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="locker-watch", daemon=True)
            self._thread.start()
            self._unsubscribe = self.manager.events.subscribe(self._on_event)
        return self

    def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(5)
            self._thread = None

    # ------------------------------------------------------------------ events
    def _on_event(self, event: object) -> None:
        """On the device's worker: only queue the work (the worker must keep polling)."""
        if isinstance(event, (BoardFound, BoardLost, DoorOpened, DoorClosed, DoorForced,
                              DoorLeftOpen)):
            handle = self.manager.handles.get(getattr(event, "device", ""))
            if handle is not None and handle.kind == KIND:
                self._jobs.put(event)

    def _run(self) -> None:
        while True:
            event = self._jobs.get()
            if event is None:
                return
            try:
                self._record(event)
            except Exception:  # noqa: BLE001 - one failed record must not stop the watcher
                log.exception("locker event %s not recorded", type(event).__name__)

    def _record(self, event) -> None:
        device = event.device
        if isinstance(event, BoardFound):
            self._reconcile(device, set(event.compartments))
        elif isinstance(event, BoardLost):
            self.lockers.board_lost(device, event.compartments)
        elif isinstance(event, DoorOpened):
            self.lockers.door(device, event.compartment, "open", None)
        elif isinstance(event, DoorClosed):
            self.lockers.door(device, event.compartment, "closed", event.occupied)
        elif isinstance(event, DoorForced):
            log.warning("%s: compartment %d forced open", device, event.compartment)
            if self.lockers.alarm(device, event.compartment, "door_forced",
                                  "opened with no unlock"):
                self._flagged(device, event.compartment, "door_forced")
        elif isinstance(event, DoorLeftOpen) and event.count == 2:
            if self.lockers.alarm(device, event.compartment, "left_open",
                                  f"open for {event.seconds:.0f} s"):
                self.flags.append((device, event.compartment, "left_open"))

    def _reconcile(self, device: str, numbers: set[int]) -> None:
        handle = self.manager.handles.get(device)
        try:
            board = handle.call("compartments", lambda d: d.compartments(), self.read_timeout)
        except Exception as exc:  # noqa: BLE001 - the next BoardFound tries again
            log.warning("%s: compartments not read for reconciliation: %s", device, exc)
            return
        raised = self.lockers.reconcile(device, {n: c for n, c in board.items()
                                                 if n in numbers})
        self.flags += [(device, n, flag) for n, flag in raised]
        self.reconciled.set()

    def _flagged(self, device: str, n: int, flag: str) -> None:
        self.flags.append((device, n, flag))
        if self.call_staff is not None:
            try:
                self.call_staff(f"locker:{device}:{n}:{flag}")
            except Exception as exc:  # noqa: BLE001 - the flag is recorded already
                log.warning("staff call for %s %d not queued: %s", device, n, exc)


def watch_lockers(manager, central) -> LockerWatch | None:
    """Start watching every locker the manager has (None when it has none); the kiosk runs
    it once at start-up (the locker journeys' ``recover`` hook). A cabinet that answered
    before the watcher subscribed is reconciled now; one that answers later, on its
    ``BoardFound``."""
    if manager is None or central is None or not manager.by_kind(KIND) \
            or getattr(central, "lockers", None) is None:
        return None
    staff = getattr(central, "staff", None)
    watch = LockerWatch(manager, central.lockers,
                        call_staff=staff.call if staff is not None else None).start()
    for handle in manager.by_kind(KIND):
        if handle.connected:  # its BoardFound may have come and gone already
            numbers = getattr(handle.device, "layout", None)
            numbers = tuple(numbers.slots) if numbers is not None else ()
            watch._jobs.put(BoardFound(handle.name, -1, numbers))
    return watch
