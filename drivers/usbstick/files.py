"""What on a citizen's stick may be offered, decided without opening anything.

The walk never follows a symbolic link (a link out of the mount — to /etc, to the kiosk's
keys — is left out, as is anything that is not a regular file), stops after
``max_entries`` entries (a stick with 10,000 files is listed in part, and says so), and
offers only files whose first bytes say PDF, JPEG or PNG — whatever their names — under
``max_bytes``.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from drivers.kinds.usb_storage import Listing, StickFile

MAGIC = ((b"%PDF-", "pdf"), (b"\xff\xd8\xff", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"))
EXTENSIONS = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}


def sniff(head: bytes) -> str | None:
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    return None


def list_stick(root: Path, *, max_bytes: int = 20_000_000, max_files: int = 200,
               max_entries: int = 2000, max_depth: int = 3) -> Listing:
    root = Path(root)
    files: list[StickFile] = []
    skipped: list[tuple[str, str]] = []
    seen = 0
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            # scandir + follow_symlinks=False: a link is never resolved, even to look at it
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            skipped.append((_rel(root, folder), "unreadable"))
            continue
        for entry in entries:
            seen += 1
            if seen > max_entries:
                skipped.append(("", "too_many_files"))
                return Listing(tuple(files), tuple(skipped))
            rel = _rel(root, Path(entry.path))
            if entry.name.startswith(".") or entry.name in ("System Volume Information",
                                                              "$RECYCLE.BIN"):
                continue  # hidden and system entries: not the citizen's documents
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                skipped.append((rel, "unreadable"))
                continue
            if stat.S_ISLNK(st.st_mode):
                skipped.append((rel, "symlink"))
                continue
            if stat.S_ISDIR(st.st_mode):
                if depth < max_depth:
                    stack.append((Path(entry.path), depth + 1))
                continue
            if not stat.S_ISREG(st.st_mode):
                skipped.append((rel, "not_allowed"))
                continue
            ext = os.path.splitext(entry.name)[1].lower()
            if ext not in EXTENSIONS:
                skipped.append((rel, "not_allowed"))
                continue
            if st.st_size > max_bytes:
                skipped.append((rel, "too_large"))
                continue
            head = _head(Path(entry.path))
            kind = sniff(head) if head is not None else None
            if kind is None or kind != EXTENSIONS[ext]:
                # a zip (or anything else) named .png: not what its name says
                skipped.append((rel, "not_what_it_says"))
                continue
            if len(files) >= max_files:
                skipped.append(("", "too_many_files"))
                return Listing(tuple(files), tuple(skipped))
            files.append(StickFile(rel, st.st_size, kind))
    return Listing(tuple(sorted(files, key=lambda f: f.name)), tuple(skipped))


def _head(path: Path) -> bytes | None:
    try:
        # O_NOFOLLOW: a link swapped in after the walk looked is refused, not followed
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        return os.read(fd, 16)
    finally:
        os.close(fd)


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name
