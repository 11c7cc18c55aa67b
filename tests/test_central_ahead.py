""""People ahead" from the bucket counters (kiosk.central.store.queue_counts) equals the count
of everyone ahead row by row, on SQLite and PostgreSQL, after any sequence of takes, offline
tickets, 补号, calls, misses and voids.

The reference below is the query the server answered with before the counters: every
waiting ticket of the day and category with a smaller (rank, place, id). The server's clock
is replaced by one the test moves (the ticket module's ``time``), so that online tickets
spread over hours, minutes and seconds, and share a second or an exact instant, as offline
tickets do by their ``issued_at``.
"""
from __future__ import annotations

import math
import time
import uuid
from datetime import date, datetime
from unittest import mock

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.central.catalogue import load_catalogue
from kiosk.central.store import CentralStore, open_engine, queue_counts
from kiosk.central.store import tickets as tickets_module
from kiosk.central.store.tickets import tickets
from tests import pgserver

KIOSK = "KSK-T-01"
CATS = ("fund", "tax")


def midnight() -> float:
    return datetime.combine(date.today(), datetime.min.time()).astimezone().timestamp()


class Clock:
    """Stands in for the ``time`` module inside kiosk.central.store.tickets."""

    def __init__(self) -> None:
        self.now = midnight()

    def time(self) -> float:
        return self.now


@pytest.fixture(scope="module", params=pgserver.DATABASES)
def store(request, tmp_path_factory):
    url = (pgserver.fresh_pg_url(request) if request.param == "postgresql"
           else f"sqlite:///{tmp_path_factory.mktemp('ahead') / 'central.db'}")
    s = CentralStore(open_engine(url), load_catalogue())
    if hasattr(s, "data_key"):  # sealed personal columns (tickets.mobile) need a key
        from kiosk.central.store import derive_data_key
        s.data_key = derive_data_key(b"k" * 32)
    yield s
    s.engine.dispose()


def reset(store) -> None:
    with store.engine.begin() as conn:
        for table in ("tickets", "ticket_counters", "ticket_queue_counts"):
            conn.execute(sa.text(f"DELETE FROM {table}"))


def brute_ahead(conn, row) -> int | None:
    """The answer before the counters: everyone ahead, counted row by row."""
    if row.status != "waiting":
        return None
    t = tickets.c
    q = sa.select(sa.func.count()).select_from(tickets).where(
        (t.day == row.day) & (t.category == row.category) & (t.status == "waiting")
        & ((t.rank < row.rank)
           | ((t.rank == row.rank) & ((t.place < row.place)
                                      | ((t.place == row.place) & (t.id < row.id))))))
    return int(conn.execute(q).scalar_one())


def check_all(store) -> int:
    """Every ticket's view agrees with the brute count; the counters with a recount."""
    with store.engine.begin() as conn:
        rows = conn.execute(sa.select(tickets)).all()
        for row in rows:
            v = store.tickets.view(conn, row.day, row.number)
            want = brute_ahead(conn, row)
            assert v["ahead"] == want, (row.number, row.status, v["ahead"], want)
            assert v["est_wait_min"] == store.tickets.est_wait_min(row.category, want)
        kept = sorted(tuple(r) for r in conn.execute(
            sa.select(queue_counts.queue_counts).where(queue_counts.queue_counts.c.waiting != 0)))
        queue_counts.rebuild(conn, tickets)
        fresh = sorted(tuple(r) for r in conn.execute(sa.select(queue_counts.queue_counts)))
        assert kept == fresh
        hall = {c["code"]: c["waiting"] for z in store.tickets.hall_state(conn)["zones"]
                for c in z["categories"]}
        for cat in CATS:
            assert hall[cat] == sum(1 for r in rows if r.category == cat
                                    and r.status == "waiting" and r.day == date.today().isoformat())
    return len(rows)


# an instant of today, on and around the edges of hours, minutes and seconds (the buckets),
# often the very same instant; now and then anywhere in the day
instants = st.one_of(
    st.builds(lambda h, m, sec, frac: h * 3600 + m * 60 + sec + frac,
              st.sampled_from([1, 2]), st.sampled_from([0, 1, 59]),
              st.sampled_from([0, 1, 59]), st.sampled_from([0.0, 0.5])),
    st.floats(0, 23 * 3600, allow_nan=False),
)

ranks = st.sampled_from([False, False, True])  # priority now and then
op = st.one_of(
    st.tuples(st.just("take"), st.sampled_from(CATS), ranks, instants),
    st.tuples(st.just("take"), st.just("fund"), st.just(False), instants),
    st.tuples(st.just("offline"), st.sampled_from(CATS), ranks, instants),
    st.tuples(st.just("call"), st.sampled_from(CATS)),
    st.tuples(st.just("miss"), st.integers(0, 50)),
    st.tuples(st.just("reissue"), st.integers(0, 50), instants),
    st.tuples(st.just("void"), st.integers(0, 50)),
    st.tuples(st.just("supersede"), st.integers(0, 50), ranks, instants),
)


