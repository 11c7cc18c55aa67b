"""Alembic's environment for the central server: run on the connection the caller passes in
``config.attributes["connection"]`` (kiosk.central.migrations.upgrade, the CLI, autogen), in
the transaction that caller opened, against every table of the server."""
from __future__ import annotations

from alembic import context

from kiosk.central.migrations import compare_options, load_models

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("kiosk.central.migrations runs on a connection it is given "
                       "(kiosk-central db upgrade), not from an alembic.ini")
context.configure(
    connection=connection, target_metadata=load_models(),
    # SQLite alters a column by copying its table: batch operations in generated revisions
    render_as_batch=connection.dialect.name == "sqlite", **compare_options())
with context.begin_transaction():
    context.run_migrations()
