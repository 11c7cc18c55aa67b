"""A private cupsd: its own configuration, spool and socket under one directory, never the
system's. Mock mode's A4 printer (:mod:`drivers.cups.simulator`) and the tests
(``tests/cupsd.py``) run the real scheduler this way, with a queue whose backend writes each
job to a PDF file (``kiosk-pdf``, :data:`BACKEND`), so the real driver, the real IPP and the
real job life cycle are exercised.

The backend speaks CUPS's backend protocol (cups-backend(7)): a fault the simulator set is
reported on stderr as ``STATE: +media-empty-error`` … and the backend exits 4
(CUPS_BACKEND_STOP): cupsd stops the queue and keeps the job, as with a real printer out of
paper. Otherwise the job's document is copied to ``out/job-<id>.pdf`` (renamed into place, so
a reader never sees half a file).
"""
from __future__ import annotations

import grp
import http.client
import logging
import os
import pwd
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

CUPSD = shutil.which("cupsd") or "/usr/sbin/cupsd"
CUPS_LIB = Path("/usr/lib/cups")
BACKEND_NAME = "kiosk-pdf"

BACKEND = r"""#!/bin/sh
# kiosk-pdf: CUPS backend of the kiosk's mock A4 printer (drivers/cups/cupsd.py).
# DEVICE_URI=kiosk-pdf:DIR; each job's document goes to DIR/out/job-ID.pdf, unless DIR/fault
# names printer-state-reasons: then they are reported and the queue stops (exit 4).
if [ $# -eq 0 ]; then
  echo 'direct kiosk-pdf "MOCK kiosk-pdf" "MOCK virtual A4 printer (kiosk)"'
  exit 0
fi
dir="${DEVICE_URI#kiosk-pdf:}"
fault=""
[ -r "$dir/fault" ] && fault="$(cat "$dir/fault")"
if [ -n "$fault" ]; then
  for reason in $fault; do echo "STATE: +$reason" >&2; done
  echo "ERROR: printer reports $fault" >&2
  exit 4
fi
out="$dir/out/job-$1.pdf"
if [ -n "$6" ]; then cat "$6" > "$out.part" || exit 1; else cat > "$out.part" || exit 1; fi
mv "$out.part" "$out"
echo "INFO: printed to $out" >&2
exit 0
"""


def missing() -> str:
    """Why a private cupsd cannot run here ("" when it can)."""
    if not Path(CUPSD).exists():
        return "cupsd is not installed (apt-get install cups; bash packaging/setup.sh setup)"
    try:
        import cups  # noqa: F401
    except ImportError:
        return "pycups is not installed (apt-get install libcups2-dev; pip install pycups)"
    return ""


class _UnixHTTP(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self._path)
        self.sock = s


def _ipp_attr(tag: int, name: str, value: str) -> bytes:
    n, v = name.encode(), value.encode()
    return bytes([tag]) + struct.pack(">H", len(n)) + n + struct.pack(">H", len(v)) + v


def set_reasons_request(queue: str, reasons: list[str], *, request_id: int = 1,
                        user: str = "root") -> bytes:
    """CUPS-Add-Modify-Printer (0x4003) setting printer-state-reasons: what ``lpadmin`` would
    send if it had an option for it. ``[]`` sets ``none``."""
    values = list(reasons) or ["none"]
    body = struct.pack(">BBHI", 2, 0, 0x4003, request_id)
    body += b"\x01"  # operation-attributes-tag
    body += _ipp_attr(0x47, "attributes-charset", "utf-8")
    body += _ipp_attr(0x48, "attributes-natural-language", "en")
    body += _ipp_attr(0x45, "printer-uri", f"ipp://localhost/printers/{queue}")
    body += _ipp_attr(0x42, "requesting-user-name", user)
    body += b"\x04"  # printer-attributes-tag
    body += _ipp_attr(0x44, "printer-state-reasons", values[0])
    for extra in values[1:]:
        body += _ipp_attr(0x44, "", extra)  # additional value: empty name
    return body + b"\x03"  # end-of-attributes-tag


