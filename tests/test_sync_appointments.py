"""The kiosk's queue service: appointment lookup/check-in and "call staff" via the outbox."""
from __future__ import annotations

import logging
import time

import pytest

from kiosk.sync.service import build_queue_service

ZHANG = "110101198506150035"  # 张三, the idcard simulator's "resident" card
NOBODY = "110101199001010016"


def test_find_appointment_then_check_in(service, central):
    code = service.find_appointment(ZHANG, "police_household")
    assert code and code.startswith("YY")
    assert service.find_appointment(ZHANG, "tax") is None  # other category
    assert service.find_appointment(NOBODY, "police_household") is None
    t = service.take_ticket("police_household", appointment_code=code)
    assert t.priority == "appointment" and not t.offline
    assert service.find_appointment(ZHANG, "police_household") is None  # used now
    [row] = central.rows("SELECT status, ticket_number FROM appointments WHERE code = :c", c=code)
    assert tuple(row) == ("checked_in", t.number)


def test_server_down_lookup_says_unchecked_quickly_and_logs_the_number_masked(
        service, central, caplog):
    from kiosk.services import ServiceUnavailable

    central.stop()
    caplog.set_level(logging.INFO)
    start = time.monotonic()
    with pytest.raises(ServiceUnavailable) as err:  # the flow tells the citizen, not silence
        service.find_appointment(ZHANG, "police_household")
    assert "预约" in err.value.message_zh and "appointment" in err.value.message_en
    assert time.monotonic() - start < 10  # generous: bounded by the lookup's timeouts
    assert not service.online()
    assert ZHANG not in caplog.text and "1101**" in caplog.text
    # the citizen still gets a ticket (offline, no appointment priority)
    t = service.take_ticket("police_household")
    assert t.offline and t.priority is None


def test_lookup_never_puts_the_id_number_in_a_url(service, central, monkeypatch):
    seen = []
    original = service.client.request

    def spy(method, path, **kw):
        seen.append((method, path, kw.get("body")))
        return original(method, path, **kw)

    monkeypatch.setattr(service.client, "request", spy)
    service.find_appointment(ZHANG, "police_household")
    [(method, path, body)] = seen
    assert method == "POST" and ZHANG not in path and body["id_number"] == ZHANG


def test_call_staff_while_down_is_delivered_exactly_once(tmp_path, central, monkeypatch):
    monkeypatch.setattr("kiosk.sync.service.PROBE_INTERVAL_S", 0.1)
    svc = build_queue_service(central.settings(tmp_path),
                              relay_options={"idle_interval_s": 0.05})
    svc.relay.backoff.base_s, svc.relay.backoff.cap_s = 0.05, 0.2
    svc.start()
    try:
        central.stop()
        start = time.monotonic()
        call_id = svc.call_staff("print_failed:paper_out", "C007")
        assert time.monotonic() - start < 5  # returns at once, not after a network timeout
        assert svc.outbox.status()["pending"] == 1
        time.sleep(0.5)  # the relay tries (and fails) a few times meanwhile
        assert central.count("staff_calls") == 0
        central.start()
        deadline = time.monotonic() + 15
        while svc.outbox.status()["pending"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert svc.outbox.status()["pending"] == 0
        # a later drain sends nothing again
        svc.relay.drain(deadline_s=2)
    finally:
        svc.close()
    rows = central.rows("SELECT call_id, kiosk_id, reason, ticket_number FROM staff_calls")
    assert [tuple(r) for r in rows] == [(call_id, "KSK-T-01", "print_failed:paper_out", "C007")]


def test_offline_ticket_with_an_appointment_is_checked_in_on_reconciliation(service, central):
    code = service.find_appointment(ZHANG, "police_household")
    central.stop()
    t = service.take_ticket("police_household", appointment_code=code)
    assert t.offline and t.priority == "appointment"
    central.start()
    assert service.relay.drain().delivered == 1
    [row] = central.rows("SELECT status, ticket_number FROM appointments WHERE code = :c", c=code)
    assert tuple(row) == ("checked_in", t.number)
    [prio] = central.rows("SELECT priority FROM tickets WHERE number = :n", n=t.number)
    assert prio[0] == "appointment"


def test_lost_answer_check_in_moves_to_the_offline_replacement(service, central):
    code = service.find_appointment(ZHANG, "police_household")
    central.faults.inject("drop_after", count=1, path="/v1/queue/tickets")
    t = service.take_ticket("police_household", appointment_code=code)
    assert t.offline  # the server checked the appointment in for C001, the kiosk never heard
    service.relay.drain()
    rows = dict(central.rows("SELECT number, status FROM tickets"))
    assert rows == {"C001": "cancelled", t.number: "waiting"}
    [row] = central.rows("SELECT ticket_number FROM appointments WHERE code = :c", c=code)
    assert row[0] == t.number  # not parked, and the citizen keeps the priority
    assert service.outbox.status()["parked"] == 0
