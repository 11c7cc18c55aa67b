"""What a command needs from the global options: settings, logging, the device manager."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from drivers.config import DeviceConfig, load_devices
from drivers.manager import DeviceManager
from kiosk.config import Settings, load_settings
from kiosk.logs import setup_logging


def settings_from_args(args: argparse.Namespace, *, log_to_file: bool = False) -> Settings:
    settings = load_settings(args.config)
    level = "DEBUG" if getattr(args, "verbose", False) else settings.kiosk.log_level
    setup_logging(level, settings.data_dir / "logs" if log_to_file else None)
    return settings


def device_configs(args: argparse.Namespace, settings: Settings) -> tuple[list[DeviceConfig], str]:
    path = Path(args.devices) if getattr(args, "devices", None) else settings.devices_path
    return load_devices(path), str(path)


def device_manager(args: argparse.Namespace, settings: Settings, **kw) -> DeviceManager:
    configs, source = device_configs(args, settings)
    return DeviceManager(
        configs,
        data_dir=settings.data_dir,
        force_mock=bool(getattr(args, "mock", False)),
        production=settings.production,
        source=source,
        **kw,
    )


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_table(rows: list[dict], columns: list[tuple[str, str]]) -> None:
    """A plain aligned table; wide (CJK) characters count as two columns."""
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    cells = [[str(r.get(key, "")) for key, _ in columns] for r in rows]
    headers = [title for _, title in columns]
    widths = [max([width(h)] + [width(c[i]) for c in cells]) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths)).rstrip()

    print(line(headers))
    print(line(["-" * w for w in widths]))
    for c in cells:
        print(line(c))
