"""A USB port for the citizen's stick (U盘): materials brought as files.

The stick is the citizen's and untrusted: the driver mounts it read-only, noexec, nosuid,
nodev, lists only PDF/JPEG/PNG files under the limits, and hands the kiosk *pictures it made
itself* from them (PDF pages rasterised, images decoded and re-encoded, each in a child
process with time and memory limits) — never a file from the stick as it was.

Events: :class:`StickInserted` (mounted, ready to list) and :class:`StickRemoved` (gone,
whether it was ejected first or pulled out). Axis ``stick``: present / absent (never
blocking: an empty port is the normal state).
"""
from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field

from drivers.core.events import DeviceEvent
from drivers.kinds.base import Axis, KindContract


@dataclass(frozen=True)
class StickInserted(DeviceEvent):
    label: str = ""  # the filesystem's label (shown to the citizen: "your stick KINGSTON")


@dataclass(frozen=True)
class StickRemoved(DeviceEvent):
    pass


@dataclass(frozen=True)
class StickFile:
    """A file the kiosk may offer: ``name`` relative to the stick's root, ``kind`` pdf |
    jpeg | png (by its first bytes, not its name)."""

    name: str
    size: int
    kind: str


@dataclass(frozen=True)
class Listing:
    files: tuple[StickFile, ...]
    #: files left out, as (name or "", problem code): too_large, not_allowed, symlink …;
    #: ("", "too_many_files") when the stick has more entries than the kiosk looks at
    skipped: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ImportedFile:
    """One file re-rendered: its pages as JPEGs the kiosk made (``pages``), or ``problem``
    (a code: damaged, pdf_script, too_many_pages, picture_too_large, timeout, …) and no
    pages."""

    name: str
    pages: tuple[bytes, ...] = ()
    dpi: tuple[int, ...] = ()
    problem: str | None = None
    detail: str = ""  # one line for the log (never shown to the citizen)


@dataclass(frozen=True)
class Imported:
    files: tuple[ImportedFile, ...] = field(default_factory=tuple)


class UsbStorage(KindContract):
    kind = "usb_storage"
    OPERATIONS = ("list_files", "import_files", "eject")
    AXES = (Axis("stick"),)
    EVENTS = (StickInserted, StickRemoved)

    @abstractmethod
    def list_files(self) -> Listing:
        """The PDF/JPEG/PNG files on the stick within the limits (NoMedia: no stick)."""

    @abstractmethod
    def import_files(self, names: list[str], max_page_bytes: int | None = None) -> Imported:
        """Re-render the named files (from the last listing only) into page pictures."""

    @abstractmethod
    def eject(self) -> None:
        """Unmount (safe to pull out); the StickRemoved event follows when it is taken."""
