"""pcscd for the smart-card tests: the real daemon with the vpcd reader driver.

There is no systemd on these machines, so the tests run ``pcscd --foreground`` themselves:
started only when no pcscd answers, stopped at the end of the session only if the tests
started it, and "ready" means the reader list shows vpcd's "Virtual PCD" readers – a
condition, never a fixed sleep. A pcscd someone else runs is used as it is and never stopped
(tests that need to stop the daemon skip then).

Use the fixture: ``from tests.pcscd import pcscd  # noqa: F401`` in a test module, then take
``pcscd`` as an argument.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.waiting import wait_for

PCSCD = shutil.which("pcscd") or "/usr/sbin/pcscd"
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
VPCD_CONF = Path("/etc/reader.conf.d/vpcd")
READY_READER = "Virtual PCD 00 00"


def missing() -> str:
    """Why the real stack cannot run here ("" when it can)."""
    if not Path(PCSCD).exists():
        return "pcscd is not installed (apt-get install pcscd; bash packaging/setup.sh setup)"
    if not VPCD_DRIVER.exists() or not VPCD_CONF.exists():
        return "the vpcd reader driver is not installed (apt-get install vsmartcard-vpcd)"
    try:
        import smartcard.scard  # noqa: F401
    except ImportError:
        return "pyscard is not installed in this environment (pip install pyscard)"
    return ""


def readers() -> list[str] | None:
    """The readers a running pcscd lists; None when no pcscd answers."""
    from smartcard import scard

    code, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if code != scard.SCARD_S_SUCCESS:
        return None
    try:
        code, names = scard.SCardListReaders(context, [])
        return list(names) if code == scard.SCARD_S_SUCCESS else []
    finally:
        scard.SCardReleaseContext(context)


def card_present(reader: str = READY_READER) -> bool:
    """pcscd's view of ``reader``: a card in it? (False when no pcscd answers)."""
    from smartcard import scard

    code, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if code != scard.SCARD_S_SUCCESS:
        return False
    try:
        code, states = scard.SCardGetStatusChange(
            context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        return code == scard.SCARD_S_SUCCESS and bool(states[0][1] & scard.SCARD_STATE_PRESENT)
    finally:
        scard.SCardReleaseContext(context)


class Pcscd:
    """The daemon as the tests see it: ``ensure()`` it runs, ``stop()``/``start()`` it when
    this session owns it."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.log_path = Path(tempfile.gettempdir()) / "kiosk-tests-pcscd.log"

    @property
    def owned(self) -> bool:
        """Started by these tests (and so theirs to stop)."""
        return self.proc is not None

    @property
    def running(self) -> bool:
        return readers() is not None

    def ready(self) -> bool:
        return READY_READER in (readers() or [])

    def ensure(self) -> Pcscd:
        if not self.running:
            self.start()
        elif not wait_for(self.ready, timeout=10):
            pytest.skip(f"a pcscd not started by the tests runs without the vpcd readers "
                        f"(lists {readers()}); restart it after installing vsmartcard-vpcd")
        return self

    def start(self) -> None:
        if self.running:
            raise RuntimeError("pcscd is already running")
        log = self.log_path.open("ab")
        try:
            self.proc = subprocess.Popen([PCSCD, "--foreground"], stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        finally:
            log.close()
        if not wait_for(lambda: self.ready() or self.proc.poll() is not None, timeout=15) \
                or not self.ready():
            tail = self.log_path.read_text(errors="replace").splitlines()[-5:]
            self.stop()
            raise RuntimeError(f"pcscd did not list {READY_READER!r}: {' | '.join(tail)}")

    def stop(self) -> None:
        """Stop the daemon these tests started (never one they found running)."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        wait_for(lambda: not self.running, timeout=10)


_DAEMON = Pcscd()


@pytest.fixture
def pcscd(request) -> Pcscd:
    """pcscd with the vpcd readers, running (started again if a test stopped it); the one
    these tests start is stopped when the session ends."""
    reason = missing()
    if reason:
        pytest.skip(reason)
    if not getattr(request.config, "_kiosk_pcscd_cleanup", False):
        request.config._kiosk_pcscd_cleanup = True
        request.config.add_cleanup(_DAEMON.stop)
    return _DAEMON.ensure()
