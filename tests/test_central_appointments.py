"""Appointments (lookup, check-in with a ticket) and staff calls on the reference server."""
from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pytest
import requests

from drivers.idcard.simulator import fictitious_cards
from kiosk.central.store import load_demo_appointments
from kiosk.central.cli import main
from tests import pgserver
from tests.synchelp import Central

ZHANG = "110101198506150035"  # 张三, the simulator's "resident" card
NOBODY = "110101199001010016"  # fictitious, no appointment


@pytest.fixture(params=pgserver.DATABASES)
def central(request, tmp_path):
    c = Central(tmp_path, db_url=pgserver.db_url_for(request)).start()
    yield c
    c.close()


def post(central, path, body, *, key=None, kiosk="KSK-T-01"):
    h = {"Authorization": f"Bearer {central.token(kiosk)}", "Content-Type": "application/json",
         "Idempotency-Key": key or uuid.uuid4().hex}
    return requests.post(central.url + path, data=json.dumps(body), headers=h, timeout=5)


def lookup(central, id_number, category=None):
    body = {"id_number": id_number} | ({"category": category} if category else {})
    return post(central, "/v1/appointments/lookup", body)


def test_demo_appointments_belong_to_the_simulator_cards():
    numbers = {c.id_number for c in fictitious_cards().values()}
    demo = load_demo_appointments()
    assert demo and all(a["id_number"] in numbers for a in demo)
    assert any(a["id_number"] == ZHANG and a["category"] == "police_household" for a in demo)


def test_lookup_found_not_found_and_other_category(central):
    r = lookup(central, ZHANG, "police_household")
    assert r.status_code == 200, r.text
    appt = r.json()
    day = date.today()
    assert appt["code"] == f"YY{day:%Y%m%d}001" and appt["day"] == day.isoformat()
    assert appt["category"] == "police_household" and appt["status"] == "booked"
    assert lookup(central, ZHANG.lower()).json()["code"] == appt["code"]  # any category
    r = lookup(central, ZHANG, "tax")
    assert r.status_code == 404 and r.json()["error"]["code"] == "no_appointment"
    r = lookup(central, NOBODY)
    assert r.status_code == 404 and NOBODY not in r.text
    assert lookup(central, ZHANG, "no_such").status_code == 404
    assert post(central, "/v1/appointments/lookup", {}).status_code == 400
    # a lookup changes nothing and leaves no record of its body
    assert central.count("idempotency_keys") == 0


def test_lookup_is_not_batchable(central):
    r = post(central, "/v1/batch", {"items": [{"key": uuid.uuid4().hex, "path":
                                               "/v1/appointments/lookup",
                                               "body": {"id_number": ZHANG}}]})
    assert r.status_code == 400


def test_the_server_never_stores_the_id_number_in_clear(central):
    lookup(central, ZHANG)  # seeds the day
    rows = central.rows("SELECT * FROM appointments")
    assert len(rows) == len(load_demo_appointments())
    dump = repr([tuple(r) for r in rows])
    for a in load_demo_appointments():
        assert a["id_number"] not in dump
        assert a["id_number"][6:14] not in dump  # not even the birth date
    hashes = [r.id_hash for r in rows]
    assert len(set(hashes)) == len(hashes) and all(len(h) == 64 for h in hashes)
    # keyed: another server secret gives another hash for the same number
    assert central.store.appointments.id_hash(ZHANG) in hashes
    import hashlib
    import hmac

    from kiosk.central.store import derive_id_key
    other = hmac.new(derive_id_key(b"another-secret-0123456789abcdef"), ZHANG.encode(),
                     hashlib.sha256).hexdigest()
    assert other not in hashes and hashlib.sha256(ZHANG.encode()).hexdigest() not in hashes


def test_check_in_marks_the_ticket_and_a_second_use_is_refused(central):
    code = lookup(central, ZHANG, "police_household").json()["code"]
    r = post(central, "/v1/queue/tickets", {"category": "police_household",
                                            "appointment_code": code})
    assert r.status_code == 201, r.text
    t = r.json()
    assert t["priority"] == "appointment" and t["ahead"] == 0
    [row] = central.rows("SELECT status, ticket_number, kiosk_id FROM appointments "
                         "WHERE code = :c", c=code)
    assert tuple(row) == ("checked_in", t["number"], "KSK-T-01")
    assert central.rows("SELECT appointment_code FROM tickets")[0][0] == code
    # used: refused, and no number was consumed
    r = post(central, "/v1/queue/tickets", {"category": "police_household",
                                            "appointment_code": code}, kiosk="KSK-T-02")
    assert r.status_code == 422 and r.json()["error"]["code"] == "appointment_used"
    assert lookup(central, ZHANG, "police_household").status_code == 404  # not open any more
    nxt = post(central, "/v1/queue/tickets", {"category": "police_household"}).json()
    assert int(nxt["number"][1:]) == int(t["number"][1:]) + 1


def test_check_in_refuses_unknown_other_day_and_other_category(central):
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    with central.store.engine.begin() as conn:
        central.store.appointments.add(conn, code="YYOLD001", category="tax", day=yesterday,
                                      slot="09:00-09:30", id_number=NOBODY)
    def take(category, code):
        return post(central, "/v1/queue/tickets", {"category": category,
                                                   "appointment_code": code})
    r = take("tax", "YYNOPE")
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_appointment"
    r = take("tax", "YYOLD001")
    assert r.status_code == 422 and r.json()["error"]["code"] == "appointment_other_day"
    code = lookup(central, ZHANG).json()["code"]
    r = take("tax", code)
    assert r.status_code == 422 and r.json()["error"]["code"] == "appointment_other_category"
    assert central.count("tickets") == 0


def test_staff_calls_are_recorded_once_and_listed(central, tmp_path, capsys, settings_env):
    body = {"call_id": uuid.uuid4().hex, "reason": "print_failed:paper_out",
            "ticket_number": "C007", "at": "2025-03-18T10:24:00+08:00"}
    key = uuid.uuid4().hex
    assert post(central, "/v1/staff-calls", body, key=key).status_code == 201
    again = post(central, "/v1/staff-calls", body, key=key)
    assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert post(central, "/v1/staff-calls", body).status_code == 201  # same call, new key
    assert central.count("staff_calls") == 1
    r = post(central, "/v1/staff-calls", {"reason": "home"})
    assert r.status_code == 400
    assert main(["staff-calls", "--db", central.db_url, "--day", "2025-03-18",
                 "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["kiosk_id"] == "KSK-T-01" and row["reason"] == "print_failed:paper_out"
    assert row["ticket_number"] == "C007" and row["at"] == body["at"]
    assert main(["staff-calls", "--db", central.db_url, "--day", "2025-03-18"]) == 0
    assert "print_failed:paper_out" in capsys.readouterr().out
