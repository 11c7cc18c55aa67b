"""The reference central server's protocol: idempotency, tickets, auth, batch, the OpenAPI doc."""
from __future__ import annotations

import json
import re
import threading
import uuid

import pytest
import requests
import sqlalchemy as sa

from tests import pgserver
from tests.synchelp import Central


@pytest.fixture(params=pgserver.DATABASES)
def central(request, tmp_path):  # every test here runs on SQLite and on PostgreSQL
    c = Central(tmp_path, db_url=pgserver.db_url_for(request)).start()
    yield c
    c.close()


def post(central, path, body, *, key=None, kiosk="KSK-T-01", headers=None, raw=None):
    h = {"Authorization": f"Bearer {central.token(kiosk)}", "Content-Type": "application/json"}
    if key is not False:
        h["Idempotency-Key"] = key or uuid.uuid4().hex
    h.update(headers or {})
    data = raw if raw is not None else json.dumps(body)
    return requests.post(central.url + path, data=data, headers=h, timeout=5)


def get(central, path, kiosk="KSK-T-01", headers=None):
    h = {"Authorization": f"Bearer {central.token(kiosk)}", **(headers or {})}
    return requests.get(central.url + path, headers=h, timeout=5)


def test_every_served_route_is_documented_with_its_models_and_vice_versa(central):
    doc = requests.get(central.url + "/openapi.json", timeout=5).json()
    documented = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops
                  if m in ("get", "post", "put", "delete", "patch")}
    served = {(r.method, r.template) for r in central.app.routes}
    assert served == documented - {("GET", "/openapi.json")}
    # no operation is left untyped (every one has its models in kiosk.central.schemas)
    untyped = [(m, p) for p, ops in doc["paths"].items() for m, op in ops.items()
               if "undocumented" in op.get("tags", [])]
    assert untyped == []
    # every $ref in it resolves
    text = json.dumps(doc)
    for ref in set(re.findall(r'"\$ref": "#/([^"]+)"', text)):
        node = doc
        for part in ref.split("/"):
            node = node[part]


def test_ticket_numbers_are_sequential_per_category_and_carry_ahead(central):
    numbers = [post(central, "/v1/queue/tickets", {"category": "police_household"}).json()
               for _ in range(3)]
    assert [t["number"] for t in numbers] == ["C001", "C002", "C003"]
    assert [t["ahead"] for t in numbers] == [0, 1, 2]
    other = post(central, "/v1/queue/tickets", {"category": "fund"}).json()
    assert other["number"] == "A001" and other["ahead"] == 0
    assert other["track_url"].endswith(f"/t/{other['day']}/A001")
    page = requests.get(other["track_url"], timeout=5)
    assert page.status_code == 200 and "A001" in page.text
    state = get(central, "/v1/queue/state").json()
    zone_c = next(z for z in state["zones"] if z["code"] == "C")
    assert zone_c["waiting"] == 3


