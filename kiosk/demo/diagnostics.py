"""What the kiosk's technician services (kiosk.admin) answer on a demo kiosk, as fixed data:
the diagnostics mode's scenes and state-machine tests are driven with it. Shaped exactly
like :class:`kiosk.admin.Admin`'s answers (tests/test_admin.py holds the real ones to the
same keys). Fictitious devices; no citizen data anywhere."""
from __future__ import annotations

import copy


def _printer() -> dict:
    return {
        "name": "printer", "kind": "printer", "driver": "escpos", "port": "/run/kiosk-sim/printer",
        "mock": True, "connected": True, "lifecycle": "enabled", "state": "online",
        "axes": {"paper": "near_end"}, "detail": "online, paper near end",
        "info": {"model": "KIOSK-SIM VP-80", "firmware": "1.08 SIM",
                 "serial_number": "SIM0000001"},
        "extra": {"paper_width_mm": "80", "chinese": "native", "transport": "SerialTransport"},
        "capabilities": {"identify": "GS I", "status": "DLE EOT", "processed": "GS r",
                         "confirm": "GS r", "confirm_source": "probed"},
        "counters": {"operations": 1284, "failures": 3, "last_seen": "2025-03-18T10:23:58",
                     "by_operation": {"status": 1100, "print_bytes": 184}},
        "errors": [{"at": "2025-03-18T09:12:40", "operation": "print_bytes",
                    "error": "printer: paper out (not printing)", "recovery": "clear_by_staff"},
                   {"at": "2025-03-17T16:02:11", "operation": "status",
                    "error": "printer: no reply to DLE EOT 1 within 1.0s", "recovery": "reset"}],
    }


def _idcard() -> dict:
    return {
        "name": "idcard", "kind": "idcard", "driver": "sam_idcard",
        "port": "/run/kiosk-sim/idcard", "mock": True, "connected": True,
        "lifecycle": "enabled", "state": "online", "axes": {"card": "absent"},
        "detail": "SAM ready",
        "info": {"model": "SAM module (GA 467 frames)", "firmware": "unknown",
                 "serial_number": "05.01-20240102-0000001234-0012345678"},
        "extra": {"baudrate": "115200"},
        "capabilities": {"frames": "GA 467", "sam_id": "answered", "fingerprint": "not read",
                         "appended_address": "not read"},
        "counters": {"operations": 5230, "failures": 0, "last_seen": "2025-03-18T10:23:59",
                     "by_operation": {"status": 5100, "read_card": 130}},
        "errors": [],
    }


def _dispenser() -> dict:
    return {
        "name": "dispenser", "kind": "card_dispenser", "driver": "demo_dispenser",
        "port": "/run/kiosk-sim/dispenser", "mock": True, "connected": False,
        "lifecycle": "closed", "state": "offline", "axes": {"card_hopper": "unknown",
                                                           "reject_bin": "unknown",
                                                           "card": "unknown"},
        "detail": "dispenser: no reply within 2.0s",
        "info": {"model": "unknown", "firmware": "unknown", "serial_number": "unknown"},
        "extra": {}, "capabilities": {},
        "counters": {"operations": 12, "failures": 12, "last_seen": None, "by_operation": {}},
        "errors": [{"at": "2025-03-18T10:20:02", "operation": "status",
                    "error": "dispenser: no reply within 2.0s", "recovery": "reset"}],
    }


DEVICES = [_printer(), _idcard(), _dispenser()]

CHECK_REPORT = {
    "device": "printer", "level": "external", "ok": True,
    "status": {"state": "online", "supplies": {"paper": "near_end"}, "detail": ""},
    "checks": [{"name": "status", "ok": True, "detail": "online, paper near end"},
               {"name": "print", "ok": True,
                "detail": "1873 bytes confirmed by GS r in 0.41s"}],
    "error": "",
}

