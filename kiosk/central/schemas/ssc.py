"""The social-security card operations (社保卡): lookups, the SMS proof, loss reports, and a
replacement card's application, script and reports.

The rules are :mod:`kiosk.central.ssc.store`'s; its handlers read every body through these
models (:func:`.parts.checked`), with the protocol's limits. The kiosk's side is
:mod:`kiosk.sync.ssc`.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from kiosk import protocol as P
from kiosk.central.schemas import Operation
from kiosk.central.schemas.common import Model, Text
from kiosk.central.schemas.parts import (
    LOOKUP_ERRORS,
    READ_ERRORS,
    RECORD_ERRORS,
    FromKiosk,
    Hex,
    PathId,
    any_of,
    either,
)
from kiosk.central.schemas.values import Body, Bool, Timestamp, body_schema

# the examples are the reference server's demo people (demo_ssc.toml: fictitious)
IdNumber = Annotated[Text(P.ID_NUMBER_MAX), Field(examples=["110101198506150035"])]
CardNumber = Annotated[Text(P.SSC_CARD_NUMBER_MAX), Field(examples=["A00000011"])]
#: the card identification code (卡识别码): 32 ASCII letters and digits on a real card
CardIdCode = Annotated[Text(P.SSC_CARD_ID_LEN, pattern=r"^[0-9A-Za-z]*$"),
                      Field(examples=["110100D156200K000000000000000011"])]
Challenge = Annotated[Hex(P.SSC_CHALLENGE_LEN, exact=P.SSC_CHALLENGE_LEN),
                     Field(description="the card's 8-byte challenge",
                           examples=["0011223344556677"])]
CardStatus = Literal["active", "lost", "replaced", "at_hall", "cancelled"]
ApplicationState = Literal["open", "card_bound", "written", "delivered", "retained",
                           "cancelled"]


# ----------------------------------------------------------------------------- requests
class IdCardProof(Body):
    """The kiosk read the person's ID card."""

    method: Literal["idcard"]


class SmsProof(Body):
    """An SMS code was checked: the token the code check answered (half an hour)."""

    method: Literal["sms"]
    token: Text(200)


Identity = Annotated[IdCardProof | SmsProof, Field(discriminator="method")]


class SscLookupRequest(FromKiosk):
    """Whose cards: by ID number (the ID card, or a number proven by SMS) or by the card
    number a card's EF05 holds."""

    model_config = ConfigDict(json_schema_extra=body_schema(
        **any_of(("id_number",), ("card_number",))))
    id_number: IdNumber | None = None
    card_number: CardNumber | None = None
    _given = either(("id_number",), ("card_number",))


class SscPersonRequest(FromKiosk):
    """The person an SMS code goes to (the mobile number on record)."""

    id_number: IdNumber


class SscCodeCheckRequest(FromKiosk):
    """The six digits the citizen typed."""

    id_number: IdNumber
    code: Text(P.SSC_CODE_LEN, pattern=rf"^[0-9]{{{P.SSC_CODE_LEN}}}$")


class SscReadAuthRequest(FromKiosk):
    """A third-generation card's identification code and the challenge it just gave."""

    card_id_code: CardIdCode
    challenge: Challenge


class SscLossReportRequest(FromKiosk):
    """挂失: the card (or, without ``card_number``, the person's current one) stops at once."""

    report_id: Text(P.UUID_MAX, min_length=1)
    id_number: IdNumber
    card_number: CardNumber | None = None
    identity: Identity
    at: Timestamp


class SscLossInApplication(Body):
    """The loss report an application carries along (its outbox copy may still be queued)."""

    report_id: Text(P.UUID_MAX, min_length=1)
    card_number: CardNumber | None = None
    at: Timestamp


class SscApplicationRequest(FromKiosk):
    """A replacement: ``lost`` (补卡, a new number) or ``damaged`` (换卡, the same number)."""

    application_id: PathId = Field(description="chosen by the kiosk")
    id_number: IdNumber
    reason: Literal["lost", "damaged"]
    identity: Identity
    loss_report: SscLossInApplication | None = None


class SscScriptRequest(FromKiosk):
    """The blank card in the issuing position: who it is, its challenge, what it is."""

    card_id_code: CardIdCode
    challenge: Challenge
    atr: Hex(P.SSC_ATR_MAX) | None = None
    blank: Bool
    generation: Literal[2, 3]


