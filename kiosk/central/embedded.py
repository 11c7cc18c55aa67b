"""The reference central server inside the kiosk process: the demo runs on it by default.

:func:`maybe_start_embedded` is what ``run_kiosk`` calls: it starts a server only when the
settings ask for one (``[central] embedded_server``), the URL is plain http on a loopback
address, and nothing answers there yet (a ``kiosk central serve`` started by hand wins).
Its data lives in ``<data_dir>/central``; the kiosk's token is provisioned beside the
kiosk's other keys so the kiosk authenticates exactly as it would against a real server.
"""
from __future__ import annotations

import logging
import socket
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.central import auth
from kiosk.central.server import CentralServer, build_app, default_db_url, wait_until_up
from kiosk.config import Settings
from kiosk.sync.client import token_path

log = logging.getLogger(__name__)

LOOPBACK = {"127.0.0.1", "localhost"}


def central_dir(settings: Settings) -> Path:
    return settings.data_dir / "central"


def provision_local_kiosk(settings: Settings, secret: bytes) -> Path | None:
    """Write this kiosk's token when it has none (local demo/bench set-ups only)."""
    path = token_path(settings)
    if settings.central.client_cert:
        return None
    if path.exists():
        try:
            auth.verify_token(secret, path.read_text().strip())
            return path
        except (OSError, auth.AuthError):
            log.info("central: re-provisioning %s (issued by another server)", path)
    auth.write_token_file(path, auth.issue_token(secret, settings.kiosk.id))
    return path


def local_secret(settings: Settings) -> bytes:
    return auth.load_or_create_secret(central_dir(settings) / "signing.key")


def start_embedded_server(settings: Settings, *, port: int | None = None,
                          db_url: str | None = None) -> CentralServer:
    """Start the reference server on the settings' URL (host and port) in this process."""
    parts = urlsplit(settings.central.url)
    host = parts.hostname or "127.0.0.1"
    if host == "localhost":
        host = "127.0.0.1"
    secret = local_secret(settings)
    app = build_app(db_url or default_db_url(settings.data_dir), secret,
                    public_url=settings.central.url)
    server = CentralServer(app, host, parts.port if port is None else port).start()
    provision_local_kiosk(settings, secret)
    log.warning("central: embedded reference server on %s (demo)", server.url)
    return server


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def maybe_start_embedded(settings: Settings) -> CentralServer | None:
    if not settings.central.embedded_server:
        return None
    parts = urlsplit(settings.central.url)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        return None
    port = parts.port or 80
    host = "127.0.0.1" if parts.hostname == "localhost" else parts.hostname
    if _listening(host, port):
        log.info("central: something already listens on %s:%s; not starting the embedded "
                 "server", host, port)
        return None
    server = start_embedded_server(settings)
    wait_until_up(server.url, 5)
    return server