SUPPLIES = [
    {"device": "printer", "kind": "printer", "item": "paper", "value": 184,
     "unit": "tickets printed since the roll was changed", "set_at": "2025-03-17T08:30:00",
     "warning": False, "accepts_new": True, "sensor": "near_end"},
    {"device": "dispenser", "kind": "card_dispenser", "item": "card_hopper", "value": 42,
     "unit": "cards left in the hopper", "set_at": "2025-03-14T09:00:00", "warning": True,
     "accepts_new": False, "sensor": "ok"},
    {"device": "dispenser", "kind": "card_dispenser", "item": "reject_bin", "value": None,
     "unit": "cards in the reject bin", "set_at": None, "warning": False,
     "accepts_new": True, "sensor": "ok"},
]

OUTBOX = {
    "pending": 3, "parked": 2, "oldest_pending_age_s": 540.0,
    "last_success_at": "2025-03-18T10:15:02",
    "by_kind": [{"kind": "evaluation", "pending": 2, "parked": 0},
                {"kind": "staff_call", "pending": 1, "parked": 1},
                {"kind": "ticket", "pending": 0, "parked": 1}],
    "parked_entries": [
        {"id": 17, "kind": "ticket", "ref": "K01-C023", "attempts": 3,
         "created_at": "2025-03-18T09:40:00",
         "error": "rejected (422): ticket K01-C023: category closed for today"},
        {"id": 21, "kind": "staff_call", "ref": "SC-0004", "attempts": 1,
         "created_at": "2025-03-18T10:02:00", "error": "rejected (400): unknown reason code"},
    ],
}

SYSTEM = {"kiosk_id": "KSK-DEMO-01", "hall": "市政务服务中心", "mode": "demo", "version": "0.1.0",
          "python": "3.11.2", "system": "Linux 6.1.0", "uptime_s": 9240,
          "disk_free_mb": 18234, "disk_total_mb": 59000, "disk_reserve_mb": 200,
          "data_dir": "/var/lib/kiosk", "mock": True}

NETWORK = {"central_url": "https://central.example.gov.cn/", "hostname": "kiosk-01",
           "local_address": "10.20.1.31", "reachable": False, "answer_ms": None,
           "error": "central unreachable: connection refused", "online": False,
           "relay_failures": 4}

LOGS = [
    "2025-03-18 10:12:40 WARNING kiosk.flows.flow: staff called at ticket.print_failed",
    "2025-03-18 10:13:02 INFO kiosk.journeys.ticket.outcome: ticket A012 issued (fund)",
    "2025-03-18 10:15:02 WARNING kiosk.sync.online: central unreachable: OFFLINE mode",
    "2025-03-18 10:16:20 INFO kiosk.sync.appointments: no appointment today for 1101**********123X",
    "2025-03-18 10:20:02 WARNING kiosk.audit: staff login on KSK-DEMO-01",
]

FAULTS = [
    {"device": "printer", "kind": "printer", "active": ["near_end"],
     "faults": {"silent": "stop answering", "trickle": "answer slowly", "unplug": "pull the cable",
                "near_end": "paper roll near its end (still prints)", "paper_out": "no paper",
                "cover_open": "printer cover open", "cutter_error": "auto-cutter jammed",
                "fatal_error": "unrecoverable printer error", "garbage": "invalid status bytes",
                "power_cycle": "power off and on"}},
    {"device": "idcard", "kind": "idcard", "active": [],
     "faults": {"silent": "stop answering", "trickle": "answer slowly", "unplug": "pull the cable",
                "corrupt": "corrupt frames"}},
]


def answer(op: str):
    """A deep copy of the demo answer to admin operation ``op``."""
    return copy.deepcopy({"devices": DEVICES, "supplies": SUPPLIES, "outbox": OUTBOX,
                          "system": SYSTEM, "network": NETWORK, "logs": LOGS,
                          "faults": FAULTS, "check": CHECK_REPORT}[op])
