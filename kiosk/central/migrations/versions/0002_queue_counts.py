""""People ahead" in constant time: the waiting tickets counted per time bucket.

Adds ``ticket_queue_counts`` (kiosk.central.store.queue_counts), fills it from the tickets
waiting now, and widens the queue index to the queue order (rank, place, id).

Revision ID: 0002
Revises: 0001
"""
import math
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WIDTHS = (0, 3600, 60, 1)  # as queue_counts.WIDTHS when this revision was written


def upgrade() -> None:
    counts = op.create_table(
        "ticket_queue_counts",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("rank", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("width", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("bucket", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "category", "rank", "width", "bucket"),
    )
    op.drop_index("ix_ticket_queue", table_name="tickets")
    op.create_index("ix_ticket_queue", "tickets",
                    ["day", "category", "status", "rank", "place", "id"], unique=False)
    tickets = sa.table("tickets", sa.column("day"), sa.column("category"), sa.column("rank"),
                       sa.column("place"), sa.column("status"))
    n: Counter = Counter()
    for day, category, rank, place in op.get_bind().execute(
            sa.select(tickets.c.day, tickets.c.category, tickets.c.rank, tickets.c.place)
            .where(tickets.c.status == "waiting")):
        for w in WIDTHS:
            n[(day, category, rank, w, math.floor(place / w) if w else 0)] += 1
    if n:
        keys = ("day", "category", "rank", "width", "bucket")
        op.bulk_insert(counts, [{**dict(zip(keys, k)), "waiting": v} for k, v in n.items()])


def downgrade() -> None:
    op.drop_index("ix_ticket_queue", table_name="tickets")
    op.create_index("ix_ticket_queue", "tickets", ["day", "category", "status"], unique=False)
    op.drop_table("ticket_queue_counts")
