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
from kiosk.central.store import sealed
from kiosk.central.store.appointments import Appointments, derive_id_key, load_demo_appointments
from kiosk.central.store.cases import Cases
from kiosk.central.store.certificates import Certificates
from kiosk.central.store.evaluations import Evaluations
from kiosk.central.store.heartbeats import Heartbeats
from kiosk.central.store.idempotency import Idempotency
from kiosk.central.store.lockers import Lockers
from kiosk.central.store.payments import Payments
from kiosk.central.store.sealed import derive_data_key
from kiosk.central.store.staff_calls import StaffCalls
from kiosk.central.store.tickets import Tickets

__all__ = ["CentralStore", "derive_data_key", "derive_id_key", "load_demo_appointments",
           "open_engine"]


def open_engine(url: str, data_key: bytes | None = None) -> Engine:
    """An engine for ``url``, its database migrated to the newest schema (Alembic:
    :mod:`kiosk.central.migrations`; several processes starting at once migrate it once).
    ``data_key`` seals personal data a database from before sealing holds in clear."""
    from kiosk.central import migrations

    engine = db.connect(url)
    migrations.upgrade(engine, create_missing=True, data_key=data_key)
    return engine


class CentralStore:
    def __init__(self, engine: Engine, catalogue: Catalogue, *, public_url: str = "",
                 id_key: bytes | None = None) -> None:
        self.engine = engine
        self.catalogue = catalogue
        self._data_key: bytes | None = None
        self.appointments = Appointments(engine, catalogue, id_key)
        self.tickets = Tickets(catalogue, self.appointments, public_url=public_url)
        self.staff_calls = StaffCalls()
        self.cases = Cases(catalogue)
        self.certificates = Certificates(engine)
        self.evaluations = Evaluations()
        self.heartbeats = Heartbeats()
        self.lockers = Lockers()
        # (imported here: kiosk.central.ssc.store imports .sealed, which imports this package)
        from kiosk.central.ssc.store import SscStore

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

    @property
    def data_key(self) -> bytes | None:
        """The key personal data is sealed under (:mod:`.sealed`; set from the server
        secret by CentralApp, as ``id_key``)."""
        return self._data_key

    @data_key.setter
    def data_key(self, key: bytes | None) -> None:
        self._data_key = key
        sealed.bind(self.engine, key)
