"""Ticket indexes that no query can mistake for one another.

``ix_ticket_queue`` was (day, category, status, rank, place, id) and the unique ticket key
(day, number): both led by the day, so a lookup by (day, number) could go through the queue
index and the count of people ahead through the unique key. Where the planner's estimates
for today are clamped to a row — a table without statistics yet (a fresh database), or a day
newer than the last ANALYZE (every morning, until autovacuum comes) — both cost alike, and
whichever it chose read every ticket of the day for each lookup (found by the load bench:
+70 % server CPU per record over a backlog's first 20,000). Now the queue index leads with
the category and the unique key with the number: each query has one index to take.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_ticket_queue", table_name="tickets")
    op.create_index("ix_ticket_queue", "tickets",
                    ["category", "day", "status", "rank", "place", "id"], unique=False)
    with op.batch_alter_table("tickets") as batch:  # (SQLite: the table is rebuilt)
        batch.drop_constraint("uq_ticket_day_number", type_="unique")
        batch.create_unique_constraint("uq_ticket_number_day", ["number", "day"])


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_constraint("uq_ticket_number_day", type_="unique")
        batch.create_unique_constraint("uq_ticket_day_number", ["day", "number"])
    op.drop_index("ix_ticket_queue", table_name="tickets")
    op.create_index("ix_ticket_queue", "tickets",
                    ["day", "category", "status", "rank", "place", "id"], unique=False)
