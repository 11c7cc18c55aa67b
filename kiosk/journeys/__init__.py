"""Citizen journeys as plug-ins: one package each, found through one registry.

A journey is a package ``kiosk/journeys/<name>/`` whose ``__init__.py`` defines
``JOURNEY = JourneySpec(...)`` (:mod:`kiosk.journeys.base`): its tile, the device kinds and
central capabilities it needs, its 24-hour flag, and where its steps (Qt-free) and screens
(Qt) are. Adding one is adding its package and one line in :data:`BUILTIN` — or, from
another distribution, an entry point in the ``kiosk.journeys`` group naming the module.
"""
from __future__ import annotations

import importlib
import logging
from importlib.metadata import entry_points

from kiosk.journeys.base import Journey, JourneySpec, Tile

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "kiosk.journeys"

#: the kiosk's own journeys, one module each (its JOURNEY is the spec)
BUILTIN: tuple[str, ...] = (
    "kiosk.journeys.ticket",
    "kiosk.journeys.reissue",
    "kiosk.journeys.guide",
    "kiosk.journeys.services",  # 办事指南: search, browse, checklist, take a number
    "kiosk.journeys.ssc",  # 社保卡补换卡
    "kiosk.journeys.ssc_query",  # 社保卡查询
    "kiosk.journeys.scan",  # 扫码: appointment check-in, e-certificate verification
    "kiosk.journeys.portrait",  # 证件照
    "kiosk.journeys.police",  # 公安自助: 临时身份证明, 无犯罪记录证明, 居住证明
    "kiosk.journeys.traffic_fines",  # 交通违法缴款 (identity check + QR payment)
    "kiosk.journeys.diagnostics",  # staff: 维护模式, behind the PIN
    "kiosk.journeys.lockers.dropoff",  # 投递材料 (24-hour locker)
    "kiosk.journeys.lockers.pickup",  # 自助取件 (24-hour locker)
    "kiosk.journeys.lockers.staff",  # staff: 文件柜管理, behind the PIN
    "kiosk.journeys.cases",  # 在线申报: apply with materials (scan, USB, to the window)
    "kiosk.journeys.case_progress",  # 审批进度查询
    "kiosk.journeys.payments",  # 便民缴费: fees and fines by QR code
    "kiosk.journeys.certificates",  # 自助打印: certificates on the A4 printer
)


class JourneyError(Exception):
    """A journey module that cannot be loaded: one line naming it and why."""


def spec_of(module_name: str) -> JourneySpec:
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # noqa: BLE001 - a broken plug-in: one line, not a traceback
        raise JourneyError(f"journey {module_name}: cannot import: {exc}") from exc
    spec = getattr(module, "JOURNEY", None)
    if not isinstance(spec, JourneySpec):
        raise JourneyError(f"journey {module_name}: no JOURNEY = JourneySpec(...) in it")
    return spec


def load_journeys(extra: tuple[str, ...] = (), *, entry_points_too: bool = True
                  ) -> list[JourneySpec]:
    """Every registered journey's spec: built-in, then ``extra`` modules, then entry points.
    Two journeys with one name is an error (JourneyError)."""
    modules = list(BUILTIN) + list(extra)
    if entry_points_too:
        modules += [ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)]
    specs: dict[str, JourneySpec] = {}
    for name in modules:
        spec = spec_of(name)
        if spec.name in specs:
            if specs[spec.name] is spec:
                continue
            raise JourneyError(f"journey {name}: name {spec.name!r} is already registered")
        specs[spec.name] = spec
    return list(specs.values())


__all__ = ["BUILTIN", "Journey", "JourneyError", "JourneySpec", "Tile", "load_journeys"]
