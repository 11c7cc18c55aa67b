"""The contract of the 24-hour lockers (24小时自助文件柜): compartment events, a kiosk's
compartments as the server has them, the pickup lookup by ID number.

Handlers: :mod:`kiosk.central.api`; store :mod:`kiosk.central.store.lockers`.
"""
from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from kiosk import protocol as P
from kiosk.central.schemas import Operation
from kiosk.central.schemas.common import Model, Text
from kiosk.central.schemas.queue import LOOKUP_ERRORS, READ_ERRORS, WRITE_ERRORS
from kiosk.central.schemas.values import Body, BodyKioskId, Bool, Integer, Timestamp, body_schema

Size = Literal[P.LOCKER_SIZES]  # type: ignore[valid-type]
Status = Literal[P.LOCKER_STATUSES]  # type: ignore[valid-type]
Door = Literal["open", "closed", "unknown"]


class LockerEvent(Body):
    """A change of one compartment, delivered in order per compartment and recorded once per
    event_id: reserved, dropoff (materials for ``case_id``), collected, loaded (a finished
    certificate, with its ``pickup_code``: the server texts it to the case's mobile),
    picked_up (``holder``: the masked name), flagged (``flag``), resolved, released,
    technician_open, door. An unknown case_id is recorded with the event, not refused."""
    event_id: Text(P.UUID_MAX) = Field(description="chosen by the kiosk (UUID)")
    kiosk_id: BodyKioskId
    device: Text(P.LOCKER_DEVICE_MAX) = Field(description="the cabinet's name in devices.toml")
    compartment: Integer(1, 10_000, "the number on the door")
    size: Size
    event: Literal[P.LOCKER_EVENT_KINDS]  # type: ignore[valid-type]
    status: Status = Field(description="the compartment's record after the event")
    door: Door
    occupied: Bool | None = Field(None, description="null: no item sensor, or not seen")
    case_id: Text(P.UUID_MAX) | None = None
    flag: Text(P.LOCKER_FLAG_MAX) | None = Field(None, examples=["interrupted", "door_forced"])
    detail: Text(P.LOCKER_DETAIL_MAX) | None = None
    by: Text(20) | None = Field(None, examples=["citizen", "staff", "technician"])
    holder: Text(40) | None = Field(None, description="the masked name (picked_up)")
    pickup_code: Text(P.PICKUP_CODE_LEN, pattern=r"^[0-9]*$") | None = Field(
        None, description="loaded: its digits, sent by SMS (required then)")
    at: Timestamp

    model_config = ConfigDict(json_schema_extra=body_schema(**{
        "if": {"properties": {"event": {"const": "loaded"}}, "required": ["event"]},
        "then": {"required": ["pickup_code"],
                 "properties": {"pickup_code": {"type": "string", "minLength": 1}}}}))

    @model_validator(mode="after")
    def _loaded_has_code(self):
        if self.event == "loaded" and not self.pickup_code:
            raise ValueError("a loaded event carries its pickup_code (digits)")
        return self


class Compartment(Model):
    """A compartment as its last event left it."""
    device: str
    compartment: int
    size: Size
    status: Status
    case_id: str | None
    door: Door
    occupied: bool | None
    flag: str | None
    updated_at: str


class LockerEventRecorded(Model):
    """The event is recorded; the compartment as the server now has it."""
    event_id: str
    recorded: bool
    compartment: Compartment | None


class PickupLookup(Body):
    """Which compartments of this kiosk hold a certificate for an ID number (in the body:
    never in a URL)."""
    id_number: Text(P.ID_NUMBER_MAX)
    kiosk_id: BodyKioskId


class Pickup(Model):
    """A loaded compartment whose case was applied for with that ID number."""
    device: str
    compartment: int
    case_id: str


class Pickups(Model):
    """The compartments (at least one)."""
    compartments: list[Pickup]


class KioskLockers(Model):
    """Every compartment the kiosk has told about."""
    kiosk_id: str
    compartments: list[Compartment]


_L = ("lockers",)
OPERATIONS = {
    ("POST", P.LOCKER_EVENTS): Operation(
        "lockerEvent", "A change of one 24-hour locker compartment", _L, body=LockerEvent,
        answers={201: LockerEventRecorded}, errors=WRITE_ERRORS,
        description="422 locker_event_exists: the event id belongs to another kiosk."),
    ("POST", P.LOCKER_PICKUP_LOOKUP): Operation(
        "findPickup", "Which compartments of this kiosk hold a certificate for an ID number",
        _L, body=PickupLookup, answers={200: Pickups}, errors=LOOKUP_ERRORS,
        description="A read-only POST: answered, never stored. 404 no_pickup. Not allowed in "
                    "a batch."),
    ("GET", P.KIOSK_LOCKERS): Operation(
        "kioskLockers", "The server's view of a kiosk's compartments (its own only)", _L,
        answers={200: KioskLockers}, errors=READ_ERRORS),
}
