"""Identity checks (``central.identity``): the kiosk's side of the identity service (人证核验).

    central.identity.compare_face(id_number, live_face_jpeg, card_photo=None)  # FaceAnswer
    central.identity.fingerprint_template(id_number, format="ministry")       # bytes

Both are online calls that answer the citizen now: never queued in the outbox (a picture of a
face or a template must not be written anywhere, and a check an hour late is worthless),
never logged with their bodies. An outage raises :class:`~kiosk.services.ServiceUnavailable`
with words for the citizen; a refusal (no photo of record, no face in the picture)
:class:`IdentityRefused` with its code.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from kiosk import protocol as P
from kiosk.config import Settings
from kiosk.protocol import Err
from kiosk.services import ServiceUnavailable
from kiosk.sync.client import CentralClient, CentralError, Rejected, new_key
from kiosk.sync.online import OnlineState

TIMEOUT = (3.0, 15.0)  # a face comparison takes a moment on the server

WORDS: dict[str, tuple[str, str]] = {
    Err.IDENTITY_NO_FACE: ("No face was found in the picture. Please look at the camera and "
                           "try again.", "画面中没有找到人脸，请看着摄像头再试一次。"),
    Err.IDENTITY_NO_REFERENCE: ("Your identity cannot be checked here. Please go to the "
                                "window.", "本机无法核验您的身份，请到窗口办理。"),
}
_OTHER = ("Your identity cannot be checked here now. Please go to the window.",
          "暂时无法在本机核验身份，请到窗口办理。")
_OFFLINE = ("The identity service cannot be reached now. Please try again later, or go to "
            "the window.", "身份核验服务暂时连接不上，请稍后再试，或到窗口办理。")


class IdentityRefused(ServiceUnavailable):
    retry = False

    def __init__(self, code: str, detail: str) -> None:
        en, zh = WORDS.get(code, _OTHER)
        super().__init__(en, zh, detail=detail)
        self.code = code


@dataclass(frozen=True)
class FaceAnswer:
    match: bool
    score: int
    method: str
    verification: str | None = None  # presented with a document request


def online_call(client: CentralClient, link: OnlineState, method: str, path: str,
                body: dict | None, *, what: str, refused=IdentityRefused,
                offline: tuple[str, str] = _OFFLINE) -> Any:
    """One online exchange (a fresh key: a lookup is never replayed from a record)."""
    try:
        reply = client.call(method, path, body=body, idempotency_key=new_key(),
                            timeout=TIMEOUT, deadline_s=sum(TIMEOUT) + 1.0)
    except Rejected as exc:
        link.set(True)
        raise refused(exc.code, f"{what}: {exc}") from None
    except CentralError as exc:
        link.set(False)
        raise ServiceUnavailable(*offline, detail=f"{what}: {exc}") from None
    link.set(True)
    if not isinstance(reply.data, dict):
        raise ServiceUnavailable(*offline, detail=f"{what}: unusable answer")
    return reply.data


class Identity:
    def __init__(self, settings: Settings, client: CentralClient, link: OnlineState) -> None:
        self.client, self.link = client, link

    def compare_face(self, id_number: str, live_face: bytes,
                     card_photo: bytes | None = None) -> FaceAnswer:
        body = {"id_number": id_number,
                "live_face": base64.b64encode(live_face).decode("ascii")}
        if card_photo:
            body["card_photo"] = base64.b64encode(card_photo).decode("ascii")
        data = online_call(self.client, self.link, "POST", P.IDENTITY_FACE_CHECKS, body,
                           what="face check")
        body.clear()  # the encoded pictures go with the request
        return FaceAnswer(bool(data.get("match")), int(data.get("score") or 0),
                          str(data.get("method") or ""), data.get("verification"))

    def fingerprint_template(self, id_number: str, format: str = "ministry") -> bytes:
        data = online_call(self.client, self.link, "POST", P.IDENTITY_FINGER_TEMPLATES,
                           {"id_number": id_number, "format": format},
                           what="fingerprint template")
        try:
            return base64.b64decode(str(data.get("template") or ""), validate=True)
        except ValueError:
            raise ServiceUnavailable(*_OFFLINE, detail="fingerprint template: not base64") \
                from None