class SscReportRequest(FromKiosk):
    """How an issue went: written (回盘), failed, taken, retained or cancelled."""

    report_id: Text(P.UUID_MAX, min_length=1)
    kind: Literal[P.SSC_REPORT_KINDS]
    card_id_code: CardIdCode | None = None
    atr: Hex(P.SSC_ATR_MAX) | None = None
    reason: Text(P.SSC_REASON_MAX) | None = None
    card_at: Text(20) | None = Field(None, examples=["reject_bin", "jammed", "none",
                                                      "citizen"])
    at: Timestamp


# ----------------------------------------------------------------------------- answers
class SscPerson(Model):
    """The card holder, masked, and what a replacement needs of them."""

    name_masked: str
    age: int
    gender: str
    photo_on_record: bool
    photo_required: bool
    mobile_masked: str
    fee_fen: int


class SscCard(Model):
    """One card of the person (the number masked)."""

    card_number_masked: str
    status: CardStatus
    generation: int
    issue_date: str = Field(json_schema_extra={"format": "date"})
    expiry_date: str = Field(json_schema_extra={"format": "date"})


class SscCardAttempt(Model):
    """A blank card bound to an application, and where it ended."""

    outcome: Literal["bound", "written", "failed", "taken", "retained"]
    card_at: str | None
    reason: str | None
    at: str


class SscApplication(Model):
    """A replacement application's state and every card made for it."""

    application_id: str
    state: ApplicationState
    business_type: Literal[P.SSC_BUSINESS_TYPES]
    kiosk_id: str
    card_number_masked: str
    fee_fen: int
    photo: Literal["on_record", "not_needed", "missing"]
    attempts: int = Field(description="blank cards bound so far")
    issue_date: str
    expiry_date: str
    last_reason: str | None
    created_at: str
    updated_at: str
    cards: list[SscCardAttempt]


class MaskedHolder(Model):
    """Who the card is for, masked."""

    name_masked: str


class SscIssuingData(SscApplication):
    """The application with what issuing needs: ``resumed`` when it was already open."""

    resumed: bool
    holder: MaskedHolder
    issuable: bool = Field(description="false: a photo is needed (send to a window)")
    fee_due_fen: int


class SscAccount(Model):
    """A person's cards and their open (or last) application."""

    person: SscPerson
    cards: list[SscCard]
    application: SscApplication | None


class SscCodeSent(Model):
    """The SMS code is on its way (a demo server shows it: no SMS gateway)."""

    sent: bool
    mobile_masked: str = Field(examples=["138****0011"])
    expires_in_s: int
    demo_code: str | None = Field(None, description="demo servers only")


class SscCodeChecked(Model):
    """The identity proof the loss report and the application carry (``identity.token``)."""

    verified: bool
    token: str
    expires_in_s: int


class ApduStep(Model):
    """One command APDU of a script, and the status words that let it go on."""

    apdu: str = Field(description="the command APDU, hex")
    expect: list[str] = Field(description="status words, e.g. 9000")
    label: str


class SscReadAuthSteps(Model):
    """EXTERNAL AUTHENTICATE answering the card's challenge (the kiosk holds no keys)."""

    steps: list[ApduStep]


class SscExpected(Model):
    """What the kiosk must read back from the written card before it reports ``written``."""

    card_number: str
    id_number: str
    name: str
    issue_date: str
    expiry_date: str


class SscScript(Model):
    """The personalisation script for one bound blank card, in this card session only."""

    application_id: str
    card_id_code: str
    steps: list[ApduStep]
    expect: SscExpected


class SscLossRecorded(Model):
    """The loss report, recorded once (``applied`` false: the card was not in use)."""

    report_id: str
    card_number_masked: str
    applied: bool
    status: CardStatus | None = Field(None, description="the card's status (first answer)")


class SscReportRecorded(Model):
    """The report, recorded once; the application's state now."""

    report_id: str
    state: ApplicationState
    replayed: bool


# ----------------------------------------------------------------------------- operations
_TAGS = ("ssc",)

