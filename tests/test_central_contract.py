"""The OpenAPI document is generated from the server's code; the kiosk keeps a copy of it
(``kiosk/openapi.json``) and what the kiosk sends must be valid against that copy.

Regenerate the copy after changing a model: ``python -m kiosk.central openapi --out
kiosk/openapi.json``.
"""
from __future__ import annotations

import json
import re

import jsonschema_rs
import pytest
import requests

from kiosk.central.openapi_doc import KIOSK_COPY, document, text

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def doc() -> dict:
    return document()


def test_the_kiosks_copy_is_what_the_server_generates(doc):
    assert KIOSK_COPY.read_text(encoding="utf-8") == text(doc), (
        "kiosk/openapi.json is stale: python -m kiosk.central openapi --out kiosk/openapi.json")


def test_the_served_document_is_the_generated_one(central, doc):
    served = requests.get(central.url + "/openapi.json", timeout=10).json()
    assert served == doc


def _operation(doc: dict, method: str, path: str) -> dict | None:
    for template, ops in doc["paths"].items():
        pattern = "^" + re.sub(r"\{\w+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in ops:
            return ops[method.lower()]
    return None


def _body_validator(doc: dict, op: dict):
    schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get(
        "schema")
    if schema is None:
        return None
    return jsonschema_rs.validator_for({**schema, "components": doc["components"]})


def test_what_the_kiosk_sends_is_valid_against_its_copy(tmp_path, central, monkeypatch):
    """Drive the kiosk's own sync layer (ticket, heartbeat, staff call, rating, case) against
    the server and check every request it made against ``kiosk/openapi.json``."""
    copy = json.loads(KIOSK_COPY.read_text(encoding="utf-8"))
    sent: list[tuple[str, str, bytes | None]] = []
    real = requests.Session.request

    def recording(self, method, url, *args, **kw):
        path = "/" + url.split("/", 3)[3].split("?")[0] if url.count("/") >= 3 else url
        sent.append((method, path, kw.get("data")))
        return real(self, method, url, *args, **kw)

    monkeypatch.setattr(requests.Session, "request", recording)
    from kiosk.sync.central import build_central

    kiosk = build_central(central.settings(tmp_path))
    try:
        kiosk.queue.take_ticket("tax")
        case_id = kiosk.cases.submit(
            "ssc-card-reissue", {"name": "李四", "id_number": "11010519491231002X"},
            {"reason": "lost"},
            [{"kind": "scan", "data": b"%PDF-1.4 scan", "content_type": "application/pdf"}])
        kiosk.evaluations.submit("case", case_id, 5, ["fast"], "很方便")
        kiosk.staff.call("printer out of paper")
        kiosk.health.send_heartbeat()
        assert kiosk.relay.drain().delivered >= 4
        kiosk.cases.progress(case_id)
    finally:
        kiosk.close()
    paths = {p for _, p, _ in sent}
    assert {"/v1/queue/tickets", "/v1/batch"} <= paths
    for method, path, data in sent:
        op = _operation(copy, method, path)
        assert op is not None, f"{method} {path}: not in the kiosk's copy of the contract"
        if method == "POST" and data:
            validator = _body_validator(copy, op)
            body = json.loads(data)
            if path == "/v1/batch":  # each item against its own operation
                for item in body["items"]:
                    item_op = _operation(copy, "POST", item["path"])
                    v = _body_validator(copy, item_op)
                    if v is not None:
                        assert v.is_valid(item["body"]), (item["path"], item["body"])
            elif validator is not None:
                assert validator.is_valid(body), (path, body)
