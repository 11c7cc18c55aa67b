"""The central database's schema migrations (kiosk.central.migrations), its CLI
(``kiosk-central db``) and the modes of its files.

The head revision must make exactly the tables the code declares: when a model changes,
``test_the_revisions_make_the_models`` fails with the difference; the next revision is then
written by ``.venv/bin/python -m kiosk.central.migrations.autogen "what changed"``.
"""
from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from kiosk.central import db, migrations
from kiosk.central.store import open_engine
from tests import pgserver

REPO = Path(__file__).resolve().parents[1]
KEY = bytes(range(32))  # a data key (store/sealed.py) for the tests
#: the tables servers from before migrations made late (on first use of their routes)
LATE = ("case_uploads", "case_upload_chunks", "case_progress", "identity_mode",
        "police_documents")


@pytest.fixture(params=pgserver.DATABASES)
def url(request, tmp_path):
    return pgserver.db_url_for(request) or f"sqlite:///{tmp_path / 'central.db'}"


def tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_every_module_with_tables_is_imported_for_migrations():
    declaring = set()
    for path in (REPO / "kiosk" / "central").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        if re.search(r"\bsa\.Table\(", path.read_text(encoding="utf-8")):
            declaring.add(".".join(path.relative_to(REPO).with_suffix("").parts))
    assert declaring <= set(migrations.MODULES), declaring - set(migrations.MODULES)
    metadata = migrations.load_models()
    assert {"tickets", "ticket_queue_counts", "case_uploads", "police_documents"} <= set(
        metadata.tables)


def test_the_revisions_make_the_models(url):
    """Replayed one by one from an empty database, the revisions end where the models are
    (what alembic's autogenerate compares: tables, columns, types, indexes, constraints)."""
    engine = db.connect(url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrations.config(conn), "head")
        with engine.connect() as conn:
            assert migrations.current(conn) == migrations.head()
            assert migrations.differences(conn) == []
    finally:
        engine.dispose()


def test_a_new_database_is_created_at_head(url):
    engine = open_engine(url)
    try:
        if engine.dialect.name == "postgresql":  # the URL's search_path survives the engine's
            with engine.connect() as conn:      # own connection options (statement_timeout)
                path = conn.execute(sa.text("SHOW search_path")).scalar_one()
                assert path == sa.engine.make_url(url).query["options"].split("=", 1)[1]
                assert conn.execute(sa.text("SHOW statement_timeout")).scalar_one() == "30s"
        with engine.connect() as conn:
            assert migrations.current(conn) == migrations.head()
            assert migrations.differences(conn) == []
        assert migrations.upgrade(engine) == migrations.head()  # again: nothing to do
    finally:
        engine.dispose()


def _older_version_database(url: str) -> None:
    """A database as the servers before migrations left it: the baseline tables without the
    late ones nor evaluations.journey, no alembic_version, and a ticket waiting today."""
    engine = db.connect(url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrations.config(conn), "0001")
            conn.execute(sa.text("DROP TABLE alembic_version"))
            for t in LATE:
                conn.execute(sa.text(f"DROP TABLE {t}"))
            conn.execute(sa.text("ALTER TABLE evaluations DROP COLUMN journey"))
            conn.execute(sa.text(  # a fictitious person of the social-security demo
                "INSERT INTO ssc_people (id_number, name, gender, nation, birthplace, "
                "birth_date, photo_on_record, fee_fen) VALUES ('11010119900307001X', '测试', "
                "'1', '01', '110101', '1990-03-07', true, 0)"))
            for i, place in enumerate((100.0, 50.0)):
                conn.execute(sa.text(
                    "INSERT INTO tickets (day, number, category, kiosk_id, offline, status, "
                    "issued_at, place, rank, received_at, mobile) VALUES (:day, :n, 'fund', "
                    "'KSK-T-01', false, 'waiting', '2026-01-01T00:00:00+08:00', :place, 1, 0, "
                    ":mobile)"), {"day": date.today().isoformat(), "n": f"A00{i + 1}",
                                  "place": place, "mobile": "13800000000" if i == 0 else None})
    finally:
        engine.dispose()


