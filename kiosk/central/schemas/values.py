"""The value types the central operations' fields share: JSON's own types, strictly.

FastAPI validates a body against its model, then the handler reads the same raw JSON; so a
field's type must accept exactly what JSON Schema says it does and what the handler takes:
an ``integer`` is any JSON number without a fraction (``1`` and ``1.0`` alike, never ``"1"``
or ``true``), a ``boolean`` is ``true``/``false``, a ``number`` is finite. pydantic's lax mode
would take ``"1"`` for an integer and ``1`` for a boolean — values the document refuses.

Date-times are RFC 3339 (``format: date-time``) that Python's ``datetime.fromisoformat`` also
reads (the handlers do): ``2026-03-18T09:30:00+08:00``, ``…Z``, fractions of a second.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Union

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError
from typing_extensions import TypeAliasType

from kiosk import protocol as P
from kiosk.central.schemas.common import NO_NUL, Model, Text


def _integral(value):
    # 1.0 is an integer to JSON Schema; bool is not (Strict refuses it after this)
    return int(value) if isinstance(value, float) and value.is_integer() else value


def Integer(ge: int | None = None, le: int | None = None, description: str | None = None):
    """A JSON integer, e.g. ``score: Integer(1, 5)``."""
    # (the bounds before the validator: they are then the schema's minimum and maximum)
    return Annotated[int, Strict(), Field(ge=ge, le=le, description=description),
                     BeforeValidator(_integral)]


Bool = StrictBool
Number = Annotated[float, Strict()]  # (an int is a number too)

# RFC 3339 date-time; "t"/"z" lower-case are RFC 3339 too (handlers read them through
# kiosk.central.fields.parse_time, which upper-cases them)
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})",
                      re.ASCII)


def _date_time(value: str) -> str:
    try:
        ok = (len(value) <= P.TIMESTAMP_MAX and _RFC3339.fullmatch(value) is not None
              and bool(datetime.fromisoformat(value.upper())))
    except ValueError:
        ok = False
    if not ok:
        raise PydanticCustomError("date_time", "not an RFC 3339 date-time with its offset")
    return value


Timestamp = Annotated[str, Strict(), AfterValidator(_date_time),
                      WithJsonSchema({"type": "string", "format": "date-time",
                                      "maxLength": P.TIMESTAMP_MAX,
                                      "examples": ["2026-03-18T09:30:00+08:00"]})]
#: a mainland mobile (11 digits from 1) or E.164 (``+86`` then a mainland mobile): the
#: numbers :func:`kiosk.protocol.is_sms_number` takes, in ASCII digits
MOBILE_PATTERN = r"^(1[0-9]{10}|\+861[0-9]{10}|\+[1-79][0-9]{7,14}|\+8[0-57-9][0-9]{6,13})$"
Mobile = Text(P.MOBILE_MAX, pattern=MOBILE_PATTERN)
#: a SHA-256 as ``hashlib.hexdigest()`` writes it
Sha256 = Text(64, pattern=r"^[0-9a-f]{64}$")


def Base64(max_bytes: int):
    """Standard base64 with padding (what ``base64.b64decode(validate=True)`` takes) of at
    most ``max_bytes`` decoded bytes."""
    return Text(-(-max_bytes // 3) * 4,
                pattern=r"^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$")


KioskId = Text(P.KIOSK_ID_MAX)
#: a body's ``kiosk_id``: optional, and when given it must be the credential's (else 403)
BodyKioskId = Annotated[KioskId | None, Field(
    default=None, description="the sending kiosk; another kiosk's id is refused (403)")]



# ---------------------------------------------------------------------- free-form JSON
class _KeysWithoutNul:
    """The JSON Schema of a dict whose keys hold no U+0000: ``propertyNames`` (pydantic
    writes ``patternProperties``, which leaves keys outside the pattern unconstrained)."""

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        pattern = target.pop("patternProperties", None)
        if pattern:
            ((key, value),) = pattern.items()
            target["propertyNames"] = {"pattern": key}
            target["additionalProperties"] = value
        return schema


#: any JSON value with no U+0000 in a string or a key (the server refuses it anywhere in a
#: body: PostgreSQL text cannot hold it): a form's fields, a heartbeat's extra reports
JsonValue = TypeAliasType("JsonValue", Union[  # noqa: UP007 (a recursive alias needs Union)
    Text(), Annotated[int, Strict()], Number, StrictBool, None, list["JsonValue"],
    Annotated[dict[Text(), "JsonValue"], _KeysWithoutNul()]])
JsonObject = Annotated[dict[Text(), JsonValue], _KeysWithoutNul()]


class Body(Model):
    """The base of every request body and object in one: the fields it names are typed,
    and any other field is taken (and ignored, or kept as sent by a heartbeat) when it is
    JSON without U+0000 — a newer kiosk may send more than this server reads."""
    model_config = ConfigDict(extra="allow",
                              json_schema_extra={"propertyNames": {"pattern": NO_NUL}})
    __pydantic_extra__: dict[str, JsonValue]


#: a body model's json_schema_extra, with more keywords
def body_schema(**more) -> dict:
    return {"propertyNames": {"pattern": NO_NUL}, **more}
