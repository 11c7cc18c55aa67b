"""After a restart mid-payment (JourneySpec.recover): settle every order the last run left
open (:meth:`kiosk.sync.payments.Payments.resolve_open`).

Still payable → cancelled at the server: the QR code is gone from the screen and nobody
waits at a restarted kiosk; a payment that still arrives becomes a refund request there.
Paid → the receipt is *owed*, not printed now: a receipt pushed out of an unattended kiosk
at start-up would be taken by the next citizen (it names the payer, masked, and the
amount). The payment itself is safe at the server; staff print the receipt on request
(``kiosk pay ORDER --receipt``), and ``kiosk pay`` lists what is owed.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def run_at_start(manager, central) -> list[dict]:
    payments = getattr(central, "payments", None)
    if payments is None:
        return []
    try:
        return payments.resolve_open()
    except Exception:  # noqa: BLE001 - tried again at the next start and by `kiosk pay`
        log.exception("payments: settling open orders at start failed")
        return []
