"""The contract of ``POST /v1/batch``: many idempotent POSTs in one exchange (the outbox
relay's transport). Each item is handled exactly as if posted alone to its ``path`` with its
own Idempotency-Key (``key``) and gets its own status and body; items sharing a ``stream`` are
applied in order, and an item after a failed one of its stream is not attempted (424).

Handler: :meth:`kiosk.central.api.CentralApp._batch`.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, Strict, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from kiosk import protocol as P
from kiosk.central.schemas import Operation
from kiosk.central.schemas.common import Model, Text
from kiosk.central.schemas.queue import LARGE_ERRORS, WRITE_ERRORS
from kiosk.central.schemas.values import Body, JsonObject
from kiosk.central.store.idempotency import MAX_PATH

#: the operations an item may name: every idempotent POST (not a lookup, a public form, or
#: a batch); tests/test_central_schemas.py checks this against the server's routes
BATCHABLE = (
    P.TICKETS, P.OFFLINE_TICKETS, P.TICKET_VOIDS, P.REISSUE, P.MISSED, P.CALL_NEXT, P.CASES,
    P.ATTACHMENTS, P.EVALUATIONS, P.HEARTBEATS, P.STAFF_CALLS, P.LOCKER_EVENTS,
    P.SSC_LOSS_REPORTS, P.SSC_APPLICATIONS, P.SSC_SCRIPT, P.SSC_REPORTS, P.PAYMENT_ORDERS,
    P.PAYMENT_CANCEL, P.UPLOAD, P.UPLOAD_CHUNKS, P.UPLOAD_COMPLETE, P.CASE_COMMIT,
    P.DOCUMENT_PRINTS,
)


def _path_pattern(templates) -> str:
    # the templates hold no character a regex reads specially (an ECMA regex, as JSON Schema
    # has it, refuses needless escapes such as re.escape's "\-"); a parameter is any
    # segment without U+0000 (a function: re.sub would read the escape in a string)
    assert all(re.fullmatch(r"[-/a-z0-9_{}]+", t) for t in templates)
    alternatives = (re.sub(r"\{\w+\}", lambda _m: r"[^/\x00]+", t) for t in templates)
    return "^(" + "|".join(alternatives) + ")$"


BATCHABLE_PATH = _path_pattern(BATCHABLE)
_BATCHABLE = re.compile(BATCHABLE_PATH)


def _batchable(path: str) -> str:
    # (the schema says it with the pattern; a refusal says it in words, not the pattern)
    if not _BATCHABLE.match(path):
        raise PydanticCustomError("batchable", "{path} cannot be batched (only the "
                                  "idempotent POSTs: no lookup, page or batch)", {"path": path})
    return path


#: the path of a batchable operation, e.g. /v1/cases/{case_id}/attachments filled in
BatchPath = Annotated[str, Strict(), StringConstraints(max_length=MAX_PATH),
                      AfterValidator(_batchable),
                      WithJsonSchema({"type": "string", "maxLength": MAX_PATH,
                                      "pattern": BATCHABLE_PATH,
                                      "examples": [P.CASES, P.STAFF_CALLS]})]


class BatchItem(Body):
    """One POST of the batch: its Idempotency-Key, path and body."""
    key: Text(200, min_length=8, pattern=r"^[\x21-\x7e]+$") = Field(
        description="the item's Idempotency-Key")
    method: Literal["POST"] = "POST"
    path: BatchPath
    body: JsonObject = Field(default_factory=dict,
                                 description="the body the operation takes (checked by it: an "
                                             "invalid one is that item's 400)")
    stream: Text(200) | None = Field(None, description="items of one stream apply in order")


class BatchRequest(Body):
    """The POSTs to apply, at most 500."""
    items: list[BatchItem] = Field(min_length=1, max_length=P.MAX_BATCH_ITEMS)


class BatchResult(Model):
    """One item's answer, as if it had been posted alone."""
    key: str
    status: int
    body: Any = Field(description="the item's JSON answer")
    replayed: bool = Field(description="the answer stored for this key was replayed")


class BatchResponse(Model):
    """One result per item, in order."""
    batch: str = Field(description="the batch's own Idempotency-Key")
    results: list[BatchResult]


OPERATIONS = {
    ("POST", P.BATCH): Operation(
        "batch", "Many POSTs in one exchange (the outbox relay's transport)", ("batch",),
        body=BatchRequest, answers={200: BatchResponse}, errors=WRITE_ERRORS + LARGE_ERRORS,
        max_body=16 * 1024 * 1024,
        description="Each item is handled exactly as if posted alone to its path with its own "
                    "Idempotency-Key and gets its own status and body; the batch answers 200. "
                    "Items sharing a stream are applied in order; an item after a failed one "
                    "of its stream is not attempted (424: retry later). 403 when an item's "
                    "body names another kiosk; 413 too_many_items beyond 500."),
}
