"""The typed contract of every central operation, by (method, path template).

Each domain module exports ``OPERATIONS: dict[tuple[str, str], Operation]``; the ASGI layer
(:mod:`kiosk.central.asgi`) validates request bodies against ``body``, documents ``answers``
and builds the OpenAPI document from them. An operation with no entry here is still served
(documented as taking and answering any JSON) — every route should have one.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from kiosk.central.schemas.common import ErrorBody, Model, Text  # noqa: F401 (re-exported)


@dataclass(frozen=True)
class Operation:
    operation_id: str
    summary: str = ""
    tags: tuple[str, ...] = ()
    #: the JSON request body (None: the operation takes no body)
    body: type[BaseModel] | None = None
    #: status → model of the answer (None: no JSON body, e.g. HTML, or 304)
    answers: dict[int, type[BaseModel] | None] = field(default_factory=dict)
    #: statuses of refusals this operation can give (documented as ErrorBody)
    errors: tuple[int, ...] = ()
    #: content type of non-JSON answers (text/html for the public pages)
    media_type: str = "application/json"
    #: largest body accepted, bytes (None: the server's default for JSON bodies)
    max_body: int | None = None
    description: str = ""


def all_operations() -> dict[tuple[str, str], Operation]:
    out: dict[tuple[str, str], Operation] = {}
    for module in _modules():
        out.update(module.OPERATIONS)
    return out


def _modules():
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if info.name != "common":
            mod = importlib.import_module(f"{__name__}.{info.name}")
            if hasattr(mod, "OPERATIONS"):
                yield mod
