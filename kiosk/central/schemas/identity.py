"""The identity service (人证核验: face checks, fingerprint templates) and the police
self-service documents and traffic fines that follow a passed check.

The rules are :mod:`kiosk.central.identity.routes`', which reads every body through these
models (:func:`.parts.checked`); the kiosk's side is :mod:`kiosk.sync.identity` and
:mod:`kiosk.sync.police`.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kiosk import protocol as P
from kiosk.central.identity.documents import KINDS as POLICE_KINDS
from kiosk.central.schemas import Operation
from kiosk.central.schemas.common import Model, Text
from kiosk.central.schemas.parts import LOOKUP_ERRORS, PUBLIC_ERRORS, FromKiosk
from kiosk.central.schemas.values import Base64, Body, Integer

IdNumber = Annotated[Text(32), Field(examples=["11010119800101003X"])]
#: bytes of one decoded picture (the handler's MAX_PICTURE)
MAX_PICTURE = 2 * 1024 * 1024
#: the fingerprint template formats the service hands out (the handler's TEMPLATE_SIZES)
TemplateFormat = Literal["ministry", "zfm", "gt521f"]
#: a face check carries two pictures at most (base64: 4 characters per 3 bytes), and a few
#: short fields
FACE_CHECK_BODY = 2 * (-(-MAX_PICTURE // 3) * 4) + 4096
#: a picture, base64, of one byte at least (the handler refuses an empty one)
Picture = Annotated[Base64(MAX_PICTURE), Field(min_length=4)]


class FaceCheckRequest(FromKiosk):
    """The card's ID number, one live face picture and, when the kiosk's reader could decode
    it, the chip photo (else the photo of record is the reference)."""

    id_number: IdNumber
    live_face: Picture = Field(
        description="one JPEG of the citizen's face, taken after a blink (≤ 2 MiB)")
    card_photo: Picture | None = Field(
        None, description="the chip photo (BMP/JPEG) when the kiosk could decode it")


class FingerprintTemplateRequest(FromKiosk):
    """Whose template, in which format (default ``ministry``: only certified modules match
    it)."""

    id_number: IdNumber
    format: TemplateFormat | None = None


class FingerprintMatch(Body):
    """A match on the kiosk's own pad against the template handed out: the authenticated
    kiosk's word."""

    method: Literal["fingerprint"]
    score: Integer(1)


#: a passed check: the face check's ``verification`` token, or a fingerprint match
Verification = Annotated[
    Text(200) | FingerprintMatch,
    Field(description="the face check's `verification`, or {method: fingerprint, score}; "
                      "anything else is a 403 identity_not_verified",
          examples=[{"method": "fingerprint", "score": 87}])]


class DocumentHolder(Body):
    """What the ID card says, as the document prints it."""

    name: Text(80)
    id_number: IdNumber
    gender: Text(8) | None = None
    birth_date: Text(10) | None = Field(None, description="YYYY-MM-DD as printed")
    ethnicity: Text(20) | None = None
    address: Text(200) | None = None


class PoliceDocumentRequest(FromKiosk):
    """A document after a passed identity check: the same Idempotency-Key gives the same
    document again."""

    kind: Literal[tuple(POLICE_KINDS)]
    purpose: Text(40)
    holder: DocumentHolder
    verification: Verification


class TrafficFinesRequest(FromKiosk):
    """Whose fines (after a passed identity check)."""

    id_number: IdNumber
    verification: Verification


class FaceCheckAnswer(Model):
    """Match or not, a score 0..100 (40 is dlib's 0.6 threshold); a match carries a
    ``verification`` good for one document request within 15 minutes."""

    match: bool
    score: int = Field(ge=0, le=100)
    method: str = Field(examples=["dlib-resnet128", "lbp-histogram-baseline", "forced"])
    verification: str | None = None
    expires_at: str | None = Field(None, json_schema_extra={"format": "date-time"})


