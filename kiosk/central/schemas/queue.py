"""The contract of the queue (取号叫号): health, the catalogue, tickets and their calling,
appointments (预约) and e-certificates (电子证照) with the public pages behind their QR codes.

Handlers: :mod:`kiosk.central.api` (CentralApp), stores :mod:`kiosk.central.store.tickets`,
``appointments``, ``certificates``; the catalogue :mod:`kiosk.central.catalogue`.
"""
from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from kiosk import protocol as P
from kiosk.central.schemas import Operation
from kiosk.central.schemas.common import Model, Text
from kiosk.central.schemas.values import Body, BodyKioskId, Mobile, Timestamp, body_schema

# refusals every authenticated read / idempotent write can give (the ASGI layer's and
# CentralApp's own): credential, kiosk id, path length, the kiosk's request rate; body,
# key, replay in progress, body too slow, no Content-Length, size, media type, key reused
READ_ERRORS = (401, 403, 414, 429)
WRITE_ERRORS = (400, 401, 403, 408, 409, 411, 413, 414, 415, 422, 429)
#: a read-only POST (the ID number in the body): no stored answer, so no 409 nor 422
LOOKUP_ERRORS = (400, 401, 403, 404, 408, 411, 413, 415, 429)
#: a body above the server's "large" size waits for one of a few slots: 503 busy
LARGE_ERRORS = (503,)
#: a public HTML page: its answers
PAGE = {200: None, 404: None}

TICKET_STATUSES = Literal["waiting", "called", "served", "missed", "reissued", "cancelled",
                          "expired"]


# ---------------------------------------------------------------------- health
class Health(Model):
    """The server is up: its protocol version and clock."""
    status: Literal["ok"]
    version: str = Field(examples=[P.VERSION])
    time: str = Field(description="the server's clock, ISO 8601 with offset")


# ---------------------------------------------------------------------- catalogue
class Hall(Model):
    """The hall the catalogue describes."""
    name: str
    name_en: str = ""
    office_hours: list[str] = Field(default_factory=list, examples=[["09:00-12:00"]])


class Zone(Model):
    """A zone of the hall (its floor, windows and number of service items)."""
    code: str
    name: str
    name_en: str = ""
    floor: int
    acceptance_windows: str | None = None
    certificate_windows: str | None = None
    items: int | None = None


class Category(Model):
    """A ticket category: its zone, number prefix, windows and mean service time."""
    code: str
    zone: str
    prefix: str = Field(description="the first letters of the category's ticket numbers")
    name: str
    name_en: str = ""
    windows: str = Field(examples=["C01–C12"])
    avg_service_min: int = 10
    description: str | None = Field(None, description="what the category covers, one line")
    description_en: str | None = None


class Material(Model):
    """One material an application needs."""
    name: str
    name_en: str | None = None
    copies: int | None = None
    original: bool | None = None
    required: bool | None = None
    lenient: bool | None = Field(None, description="may be supplied later (容缺受理)")


class TimeLimit(Model):
    """The statutory and promised time to decide, in working days."""
    legal_days: int | None = None
    promised_days: int | None = Field(None, description="the hall's promise; 0 = on the spot")
    note: str | None = None
    note_en: str | None = None


class ItemGuide(Model):
    """办事指南 in the catalogue: everything a citizen must know about an item, told once."""
    conditions: list[str] | None = None
    materials: list[Material] | None = None
    process: list[str] | None = None
    legal_basis: list[str] | None = None
    time_limit: TimeLimit | None = None
    fees: str | None = None
    windows: str | None = None
    notes: list[str] | None = None


class ServiceItem(Model):
    """A service item (办理事项) offered in the hall."""
    code: str
    category: str
    zone: str
    name: str
    name_en: str = ""
    self_service: bool = False
    guide: ItemGuide


class Catalogue(Model):
    """Zones, ticket categories and service items with their guides (ETag'd)."""
    schema_: int = Field(alias="schema", examples=[P.CATALOGUE_SCHEMA])
    hall: Hall
    zones: list[Zone]
    categories: list[Category]
    items: list[ServiceItem]


# ---------------------------------------------------------------------- hall state
class CategoryState(Model):
    """Today's figures of one category."""
    code: str
    waiting: int
    issued: int
    est_wait_min: int | None


class ZoneState(Model):
    """Today's figures of one zone and its categories."""
    code: str
    name: str
    floor: int
    waiting: int
    categories: list[CategoryState]


class HallState(Model):
    """People waiting per zone and category, tickets issued, estimated waits (today)."""
    day: str = Field(examples=["2026-03-18"])
    at: str
    zones: list[ZoneState]


