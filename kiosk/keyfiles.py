"""Secret files (the outbox key, the central server's signing secret).

Created once (written to a temporary file, fsynced, then hard-linked into place), mode 0600
in a 0700 directory, and fsynced with their directory, so a power cut never leaves a
half-written key that would make every sealed payload unreadable. A key file that others can read is refused rather than used.
"""
from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path


class KeyFileError(Exception):
    """The key file is unreadable, malformed or readable by others."""


class KeyFileMissing(KeyFileError):
    """There is no key file (load_secret)."""


def load_or_create_secret(path: Path, size: int, what: str) -> bytes:
    """The ``size`` random bytes in ``path``, creating the file when it does not exist."""
    path = Path(path)
    if not path.exists():
        create_secret(path, size, what)
    return load_secret(path, size, what)


def create_secret(path: Path, size: int, what: str, secret: bytes | None = None) -> None:
    """Create the key file (with ``secret``, or fresh random bytes) unless one exists."""
    path = Path(path)
    try:
        _mkdir_durably(path.parent)
        _create(path, size, secret)
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot create the {what}: "
                           f"{exc.strerror or exc}") from None


def load_secret(path: Path, size: int, what: str) -> bytes:
    """The ``size`` bytes in ``path``; KeyFileMissing when there is no such file."""
    path = Path(path)
    if not path.exists():
        raise KeyFileMissing(f"{path}: the {what} is missing")
    try:
        st = path.stat()
        secret = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(f"{path}: the {what} is readable by others "
                           f"(mode {stat.S_IMODE(st.st_mode):o}); chmod 600 it")
    if len(secret) != size:
        raise KeyFileError(f"{path}: expected a {size}-byte {what}, found {len(secret)} bytes")
    return secret


def _mkdir_durably(directory: Path) -> None:
    # a new key directory's own name must survive a power cut too, not only the key in it
    missing = []
    d = directory
    while not d.exists():
        missing.append(d)
        d = d.parent
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    for d in reversed(missing):
        _fsync_dir(d.parent)


def _create(path: Path, size: int, secret: bytes | None = None) -> None:
    # written and fsynced under a temporary name, then linked into place: the key appears
    # whole or not at all (a power cut between create and write left an empty key file,
    # refused at every later start), and link() refuses to replace one made meanwhile
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(secret if secret is not None else secrets.token_bytes(size))
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process created it first: theirs is the key
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
