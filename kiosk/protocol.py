"""The central protocol (v1) as both sides name it: paths, headers, field limits, error codes.

The one module the kiosk side (``kiosk.sync``) and the reference central server
(``kiosk.central``) share; neither imports the other (tests/test_layers_central.py checks
it). The protocol's contract is the OpenAPI document the server generates from its models
(``/openapi.json``; the kiosk's copy is ``kiosk/openapi.json``); this module holds what code
on both sides must spell alike. Standard library only, no I/O.
"""
from __future__ import annotations

import re

VERSION = "1"
PREFIX = "/v1"

# ---------------------------------------------------------------------- paths
# OpenAPI path templates: the server routes on them, the kiosk fills them with path().
HEALTH = "/v1/health"
OPENAPI = "/openapi.json"  # generated from the server's models (FastAPI)
TRACK_PAGE = "/t/{day}/{number}"  # public page behind a ticket's QR code
#: public pages behind the QR codes the server issues with an appointment (check-in at a
#: kiosk) and an e-certificate (电子证照, verification); the kiosk reads the code from them
APPOINTMENT_PAGE = "/a/{code}"
CERTIFICATE_PAGE = "/c/{code}"
CATALOGUE = "/v1/catalogue"
QUEUE_STATE = "/v1/queue/state"
TICKETS = "/v1/queue/tickets"
OFFLINE_TICKETS = "/v1/queue/offline-tickets"
#: a ticket the kiosk asked for but never printed (the process died before the printer):
#: the server cancels it unless it was called already, so nobody waits for a phantom number
TICKET_VOIDS = "/v1/queue/voids"
TICKET = "/v1/queue/tickets/{day}/{number}"
REISSUE = "/v1/queue/tickets/{day}/{number}/reissue"
MISSED = "/v1/queue/tickets/{day}/{number}/missed"
CALL_NEXT = "/v1/queue/call"
CASES = "/v1/cases"
CASE = "/v1/cases/{case_id}"
ATTACHMENTS = "/v1/cases/{case_id}/attachments"
EVALUATIONS = "/v1/evaluations"
HEARTBEATS = "/v1/kiosks/{kiosk_id}/heartbeats"
#: the fleet (every kiosk's last heartbeat, with alerts): JSON, a live web page for
#: technicians, Prometheus metrics for the operators' monitoring
FLEET = "/v1/fleet"
FLEET_PAGE = "/fleet"
METRICS = "/metrics"
#: a hall zone's big screen (叫号屏): numbers called and where, waiting, served, est. wait
DISPLAY = "/v1/display/{zone}"
DISPLAY_PAGE = "/display/{zone}"
DISPLAY_INDEX = "/display"
#: a POST although it reads: the ID number goes in the body, never in a URL
APPOINTMENT_LOOKUP = "/v1/appointments/lookup"
#: one appointment by its code (a scanned appointment QR code)
APPOINTMENT = "/v1/appointments/{code}"
#: whether an e-certificate code is genuine, with the certificate's summary
CERTIFICATE = "/v1/certificates/{code}"
STAFF_CALLS = "/v1/staff-calls"
BATCH = "/v1/batch"
#: 24-hour lockers: compartment events through the outbox; the server's view of a kiosk's
#: compartments; a POST lookup (the ID number in the body) of pickups waiting for a citizen
LOCKER_EVENTS = "/v1/lockers/events"
LOCKER_PICKUP_LOOKUP = "/v1/lockers/pickup-lookup"
KIOSK_LOCKERS = "/v1/kiosks/{kiosk_id}/lockers"
#: social-security cards (社保卡): POST lookups of a person's cards and applications, and of
#: the SMS code for a citizen without their ID card (ID numbers in bodies, never in URLs);
#: loss reports and an issue's reports through the outbox; an application and its state;
#: the personalisation script for one blank card; back-end authentication to read a card
SSC_LOOKUP = "/v1/ssc/lookup"
SSC_CODES = "/v1/ssc/verification-codes"
SSC_CODE_CHECK = "/v1/ssc/verification-codes/check"
SSC_READ_AUTH = "/v1/ssc/read-auth"
SSC_LOSS_REPORTS = "/v1/ssc/loss-reports"
SSC_APPLICATIONS = "/v1/ssc/applications"
SSC_APPLICATION = "/v1/ssc/applications/{application_id}"
SSC_SCRIPT = "/v1/ssc/applications/{application_id}/script"
SSC_REPORTS = "/v1/ssc/applications/{application_id}/reports"
#: payment by QR (便民缴费): an order for a fee or a fine (amounts in fen), created by the
#: kiosk (idempotent), its state, its cancellation; the payer's page behind its QR code
PAYMENT_ORDERS = "/v1/payments/orders"
PAYMENT_ORDER = "/v1/payments/orders/{order_id}"
PAYMENT_CANCEL = "/v1/payments/orders/{order_id}/cancel"
PAY_PAGE = "/pay/{order_id}"
#: cases with materials (在线申报): an attachment is uploaded in chunks the server keeps
#: by (case, attachment, offset) — GET says what it has, so an interrupted upload resumes
#: with the missing chunks only —, completed (whole-file checksum), and the case committed
#: once every attachment is in; its progress (stage, what is missing, where to collect); a
#: POST lookup of a citizen's cases (the ID number in the body); the public page behind
#: the receipt's QR code
UPLOAD = "/v1/cases/{case_id}/uploads/{attachment_id}"
UPLOAD_CHUNKS = "/v1/cases/{case_id}/uploads/{attachment_id}/chunks"
UPLOAD_COMPLETE = "/v1/cases/{case_id}/uploads/{attachment_id}/complete"
CASE_COMMIT = "/v1/cases/{case_id}/commit"
CASE_PROGRESS = "/v1/cases/{case_id}/progress"
CASE_LOOKUP = "/v1/case-lookup"
CASE_PAGE = "/p/{case_id}"
#: identity checks (人证核验) and police self-service documents: POST lookups carrying the
#: card's ID number, the card photo and the live face (answered, never stored or logged);
#: the fingerprint template to verify against; documents issued after a passed check
IDENTITY_FACE_CHECKS = "/v1/identity/face-checks"
IDENTITY_FINGER_TEMPLATES = "/v1/identity/fingerprint-templates"
POLICE_DOCUMENTS = "/v1/police/documents"
POLICE_VERIFY = "/v1/police/documents/verify/{code}"
POLICE_TRAFFIC_FINES = "/v1/police/traffic-fines"


