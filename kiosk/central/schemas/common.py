"""What every operation's models share: the base model, the string types, the error body.

The models are the contract: FastAPI builds ``/openapi.json`` from them and validates every
request body against them before a handler sees it, so what the document says is what the
server accepts. Hence the strictness here: no NaN/Infinity (JSON has none), no U+0000 in any
string (PostgreSQL text cannot hold it, refused alike on SQLite), unknown fields as the
operation's schema says.
"""
from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# no U+0000 anywhere: said in the schema (a pattern), not only in prose
NO_NUL = r"^[^\x00]*$"


def Text(max_length: int | None = None, min_length: int | None = None, pattern: str = NO_NUL):
    """A string type with the protocol's limit, e.g. ``name: Text(64)``."""
    return Annotated[str, StringConstraints(max_length=max_length, min_length=min_length,
                                            pattern=pattern)]


class Model(BaseModel):
    """The base of every request and response model."""
    model_config = ConfigDict(allow_inf_nan=False, populate_by_name=True, extra="ignore")


class Closed(Model):
    """A body whose schema says ``additionalProperties: false``."""
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(Model):
    code: str = Field(description="machine-readable, one of kiosk.protocol.Err")
    message: str = Field(description="one line for a technician")


class ErrorBody(Model):
    """Every refusal: ``{"error": {"code", "message"}}``."""
    error: ErrorDetail
