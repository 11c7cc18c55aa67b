"""pcscd for the smart-card tests: the real daemon with the vpcd reader driver.

There is no systemd on these machines, so the tests run ``pcscd --foreground`` themselves:
started only when no pcscd answers, and "ready" means the reader list shows vpcd's "Virtual
PCD" readers – a condition, never a fixed sleep. A session stops the daemon it started when
it ends. A pcscd that no test started (a system service, a demo) is used as it is and never
stopped or frozen: the tests that need that skip.

Several test sessions may run on one machine at once (engineers share it), and there is one
pcscd and one vpcd port per machine. So each test that uses them holds an exclusive lock file
for its duration (one session's card or ``stop()`` never lands in another's test), and a
pcscd started by *any* test session is recorded in a pid file: whichever test holds the lock
may stop, freeze or restart it.

Use the fixture: ``from tests.pcscd import pcscd  # noqa: F401`` in a test module, then take
``pcscd`` as an argument.
"""
from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

# the daemon, the lock, the pid file and the reader the soak's pcscd_service shares
from kiosk.demo.soak_cards import PCSCD, readers
from kiosk.demo.soak_cards import PCSCD_COMMAND as COMMAND
from kiosk.demo.soak_cards import PCSCD_LOCK as LOCK_PATH
from kiosk.demo.soak_cards import PCSCD_PID as PID_PATH
from kiosk.demo.soak_cards import VPCD_READER as READY_READER
from tests.waiting import wait_for

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
VPCD_CONF = Path("/etc/reader.conf.d/vpcd")


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


def _test_pcscd_pid() -> int | None:
    """The pid of a live pcscd some test session started (pid file + its command line)."""
    try:
        pid = int(PID_PATH.read_text())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return None
    return pid if [c.decode(errors="replace") for c in cmdline if c] == COMMAND else None


class Pcscd:
    """The daemon as the tests see it: ``ensure()`` it runs; ``stop()``, ``freeze()`` and
    ``start()`` it when the tests started it (``owned``)."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None  # the one this session started
        self.log_path = Path(tempfile.gettempdir()) / "kiosk-tests-pcscd.log"

    @property
    def pid(self) -> int | None:
        if self.proc is not None and self.proc.poll() is None:
            return self.proc.pid
        return _test_pcscd_pid()

    @property
    def owned(self) -> bool:
        """The running pcscd was started by the tests (this session or another)."""
        return self.pid is not None

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
            self.proc = subprocess.Popen(COMMAND, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)
        finally:
            log.close()
        PID_PATH.write_text(str(self.proc.pid))
        if not wait_for(lambda: self.ready() or self.proc.poll() is not None, timeout=15) \
                or not self.ready():
            tail = self.log_path.read_text(errors="replace").splitlines()[-5:]
            self.stop()
            raise RuntimeError(f"pcscd did not list {READY_READER!r}: {' | '.join(tail)}")

    def freeze(self) -> None:
        """SIGSTOP the daemon: a hung pcscd (``thaw()`` ends it). Returns once every thread
        of it has stopped: the stop reaches a thread running on another core only when it
        next enters the kernel, and until then it may still answer a request."""
        pid = self.pid
        assert pid is not None, "only a pcscd the tests started may be frozen"
        os.kill(pid, signal.SIGSTOP)
        assert wait_for(lambda: _all_stopped(pid), timeout=10), f"pcscd {pid} did not stop"

    def thaw(self) -> None:
        pid = self.pid
        if pid is not None:
            os.kill(pid, signal.SIGCONT)

    def stop(self) -> None:
        """Stop the daemon the tests started (never one they found running otherwise)."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            pid = proc.pid
        else:
            pid = _test_pcscd_pid()
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGCONT)  # a frozen daemon would not act on SIGTERM
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        if proc is not None and proc.pid == pid:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        wait_for(lambda: _test_pcscd_pid() != pid and not self.running, timeout=15)


class MachineLock:
    """An exclusive flock on LOCK_PATH: one test at a time, across processes, uses pcscd."""

    def __init__(self) -> None:
        self._fd: int | None = None

    def _try(self) -> bool:
        fd = os.open(LOCK_PATH, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def acquire(self, timeout: float = 90) -> None:
        if not wait_for(self._try, timeout=timeout, interval=0.05):
            raise RuntimeError(f"another test session held {LOCK_PATH} for {timeout:.0f}s")

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _all_stopped(pid: int) -> bool:
    """Every thread of ``pid`` in the stopped state ("T" in /proc/…/stat)."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
        states = [(t / "stat").read_text().rsplit(")", 1)[1].split()[0] for t in tasks]
    except (OSError, IndexError):
        return False
    return bool(states) and all(st in ("T", "t") for st in states)


_DAEMON = Pcscd()
_LOCK = MachineLock()


def _stop_at_exit() -> None:
    """The session's end: stop the pcscd this session started, if it still runs."""
    if _DAEMON.proc is not None and _DAEMON.proc.poll() is None:
        _LOCK.acquire()
        try:
            _DAEMON.stop()
        finally:
            _LOCK.release()


@pytest.fixture
def pcscd(request):
    """pcscd with the vpcd readers, running (started again if a test stopped it) and this
    test's alone for its duration; the one these tests start is stopped when the session
    ends."""
    reason = missing()
    if reason:
        pytest.skip(reason)
    if not getattr(request.config, "_kiosk_pcscd_cleanup", False):
        request.config._kiosk_pcscd_cleanup = True
        request.config.add_cleanup(_stop_at_exit)
    _LOCK.acquire()
    try:
        yield _DAEMON.ensure()
    finally:
        _LOCK.release()
