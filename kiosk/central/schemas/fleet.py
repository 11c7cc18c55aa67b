"""The contract of the fleet and the hall's screens: kiosks' heartbeats, the fleet (JSON, a
page, Prometheus metrics), staff calls, and the zones' big screens (叫号屏).

Handlers: :mod:`kiosk.central.api`, :mod:`kiosk.central.web`; :mod:`kiosk.central.fleet`,
:mod:`kiosk.central.display`, stores ``heartbeats`` and ``staff_calls``.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from kiosk import protocol as P
from kiosk.central.schemas import Operation
from kiosk.central.schemas.common import Model, Text
from kiosk.central.schemas.queue import WRITE_ERRORS
from kiosk.central.schemas.values import (
    Body,
    BodyKioskId,
    Bool,
    Integer,
    JsonObject,
    Number,
    Timestamp,
)


# ---------------------------------------------------------------------- heartbeats
class Backlog(Body):
    """The kiosk's outbox: what waits to be delivered, what a technician must look at."""
    pending: Integer(0) | None = None
    parked: Integer(0) | None = None
    delivered: Integer(0) | None = None
    oldest_pending_age_s: Number | None = None
    last_success_at: str | None = None


class DeviceHealth(Body):
    """One device as its kind's contract judges it (the server knows no device kinds)."""
    name: str | None = None
    kind: str | None = None
    state: str | None = None
    axes: JsonObject | None = Field(None, description="supply/media axis → value "
                                                          "(paper: near_end …)")
    up: Bool | None = Field(None, description="the kind's contract says it can serve")
    problem: str | None = Field(None, description="why not (paper_out …)")
    warning: str | None = Field(None, description="works, staff soon (hopper_low …)")
    mock: Bool | None = None
    operations: Integer() | None = None
    failures: Integer() | None = None
    last_error: str | None = None


class Supply(Body):
    """A supply count: paper printed since the roll change, cards left in a hopper, cards in
    a reject bin."""
    device: str | None = None
    item: str | None = Field(None, examples=["paper", "card_hopper", "reject_bin"])
    value: Integer() | None = None
    warning: Bool | None = None
    sensor: str | None = None


class Heartbeat(Body):
    """A kiosk's health: outbox backlog, free disk, devices, supplies, version, uptime."""
    kiosk_id: BodyKioskId
    at: Timestamp | None = Field(None, description="when the kiosk wrote it (an older beat "
                                                   "arriving late does not replace the state)")
    backlog: Backlog | None = None
    disk_free_mb: Number | None = None
    disk_reserve_mb: Number | None = None
    catalogue_etag: str | None = None
    relay_failures: Integer() | None = None
    interval_s: Number | None = Field(None, description="seconds between heartbeats")
    hall: str | None = None
    hall_en: str | None = None
    mode: str | None = Field(None, examples=["demo", "production"])
    version: str | None = None
    uptime_s: Number | None = None
    last_restart_reason: str | None = None
    devices: list[DeviceHealth] | None = None
    supplies: list[Supply] | None = None


class HeartbeatRecorded(Model):
    """The beat is recorded: the server's clock, to compare with the kiosk's."""
    kiosk_id: str
    server_time: str


# ---------------------------------------------------------------------- the fleet
class Alert(Model):
    """An alert derived from a kiosk's last heartbeat and its age."""
    code: str = Field(examples=["silent", "paper_out", "hopper_low", "backlog_old"])
    severity: Literal["warning", "alert"]
    device: str
    detail: str


class KioskState(Model):
    """One kiosk as the fleet sees it."""
    id: str
    hall: str
    hall_en: str
    last_seen: str
    age_s: float
    beats: int
    status: Literal["ok", "warning", "alert", "silent"]
    alerts: list[Alert]
    devices: list[dict[str, Any]]
    supplies: list[dict[str, Any]]
    backlog: dict[str, Any]
    disk_free_mb: float | None
    version: str | None
    uptime_s: float | None
    mode: str | None
    mock: bool
    last_restart_reason: str | None
    reported_at: str | None
    interval_s: float | None


