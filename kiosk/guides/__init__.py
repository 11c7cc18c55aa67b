"""Service guides (办事指南): the index citizens search and browse (Qt-free).

The guides document comes from the central server (``GET /v1/guides``, kiosk/sync/guides.py);
:class:`GuideIndex` precomputes what a query needs so searching as the citizen types stays
within a few milliseconds for the hall's ~700 items.
"""
from kiosk.guides.index import GuideIndex, Hit

__all__ = ["GuideIndex", "Hit"]
