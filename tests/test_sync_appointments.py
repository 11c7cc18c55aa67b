"""``central.appointments`` (lookup, check-in with the ticket) and ``central.staff`` (calls
through the outbox)."""
from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from kiosk.central.store.staff_calls import staff_calls
from kiosk.services import ServiceUnavailable
from kiosk.sync import appointments as appointments_mod
from kiosk.sync.appointments import AppointmentUnchecked
from kiosk.sync.central import build_central
from kiosk.sync.client import CentralError
from tests.waiting import wait_for

ZHANG = "110101198506150035"  # 张三, the idcard simulator's "resident" card
NOBODY = "110101199001010016"


def test_find_appointment_then_check_in(facade, central):
    code = facade.appointments.find(ZHANG, "police_household")
    assert code and code.startswith("YY")
    assert facade.appointments.find(ZHANG, "tax") is None  # other category
    assert facade.appointments.find(NOBODY, "police_household") is None
    t = facade.queue.take_ticket("police_household", appointment_code=code)
    assert t.priority == "appointment" and not t.offline
    assert facade.appointments.find(ZHANG, "police_household") is None  # used now
    [row] = central.rows("SELECT status, ticket_number FROM appointments WHERE code = :c", c=code)
    assert tuple(row) == ("checked_in", t.number)


def test_server_down_lookup_says_unchecked_and_logs_the_number_masked(facade, central, caplog):
    central.stop()
    caplog.set_level(logging.INFO)
    with pytest.raises(AppointmentUnchecked) as err:  # the flow tells the citizen, not silence
        facade.appointments.find(ZHANG, "police_household")
    assert isinstance(err.value, ServiceUnavailable)
    assert "预约" in err.value.message_zh and "appointment" in err.value.message_en
    assert not facade.online()
    assert ZHANG not in caplog.text and "1101**" in caplog.text
    # the citizen still gets a ticket (offline, no appointment priority)
    t = facade.queue.take_ticket("police_household")
    assert t.offline and t.priority is None


def test_the_lookup_uses_its_own_short_timeouts(facade, central, monkeypatch):
    """The citizen waits on the ID card screen: the lookup's bounds are its own, whatever the
    configured (longer) read timeout."""
    facade.settings.central.read_timeout_s = 30.0
    seen = {}

    def spy(body, timeout=None, deadline_s=None):
        seen.update(timeout=timeout, deadline_s=deadline_s)
        raise CentralError("no answer")

    monkeypatch.setattr(facade.client, "find_appointment", spy)
    with pytest.raises(AppointmentUnchecked):
        facade.appointments.find(ZHANG, "police_household")
    assert seen["timeout"] == (min(1.0, appointments_mod.CONNECT_S), appointments_mod.READ_S)
    assert seen["deadline_s"] == sum(seen["timeout"]) + 1.0


def test_lookup_never_puts_the_id_number_in_a_url(facade, central, monkeypatch):
    seen = []
    original = facade.client.request

    def spy(method, path, **kw):
        seen.append((method, path, kw.get("body")))
        return original(method, path, **kw)

    monkeypatch.setattr(facade.client, "request", spy)
    facade.appointments.find(ZHANG, "police_household")
    [(method, path, body)] = seen
    assert method == "POST" and ZHANG not in path and body["id_number"] == ZHANG


def test_call_staff_never_waits_for_the_network(facade, central, monkeypatch):
    def no_network(*a, **kw):
        raise AssertionError("a staff call must not wait for the network")

    monkeypatch.setattr(facade.client, "request", no_network)
    call_id = facade.staff.call("print_failed:paper_out", "C007")
    assert facade.outbox.status()["pending"] == 1
    [entry] = facade.outbox.entries("pending")
    assert entry["kind"] == "staff_call" and entry["ref"] == call_id


def test_call_staff_while_down_is_delivered_exactly_once(tmp_path, central):
    kiosk_side = build_central(central.settings(tmp_path), probe_interval_s=0.1,
                               relay_options={"idle_interval_s": 0.05})
    kiosk_side.relay.backoff.base_s, kiosk_side.relay.backoff.cap_s = 0.05, 0.2
    kiosk_side.start()
    try:
        central.stop()
        call_id = kiosk_side.staff.call("print_failed:paper_out", "C007")
        assert kiosk_side.outbox.status()["pending"] == 1
        # the relay tries, and fails, a few times meanwhile
        assert wait_for(lambda: kiosk_side.relay.failures >= 2, timeout=30)
        assert central.count("staff_calls") == 0
        central.start()
        assert wait_for(lambda: kiosk_side.outbox.status()["pending"] == 0, timeout=30)
        # a later drain sends nothing again
        assert kiosk_side.relay.drain(deadline_s=5).claimed == 0
    finally:
        kiosk_side.close()
    c = staff_calls.c  # (a select: reasons are sealed)
    rows = central.rows(sa.select(c.call_id, c.kiosk_id, c.reason, c.ticket_number))
    assert [tuple(r) for r in rows] == [(call_id, "KSK-T-01", "print_failed:paper_out", "C007")]


def test_offline_ticket_with_an_appointment_is_checked_in_on_reconciliation(facade, central):
    code = facade.appointments.find(ZHANG, "police_household")
    central.stop()
    t = facade.queue.take_ticket("police_household", appointment_code=code)
    assert t.offline and t.priority == "appointment"
    central.start()
    assert facade.relay.drain().delivered == 1
    [row] = central.rows("SELECT status, ticket_number FROM appointments WHERE code = :c", c=code)
    assert tuple(row) == ("checked_in", t.number)
    [prio] = central.rows("SELECT priority FROM tickets WHERE number = :n", n=t.number)
    assert prio[0] == "appointment"


def test_lost_answer_check_in_moves_to_the_offline_replacement(facade, central):
    code = facade.appointments.find(ZHANG, "police_household")
    central.faults.inject("drop_after", count=1, path="/v1/queue/tickets")
    t = facade.queue.take_ticket("police_household", appointment_code=code)
    assert t.offline  # the server checked the appointment in for C001, the kiosk never heard
    facade.relay.drain()
    rows = dict(central.rows("SELECT number, status FROM tickets"))
    assert rows == {"C001": "cancelled", t.number: "waiting"}
    [row] = central.rows("SELECT ticket_number FROM appointments WHERE code = :c", c=code)
    assert row[0] == t.number  # not parked, and the citizen keeps the priority
    assert facade.outbox.status()["parked"] == 0
