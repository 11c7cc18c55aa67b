"""Service guides (办事指南): the index citizens search and browse (Qt-free).

The guides document comes from the central server (``GET /v1/guides``, kiosk/sync/guides.py);
:class:`GuideIndex` precomputes what a query needs so searching as the citizen types stays
within a few milliseconds for the hall's ~700 items.

``GuideIndex`` and ``Hit`` are imported on first use: the index brings pypinyin, whose
dictionaries take ~0.25 s to load — not on the way to the kiosk's first frame (the service
guides' screens import :mod:`kiosk.guides.checklist` from this package).
"""
from __future__ import annotations

__all__ = ["GuideIndex", "Hit"]


def __getattr__(name: str):
    if name in __all__:
        from kiosk.guides import index

        return getattr(index, name)
    raise AttributeError(f"module 'kiosk.guides' has no attribute {name!r}")