def path(template: str, **params: str) -> str:
    """``path(CASE, case_id="ab12")`` → ``/v1/cases/ab12``."""
    return template.format(**params)


# ---------------------------------------------------------------------- headers
IDEMPOTENCY_KEY = "Idempotency-Key"  # on every POST
#: the kiosk's wall clock when it sent the request (ISO 8601 with offset): the server turns
#: the kiosk's timestamps into its own time with it (an offline ticket's place in the queue
#: stays right when the kiosk's clock is off or was stepped)
KIOSK_CLOCK = "Kiosk-Clock"
IDEMPOTENT_REPLAYED = "Idempotent-Replayed"  # "true" on an answer replayed for a known key
#: 8 to 200 visible ASCII characters (the kiosk sends 32 hex digits)
IDEMPOTENCY_KEY_RE = re.compile(r"^[\x21-\x7e]{8,200}$")
#: keys (and their answers) are kept at least this long: a kiosk offline for weeks still
#: gets the original answer when its outbox finally delivers
MIN_KEY_RETENTION_DAYS = 30

# ---------------------------------------------------------------------- statuses
#: statuses after which the same request may succeed later: timeout, in progress (409), an
#: earlier item of the same stream failed (424, batch), too early, rate limited
RETRY_STATUSES = frozenset({408, 409, 424, 425, 429})
MAX_BATCH_ITEMS = 500

