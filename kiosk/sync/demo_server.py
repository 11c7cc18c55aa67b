"""The demo's reference central server, as a child process of ``kiosk run``.

:func:`start_demo_server` starts ``python -m kiosk.central serve`` when the settings ask for
one (``[central] embedded_server``), the URL is plain http on a loopback address, and nothing
listens there yet (a ``kiosk-central serve`` started by hand wins). The kiosk process never
imports the server: the two share only ``kiosk.protocol`` (its ``SERVE_READY`` line).

Nothing waits for it: the child comes up beside the UI, and the kiosk's probe finds it (or
``on_ready`` is told). Started with ``hold=True`` it waits (before its imports and database
work) until :meth:`DemoServer.go` — ``kiosk run`` says go once the first frame is on screen —
or ``HOLD_MAX_S``, so on a two-core kiosk PC the two start-ups do not compete. It goes when the kiosk goes: :meth:`DemoServer.stop` on the way out,
and, should the kiosk be killed, the child watches a pipe whose write end only the kiosk
holds — the kernel closes it with the kiosk, the child reads end of file and stops.

Its data lives in ``<data_dir>/central``; the child writes the kiosk's token file
(``--provision``) before it listens, so the kiosk authenticates exactly as it would against
a real server.
"""
from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

from kiosk.config import Settings
from kiosk.protocol import SERVE_READY
from kiosk.sync.client import token_path

log = logging.getLogger(__name__)

LOOPBACK = {"127.0.0.1", "localhost"}
STOP_TIMEOUT_S = 5.0
NICE = 19  # the demo server's scheduling priority, relative: the kiosk's UI comes first
HOLD_MAX_S = 10.0  # a held server starts after this long even if nobody said go


def demo_address(settings: Settings) -> tuple[str, int] | None:
    """(host, port) to start the demo server on, or None when these settings want none."""
    if not settings.central.embedded_server:
        return None
    parts = urlsplit(settings.central.url)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        return None
    return "127.0.0.1", parts.port or 80


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


class DemoServer:
    """A running ``kiosk-central serve`` child. ``ready`` is set once it listens."""

    def __init__(self, proc: subprocess.Popen, url: str, lifeline: int,
                 on_ready: Callable[[], None] | None = None) -> None:
        self.proc = proc
        self.url = url
        self.ready = threading.Event()
        self._lifeline = lifeline  # the pipe's write end: closing it stops the child
        self._on_ready = on_ready
        self._went = False
        self._reader = threading.Thread(target=self._read, name="demo-central-out", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if not self.ready.is_set() and line.startswith(SERVE_READY):
                log.warning("central: demo reference server on %s (child process %d)", self.url,
                            self.proc.pid)
                if self._on_ready is not None:
                    try:
                        self._on_ready()
                    except Exception:  # noqa: BLE001 - the kiosk's probe finds it anyway
                        log.exception("central: demo server ready callback failed")
                self.ready.set()  # (after on_ready: a waiter finds its effect done)
        code = self.proc.wait()
        if not self.ready.is_set():
            log.error("central: the demo reference server exited (code %s) before it listened; "
                      "the kiosk runs offline", code)

    def go(self) -> None:
        """Let a held server start (once; harmless when it was not held or runs already)."""
        if self._lifeline >= 0 and not self._went:
            self._went = True
            try:
                os.write(self._lifeline, b"g")
            except OSError:  # it exited already: _read says so
                pass

    def wait_ready(self, timeout: float) -> bool:
        return self.ready.wait(timeout)

    def running(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> int | None:
        """Stop the child (SIGTERM, then SIGKILL after ``timeout``); its exit code."""
        if self._lifeline >= 0:
            os.close(self._lifeline)
            self._lifeline = -1
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                log.error("central: demo server did not stop in %.0f s: killing it", timeout)
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        return self.proc.returncode


def server_command(settings: Settings, host: str, port: int, watch_fd: int,
                   hold: bool = False) -> list[str]:
    cmd = [sys.executable, "-m", "kiosk.central", "--data-dir", str(settings.data_dir / "central"),
           "serve", "--host", host, "--port", str(port), "--public-url", settings.central.url,
           "--watch-fd", str(watch_fd)]
    if hold:
        cmd += ["--wait-go", str(HOLD_MAX_S)]
    if not settings.central.client_cert:  # a kiosk with a certificate needs no token
        cmd += ["--provision", f"{settings.kiosk.id}={token_path(settings)}"]
    return cmd


def start_demo_server(settings: Settings, *, on_ready: Callable[[], None] | None = None,
                      hold: bool = False) -> DemoServer | None:
    """Start the demo server when the settings want one and nothing listens there; returns at
    once (the child is not waited for). None when no server was started. ``hold``: the child
    waits for :meth:`DemoServer.go` (at most ``HOLD_MAX_S``) before it starts its work."""
    address = demo_address(settings)
    if address is None:
        return None
    host, port = address
    if _listening(host, port):
        log.info("central: something already listens on %s:%s; not starting the demo server",
                 host, port)
        return None
    lifeline_r, lifeline_w = os.pipe()  # (both ends not inheritable: pass_fds hands on one)
    try:
        proc = subprocess.Popen(
            server_command(settings, host, port, lifeline_r, hold), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, text=True, pass_fds=(lifeline_r,),
            # its own session: a Ctrl-C in the terminal reaches the kiosk, which stops it
            start_new_session=True)
    except OSError as exc:
        os.close(lifeline_w)
        log.error("central: cannot start the demo reference server: %s", exc)
        return None
    finally:
        os.close(lifeline_r)
    try:
        # below the kiosk: on a two-core kiosk PC its start-up would otherwise slow the UI's
        # first frame, and later compete with the UI for the CPU
        os.setpriority(os.PRIO_PROCESS, proc.pid, NICE)
    except OSError as exc:
        log.debug("central: demo server keeps the kiosk's priority: %s", exc)
    return DemoServer(proc, f"http://{host}:{port}", lifeline_w, on_ready)