class Thresholds(Model):
    """When the fleet raises an alert."""
    silent_after_s: float
    backlog_age_s: float
    disk_low_mb: float
    hopper_low: int
    reject_bin_full: int


class Fleet(Model):
    """Every kiosk's last heartbeat with its status and alerts; counts by status."""
    at: str
    thresholds: Thresholds
    counts: dict[str, int] = Field(description="kiosks by status")
    kiosks: list[KioskState]


# ---------------------------------------------------------------------- staff calls
class StaffCallRequest(Body):
    """A citizen pressed "call staff" on a kiosk (delivered through its outbox); recorded
    once per call_id."""
    call_id: Text(P.UUID_MAX) = Field(description="chosen by the kiosk (UUID)")
    kiosk_id: BodyKioskId
    reason: Text(P.STAFF_CALL_REASON_MAX) = Field(description="the screen, e.g. "
                                                              "print_failed:paper_out")
    ticket_number: Text(P.TICKET_NUMBER_MAX) | None = None
    at: Timestamp = Field(description="when the button was pressed")


class StaffCallRecorded(Model):
    """The call is recorded (a replay of its call_id answers alike)."""
    call_id: str
    recorded: bool
    reason: str
    ticket_number: str | None


# ---------------------------------------------------------------------- hall screens
class DisplayZone(Model):
    """The zone a screen shows."""
    code: str
    name: str
    name_en: str
    floor: int
    windows: str


class DisplayCall(Model):
    """A number called, and where to go."""
    number: str
    window: str
    category_name: str
    category_name_en: str
    called_at: str


class DisplayCategory(Model):
    """People waiting in a category, and the estimated wait."""
    code: str
    name: str
    name_en: str
    waiting: int
    est_wait_min: int | None


class ZoneDisplay(Model):
    """What a zone's big screen shows: the calls (newest first), people waiting, people
    served (called) today, waiting and estimated wait per category."""
    day: str
    at: str
    zone: DisplayZone
    calling: list[DisplayCall]
    waiting: int
    served_today: int
    categories: list[DisplayCategory]


# ---------------------------------------------------------------------- operations
_PUBLIC = ("fleet",)
OPERATIONS = {
    ("POST", P.HEARTBEATS): Operation(
        "heartbeat", "Device health, supplies and outbox backlog of one kiosk (its own only)",
        _PUBLIC, body=Heartbeat, answers={200: HeartbeatRecorded}, errors=WRITE_ERRORS),
    ("GET", P.FLEET): Operation(
        "fleet", "Every kiosk's last heartbeat with its status (ok, warning, alert, silent) "
        "and the alerts derived from it (no authentication, no personal data)", _PUBLIC,
        answers={200: Fleet}),
    ("GET", P.FLEET_PAGE): Operation(
        "fleetPage", "The fleet as a live web page for technicians", ("pages",),
        answers={200: None}, media_type="text/html"),
    ("GET", P.METRICS): Operation(
        "metrics", "The fleet in the Prometheus text format (kiosk_up, kiosk_alert …)",
        _PUBLIC, answers={200: None}, media_type="text/plain"),
    ("GET", P.DISPLAY): Operation(
        "zoneDisplay", "What a zone's big screen shows", ("displays",),
        answers={200: ZoneDisplay}, errors=(404, 414)),
    ("GET", P.DISPLAY_PAGE): Operation(
        "zoneDisplayPage", "A zone's hall display (叫号屏): Chinese and English in turn "
        "(?lang_s= seconds each, default 6)", ("pages",), answers={200: None},
        errors=(404, 414), media_type="text/html"),
    ("GET", P.DISPLAY_INDEX): Operation(
        "zoneDisplays", "Links to every zone's display page", ("pages",), answers={200: None},
        media_type="text/html"),
    ("POST", P.STAFF_CALLS): Operation(
        "callStaff", "A citizen pressed \"call staff\" on a kiosk", ("staff",),
        body=StaffCallRequest, answers={201: StaffCallRecorded}, errors=WRITE_ERRORS,
        description="`at` is when the button was pressed, which may be long before a call "
                    "made during a network outage arrives. 422 call_exists: the call id "
                    "belongs to another kiosk."),
}
