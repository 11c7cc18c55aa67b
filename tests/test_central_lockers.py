"""The reference server's locker endpoints on the wire: events recorded once, refused when
malformed, the pickup lookup never batched or stored, each kiosk reading only its own."""
from __future__ import annotations

import json
import uuid

import pytest
import requests

KIOSK = "KSK-T-01"


def post(central, path, body, *, key=None, kiosk=KIOSK):
    h = {"Authorization": f"Bearer {central.token(kiosk)}", "Content-Type": "application/json",
         "Idempotency-Key": key or uuid.uuid4().hex}
    return requests.post(central.url + path, data=json.dumps(body), headers=h, timeout=5)


def get(central, path, kiosk=KIOSK):
    return requests.get(central.url + path,
                        headers={"Authorization": f"Bearer {central.token(kiosk)}"}, timeout=5)


def event(**changes) -> dict:
    body = {"event_id": uuid.uuid4().hex, "kiosk_id": KIOSK, "device": "locker",
            "compartment": 7, "size": "S", "event": "flagged", "status": "free",
            "door": "open", "occupied": None, "flag": "door_forced",
            "detail": "opened with no unlock", "at": "2025-03-18T03:12:00+08:00"}
    body.update(changes)
    return body


def test_an_event_is_recorded_once_and_sets_the_compartment(central):
    body = event()
    key = uuid.uuid4().hex
    first = post(central, "/v1/lockers/events", body, key=key)
    again = post(central, "/v1/lockers/events", body, key=key)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    # the same event under another key (a kiosk that lost its key): still recorded once
    assert post(central, "/v1/lockers/events", body).status_code == 201
    assert central.count("locker_events") == 1
    view = get(central, f"/v1/kiosks/{KIOSK}/lockers").json()
    assert view["compartments"] == [first.json()["compartment"]]
    assert view["compartments"][0]["flag"] == "door_forced"


# (the words are the body model's, kiosk/central/schemas/lockers.py: it refuses first)
@pytest.mark.parametrize("changes, words", [
    ({"event": "exploded"}, "event: Input should be 'reserved'"),
    ({"status": "gone"}, "status: Input should be 'free'"),
    ({"size": "XL"}, "size: Input should be 'S', 'M' or 'L'"),
    ({"compartment": "7"}, "compartment: Input should be a valid integer"),
    ({"compartment": 0}, "compartment: Input should be greater than or equal to 1"),
    ({"occupied": "yes"}, "occupied: Input should be a valid boolean"),
    ({"event": "loaded", "case_id": "202503180001"}, "pickup_code"),
    ({"detail": "x" * 201}, "detail: String should have at most 200 characters"),
])
def test_malformed_events_are_refused_with_words(central, changes, words):
    r = post(central, "/v1/lockers/events", event(**changes))
    assert r.status_code == 400 and words in r.json()["error"]["message"]


def test_an_event_of_another_kiosk_is_refused(central):
    body = event()
    assert post(central, "/v1/lockers/events", body).status_code == 201
    other = post(central, "/v1/lockers/events", {**body, "kiosk_id": "KSK-T-02"},
                 kiosk="KSK-T-02")
    assert other.status_code == 422 and other.json()["error"]["code"] == "locker_event_exists"
    assert get(central, f"/v1/kiosks/{KIOSK}/lockers", kiosk="KSK-T-02").status_code == 403


def test_the_pickup_lookup_is_answered_never_stored_nor_batched(central):
    r = post(central, "/v1/lockers/pickup-lookup", {"id_number": "11010519491231002X"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "no_pickup"
    assert central.count("idempotency_keys") == 0  # no fingerprint of an ID number kept
    batch = post(central, "/v1/batch", {"items": [{"key": uuid.uuid4().hex,
                                                   "path": "/v1/lockers/pickup-lookup",
                                                   "body": {"id_number": "1"}}]})
    assert batch.status_code == 400 and "cannot be batched" in batch.json()["error"]["message"]
