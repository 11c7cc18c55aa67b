"""A FUSE filesystem that behaves like a disk losing power: writes stay in memory until they
are fsynced, and a power cut drops (or tears) everything that was not made durable. It can
also be full (a capacity: ENOSPC) or read-only (EROFS), as a technician's bad day brings.

    fs = FaultFS(tmp_path / "mnt").start()      # the daemon runs in a child process
    ... a kiosk process works under fs.path / "data" ...
    kill the kiosk process (a power cut stops it as well)
    fs.power_cut("lose" | "torn", seed)         # the disk comes back with what was durable
    fs.set_capacity(bytes); fs.set_read_only(True); fs.stats()
    fs.stop()

Durability model (ext4/xfs with a journal): ``fsync`` of a file makes its data durable, and
any ``fsync`` (of a file or a directory) commits every name operation made before it —
create, mkdir, rename, link, unlink — as the filesystem's journal does. Data written but not
fsynced is lost at a cut ("lose"), or ("torn") each such write survives with probability
1/2, cut at a 512-byte sector, in any combination: a disk without a barrier reorders them.

The kernel must forget what it cached of the old state: a cut unmounts the filesystem and
the daemon mounts it again (page cache, dentries and attributes go with the mount), and
entries and attributes are never cached (timeouts 0) so that a test sees what the daemon has.

Run as ``python -m tests.faultfs MOUNTPOINT [--capacity BYTES]``; commands arrive on stdin,
one a line, and are answered on stdout (``FaultFS`` speaks this). Needs /dev/fuse, the
``fuse3`` Debian package (fusermount3, libfuse3) and mfusepy.
"""
from __future__ import annotations

import errno
import os
import queue
import random
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

SECTOR = 512
BLOCK = 4096


def available() -> str | None:
    """None when a FaultFS can be mounted here, else why not (for pytest.skip)."""
    if not os.path.exists("/dev/fuse"):
        return "no /dev/fuse"
    if shutil.which("fusermount3") is None:
        return "fusermount3 missing (Debian package fuse3)"
    try:
        import mfusepy  # noqa: F401
    except (ImportError, OSError) as exc:  # OSError: libfuse3 not found by ctypes
        return f"mfusepy unusable: {exc}"
    return None


# ====================================================================== the daemon side
class Node:
    __slots__ = ("data", "durable", "durable_children", "children", "gid", "is_dir", "mode",
                 "mtime", "nlink", "pending", "uid")

    def __init__(self, is_dir: bool, mode: int) -> None:
        self.is_dir = is_dir
        self.mode = mode
        self.data = bytearray()  # what a reader sees now
        self.durable = b""  # what survives a power cut
        self.pending: list[tuple] = []  # ("w", offset, bytes) | ("t", size) since the last fsync
        self.children: dict[str, Node] = {}
        self.durable_children: dict[str, Node] = {}
        self.nlink = 2 if is_dir else 1
        self.mtime = time.time()
        self.uid, self.gid = os.getuid(), os.getgid()