# ---------------------------------------------------------------------- field limits
KIOSK_ID_MAX = 64
CATEGORY_MAX = 40
TICKET_NUMBER_MAX = 40
PRIORITY_REASON_MAX = 40
APPOINTMENT_CODE_MAX = 40
CERTIFICATE_CODE_MAX = 64
MOBILE_MAX = 20
ID_NUMBER_MAX = 40
TIMESTAMP_MAX = 40  # ISO 8601 date-time strings
UUID_MAX = 64  # call_id, case_id, attachment_id, evaluation_id: chosen by the kiosk
STAFF_CALL_REASON_MAX = 120
ITEM_CODE_MAX = 80
ATTACHMENT_NAME_MAX = 120
CONTENT_TYPE_MAX = 80
EVALUATION_SUBJECT_MAX = 64
EVALUATION_COMMENT_MAX = 500
WINDOW_MAX = 10

ATTACHMENT_KINDS = ("scan", "portrait", "document", "photo")
MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024
EVALUATION_SUBJECTS = ("ticket", "case", "kiosk")
#: chunked uploads: the kiosk's chunk size (the server takes any up to the maximum: 1 MiB
#: keeps a resumed 20 MB case under 5 % sent twice while each request's fixed cost — two
#: commits on the server — stays small beside its bytes; bench/bench_upload.py), the
#: largest file; the stages a committed case goes through (审批进度), in order
UPLOAD_CHUNK_BYTES = 1024 * 1024
MAX_UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
CASE_STAGES = ("accepted", "in_review", "missing_materials", "approved",
               "ready_for_collection", "delivered")
DELIVERY_METHODS = ("pickup", "post")
#: what happened to a locker compartment (POST /v1/lockers/events ``event``)
LOCKER_EVENT_KINDS = ("reserved", "dropoff", "collected", "loaded", "picked_up", "released",
                      "flagged", "resolved", "technician_open", "door")
LOCKER_STATUSES = ("free", "opening", "dropoff", "loaded")
LOCKER_SIZES = ("S", "M", "L")
LOCKER_DEVICE_MAX = 40
LOCKER_FLAG_MAX = 20
LOCKER_DETAIL_MAX = 200
PICKUP_CODE_LEN = 6
#: social-security cards: an issue's reports (``kind``), business types (03 loss replacement
#: with a new number, 07 same-number replacement), how a citizen proved who they are
SSC_REPORT_KINDS = ("written", "failed", "taken", "retained", "cancelled")
SSC_BUSINESS_TYPES = ("03", "07")
SSC_IDENTITY_METHODS = ("idcard", "sms")
SSC_CARD_NUMBER_MAX = 20
SSC_CARD_ID_LEN = 32  # card identification code
SSC_ATR_MAX = 80  # hex
SSC_CHALLENGE_LEN = 16  # hex of the card's 8-byte challenge
SSC_REASON_MAX = 200
SSC_CODE_LEN = 6  # SMS verification code
SCORES = range(1, 6)
#: an order's states: created → paid | expired | cancelled; a payment that reaches an order
#: no longer payable (or a second payment) is never counted: ``refund`` says "requested"
PAYMENT_STATES = ("created", "paid", "expired", "cancelled")
PAYMENT_NOTICE_MAX = 20  # digits of a payment notice (缴款通知书) or fine decision number
PAYMENT_ITEM_MAX = 80
PAYMENT_TTL_S = 300  # an order's QR is payable this long unless the kiosk asks otherwise
PAYMENT_TTL_RANGE = (30, 1800)
#: the journey an evaluation was given at the end of (好差评 per journey), and its reasons
EVALUATION_JOURNEY_MAX = 40
EVALUATION_TAGS_MAX = 10

#: an offline ticket's number is the kiosk's prefix, this separator and the category's
#: number (``K01-C023``); server numbers never contain it, so the two never collide
OFFLINE_SEPARATOR = "-"
CATALOGUE_SCHEMA = 1


def is_mainland_mobile(number: str) -> bool:
    """11 digits starting with 1: the mobile numbers the SMS call reaches."""
    return number.isdigit() and len(number) == 11 and number[0] == "1"


