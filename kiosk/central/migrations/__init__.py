"""Schema migrations of the reference central server's database (Alembic, no alembic.ini).

:func:`upgrade` brings a database to the newest revision; ``open_engine`` runs it at every
start, so a server (or ``kiosk-central db upgrade``) on a database an older version made
migrates it in place. Revision ``0001`` is the schema of the servers from before migrations
and creates only what is missing: such a database, SQLite or PostgreSQL, has no
``alembic_version`` table, gets the tables and columns it lacks, and is then on ``0001``.

On PostgreSQL several server processes may start at once against one database: the upgrade
runs in one transaction that first takes an advisory lock (``pg_advisory_xact_lock``), so one
process migrates while the others wait, then find the database at head and do nothing. (On
SQLite the transaction's ``BEGIN IMMEDIATE`` serialises them the same way.) PostgreSQL's DDL
is transactional: a failed upgrade leaves the database as it was (SQLite's too, here: the
whole upgrade is one ``BEGIN IMMEDIATE`` transaction).

A new database skips the replay: the models are created as they are and stamped at head
(tests/test_central_migrations.py proves the revisions end at the same schema). Revision
``0003`` seals personal data in clear (store/sealed.py) with the data key ``open_engine`` is
given (the server passes it); without one a database holding such data stays at ``0002``
and a warning says so, until a start that has the key.

A new revision after a change to the tables (one command, see :mod:`.autogen`)::

    .venv/bin/python -m kiosk.central.migrations.autogen "what changed"
"""
from __future__ import annotations

import importlib
import logging
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

HERE = Path(__file__).resolve().parent
log = logging.getLogger(__name__)
# Alembic logs each step at INFO into the server's log: one line of ours says it instead
if logging.getLogger("alembic").level == logging.NOTSET:
    logging.getLogger("alembic").setLevel(logging.WARNING)

#: every module that declares tables of the server (a test checks none is missing): imported
#: before a migration or comparison so that ``kiosk.central.db.metadata`` holds all of them,
#: including those that are otherwise made late (case uploads, identity)
MODULES = (
    "kiosk.central.store.appointments",
    "kiosk.central.store.case_uploads",
    "kiosk.central.store.cases",
    "kiosk.central.store.certificates",
    "kiosk.central.store.documents",
    "kiosk.central.store.evaluations",
    "kiosk.central.store.heartbeats",
    "kiosk.central.store.idempotency",
    "kiosk.central.store.identity",
    "kiosk.central.store.lockers",
    "kiosk.central.store.payments",
    "kiosk.central.store.queue_counts",
    "kiosk.central.store.staff_calls",
    "kiosk.central.store.tickets",
    "kiosk.central.ssc.store",
)

#: the advisory lock key of the upgrade (any constant: "kiosk-central migrate" in ASCII)
LOCK_KEY = 0x6B696F736B6D6967


def render_item(type_: str, obj, autogen_context):
    """Autogenerate writes a column type of our own (``Sealed``, ``KeyedHash``: a
    TypeDecorator) as the type it stores as, so a revision never imports application code."""
    if type_ == "type" and isinstance(obj, sa.types.TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False


def compare_options() -> dict:
    """How revisions are generated and compared with the models (env.py and the check)."""
    return {"compare_type": True, "render_item": render_item}


def load_models() -> sa.MetaData:
    """``kiosk.central.db.metadata`` with every table of the server declared in it."""
    for name in MODULES:
        importlib.import_module(name)
    from kiosk.central.db import metadata

    return metadata


def config(connection: Connection | None = None):
    """An Alembic Config for this package (no ini file); ``connection`` is the one env.py
    runs the migration on."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", str(HERE / "versions"))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config()).get_current_head()


def current(conn: Connection) -> str | None:
    """The revision the database is at (None: not under migrations, or empty)."""
    from alembic.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head", *, create_missing: bool = False,
            data_key: bytes | None = None) -> str | None:
    """Migrate the database to ``revision`` (one transaction, one process at a time); the
    revision it is at afterwards. ``create_missing``: then also create any table the models
    declare and no revision makes yet (work in progress; ``differences`` names it).
    ``data_key``: personal data an older server wrote in clear is sealed with it; without
    it such a database is migrated up to the revision before the sealing one only."""
    try:
        return _upgrade(engine, revision, create_missing, data_key)
    except NeedsDataKey as exc:
        log.warning("central: %s; the server (or `kiosk-central db upgrade` with the "
                    "server's data directory) seals it", exc)
        return _upgrade(engine, exc.before, create_missing, None)


def _upgrade(engine: Engine, revision: str, create_missing: bool,
             data_key: bytes | None) -> str | None:
    from alembic import command

    metadata = load_models()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # released at commit or rollback: the next process then sees the new version
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
        if revision == "head" and not sa.inspect(conn).get_table_names():
            # a new database: the models as they are, stamped at head (what the revisions
            # make, as tests/test_central_migrations.py checks; 10× quicker than replaying them)
            metadata.create_all(conn)
            command.stamp(config(conn), "head")
        elif (before := current(conn)) != head() and before != revision:
            cfg = config(conn)
            cfg.attributes["data_key"] = data_key
            command.upgrade(cfg, revision)
            log.info("central: database migrated from revision %s to %s",
                     before or "none (made before migrations)", current(conn))
        if create_missing:
            metadata.create_all(conn)
        return current(conn)


class NeedsDataKey(Exception):
    """A revision that seals personal data met values in clear and was given no key."""

    def __init__(self, before: str) -> None:
        super().__init__(f"personal data in clear: sealing it needs the server's key "
                         f"(the database stays at revision {before})")
        self.before = before


def seal_clear_values(before: str) -> int:
    """For a revision that turns columns into sealed ones (store/sealed.py), after its type
    changes: seal and hash, in place, the values an older server wrote in clear, with the
    data key the upgrade was given. Without a key and with values to seal it raises
    :class:`NeedsDataKey` (``before``: the revision to stay at) — never a half-sealed
    database. Returns how many rows it sealed."""
    from alembic import op

    from kiosk.central.store.sealed import KeyedHash, Sealed, seal_existing

    conn = op.get_bind()
    cfg = op.get_context().config
    key = cfg.attributes.get("data_key") if cfg is not None else None
    metadata = load_models()
    if key is None:
        for table in metadata.sorted_tables:
            if any(isinstance(c.type, (Sealed, KeyedHash)) for c in table.c) and \
                    conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
                raise NeedsDataKey(before)
        return 0
    return seal_existing(conn, metadata, key)


def differences(conn: Connection) -> list:
    """What the database lacks or has beyond the models (Alembic's autogenerate diff; empty
    when a database at head matches the code)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    ctx = MigrationContext.configure(conn, opts=compare_options())
    return compare_metadata(ctx, load_models())
