"""The queue index leads with the category, not the day.

``ix_ticket_queue`` was (day, category, status, rank, place, id); a ticket's lookup by
(day, number) could then go through it as well as through ``uq_ticket_day_number``: on a
table without statistics yet (a fresh database, before autovacuum's first ANALYZE) both cost
alike to the planner, and when it chose the queue index each lookup read every ticket of the
day (found by the load bench: +70 % server CPU per record over a backlog's first 20,000).
Every query on the queue index names the category and the day, so leading with the category
serves them the same and leaves the (day, number) lookup one index to take.

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


def downgrade() -> None:
    op.drop_index("ix_ticket_queue", table_name="tickets")
    op.create_index("ix_ticket_queue", "tickets",
                    ["day", "category", "status", "rank", "place", "id"], unique=False)