class FingerprintTemplate(Model):
    """The template (base64) the kiosk's pad verifies the finger against."""

    format: TemplateFormat
    template: str = Field(json_schema_extra={"contentEncoding": "base64"})


class PoliceDocument(Model):
    """The issued document: codes, the masked holder and the A4 PDF."""

    code: str = Field(description="the verification code on the document")
    pickup_code: str
    kind: Literal[tuple(POLICE_KINDS)]
    title: str
    title_en: str
    holder: str = Field(description="masked")
    issued_at: str = Field(json_schema_extra={"format": "date-time"})
    valid_days: int
    verify_url: str
    pdf: str = Field(json_schema_extra={"contentEncoding": "base64",
                                        "contentMediaType": "application/pdf"})


class TrafficFine(Model):
    """One fine and its payment notice (paid through ``/v1/payments/orders``)."""

    notice: str
    at: str
    place: str
    place_en: str
    offence: str
    offence_en: str
    plate: str
    plate_en: str
    points: int
    amount_fen: int
    paid: bool


class TrafficFines(Model):
    """The person's traffic fines, paid or not."""

    fines: list[TrafficFine]


class DocumentVerified(Model):
    """A genuine document: kind, masked holder, issue time and the PDF's digest."""

    code: str
    kind: str
    holder: str
    issued_at: str
    pdf_sha256: str
    valid: bool


_TAGS = ("identity",)

OPERATIONS = {
    ("POST", P.IDENTITY_FACE_CHECKS): Operation(
        operation_id="identityFaceCheck", tags=_TAGS,
        summary="Is the live face the ID card's holder? (人证核验)",
        description="A read-only lookup: answered, never stored, never logged with its body. "
                    "422 `identity_no_face` (no face in the live picture, or not a picture) or "
                    "`identity_no_reference` (no photo to compare with).",
        body=FaceCheckRequest, answers={200: FaceCheckAnswer}, errors=(*LOOKUP_ERRORS, 422),
        max_body=FACE_CHECK_BODY),
    ("POST", P.IDENTITY_FINGER_TEMPLATES): Operation(
        operation_id="identityFingerprintTemplate", tags=_TAGS,
        summary="The person's fingerprint template the kiosk's pad verifies against",
        description="A read-only lookup. The reference server's templates are fictitious: "
                    "finger \"1\" of the fingerprint simulators.",
        body=FingerprintTemplateRequest, answers={200: FingerprintTemplate}, errors=LOOKUP_ERRORS),
    ("POST", P.POLICE_DOCUMENTS): Operation(
        operation_id="policeIssueDocument", tags=("police",),
        summary="Issue a police self-service document after a passed identity check",
        description="Answered with the A4 PDF, the verification code and a pick-up code; not "
                    "kept as an idempotent answer (the PDF carries the particulars): the same "
                    "Idempotency-Key gives the same document again, another kind or person "
                    "with it is a 422 `idempotency_key_reused`. 403 `identity_not_verified`.",
        body=PoliceDocumentRequest, answers={201: PoliceDocument}, errors=(*LOOKUP_ERRORS, 422)),
    ("POST", P.POLICE_TRAFFIC_FINES): Operation(
        operation_id="policeTrafficFines", tags=("police",),
        summary="A verified person's traffic fines (交通违法缴款)",
        description="Each fine names its payment notice (处罚决定书编号), paid through "
                    "`POST /v1/payments/orders` with `notice`. 403 `identity_not_verified`.",
        body=TrafficFinesRequest, answers={200: TrafficFines}, errors=LOOKUP_ERRORS),
    ("GET", P.POLICE_VERIFY): Operation(
        operation_id="policeVerifyDocument", tags=("police",),
        summary="Is this police document genuine? (public; the QR code on the document)",
        description="404 `unknown_document`: no document with this code was issued.",
        answers={200: DocumentVerified}, errors=(*PUBLIC_ERRORS, 404)),
}

__all__ = ["OPERATIONS"]