def test_a_database_made_before_migrations_is_upgraded(url):
    _older_version_database(url)
    engine = db.connect(url)
    assert "alembic_version" not in tables(engine) and not (set(LATE) & tables(engine))
    engine.dispose()
    # without the server's key the personal data in clear cannot be sealed: the database
    # is migrated up to the revision before the sealing one, and says so
    engine = open_engine(url)
    with engine.connect() as conn:
        assert migrations.current(conn) == "0002"
        assert conn.execute(sa.text("SELECT mobile FROM tickets WHERE number = 'A001'")
                            ).scalar_one() in ("13800000000", b"13800000000")
    engine.dispose()
    engine = open_engine(url, KEY)  # as the server opens it
    try:
        assert set(LATE) <= tables(engine)
        with engine.connect() as conn:
            assert migrations.current(conn) == migrations.head()
            assert migrations.differences(conn) == []
            raw = conn.execute(sa.text("SELECT mobile FROM tickets WHERE number = 'A001'")
                               ).scalar_one()
            assert b"13800000000" not in bytes(raw)  # sealed in place
        from kiosk.central.catalogue import load_catalogue
        from kiosk.central.store import CentralStore

        store = CentralStore(engine, load_catalogue())
        store.data_key = KEY
        with engine.connect() as conn:
            # the queue counters were filled from the tickets waiting: A002 stands first
            day = date.today().isoformat()
            assert store.tickets.view(conn, day, "A002")["ahead"] == 0
            assert store.tickets.view(conn, day, "A001")["ahead"] == 1
            from kiosk.central.store.tickets import tickets as t

            assert conn.execute(sa.select(t.c.mobile).where(t.c.number == "A001")
                                ).scalar_one() == "13800000000"
            from kiosk.central.ssc.store import people

            # the ID number: kept as a keyed hash (the key of lookups) and a sealed copy
            [person] = conn.execute(sa.select(people)).all()
            assert person.id_number_sealed == "11010119900307001X" and person.name == "测试"
            assert len(person.id_number) == 64 and "1101011990" not in person.id_number
    finally:
        engine.dispose()


def test_servers_starting_together_migrate_once(request):
    """Six processes' worth of engines open one new PostgreSQL database at the same instant:
    the advisory lock lets one create the schema, the others find it at head."""
    url = pgserver.fresh_pg_url(request)
    n = 6
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def start(i: int) -> None:
        barrier.wait(30)
        try:
            engine = open_engine(url)
            with engine.connect() as conn:
                results[i] = migrations.current(conn)
            engine.dispose()
        except Exception as exc:  # noqa: BLE001 - reported below
            results[i] = exc

    threads = [threading.Thread(target=start, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert results == [migrations.head()] * n


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk.central", "--data-dir", str(data_dir),
                           "db", *args], capture_output=True, text=True, timeout=120, cwd=REPO,
                          check=False)


def test_db_cli_current_upgrade_check(tmp_path):
    data = tmp_path / "central"
    r = run_cli("current", data_dir=data)
    assert r.returncode == 1 and "not under migrations" in r.stdout, r.stderr
    r = run_cli("upgrade", data_dir=data)
    head = migrations.head()
    assert r.returncode == 0 and f"database at revision {head}" in r.stdout, r.stderr
    assert "alembic.runtime" not in r.stderr  # Alembic's chatter stays out of the log
    assert run_cli("current", data_dir=data).returncode == 0
    r = run_cli("check", data_dir=data)
    assert r.returncode == 0 and "matches the code" in r.stdout, r.stderr
    with db.connect(f"sqlite:///{data / 'central.db'}").begin() as conn:
        conn.execute(sa.text("DROP INDEX ix_ticket_queue"))
    r = run_cli("check", data_dir=data)
    assert r.returncode == 1 and "ix_ticket_queue" in r.stdout
    r = run_cli("check", "--db", "postgresql://nobody@/none?host=/nonexistent", data_dir=data)
    assert r.returncode == 3 and len(r.stderr.strip().splitlines()) == 1, r.stderr


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_its_directory_are_private(tmp_path):
    data = tmp_path / "new" / "central"
    engine = open_engine(f"sqlite:///{data / 'central.db'}")
    try:
        with engine.begin() as conn:  # a write: the -wal and -shm files exist
            conn.execute(sa.text("INSERT INTO identity_mode (id, mode, changed_at) "
                                 "VALUES (1, 'auto', 'x')"))
            files = [data / "central.db", data / "central.db-wal", data / "central.db-shm"]
            assert all(f.exists() for f in files)
            assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
        assert _mode(data) == 0o700
    finally:
        engine.dispose()


def test_an_older_database_file_is_narrowed_to_0600(tmp_path):
    (tmp_path / "shared").mkdir(mode=0o755)
    path = tmp_path / "shared" / "central.db"
    open_engine(f"sqlite:///{path}").dispose()
    os.chmod(path, 0o644)
    open_engine(f"sqlite:///{path}").dispose()
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o755  # a directory it did not create is left as it was


def test_the_migrations_ship_in_the_package():
    from setuptools import find_packages

    found = find_packages(str(REPO), include=["kiosk*"])
    assert {"kiosk.central.migrations", "kiosk.central.migrations.versions"} <= set(found)
    import tomllib

    data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "*.mako" in data["package-data"]["*"]
    assert (REPO / "kiosk/central/migrations/script.py.mako").is_file()