def is_sms_number(number: str) -> bool:
    """A number the SMS call may go to: a mainland mobile (11 digits), or an international one
    in E.164 (``+`` country code and number, 8–15 digits; ``+86`` must be a mainland mobile)."""
    if is_mainland_mobile(number):
        return True
    digits = number[1:]
    if not (number.startswith("+") and digits.isdigit() and 8 <= len(digits) <= 15
            and digits[0] != "0"):
        return False
    return is_mainland_mobile(digits[2:]) if digits.startswith("86") else True


# ---------------------------------------------------------------------- error codes
class Err:
    """``{"error": {"code": …, "message": …}}``: the codes a client may act on."""

    INVALID = "invalid"  # 400: a field is missing, of the wrong type or too long
    BAD_JSON = "bad_json"
    BAD_LENGTH = "bad_length"
    CHECKSUM = "checksum"  # 422: an attachment's (or chunk's) sha256 does not match its data
    IDEMPOTENCY_KEY_REQUIRED = "idempotency_key_required"
    UNAUTHENTICATED = "unauthenticated"  # 401
    WRONG_KIOSK = "wrong_kiosk"  # 403: the body names another kiosk than the credential
    BAD_KIOSK_ID = "bad_kiosk_id"
    NO_ROUTE = "no_route"  # 404
    UNKNOWN_CATEGORY = "unknown_category"
    UNKNOWN_TICKET = "unknown_ticket"
    UNKNOWN_ITEM = "unknown_item"
    UNKNOWN_CASE = "unknown_case"
    UNKNOWN_APPOINTMENT = "unknown_appointment"
    UNKNOWN_CERTIFICATE = "unknown_certificate"  # 404: no such e-certificate was issued
    NO_APPOINTMENT = "no_appointment"  # 404 from the lookup: the server answered "none"
    METHOD_NOT_ALLOWED = "method_not_allowed"  # 405
    IN_PROGRESS = "in_progress"  # 409: the first request with this key still runs
    LENGTH_REQUIRED = "length_required"  # 411
    TOO_LARGE = "too_large"  # 413
    TOO_MANY_ITEMS = "too_many_items"
    URI_TOO_LONG = "uri_too_long"  # 414
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"  # 415
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"  # 422: same key, another body
    NOT_CALLED = "not_called"
    NOT_MISSED = "not_missed"
    OFFLINE_NUMBER_TAKEN = "offline_number_taken"
    APPOINTMENT_USED = "appointment_used"
    APPOINTMENT_OTHER_DAY = "appointment_other_day"
    APPOINTMENT_OTHER_CATEGORY = "appointment_other_category"
    CALL_EXISTS = "call_exists"
    CASE_EXISTS = "case_exists"
    ATTACHMENT_EXISTS = "attachment_exists"
    UPLOAD_INCOMPLETE = "upload_incomplete"  # 409: chunks are missing (GET says which)
    UPLOAD_MISMATCH = "upload_mismatch"  # 422: the same attachment id with other metadata
    CASE_NOT_READY = "case_not_ready"  # 409: commit before every attachment is complete
    BAD_STAGE = "bad_stage"  # 422: not a stage, or the case cannot go there now
    EVALUATION_EXISTS = "evaluation_exists"
    LOCKER_EVENT_EXISTS = "locker_event_exists"
    NO_PICKUP = "no_pickup"  # 404 from the pickup lookup: nothing waits for this citizen
    SSC_UNKNOWN_PERSON = "ssc_unknown_person"  # 404: no card record for this person/card
    SSC_NOT_VERIFIED = "ssc_not_verified"  # 403: the identity proof is missing or expired
    SSC_CODE_WRONG = "ssc_code_wrong"  # 422: the SMS code does not match (tries left)
    SSC_CODE_EXPIRED = "ssc_code_expired"  # 422: no valid code: ask for a new one
    SSC_NO_MOBILE = "ssc_no_mobile"  # 422: no mobile number on record for an SMS code
    SSC_UNKNOWN_APPLICATION = "ssc_unknown_application"  # 404
    SSC_APPLICATION_BUSY = "ssc_application_busy"  # 409: another kiosk is making this card
    SSC_CARD_OUTSTANDING = "ssc_card_outstanding"  # 409: report the last card's fate first
    SSC_CARD_USED = "ssc_card_used"  # 409: this blank card already carries a card
    SSC_WRONG_STATE = "ssc_wrong_state"  # 409: the application cannot do this now
    SSC_NOT_ISSUABLE = "ssc_not_issuable"  # 409: no replacement here (photo, fee, status)
    IDENTITY_NO_REFERENCE = "identity_no_reference"  # 422: no photo to compare the face with
    IDENTITY_NO_FACE = "identity_no_face"  # 422: no face found in the live picture
    IDENTITY_NOT_VERIFIED = "identity_not_verified"  # 403: no valid identity check
    POLICE_REFUSED = "police_refused"  # 409: the document cannot be issued here
    UNKNOWN_DOCUMENT = "unknown_document"  # 404: no police document with this code
    PERIOD_NOT_COVERED = "period_not_covered"  # 422: a certificate period not on record (yet)
    UNKNOWN_NOTICE = "unknown_notice"  # 404: no payment notice with this number
    NOTICE_PAID = "notice_paid"  # 409: this notice was paid already
    UNKNOWN_ORDER = "unknown_order"  # 404: no payment order with this id
    ORDER_EXISTS = "order_exists"  # 422: this order id belongs to another kiosk or request
    DEPENDENCY_FAILED = "dependency_failed"  # 424 (batch)
    BAD_REQUEST = "bad_request"  # 400: not an HTTP request the server can read
    REQUEST_TIMEOUT = "request_timeout"  # 408: the body did not arrive in time
    RATE_LIMITED = "rate_limited"  # 429: this kiosk sends faster than its share (Retry-After)
    BUSY = "busy"  # 503: too many large uploads at once (Retry-After)
    INTERNAL = "internal"  # 500
    INJECTED = "injected"  # the reference server's fault injection


