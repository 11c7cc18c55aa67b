"""Doubles of the identity service and the police documents (``central.identity``,
``central.police``) for tests and screenshots: answers chosen by the test, a real PDF-free
document (the PDF bytes are a marker), and a record of what was asked — without keeping the
pictures or templates themselves (only their lengths)."""
from __future__ import annotations

from kiosk.services import ServiceUnavailable


class DemoIdentity:
    def __init__(self) -> None:
        self.mode = "match"  # match | no_match | no_face | offline
        self.asked: list[tuple[str, int, int]] = []  # (what, live bytes, card photo bytes)
        self.template = b"FMIN" + bytes(508)

    def compare_face(self, id_number: str, live_face: bytes, card_photo: bytes | None = None):
        from kiosk.sync.identity import FaceAnswer, IdentityRefused

        self.asked.append(("face", len(live_face), len(card_photo or b"")))
        if self.mode == "offline":
            raise ServiceUnavailable("The identity service cannot be reached now.",
                                     "身份核验服务暂时连接不上。", detail="demo: offline")
        if self.mode == "no_face":
            raise IdentityRefused("identity_no_face", "demo: no face")
        match = self.mode == "match"
        return FaceAnswer(match, 87 if match else 12, "demo",
                          "demo-verification" if match else None)

    def fingerprint_template(self, id_number: str, format: str = "ministry") -> bytes:
        self.asked.append(("template", 0, 0))
        return self.template


class DemoPolice:
    def __init__(self) -> None:
        self.issued: list[tuple[str, str]] = []
        self.pdf = b"%PDF-1.4 demo police document\n%%EOF\n"

    def issue(self, kind: str, purpose: str, holder: dict, verification, key=None):
        from kiosk.sync.police import IssuedDocument

        titles = {"temporary_id": ("临时身份证明", "Temporary identity proof"),
                  "no_criminal_record": ("无犯罪记录证明", "Certificate of no criminal record"),
                  "residence": ("居住证明", "Residence certificate")}
        title, title_en = titles[kind]
        self.issued.append((kind, purpose))
        name = holder.get("name", "")
        return IssuedDocument(
            code="GAK7M2P9Q4XR8T", pickup_code="482913", kind=kind, title=title,
            title_en=title_en, holder=name[:1] + "*" * max(1, len(name) - 1),
            issued_at="2025-03-18T10:24:00+08:00",
            verify_url="https://zwfw.example.gov.cn/v1/police/documents/verify/GAK7M2P9Q4XR8T",
            pdf=self.pdf)

    def traffic_fines(self, id_number: str, verification) -> list:
        self.asked_fines = getattr(self, "asked_fines", 0) + 1
        return list(getattr(self, "fines", None) if getattr(self, "fines", None) is not None
                    else DEMO_FINES)


def _demo_fines() -> list:
    from kiosk.sync.police import TrafficFine

    return [
        TrafficFine(notice="3201022611000123", at="2025-02-11 09:32",
                    place="示例市玄武区中山路与北京东路路口",
                    offence="驾驶机动车违反道路交通信号灯通行", plate="苏A·D1234", points=6,
                    amount_fen=20000, paid=False, place_en="Zhongshan Rd / Beijing East Rd",
                    offence_en="Drove through a red light", plate_en="Su A·D1234"),
        TrafficFine(notice="3201022611000456", at="2025-03-02 14:05",
                    place="示例市鼓楼区湖南路", offence="机动车违反规定停放", plate="苏A·D1234",
                    points=0, amount_fen=15000, paid=False, place_en="Hunan Rd, Gulou",
                    offence_en="Parked where it is not allowed", plate_en="Su A·D1234"),
    ]


DEMO_FINES = _demo_fines()
