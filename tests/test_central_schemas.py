"""The contract of the central server's core operations (queue, appointments, certificates,
cases and uploads, evaluations, heartbeats and the fleet, staff calls, lockers, batch, guides,
the public pages): every route has its Operation; the body models take the bodies the kiosk
really sends (literal JSON, as kiosk/sync writes them) and refuse what the handlers would;
the answers the handlers give are what the answer models say; and where the old hand-written
document and the handlers disagreed, both now say the same."""
from __future__ import annotations

import base64
import hashlib
import json
import uuid

import pytest
from pydantic import ValidationError

from kiosk import protocol as P
from kiosk.central.api import Request
from kiosk.central.schemas import all_operations, batch, cases, fleet, guides, lockers, queue
from tests.synchelp import Central

KIOSK = "KSK-T-01"
AT = "2026-03-18T09:30:00+08:00"
ID = "110101198506150035"  # fictitious (a demo card's number)
MINE = (queue, cases, fleet, lockers, batch, guides)
#: routes of other modules (the services' helper) and the old YAML document (the lead's)
NOT_MINE = ("/v1/ssc/", "/v1/payments/", "/pay/", "/v1/identity/", "/v1/police/",
            "/v1/documents", P.OPENAPI)


@pytest.fixture
def central(tmp_path):
    """The server's CentralApp, called in-process (no HTTP): the handlers' own answers."""
    c = Central(tmp_path)
    yield c
    c.close()


def op(method: str, template: str):
    return all_operations()[(method, template)]


def body(method: str, template: str, text: str):
    """The operation's body model applied to literal JSON (as FastAPI applies it)."""
    return op(method, template).body.model_validate(json.loads(text))


def refused(method: str, template: str, text: str) -> str:
    with pytest.raises(ValidationError) as exc:
        body(method, template, text)
    return str(exc.value)


def call(central, method: str, path: str, data=None, *, raw: bytes | None = None):
    """One request through CentralApp.handle: (status, answer)."""
    headers = {"authorization": f"Bearer {central.token(KIOSK)}",
               "content-type": "application/json", "idempotency-key": uuid.uuid4().hex}
    payload = raw if raw is not None else (b"" if data is None else json.dumps(data).encode())
    resp = central.app.handle(Request(method, path, headers, payload if method == "POST" else b"",
                                      base_url="http://127.0.0.1:8780"))
    if resp.content_type.startswith("application/json") and resp.body:
        return resp.status, json.loads(resp.body)
    return resp.status, resp.body


def answers(method: str, template: str, status: int, data) -> None:
    """``data`` is what the operation's answer model for ``status`` says."""
    model = op(method, template).answers[status]
    model.model_validate(data)


# ----------------------------------------------------------------------------- coverage
def test_every_core_route_has_its_operation(central):
    routes = {(r.method, r.template) for r in central.app.routes
              if not r.template.startswith(NOT_MINE)}
    mine = {k for m in MINE for k in m.OPERATIONS}
    assert routes == mine
    assert len(routes) == 42
    ids = [op(*k).operation_id for k in routes]
    assert len(set(ids)) == len(ids)  # (operation ids are unique)
    for key in routes:
        o = op(*key)
        assert o.summary and o.tags and o.answers, key
        if key[0] == "POST":
            assert o.body is not None and o.body.__doc__, key  # every POST says its body
        for model in o.answers.values():
            assert model is None or model.__doc__, (key, model)


def test_the_html_pages_are_documented_as_pages():
    for template in (P.TRACK_PAGE, P.APPOINTMENT_PAGE, P.CERTIFICATE_PAGE, P.CASE_PAGE):
        o = op("GET", template)
        assert o.media_type == "text/html" and o.answers == {200: None, 404: None}
    assert op("GET", P.CATALOGUE).answers == {200: queue.Catalogue, 304: None}
    assert op("GET", P.GUIDES).answers == {200: guides.Guides, 304: None}


def test_the_batchable_paths_are_the_servers_idempotent_posts(central):
    served = {r.template for r in central.app.routes if r.method == "POST" and not (
        r.public or r.lookup or r.form) and r.template != P.BATCH}
    assert set(batch.BATCHABLE) == served


