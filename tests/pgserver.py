"""A throwaway PostgreSQL cluster for the test session, and a fresh database per test.

The cluster lives in a temporary directory and listens only on a unix socket there (no TCP
port, nothing shared with the machine's own cluster), with fsync off: it holds test data
only. Tests run as root in CI and ``initdb``/``postgres`` refuse root, so as root the
cluster belongs to the ``postgres`` system user the Debian package creates and its commands
run through ``runuser``. One cluster serves every test module of the session (started on
first use, stopped and removed by the session fixture's finaliser, or at exit).

Missing binaries are a set-up error, not a reason to skip: ``packaging/setup.sh`` installs
the ``postgresql`` package, and a suite that silently skipped the PostgreSQL half would
prove nothing about it.
"""
from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path

import pytest

SETUP_HINT = ("run `sudo bash packaging/setup.sh setup` (it installs the Debian package "
              "`postgresql`) or `apt-get install postgresql`")
START_TIMEOUT_S = 30
SERVER_SETTINGS = {
    "listen_addresses": "''",  # unix socket only
    "port": "5432",  # names the socket file; the directory is ours alone
    "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
    "max_connections": "300",  # several engines of 32 connections can be open at once
    "shared_buffers": "32MB",
    "max_parallel_workers_per_gather": "0",  # no dynamic shared memory (small /dev/shm)
    "log_min_messages": "warning", "log_min_error_statement": "panic",
}


class PgSetupError(RuntimeError):
    pass


def find_bindir() -> Path:
    """The newest /usr/lib/postgresql/*/bin holding initdb and pg_ctl (Debian's layout)."""
    found = []
    for d in glob.glob("/usr/lib/postgresql/*/bin"):
        p = Path(d)
        if (p / "initdb").is_file() and (p / "pg_ctl").is_file():
            try:
                found.append((int(p.parent.name), p))
            except ValueError:
                continue
    if not found:
        raise PgSetupError(f"PostgreSQL server binaries (initdb, pg_ctl) not found under "
                           f"/usr/lib/postgresql/*/bin: {SETUP_HINT}")
    return max(found)[1]


class PgCluster:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root: Path | None = None
        self._as: list[str] = []
        self._lock = threading.Lock()
        self.sessions: set = set()  # pytest configs that stop this cluster when they end

    @property
    def socket_dir(self) -> Path:
        assert self.root is not None
        return self.root

    @property
    def data_dir(self) -> Path:
        return self.socket_dir / "data"

    def _run(self, *cmd: str, timeout: float = START_TIMEOUT_S) -> None:
        try:
            subprocess.run([*self._as, *cmd], cwd=self.root, check=True, timeout=timeout,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True)
        except subprocess.CalledProcessError as exc:
            tail = (exc.stderr or exc.stdout or "").strip().splitlines()[-5:]
            raise PgSetupError(f"{Path(cmd[0]).name} failed (exit {exc.returncode}): "
                               + " | ".join(tail)) from None

    def start(self) -> PgCluster:
        # short path: a unix socket path is limited to 107 bytes
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-pg-", dir="/tmp"))
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                raise PgSetupError(f"running as root and there is no `postgres` system user "
                                   f"to own the test cluster: {SETUP_HINT}") from None
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            self._as = [runuser, "-u", "postgres", "--"]
        os.chmod(self.root, 0o755)  # root (the tests) reaches the socket inside
        atexit.register(self.stop)
        try:
            self._run(str(self.bindir / "initdb"), "-D", str(self.data_dir), "-U", "postgres",
                      "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
                      "--no-instructions")
            conf = self.data_dir / "postgresql.conf"
            extra = dict(SERVER_SETTINGS, unix_socket_directories=f"'{self.socket_dir}'")
            lines = "".join(f"{k} = {v}\n" for k, v in extra.items())
            with open(conf, "a", encoding="utf-8") as f:  # initdb ran as postgres; root may write
                f.write("\n# tests/pgserver.py\n" + lines)
            log = self.socket_dir / "server.log"
            try:
                self._run(str(self.bindir / "pg_ctl"), "start", "-w", "-t", str(START_TIMEOUT_S),
                          "-D", str(self.data_dir), "-l", str(log))
            except PgSetupError as exc:
                tail = log.read_text(errors="replace").strip().splitlines()[-3:] if log.exists() else []
                raise PgSetupError(f"{exc} | server.log: {' | '.join(tail)}") from None
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        with self._lock:
            root, self.root = self.root, None
        if root is None:
            return
        data = root / "data"
        try:
            if (data / "postmaster.pid").exists():
                subprocess.run([*self._as, str(self.bindir / "pg_ctl"), "stop", "-m", "immediate",
                                "-w", "-D", str(data)], cwd=root, timeout=START_TIMEOUT_S,
                               stdin=subprocess.DEVNULL, capture_output=True, check=False)
        except subprocess.TimeoutExpired:
            pass
        finally:
            shutil.rmtree(root, ignore_errors=True)

    # ---------------------------------------------------------------- databases
    def url(self, dbname: str = "postgres", schema: str | None = None) -> str:
        url = f"postgresql+psycopg://postgres@/{dbname}?host={self.socket_dir}"
        if schema:  # libpq's options: every connection of the engine starts in that schema
            url += f"&options=-csearch_path%3D{schema}"
        return url

    def _admin(self):
        import psycopg

        return psycopg.connect(dbname="postgres", user="postgres", host=str(self.socket_dir),
                               autocommit=True)

    def create_database(self) -> str:
        name = f"t_{uuid.uuid4().hex[:16]}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def create_schema(self) -> str:
        """An empty schema: as good as a new database to the server, and 100× quicker."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        with self._admin() as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        return name

    def drop_schema(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute("SET lock_timeout = '10s'")  # a leaked connection must not hang the suite
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


_shared: PgCluster | None = None
_shared_lock = threading.Lock()


def shared_cluster() -> PgCluster:
    """The session's cluster, started on first use (by whichever test module needs it)."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared.root is None:
            try:
                import psycopg  # noqa: F401
            except ImportError:
                raise PgSetupError("the PostgreSQL driver psycopg is not installed: "
                                   "`.venv/bin/pip install -e .[test]`") from None
            _shared = PgCluster(find_bindir()).start()
        return _shared


def cluster_for(request) -> PgCluster:
    """The shared cluster for a test or fixture (``request``), stopped when the session
    ends; a set-up problem fails the test with the fix, it is never skipped."""
    try:
        cluster = shared_cluster()
    except PgSetupError as exc:
        pytest.fail(f"PostgreSQL test cluster: {exc}", pytrace=False)
    if request.config not in cluster.sessions:  # once per session; atexit is the fallback
        cluster.sessions.add(request.config)
        request.config.add_cleanup(cluster.stop)
    return cluster


def fresh_pg_url(request) -> str:
    """A SQLAlchemy URL whose connections see a new, empty schema, dropped when ``request``
    (a test's or a fixture's) finishes — after that fixture's own teardown."""
    cluster = cluster_for(request)
    name = cluster.create_schema()
    request.addfinalizer(lambda: cluster.drop_schema(name))
    return cluster.url(schema=name)


DATABASES = ["sqlite", "postgresql"]


def db_url_for(request) -> str | None:
    """For a fixture parametrised with ``params=DATABASES``: None for SQLite (the server's
    default, a file in the test's tmp dir), else a fresh PostgreSQL schema's URL."""
    return fresh_pg_url(request) if request.param == "postgresql" else None