class Hall:
    """Runs the generated operations the way the API does (one transaction each)."""

    def __init__(self, store, clock: Clock) -> None:
        self.store, self.clock, self.t = store, clock, store.tickets
        self.span = max(1.0, time.time() - midnight() - 1)  # instants stay in the past of today
        self.n = 0
        self.online: list[str] = []  # take keys
        self.numbers: list[str] = []

    def at(self, instant: float) -> float:
        return midnight() + min(instant, self.span)

    def iso(self, instant: float) -> str:
        return datetime.fromtimestamp(self.at(instant)).astimezone().isoformat()

    def pick(self, conn, i: int, status: tuple[str, ...]):
        rows = conn.execute(sa.select(tickets).where(tickets.c.status.in_(status))
                            .order_by(tickets.c.id)).all()
        return rows[i % len(rows)] if rows else None

    def run(self, o) -> None:
        kind = o[0]
        day = date.today().isoformat()
        with self.store.engine.begin() as conn:
            if kind == "take":
                _, cat, priority, instant = o
                self.clock.now = self.at(instant)
                key = uuid.uuid4().hex
                body = {"category": cat} | ({"priority_reason": "elderly"} if priority else {})
                self.t.issue(conn, KIOSK, body, key)
                self.online.append(key)
            elif kind in ("offline", "supersede"):
                if kind == "offline":
                    _, cat, priority, instant = o
                    body = {"category": cat}
                else:
                    _, i, priority, instant = o
                    row = self.pick(conn, i, ("waiting",))
                    if row is None or row.offline:
                        return
                    body = {"category": row.category, "supersedes_key": row.idem_key}
                self.n += 1
                body |= {"number": f"K01-C{self.n:03d}", "issued_at": self.iso(instant)}
                if priority:
                    body["priority_reason"] = "disabled"
                self.clock.now = time.time()
                self.t.record_offline(conn, KIOSK, body)
            elif kind == "call":
                self.t.call_next(conn, o[1], "01")
            elif kind == "miss":
                row = self.pick(conn, o[1], ("called",))
                if row is not None:
                    self.t.mark_missed(conn, day, row.number)
            elif kind == "reissue":
                row = self.pick(conn, o[1], ("called", "missed"))
                if row is not None:
                    self.clock.now = self.at(o[2])
                    self.t.reissue(conn, KIOSK, day, row.number, uuid.uuid4().hex)
            elif kind == "void":
                row = self.pick(conn, o[1], ("waiting", "called"))
                if row is None:
                    return
                body = ({"day": row.day, "number": row.number} if row.offline
                        else {"take_key": row.idem_key})
                self.t.void(conn, KIOSK, body)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(op, min_size=1, max_size=30))
def test_ahead_equals_the_count_of_everyone_ahead(store, ops):
    reset(store)
    clock = Clock()
    hall = Hall(store, clock)
    with mock.patch.object(tickets_module, "time", clock):
        for o in ops:
            hall.run(o)
            check_all(store)


def test_the_queue_order_a_hall_sees(store):
    """Priority first, offline tickets by when they were issued, 补号 where the missed one
    stood; a void and a call count out once."""
    reset(store)
    clock = Clock()
    hall = Hall(store, clock)
    t = store.tickets
    day = date.today().isoformat()
    with mock.patch.object(tickets_module, "time", clock), store.engine.begin() as conn:
        clock.now = hall.at(3600.0)
        a1 = t.issue(conn, KIOSK, {"category": "fund"}, "k1")  # A001 at 01:00
        clock.now = hall.at(3660.0)
        a2 = t.issue(conn, KIOSK, {"category": "fund"}, "k2")  # A002 at 01:01
        clock.now = hall.at(3661.0)
        p = t.issue(conn, KIOSK, {"category": "fund", "priority_reason": "elderly"}, "k3")
        assert (a1["ahead"], a2["ahead"], p["ahead"]) == (0, 1, 0)  # when each was taken
        assert [t.view(conn, day, n)["ahead"] for n in ("A001", "A002")] == [1, 2]
        off = t.record_offline(conn, KIOSK, {"category": "fund", "number": "K01-A001",
                                             "issued_at": hall.iso(3630.5)})
        assert off["ahead"] == 2  # behind the priority ticket and A001, before A002
        assert t.view(conn, day, "A002")["ahead"] == 3
        called = t.call_next(conn, "fund", "01")
        assert called["number"] == p["number"] and called["ahead"] is None
        t.mark_missed(conn, day, p["number"])
        clock.now = hall.at(7200.0)
        again = t.reissue(conn, KIOSK, day, p["number"], "k4")  # back where it stood
        assert again["ahead"] == 0 and t.view(conn, day, "A002")["ahead"] == 3
        assert t.void(conn, KIOSK, {"take_key": "k1"})["voided"] is True
        assert t.void(conn, KIOSK, {"take_key": "k1"})["voided"] is False  # counted out once
        assert t.view(conn, day, "A002")["ahead"] == 2
        assert t.view(conn, day, "K01-A001")["ahead"] == 1
    assert check_all(store) == 5


def test_rebuild_counts_a_database_made_before_the_counters(store):
    reset(store)
    clock = Clock()
    hall = Hall(store, clock)
    with mock.patch.object(tickets_module, "time", clock):
        for i in range(12):
            hall.run(("take", CATS[i % 2], i % 5 == 0, 3600.0 * (i % 4) + i))
        hall.run(("call", "fund"))
    with store.engine.begin() as conn:
        conn.execute(queue_counts.queue_counts.delete())
        assert queue_counts.rebuild(conn, tickets) == 11
    check_all(store)


def test_buckets_nest():
    for place in (0.0, 59.999, 60.0, 3599.5, 1.7e9 + 0.25, -1.5):
        (_, _), (_, h), (_, m), (_, s) = queue_counts.buckets(place)
        assert s == math.floor(place) and m == s // 60 and h == m // 60