def _ops_class():
    import mfusepy as fuse

    class Ops(fuse.Operations):
        use_ns = True

        def __init__(self, capacity: int) -> None:
            self._mutex = threading.RLock()
            self.root = Node(True, stat.S_IFDIR | 0o755)
            self.capacity = capacity
            self.read_only = False
            self.fds: dict[int, Node] = {}
            self.next_fd = 1
            self.generation = 0
            self.cut_armed: tuple[str, int] | None = None
            self.stopping = False
            self.counts = {"fsync": 0, "write": 0, "cuts": 0}

        # ------------------------------------------------------------ helpers
        @staticmethod
        def _err(code: int):
            return fuse.FuseOSError(code)

        def _lookup(self, path: str) -> Node:
            node = self.root
            for part in path.strip("/").split("/"):
                if not part:
                    continue
                if not node.is_dir or part not in node.children:
                    raise self._err(errno.ENOENT)
                node = node.children[part]
            return node

        def _parent(self, path: str) -> tuple[Node, str]:
            head, _, name = path.rstrip("/").rpartition("/")
            parent = self._lookup(head or "/")
            if not parent.is_dir:
                raise self._err(errno.ENOTDIR)
            return parent, name

        def _node(self, path: str | None, fh: int | None) -> Node:
            if fh is not None and fh in self.fds:
                return self.fds[fh]
            if path is None:
                raise self._err(errno.EBADF)
            return self._lookup(path)

        def _writable(self) -> None:
            if self.read_only:
                raise self._err(errno.EROFS)

        def _used(self) -> int:
            seen: set[int] = set()
            total = 0
            stack = [self.root, *self.fds.values()]
            while stack:
                n = stack.pop()
                if id(n) in seen:
                    continue
                seen.add(id(n))
                total += len(n.data) if not n.is_dir else BLOCK
                stack.extend(n.children.values())
            return total

        def _room(self, grow: int) -> None:
            if grow > 0 and self._used() + grow > self.capacity:
                raise self._err(errno.ENOSPC)

        def _commit_names(self) -> None:
            """The journal commits: every name operation so far becomes durable."""
            stack = [self.root]
            seen: set[int] = set()
            while stack:
                n = stack.pop()
                if id(n) in seen:
                    continue
                seen.add(id(n))
                if n.is_dir:
                    n.durable_children = dict(n.children)
                    stack.extend(n.children.values())

        # ------------------------------------------------------------ power
        def apply_cut(self, mode: str, seed: int) -> None:
            rng = random.Random(seed)
            stack, seen = [self.root], set()
            while stack:
                n = stack.pop()
                if id(n) in seen:
                    continue
                seen.add(id(n))
                if n.is_dir:
                    n.children = dict(n.durable_children)
                    stack.extend(n.children.values())
                    continue
                data = bytearray(n.durable)
                if mode == "torn":
                    for op in n.pending:
                        if rng.random() >= 0.5:
                            continue
                        if op[0] == "t":
                            if op[1] < len(data):
                                del data[op[1]:]
                            else:
                                data.extend(b"\0" * (op[1] - len(data)))
                            continue
                        _, off, chunk = op
                        keep = len(chunk)
                        if keep > SECTOR and rng.random() < 0.5:  # the write stopped mid-way
                            keep = rng.randrange(1, keep // SECTOR + 1) * SECTOR
                        if len(data) < off:
                            data.extend(b"\0" * (off - len(data)))
                        data[off:off + keep] = chunk[:keep]
                n.data = data
                n.durable = bytes(data)
                n.pending = []
            # link counts from the tree that survived
            counts: dict[int, int] = {}
            stack, seen = [self.root], set()
            while stack:
                n = stack.pop()
                if id(n) in seen:
                    continue
                seen.add(id(n))
                for c in n.children.values():
                    counts[id(c)] = counts.get(id(c), 0) + 1
                    stack.append(c)
            stack, seen = [self.root], set()
            while stack:
                n = stack.pop()
                if id(n) in seen:
                    continue
                seen.add(id(n))
                if not n.is_dir:
                    n.nlink = counts.get(id(n), 1)
                stack.extend(n.children.values())
            self.fds.clear()
            self.counts["cuts"] += 1

        # ------------------------------------------------------------ FUSE operations
        def init(self, path):
            self.generation += 1
            print(f"mounted {self.generation}", flush=True)

        def getattr(self, path, fh=None):
            with self._mutex:
                n = self._node(path, fh)
                ns = int(n.mtime * 1e9)
                return {"st_mode": n.mode, "st_nlink": n.nlink,
                        "st_size": len(n.data) if not n.is_dir else BLOCK,
                        "st_uid": n.uid, "st_gid": n.gid, "st_mtime": ns, "st_atime": ns,
                        "st_ctime": ns, "st_blocks": (len(n.data) + 511) // 512,
                        "st_blksize": BLOCK}

        def readdir(self, path, fh):
            with self._mutex:
                n = self._lookup(path)
                return [".", "..", *n.children]

        def access(self, path, amode):
            with self._mutex:
                self._lookup(path)
                if amode & os.W_OK and self.read_only:
                    raise self._err(errno.EROFS)
                return 0

        def statfs(self, path):
            with self._mutex:
                free = max(0, self.capacity - self._used()) // BLOCK
                return {"f_bsize": BLOCK, "f_frsize": BLOCK, "f_blocks": self.capacity // BLOCK,
                        "f_bfree": free, "f_bavail": free, "f_files": 100000,
                        "f_ffree": 100000, "f_favail": 100000, "f_namemax": 255}

        def mkdir(self, path, mode):
            with self._mutex:
                self._writable()
                parent, name = self._parent(path)
                if name in parent.children:
                    raise self._err(errno.EEXIST)
                self._room(BLOCK)
                parent.children[name] = Node(True, stat.S_IFDIR | mode)
                return 0

        def rmdir(self, path):
            with self._mutex:
                self._writable()
                parent, name = self._parent(path)
                n = parent.children.get(name)
                if n is None:
                    raise self._err(errno.ENOENT)
                if not n.is_dir:
                    raise self._err(errno.ENOTDIR)
                if n.children:
                    raise self._err(errno.ENOTEMPTY)
                del parent.children[name]
                return 0

        def _new_fd(self, node: Node) -> int:
            fd = self.next_fd
            self.next_fd += 1
            self.fds[fd] = node
            return fd

        def create(self, path, mode, fi=None):
            with self._mutex:
                self._writable()
                parent, name = self._parent(path)
                node = parent.children.get(name)
                if node is None:
                    node = Node(False, stat.S_IFREG | (mode & 0o7777))
                    parent.children[name] = node
                return self._new_fd(node)

        def open(self, path, flags):
            with self._mutex:
                node = self._lookup(path)
                if flags & (os.O_WRONLY | os.O_RDWR) and self.read_only:
                    raise self._err(errno.EROFS)
                if flags & os.O_TRUNC and node.data:
                    node.data = bytearray()
                    node.pending.append(("t", 0))
                return self._new_fd(node)

        def release(self, path, fh):
            with self._mutex:
                self.fds.pop(fh, None)
                return 0

        def flush(self, path, fh):
            return 0

        def read(self, path, size, offset, fh):
            with self._mutex:
                n = self._node(path, fh)
                return bytes(n.data[offset:offset + size])

        def write(self, path, data, offset, fh):
            with self._mutex:
                self._writable()
                n = self._node(path, fh)
                end = offset + len(data)
                self._room(end - len(n.data))
                if len(n.data) < offset:
                    n.data.extend(b"\0" * (offset - len(n.data)))
                n.data[offset:end] = data
                n.pending.append(("w", offset, bytes(data)))
                n.mtime = time.time()
                self.counts["write"] += 1
                return len(data)

        def truncate(self, path, length, fh=None):
            with self._mutex:
                self._writable()
                n = self._node(path, fh)
                self._room(length - len(n.data))
                if length < len(n.data):
                    del n.data[length:]
                else:
                    n.data.extend(b"\0" * (length - len(n.data)))
                n.pending.append(("t", length))
                n.mtime = time.time()
                return 0

        def fallocate(self, path, mode, offset, size, fh):
            with self._mutex:
                self._writable()
                if mode != 0:
                    raise self._err(errno.EOPNOTSUPP)
                n = self._node(path, fh)
                end = offset + size
                if end > len(n.data):
                    self._room(end - len(n.data))
                    start = len(n.data)
                    n.data.extend(b"\0" * (end - start))
                    n.pending.append(("w", start, b"\0" * (end - start)))
                return 0

        def fsync(self, path, datasync, fh):
            with self._mutex:
                n = self._node(path, fh)
                n.durable = bytes(n.data)
                n.pending = []
                self._commit_names()
                self.counts["fsync"] += 1
                return 0

        def fsyncdir(self, path, datasync, fh):
            with self._mutex:
                self._commit_names()
                self.counts["fsync"] += 1
                return 0

        def unlink(self, path):
            with self._mutex:
                self._writable()
                parent, name = self._parent(path)
                n = parent.children.pop(name, None)
                if n is None:
                    raise self._err(errno.ENOENT)
                n.nlink -= 1
                return 0

        def rename(self, old, new):
            with self._mutex:
                self._writable()
                op, oname = self._parent(old)
                np_, nname = self._parent(new)
                n = op.children.get(oname)
                if n is None:
                    raise self._err(errno.ENOENT)
                target = np_.children.get(nname)
                if target is not None and target.is_dir and target.children:
                    raise self._err(errno.ENOTEMPTY)
                if target is not None and target is not n:
                    target.nlink -= 1
                del op.children[oname]
                np_.children[nname] = n
                return 0

        def link(self, target, source):
            with self._mutex:
                self._writable()
                n = self._lookup(source)
                parent, name = self._parent(target)
                if name in parent.children:
                    raise self._err(errno.EEXIST)
                parent.children[name] = n
                n.nlink += 1
                return 0

        def chmod(self, path, mode):
            with self._mutex:
                self._writable()
                n = self._lookup(path)
                n.mode = (n.mode & ~0o7777) | (mode & 0o7777)
                return 0

        def chown(self, path, uid, gid):
            with self._mutex:
                self._writable()
                n = self._lookup(path)
                if uid != -1:
                    n.uid = uid
                if gid != -1:
                    n.gid = gid
                return 0

        def utimens(self, path, times=None):
            with self._mutex:
                n = self._lookup(path)
                n.mtime = (times[1] / 1e9) if times else time.time()
                return 0

    return Ops


def _serve(mountpoint: str, capacity: int) -> int:
    import mfusepy as fuse

    ops = _ops_class()(capacity)

    def control() -> None:
        for line in sys.stdin:
            words = line.split()
            if not words:
                continue
            with ops._mutex:
                cmd = words[0]
                if cmd == "cut":  # applied once the harness has unmounted us
                    ops.cut_armed = (words[1], int(words[2]))
                    reply = "armed"
                elif cmd == "ro":
                    ops.read_only = words[1] == "1"
                    reply = "ok"
                elif cmd == "capacity":
                    ops.capacity = int(words[1])
                    reply = "ok"
                elif cmd == "stats":
                    reply = (f"stats used={ops._used()} capacity={ops.capacity} "
                             + " ".join(f"{k}={v}" for k, v in ops.counts.items()))
                elif cmd == "stop":
                    ops.stopping = True
                    reply = "stopping"
                else:
                    reply = f"error unknown command {cmd}"
            print(reply, flush=True)
        ops.stopping = True  # the harness went away

    threading.Thread(target=control, daemon=True).start()
    while True:
        fuse.FUSE(ops, mountpoint, foreground=True, nothreads=True, hard_remove=True,
                  entry_timeout=0, attr_timeout=0, negative_timeout=0, fsname="faultfs")
        with ops._mutex:
            if ops.stopping:
                return 0
            if ops.cut_armed is not None:
                ops.apply_cut(*ops.cut_armed)
                ops.cut_armed = None


# ====================================================================== the harness side
class FaultFSError(Exception):
    pass


class FaultFS:
    """The daemon in a child process, mounted on ``mountpoint``."""

    def __init__(self, mountpoint: Path, *, capacity: int = 1 << 30,
                 timeout_s: float = 30.0) -> None:
        self.path = Path(mountpoint)
        self.capacity = capacity
        self.timeout_s = timeout_s
        self.proc: subprocess.Popen | None = None
        self._lines: queue.Queue[str] = queue.Queue()

    def start(self) -> FaultFS:
        self.path.mkdir(parents=True, exist_ok=True)
        repo = Path(__file__).resolve().parents[1]
        env = dict(os.environ, PYTHONPATH=str(repo))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.faultfs", str(self.path), "--capacity",
             str(self.capacity)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, env=env, cwd=repo)
        threading.Thread(target=self._read, daemon=True).start()
        self._expect("mounted")
        return self

    def _read(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line.strip())
        self._lines.put("")  # end of file: the daemon is gone

    def _expect(self, word: str) -> str:
        try:
            line = self._lines.get(timeout=self.timeout_s)
        except queue.Empty:
            raise FaultFSError(f"faultfs: no '{word}' within {self.timeout_s:.0f} s") from None
        if not line.startswith(word):
            raise FaultFSError(f"faultfs: expected '{word}', got {line!r}")
        return line

    def _command(self, line: str, answer: str) -> str:
        if self.proc is None or self.proc.poll() is not None:
            raise FaultFSError("faultfs daemon is not running")
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self._expect(answer)

    def _unmount(self) -> None:
        for args in (["fusermount3", "-u", str(self.path)],
                     ["fusermount3", "-u", "-z", str(self.path)]):
            if subprocess.run(args, capture_output=True).returncode == 0:
                return
        raise FaultFSError(f"cannot unmount {self.path}")

    def power_cut(self, mode: str = "lose", seed: int = 0) -> None:
        """Everything not durable is lost (or torn). Stop the writers first: a power cut
        stops them too, and the unmount needs their files closed."""
        if mode not in ("lose", "torn"):
            raise ValueError(mode)
        self._command(f"cut {mode} {seed}", "armed")
        self._unmount()
        self._expect("mounted")

    def set_read_only(self, on: bool) -> None:
        self._command(f"ro {int(on)}", "ok")

    def set_capacity(self, capacity: int) -> None:
        self._command(f"capacity {capacity}", "ok")

    def stats(self) -> dict[str, int]:
        line = self._command("stats", "stats")
        return {k: int(v) for k, v in (w.split("=") for w in line.split()[1:])}

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            if self.proc.poll() is None:
                self._command("stop", "stopping")
                self._unmount()
            self.proc.wait(self.timeout_s)
        except (FaultFSError, subprocess.TimeoutExpired, BrokenPipeError):
            self.proc.kill()
            subprocess.run(["fusermount3", "-u", "-z", str(self.path)], capture_output=True)
        finally:
            self.proc = None

    def __enter__(self) -> FaultFS:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":
    import argparse

    p = argparse.ArgumentParser(prog="faultfs")
    p.add_argument("mountpoint")
    p.add_argument("--capacity", type=int, default=1 << 30)
    a = p.parse_args()
    sys.exit(_serve(a.mountpoint, a.capacity))
