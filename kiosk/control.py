"""The running kiosk's control socket: the technician's commands that only the running
process can carry out — above all the simulators' fault switches, which live in its
device workers — reached from ``kiosk diag faults`` / ``kiosk diag fault`` on the same
machine.

    server = ControlServer(admin, control_path(data_dir)); server.start() … server.close()
    call(control_path(data_dir), "set_fault", device="printer", fault="paper_out", on=True)

A Unix stream socket in ``<data_dir>/run/`` (directory 0700, socket 0600): only the kiosk's
own user (and root) can connect, so the file system is the authentication, as for the
outbox itself. The peer's user (SO_PEERCRED) is named in the audit trail (``cli:<user>``).
One JSON request per connection (``{"op": …, "args": {…}}`` on one line), one JSON answer
line (``{"ok": true, "result": …}`` or ``{"ok": false, "error": "one line"}``). Only
:data:`OPERATIONS` are taken; they go to the same :class:`kiosk.admin.Admin` the touch
screen's diagnostics mode uses, so both do exactly the same and both are audited.
"""
from __future__ import annotations

import json
import logging
import os
import pwd
import socket
import struct
import threading
from pathlib import Path

log = logging.getLogger(__name__)

SOCKET_NAME = "control.sock"
#: what a command may ask the running kiosk (reads, and the changes that are audited)
OPERATIONS = ("devices", "faults", "set_fault", "check", "supplies", "set_supply", "outbox",
              "release", "force_sync")
MAX_REQUEST = 64 * 1024
#: a command's health check or forced sync may take this long; then the client gives up
CALL_TIMEOUT_S = 60.0


class ControlError(Exception):
    """No running kiosk answers, or it refused the request: one line for the technician."""


def control_path(data_dir) -> Path:
    return Path(data_dir) / "run" / SOCKET_NAME


def _peer_user(conn: socket.socket) -> str:
    try:
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", creds)
    except OSError:
        return "cli"
    try:
        return f"cli:{pwd.getpwuid(uid).pw_name}"
    except KeyError:
        return f"cli:uid{uid}"


class ControlServer:
    def __init__(self, admin, path: Path) -> None:
        self.admin = admin
        self.path = Path(path)
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    def start(self) -> None:
        """Listen; a path that cannot take a socket is logged, not fatal (the kiosk serves
        citizens without it)."""
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(self.path.parent, 0o700)
            if self.path.is_socket() or self.path.exists():
                self.path.unlink()  # left by a run that was killed
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.bind(str(self.path))
            os.chmod(self.path, 0o600)
            sock.listen(4)
        except OSError as exc:
            log.error("control socket %s not available: %s", self.path, exc)
            return
        self._sock = sock
        self._thread = threading.Thread(target=self._serve, name="kiosk-control", daemon=True)
        self._thread.start()
        log.info("control socket at %s", self.path)

    def close(self) -> None:
        self._stopping.set()
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
            try:
                self.path.unlink()
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _serve(self) -> None:
        while not self._stopping.is_set():
            sock = self._sock
            if sock is None:
                return
            try:
                conn, _ = sock.accept()
            except OSError:
                return  # closed
            with conn:
                conn.settimeout(5.0)
                try:
                    answer = self._answer(conn, _read_line(conn))
                except (OSError, ValueError) as exc:
                    answer = {"ok": False, "error": f"bad request: {exc}"}
                try:
                    conn.sendall(json.dumps(answer, default=str).encode() + b"\n")
                except OSError:
                    pass

    def _answer(self, conn: socket.socket, line: bytes) -> dict:
        request = json.loads(line)
        if not isinstance(request, dict) or not isinstance(request.get("args", {}), dict):
            return {"ok": False, "error": "a request is {\"op\": …, \"args\": {…}}"}
        op = request.get("op")
        if op not in OPERATIONS:
            return {"ok": False, "error": f"unknown operation {op!r} "
                                          f"(one of {', '.join(OPERATIONS)})"}
        admin = self.admin.with_source(_peer_user(conn))
        try:
            return {"ok": True, "result": getattr(admin, op)(**request.get("args", {}))}
        except TypeError as exc:
            return {"ok": False, "error": f"{op}: {exc}"}
        except Exception as exc:  # noqa: BLE001 - one line back to the technician, logged here
            log.warning("control %s failed: %s", op, exc)
            return {"ok": False, "error": str(exc) or type(exc).__name__}


def _read_line(conn: socket.socket) -> bytes:
    data = b""
    while b"\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
        if len(data) > MAX_REQUEST:
            raise ValueError("request too long")
    return data.split(b"\n", 1)[0]


def call(path: Path, op: str, *, timeout_s: float = CALL_TIMEOUT_S, **args):
    """Ask the running kiosk; its result, or :class:`ControlError` in one line."""
    path = Path(path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout_s)
    try:
        try:
            sock.connect(str(path))
        except (FileNotFoundError, ConnectionRefusedError):
            raise ControlError(f"no running kiosk answers at {path} (start it: kiosk run)") \
                from None
        except PermissionError:
            raise ControlError(f"{path}: permission denied (run as the kiosk's user or root)") \
                from None
        sock.sendall(json.dumps({"op": op, "args": args}).encode() + b"\n")
        reply = _read_line(sock)
    except TimeoutError:
        raise ControlError(f"the running kiosk did not answer {op} within {timeout_s:.0f} s") \
            from None
    except (OSError, ValueError) as exc:
        raise ControlError(f"{path}: {exc}") from None
    finally:
        sock.close()
    try:
        answer = json.loads(reply)
    except ValueError:
        raise ControlError(f"{path}: the running kiosk answered garbage") from None
    if not answer.get("ok"):
        raise ControlError(answer.get("error") or "refused")
    return answer.get("result")
