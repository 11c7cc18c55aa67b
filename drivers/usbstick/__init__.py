"""The USB stick port (U盘): materials brought as files. See :mod:`drivers.usbstick.device`
(detect, mount read-only, list), :mod:`.files` (what may be offered), :mod:`.render`
(re-rendering in a limited child process) and :mod:`.simulator` (a vfat image stick)."""
from __future__ import annotations

from drivers.core.registry import DriverSpec, Option


def _device_class(*args, **kwargs):
    from drivers.usbstick.device import UsbStick

    return UsbStick(*args, **kwargs)


def _simulator_factory(config, data_dir=None):
    from drivers.usbstick.simulator import simulator_for_config

    return simulator_for_config(config, data_dir)


def _check_port(port: str) -> None:
    if not (port == "auto" or port.startswith(("/dev/", "dir:"))):
        raise ValueError(f"expected auto, a /dev path or dir:PATH, got {port!r}")


SPEC = DriverSpec(
    name="usb_stick",
    kind="usb_storage",
    description="USB stick port: mounted read-only/noexec/nosuid/nodev, PDF/JPEG/PNG only, "
                "files re-rendered in a limited child process",
    device_class=_device_class,
    simulator_factory=_simulator_factory,
    options={
        "poll_interval": Option(float, 0.5, "seconds between looks at the port"),
        "max_file_bytes": Option(int, 20_000_000, "larger files are not offered"),
        "max_files": Option(int, 200, "files offered at most"),
        "max_entries": Option(int, 2000, "directory entries looked at, at most (a stick "
                              "with more is listed in part, with a note)"),
        "max_pages": Option(int, 30, "a PDF with more pages is refused"),
        "dpi": Option(int, 150, "PDF pages are rasterised at this resolution"),
        "render_timeout": Option(float, 60.0, "seconds one file may take to re-render"),
        "render_memory_mb": Option(int, 768, "address space of the re-rendering child"),
        "mount_helper": Option(str, "", "a command run as HELPER mount DEV DIR / HELPER "
                               "umount DIR instead of mount(8) (a kiosk not running as root)"),
        "mount_dir": Option(str, "", "where the stick is mounted (default: a directory "
                            "under the temp dir)"),
    },
    port_help="auto (any USB stick udev sees), /dev/disk/by-path/…-part1 (one port), or "
              "dir:PATH (a directory standing in for the mounted stick)",
    default_timeout=90.0,
    check_port=_check_port,
)
