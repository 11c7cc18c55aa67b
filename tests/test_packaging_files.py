"""The package's files that need no build to check: the udev rules parse and give every port
the packaged devices.toml names, that devices.toml is valid, the maintainer scripts are
POSIX shell."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from drivers.config import load_devices

REPO = Path(__file__).resolve().parents[1]
RULES = REPO / "packaging" / "99-kiosk-devices.rules"
#: udev's match and assignment keys this file may use
KEYS = {"SUBSYSTEM", "ACTION", "KERNEL", "ATTR", "ATTRS", "ENV", "SYMLINK", "MODE", "GROUP",
        "TAG", "RUN"}
ITEM = re.compile(r'([A-Z]+)(\{[^}]+\})?(==|!=|\+=|=|:=)"([^"]*)"')


def rules() -> list[list[tuple[str, str, str, str]]]:
    out = []
    for n, line in enumerate(RULES.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        items = [i.strip() for i in line.split(", ")]
        parsed = [ITEM.fullmatch(i) for i in items]
        assert all(parsed), f"line {n}: {line}"
        out.append([m.groups() for m in parsed])
    return out


def test_udev_rules_parse_and_name_every_packaged_port():
    links = set()
    for rule in rules():
        assert {key for key, *_ in rule} <= KEYS, rule
        assert any(op == "==" for _, _, op, _ in rule), "a rule that matches everything"
        links |= {value for key, _, op, value in rule if key == "SYMLINK"}
    devices = load_devices(REPO / "packaging" / "deb" / "devices.toml")
    assert devices
    for d in devices:
        assert d.port.startswith("/dev/kiosk/") and d.port.removeprefix("/dev/") in links, d


def test_maintainer_scripts_are_posix_shell():
    shell = shutil.which("dash") or shutil.which("sh")
    if shell is None:
        pytest.skip("no POSIX shell to parse the scripts with")
    for name in ("postinst", "prerm", "postrm", "record-exit"):
        r = subprocess.run([shell, "-n", str(REPO / "packaging" / "deb" / name)],
                           capture_output=True, text=True)
        assert r.returncode == 0, f"{name}: {r.stderr}"
