"""The USB stick port: notice a stick, mount it safely, list and re-render its files.

Where a stick is looked for (``port``):

- ``auto``: any USB mass-storage filesystem udev knows (pyudev: block devices with
  ``ID_BUS=usb`` and ``ID_FS_USAGE=filesystem``);
- a block device path (``/dev/disk/by-path/…-usb-0:1.2:1.0-scsi-0:0:0:0-part1``: the one
  front port of the kiosk);
- ``dir:PATH``: a directory standing in for the mounted stick, present while it exists (the
  simulator; a test rig whose kernel cannot mount vfat) — nothing is mounted then.

A stick found is mounted by ``mount(8)`` (we run as root on the kiosk) or by the configured
``mount_helper`` (``HELPER mount DEVICE DIR`` / ``HELPER umount DIR``) with
``ro,nosuid,nodev,noexec`` (and, for FAT/exFAT/NTFS, files owned by nobody, not executable),
then :class:`~drivers.kinds.usb_storage.StickInserted` is published. A stick pulled out
without eject is unmounted lazily and :class:`StickRemoved` published. The port is checked
on the worker's idle tick (``poll_interval``): a udev enumeration costs a few milliseconds.
"""
from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from drivers.core.errors import DeviceDisconnected, DeviceError
from drivers.core.status import DeviceInfo, DeviceState, DeviceStatus, Recovery
from drivers.kinds.usb_storage import (
    Imported,
    ImportedFile,
    Listing,
    StickInserted,
    StickRemoved,
    UsbStorage,
)
from drivers.usbstick.files import list_stick
from drivers.usbstick.render import read_file, render

log = logging.getLogger(__name__)

MOUNT_OPTIONS = "ro,nosuid,nodev,noexec,noatime"
#: FAT and friends have no owners or modes: give every file to nobody, read-only, no exec bit
FAT_OPTIONS = ",uid=65534,gid=65534,fmask=0333,dmask=0222"


class NoMedia(DeviceError):
    """An operation that needs the stick, with none in the port (or already ejected)."""

    code = "no_media"
    state = None
    recovery = Recovery.RETRY
    message_zh = "没有插入U盘"


class MountFailed(DeviceError):
    """The stick is there but could not be mounted (no filesystem we read, damaged)."""

    code = "mount_failed"
    state = None
    recovery = Recovery.RETRY
    message_zh = "U盘无法读取"


