"""Stand-ins for the world, for tests and the screenshot command — never for a running kiosk.

No production path imports this package (tests/test_layers.py holds that): the kiosk that
citizens use talks to real devices (or their byte-level simulators) and the central servers.

- :class:`DemoQueueService`: an in-memory queue over the demo hall's categories (numbers,
  people ahead, estimated wait, 补号); :class:`DemoCentral` puts it behind the kiosk's
  central facade (``central.queue``, ``central.appointments``, ``central.staff``).
- :class:`ManualEffects`: records what the flow asked for; the caller resolves each request
  by hand (``resolve``/``fail``), which is how tests and the screenshot command put the flow
  into every state deterministically.
- :class:`DemoCard` and :func:`fictitious_id`: ID card data for tests, obviously fictitious.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.flows.effects import Request
from kiosk.flows.validate import age_on
from kiosk.demo.hall import demo_categories, demo_hall
from kiosk.services import Category, ServiceUnavailable, Ticket

class Refused(ServiceUnavailable):
    """The demo queue said no (as the real one's TicketRefused): trying again cannot help."""

    retry = False


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def fictitious_id(birth: date, seq: int = 1, region: str = "110101") -> str:
    """An 18-character ID number with a correct GB 11643 check digit (fictitious person)."""
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


@dataclass
class DemoCard:
    """Shaped like the ID driver's card data: the fields the ticket journey reads."""

    name: str = "张三"
    name_en: str = ""
    birth_date: date | None = date(1948, 5, 12)
    card_type: str = "resident"
    id_number: str = field(default="")
    wiped: bool = False

    def __post_init__(self) -> None:
        if not self.id_number and self.birth_date:
            self.id_number = fictitious_id(self.birth_date)

    def age_on(self, today: date) -> int | None:
        return age_on(self.birth_date, today)

    def wipe(self) -> None:
        self.name = self.name_en = self.id_number = ""
        self.birth_date = None
        self.wiped = True


def _prefixes() -> dict[str, str]:
    return {c["code"]: c["prefix"] for c in demo_hall()["categories"]}


def _service_minutes() -> dict[str, int]:
    return {c["code"]: int(c["avg_service_min"]) for c in demo_hall()["categories"]}


def demo_prefixes() -> tuple[str, ...]:
    return tuple(sorted(set(_prefixes().values())))


class DemoQueueService:
    """An in-memory queue for the demo hall. Thread-safe (called from a worker pool)."""

    def __init__(self, *, kiosk_id: str = "KSK-DEMO-01", waiting: dict[str, int] | None = None,
                 clock: Callable[[], datetime] = datetime.now, online: bool = True) -> None:
        self._categories = {c.code: c for c in demo_categories()}
        self._prefix = _prefixes()
        self._minutes = _service_minutes()
        self._lock = threading.Lock()
        # a plausible morning: some people already waiting in each category
        self._waiting = dict(waiting) if waiting is not None else {
            code: 2 + (i * 3) % 9 for i, code in enumerate(self._categories)}
        self._issued: dict[str, Ticket] = {}
        self._next = {code: 1 + self._waiting[code] * 2 for code in self._categories}
        self._clock = clock
        self._online = online
        self.kiosk_id = kiosk_id
        self.appointments: dict[tuple[str, str], str] = {}  # (id_number, category) → code

    def categories(self) -> list[Category]:
        return list(self._categories.values())

    def online(self) -> bool:
        return self._online

    def _number(self, code: str) -> str:
        n = self._next[code]
        self._next[code] = n + 1
        return f"{self._prefix[code]}{n:03d}"

    # print tracking (kiosk.sync.unprinted): the demo queue has no crash to recover from
    def printing(self, ticket) -> None:
        pass

    def printed(self, ticket) -> None:
        pass

    def void_unprinted(self, ticket) -> None:
        pass

    def take_ticket(self, category: str, *, priority_reason: str | None = None,
                    appointment_code: str | None = None, mobile: str | None = None) -> Ticket:
        cat = self._categories.get(category)
        if cat is None:
            raise Refused(f"unknown category {category!r}", "没有这个业务类别")
        with self._lock:
            ahead = self._waiting[category]
            if priority_reason or appointment_code:
                ahead = min(ahead, 1)  # priority: served next after the one being called
            number = self._number(category)
            self._waiting[category] += 1
            ticket = Ticket(
                number=number, category=cat.code, category_name=cat.name,
                category_name_en=cat.name_en, floor=cat.floor, windows=cat.windows,
                issued_at=self._clock(), ahead=ahead,
                est_wait_min=ahead * self._minutes.get(category, 10),
                priority="appointment" if appointment_code else priority_reason,
                kiosk_id=self.kiosk_id,
            )
            self._issued[number] = ticket
            return ticket

    def reissue(self, number: str) -> Ticket:
        with self._lock:
            missed = self._issued.get(number)
            if missed is None:
                code = next((c for c, p in self._prefix.items() if number.startswith(p)), None)
                digits = number[1:]
                if code is None or not digits.isdigit() or int(digits) >= self._next[code]:
                    raise Refused(
                        f"number {number} was not issued today",
                        f"今天没有发出过 {number} 号，请核对号票")
                cat = self._categories[code]
                missed = Ticket(number, code, cat.name, cat.name_en, cat.floor, cat.windows,
                                self._clock(), kiosk_id=self.kiosk_id)
            new_number = self._number(missed.category)
            ticket = Ticket(
                number=new_number, category=missed.category, category_name=missed.category_name,
                category_name_en=missed.category_name_en, floor=missed.floor,
                windows=missed.windows, issued_at=self._clock(), ahead=1,
                est_wait_min=self._minutes.get(missed.category, 10), reissued_from=number,
                kiosk_id=self.kiosk_id,
            )
            self._issued[new_number] = ticket
            return ticket

    def find_appointment(self, id_number: str, category: str) -> str | None:
        return self.appointments.get((id_number, category))

    def hall_state(self) -> dict:
        """The queue server's hall state, in its shape (one zone per category: enough for
        the tiles and the confirm screen)."""
        with self._lock:
            cats = [{"code": code, "waiting": n, "issued": self._next[code] - 1,
                     "est_wait_min": n * self._minutes.get(code, 10)}
                    for code, n in self._waiting.items()]
        return {"zones": [{"code": "all", "categories": cats}]}


@dataclass
class Pending:
    request: Request
    done: Callable
    failed: Callable

    @property
    def kind(self) -> str:
        return self.request.key

    @property
    def args(self) -> tuple:
        return self.request.args


#: the queue service's print tracking (kiosk.sync.unprinted): answered at once, recorded
PRINT_TRACKING = ("queue.printing", "queue.printed", "queue.void_unprinted")


class ManualEffects:
    """Effects that do nothing until told: ``resolve(key, value)`` / ``fail(key, exc)``, where
    key is ``"queue.take_ticket"``, ``"appointments.find"``, ``"printer.print"`` …

    Arming and disarming a reader, staff calls and mock actions are answered at once and
    recorded (``armed``, ``staff_calls``, ``mock_actions``)."""

    def __init__(self) -> None:
        self.pending: list[Pending] = []
        self.armed: dict[str, bool] = {}
        self.arm_count = 0
        self.staff_calls: list[tuple[str, str | None]] = []
        self.mock_actions: list[tuple[str, str, dict]] = []
        self.requests: list[Request] = []
        self.printed: list = []
        self.print_tracking: list[tuple[str, str]] = []  # (printing|printed|void_unprinted, number)

    # --- Effects
    def request(self, request: Request, done, failed) -> None:
        self.requests.append(request)
        if request.target == "device" and request.op in ("arm", "disarm"):
            self.armed[request.name] = request.op == "arm"
            self.arm_count += request.op == "arm"
            done(None)
        elif request.target == "central" and request.key in PRINT_TRACKING:
            self.print_tracking.append((request.op, request.args[0].number))
            done(None)
        elif request.target == "central" and request.key == "staff.call":
            self.staff_calls.append(tuple(request.args))  # type: ignore[arg-type]
            done(f"SC-{len(self.staff_calls):03d}")
        elif request.target == "mock":
            self.mock_actions.append((request.name, request.op, dict(request.kwargs)))
            done(None)
        else:
            if request.target == "print":
                self.printed.append(request.args[0])
            self.pending.append(Pending(request, done, failed))

    @property
    def idcard_armed(self) -> bool:
        return self.armed.get("idcard", False)

    def last(self, key: str) -> Request:
        """The last request of ``key`` ("queue.take_ticket" …), resolved or not."""
        for r in reversed(self.requests):
            if r.key == key:
                return r
        raise AssertionError(f"no {key} request was made")

    # --- driving
    def kinds(self) -> list[str]:
        return [p.kind for p in self.pending]

    def _pop(self, kind: str) -> Pending:
        for i, p in enumerate(self.pending):
            if p.kind == kind:
                return self.pending.pop(i)
        raise AssertionError(f"nothing pending of kind {kind!r} (pending: {self.kinds()})")

    def resolve(self, kind: str, value=None) -> Pending:
        p = self._pop(kind)
        p.done(value)
        return p

    def fail(self, kind: str, exc: BaseException) -> Pending:
        p = self._pop(kind)
        p.failed(exc)
        return p


class ServiceEffects(ManualEffects):
    """ManualEffects whose central requests are answered by a demo central when resolved."""

    def __init__(self, service: DemoQueueService) -> None:
        super().__init__()
        self.service = service
        self.central = DemoCentral(service)

    def resolve_service(self) -> Pending:
        """Answer the oldest pending central request from the demo central."""
        for p in self.pending:
            r = p.request
            if r.target != "central":
                continue
            self.pending.remove(p)
            try:
                value = getattr(getattr(self.central, r.name), r.op)(*r.args, **r.kwargs)
            except Exception as exc:  # noqa: BLE001 - handed to the flow like the real thing
                p.failed(exc)
            else:
                p.done(value)
            return p
        raise AssertionError(f"no central request pending (pending: {self.kinds()})")


class _Appointments:
    def __init__(self, service: DemoQueueService) -> None:
        self._service = service

    def find(self, id_number: str, category: str) -> str | None:
        return self._service.find_appointment(id_number, category)

    def by_code(self, code: str) -> dict:
        from kiosk.demo.camera import appointment_by_code

        return appointment_by_code(self._service, code, self._service._clock().date().isoformat())


class _Staff:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None]] = []

    def call(self, reason: str, ticket_number: str | None = None) -> str:
        self.calls.append((reason, ticket_number))
        return f"SC-{len(self.calls):03d}"


