"""Canned answers of the card-management system and the card devices, for the social-security
journeys' tests and screenshots (the shapes ``kiosk.sync.ssc`` and the drivers return).

Everything here is fictitious: 张三 of the demo data (drivers/ssc/holders.py), a blank card
with a made-up identification code.
"""
from __future__ import annotations

from datetime import date

APPLICATION_ID = "5f0c1d2e3a4b4c5d9e8f7a6b5c4d3e2f"
BLANK_CARD_ID = "110100D156300K000000000000000999"
ID_NUMBER = "110101198506150035"  # 张三, also the ID card simulator's resident


def demo_account(*, status: str = "active", application: dict | None = None,
                 age: int = 39) -> dict:
    return {
        "person": {"name_masked": "张*", "age": age, "gender": "1", "photo_on_record": True,
                   "photo_required": age >= 7, "mobile_masked": "138****0011", "fee_fen": 0},
        "cards": [{"card_number_masked": "A******11", "status": status, "generation": 2,
                   "issue_date": "2016-03-01", "expiry_date": "2026-03-01"}],
        "application": application,
    }


def demo_sms() -> dict:
    return {"sent": True, "mobile_masked": "138****0011", "expires_in_s": 300,
            "demo_code": "246813"}


def demo_verified() -> dict:
    return {"verified": True, "token": "1900000000.demo", "expires_in_s": 1800}


def demo_loss_report() -> dict:
    return {"report_id": "9a8b7c6d5e4f43218765fedcba012345", "card_number": "",
            "at": "2025-03-18T10:24:00+08:00"}


def demo_application(*, photo: str = "on_record", fee_fen: int = 0, state: str = "open",
                     business: str = "03", attempts: int = 0) -> dict:
    return {"application_id": APPLICATION_ID, "state": state, "business_type": business,
            "kiosk_id": "KSK-DEMO-01", "card_number_masked": "B******01", "fee_fen": fee_fen,
            "photo": photo, "attempts": attempts, "issue_date": "2025-03-18",
            "expiry_date": "2035-03-18", "last_reason": None, "cards": [],
            "created_at": "2025-03-18T10:24:00+08:00", "updated_at": "2025-03-18T10:24:00+08:00",
            "resumed": False, "holder": {"name_masked": "张*"},
            "issuable": photo != "missing", "fee_due_fen": fee_fen}


def demo_issue_card(*, blank: bool = True):
    from drivers.ssc.application import IssueCard
    from drivers.ssc.holders import atr_for

    return IssueCard(BLANK_CARD_ID, "3.00", blank, bytes(range(8)), atr_for(3))


def demo_script() -> dict:
    return {"application_id": APPLICATION_ID, "card_id_code": BLANK_CARD_ID,
            "steps": [{"apdu": "0082000108" + "00" * 8, "expect": ["9000"],
                       "label": "authenticate"}],
            "expect": {"card_number": "B00000001", "id_number": ID_NUMBER, "name": "张三",
                       "issue_date": "2025-03-18", "expiry_date": "2035-03-18"}}


def demo_read_back(**changes):
    """The card as the read-back finds it after :func:`demo_script` (``changes``: a card
    that differs)."""
    from drivers.ssc.card import SscCard
    from drivers.ssc.holders import atr_for

    fields = dict(card_id_code=BLANK_CARD_ID, card_type="1", version="3.00",
                  issuer="1101000000000001", issue_date=date(2025, 3, 18),
                  expiry_date=date(2035, 3, 18), card_number="B00000001", id_number=ID_NUMBER,
                  name="张三", gender="1", nation="01", birthplace="110101",
                  birth_date=date(1985, 6, 15), atr=atr_for(3))
    fields.update(changes)
    return SscCard(**fields)


__all__ = ["APPLICATION_ID", "BLANK_CARD_ID", "ID_NUMBER", "demo_account", "demo_application",
           "demo_issue_card", "demo_loss_report", "demo_read_back", "demo_script", "demo_sms",
           "demo_verified"]
