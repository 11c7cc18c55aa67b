"""In-memory 在线申报 and 审批进度 behind ``central.cases`` for tests and screenshots (never
imported by production code): the demo catalogue's items with their materials, cases kept
here with their stages, a citizen's cases by ID number."""
from __future__ import annotations

import itertools
import threading

from kiosk.demo.camera import DemoCases
from kiosk.services import ServiceUnavailable


class CaseNotFound(ServiceUnavailable):
    retry = False

    def __init__(self) -> None:
        super().__init__("No case was found with this number.", "没有找到该办件")


class DemoCaseDesk(DemoCases):
    """DemoCases (the portrait journey's) plus the application journey's operations."""

    def __init__(self) -> None:
        super().__init__()
        self.applied: dict[str, dict] = {}  # case number → the case as the server sees it
        self.materials: dict[str, list[dict]] = {}  # what was handed in (bytes), by case
        self._numbers = itertools.count(1)
        self._desk_lock = threading.Lock()

    def items(self) -> list[dict]:
        from kiosk.sync.cases import apply_item
        from kiosk.sync.catalogue import demo_catalogue

        return [apply_item(i) for i in demo_catalogue()["items"]]

    def apply(self, item_code: str, applicant: dict, form: dict, materials: list[dict], *,
              missing: list[str] = (), delivery: dict | None = None) -> dict:
        item = next((i for i in self.items() if i["code"] == item_code), None)
        if item is None:
            raise ServiceUnavailable("This service item is not offered at this kiosk.",
                                     "没有该办理事项")
        with self._desk_lock:
            case_id = f"2025031800{next(self._numbers):02d}"
            at = "2025-03-18T10:24:00+08:00"
            self.materials[case_id] = [dict(m) for m in materials]
            self.applied[case_id] = {
                "case_id": case_id, "item_code": item_code, "item_name": item["name"],
                "item_name_en": item["name_en"], "status": "accepted", "submitted_at": at,
                "attachments": len(materials), "missing": list(missing),
                "delivery": (delivery or {}).get("method", "pickup"), "collect": None,
                "id_number": applicant.get("id_number", ""),
                "events": [{"at": at, "status": "received", "note": "已收件 / received"},
                           {"at": at, "status": "accepted", "note": "已受理 / accepted"}]}
        return {"case_id": case_id, "submitted_at": at, "attachments": len(materials),
                "track_url": f"http://127.0.0.1:8780/p/{case_id}"}

    def advance(self, case_id: str, stage: str, *, at: str = "2025-03-20T15:00:00+08:00",
                missing: list[str] | None = None, where: str = "", when: str = "") -> None:
        """The back office moves a demo case (tests, screenshots)."""
        c = self.applied[case_id]
        c["status"] = stage
        if missing is not None:
            c["missing"] = list(missing)
        elif stage in ("approved", "ready_for_collection", "delivered"):
            c["missing"] = []  # (as the reference server: supplied, or not approved)
        if stage == "ready_for_collection":
            # (bilingual as the reference server says them: "中文 / English")
            c["collect"] = {"where": where or "1楼 公积金及税务业务 A19–A22 出件窗口 / floor 1, "
                                              "windows A19–A22",
                            "when": when or "工作日 9:00–12:00、13:00–17:00 / weekdays "
                                            "9:00–12:00, 13:00–17:00"}
        c["events"].append({"at": at, "status": stage, "note": stage})

    def track(self, case_id: str) -> dict:
        c = self.applied.get(case_id)
        if c is None:
            raise CaseNotFound()
        item = next((i for i in self.items() if i["code"] == c["item_code"]), {})
        en = {m["name"]: m["name_en"] for m in item.get("materials", [])}
        return {**{k: v for k, v in c.items() if k != "id_number"},
                "missing_en": [en.get(m) or m for m in c["missing"]]}

    def mine(self, id_number: str) -> list[dict]:
        return [self.track(c["case_id"]) for c in reversed(list(self.applied.values()))
                if c["id_number"] == id_number]