# ----------------------------------------------------------------------------- tickets
def test_ticket_bodies_the_kiosk_sends_are_taken():
    t = body("POST", P.TICKETS, '{"category": "police_household", "kiosk_id": "KSK-T-01", '
                                '"priority_reason": "elderly_70", "mobile": "13800138000"}')
    assert t.category == "police_household" and t.mobile == "13800138000"
    body("POST", P.TICKETS, '{"category": "tax", "appointment_code": "YY20260318001", '
                            '"mobile": "+8613800138000"}')
    body("POST", P.TICKETS, '{"category": "tax", "mobile": "+447700900123"}')
    o = body("POST", P.OFFLINE_TICKETS,
             '{"number": "K01-C007", "category": "police_household", "kiosk_id": "KSK-T-01", '
             '"issued_at": "2026-03-18T09:30:00+08:00", "supersedes_key": '
             '"4f1c2a9e0b7d4c3e8a6f5d2b1c0e9f8a"}')
    assert o.number == "K01-C007"
    body("POST", P.TICKET_VOIDS, '{"kiosk_id": "KSK-T-01", "reason": "not_printed", '
                                 '"take_key": "4f1c2a9e0b7d4c3e8a6f5d2b1c0e9f8a"}')
    body("POST", P.TICKET_VOIDS, '{"kiosk_id": "KSK-T-01", "reason": "not_printed", '
                                 '"day": "2026-03-18", "number": "K01-C007"}')
    body("POST", P.CALL_NEXT, '{"category": "tax", "window": "C05"}')
    body("POST", P.REISSUE, "{}")


@pytest.mark.parametrize("text, what", [
    ('{}', "category"),
    ('{"category": 7}', "category"),
    ('{"category": "tax", "mobile": "12345"}', "mobile"),
    ('{"category": "tax", "mobile": "+8612345678"}', "mobile"),  # +86: a mainland mobile only
    ('{"category": "tax", "mobile": "1380013800０"}', "mobile"),  # a full-width digit
    ('{"category": "tax", "mobile": ""}', "mobile"),
    ('{"category": "tax", "priority_reason": "' + "x" * 41 + '"}', "priority_reason"),
    ('{"category": "ta\\u0000x"}', "category"),
    ('{"category": "tax", "note": "a\\u0000b"}', "note"),  # no NUL in any field, known or not
])
def test_ticket_requests_the_server_refuses_are_refused(text, what):
    assert what in refused("POST", P.TICKETS, text)


@pytest.mark.parametrize("text", ["null", "[]", '"tax"', "7"])
def test_a_body_is_an_object(text):
    for template in (P.TICKETS, P.STAFF_CALLS, P.EVALUATIONS, P.BATCH):
        refused("POST", template, text)
    refused("POST", P.path(P.HEARTBEATS, kiosk_id=KIOSK).replace(KIOSK, "{kiosk_id}"), text)


@pytest.mark.parametrize("text", [
    '{"number": "C007", "category": "tax", "issued_at": "2026-03-18T09:30:00+08:00"}',
    '{"number": "K01-C007", "category": "tax", "issued_at": "2026-03-18"}',
    '{"number": "K01-C007", "category": "tax", "issued_at": "2026-03-18T09:30:00"}',
    '{"number": "K01-C007", "category": "tax", "issued_at": "yesterday"}',
    '{"number": "K01-C007", "category": "tax", "issued_at": "2026-02-30T09:30:00Z"}',
    '{"number": "K01-C007", "category": "tax", "issued_at": "2026-03-18T09:30:00Z\\n"}',
    '{"number": "K01-C007", "category": "tax", "issued_at": "2026-03-18T09:30:00.'
    + "0" * 30 + 'Z"}',  # longer than the protocol's 40 characters
    '{"number": "K01-C007", "category": "tax"}',
])
def test_offline_tickets_need_a_hyphen_and_a_date_time_with_its_offset(text):
    refused("POST", P.OFFLINE_TICKETS, text)


def test_a_void_names_its_ticket():
    assert "name the ticket" in refused("POST", P.TICKET_VOIDS, '{"reason": "not_printed"}')
    refused("POST", P.TICKET_VOIDS, '{"day": "2026-03-18"}')
    refused("POST", P.TICKET_VOIDS, '{"take_key": ""}')


