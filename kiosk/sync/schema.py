"""The kiosk's local database (``<data_dir>/sync/kiosk.db``): the outbox and the business
records written with it, the offline ticket counters, the catalogue cache.

Personal data is only ever in ``outbox.payload`` (sealed, see :mod:`kiosk.sync.crypto`);
business records keep references (case id, ticket number), never names or numbers.
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

outbox = sa.Table(
    "outbox", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # 128 random bits; no unique index: a random key would dirty a random index page on
    # every enqueue, and the enqueue commit is what a citizen waits for
    sa.Column("idem_key", sa.String(64), nullable=False),
    sa.Column("stream", sa.String(80)),  # entries of one stream are delivered in id order
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("path", sa.String(200), nullable=False),
    sa.Column("ref", sa.String(80), nullable=False, default=""),  # case id, ticket number …
    sa.Column("payload", sa.LargeBinary),  # sealed JSON body; NULL once delivered
    sa.Column("size", sa.Integer, nullable=False, default=0),
    sa.Column("status", sa.String(10), nullable=False),  # pending | parked | delivered
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("next_attempt_at", sa.Float, nullable=False, default=0.0),
    sa.Column("lease_until", sa.Float, nullable=False, default=0.0),
    # NULL until a relay's claim first sees the row (it then enters the indexes below),
    # '' when not leased
    sa.Column("lease_owner", sa.String(40)),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("last_attempt_at", sa.Float),
    sa.Column("last_error", sa.String(500)),
    sa.Column("delivered_at", sa.Float),
    sa.Column("receipt", sa.Text),  # minimal JSON: HTTP status and the server's references
    # Both indexes leave out rows no claim has seen yet: the enqueue commit, which a citizen
    # waits for, then writes one page (its row) instead of two or three; the next claim
    # puts the new rows in, many to a page (Outbox.claim).
    sa.Index("ix_outbox_due", "status", "next_attempt_at", "id",
             sqlite_where=sa.text("lease_owner IS NOT NULL")),
    sa.Index("ix_outbox_stream", "stream", "status", "id",
             sqlite_where=sa.text("stream IS NOT NULL AND lease_owner IS NOT NULL")),
)
# Ids only grow: a new row's id must be above every existing one (the relay finds new rows
# by id, Outbox.claim), and as the purge keeps the newest row an id never comes back, which
# matters as ids are part of a sealed payload's associated data. A trigger rather than
# AUTOINCREMENT, whose counter would add a page to every enqueue commit.
sa.event.listen(metadata, "after_create", sa.DDL(
    "CREATE TRIGGER IF NOT EXISTS outbox_ids_grow AFTER INSERT ON outbox "
    "WHEN NEW.id < (SELECT MAX(id) FROM outbox) "
    "BEGIN SELECT RAISE(ABORT, 'outbox ids only grow'); END"))

tickets = sa.Table(
    "tickets", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("number", sa.String(40), nullable=False),
    sa.Column("category", sa.String(40), nullable=False),
    sa.Column("offline", sa.Boolean, nullable=False),
    sa.Column("issued_at", sa.String(40), nullable=False),
    sa.Column("idem_key", sa.String(64), nullable=False),
    sa.Column("reissued_from", sa.String(40)),
    sa.Column("outbox_id", sa.Integer),
    sa.UniqueConstraint("day", "number", name="uq_local_ticket"),
)

offline_counters = sa.Table(
    "offline_counters", metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("category", sa.String(40), primary_key=True),
    sa.Column("last", sa.Integer, nullable=False),
)

submissions = sa.Table(
    "submissions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("ref", sa.String(80), nullable=False, unique=True),  # case id / evaluation id
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("item_code", sa.String(80)),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("outbox_id", sa.Integer),
)

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

catalogue_cache = sa.Table(
    "catalogue_cache", metadata,
    sa.Column("id", sa.Integer, primary_key=True),  # always 1
    sa.Column("etag", sa.String(80)),
    sa.Column("fetched_at", sa.Float, nullable=False),
    sa.Column("checked_at", sa.Float, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
)

#: the 24-hour locker's compartments as the kiosk recorded them (kiosk.sync.lockers): written
#: before every unlock and with every outbox entry that tells the server, so after a power
#: cut the kiosk can compare what the boards report with what it knew (no personal data:
#: a case reference and a salted hash of the pickup code)
locker_compartments = sa.Table(
    "locker_compartments", metadata,
    sa.Column("device", sa.String(40), primary_key=True),
    sa.Column("compartment", sa.Integer, primary_key=True),
    sa.Column("size", sa.String(2), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),  # free | opening | dropoff | loaded
    sa.Column("purpose", sa.String(12)),  # while opening: dropoff | collect | load | pickup | check
    sa.Column("prior", sa.String(12)),  # the status an opening that fails goes back to
    sa.Column("case_id", sa.String(64)),
    sa.Column("code_hash", sa.String(64)),
    sa.Column("code_salt", sa.String(32)),
    sa.Column("door", sa.String(8), nullable=False),  # last seen: open | closed | unknown
    sa.Column("occupied", sa.Boolean),
    sa.Column("flag", sa.String(20)),  # a difference staff must look at
    sa.Column("flag_detail", sa.String(200)),
    sa.Column("since", sa.Float, nullable=False),  # when the status last changed
    sa.Column("updated_at", sa.Float, nullable=False),
)

#: social-security card issues in work on this kiosk (kiosk.sync.ssc): written *before* a blank
#: card leaves the hopper and with every report that moves it on, so after a power cut the
#: kiosk knows a card may be in its dispenser, captures it and reports (no personal data: the
#: application id and the blank card's chip identification code)
ssc_issues = sa.Table(
    "ssc_issues", metadata,
    sa.Column("application_id", sa.String(64), primary_key=True),
    # dispensing | bound | written | at_gate | closed
    sa.Column("stage", sa.String(12), nullable=False),
    sa.Column("card_id_code", sa.String(32)),
    sa.Column("closed_with", sa.String(12)),  # the report kind that closed it
    sa.Column("updated_at", sa.Float, nullable=False),
)

#: every queue ticket the kiosk asks for, from before the request until it is printed
#: (kiosk.sync.unprinted): a ticket the server issued that never reached paper — the process
#: died between the answer and the printer — is voided at the server after the restart, so
#: the hall never calls a number nobody holds
ticket_takes = sa.Table(
    "ticket_takes", metadata,
    sa.Column("take_key", sa.String(64), primary_key=True),  # the request's Idempotency-Key
    sa.Column("owner", sa.String(40), nullable=False),  # the process that asked (pid, start)
    sa.Column("state", sa.String(10), nullable=False),  # asking|issued|printing|printed|voided
    sa.Column("day", sa.String(10)),
    sa.Column("number", sa.String(40)),
    sa.Column("offline", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Index("ix_ticket_takes_open", "state",
             sqlite_where=sa.text("state IN ('asking', 'issued', 'printing')")),
)

#: payment orders this kiosk opened (kiosk.sync.payments), from before the order is asked
#: for until the server says how it ended: after a restart mid-payment the kiosk asks the
#: server about each open one and settles it (no personal data: the order id and its outcome)
payment_orders = sa.Table(
    "payment_orders", metadata,
    sa.Column("order_id", sa.String(64), primary_key=True),
    sa.Column("journey", sa.String(40), nullable=False),
    sa.Column("state", sa.String(10), nullable=False),  # creating | open | closed
    # how it ended: paid | expired | cancelled | refund (paid after it closed) | none
    sa.Column("outcome", sa.String(10)),
    sa.Column("receipt", sa.String(10)),  # owed | printed (paid orders)
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
)
