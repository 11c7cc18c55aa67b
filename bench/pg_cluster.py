"""A throwaway PostgreSQL cluster for the load benchmark, durable like production.

It is the test suite's cluster (``tests/pgserver.py``: a temporary directory, a unix socket
only, owned by the ``postgres`` user when run as root), with one change: the tests run it
with ``fsync``/``synchronous_commit`` off because they hold test data, while the benchmark
compares it with the server's SQLite, which commits with ``synchronous=FULL``. A figure
measured on a cluster that never flushes would flatter PostgreSQL, so here every commit
reaches the disk before the server answers, as it would in a hall.

    with durable_cluster() as cluster:
        url = cluster.url(cluster.create_database())
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


@contextlib.contextmanager
def durable_cluster() -> Iterator:
    from tests.pgserver import PgCluster, find_bindir

    cluster = PgCluster(find_bindir()).start()
    try:
        with cluster._admin() as conn:  # (postgresql.auto.conf overrides the tests' settings)
            for name, value in DURABLE.items():
                conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
            conn.execute("SELECT pg_reload_conf()")
        yield cluster
    finally:
        cluster.stop()


def settings_of(cluster) -> dict[str, str]:
    """The durability settings the cluster runs with (new connections see the reload)."""
    with cluster._admin() as conn:
        return {name: conn.execute(f"SHOW {name}").fetchone()[0] for name in DURABLE}
