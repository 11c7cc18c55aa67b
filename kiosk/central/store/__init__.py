"""The reference central server's storage (SQLAlchemy Core), one module per domain:
:mod:`.tickets`, :mod:`.appointments`, :mod:`.staff_calls`, :mod:`.cases`,
:mod:`.evaluations`, :mod:`.heartbeats`, :mod:`.lockers`, :mod:`.certificates`,
:mod:`.idempotency`.

Every operation takes a Connection inside a transaction the caller opened, so the API layer
can put a business change and its idempotency record in one commit. Nothing depends on a
dialect: counters move by atomic ``UPDATE … RETURNING``, never read-then-write, and unique
constraints back every invariant (one number per day, one case per case id, one record per
idempotency key). PostgreSQL runs at READ COMMITTED: a statement that waited for a lock sees
the row as the other transaction committed it, which is what the counters rely on.
"""
from __future__ import annotations

from sqlalchemy.engine import Engine

from kiosk.central import db
from kiosk.central.catalogue import Catalogue
from kiosk.central.store.appointments import (Appointments, derive_id_key,
                                              load_demo_appointments)
from kiosk.central.store.cases import Cases
from kiosk.central.store.certificates import Certificates
from kiosk.central.store.evaluations import Evaluations, upgrade as upgrade_evaluations
from kiosk.central.store.heartbeats import Heartbeats
from kiosk.central.store.idempotency import Idempotency
from kiosk.central.store.lockers import Lockers
from kiosk.central.store.payments import Payments
from kiosk.central.ssc.store import SscStore
from kiosk.central.store.staff_calls import StaffCalls
from kiosk.central.store.tickets import Tickets

__all__ = ["CentralStore", "derive_id_key", "load_demo_appointments", "open_engine"]


def open_engine(url: str) -> Engine:
    """An engine for ``url`` with every table of the server created (when missing)."""
    engine = db.connect(url)
    db.metadata.create_all(engine)
    upgrade_evaluations(engine)  # (a column added since: databases made before get it)
    return engine


class CentralStore:
    def __init__(self, engine: Engine, catalogue: Catalogue, *, public_url: str = "",
                 id_key: bytes | None = None) -> None:
        self.engine = engine
        self.catalogue = catalogue
        self.appointments = Appointments(engine, catalogue, id_key)
        self.tickets = Tickets(catalogue, self.appointments, public_url=public_url)
        self.staff_calls = StaffCalls()
        self.cases = Cases(catalogue)
        self.certificates = Certificates(engine)
        self.evaluations = Evaluations()
        self.heartbeats = Heartbeats()
        self.lockers = Lockers()
        self.ssc = SscStore(self)  # social-security cards (kiosk.central.ssc)
        self.payments = Payments(engine)  # 便民缴费 (kiosk.central.payments)
        self.idempotency = Idempotency(engine)

    @property
    def id_key(self) -> bytes | None:
        """The HMAC key appointment ID numbers are hashed under (set from the server secret)."""
        return self.appointments.id_key

    @id_key.setter
    def id_key(self, key: bytes | None) -> None:
        self.appointments.id_key = key
