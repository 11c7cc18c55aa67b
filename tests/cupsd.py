"""A private cupsd for the A4-printer tests: the real scheduler with the kiosk-pdf backend.

Each test session starts its own (own config, spool and socket under a temp dir; never the
system's cupsd), so sessions running side by side on one machine do not meet. "Ready" is a
condition — the socket answers and the queue exists — never a fixed sleep. The session stops
it at the end; every test starts with no faults.

Use the fixture: ``from tests.cupsd import cupsd  # noqa: F401`` in a test module, then take
``cupsd`` (a :class:`drivers.cups.simulator.CupsSimulator`) as an argument.
"""
from __future__ import annotations

import pytest

from drivers.cups.cupsd import missing

_sim = None  # one private cupsd per test session, started by the first test that asks


def _session_cupsd(config):
    global _sim
    if _sim is None:
        why = missing()
        if why:
            pytest.skip(why)
        from drivers.cups.simulator import CupsSimulator

        sim = CupsSimulator("a4printer", queue="kiosk-a4").start()
        config.add_cleanup(sim.stop)  # stopped when the session ends
        if not sim.wait_ready(60):
            raise RuntimeError(f"the private cupsd did not start: {sim.cupsd.log_tail()}")
        _sim = sim
    return _sim


@pytest.fixture
def cupsd(request):
    sim = _session_cupsd(request.config)
    sim.clear()
    yield sim
    sim.clear()
