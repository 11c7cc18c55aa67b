"""Kiosk settings: embedded defaults ← a TOML file (``--config``) ← environment overrides.

Keys later contracts rely on: ``[kiosk] id``, ``[kiosk] data_dir``, ``[central] url``.
Environment overrides are ``KIOSK__SECTION__KEY=value`` (e.g. ``KIOSK__CENTRAL__URL``);
a value is read as TOML when it parses (numbers, booleans, lists) and as a string otherwise.

Every problem is one line — file, key, what is wrong — raised as :class:`ConfigError`.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from datetime import date, time as dtime
from pathlib import Path
from typing import Any

from drivers.core.errors import ConfigError
from kiosk.appliance.settings import ApplianceSection
from kiosk.portrait.rules import PortraitRules

ENV_PREFIX = "KIOSK__"
DEFAULTS_DIR = Path(__file__).parent / "defaults"
EMBEDDED_DEVICES = DEFAULTS_DIR / "devices.toml"


def _default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return str(Path(base) / "kiosk")


@dataclass
class KioskSection:
    id: str = "KSK-DEMO-01"
    hall_name: str = "市政务服务中心"
    hall_name_en: str = "City Government Service Center"
    #: "demo" (windowed, mocks allowed) or "production" (full screen, mocks only with --mock)
    mode: str = "demo"
    data_dir: str = field(default_factory=_default_data_dir)
    #: devices.toml to use; "" = the embedded demo devices. Relative to the config file.
    devices: str = ""
    language: str = "zh_CN"
    idle_timeout_s: int = 90
    idle_countdown_s: int = 20
    #: prefix of tickets issued while the queue server is unreachable ("K01" → K01-C023);
    #: "" = derived from the id's last segment. Must differ between the kiosks of a hall.
    offline_prefix: str = ""
    #: below this much free space in data_dir new submissions are refused
    disk_reserve_mb: int = 200
    log_level: str = "INFO"
    #: a second copy of the outbox key (kiosk.sync.opening says why); "" = data_dir/keys-backup.
    #: Best on another partition, e.g. /var/lib/kiosk-keys. Relative to the config file.
    key_backup_dir: str = ""
    #: the floor this kiosk stands on ("you are here" on the hall guide's map)
    floor: int = 1
    #: the number the staff-call panel gives when nobody is on the floor (after hours)
    hotline: str = "12345"
    #: a finished journey's result stays this long, then the kiosk returns home by itself
    result_timeout_s: int = 30


@dataclass
class CentralSection:
    url: str = "http://127.0.0.1:8780"
    #: start the reference central server in-process when url is on 127.0.0.1 (demo)
    embedded_server: bool = True
    ca_file: str = ""
    client_cert: str = ""
    client_key: str = ""
    token_file: str = ""
    connect_timeout_s: float = 3.0
    read_timeout_s: float = 10.0
    #: seconds between heartbeats (device health, supplies, backlog) through the outbox; a
    #: state change is reported sooner
    heartbeat_interval_s: float = 60.0


@dataclass
class StaffSection:
    #: scrypt hash of the staff PIN (`kiosk staff hash-pin`); "" = no staff mode (demo
    #: kiosks then take the demo PIN, and say so)
    pin_hash: str = ""
    lockout_after: int = 5  # wrong PINs in a row before the pad locks
    lockout_s: int = 300


@dataclass
class OfficeHoursSection:
    #: ISO weekdays the hall is open (1 = Monday)
    weekdays: list = field(default_factory=lambda: [1, 2, 3, 4, 5])
    sessions: list = field(default_factory=lambda: ["09:00-12:00", "13:00-17:00"])
    #: closed days (YYYY-MM-DD) and extra working days (调休 make-up days)
    holidays: list = field(default_factory=list)
    workdays: list = field(default_factory=list)


#: [portrait]: the ID photo rules and live checks (kiosk.portrait.rules, GA 461 defaults)
PortraitSection = PortraitRules

SECTIONS: dict[str, type] = {
    "kiosk": KioskSection,
    "central": CentralSection,
    "office_hours": OfficeHoursSection,
    "staff": StaffSection,
    "portrait": PortraitSection,
    "appliance": ApplianceSection,  # 24-hour appliance: lit hours, maintenance, watchdog
}


@dataclass
class Settings:
    kiosk: KioskSection = field(default_factory=KioskSection)
    central: CentralSection = field(default_factory=CentralSection)
    office_hours: OfficeHoursSection = field(default_factory=OfficeHoursSection)
    staff: StaffSection = field(default_factory=StaffSection)
    portrait: PortraitSection = field(default_factory=PortraitSection)
    appliance: ApplianceSection = field(default_factory=ApplianceSection)
    source: str = "<embedded defaults>"
    base_dir: Path = field(default_factory=Path.cwd)

    @property
    def data_dir(self) -> Path:
        # a relative data_dir is relative to the config file, not to wherever the kiosk
        # happened to be started from
        p = Path(os.path.expanduser(self.kiosk.data_dir))
        return p if p.is_absolute() else self.base_dir / p

    @property
    def key_backup_dir(self) -> Path | None:
        if not self.kiosk.key_backup_dir:
            return None
        p = Path(os.path.expanduser(self.kiosk.key_backup_dir))
        return p if p.is_absolute() else self.base_dir / p

    @property
    def devices_path(self) -> Path:
        if not self.kiosk.devices:
            return EMBEDDED_DEVICES
        p = Path(os.path.expanduser(self.kiosk.devices))
        return p if p.is_absolute() else self.base_dir / p

    @property
    def production(self) -> bool:
        return self.kiosk.mode == "production"


_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true/false",
               list: "a list"}


def _coerce(source: str, key: str, value: Any, default: Any) -> Any:
    expected = type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, bool) != (expected is bool) or not isinstance(value, expected):
        raise ConfigError(source, key, f"expected {_TYPE_NAMES.get(expected, expected.__name__)}, "
                                       f"got {value!r}")
    return value


def _apply(settings: Settings, data: dict, source: str) -> None:
    for section_name, table in data.items():
        cls = SECTIONS.get(section_name)
        if cls is None:
            raise ConfigError(source, f"[{section_name}]",
                              f"unknown section (known: {', '.join(SECTIONS)})")
        if not isinstance(table, dict):
            raise ConfigError(source, section_name, "expected a table")
        section = getattr(settings, section_name)
        known = {f.name for f in fields(cls)}
        for key, value in table.items():
            if key not in known:
                raise ConfigError(source, f"[{section_name}] {key}",
                                  f"unknown key (known: {', '.join(sorted(known))})")
            value = _coerce(source, f"[{section_name}] {key}", value, getattr(section, key))
            setattr(section, key, value)


def _env_overrides(environ: dict[str, str]) -> dict:
    data: dict[str, dict] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        parts = name[len(ENV_PREFIX):].lower().split("__")
        if len(parts) != 2:
            raise ConfigError(f"environment {name}", "", "expected KIOSK__SECTION__KEY")
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw
        data.setdefault(parts[0], {})[parts[1]] = value
    return data


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _validate_data_dir(s: Settings) -> None:
    """data_dir must be a directory this user can write, or a path where one can be made.
    (A read-only *filesystem* is not a configuration error: the kiosk runs with its outbox
    out of service and says "storage read-only".)"""
    src, key = s.source, "[kiosk] data_dir"
    if not s.kiosk.data_dir.strip():
        raise ConfigError(src, key, "must not be empty")
    path = s.data_dir
    probe = path
    while not probe.exists():
        if probe.is_symlink():
            raise ConfigError(src, key, f"{path}: {probe} is a dangling symbolic link")
        if probe == probe.parent:
            break
        probe = probe.parent
    if not probe.is_dir():
        what = "is a file" if probe == path else f"cannot be created: {probe} is a file"
        raise ConfigError(src, key, f"{path} {what}, not a directory")
    if not os.access(probe, os.W_OK | os.X_OK):
        import errno
        import tempfile

        try:  # why not: a read-only filesystem (EROFS) is the storage's fault, not the file's
            tempfile.TemporaryFile(dir=probe).close()
            read_only_fs = False
        except OSError as exc:
            read_only_fs = exc.errno == errno.EROFS
        if not read_only_fs:
            what = "is not writable" if probe == path else f"cannot be created in {probe}"
            raise ConfigError(src, key, f"{path} {what} by this user (permission denied)")


def _validate(s: Settings) -> None:
    src = s.source
    for key, problem in s.portrait.problems():
        raise ConfigError(src, f"[portrait] {key}", problem)
    for key, problem in s.appliance.problems():
        raise ConfigError(src, f"[appliance] {key}", problem)
    if str(s.kiosk.log_level).upper() not in LOG_LEVELS:
        raise ConfigError(src, "[kiosk] log_level",
                          f"must be one of {', '.join(LOG_LEVELS)}, got {s.kiosk.log_level!r}")
    for section, key in (("central", "connect_timeout_s"), ("central", "read_timeout_s"),
                         ("central", "heartbeat_interval_s"), ("kiosk", "idle_timeout_s"),
                         ("kiosk", "idle_countdown_s"), ("kiosk", "result_timeout_s")):
        value = getattr(getattr(s, section), key, None)
        if value is not None and not (value > 0 and value != float("inf")):
            raise ConfigError(src, f"[{section}] {key}", f"must be a positive number of seconds, "
                                                        f"got {value!r}")
    if s.kiosk.disk_reserve_mb < 0:
        raise ConfigError(src, "[kiosk] disk_reserve_mb",
                          f"must be 0 or more, got {s.kiosk.disk_reserve_mb!r}")
    _validate_data_dir(s)
    if s.kiosk.mode not in ("demo", "production"):
        raise ConfigError(src, "[kiosk] mode", f"must be 'demo' or 'production', got {s.kiosk.mode!r}")
    if not s.kiosk.id.strip():
        raise ConfigError(src, "[kiosk] id", "must not be empty")
    if not s.central.url.startswith(("http://", "https://")):
        raise ConfigError(src, "[central] url", f"must start with http:// or https://, got {s.central.url!r}")
    from urllib.parse import urlsplit

    try:
        host, _port = urlsplit(s.central.url).hostname, urlsplit(s.central.url).port
    except ValueError as exc:
        raise ConfigError(src, "[central] url", f"{s.central.url!r}: {exc}") from None
    if not host:
        raise ConfigError(src, "[central] url", f"names no host: {s.central.url!r}")
    if s.kiosk.offline_prefix and not re.fullmatch(r"[A-Z0-9]{1,6}", s.kiosk.offline_prefix):
        raise ConfigError(src, "[kiosk] offline_prefix",
                          f"1–6 capital letters or digits, got {s.kiosk.offline_prefix!r}")
    if s.kiosk.language not in ("zh_CN", "en"):
        raise ConfigError(src, "[kiosk] language", "must be 'zh_CN' or 'en'")
    if s.staff.pin_hash:
        from kiosk.flows.staff import check_pin_hash

        try:
            check_pin_hash(s.staff.pin_hash)
        except ValueError as exc:
            raise ConfigError(src, "[staff] pin_hash", str(exc)) from None
    if not 5 <= s.central.heartbeat_interval_s <= 3600:
        raise ConfigError(src, "[central] heartbeat_interval_s", "must be 5 to 3600 seconds")
    if s.staff.lockout_after < 1 or s.staff.lockout_s < 1:
        raise ConfigError(src, "[staff] lockout_after/lockout_s", "must be at least 1")
    for i, day in enumerate(s.office_hours.weekdays):
        if not isinstance(day, int) or not 1 <= day <= 7:
            raise ConfigError(src, f"[office_hours] weekdays[{i}]", f"must be 1..7, got {day!r}")
    for i, spec in enumerate(s.office_hours.sessions):
        try:
            parse_session(spec)
        except ValueError as exc:
            raise ConfigError(src, f"[office_hours] sessions[{i}]", str(exc)) from None
    for key in ("holidays", "workdays"):
        for i, day in enumerate(getattr(s.office_hours, key)):
            if isinstance(day, date):
                continue
            try:
                date.fromisoformat(str(day))
            except ValueError:
                raise ConfigError(src, f"[office_hours] {key}[{i}]",
                                  f"not a date YYYY-MM-DD: {day!r}") from None


def parse_session(spec: str) -> tuple[dtime, dtime]:
    """``"09:00-12:00"`` → (09:00, 12:00)."""
    try:
        start, end = (dtime.fromisoformat(p.strip()) for p in str(spec).split("-"))
    except ValueError:
        raise ValueError(f"expected HH:MM-HH:MM, got {spec!r}") from None
    if end <= start:
        raise ValueError(f"ends before it starts: {spec!r}")
    return start, end


def load_settings(path: str | Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    settings = Settings()
    if path is not None:
        path = Path(path)
        settings.source = str(path)
        settings.base_dir = path.resolve().parent
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(str(path), "", f"cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            line = path.read_bytes()[:exc.start].count(b"\n") + 1
            raise ConfigError(str(path), f"line {line}",
                              f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save the "
                              "file as UTF-8") from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(str(path), "", f"TOML syntax error: {exc}") from None
        _apply(settings, data, str(path))
    env = _env_overrides(dict(os.environ if environ is None else environ))
    if env:
        _apply(settings, env, "environment (KIOSK__…)")
    _validate(settings)
    return settings