class UsbStick(UsbStorage):
    def __init__(self, name: str, port: str, options: Mapping[str, Any] | None = None,
                 **kwargs) -> None:
        super().__init__(name, port, options, **kwargs)
        o = self.options
        self.idle_interval = float(o.get("poll_interval", 0.5))
        self.max_file_bytes = int(o.get("max_file_bytes", 20_000_000))
        self.max_files = int(o.get("max_files", 200))
        self.max_entries = int(o.get("max_entries", 2000))
        self.max_pages = int(o.get("max_pages", 30))
        self.dpi = int(o.get("dpi", 150))
        self.render_timeout = float(o.get("render_timeout", 60.0))
        self.render_memory_mb = int(o.get("render_memory_mb", 768))
        self.mount_helper = str(o.get("mount_helper", "") or "")
        self.mount_dir = Path(o.get("mount_dir") or Path(tempfile.gettempdir()) /
                              f"kiosk-usb-{os.getuid()}" / name)
        self.device_path: str | None = None  # the block device mounted (None: dir: or none)
        self.root: Path | None = None  # the stick's files (mounted, or the dir: stand-in)
        self.ejected = False  # unmounted on request, still in the port
        self.label = ""
        self._listed: dict[str, Any] = {}

    # ---------------------------------------------------------------- life cycle
    def _open(self) -> None:
        if self.port.startswith("dir:"):
            backend = "directory"
        elif self.port == "auto" or self.port.startswith("/dev/"):
            try:
                import pyudev  # noqa: F401 - present: the port can be watched
            except ImportError as exc:
                raise DeviceDisconnected(f"{self.name}: pyudev is not installed ({exc})") \
                    from None
            backend = "udev"
        else:
            raise DeviceDisconnected(f"{self.name}: port must be auto, a /dev path or "
                                     f"dir:PATH, not {self.port!r}")
        self.info = DeviceInfo(model="USB mass-storage port", extra={"backend": backend},
                               capabilities={"files": "PDF, JPEG, PNG",
                                             "mount": MOUNT_OPTIONS})

    def _close(self) -> None:
        self._unmount(lazy=True)
        self.root = None

    def poll_status(self) -> DeviceStatus:
        present = self._present()
        if present is None and (self.root is not None or self.ejected):
            self._gone()  # pulled out (mounted), or taken after eject
        elif present is not None and self.root is None and not self.ejected:
            self._mount(present)
        stick = "present" if self.root is not None or (present and self.ejected) else "absent"
        return DeviceStatus(DeviceState.ONLINE, {"stick": stick},
                            f"stick {stick}" + (" (ejected)" if self.ejected and present
                                                else ""))

    # ---------------------------------------------------------------- contract
    def list_files(self) -> Listing:
        root = self._require_root()
        listing = list_stick(root, max_bytes=self.max_file_bytes, max_files=self.max_files,
                             max_entries=self.max_entries)
        self._listed = {f.name: f for f in listing.files}
        return listing

    def import_files(self, names: list[str], max_page_bytes: int | None = None) -> Imported:
        root = self._require_root()
        out = []
        for name in names:
            f = self._listed.get(name)
            if f is None:  # only what was offered: never a path the caller made up
                out.append(ImportedFile(name, problem="not_allowed", detail="not listed"))
                continue
            try:
                data = read_file(root / name, self.max_file_bytes)
            except ValueError:
                out.append(ImportedFile(name, problem="too_large"))
                continue
            except OSError as exc:  # a link swapped in (ELOOP), the stick pulled
                out.append(ImportedFile(name, problem="unreadable", detail=str(exc)))
                continue
            result = render(name, f.kind, data, dpi=self.dpi, max_page_bytes=max_page_bytes,
                            timeout=self.render_timeout,
                            memory=self.render_memory_mb * 1024 * 1024,
                            max_pages=self.max_pages)
            if result.problem:
                log.warning("%s: file refused (%s): %s", self.name, result.problem,
                            result.detail)
            out.append(result)
        return Imported(tuple(out))

    def eject(self) -> None:
        if self.root is None:
            return
        self._unmount(lazy=False)
        self.root = None
        self.ejected = True
        self._listed = {}
        self.set_status(supplies={"stick": "present"}, detail="stick ejected")

    # ---------------------------------------------------------------- internals
    def _require_root(self) -> Path:
        if self.root is None:
            raise NoMedia(f"{self.name}: no stick mounted")
        return self.root

    def _present(self) -> str | None:
        """What holds the stick now (a block device, or the dir: path), None: nothing."""
        if self.port.startswith("dir:"):
            path = self.port[4:]
            return path if os.path.isdir(path) else None
        if self.port.startswith("/dev/"):
            return self.port if os.path.exists(self.port) else None
        import pyudev

        ctx = pyudev.Context()
        for dev in ctx.list_devices(subsystem="block"):
            if dev.properties.get("ID_BUS") == "usb" and \
                    dev.properties.get("ID_FS_USAGE") == "filesystem" and dev.device_node:
                return dev.device_node
        return None

    def _mount(self, what: str) -> None:
        if self.port.startswith("dir:"):
            self.root, self.device_path, self.label = Path(what), None, ""
        else:
            target = self.mount_dir
            target.mkdir(parents=True, exist_ok=True, mode=0o700)
            fstype = _fstype(what)
            options = MOUNT_OPTIONS + (FAT_OPTIONS if fstype in ("vfat", "exfat", "ntfs",
                                                                  "ntfs3") else "")
            cmd = ([self.mount_helper, "mount", what, str(target)] if self.mount_helper else
                   ["mount", "-o", options, what, str(target)])
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False)
            if proc.returncode != 0:
                self.ejected = True  # do not retry a stick we cannot read every tick
                msg = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
                raise MountFailed(f"{self.name}: cannot mount {what}: {msg}")
            self.root, self.device_path = target, what
            self.label = _label(what)
        self.ejected = False
        log.info("%s: stick in (%s)", self.name, self.device_path or self.root)
        self.events.publish(StickInserted(self.name, self.label))

    def _gone(self) -> None:
        self._unmount(lazy=True)
        self.root = None
        self.ejected = False
        self._listed = {}
        log.info("%s: stick out", self.name)
        self.events.publish(StickRemoved(self.name))

    def _unmount(self, *, lazy: bool) -> None:
        if self.device_path is None:
            return
        target = str(self.mount_dir)
        cmd = ([self.mount_helper, "umount", target] if self.mount_helper else
               ["umount", *(["-l"] if lazy else []), target])
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False)
        if proc.returncode != 0:
            log.warning("%s: umount %s: %s", self.name, target, proc.stderr.strip())
        self.device_path = None


def _fstype(node: str) -> str:
    try:
        import pyudev

        dev = pyudev.Devices.from_device_file(pyudev.Context(), node)
        return dev.properties.get("ID_FS_TYPE", "") or ""
    except Exception:  # noqa: BLE001 - unknown: mount(8) probes it
        return ""


def _label(node: str) -> str:
    try:
        import pyudev

        dev = pyudev.Devices.from_device_file(pyudev.Context(), node)
        return dev.properties.get("ID_FS_LABEL", "") or ""
    except Exception:  # noqa: BLE001
        return ""