def test_answers_of_the_queue_are_what_their_models_say(central):
    status, t = call(central, "POST", P.TICKETS, {"category": "police_household"})
    assert status == 201
    answers("POST", P.TICKETS, 201, t)
    status, got = call(central, "GET", P.path(P.TICKET, day=t["day"], number=t["number"]))
    answers("GET", P.TICKET, 200, got)
    status, called = call(central, "POST", P.CALL_NEXT,
                          {"category": "police_household", "window": "C05"})
    assert status == 200 and called["ticket"]["number"] == t["number"]
    answers("POST", P.CALL_NEXT, 200, called)
    status, missed = call(central, "POST", P.path(P.MISSED, day=t["day"], number=t["number"]),
                          {})
    answers("POST", P.MISSED, 200, missed)
    status, again = call(central, "POST", P.path(P.REISSUE, day=t["day"], number=t["number"]),
                         {})
    assert status == 201 and again["reissued_from"] == t["number"]
    answers("POST", P.REISSUE, 201, again)
    status, nobody = call(central, "POST", P.CALL_NEXT, {"category": "tax", "window": "A01"})
    assert nobody == {"ticket": None}
    answers("POST", P.CALL_NEXT, 200, nobody)
    status, void = call(central, "POST", P.TICKET_VOIDS, {"take_key": "never-taken-0001"})
    assert void == {"voided": False, "found": False}
    answers("POST", P.TICKET_VOIDS, 200, void)
    status, state = call(central, "GET", P.QUEUE_STATE)
    answers("GET", P.QUEUE_STATE, 200, state)
    status, health = call(central, "GET", P.HEALTH)
    answers("GET", P.HEALTH, 200, health)
    status, cat = call(central, "GET", P.CATALOGUE)
    answers("GET", P.CATALOGUE, 200, json.loads(cat) if isinstance(cat, bytes) else cat)


# ----------------------------------------------------------------------------- disagreements
def test_an_integer_spelt_with_a_fraction_of_zero_is_an_integer_to_both(central):
    """JSON Schema's integer takes 1.0; so do the model and, now, the handler (it refused
    it with 400 while the document said "integer")."""
    ev = {"evaluation_id": "ev-1", "subject_type": "kiosk", "subject": KIOSK, "score": 5.0,
          "at": AT}
    assert body("POST", P.EVALUATIONS, json.dumps(ev)).score == 5
    status, answer = call(central, "POST", P.EVALUATIONS, ev)
    assert (status, answer) == (201, {"evaluation_id": "ev-1", "recorded": True})
    for bad in (5.5, "5", True, 0, 6):
        refused("POST", P.EVALUATIONS, json.dumps({**ev, "score": bad}))
    status, answer = call(central, "POST", P.LOCKER_EVENTS, {
        "event_id": "le-1", "device": "locker1", "compartment": 3.0, "size": "M",
        "event": "door", "status": "free", "door": "closed", "at": AT})
    assert status == 201 and answer["compartment"]["compartment"] == 3


def test_a_null_optional_field_is_absent_to_both(central):
    """``ticket_number: null`` was accepted by the handler and refused by the document:
    both now say an optional field may be null."""
    text = json.dumps({"call_id": "sc-1", "reason": "print_failed:paper_out",
                       "ticket_number": None, "at": AT})
    assert body("POST", P.STAFF_CALLS, text).ticket_number is None
    status, answer = call(central, "POST", P.STAFF_CALLS, json.loads(text))
    assert status == 201 and answer["ticket_number"] is None
    answers("POST", P.STAFF_CALLS, 201, answer)
    status, _ = call(central, "POST", P.TICKETS, {"category": "tax", "mobile": None,
                                                  "priority_reason": None})
    assert status == 201