class DemoCentral:
    """The demo queue behind the kiosk's central facade (tests, benchmarks)."""

    def __init__(self, service: DemoQueueService | None = None) -> None:
        self.queue = service or DemoQueueService()
        self.appointments = _Appointments(self.queue)
        self.staff = _Staff()
        from kiosk.demo.lockers import DemoLockers  # the 24-hour locker's records

        self.lockers = DemoLockers()
        from kiosk.demo.identity import DemoIdentity, DemoPolice  # 人证核验, 公安自助

        self.identity = DemoIdentity()
        self.police = DemoPolice()
        from kiosk.demo.camera import DemoCertificates  # scan and portrait journeys

        self.certificates = DemoCertificates()
        from kiosk.demo.cases import DemoCaseDesk  # 在线申报, 审批进度 (and the portrait's)

        self.cases = DemoCaseDesk()
        from kiosk.demo.guides import DemoGuides  # 办事指南

        self.guides = DemoGuides()
        from kiosk.demo.payments import DemoEvaluations, DemoPayments  # 便民缴费, 好差评

        self.payments = DemoPayments()
        self.evaluations = DemoEvaluations()
        from kiosk.demo.documents import DemoDocuments  # 自助打印

        self.documents = DemoDocuments()

    def online(self) -> bool:
        return self.queue.online()

    def start(self) -> DemoCentral:
        return self

    def close(self) -> None:
        pass


