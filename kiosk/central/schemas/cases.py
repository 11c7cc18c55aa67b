"""The contract of cases (办件): a submission with inline attachments, materials uploaded in
chunks (在线申报) and the commit that has the case accepted, its progress (审批进度), a
citizen's cases by ID number, and the satisfaction ratings (好差评).

Handlers: :mod:`kiosk.central.api`, :mod:`kiosk.central.case_routes`; stores
:mod:`kiosk.central.store.cases`, ``case_uploads``, ``evaluations``.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from kiosk import protocol as P
from kiosk.central.schemas import Operation
from kiosk.central.schemas.common import Model, Text
from kiosk.central.schemas.queue import (
    LARGE_ERRORS,
    LOOKUP_ERRORS,
    PAGE,
    READ_ERRORS,
    WRITE_ERRORS,
    NoBody,
)
from kiosk.central.schemas.values import (
    Base64,
    Body,
    BodyKioskId,
    Integer,
    JsonObject,
    Mobile,
    Sha256,
    Timestamp,
)

AttachmentKind = Literal[P.ATTACHMENT_KINDS]  # type: ignore[valid-type]
_SEQ = Integer(0, 2**31 - 1, "the order within the case")


# ---------------------------------------------------------------------- a case
class Applicant(Body):
    """Who applies (stored sealed; the ID number also as a keyed hash for lookups)."""
    name: Text(80) = ""
    id_number: Text(P.ID_NUMBER_MAX) = ""
    mobile: Mobile | Literal[""] | None = Field(None, description="for the SMS notices; "
                                                                   "\"\" or null: none")


class Attachment(Body):
    """A scan, portrait or document, whole, base64 in the body (up to 8 MiB decoded)."""
    attachment_id: Text(P.UUID_MAX)
    seq: _SEQ | None = Field(None, description="the order within the case (inline: its "
                                               "position by default)")
    kind: AttachmentKind
    name: Text(P.ATTACHMENT_NAME_MAX) = Field(None, description="default: its kind")
    content_type: Text(P.CONTENT_TYPE_MAX) = Field(
        None, description="default: application/octet-stream")
    sha256: Sha256 = Field(description="of the decoded data (422 checksum when it differs)")
    data_b64: Base64(P.MAX_ATTACHMENT_BYTES)


class CaseRequest(Body):
    """Submit an application (办件), optionally with its attachments inline."""
    case_id: Text(P.UUID_MAX) = Field(description="chosen by the kiosk (UUID); 422 "
                                                  "case_exists when it was submitted before")
    kiosk_id: BodyKioskId
    item_code: Text(P.ITEM_CODE_MAX) = Field(description="a service item of the catalogue "
                                                         "(404 unknown_item otherwise)",
                                             examples=["tax-invoice"])
    applicant: Applicant | None = None
    form: JsonObject | None = Field(None, description="the application's fields")
    submitted_at: Timestamp
    attachments: list[Attachment] | None = None


class CaseEvent(Model):
    """One step of a case: when, the status it reached, a note for the citizen."""
    at: str
    status: str
    note: str


class Case(Model):
    """A case as received, with its events."""
    case_id: str
    item_code: str
    status: str
    submitted_at: str
    attachments: int = Field(description="how many are stored")
    events: list[CaseEvent]


class AttachmentStored(Model):
    """An attachment stored with its case."""
    attachment_id: str
    case_id: str
    seq: int
    size: int
    sha256: str


# ---------------------------------------------------------------------- chunked uploads
class UploadAnnounce(Body):
    """Announce a file of a case: its size, sha256 and chunk size (again with the same
    metadata is fine: a resumed upload; other metadata is 422 upload_mismatch)."""
    seq: _SEQ
    kind: AttachmentKind
    name: Text(P.ATTACHMENT_NAME_MAX)
    content_type: Text(P.CONTENT_TYPE_MAX)
    size: Integer(0, P.MAX_UPLOAD_BYTES)
    sha256: Sha256 = Field(description="of the whole file (checked at completion)")
    chunk_bytes: Integer(1, P.MAX_UPLOAD_CHUNK_BYTES)


class UploadState(Model):
    """What the server has of an announced upload: the offsets of the chunks it keeps."""
    case_id: str
    attachment_id: str
    size: int
    sha256: str
    chunk_bytes: int
    complete: bool
    offsets: list[int] = Field(description="the chunks kept (empty once complete)")
    bytes_received: int


class Chunk(Body):
    """One chunk at its offset (a multiple of chunk_bytes), with its sha256; kept once."""
    offset: Integer(0, P.MAX_UPLOAD_BYTES)
    sha256: Sha256 = Field(description="of this chunk (422 checksum when it differs)")
    data_b64: Base64(P.MAX_UPLOAD_CHUNK_BYTES)


class ChunkKept(Model):
    """A chunk the server keeps (or kept already)."""
    attachment_id: str
    offset: int
    size: int
    sha256: str


class UploadComplete(AttachmentStored):
    """The chunks joined, the file's sha256 checked, the attachment stored."""
    status: Literal["complete"]


class CommitRequest(Body):
    """Every listed attachment is in: have the case accepted (受理)."""
    attachments: list[Text(P.UUID_MAX)] | None = Field(None, description="their ids")
    missing: list[Text()] | None = Field(
        None, description="materials brought to the window later (容缺受理)")
    delivery: Literal[P.DELIVERY_METHODS] = "pickup"  # type: ignore[valid-type]


class Collect(Model):
    """Where and when to collect the result."""
    where: str
    when: str


