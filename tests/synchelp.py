"""Test helpers for the sync and central tests: an in-process reference server that can be
stopped and restarted on the same port, and kiosk settings pointing at it."""
from __future__ import annotations

import sqlalchemy as sa

from kiosk import keyfiles
from kiosk.central import auth
from kiosk.central.faults import FaultInjector
from kiosk.central.server import CentralServer, build_app
from kiosk.config import Settings
from kiosk.sync.client import token_path

#: 32 bytes: written as the server's signing.key in its data dir (``tmp_path/central``, the
#: CLI's data dir under ``settings_env``), so the CLI opens the data the server sealed
SECRET = b"test-signing-key-0123456789abcde"


class Central:
    """The reference server on 127.0.0.1; ``stop()``/``start()`` keep its port and database."""

    def __init__(self, tmp_path, *, seed: int = 1, db_url: str | None = None) -> None:
        self.db_url = db_url or f"sqlite:///{tmp_path / 'central' / 'central.db'}"
        keyfiles.create_secret(tmp_path / "central" / "signing.key", 32, "signing key", SECRET)
        self.app = build_app(self.db_url, SECRET)
        self.faults = FaultInjector(seed=seed)
        self.port = 0
        self.server: CentralServer | None = None

    @property
    def store(self):
        return self.app.store

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Central:
        self.server = CentralServer(self.app, "127.0.0.1", self.port, faults=self.faults).start()
        self.port = self.server.port
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def token(self, kiosk_id: str) -> str:
        return auth.issue_token(SECRET, kiosk_id)

    def settings(self, tmp_path, kiosk_id: str = "KSK-T-01") -> Settings:
        s = Settings()
        s.kiosk.id = kiosk_id
        s.kiosk.data_dir = str(tmp_path / kiosk_id)
        s.kiosk.disk_reserve_mb = 1
        s.central.url = self.url
        s.central.embedded_server = False
        s.central.connect_timeout_s = 1.0
        s.central.read_timeout_s = 2.0
        auth.write_token_file(token_path(s), self.token(kiosk_id))
        return s

    def count(self, table: str, where: str = "") -> int:
        with self.app.engine.connect() as conn:
            return conn.execute(sa.text(f"SELECT COUNT(*) FROM {table} {where}")).scalar_one()

    def rows(self, sql, **params) -> list:
        """Rows of SQL text, or of a SQLAlchemy select (which opens sealed columns)."""
        with self.app.engine.connect() as conn:
            return conn.execute(sa.text(sql) if isinstance(sql, str) else sql, params).all()

    def close(self) -> None:
        self.stop()
        self.app.engine.dispose()