class FakeClock:
    """Wall clock and monotonic clock that move only when told."""

    def __init__(self, now: datetime = datetime(2025, 3, 18, 10, 24)) -> None:  # a Tuesday
        self.now = now
        self.t = 1000.0

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        from datetime import timedelta

        self.now += timedelta(seconds=seconds)
        self.t += seconds


def demo_health(*, printer: bool | str = True, idcard: bool | str = True,
                server: bool | None = True, disk_free_mb: float | None = 10_000.0,
                mock: bool = True, **others: bool | str):
    """A Health snapshot: True = up, False = offline, or a problem code ("paper_out").
    ``others``: more device kinds by name (smartcard=True)."""
    from kiosk.flows.availability import DeviceHealth, Health

    devices = []
    for name, value in (("printer", printer), ("idcard", idcard), *others.items()):
        if value is None:
            continue
        up = value is True
        problem = None if up else ("offline" if value is False else str(value))
        devices.append(DeviceHealth(name, name, up, problem, mock))
    return Health(tuple(devices), server, disk_free_mb)


def demo_flow(*, clock: FakeClock | None = None, effects=None, service=None, mock=True,
              health=None, journeys=None, **kw):
    """A KioskFlow on the demo hall with fake effects and a fake clock: (flow, effects, clock).
    ``journeys``: specs (default: every registered journey)."""
    from kiosk.config import OfficeHoursSection
    from kiosk.flows.flow import KioskFlow
    from kiosk.flows.hours import OfficeHours
    from kiosk.journeys import load_journeys

    clock = clock or FakeClock()
    service = service or DemoQueueService(clock=clock)
    effects = effects or ServiceEffects(service)
    hall = demo_hall()["hall"]
    flow = KioskFlow(
        effects,
        hours=OfficeHours.from_settings(OfficeHoursSection(sessions=list(hall["office_hours"]))),
        journeys=load_journeys(entry_points_too=False) if journeys is None else journeys,
        categories=service.categories(),
        hall_name=hall["name"], hall_name_en=hall["name_en"],
        mock=mock, clock=clock, monotonic=clock.monotonic,
        health=health or demo_health(), **kw,
    )
    from kiosk.services import hall_by_category

    flow.set_hall(hall_by_category(service.hall_state()))
    return flow, effects, clock