OWNER_FILE = "owner.pid"  # the process that started this cupsd (its kiosk, CLI or test)
PREFIX = "kiosk-cupsd-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's exit status waits for init to collect it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False
    return stat.rpartition(b")")[2].split()[0] != b"Z"


def reap_orphans(base: Path | None = None) -> int:
    """Stop the private cupsds whose owner died without stopping them (a crash, SIGKILL):
    only ours — a ``kiosk-cupsd-*`` dir with an owner.pid of a dead process, and a cupsd
    whose command line names that dir's config — and remove their dirs. Returns how many."""
    reaped = 0
    for root in Path(base or tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            owner = int((root / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue
        conf = str(root / "cupsd.conf").encode()
        stopped = []
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                args = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if args and args[0].endswith(b"cupsd") and conf in args:
                try:
                    os.kill(int(proc.name), signal.SIGCONT)
                    os.kill(int(proc.name), signal.SIGTERM)
                    stopped.append(int(proc.name))
                except ProcessLookupError:
                    pass
        # its files go once it has exited (a cupsd on its way out still writes its logs)
        end = time.monotonic() + 10
        while any(_running(pid) for pid in stopped) and time.monotonic() < end:
            threading.Event().wait(0.05)
        shutil.rmtree(root, ignore_errors=True)
        reaped += 1
        log.info("removed the private cupsd of dead process %d (%s)", owner, root)
    return reaped


class PrivateCupsd:
    """cupsd -f with everything under ``root`` (a new temp dir by default, removed on stop)."""

    def __init__(self, root: Path | None = None) -> None:
        self._own_root = root is None
        if root is None:
            reap_orphans()  # what a crashed kiosk or test left running
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix=PREFIX))
        self.socket = self.root / "cups.sock"
        self.sim_dir = self.root / "sim"  # the backend's fault file and output
        self.out_dir = self.sim_dir / "out"
        self.proc: subprocess.Popen | None = None
        self._frozen = False

    @property
    def server(self) -> str:
        return str(self.socket)

    # ------------------------------------------------------------------ set-up
    def _write_config(self) -> None:
        r = self.root
        for sub in ("spool/tmp", "cache", "state", "log", "bin/backend"):
            (r / sub).mkdir(parents=True, exist_ok=True)
        for sub in ("cgi-bin", "daemon", "driver", "filter", "monitor", "notifier"):
            link = r / "bin" / sub
            if not link.exists() and (CUPS_LIB / sub).exists():
                link.symlink_to(CUPS_LIB / sub)
        backend = r / "bin" / "backend" / BACKEND_NAME
        backend.write_text(BACKEND)
        backend.chmod(0o755)  # not 0700: cupsd runs it as User, not as root
        self.out_dir.mkdir(parents=True, exist_ok=True)
        (self.sim_dir / "fault").write_text("")
        if os.geteuid() == 0:
            user, group, system_group = "lp", "lp", "root"
            lp = pwd.getpwnam("lp")
            for p in (self.sim_dir, self.out_dir):
                os.chown(p, lp.pw_uid, lp.pw_gid)
        else:
            user = pwd.getpwuid(os.geteuid()).pw_name
            group = system_group = grp.getgrgid(os.getegid()).gr_name
        (r / "cupsd.conf").write_text(
            f"# private cupsd of the kiosk's mock A4 printer / tests (drivers/cups/cupsd.py)\n"
            f"Listen {self.socket}\n"
            "LogLevel info\nBrowsing No\nWebInterface No\nDefaultAuthType None\n"
            # personal documents: cupsd keeps no copy of a job's file once it is done, only
            # its history (job states stay queryable)
            "PreserveJobFiles No\nPreserveJobHistory Yes\nMaxJobs 200\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n")
        (r / "cups-files.conf").write_text(
            f"ServerRoot {r}\nServerBin {r / 'bin'}\nDataDir /usr/share/cups\n"
            f"RequestRoot {r / 'spool'}\nCacheDir {r / 'cache'}\nStateDir {r / 'state'}\n"
            f"TempDir {r / 'spool/tmp'}\nAccessLog {r / 'log/access_log'}\n"
            f"ErrorLog {r / 'log/error_log'}\nPageLog {r / 'log/page_log'}\n"
            f"User {user}\nGroup {group}\nSystemGroup {system_group}\n"
            "FileDevice No\nSandboxing Relaxed\n")

    def start(self) -> PrivateCupsd:
        """Spawn cupsd (returns at once; ``wait_ready`` says when it answers)."""
        if self.proc is not None and self.proc.poll() is None:
            return self
        self._write_config()
        (self.root / OWNER_FILE).write_text(str(os.getpid()))
        self.socket.unlink(missing_ok=True)
        with (self.root / "log" / "stdout").open("ab") as out:
            self.proc = subprocess.Popen(
                [CUPSD, "-f", "-c", str(self.root / "cupsd.conf"),
                 "-s", str(self.root / "cups-files.conf")],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)  # a Ctrl-C at the terminal is the kiosk's to handle
        log.info("private cupsd pid %d on %s", self.proc.pid, self.socket)
        return self

    def ready(self) -> bool:
        if self.proc is None or self.proc.poll() is not None or self._frozen:
            return False
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(1.0)
        try:
            s.connect(str(self.socket))
            return True
        except OSError:
            return False
        finally:
            s.close()

    def wait_ready(self, timeout: float = 30.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.ready():
                return True
            if self.proc is None or self.proc.poll() is not None:
                return False
            threading.Event().wait(0.05)  # cupsd creates its socket when it listens
        return False

    def log_tail(self, lines: int = 5) -> str:
        try:
            text = (self.root / "log" / "error_log").read_text(errors="replace")
        except OSError:
            return ""
        return " | ".join(text.splitlines()[-lines:])

    # ------------------------------------------------------------------ queues
    def connection(self):
        import cups

        return cups.Connection(host=self.server)

    def add_queue(self, name: str, *, info: str = "MOCK virtual A4 printer (kiosk)") -> None:
        """A raw queue on the kiosk-pdf backend: the PDF reaches the backend unchanged."""
        c = self.connection()
        c.addPrinter(name, device=f"{BACKEND_NAME}:{self.sim_dir}", info=info,
                     location="MOCK")
        c.enablePrinter(name)
        c.acceptJobs(name)

    def set_reasons(self, queue: str, reasons: list[str], timeout: float = 5.0) -> None:
        conn = _UnixHTTP(self.server, timeout)
        try:
            conn.request("POST", "/admin/", set_reasons_request(queue, reasons),
                         {"Content-Type": "application/ipp"})
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        if resp.status != 200 or len(data) < 4 or data[2:4] not in (b"\x00\x00", b"\x00\x01"):
            raise RuntimeError(f"cupsd refused printer-state-reasons {reasons}: HTTP "
                               f"{resp.status}, IPP status {data[2:4].hex()}")

    def set_backend_fault(self, reasons: list[str]) -> None:
        path = self.sim_dir / "fault"
        tmp = path.with_suffix(".new")
        tmp.write_text(" ".join(reasons))
        if os.geteuid() == 0:
            lp = pwd.getpwnam("lp")
            os.chown(tmp, lp.pw_uid, lp.pw_gid)
        os.replace(tmp, path)

    def printed(self) -> list[Path]:
        """The PDFs the backend wrote, oldest job first."""
        def job_no(p: Path) -> int:
            return int(p.stem.split("-")[1])

        return sorted(self.out_dir.glob("job-*.pdf"), key=job_no)

    # ------------------------------------------------------------------ faults
    def freeze(self) -> None:
        """SIGSTOP: a hung cupsd (its socket accepts, nothing answers). ``thaw`` ends it."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGSTOP)
            self._frozen = True

    def thaw(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGCONT)
        self._frozen = False

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            try:
                os.kill(proc.pid, signal.SIGCONT)  # a frozen cupsd would not act on SIGTERM
                proc.terminate()
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
            except ProcessLookupError:
                pass
        self._frozen = False
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)


__all__ = ["BACKEND", "PrivateCupsd", "missing", "reap_orphans", "set_reasons_request"]