def test_a_blank_id_number_is_one_nobody_booked_with(central):
    """The handler refused a blank ID number (400) that the document allowed: it is now
    looked up like any other, and nobody booked with it (404)."""
    for blank in ("", "  "):
        body("POST", P.APPOINTMENT_LOOKUP, json.dumps({"id_number": blank}))
        status, answer = call(central, "POST", P.APPOINTMENT_LOOKUP, {"id_number": blank})
        assert status == 404 and answer["error"]["code"] == P.Err.NO_APPOINTMENT
    status, appointment = call(central, "POST", P.APPOINTMENT_LOOKUP, {"id_number": ID})
    assert status == 200
    answers("POST", P.APPOINTMENT_LOOKUP, 200, appointment)
    status, same = call(central, "GET", P.path(P.APPOINTMENT, code=appointment["code"]))
    answers("GET", P.APPOINTMENT, 200, same)


def test_a_date_time_in_lower_case_is_rfc_3339_to_both(central):
    text = {"number": "K01-C001", "category": "tax", "issued_at": "2026-03-18t09:30:00z"}
    body("POST", P.OFFLINE_TICKETS, json.dumps(text))
    status, ticket = call(central, "POST", P.OFFLINE_TICKETS, text)
    assert status == 201 and ticket["day"] == "2026-03-18"
    status, _ = call(central, "POST", P.STAFF_CALLS, {
        "call_id": "sc-2", "reason": "help", "at": "2026-03-18t09:30:00.5+08:00"})
    assert status == 201


def test_heartbeat_parts_are_objects_of_their_kind():
    """A heartbeat's ``supplies: 5`` was stored as sent (the fleet page then read nothing):
    the model refuses a part of the wrong kind."""
    hb = P.path(P.HEARTBEATS, kiosk_id="{kiosk_id}")
    for bad in ('{"supplies": 5}', '{"supplies": [5]}', '{"devices": {"name": "x"}}',
                '{"backlog": []}', '{"disk_reserve_mb": "lots"}', '{"at": "now"}',
                '{"supplies": [{"value": "12"}]}', '{"devices": [{"up": "yes"}]}'):
        refused("POST", hb, bad)


# ----------------------------------------------------------------------------- heartbeats
#: what kiosk.sync.health.HealthReporter.heartbeat_body() and the admin's and the
#: appliance's extras write (kiosk/admin.py heartbeat_extra, kiosk/appliance/runtime.py)
HEARTBEAT = """{"kiosk_id": "KSK-T-01", "at": "2026-03-18T09:30:00+08:00",
 "backlog": {"pending": 3, "parked": 0, "delivered": 120, "oldest_pending_age_s": 12.5,
             "last_success_at": "2026-03-18T09:29:58+08:00"},
 "disk_free_mb": 52000, "disk_reserve_mb": 200, "catalogue_etag": "\\"9f2c\\"",
 "relay_failures": 0, "interval_s": 60.0,
 "storage": {"state": "ok", "checked_at": "2026-03-18T03:00:00+08:00", "problems": []},
 "hall": "市民中心", "hall_en": "Citizen Centre", "mode": "demo", "version": "0.9.0",
 "uptime_s": 3600, "last_restart_reason": null,
 "devices": [{"name": "printer", "kind": "receipt_printer", "state": "ready",
              "axes": {"paper": "near_end"}, "up": true, "problem": null,
              "warning": "paper_near_end", "mock": true, "operations": 41, "failures": 0,
              "last_error": ""}],
 "supplies": [{"device": "dispenser", "item": "card_hopper", "value": 37, "warning": true,
               "sensor": "count"}],
 "restart": {"reason": "nightly", "at": "2026-03-18T03:10:00+08:00"},
 "watchdog": {"systemd": false, "hung_workers": []}, "screen_dark": false}"""


def test_the_kiosks_heartbeat_is_taken_with_its_extra_reports(central):
    hb = body("POST", P.path(P.HEARTBEATS, kiosk_id="{kiosk_id}"), HEARTBEAT)
    assert hb.devices[0].warning == "paper_near_end" and hb.model_extra["screen_dark"] is False
    status, answer = call(central, "POST", P.path(P.HEARTBEATS, kiosk_id=KIOSK),
                          json.loads(HEARTBEAT))
    assert status == 200
    answers("POST", P.HEARTBEATS, 200, answer)
    status, doc = call(central, "GET", P.FLEET)
    answers("GET", P.FLEET, 200, doc)
    assert doc["kiosks"][0]["status"] == "warning"  # paper near end, hopper low


