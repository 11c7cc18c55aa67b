"""``central.queue``: tickets online and offline, reconciliation, 补号, the catalogue cache."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from kiosk.central.store.tickets import tickets
from kiosk.services import ServiceUnavailable
from kiosk.sync.central import build_central
from kiosk.sync.queue import TicketRefused, offline_prefix
from tests.waiting import wait_for

SERVER_NUMBER = re.compile(r"^[A-Z]\d{3,}$")


def test_online_ticket_comes_from_the_server(facade, central):
    queue = facade.queue
    assert [c.code for c in queue.categories()][:2] == ["fund", "tax"]
    t = queue.take_ticket("police_exit_entry", mobile="13800138000")
    assert SERVER_NUMBER.match(t.number) and t.number.startswith("P")
    assert not t.offline and t.ahead == 0 and t.floor == 1 and t.windows == "C13–C20"
    assert t.track_url == f"{central.url}/t/{t.extra['day']}/{t.number}"
    assert queue.online() and facade.online()
    t_ = tickets.c  # (a select: the mobile is sealed)
    row = central.rows(sa.select(t_.kiosk_id, t_.offline, t_.mobile))[0]
    assert tuple(row) == ("KSK-T-01", 0, "13800138000")


def test_categories_carry_the_ticket_prefix_of_the_catalogue(facade):
    prefixes = {c.code: c.prefix for c in facade.queue.categories()}
    assert prefixes["fund"] == "A" and prefixes["tax"] == "T"
    assert prefixes["police_exit_entry"] == "P"
    assert all(len(p) == 1 and p.isupper() for p in prefixes.values())
    assert len(set(prefixes.values())) == len(prefixes)  # one category per keypad letter


def test_offline_ticket_when_the_server_is_down_then_reconciled(facade, central, monkeypatch):
    queue = facade.queue
    central.stop()
    t = queue.take_ticket("fund", priority_reason="elderly_70")
    assert t.offline and t.ahead is None and t.number == "K01-A001"
    assert not SERVER_NUMBER.match(t.number)
    assert "前方人数未知" in t.extra["notice_zh"]
    assert not queue.online()
    # offline now: the next citizen does not wait for the network again
    calls = []
    monkeypatch.setattr(facade.client, "take_ticket", lambda *a, **k: calls.append(1))
    t2 = queue.take_ticket("fund")
    assert t2.number == "K01-A002" and calls == []
    monkeypatch.undo()
    central.start()
    rep = facade.relay.drain()
    assert rep.delivered == 2
    rows = central.rows("SELECT number, offline, kiosk_id, priority FROM tickets ORDER BY number")
    assert [tuple(r) for r in rows] == [("K01-A001", 1, "KSK-T-01", "elderly_70"),
                                        ("K01-A002", 1, "KSK-T-01", None)]


def test_lost_answer_online_ticket_is_cancelled_by_its_offline_replacement(facade, central):
    central.faults.inject("drop_after", count=1, path="/v1/queue/tickets")
    t = facade.queue.take_ticket("tax")
    assert t.offline  # the server issued T001 but the kiosk never heard
    facade.relay.drain()
    rows = dict(central.rows("SELECT number, status FROM tickets"))
    assert rows == {"T001": "cancelled", t.number: "waiting"}


def test_two_kiosks_offline_numbers_never_collide(tmp_path, central):
    assert offline_prefix("KSK-DEMO-01") == "K01"
    assert offline_prefix("hall3-kiosk-a7") == "KA7"
    central.stop()
    a = build_central(central.settings(tmp_path, "KSK-T-01"))
    b = build_central(central.settings(tmp_path, "KSK-T-02"))
    try:
        na = {a.queue.take_ticket("tax").number for _ in range(3)}
        nb = {b.queue.take_ticket("tax").number for _ in range(3)}
        assert not na & nb
        central.start()
        assert a.relay.drain().delivered == 3 and b.relay.drain().delivered == 3
        assert central.count("tickets") == 6
    finally:
        a.close()
        b.close()


def test_configured_offline_prefix_wins_over_the_derived_one(tmp_path, central):
    central.stop()
    settings = central.settings(tmp_path, "KSK-EAST-01")
    settings.kiosk.offline_prefix = "E7"
    with build_central(settings) as kiosk_side:
        ticket = kiosk_side.queue.take_ticket("tax")
    assert ticket.offline and ticket.number.startswith("E7-")


def test_unknown_category_is_refused_in_both_languages(facade):
    with pytest.raises(TicketRefused) as info:
        facade.queue.take_ticket("no_such")
    assert info.value.message_zh and info.value.message_en
    assert isinstance(info.value, ServiceUnavailable)


def test_reissue_needs_the_server(facade, central):
    queue = facade.queue
    t = queue.take_ticket("business")
    with central.app.engine.begin() as conn:
        central.store.tickets.call_next(conn, "business", "E01")
        central.store.tickets.mark_missed(conn, t.extra["day"], t.number)
    new = queue.reissue(t.number)
    assert new.reissued_from == t.number and new.ahead == 0
    with pytest.raises(TicketRefused) as info:
        queue.reissue(t.number)  # already re-issued
    assert info.value.message_zh
    central.stop()
    with pytest.raises(ServiceUnavailable) as info:
        queue.reissue(new.number)
    assert not isinstance(info.value, TicketRefused) and "补号" in info.value.message_zh


def test_catalogue_is_cached_for_offline_use_and_refreshed_with_etag(tmp_path, central):
    settings = central.settings(tmp_path)
    settings.kiosk.mode = "production"  # no demo seed: only what the server sent
    with build_central(settings) as kiosk_side:
        assert kiosk_side.queue.categories() == []
        assert kiosk_side.catalogue.refresh() == "updated"
        assert kiosk_side.catalogue.refresh() == "not_modified"
        n = len(kiosk_side.queue.categories())
    central.stop()
    with build_central(settings) as kiosk_side:
        assert kiosk_side.catalogue.source == "cache"
        assert len(kiosk_side.queue.categories()) == n == 11
        assert kiosk_side.queue.categories()[1].prefix == "T"  # the prefix survives the cache
        item = kiosk_side.catalogue.item("ssc-card-reissue")
        assert item["guide"]["time_limit"]["promised_days"] == 0
        assert kiosk_side.queue.take_ticket("employment").offline


def test_a_demo_kiosk_starts_from_the_shipped_catalogue_before_any_server(tmp_path, central):
    central.stop()
    with build_central(central.settings(tmp_path)) as kiosk_side:  # demo mode
        assert kiosk_side.catalogue.source == "demo"
        assert [c.prefix for c in kiosk_side.queue.categories()][:2] == ["A", "T"]


def test_background_relay_finds_the_server_again_by_itself(tmp_path, central):
    kiosk_side = build_central(central.settings(tmp_path), probe_interval_s=0.1,
                               relay_options={"idle_interval_s": 0.05})
    kiosk_side.relay.backoff.base_s, kiosk_side.relay.backoff.cap_s = 0.05, 0.2
    kiosk_side.start()
    try:
        central.stop()
        t = kiosk_side.queue.take_ticket("tax")
        assert t.offline
        central.start()
        assert wait_for(lambda: kiosk_side.outbox.status()["pending"] == 0, timeout=30)
        assert wait_for(kiosk_side.online, timeout=30)
        assert not kiosk_side.queue.take_ticket("tax").offline
    finally:
        kiosk_side.close()


def test_a_server_starting_after_the_kiosk_is_found_without_waiting_out_the_probe_interval(
        tmp_path, central):
    """The demo server comes up beside the kiosk: the start-up probe finds it, although the
    steady-state probe interval is an hour here."""
    central.stop()
    kiosk_side = build_central(central.settings(tmp_path), probe_interval_s=3600)
    kiosk_side.start()
    try:
        assert wait_for(lambda: kiosk_side.link.known_down, timeout=30)  # it probed: down
        central.start()
        assert wait_for(kiosk_side.online, timeout=30)
        # and the probe that found it fetches the server's catalogue
        assert wait_for(lambda: kiosk_side.catalogue.from_server, timeout=30)
    finally:
        kiosk_side.close()


def test_probe_brings_the_kiosk_online_at_once(facade, central):
    central.stop()
    assert facade.probe() is False and not facade.online()
    central.start()
    assert facade.probe() is True and facade.online()
    assert not facade.queue.take_ticket("tax").offline


class _Ceiling:
    """Backoff without jitter: each delay the longest the backoff allows."""

    def uniform(self, low: float, high: float) -> float:
        return high


def test_any_exchange_that_finds_the_server_back_ends_the_relays_backoff(tmp_path, central):
    """A citizen's lookup may reach the server before the relay's next try: what waits in the
    outbox goes then, not at the end of the relay's backoff (minutes after a long outage)."""
    kiosk_side = build_central(central.settings(tmp_path), probe_interval_s=3600)
    backoff = kiosk_side.relay.backoff
    backoff.base_s, backoff.cap_s, backoff.rng = 3600.0, 3600.0, _Ceiling()
    kiosk_side.start()
    try:
        assert wait_for(lambda: kiosk_side.link.known_up, timeout=30)
        central.stop()
        assert kiosk_side.queue.take_ticket("tax").offline
        kiosk_side.relay.kick()
        # the relay tried, failed and waits an hour; the probe, too, is an hour away
        assert wait_for(lambda: kiosk_side.relay.failures >= 1, timeout=30)
        central.start()
        kiosk_side.guides.index()  # a citizen opens the service guides: the server answers
        assert wait_for(lambda: kiosk_side.outbox.status()["pending"] == 0, timeout=30)
        assert [tuple(r) for r in central.rows("SELECT number, offline FROM tickets")] == [
            ("K01-T001", 1)]
    finally:
        kiosk_side.close()