def error_body(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def error_of(body) -> tuple[str, str]:
    """(code, message) of an error body; ("", "") when it is not one."""
    err = body.get("error") if isinstance(body, dict) else None
    if not isinstance(err, dict):
        return "", ""
    return str(err.get("code", "")), str(err.get("message", ""))


# ---------------------------------------------------------------------- processes
#: ``kiosk-central serve`` prints this line, then the URL, on stdout once it listens (the
#: kiosk's ``run`` command waits for it before asking the server anything)
SERVE_READY = "serving the central protocol on"


# ---------------------------------------------------------------- 自助打印 (certificates)
#: certificates printed on the spot: a POST generates one for a person and period (the ID
#: number in the body, never in a URL) and answers with the PDF; each print (or failed print)
#: is reported through the outbox; one document's record, with how often it was printed
DOCUMENTS = "/v1/documents"
DOCUMENT = "/v1/documents/{document_id}"
DOCUMENT_PRINTS = "/v1/documents/{document_id}/prints"
#: the kinds of certificate: social-security contribution record, personal income tax
#: certificate, property information, household register extract
DOCUMENT_KINDS = ("ssc_record", "tax_certificate", "property_info", "household_extract")
DOCUMENT_PRINT_OUTCOMES = ("printed", "failed")
DOCUMENT_PERIOD_MAX = 16  # "2024-01/2026-11", "2025", "current"


# ---------------------------------------------------------------- 办事指南 (service guides)
#: every service item's guide (conditions, materials, process, time limits, fees …) with the
#: broad categories and life events to browse by: ~700 items, ~1 MB, so apart from the
#: catalogue with an ETag of its own (an unchanged set costs one 304); one item by its code
GUIDES = "/v1/guides"
GUIDE = "/v1/guides/{code}"
GUIDES_SCHEMA = 1