# ---------------------------------------------------------------------- tickets
class TicketRequest(Body):
    """Take a ticket in a category (with a priority reason, an appointment to check in, a
    mobile number for the SMS call)."""
    category: Text(P.CATEGORY_MAX) = Field(description="a category code of the catalogue "
                                                       "(404 unknown_category otherwise)",
                                           examples=["police_household"])
    kiosk_id: BodyKioskId
    priority_reason: Text(P.PRIORITY_REASON_MAX) | None = Field(
        None, examples=["elderly_70", "disabled", "pregnant"])
    appointment_code: Text(P.APPOINTMENT_CODE_MAX) | None = Field(
        None, description="checks the appointment in (priority `appointment`): 404 "
                          "unknown_appointment, 422 appointment_other_day, "
                          "appointment_other_category, appointment_used. On an offline ticket "
                          "never refused: without a valid check-in the ticket keeps only its "
                          "priority_reason")
    mobile: Mobile | None = Field(None, description="for the SMS call: a mainland mobile, or "
                                                    "E.164 (+86 must be a mainland mobile)")


class OfflineTicketRequest(TicketRequest):
    """A ticket the kiosk issued while the queue server was unreachable: its own number (the
    kiosk's prefix, a hyphen, the category's number), joining the queue at ``issued_at``."""
    number: Text(P.TICKET_NUMBER_MAX, pattern=r"^[^\x00]*-[^\x00]*$") = Field(
        examples=["K01-C007"], description="holds a hyphen, which server numbers never do")
    issued_at: Timestamp
    supersedes_key: Text(200) | None = Field(
        None, description="the Idempotency-Key of the online attempt it replaced: that ticket "
                          "is cancelled if it reached the server after all")


class Ticket(Model):
    """A ticket as the server holds it: its place, the people ahead, where to go."""
    number: str = Field(examples=["C023", "K01-C007"])
    day: str = Field(examples=["2026-03-18"])
    category: str
    category_name: str
    category_name_en: str
    zone: str
    floor: int
    windows: str
    issued_at: str
    status: TICKET_STATUSES
    offline: bool
    kiosk_id: str
    ahead: int | None = Field(description="null unless waiting")
    est_wait_min: int | None
    priority: str | None
    reissued_from: str | None
    window: str | None
    track_path: str
    track_url: str = Field(description="the public page behind the ticket's QR code")


class VoidRequest(Body):
    """Cancel a ticket the kiosk asked for but never printed: by the take's Idempotency-Key,
    or (an offline ticket) by day and number."""
    kiosk_id: BodyKioskId
    take_key: Text(200) | None = None
    day: Text(10) | None = Field(None, examples=["2026-03-18"])
    number: Text(P.TICKET_NUMBER_MAX) | None = None
    reason: Text(40) | None = Field(None, examples=["not_printed"])

    model_config = ConfigDict(json_schema_extra=body_schema(anyOf=[
        {"required": ["take_key"], "properties": {"take_key": {"type": "string",
                                                               "minLength": 1}}},
        {"required": ["day", "number"],
         "properties": {"day": {"type": "string", "minLength": 1},
                        "number": {"type": "string", "minLength": 1}}}]))

    @model_validator(mode="after")
    def _named(self):
        if not self.take_key and not (self.day and self.number):
            raise ValueError("name the ticket: take_key, or day and number")
        return self


class VoidResult(Model):
    """Whether a waiting ticket was cancelled (an unknown one is no error)."""
    voided: bool
    found: bool
    number: str | None = None
    day: str | None = None
    status: str | None = None


class CallRequest(Body):
    """A window calls the next waiting number of a category."""
    category: Text(P.CATEGORY_MAX) = Field(examples=["police_household"])
    window: Text(P.WINDOW_MAX) = Field(examples=["C05"])


class CallResult(Model):
    """The ticket called, or null when nobody waits."""
    ticket: Ticket | None


class NoBody(Body):
    """No fields: the kiosk sends ``{}`` (any other field is ignored)."""


# ---------------------------------------------------------------------- appointments
class AppointmentLookup(Body):
    """Today's open appointment for an ID number (in the body: never in a URL)."""
    id_number: Text(P.ID_NUMBER_MAX)
    category: Text(P.CATEGORY_MAX) | None = Field(
        None, description="only an appointment in this category matches")
    kiosk_id: BodyKioskId


class Appointment(Model):
    """An appointment (预约): its day and slot, and whether it was checked in."""
    code: str = Field(examples=["YY20260318001"])
    category: str
    day: str
    slot: str = Field(examples=["09:30-10:00"])
    status: Literal["booked", "checked_in"]
    ticket_number: str | None


