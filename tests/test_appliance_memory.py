"""Memory handed back to the system when a session ends (kiosk.appliance.memory): one
malloc_trim on the I/O pool per session, none while the kiosk stands at home."""
from __future__ import annotations

from kiosk.appliance.memory import SessionTrim, give_back
from kiosk.demo import demo_flow


class Pool:
    """An executor that records what it was given and runs it at once."""

    def __init__(self) -> None:
        self.ran: list = []

    def submit(self, fn, *args):
        self.ran.append(fn)
        fn(*args)


def test_each_session_that_ends_trims_once_on_the_pool():
    flow, _, _ = demo_flow()
    pool = Pool()
    trim = SessionTrim(flow, pool)
    flow.go_home()  # at home already: no session, nothing to hand back
    assert pool.ran == []
    for n, name in enumerate(("guide", "ticket")):
        flow.open(name)
        assert flow.session_active
        flow.set_language("en")  # more changes in the session: still no trim
        assert len(pool.ran) == n
        flow.end_session("finished")
    assert pool.ran == [give_back, give_back] and trim.sessions == 2


def test_a_closed_pool_is_no_error():
    class Closed:
        def submit(self, fn, *args):
            raise RuntimeError("cannot schedule new futures after shutdown")

    flow, _, _ = demo_flow()
    SessionTrim(flow, Closed())
    flow.open("guide")
    flow.end_session("finished")  # the kiosk closing: nothing raised into the flow