def test_idempotent_replay_returns_the_original_answer(central):
    key = uuid.uuid4().hex
    first = post(central, "/v1/queue/tickets", {"category": "tax"}, key=key)
    again = post(central, "/v1/queue/tickets", {"category": "tax"}, key=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert central.count("tickets") == 1


def test_same_key_with_another_body_is_422_and_missing_key_is_400(central):
    key = uuid.uuid4().hex
    assert post(central, "/v1/queue/tickets", {"category": "tax"}, key=key).status_code == 201
    r = post(central, "/v1/queue/tickets", {"category": "fund"}, key=key)
    assert r.status_code == 422 and r.json()["error"]["code"] == "idempotency_key_reused"
    r = post(central, "/v1/queue/tickets", {"category": "fund"}, key=False)
    assert r.status_code == 400 and r.json()["error"]["code"] == "idempotency_key_required"


def test_replay_while_the_first_is_running_is_409(central, monkeypatch):
    started, release = threading.Event(), threading.Event()
    original = central.store.tickets.issue

    def slow(*a, **kw):
        started.set()
        release.wait(5)
        return original(*a, **kw)

    monkeypatch.setattr(central.store.tickets, "issue", slow)
    key = uuid.uuid4().hex
    result = {}
    t = threading.Thread(target=lambda: result.update(
        r=post(central, "/v1/queue/tickets", {"category": "tax"}, key=key)))
    t.start()
    assert started.wait(5)
    r = post(central, "/v1/queue/tickets", {"category": "tax"}, key=key)
    release.set()
    t.join(5)
    assert r.status_code == 409 and r.json()["error"]["code"] == "in_progress"
    assert result["r"].status_code == 201
    again = post(central, "/v1/queue/tickets", {"category": "tax"}, key=key)
    assert again.status_code == 201 and again.json()["number"] == result["r"].json()["number"]


def test_a_refusal_is_stored_and_replayed_like_a_success(central):
    key = uuid.uuid4().hex
    r1 = post(central, "/v1/queue/tickets", {"category": "nope"}, key=key)
    r2 = post(central, "/v1/queue/tickets", {"category": "nope"}, key=key)
    assert r1.status_code == r2.status_code == 404
    assert r2.headers.get("Idempotent-Replayed") == "true"


def test_authentication_token_and_kiosk_identity(central):
    r = requests.get(central.url + "/v1/catalogue", timeout=5)
    assert r.status_code == 401
    r = requests.get(central.url + "/v1/catalogue",
                     headers={"Authorization": "Bearer v1.a2lvc2s.99999999999.forged"}, timeout=5)
    assert r.status_code == 401
    r = post(central, "/v1/queue/tickets", {"category": "tax", "kiosk_id": "KSK-OTHER"})
    assert r.status_code == 403
    r = post(central, "/v1/kiosks/KSK-OTHER/heartbeats", {"at": "x"})
    assert r.status_code == 403
    r = post(central, "/v1/kiosks/KSK-T-01/heartbeats",
             {"kiosk_id": "KSK-T-01", "at": "2026-12-01T09:00:00+08:00"})
    assert r.status_code == 200
    assert requests.get(central.url + "/v1/health", timeout=5).status_code == 200


def test_protocol_errors_are_clear(central):
    r = post(central, "/v1/queue/tickets", None, raw="{not json")
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_json"
    r = post(central, "/v1/queue/tickets", None, raw="category=tax",
             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415
    assert get(central, "/v1/nowhere").status_code == 404
    assert requests.delete(central.url + "/v1/cases", timeout=5).status_code == 405
    big = central.server.limits.body_bytes
    central.server.limits.body_bytes = 1000
    try:
        r = post(central, "/v1/queue/tickets", {"pad": "x" * 2000})
        assert r.status_code == 413
    finally:
        central.server.limits.body_bytes = big


def test_catalogue_etag_costs_one_304(central):
    r = get(central, "/v1/catalogue")
    assert r.status_code == 200
    doc = r.json()
    assert {c["code"] for c in doc["categories"]} >= {"fund", "police_household", "employment"}
    item = doc["items"][0]
    assert {"conditions", "materials", "process", "legal_basis", "time_limit", "fees",
            "windows"} <= set(item["guide"])
    r2 = get(central, "/v1/catalogue", headers={"If-None-Match": r.headers["ETag"]})
    assert r2.status_code == 304 and r2.content == b""


def test_reissue_keeps_the_place_of_the_missed_number(central):
    for _ in range(3):
        post(central, "/v1/queue/tickets", {"category": "tax"})
    called = post(central, "/v1/queue/call", {"category": "tax", "window": "A11"}).json()["ticket"]
    assert called["number"] == "T001"
    day = called["day"]
    assert post(central, f"/v1/queue/tickets/{day}/T002/reissue", {}).status_code == 422
    assert post(central, f"/v1/queue/tickets/{day}/T001/missed", {}).status_code == 200
    r = post(central, f"/v1/queue/tickets/{day}/T001/reissue", {})
    assert r.status_code == 201
    t = r.json()
    assert t["number"] == "T004" and t["reissued_from"] == "T001" and t["ahead"] == 0
    assert get(central, f"/v1/queue/tickets/{day}/T002").json()["ahead"] == 1
    assert get(central, f"/v1/queue/tickets/{day}/T001").json()["status"] == "reissued"


def test_offline_ticket_joins_the_queue_at_its_issue_time(central):
    post(central, "/v1/queue/tickets", {"category": "fund"})  # A001 now
    from datetime import datetime, timedelta

    now = datetime.now().astimezone()
    # earlier than A001 but on the same day (ten minutes back, less just after midnight)
    since_midnight = (now - now.replace(hour=0, minute=0, second=0, microsecond=0)).seconds
    early = (now - timedelta(seconds=min(600, since_midnight // 2))).isoformat(
        timespec="seconds")
    r = post(central, "/v1/queue/offline-tickets",
             {"number": "K07-A001", "category": "fund", "issued_at": early})
    assert r.status_code == 201
    t = r.json()
    assert t["offline"] is True and t["ahead"] == 0  # ahead of A001, who came later
    r = post(central, "/v1/queue/offline-tickets",
             {"number": "A999", "category": "fund", "issued_at": early})
    assert r.status_code == 400  # an offline number must carry a kiosk prefix
    r = post(central, "/v1/queue/offline-tickets",
             {"number": "K07-A001", "category": "fund", "issued_at": early}, kiosk="KSK-T-02")
    assert r.status_code == 422 and r.json()["error"]["code"] == "offline_number_taken"


def test_batch_applies_a_stream_in_order_and_skips_after_a_failure(central):
    case_id = uuid.uuid4().hex
    item = {"case_id": case_id, "item_code": "police-temp-id-proof", "submitted_at": "2025-01-01T09:00:00+08:00"}
    bad_attachment = {"attachment_id": "a1", "kind": "scan", "data_b64": "aGk=", "sha256": "0" * 64}
    good_attachment = {"attachment_id": "a2", "kind": "scan", "data_b64": "aGk=",
                       "sha256": "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"}
    items = [
        {"key": uuid.uuid4().hex, "path": "/v1/cases", "body": item, "stream": "s"},
        {"key": uuid.uuid4().hex, "path": f"/v1/cases/{case_id}/attachments",
         "body": bad_attachment, "stream": "s"},
        {"key": uuid.uuid4().hex, "path": f"/v1/cases/{case_id}/attachments",
         "body": good_attachment, "stream": "s"},
        {"key": uuid.uuid4().hex, "path": "/v1/evaluations", "body": {
            "evaluation_id": "e1", "subject_type": "kiosk", "subject": "KSK-T-01", "score": 5,
            "at": "2025-01-01T09:00:00+08:00"}},
    ]
    r = post(central, "/v1/batch", {"items": items})
    assert r.status_code == 200
    # (the bad attachment's checksum: 422, a well-formed body whose content does not check out)
    assert [x["status"] for x in r.json()["results"]] == [201, 422, 424, 201]
    assert central.count("attachments") == 0
    # the 424 item was not recorded: sent again after the fix, it runs
    items[1]["body"] = dict(good_attachment, attachment_id="a1")
    items[1]["key"] = uuid.uuid4().hex
    r = post(central, "/v1/batch", {"items": items})
    assert [x["status"] for x in r.json()["results"]] == [201, 201, 201, 201]
    assert [x["replayed"] for x in r.json()["results"]] == [True, False, False, True]
    assert central.count("cases") == 1 and central.count("attachments") == 2


def test_two_kiosks_taking_tickets_concurrently_get_unique_numbers(central):
    from kiosk.sync.client import CentralClient

    results: list[str] = []
    lock = threading.Lock()

    def kiosk(kid: str) -> None:
        client = CentralClient(central.url, kiosk_id=kid, read_timeout=10)
        client._token = central.token(kid)
        client.token_file = None
        client._auth_header = lambda: {"Authorization": f"Bearer {central.token(kid)}"}
        for _ in range(40):
            t = client.take_ticket({"category": "social_security"}, uuid.uuid4().hex)
            with lock:
                results.append(t["number"])

    threads = [threading.Thread(target=kiosk, args=(f"KSK-T-0{i}",)) for i in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 80 and len(set(results)) == 80
    assert sorted(results) == [f"F{i:03d}" for i in range(1, 81)]


def test_old_idempotency_keys_are_purged_but_not_before_30_days(central):
    import time

    post(central, "/v1/queue/tickets", {"category": "tax"})
    assert central.store.idempotency.purge(central.app.retention_days) == 0
    assert central.app.retention_days >= 30
    with central.app.engine.begin() as conn:
        conn.execute(sa.text("UPDATE idempotency_keys SET created_at = :t"),
                     {"t": time.time() - 40 * 86400})
    assert central.store.idempotency.purge(central.app.retention_days) == 1
