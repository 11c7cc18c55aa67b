"""What is wrong with the kiosk's local storage, in plain words, and what the kiosk keeps.

The outbox's storage faults are typed (:class:`StorageFault` and its kinds: damaged, full,
read-only, key missing, key mismatch) and named in one line that says which file and what
to do. A fault found while opening puts the outbox out of service — never "repaired" into
an empty database — while the kiosk goes on with what needs no local write (tickets the
server confirms, the guide, the hall map); the heartbeat carries the fault to the hall.

* :func:`inspect_db_file` reads the database file's header before SQLite does: a zero-length
  file, one whose header is not SQLite's, or one shorter than its header says is damaged
  (SQLite itself would take a zero-length file for a new database and say nothing).
* :func:`keep_aside` moves a damaged database (and its WAL) to ``sync/damaged/<time>/``:
  never deleted, for ``kiosk outbox salvage`` to read.
* :func:`condition` tells a full disk and a read-only one from other I/O errors, so that
  nobody is told "disk I/O error" when the disk is simply full.
* :class:`Reserve` is a pre-allocated file that only the kiosk's own bookkeeping may use
  once the disk is full: released when a write finds the disk full, made again when there
  is room.
"""
from __future__ import annotations

import errno
import logging
import os
import shutil
import time
from pathlib import Path

from kiosk.services import ServiceUnavailable
from kiosk.sync.db import StorageFatal

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
#: below this much free space a write that failed with an I/O error failed for want of space
FULL_BELOW_BYTES = 256 * 1024
DAMAGED_DIR = "damaged"


class StorageFault(StorageFatal):
    """The outbox cannot be used: ``code`` names why (damaged, full, read_only, key_missing,
    key_mismatch, io_error); ``str()`` is one line naming the file and the way out."""

    code = "io_error"

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.path = None if path is None else str(path)


class StorageDamaged(StorageFault):
    code = "damaged"


class StorageReadOnly(StorageFault):
    code = "read_only"


class StorageIsFull(StorageFault):
    code = "full"


class KeyMissing(StorageFault):
    code = "key_missing"


class KeyMismatch(StorageFault):
    code = "key_mismatch"


#: what the citizen reads when a function needs the local storage (UI reason "storage", code)
CITIZEN_WORDS = {
    "damaged": ("The kiosk's storage is damaged; this service needs it. Please ask staff.",
                "本机存储已损坏，暂不能办理此项业务，请联系工作人员"),
    "full": ("The kiosk's storage is full; this service needs it. Please ask staff.",
             "本机存储空间已满，暂不能办理此项业务，请联系工作人员"),
    "read_only": ("The kiosk's storage is read-only; this service needs it. Please ask staff.",
                  "本机存储为只读状态，暂不能办理此项业务，请联系工作人员"),
    "key_missing": ("The kiosk's storage cannot be opened; this service needs it. "
                    "Please ask staff.", "本机存储暂时无法打开，暂不能办理此项业务，请联系工作人员"),
}
CITIZEN_WORDS["key_mismatch"] = CITIZEN_WORDS["key_missing"]
CITIZEN_WORDS["io_error"] = CITIZEN_WORDS["key_missing"]


class StorageUnavailable(ServiceUnavailable):
    """A function that needs the kiosk's own storage, asked while it is out of service."""

    def __init__(self, fault: StorageFault) -> None:
        en, zh = CITIZEN_WORDS.get(fault.code, CITIZEN_WORDS["io_error"])
        super().__init__(en, zh, detail=str(fault))
        self.fault = fault
        self.code = fault.code


# ---------------------------------------------------------------------- conditions
def _errno_of(exc: BaseException | None) -> int | None:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno:
            return exc.errno
        exc = exc.__cause__ or exc.__context__
    return None


def condition(path: Path, exc: BaseException | None = None) -> str:
    """``"read_only"``, ``"full"`` or ``"io_error"``: what a failed write in ``path`` met.

    Looks at the error's errno, then at the filesystem itself (mount flags, free space, and a
    probe file), because SQLite reports a full disk under /dev/shm-style mmap failures and a
    read-only one as "disk I/O error" or "unable to open database file"."""
    code = _errno_of(exc)
    if code == errno.EROFS:
        return "read_only"
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "full"
    path = Path(path)
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        st = os.statvfs(path)
    except OSError:
        return "io_error"
    if st.f_flag & os.ST_RDONLY:
        return "read_only"
    if st.f_bavail * st.f_frsize < FULL_BELOW_BYTES:
        return "full"
    probe = (path if path.is_dir() else path.parent) / f".probe-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, b"x")
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as probe_exc:
        if probe_exc.errno == errno.EROFS:
            return "read_only"
        if probe_exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return "full"
    return "io_error"


