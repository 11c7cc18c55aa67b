"""Pieces the service operations' models share, beyond :mod:`.values`: a body the kiosk may
sign with its id, hex strings, and "give this field or that one".

Each says in the JSON schema what the handler checks, so a body the schema allows is one the
handler takes, and one it refuses the schema refuses.
"""
from __future__ import annotations

from pydantic import BaseModel, ValidationError, model_validator

from kiosk.central.fields import ApiError
from kiosk.central.schemas.common import Text
from kiosk.central.schemas.values import Body, BodyKioskId
from kiosk.protocol import UUID_MAX, Err

#: a PostgreSQL ``integer`` column holds no more (a larger value would be refused by the
#: database, a 400 the schema did not announce)
INT4_MAX = 2**31 - 1

# the refusals an operation can give besides its own, by kind: a path over 300 characters
# (414) anywhere; no or a bad credential (401), another kiosk named (403), this kiosk too fast
# (429) where a kiosk calls; a body that is malformed or schema-invalid (400), too large (413)
# or not JSON (415) where there is one; and for a POST recorded under its Idempotency-Key,
# the first request with the key still running (409) or the key used for another request (422)
PUBLIC_ERRORS = (414,)
READ_ERRORS = (401, 403, 414, 429)
LOOKUP_ERRORS = (400, 401, 403, 413, 414, 415, 429)
RECORD_ERRORS = (*LOOKUP_ERRORS, 409, 422)


#: an id the kiosk chooses that later names a resource in a path (/v1/payments/orders/{id}):
#: URL-unreserved characters, so the path can address it as sent
PathId = Text(UUID_MAX, min_length=1, pattern=r"^[A-Za-z0-9._~-]+$")


class FromKiosk(Body):
    """A body that may name its kiosk (the credential's; another one is a 403); other
    fields are ignored (a newer kiosk may send more)."""

    kiosk_id: BodyKioskId


def Hex(max_length: int, *, exact: int | None = None):
    """Hex digits (either case): ``exact`` of them, or whole bytes up to ``max_length``."""
    pattern = f"^[0-9A-Fa-f]{{{exact}}}$" if exact else r"^([0-9A-Fa-f]{2})*$"
    return Text(max_length, pattern=pattern)


def either(*groups: tuple[str, ...]):
    """A model validator: at least one group of fields all given (not null) — with
    :func:`any_of` in the model's ``json_schema_extra``, so the document says it too."""

    @model_validator(mode="after")
    def check(self):
        if not any(all(getattr(self, f) is not None for f in group) for group in groups):
            raise ValueError("give " + " or ".join(" and ".join(g) for g in groups))
        return self

    return check


def any_of(*groups: tuple[str, ...]) -> dict:
    """The JSON-schema side of :func:`either`: each group's fields required and not null."""
    return {"anyOf": [{"required": list(g),
                       "properties": {f: {"not": {"type": "null"}} for f in g}}
                      for g in groups]}


def checked(model: type[BaseModel], body) -> dict:
    """``body`` as ``model`` reads it (the fields it was given, JSON types: ``2000.0`` is the
    integer 2000 the schema says it is), else the 400 the ASGI layer gives for it. Handlers
    read this, not the raw JSON, so they take exactly what the schema takes — an item of
    ``/v1/batch`` too, which no FastAPI route validates."""
    try:
        value = model.model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "body"
        raise ApiError(400, Err.INVALID, f"{where}: {first.get('msg', 'invalid')}") from None
    return value.model_dump(mode="json", exclude_unset=True)