OPERATIONS = {
    ("POST", P.SSC_LOOKUP): Operation(
        operation_id="sscLookup", tags=_TAGS,
        summary="A person's social-security cards and their open (or last) replacement",
        description="A read-only lookup (the ID number in the body, never a URL; nothing "
                    "stored), by `id_number` or by `card_number` (a card's EF05). Names and "
                    "numbers come back masked. 404 `ssc_unknown_person`.",
        body=SscLookupRequest, answers={200: SscAccount}, errors=(*LOOKUP_ERRORS, 404)),
    ("POST", P.SSC_CODES): Operation(
        operation_id="sscSendCode", tags=_TAGS,
        summary="Send an SMS code to the mobile number on record (no ID card at hand)",
        description="Six digits, valid 5 minutes; asked again within a minute, the same code. "
                    "404 `ssc_unknown_person`; 422 `ssc_no_mobile`.",
        body=SscPersonRequest, answers={200: SscCodeSent}, errors=(*LOOKUP_ERRORS, 404, 422)),
    ("POST", P.SSC_CODE_CHECK): Operation(
        operation_id="sscCheckCode", tags=_TAGS,
        summary="Check an SMS code; a proof of identity for the next half hour",
        description="A code is used once; five wrong tries end it. 422 `ssc_code_wrong` "
                    "(tries left in the message) or `ssc_code_expired`.",
        body=SscCodeCheckRequest, answers={200: SscCodeChecked}, errors=(*LOOKUP_ERRORS, 422)),
    ("POST", P.SSC_READ_AUTH): Operation(
        operation_id="sscReadAuth", tags=_TAGS,
        summary="The back-end step that unlocks a third-generation card's holder data",
        description="404 `ssc_unknown_person`: the card was not issued here.",
        body=SscReadAuthRequest, answers={200: SscReadAuthSteps}, errors=(*LOOKUP_ERRORS, 404)),
    ("POST", P.SSC_LOSS_REPORTS): Operation(
        operation_id="sscLossReport", tags=_TAGS,
        summary="挂失 — report a card lost (through the outbox, applied once per report_id)",
        description="403 `ssc_not_verified` (an SMS proof missing or expired); 404 "
                    "`ssc_unknown_person`.",
        body=SscLossReportRequest, answers={201: SscLossRecorded},
        errors=(*RECORD_ERRORS, 404)),
    ("POST", P.SSC_APPLICATIONS): Operation(
        operation_id="sscOpenApplication", tags=_TAGS,
        summary="Open a replacement (补卡 03 new number / 换卡 07 same number): its issuing "
                "data",
        description="A person has one application in work: asked again the server answers "
                    "with it (`resumed`). 403 `ssc_not_verified`; 404 `ssc_unknown_person`; "
                    "409 `ssc_application_busy` (a card is being made at another kiosk), "
                    "`ssc_not_issuable`.",
        body=SscApplicationRequest, answers={201: SscIssuingData}, errors=(*RECORD_ERRORS, 404)),
    ("GET", P.SSC_APPLICATION): Operation(
        operation_id="sscApplication", tags=_TAGS,
        summary="An application's state and every card made for it",
        description="404 `ssc_unknown_application`.",
        answers={200: SscApplication}, errors=(*READ_ERRORS, 404)),
    ("POST", P.SSC_SCRIPT): Operation(
        operation_id="sscScript", tags=_TAGS,
        summary="Bind one blank card to the application; the APDU script that personalises it",
        description="404 `ssc_unknown_application`; 409 `ssc_card_outstanding` (report the "
                    "last card first), `ssc_card_used`, `ssc_wrong_state`, "
                    "`ssc_application_busy`, `ssc_not_issuable`.",
        body=SscScriptRequest, answers={200: SscScript}, errors=(*RECORD_ERRORS, 404)),
    ("POST", P.SSC_REPORTS): Operation(
        operation_id="sscReport", tags=_TAGS,
        summary="How an issue went — 回盘 and after (through the outbox, in order)",
        description="Accepted leniently (a card the server never bound is recorded): a "
                    "refusal would park a report the kiosk cannot change. 404 "
                    "`ssc_unknown_application`.",
        body=SscReportRequest, answers={201: SscReportRecorded}, errors=(*RECORD_ERRORS, 404)),
}

__all__ = ["OPERATIONS"]
