"""The self-service printing operations (自助打印): a certificate generated as a PDF for a
person and period, its record, and the prints the kiosk reports.

The rules are :mod:`kiosk.central.documents`' (kinds and periods: :mod:`.kinds`), whose
handlers read the bodies through these models (:func:`.parts.checked`); the kiosk's side is
:mod:`kiosk.sync.documents`.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, RootModel

from kiosk import protocol as P
from kiosk.central.schemas import Operation
from kiosk.central.schemas.common import Model, Text
from kiosk.central.schemas.parts import LOOKUP_ERRORS, READ_ERRORS, RECORD_ERRORS, FromKiosk
from kiosk.central.schemas.values import Integer, Timestamp

_MONTH = r"[0-9]{4}-(0[1-9]|1[0-2])"


class _ForPerson(FromKiosk):
    """Who the certificate is for: what the kiosk's ID card reader read."""

    id_number: Text(P.ID_NUMBER_MAX, pattern=r"^[0-9]{17}[0-9Xx]$") = Field(
        description="18 characters, as on the ID card", examples=["110101199003070011"])
    # (some character str.strip() keeps: a name of blanks is no name)
    name: Text(40, pattern=r"^[^\x00]*[^\s\x00\x1c-\x1f][^\x00]*$") = Field(examples=["张三"])


class ContributionRecordRequest(_ForPerson):
    """社会保险个人参保证明 for the months ``from/to`` (at most 120, none in the future: else
    422 ``period_not_covered``)."""

    kind: Literal["ssc_record"]
    period: Text(P.DOCUMENT_PERIOD_MAX, pattern=rf"^{_MONTH}/{_MONTH}$") = Field(
        examples=["2024-01/2026-10"])


class TaxCertificateRequest(_ForPerson):
    """个人所得税纳税记录 of one past tax year (1990 to last year: else 422
    ``period_not_covered``)."""

    kind: Literal["tax_certificate"]
    period: Text(4, pattern=r"^[0-9]{4}$") = Field(examples=["2025"])


class CurrentRecordRequest(_ForPerson):
    """不动产登记信息 or 户籍信息摘录, as the register holds them today."""

    kind: Literal["property_info", "household_extract"]
    period: Literal["current", ""] | None = None


class DocumentRequest(RootModel):
    """A certificate to generate: the period's form depends on the kind."""

    root: Annotated[ContributionRecordRequest | TaxCertificateRequest | CurrentRecordRequest,
                    Field(discriminator="kind")]


class GeneratedDocument(Model):
    """The certificate: the PDF, its page count and the verification code the e-certificate
    register (``GET /v1/certificates/{code}``) knows as genuine."""

    document_id: str
    code: str
    kind: Literal[P.DOCUMENT_KINDS]
    title: str
    title_en: str
    period: str
    pages: int = Field(ge=1)
    verify_url: str
    valid_to: str = Field(json_schema_extra={"format": "date"})
    pdf: str = Field(json_schema_extra={"contentEncoding": "base64",
                                        "contentMediaType": "application/pdf"})


class DocumentRecord(Model):
    """A generated certificate's record (holder masked, no PDF) and how often it printed."""

    document_id: str
    code: str
    kind: Literal[P.DOCUMENT_KINDS]
    period: str
    holder: str
    kiosk_id: str
    pages: int
    created_at: str = Field(json_schema_extra={"format": "date-time"})
    prints: int
    failed_prints: int
    last_printed_at: str = Field(description="empty until a print")


class DocumentPrintRequest(FromKiosk):
    """A print (or a failed print) of a generated certificate."""

    outcome: Literal[P.DOCUMENT_PRINT_OUTCOMES]
    pages: Integer(0, description="pages printed") | None = None
    at: Timestamp | None = None


_TAGS = ("documents",)

OPERATIONS = {
    ("POST", P.DOCUMENTS): Operation(
        operation_id="generateDocument", tags=_TAGS,
        summary="Generate a certificate (自助打印) for a person and period, as a PDF",
        description="A read that creates: no idempotency record is kept (the PDF carries the "
                    "particulars; a retry makes a new document). The record keeps the ID "
                    "number as a keyed hash and the name masked. 422 `period_not_covered`: "
                    "the period is not over, too long, or before the records.",
        body=DocumentRequest, answers={200: GeneratedDocument},
        errors=(*LOOKUP_ERRORS, 422)),
    ("GET", P.DOCUMENT): Operation(
        operation_id="getDocument", tags=_TAGS,
        summary="One generated certificate's record, with how often it was printed",
        description="404 `unknown_document`.",
        answers={200: DocumentRecord}, errors=(*READ_ERRORS, 404)),
    ("POST", P.DOCUMENT_PRINTS): Operation(
        operation_id="recordDocumentPrint", tags=_TAGS,
        summary="A print (or failed print) of a certificate, through the kiosk's outbox",
        description="Counted once per Idempotency-Key (batchable). 404 `unknown_document`.",
        body=DocumentPrintRequest, answers={201: DocumentRecord},
        errors=(*RECORD_ERRORS, 404)),
}

__all__ = ["OPERATIONS"]