def test_the_zone_display_answers_as_its_model_says(central):
    call(central, "POST", P.TICKETS, {"category": "police_household"})
    call(central, "POST", P.CALL_NEXT, {"category": "police_household", "window": "C05"})
    zone = central.app.store.catalogue.category("police_household")["zone"]
    status, screen = call(central, "GET", P.path(P.DISPLAY, zone=zone))
    assert status == 200 and screen["calling"][0]["window"] == "C05"
    answers("GET", P.DISPLAY, 200, screen)


# ----------------------------------------------------------------------------- cases
def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_case_bodies_the_kiosk_sends_are_taken():
    data = b"%PDF-1.4 fictitious"
    body("POST", P.CASES, json.dumps({
        "case_id": "20260318-0001", "kiosk_id": KIOSK, "item_code": "tax-invoice",
        "applicant": {"name": "张三", "id_number": ID}, "submitted_at": AT,
        "form": {"channel": "kiosk_apply", "delivery": {"method": "pickup"},
                 "materials": ["身份证"], "missing": [], "copies": 2, "urgent": False}}))
    body("POST", P.ATTACHMENTS.replace("{case_id}", "{case_id}"), json.dumps({
        "attachment_id": "a1b2", "seq": 0, "kind": "scan", "name": "身份证",
        "content_type": "application/pdf", "sha256": hashlib.sha256(data).hexdigest(),
        "data_b64": _b64(data)}))
    body("POST", P.UPLOAD, json.dumps({
        "seq": 0, "kind": "scan", "name": "户口簿", "content_type": "application/pdf",
        "size": 3_000_000, "sha256": "ab" * 32, "chunk_bytes": P.UPLOAD_CHUNK_BYTES}))
    body("POST", P.UPLOAD_CHUNKS, json.dumps({
        "offset": P.UPLOAD_CHUNK_BYTES, "sha256": hashlib.sha256(data).hexdigest(),
        "data_b64": _b64(data)}))
    body("POST", P.UPLOAD_COMPLETE, "{}")
    body("POST", P.CASE_COMMIT, '{"attachments": ["a1b2"], "missing": ["结婚证"], '
                                '"delivery": "post"}')
    body("POST", P.CASE_LOOKUP, json.dumps({"id_number": ID}))
    body("POST", P.EVALUATIONS, json.dumps({
        "evaluation_id": "e1", "kiosk_id": KIOSK, "subject_type": "case", "subject": "c1",
        "score": 2, "journey": "cases", "tags": ["slow", "unclear"],
        "comment": "等待时间长", "at": AT}))


CASE = '{"case_id": "c", "item_code": "i", "submitted_at": "2026-03-18T09:30:00Z", '
EVALUATION = ('{"evaluation_id": "e", "subject": "s", "score": 3, '
              '"at": "2026-03-18T09:30:00Z", ')


@pytest.mark.parametrize("template, text, what", [
    (P.CASES, CASE + '"applicant": {"name": null}}', "name"),
    (P.CASES, CASE + '"form": []}', "form"),
    (P.CASES, CASE + '"form": {"a\\u0000": 1}}', "form"),
    (P.ATTACHMENTS, '{"attachment_id": "a", "kind": "fax", "sha256": "' + "0" * 64
                    + '", "data_b64": ""}', "kind"),
    (P.ATTACHMENTS, '{"attachment_id": "a", "kind": "scan", "sha256": "' + "0" * 64
                    + '", "data_b64": "not base64!"}', "data_b64"),
    (P.ATTACHMENTS, '{"attachment_id": "a", "kind": "scan", "sha256": "' + "0" * 64
                    + '", "data_b64": "QQ="}', "data_b64"),  # padding missing
    (P.ATTACHMENTS, '{"attachment_id": "a", "kind": "scan", "sha256": "AB", "data_b64": ""}',
     "sha256"),
    (P.UPLOAD, '{"seq": 0, "kind": "scan", "name": "n", "content_type": "t", "size": '
               + str(P.MAX_UPLOAD_BYTES + 1) + ', "sha256": "' + "0" * 64
               + '", "chunk_bytes": 1024}', "size"),
    (P.UPLOAD, '{"seq": 0, "kind": "scan", "name": "n", "content_type": "t", "size": 1, "sha256": "'
               + "0" * 64 + '", "chunk_bytes": 0}', "chunk_bytes"),
    (P.UPLOAD_CHUNKS, '{"offset": -1, "sha256": "' + "0" * 64 + '", "data_b64": ""}',
     "offset"),
    (P.CASE_COMMIT, '{"delivery": "drone"}', "delivery"),
    (P.CASE_COMMIT, '{"delivery": null}', "delivery"),
    (P.CASE_COMMIT, '{"attachments": [1]}', "attachments"),
    (P.EVALUATIONS, EVALUATION + '"subject_type": "hall"}', "subject_type"),
    (P.EVALUATIONS, EVALUATION + '"subject_type": "case", "tags": ' + json.dumps(["t"] * 11)
     + "}", "tags"),
])
def test_case_requests_the_server_refuses_are_refused(template, text, what):
    assert what in refused("POST", template, text)


