"""Police self-service documents (``central.police``): issue one after a passed identity check.

    central.police.issue(kind, purpose, holder, verification)   # IssuedDocument
    central.police.traffic_fines(id_number, verification)       # [TrafficFine]

``holder`` is what the ID card says (name, id_number, gender, birth_date, ethnicity,
address); ``verification`` the identity service's token of a matched face, or
``{"method": "fingerprint", "score": n}``. Online: the citizen waits for the document; a
retry of the same request (same key) gets the same document back from the server. Nothing
is queued or kept: the PDF lives in memory until it is printed.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass

from kiosk import protocol as P
from kiosk.config import Settings
from kiosk.protocol import Err
from kiosk.services import ServiceUnavailable
from kiosk.sync.client import CentralClient, CentralError, Rejected, new_key
from kiosk.sync.online import OnlineState

TIMEOUT = (3.0, 15.0)
WORDS: dict[str, tuple[str, str]] = {
    Err.IDENTITY_NOT_VERIFIED: ("Your identity check has expired. Please start again.",
                                "身份核验已过期，请重新办理。"),
}
_OTHER = ("This document cannot be issued here. Please go to the police window.",
          "本机暂时无法出具该证明，请到公安窗口办理。")
_OFFLINE = ("The police service cannot be reached now. Please try again later, or go to the "
            "window.", "公安业务系统暂时连接不上，请稍后再试，或到窗口办理。")


class PoliceRefused(ServiceUnavailable):
    retry = False

    def __init__(self, code: str, detail: str) -> None:
        en, zh = WORDS.get(code, _OTHER)
        super().__init__(en, zh, detail=detail)
        self.code = code


@dataclass(frozen=True)
class IssuedDocument:
    code: str  # verification code
    pickup_code: str
    kind: str
    title: str
    title_en: str
    holder: str  # masked name
    issued_at: str
    verify_url: str
    pdf: bytes

    def __repr__(self) -> str:  # (never the PDF, which carries the particulars, in a log)
        return f"IssuedDocument({self.kind}, {self.code})"


@dataclass(frozen=True)
class TrafficFine:
    notice: str  # the payment notice (处罚决定书编号) the payment service prices
    at: str
    place: str
    offence: str
    plate: str
    points: int
    amount_fen: int
    paid: bool
    place_en: str = ""
    offence_en: str = ""
    plate_en: str = ""  # the province character spelt out (苏 → Su)


class Police:
    def __init__(self, settings: Settings, client: CentralClient, link: OnlineState) -> None:
        self.kiosk_id = settings.kiosk.id
        self.client, self.link = client, link

    def issue(self, kind: str, purpose: str, holder: dict, verification,
              key: str | None = None) -> IssuedDocument:
        body = {"kiosk_id": self.kiosk_id, "kind": kind, "purpose": purpose,
                "holder": holder, "verification": verification}
        try:
            reply = self.client.call("POST", P.POLICE_DOCUMENTS, body=body,
                                     idempotency_key=key or new_key(), timeout=TIMEOUT,
                                     deadline_s=sum(TIMEOUT) + 1.0)
        except Rejected as exc:
            self.link.set(True)
            raise PoliceRefused(exc.code, f"police document: {exc}") from None
        except CentralError as exc:
            self.link.set(False)
            raise ServiceUnavailable(*_OFFLINE, detail=f"police document: {exc}") from None
        self.link.set(True)
        d = reply.data
        if not isinstance(d, dict):
            raise ServiceUnavailable(*_OFFLINE, detail="police document: unusable answer")
        try:
            return IssuedDocument(
                code=str(d["code"]), pickup_code=str(d["pickup_code"]), kind=str(d["kind"]),
                title=str(d["title"]), title_en=str(d.get("title_en") or ""),
                holder=str(d.get("holder") or ""), issued_at=str(d.get("issued_at") or ""),
                verify_url=str(d.get("verify_url") or ""),
                pdf=base64.b64decode(str(d["pdf"]), validate=True))
        except (KeyError, ValueError) as exc:
            raise ServiceUnavailable(*_OFFLINE, detail=f"police document: {exc}") from None

    def traffic_fines(self, id_number: str, verification) -> list[TrafficFine]:
        body = {"id_number": id_number, "verification": verification}
        try:
            reply = self.client.call("POST", P.POLICE_TRAFFIC_FINES, body=body,
                                     idempotency_key=new_key(), timeout=TIMEOUT,
                                     deadline_s=sum(TIMEOUT) + 1.0)
        except Rejected as exc:
            self.link.set(True)
            raise PoliceRefused(exc.code, f"traffic fines: {exc}") from None
        except CentralError as exc:
            self.link.set(False)
            raise ServiceUnavailable(*_OFFLINE, detail=f"traffic fines: {exc}") from None
        self.link.set(True)
        fines = reply.data.get("fines") if isinstance(reply.data, dict) else None
        if not isinstance(fines, list):
            raise ServiceUnavailable(*_OFFLINE, detail="traffic fines: unusable answer")
        try:
            return [TrafficFine(
                notice=str(f["notice"]), at=str(f.get("at") or ""),
                place=str(f.get("place") or ""), offence=str(f.get("offence") or ""),
                plate=str(f.get("plate") or ""), points=int(f.get("points") or 0),
                amount_fen=int(f["amount_fen"]), paid=bool(f.get("paid")),
                place_en=str(f.get("place_en") or ""),
                offence_en=str(f.get("offence_en") or ""),
                plate_en=str(f.get("plate_en") or "")) for f in fines]
        except (KeyError, TypeError, ValueError) as exc:
            raise ServiceUnavailable(*_OFFLINE, detail=f"traffic fines: {exc}") from None