def fault_for(path: Path, exc: BaseException, what: str) -> StorageFault:
    """A failed write or open of ``what`` (in ``path``) as the fault it really is."""
    kind = condition(path, exc)
    if kind == "read_only":
        return StorageReadOnly(f"storage read-only: {what} cannot be written "
                               f"({path} is on a read-only filesystem)", path=path)
    if kind == "full":
        return StorageIsFull(f"storage full: {what} cannot be written (no free space "
                             f"in {path}); free space, then restart the kiosk", path=path)
    detail = getattr(getattr(exc, "orig", exc), "args", [exc])
    return StorageFault(f"storage error: {what}: {detail[0] if detail else exc}", path=path)


# ---------------------------------------------------------------------- the database file
def inspect_db_file(path: Path) -> str | None:
    """None when ``path`` looks like a whole SQLite database, else what is wrong with it.

    (Only what the header shows; ``PRAGMA quick_check`` looks at the pages.)"""
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(100)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if size == 0:
        return "is empty (0 bytes)"
    if len(head) < 100 or head[:16] != SQLITE_MAGIC:
        return f"is not an SQLite database (its first bytes are {head[:16]!r})"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"has a damaged header (page size {page_size})"
    pages = int.from_bytes(head[28:32], "big")
    valid_for = int.from_bytes(head[92:96], "big")
    changes = int.from_bytes(head[24:28], "big")
    if pages and valid_for == changes and size < pages * page_size:
        return (f"is truncated ({size} bytes; its header says {pages} pages of {page_size} "
                "bytes)")
    return None


def keep_aside(db_path: Path, reason: str) -> Path:
    """Move the database and its WAL to ``damaged/<time>/`` beside it, with a note of why.

    A move, not a copy: it needs no free space, and the next start cannot mistake the
    damaged file for the kiosk's database."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = db_path.parent / DAMAGED_DIR / stamp
    n = 1
    while target.exists():
        n += 1
        target = db_path.parent / DAMAGED_DIR / f"{stamp}-{n}"
    target.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        src = db_path.with_name(db_path.name + suffix)
        if src.exists():
            os.replace(src, target / src.name)
    (target / "REASON.txt").write_text(
        f"{time.strftime('%Y-%m-%d %H:%M:%S %z')}: {db_path.name} {reason}\n"
        "Kept aside by the kiosk. `kiosk outbox salvage` copies what can be read into a new "
        "database and lists what could not be read.\n", encoding="utf-8")
    fsync_dir(target)
    fsync_dir(target.parent)
    fsync_dir(db_path.parent)
    log.critical("outbox: %s %s: kept aside in %s", db_path, reason, target)
    return target


def unsalvaged(sync_dir: Path) -> list[Path]:
    """Damaged databases kept aside that no salvage has read yet, oldest first."""
    base = sync_dir / DAMAGED_DIR
    if not base.is_dir():
        return []
    return sorted(d for d in base.iterdir()
                  if d.is_dir() and not (d / "SALVAGED.txt").exists())


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------------- the reserve
class Reserve:
    """``size_mb`` of disk held by a pre-allocated file, for the kiosk's own bookkeeping
    (delivery outcomes, voids, receipts) when the disk fills up: the free-space threshold
    only refuses *new* work, and other programs (logs, updates) may still eat the rest."""

    def __init__(self, path: Path, size_mb: float) -> None:
        self.path = Path(path)
        self.size = int(size_mb * 1024 * 1024)
        self.released = False

    def ensure(self) -> bool:
        """Make (or complete) the reserve file when there is room; True when it is whole."""
        if self.size <= 0:
            return True
        try:
            if self.path.exists() and self.path.stat().st_size >= self.size:
                self.released = False
                return True
            free = shutil.disk_usage(self.path.parent).free
            if free < self.size * 2:  # leave the kiosk room to work before taking it
                return False
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                os.posix_fallocate(fd, 0, self.size)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            log.warning("storage: cannot make the reserve %s: %s", self.path, exc)
            return False
        self.released = False
        return True

    def release(self) -> bool:
        """Give the reserved space back to the filesystem; True when there was some."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        except OSError as exc:
            log.error("storage: cannot release the reserve %s: %s", self.path, exc)
            return False
        self.released = True
        log.critical("storage full: released the %d MB reserve %s for the kiosk's own "
                     "bookkeeping; new submissions are refused until space is freed",
                     self.size // (1024 * 1024), self.path)
        return True
