"""The soak run (issue 18): a day and a night at an unattended kiosk, accelerated.

The real app in mock mode is tapped through thousands of citizen journeys (tickets with and
without a card or an SMS number, 补号, the hall guide, locker drop-offs) while a simulated
clock runs from 08:30 through office hours, lunch, closing and the night to the next
morning, device faults come and go (paper out, cover open, unplug/replug, silent devices)
and the central server goes away and comes back (:mod:`kiosk.demo.soak`). Figures:

- ``soak_journeys``, ``soak_outcomes`` (journey:outcome → count), ``soak_hours_simulated``,
  ``soak_faults``, ``soak_central_outages``;
- must be 0: ``soak_stuck`` (a journey that did not end on the home screen by its own
  buttons), ``soak_not_recovered`` (a device not online again within 60 s of its fault
  clearing), ``soak_tickets_missing_on_server``, ``soak_tickets_duplicated``,
  ``soak_cases_missing``, ``soak_outbox_left``;
- ``soak_rss_kb_per_1000_journeys``, ``soak_threads_…``, ``soak_fds_…``, ``soak_db_kb_…``:
  least-squares slopes after warm-up (the first fifth); ``…_end`` the last sample;
- ``soak_max_stall_ms`` and where it happened (goal < 50 ms).

Full: 2,000 journeys (about an hour on a 2-core machine); --quick: 300.
"""
from __future__ import annotations

import os
import sys
import tempfile


def run(quick: bool) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.demo.soak import Soak
    from kiosk.ui.app import make_app

    make_app()
    n = int(os.environ.get("SOAK_JOURNEYS", 300 if quick else 2000))
    with tempfile.TemporaryDirectory() as d:
        report = Soak(d, journeys=n).run()
    figures = report.figures()
    figures["soak_problems"] = report.problems()[:20]
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(run("--quick" in sys.argv), indent=2, ensure_ascii=False))