class Certificate(Model):
    """A genuine e-certificate's summary; the holder's name comes masked."""
    code: str
    genuine: Literal[True]
    status: Literal["valid", "revoked", "expired"]
    name: str = Field(examples=["居民户口簿"])
    name_en: str
    holder: str = Field(examples=["张*"])
    issuer: str
    issuer_en: str
    issued: str
    valid_to: str | None


# ---------------------------------------------------------------------- operations
_T = ("queue",)
OPERATIONS = {
    ("GET", P.HEALTH): Operation(
        "health", "Liveness (no authentication)", ("server",), answers={200: Health}),
    ("GET", P.TRACK_PAGE): Operation(
        "trackPage", "Public page a citizen opens from the ticket's QR code", ("pages",),
        answers=PAGE, media_type="text/html", errors=(414,)),
    ("GET", P.APPOINTMENT_PAGE): Operation(
        "appointmentPage", "Public page behind an appointment's QR code (kiosks read the code "
        "from this link)", ("pages",), answers=PAGE, media_type="text/html", errors=(414,)),
    ("GET", P.CERTIFICATE_PAGE): Operation(
        "certificatePage", "Public page behind an e-certificate's QR code (kiosks read the "
        "code from this link)", ("pages",), answers=PAGE, media_type="text/html",
        errors=(414,)),
    ("GET", P.CATALOGUE): Operation(
        "getCatalogue", "Zones, categories and service items with their guides", ("catalogue",),
        answers={200: Catalogue, 304: None}, errors=READ_ERRORS,
        description="Send the last ETag in If-None-Match: an unchanged catalogue answers 304."),
    ("GET", P.QUEUE_STATE): Operation(
        "hallState", "People waiting per zone and category, estimated waits", _T,
        answers={200: HallState}, errors=READ_ERRORS),
    ("POST", P.TICKETS): Operation(
        "issueTicket", "Issue a ticket for a category", _T, body=TicketRequest,
        answers={201: Ticket}, errors=WRITE_ERRORS + (404,)),
    ("POST", P.OFFLINE_TICKETS): Operation(
        "reconcileOfflineTicket", "Record a ticket the kiosk issued while the queue server was "
        "unreachable", _T, body=OfflineTicketRequest, answers={201: Ticket},
        errors=WRITE_ERRORS + (404,),
        description="The ticket joins the queue at the time it was issued, in the server's "
                    "time: the optional Kiosk-Clock header (the kiosk's clock when it sent "
                    "this) corrects a kiosk clock off by more than a minute. 422 "
                    "offline_number_taken: another kiosk holds this number (a shared prefix)."),
    ("POST", P.TICKET_VOIDS): Operation(
        "voidTicket", "Cancel a ticket the kiosk issued but never printed", _T, body=VoidRequest,
        answers={200: VoidResult}, errors=WRITE_ERRORS),
    ("GET", P.TICKET): Operation(
        "ticketStatus", "A ticket's state and the people ahead", _T, answers={200: Ticket},
        errors=READ_ERRORS + (404,)),
    ("POST", P.REISSUE): Operation(
        "reissueTicket", "补号 — a new number for a called or missed ticket, keeping its place",
        _T, body=NoBody, answers={201: Ticket}, errors=WRITE_ERRORS + (404,)),
    ("POST", P.MISSED): Operation(
        "markMissed", "A window reports that a called number did not come", _T, body=NoBody,
        answers={200: Ticket}, errors=WRITE_ERRORS + (404,)),
    ("POST", P.CALL_NEXT): Operation(
        "callNext", "A window calls the next waiting number of a category", _T,
        body=CallRequest, answers={200: CallResult}, errors=WRITE_ERRORS + (404,)),
    ("POST", P.APPOINTMENT_LOOKUP): Operation(
        "findAppointment", "Today's open appointment for a card holder (ID number in the body)",
        ("appointments",), body=AppointmentLookup, answers={200: Appointment},
        errors=LOOKUP_ERRORS,
        description="A read-only POST (the ID number must not be in a URL): answered, never "
                    "stored. 404 no_appointment, or unknown_category. Not allowed in a batch."),
    ("GET", P.APPOINTMENT): Operation(
        "appointmentByCode", "One appointment by its code (a scanned appointment QR code)",
        ("appointments",), answers={200: Appointment}, errors=READ_ERRORS + (400, 404)),
    ("GET", P.CERTIFICATE): Operation(
        "verifyCertificate", "Is this e-certificate (电子证照) code genuine, and what is it",
        ("certificates",), answers={200: Certificate}, errors=READ_ERRORS + (400, 404)),
}
