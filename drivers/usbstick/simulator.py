"""Mock mode for the USB port: a stick, made as a real vfat filesystem image, put in and
taken out by scenario actions.

``insert`` builds the image (``mkfs.vfat``, files copied in with ``mcopy``) and presents it
at the driver's ``dir:`` port: loop-mounted read-only where the kernel allows (root and
vfat), otherwise its files copied out of the image by mtools into the directory (what a
container without the vfat module can do). Either way the driver reads files that went
through a FAT filesystem. ``insert_files`` puts given files (tests: hostile ones) in.
``remove`` takes the stick out.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import ClassVar

from drivers.core.simulator import Link, OnConnect, OnData, Simulator, runtime_dir

log = logging.getLogger(__name__)

#: mtools in UTF-8 (Chinese file names as the citizen's PC wrote them, long names kept)
MTOOLS_ENV = {"MTOOLS_SKIP_CHECK": "1", "PATH": "/usr/bin:/bin:/usr/sbin:/sbin",
              "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}


class DirectoryLink(Link):
    """The port as a directory: the stick is present while ``<bay>/stick`` exists."""

    kind = "dir"

    def __init__(self, name: str, bay: Path) -> None:
        super().__init__(name)
        self.bay = bay

    @property
    def stick(self) -> Path:
        return self.bay / "stick"

    @property
    def port(self) -> str:
        return f"dir:{self.stick}"

    def plug(self, on_connect: OnConnect, on_data: OnData) -> None:
        self.bay.mkdir(parents=True, exist_ok=True)

    def unplug(self) -> None:
        pass

    def write(self, data: bytes) -> None:
        pass


def demo_files() -> dict[str, bytes]:
    """What the demo stick holds: two documents (a PDF of two pages, a photographed
    certificate), and files the kiosk must not offer."""
    import io

    import cv2

    from drivers.camera.doc_scenes import page_image

    def jpeg(doc: str) -> bytes:
        _, buf = cv2.imencode(".jpg", page_image(doc, 1240), [cv2.IMWRITE_JPEG_QUALITY, 85])
        return buf.tobytes()

    import img2pdf

    pdf = img2pdf.convert([jpeg("application"), jpeg("booklet")], nodate=True)
    out = io.BytesIO()
    out.write(jpeg("certificate"))
    return {"申请书.pdf": pdf, "营业执照.jpg": out.getvalue(),
            "setup.exe": b"MZ\x90\x00not for the kiosk", "autorun.inf": b"[autorun]\r\n"}


class UsbStickSimulator(Simulator):
    ACTIONS: ClassVar[dict[str, str]] = {
        "insert": "put the demo stick in (a vfat image with a PDF, a JPEG and files the kiosk "
                  "must not offer)",
        "remove": "take the stick out",
    }

    def __init__(self, name: str, *, bay: Path | None = None, size_mb: int = 16) -> None:
        super().__init__(name, transport="pty")
        self.link = DirectoryLink(name, bay or runtime_dir() / f"usb-{name}")
        self.size_mb = size_mb
        self.mounted = False  # the image loop-mounted (else copied out with mtools)
        self.how = ""  # "loop" | "mtools": how the last stick was presented
        self.image: Path | None = None

    def on_receive(self, data: bytes) -> None:  # nothing travels on this link
        pass

    def stop(self) -> None:
        self.remove()
        super().stop()

    # ------------------------------------------------------------ scenario
    def insert(self) -> None:
        self.insert_files(demo_files())

    def insert_files(self, files: dict[str, bytes], *, label: str = "KIOSKDEMO") -> None:
        """A stick whose vfat filesystem holds ``files`` (name → bytes; "a/b.pdf" makes
        folders)."""
        self.remove()
        work = Path(tempfile.mkdtemp(prefix="stick-", dir=self.link.bay))
        image = work / "stick.img"
        make_vfat(image, files, size_mb=self.size_mb, label=label)
        self.image = image
        # the stick appears at once, whole: made aside, then renamed (or linked, for a
        # loop mount) into place — never a half-copied stick the driver lists as empty
        staging = work / "files"
        self.how = "loop" if present(image, staging) == "loop" else "mtools"
        self.mounted = self.how == "loop"
        if self.mounted:
            self.link.stick.symlink_to(staging)
        else:
            os.rename(staging, self.link.stick)

    def remove(self) -> None:
        stick = self.link.stick
        if stick.is_symlink():
            stick.unlink()  # gone from the port first, then unmounted
        elif stick.exists():
            shutil.rmtree(stick, ignore_errors=True)
        if self.image is not None:
            staging = self.image.parent / "files"
            if _is_mount(staging):
                subprocess.run(["umount", "-l", str(staging)], capture_output=True, check=False)
            shutil.rmtree(self.image.parent, ignore_errors=True)
            self.image = None
        self.mounted = False


def make_vfat(image: Path, files: dict[str, bytes], *, size_mb: int = 16,
              label: str = "KIOSKDEMO") -> None:
    """A FAT filesystem image holding ``files`` (mkfs.vfat, then mtools' mmd/mcopy: no mount
    needed)."""
    with open(image, "wb") as f:
        f.truncate(size_mb * 1024 * 1024)
    subprocess.run(["mkfs.vfat", "-n", label[:11], str(image)], check=True,
                   capture_output=True)
    env = MTOOLS_ENV
    with tempfile.TemporaryDirectory() as tmp:
        made: set[str] = set()
        for name, data in files.items():
            parts = name.split("/")
            for i in range(1, len(parts)):
                folder = "/".join(parts[:i])
                if folder not in made:
                    subprocess.run(["mmd", "-i", str(image), f"::{folder}"], check=True,
                                   capture_output=True, env=env)
                    made.add(folder)
            src = Path(tmp) / f"f{len(made)}_{abs(hash(name))}"
            src.write_bytes(data)
            subprocess.run(["mcopy", "-i", str(image), str(src), f"::{name}"], check=True,
                           capture_output=True, env=env)


def present(image: Path, target: Path) -> str:
    """``image``'s files at ``target``: loop-mounted read-only when the kernel can, else
    copied out by mtools. Returns "loop" or the reason it could not mount."""
    target.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["mount", "-o", "loop,ro,nosuid,nodev,noexec", str(image),
                           str(target)], capture_output=True, text=True, check=False)
    if proc.returncode == 0:
        return "loop"
    reason = (proc.stderr.strip().splitlines() or ["mount failed"])[0]
    env = MTOOLS_ENV
    listing = subprocess.run(["mdir", "-b", "-i", str(image), "::"], capture_output=True,
                             text=True, env=env, check=False)
    if listing.stdout.strip():
        subprocess.run(["mcopy", "-s", "-n", "-i", str(image), "::*", str(target)],
                       check=True, capture_output=True, env=env)
    return reason


def _is_mount(path: Path) -> bool:
    try:
        return path.is_mount()
    except OSError:
        return False


def simulator_for_config(config, data_dir=None) -> UsbStickSimulator:
    return UsbStickSimulator(config.name)