class CaseProgress(Model):
    """A case's stage (received, accepted, in_review, missing_materials, approved,
    ready_for_collection, delivered), events, what is missing, where to collect."""
    case_id: str
    item_code: str
    item_name: str
    item_name_en: str
    status: str
    submitted_at: str
    attachments: int
    missing: list[str]
    missing_en: list[str]
    delivery: Literal[P.DELIVERY_METHODS] | None  # type: ignore[valid-type]
    collect: Collect | None
    events: list[CaseEvent]


class CaseLookup(Body):
    """A citizen's cases by ID number (in the body: never in a URL)."""
    id_number: Text(P.ID_NUMBER_MAX)
    kiosk_id: BodyKioskId


class CaseList(Model):
    """A citizen's cases, newest first (at most 20)."""
    cases: list[CaseProgress]


# ---------------------------------------------------------------------- evaluations
class EvaluationRequest(Body):
    """A citizen's rating (好差评) of a ticket, a case or the kiosk, 1 (very unsatisfied) to
    5, at the end of a journey."""
    evaluation_id: Text(P.UUID_MAX) = Field(description="chosen by the kiosk (UUID)")
    kiosk_id: BodyKioskId
    subject_type: Literal[P.EVALUATION_SUBJECTS]  # type: ignore[valid-type]
    subject: Text(P.EVALUATION_SUBJECT_MAX)
    score: Integer(min(P.SCORES), max(P.SCORES))
    tags: list[Text(40)] | None = Field(None, max_length=P.EVALUATION_TAGS_MAX,
                                        description="reasons of a low score (codes)")
    comment: Text(P.EVALUATION_COMMENT_MAX) | None = Field(
        None, description="preset phrases the citizen chose")
    journey: Text(P.EVALUATION_JOURNEY_MAX) | None = Field(None,
                                                           description="the journey it ended")
    at: Timestamp


class EvaluationRecorded(Model):
    """The rating is recorded."""
    evaluation_id: str
    recorded: bool


# ---------------------------------------------------------------------- operations
_C = ("cases",)
_CASE_ERRORS = WRITE_ERRORS + (404,)
OPERATIONS = {
    ("POST", P.CASES): Operation(
        "submitCase", "Submit an application (optionally with its attachments inline)", _C,
        body=CaseRequest, answers={201: Case}, errors=_CASE_ERRORS + LARGE_ERRORS,
        max_body=16 * 1024 * 1024,
        description="422 case_exists (the id was used), attachment_exists, checksum (an "
                    "attachment's sha256 does not match its data)."),
    ("GET", P.CASE): Operation(
        "caseStatus", "A case's status and events", _C, answers={200: Case},
        errors=READ_ERRORS + (404,)),
    ("POST", P.ATTACHMENTS): Operation(
        "addAttachment", "Add a scan, portrait or document to a case (after it, in seq order)",
        _C, body=Attachment, answers={201: AttachmentStored}, errors=_CASE_ERRORS + LARGE_ERRORS,
        max_body=12 * 1024 * 1024,
        description="413 too_large beyond 8 MiB decoded; 422 attachment_exists, checksum."),
    ("GET", P.UPLOAD): Operation(
        "uploadStatus", "What the server has of an announced upload", _C,
        answers={200: UploadState}, errors=READ_ERRORS + (404,)),
    ("POST", P.UPLOAD): Operation(
        "announceUpload", "Announce a file (size, sha256, chunk size); again with the same "
        "metadata is fine", _C, body=UploadAnnounce, answers={200: UploadState},
        errors=_CASE_ERRORS),
    ("POST", P.UPLOAD_CHUNKS): Operation(
        "uploadChunk", "One chunk at its offset, with its sha256; kept once", _C, body=Chunk,
        answers={200: ChunkKept}, errors=_CASE_ERRORS + LARGE_ERRORS, max_body=6 * 1024 * 1024,
        description="422 upload_mismatch when the offset is not a chunk of this upload or "
                    "the chunk's length is not the announced one; 422 checksum."),
    ("POST", P.UPLOAD_COMPLETE): Operation(
        "completeUpload", "Join the chunks, check the file's sha256, store the attachment "
        "(idempotent)", _C, body=NoBody, answers={201: UploadComplete}, errors=_CASE_ERRORS,
        description="409 upload_incomplete (chunks missing: GET says which); 422 checksum "
                    "(the joined file differs: its chunks are dropped, send them again)."),
    ("POST", P.CASE_COMMIT): Operation(
        "commitCase", "Every listed attachment is in; the case is accepted (受理), once", _C,
        body=CommitRequest, answers={200: CaseProgress}, errors=_CASE_ERRORS,
        description="409 case_not_ready: some listed attachment is not complete yet."),
    ("GET", P.CASE_PROGRESS): Operation(
        "caseProgress", "A case's stage, events, what is missing, where and when to collect",
        _C, answers={200: CaseProgress}, errors=READ_ERRORS + (404,)),
    ("POST", P.CASE_LOOKUP): Operation(
        "findCases", "A citizen's cases, newest first (the ID number in the body)", _C,
        body=CaseLookup, answers={200: CaseList},
        errors=tuple(e for e in LOOKUP_ERRORS if e != 404),
        description="A read-only POST: answered, never stored. Not allowed in a batch."),
    ("GET", P.CASE_PAGE): Operation(
        "caseProgressPage", "Public page behind an acceptance receipt's QR code", ("pages",),
        answers=PAGE, media_type="text/html", errors=(414,)),
    ("POST", P.EVALUATIONS): Operation(
        "submitEvaluation", "A citizen's satisfaction rating (好差评)", ("evaluations",),
        body=EvaluationRequest, answers={201: EvaluationRecorded}, errors=WRITE_ERRORS,
        description="422 evaluation_exists: this evaluation id was recorded before."),
}
