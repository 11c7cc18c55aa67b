"""The Debian package built, and lintian run on it, in the background from the start of a
test session that tests it (tests/conftest.py starts it when tests/test_package_deb.py is
collected): about three minutes of one core — gzip of ~900 MB, then lintian — that the rest
of the suite, on the other core, need not wait for. tests/test_package_deb.py takes the
results; run alone, it starts the same work and waits for it."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str


class Background:
    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._procs: list[subprocess.Popen] = []
        self._stopping = False
        self.build: Finished | None = None
        self.lintian: Finished | None = None  # None: not run (no package, or no lintian)

    def start(self, missing_tools) -> None:
        """Begin unless begun; ``missing_tools()``: why the package cannot be built here."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, args=(missing_tools,),
                                                name="deb-build", daemon=True)
                self._thread.start()

    def wait(self, missing_tools) -> Background:
        self.start(missing_tools)
        self._thread.join()
        return self

    def stop(self) -> None:
        """The session ends: nothing of it outlives the tests."""
        self._stopping = True
        for p in self._procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:
                    p.kill()

    def _cmd(self, args: list[str]) -> Finished:
        # output to files, not pipes: nobody reads a pipe while the work runs
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            p = subprocess.Popen(args, cwd=REPO, stdout=out, stderr=err, text=True)
            self._procs.append(p)
            code = p.wait()
            out.seek(0)
            err.seek(0)
            return Finished(code, out.read(), err.read())

    def _run(self, missing_tools) -> None:
        try:
            self._work(missing_tools)
        except Exception as exc:  # noqa: BLE001 - handed to the tests that wait for it
            self.build = self.build or Finished(1, "", f"the build could not run: {exc!r}")

    def _work(self, missing_tools) -> None:
        why = missing_tools()
        if why:
            self.build = Finished(-1, "", why)
            return
        self.build = self._cmd(["bash", "packaging/build-deb.sh"])
        path = self.path
        if path is not None and shutil.which("lintian") and not self._stopping:
            self.lintian = self._cmd(["lintian", "--tag-display-limit", "0", str(path)])

    @property
    def path(self) -> Path | None:
        """The built package, if the build succeeded."""
        if self.build is None or self.build.returncode != 0 or not self.build.stdout.strip():
            return None
        path = REPO / self.build.stdout.strip().splitlines()[-1]
        return path if path.is_file() else None


BUILD = Background()