def test_a_case_with_chunked_materials_answers_as_its_models_say(central):
    status, case = call(central, "POST", P.CASES, {
        "case_id": "c-1", "item_code": "tax-invoice", "applicant": {"name": "张三",
                                                                   "id_number": ID},
        "submitted_at": AT, "form": {"copies": 1}})
    assert status == 201
    answers("POST", P.CASES, 201, case)
    data = b"x" * 10
    status, stored = call(central, "POST", P.path(P.ATTACHMENTS, case_id="c-1"), {
        "attachment_id": "a-1", "seq": None, "kind": "photo",
        "sha256": hashlib.sha256(data).hexdigest(), "data_b64": _b64(data)})
    assert status == 201 and stored["seq"] == 0  # (a null seq is its place, like none)
    answers("POST", P.ATTACHMENTS, 201, stored)
    up = P.path(P.UPLOAD, case_id="c-1", attachment_id="u-1")
    status, state = call(central, "POST", up, {
        "seq": 1, "kind": "scan", "name": "户口簿", "content_type": "application/pdf",
        "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "chunk_bytes": 8})
    assert status == 200
    answers("POST", P.UPLOAD, 200, state)
    for offset in (0, 8):
        part = data[offset:offset + 8]
        status, kept = call(central, "POST", P.path(P.UPLOAD_CHUNKS, case_id="c-1",
                                                    attachment_id="u-1"),
                            {"offset": float(offset), "sha256": hashlib.sha256(part).hexdigest(),
                             "data_b64": _b64(part)})
        assert status == 200
        answers("POST", P.UPLOAD_CHUNKS, 200, kept)
    status, state = call(central, "GET", up)
    answers("GET", P.UPLOAD, 200, state)
    status, done = call(central, "POST", P.path(P.UPLOAD_COMPLETE, case_id="c-1",
                                                attachment_id="u-1"), {})
    assert status == 201
    answers("POST", P.UPLOAD_COMPLETE, 201, done)
    status, progress = call(central, "POST", P.path(P.CASE_COMMIT, case_id="c-1"),
                            {"attachments": ["u-1"], "missing": ["结婚证"]})
    assert status == 200 and progress["status"] == "accepted"
    answers("POST", P.CASE_COMMIT, 200, progress)
    status, got = call(central, "GET", P.path(P.CASE, case_id="c-1"))
    answers("GET", P.CASE, 200, got)
    status, got = call(central, "GET", P.path(P.CASE_PROGRESS, case_id="c-1"))
    answers("GET", P.CASE_PROGRESS, 200, got)
    status, mine = call(central, "POST", P.CASE_LOOKUP, {"id_number": ID})
    assert [c["case_id"] for c in mine["cases"]] == ["c-1"]
    answers("POST", P.CASE_LOOKUP, 200, mine)


def test_a_checksum_that_does_not_match_is_a_422_the_document_names(central):
    """No schema can say "sha256 of data_b64": a well-formed body whose digest differs is
    a content refusal (422 checksum), not a malformed one (400)."""
    call(central, "POST", P.CASES, {"case_id": "c-2", "item_code": "tax-invoice",
                                    "submitted_at": AT})
    status, answer = call(central, "POST", P.path(P.ATTACHMENTS, case_id="c-2"), {
        "attachment_id": "a-2", "kind": "scan", "sha256": "0" * 64, "data_b64": _b64(b"x")})
    assert status == 422 and answer["error"]["code"] == P.Err.CHECKSUM
    assert 422 in op("POST", P.ATTACHMENTS).errors


# ----------------------------------------------------------------------------- lockers
LOADED = {"event_id": "le-2", "kiosk_id": KIOSK, "device": "locker1", "compartment": 4,
          "size": "M", "event": "loaded", "status": "loaded", "door": "closed",
          "occupied": True, "case_id": "c-9", "by": "staff", "purpose": "load",
          "pickup_code": "123456", "at": AT}


def test_locker_events_the_kiosk_sends_are_taken(central):
    body("POST", P.LOCKER_EVENTS, json.dumps(LOADED))
    status, answer = call(central, "POST", P.LOCKER_EVENTS, LOADED)
    assert status == 201
    answers("POST", P.LOCKER_EVENTS, 201, answer)
    status, mine = call(central, "GET", P.path(P.KIOSK_LOCKERS, kiosk_id=KIOSK))
    answers("GET", P.KIOSK_LOCKERS, 200, mine)
    body("POST", P.LOCKER_PICKUP_LOOKUP, json.dumps({"kiosk_id": KIOSK, "id_number": ID}))


@pytest.mark.parametrize("change", [
    {"pickup_code": None}, {"pickup_code": "12a456"}, {"pickup_code": "1234567"},
    {"compartment": 0}, {"size": "XL"}, {"door": "ajar"}, {"occupied": "yes"},
    {"event": "exploded"}, {"at": "2026-03-18"},
])
def test_locker_events_the_server_refuses_are_refused(change):
    refused("POST", P.LOCKER_EVENTS, json.dumps({**LOADED, **change}))


# ----------------------------------------------------------------------------- batch
def test_the_relays_batch_is_taken_and_answers_per_item(central):
    items = [{"key": uuid.uuid4().hex, "path": P.STAFF_CALLS, "stream": None,
              "body": {"call_id": "sc-9", "kiosk_id": KIOSK, "reason": "help", "at": AT}},
             {"key": uuid.uuid4().hex, "path": P.path(P.HEARTBEATS, kiosk_id=KIOSK),
              "body": json.loads(HEARTBEAT)}]
    body("POST", P.BATCH, json.dumps({"items": items}))
    status, answer = call(central, "POST", P.BATCH, {"items": items})
    assert status == 200 and [r["status"] for r in answer["results"]] == [201, 200]
    answers("POST", P.BATCH, 200, answer)


@pytest.mark.parametrize("items", [
    [],
    [{"key": "short", "path": P.STAFF_CALLS}],
    [{"key": "k" * 10, "path": P.APPOINTMENT_LOOKUP}],  # a lookup is never batched
    [{"key": "k" * 10, "path": P.BATCH}],
    [{"key": "k" * 10, "path": P.TICKETS, "method": "GET"}],
    [{"key": "k" * 10, "path": P.TICKETS, "body": []}],
    [{"key": "k" * 10, "path": P.TICKETS, "stream": ["s"]}],
    [{"key": "k" * 10, "path": P.TICKETS}] * (P.MAX_BATCH_ITEMS + 1),
])
def test_batches_the_server_refuses_are_refused(items):
    refused("POST", P.BATCH, json.dumps({"items": items}))


# ----------------------------------------------------------------------------- guides
def test_the_guides_and_certificates_answer_as_their_models_say(central):
    status, doc = call(central, "GET", P.GUIDES)
    doc = json.loads(doc) if isinstance(doc, bytes) else doc
    answers("GET", P.GUIDES, 200, doc)
    code = doc["items"][0]["code"]
    status, item = call(central, "GET", P.path(P.GUIDE, code=code))
    answers("GET", P.GUIDE, 200, item)
    from kiosk.central.store.certificates import load_demo_certificates

    cert = load_demo_certificates()[0]["code"]
    status, c = call(central, "GET", P.path(P.CERTIFICATE, code=cert))
    assert status == 200
    answers("GET", P.CERTIFICATE, 200, c)
