"""How many people wait ahead of a ticket, read in constant time however long the queue is.

A ticket's place in its queue is the key ``(rank, place, id)`` within its day and category
(priority rank 0 before normal rank 1; ``place`` is when the citizen started waiting, so an
offline ticket or a 补号 lands in the middle of the line, and ``id`` breaks ties). People
ahead = the waiting tickets with a smaller key. Counting them row by row costs the length of
the queue on every answer; instead this table keeps, per day, category and rank, how many
tickets wait in each time bucket of four nested widths: the whole rank (width 0), each hour,
each minute and each second of ``place``. The count ahead is then

    the waiting of the ranks before + the hours before this ticket's hour
    + the minutes of its hour before its minute + the seconds of its minute before its second
    + the tickets of its own second that come before it (an index range, a handful of rows)

— at most ~24 + 59 + 59 counter rows and one second's tickets, whatever the queue holds.

Every move of a ticket into or out of ``waiting`` adds ±1 to its four buckets in the same
transaction, by one ``INSERT … ON CONFLICT DO UPDATE SET waiting = waiting + …`` (atomic on
both databases: on PostgreSQL the row lock queues concurrent movers until commit, as the
number counters do); the status changes themselves are conditional (``… WHERE status =
'waiting'``), so a ticket leaves the count once even when two requests race to move it.
The answer is one SELECT: at READ COMMITTED one statement sees one snapshot, in which the
buckets and the tickets agree.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from kiosk import protocol
from kiosk.central.db import metadata

#: bucket widths in seconds, coarse to fine; 0 is the whole rank
WIDTHS = (0, 3600, 60, 1)

queue_counts = sa.Table(
    "ticket_queue_counts", metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("category", sa.String(protocol.CATEGORY_MAX), primary_key=True),
    sa.Column("rank", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("width", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("bucket", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("waiting", sa.Integer, nullable=False),
)

_KEY = ("day", "category", "rank", "width", "bucket")


def buckets(place: float) -> list[tuple[int, int]]:
    """(width, bucket) of the four counters a ticket at ``place`` is counted in."""
    return [(w, math.floor(place / w) if w else 0) for w in WIDTHS]


def move(conn: Connection, day: str, category: str, rank: int, place: float,
         delta: int) -> None:
    """Count a ticket in (+1) or out (-1) of its queue's buckets (one statement)."""
    rows = [{"day": day, "category": category, "rank": rank, "width": w, "bucket": b,
             "waiting": delta} for w, b in buckets(place)]
    add(conn, rows)


def add(conn: Connection, rows: list[dict]) -> None:
    """Add each row's ``waiting`` to its bucket's count (created at that value if new)."""
    if not rows:
        return
    dialect = {"postgresql": postgresql, "sqlite": sqlite}.get(conn.dialect.name)
    if dialect is not None:
        ins = dialect.insert(queue_counts).values(rows)
        conn.execute(ins.on_conflict_do_update(
            index_elements=list(_KEY),
            set_={"waiting": queue_counts.c.waiting + ins.excluded.waiting}))
        return
    for r in rows:  # another database: update, else create (a racing creator: update again)
        key = sa.and_(*(queue_counts.c[k] == r[k] for k in _KEY))
        bump = queue_counts.update().where(key).values(
            waiting=queue_counts.c.waiting + r["waiting"])
        if conn.execute(bump).rowcount:
            continue
        try:
            with conn.begin_nested():
                conn.execute(queue_counts.insert().values(**r))
        except sa.exc.IntegrityError:
            conn.execute(bump)


def ahead(conn: Connection, tickets: sa.Table, row) -> int:
    """The waiting tickets before ``row`` (a waiting ticket) in its day and category."""
    c = queue_counts.c
    _, h, m, s = (b for _, b in buckets(row.place))
    mine = (c.day == row.day) & (c.category == row.category)

    def total(cond) -> sa.ScalarSelect:
        return (sa.select(sa.func.coalesce(sa.func.sum(c.waiting), 0))
                .where(mine & cond).scalar_subquery())

    same = (c.rank == row.rank)
    t = tickets.c
    same_second = (sa.select(sa.func.count()).select_from(tickets).where(
        (t.day == row.day) & (t.category == row.category) & (t.status == "waiting")
        & (t.rank == row.rank) & (t.place >= float(s)) & (t.place <= row.place)  # (a range)
        & ((t.place < row.place) | (t.id < row.id)))
        .scalar_subquery())
    q = sa.select(
        # (each rank before by equality: a range on rank would cross every bucket of it)
        total((c.width == 0) & c.rank.in_(range(row.rank)))
        + total(same & (c.width == 3600) & (c.bucket < h))
        + total(same & (c.width == 60) & (c.bucket >= h * 60) & (c.bucket < m))
        + total(same & (c.width == 1) & (c.bucket >= m * 60) & (c.bucket < s))
        + same_second)
    return int(conn.execute(q).scalar_one())


def waiting_by_category(conn: Connection, day: str) -> dict[str, int]:
    """How many wait in each category of ``day`` (the rank totals: a row per rank)."""
    c = queue_counts.c
    return {cat: int(n) for cat, n in conn.execute(
        sa.select(c.category, sa.func.sum(c.waiting))
        .where((c.day == day) & (c.width == 0)).group_by(c.category)).all()}


def rebuild(conn: Connection, tickets: sa.Table) -> int:
    """Recount every bucket from the tickets themselves (a database made before this table,
    or a repair); returns the number of waiting tickets counted."""
    t = tickets.c
    counts: Counter = Counter()
    n = 0
    for day, category, rank, place in conn.execute(
            sa.select(t.day, t.category, t.rank, t.place).where(t.status == "waiting")):
        n += 1
        for w, b in buckets(place):
            counts[(day, category, rank, w, b)] += 1
    conn.execute(queue_counts.delete())
    rows = [dict(zip(_KEY, k), waiting=v) for k, v in counts.items()]
    for i in range(0, len(rows), 500):
        conn.execute(queue_counts.insert(), rows[i:i + 500])
    return n


def leave_all(conn: Connection, moved: Iterable) -> None:
    """Count out the tickets an ``UPDATE … RETURNING day, category, rank, place`` moved."""
    for r in moved:
        move(conn, r.day, r.category, r.rank, r.place, -1)
