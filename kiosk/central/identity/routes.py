"""The identity service (人证核验) and the police self-service documents of the reference server.

Registered by :class:`kiosk.central.api.CentralApp` (``identity_routes(app)``).

- ``POST /v1/identity/face-checks`` (a lookup: answered, never stored): the card's ID number,
  the chip photo when the kiosk could decode it, and one live face picture → ``match``,
  ``score`` (0..100), ``method``, and on a match a short-lived ``verification`` the document
  request presents. Without a chip photo the face is compared with the photo of record, as
  the deployed services do (the reference server's demo registry holds one portrait, the
  camera simulator's sitter, for every demo person). The mode can be forced to ``match`` or
  ``no_match`` for tests and demonstrations (``kiosk central identity force``).
- ``POST /v1/identity/fingerprint-templates`` (a lookup): the person's fingerprint template
  the kiosk's pad verifies against, by default in the ministry (ID card) format that only
  certified modules match. Fictitious and deterministic (:func:`demo_template`).
- ``POST /v1/police/documents``: issue a document after a passed check → verification code,
  pick-up code, the PDF. The same ``Idempotency-Key`` gives the same document again.
- ``GET /v1/police/documents/verify/{code}`` (public): is this document genuine.
- ``POST /v1/police/traffic-fines`` (a lookup, after a passed check): the person's traffic
  fines with their payment notices (paid through the payment service, ``/v1/payments``).

Pictures and templates are decoded in memory and dropped with the answer: no log line, no
row, no idempotency record ever holds them (the lookups are not recorded at all).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import time
from datetime import date, datetime

from kiosk import protocol as P
from kiosk.central.api import Response, Route
from kiosk.central.fields import ApiError, field, now_iso
from kiosk.central.schemas import identity as schema
from kiosk.central.schemas.parts import checked
from kiosk.central.store.identity import IdentityStore
from kiosk.protocol import Err

log = logging.getLogger(__name__)

MAX_PICTURE = 2 * 1024 * 1024  # bytes of one decoded picture
VERIFICATION_S = 15 * 60  # a passed check is good for one document request this long
#: template formats the service hands out, with their sizes and 4-byte tags — the fictitious
#: fingers of the fingerprint simulators (drivers/core/fingers.py), derived alike from the
#: finger's name, so the service and a simulated pad agree without sharing a file
TEMPLATE_SIZES = {"zfm": 512, "gt521f": 498, "ministry": 512}
TEMPLATE_TAGS = {"zfm": b"FZFM", "gt521f": b"FGT5", "ministry": b"FMIN"}
#: the finger the demo registry holds for every person (the simulators' finger "1")
DEMO_FINGER = "1"


def demo_template(id_number: str, fmt: str = "ministry") -> bytes:
    """The fictitious fingerprint template the demo registry holds for a person: finger
    ``DEMO_FINGER`` of the simulators, in format ``fmt``. (A deployed service holds each
    person's own; the ID number only selects the record.)"""
    del id_number  # every demo person enrolled the same fictitious finger
    size = TEMPLATE_SIZES[fmt]
    body = hashlib.shake_256(f"fictitious-finger/{fmt}/{DEMO_FINGER}".encode()).digest(size - 4)
    return TEMPLATE_TAGS[fmt] + body


def _picture(body: dict, key: str, *, optional: bool = False) -> bytes | None:
    value = field(body, key, str, max_len=MAX_PICTURE * 4 // 3 + 8, optional=optional)
    if value is None:
        return None
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(400, Err.INVALID, f"{key} must be base64") from None
    if not data:
        raise ApiError(400, Err.INVALID, f"{key} is empty")
    return data


def _registry_photo() -> bytes:
    """The demo registry's photo of record: the camera simulator's sitter (scikit-image's
    public-domain astronaut portrait), cropped to the face as an ID photo."""
    from importlib.resources import files

    import cv2

    image = cv2.imread(str(files("skimage.data").joinpath("astronaut.png")), cv2.IMREAD_COLOR)
    if image is None:
        raise ApiError(422, Err.IDENTITY_NO_REFERENCE, "no photo of record")
    ok, jpeg = cv2.imencode(".jpg", image[0:260, 120:330])
    return jpeg.tobytes()


class IdentityHandlers:
    """Every body is read as its model in :mod:`kiosk.central.schemas.identity` reads it
    (``checked``): a fingerprint score of ``87.0`` is the integer the schema says it is."""

    def __init__(self, app) -> None:
        self.app = app
        self.store = IdentityStore(app.engine, app.store.id_key or app.secret)

    # ------------------------------------------------------------------ verification
    def _sign(self, id_number: str, expires: int) -> str:
        msg = f"{self.store.id_hash(id_number)}|{expires}".encode()
        return hmac.new(self.app.secret, msg, hashlib.sha256).hexdigest()

    def verification(self, id_number: str) -> tuple[str, int]:
        expires = int(time.time()) + VERIFICATION_S
        return f"{expires}.{self._sign(id_number, expires)}", expires

    def verified(self, id_number: str, token) -> bool:
        if not isinstance(token, str) or "." not in token:
            return False
        expires, _, sig = token.partition(".")
        if not expires.isdigit() or int(expires) < time.time():
            return False
        return hmac.compare_digest(sig, self._sign(id_number, int(expires)))

    # ------------------------------------------------------------------ handlers
    def face_check(self, req, body, kiosk_id) -> Response:
        body = checked(schema.FaceCheckRequest, body)
        id_number = field(body, "id_number", str, max_len=32)
        live = _picture(body, "live_face")
        card = _picture(body, "card_photo", optional=True)
        with self.app._read() as conn, conn.begin():
            mode = self.store.mode(conn)
        if mode != "auto":
            match, score, method = mode == "match", 100 if mode == "match" else 0, "forced"
        else:
            from kiosk.central.identity import faces

            if card is None:
                if not self.app.demo_appointments:
                    raise ApiError(422, Err.IDENTITY_NO_REFERENCE,
                                   "no card photo and no photo of record")
                card = _registry_photo()
            try:
                result = faces.compare(card, live)
            except faces.NoFace as exc:
                code = Err.IDENTITY_NO_FACE if exc.which == "live" else Err.IDENTITY_NO_REFERENCE
                raise ApiError(422, code, str(exc)) from None
            except ValueError as exc:
                raise ApiError(400, Err.INVALID, str(exc)) from None
            match, score, method = result.match, result.score, result.method
        # (no ID number, no picture: what was decided, for the operator)
        log.info("identity: face check from %s: %s (score %d, %s)", kiosk_id,
                 "match" if match else "no match", score, method)
        answer = {"match": match, "score": score, "method": method}
        if match:
            answer["verification"], expires = self.verification(id_number)
            answer["expires_at"] = datetime.fromtimestamp(expires).astimezone().isoformat(
                timespec="seconds")
        return Response.json(200, answer)

    def finger_template(self, req, body, kiosk_id) -> Response:
        body = checked(schema.FingerprintTemplateRequest, body)
        id_number = field(body, "id_number", str, max_len=32)
        fmt = field(body, "format", str, max_len=16, optional=True) or "ministry"
        if fmt not in TEMPLATE_SIZES:
            raise ApiError(400, Err.INVALID, f"format must be one of {', '.join(TEMPLATE_SIZES)}")
        template = demo_template(id_number, fmt)
        log.info("identity: fingerprint template (%s) handed to %s", fmt, kiosk_id)
        return Response.json(200, {"format": fmt,
                                   "template": base64.b64encode(template).decode("ascii")})

    def document(self, req, body, kiosk_id) -> Response:
        from kiosk.central.identity.documents import KINDS, Holder, masked, render_pdf

        body = checked(schema.PoliceDocumentRequest, body)
        kind = field(body, "kind", str, max_len=32)
        if kind not in KINDS:
            raise ApiError(400, Err.INVALID, f"kind must be one of {', '.join(KINDS)}")
        purpose = field(body, "purpose", str, max_len=40)
        h = field(body, "holder", dict)
        holder = Holder(
            name=field(h, "name", str, max_len=80),
            id_number=field(h, "id_number", str, max_len=32),
            gender=field(h, "gender", str, max_len=8, optional=True) or "",
            birth_date=field(h, "birth_date", str, max_len=10, optional=True) or "",
            ethnicity=field(h, "ethnicity", str, max_len=20, optional=True) or "",
            address=field(h, "address", str, max_len=200, optional=True) or "",
        )
        proof = body.get("verification")
        by_finger = isinstance(proof, dict) and proof.get("method") == "fingerprint" \
            and isinstance(proof.get("score"), int) and proof["score"] > 0
        # a fingerprint is matched on the kiosk's pad against the template we handed out: the
        # authenticated kiosk's word is taken (a deployed pad signs its answer)
        if not by_finger and not self.verified(holder.id_number, proof):
            raise ApiError(403, Err.IDENTITY_NOT_VERIFIED,
                           "no valid identity check for this person: verify again")
        key = req.headers.get(P.IDEMPOTENCY_KEY.lower(), "")
        verify_base = (req.base_url or "").rstrip("/")
        with self.app.engine.begin() as conn:
            row = self.store.document_by_key(conn, key)
            if row is not None and (row["kind"] != kind
                                    or row["id_hash"] != self.store.id_hash(holder.id_number)):
                raise ApiError(422, Err.IDEMPOTENCY_KEY_REUSED,
                               f"this {P.IDEMPOTENCY_KEY} was used for another document")
            code = row["code"] if row else self.store.new_code()
            issued_at = row["issued_at"] if row else now_iso()
            verify_url = verify_base + P.path(P.POLICE_VERIFY, code=code)
            pdf = render_pdf(kind, holder, purpose, code, verify_url,
                             date.fromisoformat(issued_at[:10]))
            if row is None:
                row = self.store.add_document(
                    conn, request_key=key, kiosk_id=kiosk_id, kind=kind,
                    holder=masked(holder.name), id_number=holder.id_number,
                    pdf_sha256=hashlib.sha256(pdf).hexdigest(), code=code,
                    pickup_code=self.store.new_pickup_code(), issued_at=issued_at)
        log.info("police: %s %s issued to %s", kind, code, kiosk_id)
        title, title_en, days, _p = KINDS[kind]
        return Response.json(201, {
            "code": code, "pickup_code": row["pickup_code"], "kind": kind, "title": title,
            "title_en": title_en, "holder": row["holder"], "issued_at": issued_at,
            "valid_days": days, "verify_url": verify_url,
            "pdf": base64.b64encode(pdf).decode("ascii")})

    def traffic_fines(self, req, body, kiosk_id) -> Response:
        """The person's traffic fines (after a passed check), each with its payment notice
        and whether the payment service has it paid."""
        body = checked(schema.TrafficFinesRequest, body)
        id_number = field(body, "id_number", str, max_len=32)
        proof = body.get("verification")
        by_finger = isinstance(proof, dict) and proof.get("method") == "fingerprint" \
            and isinstance(proof.get("score"), int) and proof["score"] > 0
        if not by_finger and not self.verified(id_number, proof):
            raise ApiError(403, Err.IDENTITY_NOT_VERIFIED,
                           "no valid identity check for this person: verify again")
        import sqlalchemy as sa

        from kiosk.central.store.payments import notices

        if self.app.demo_appointments:
            self.app.store.payments.seed_demo()  # (the notices the fines are paid by)
        mine = [f for f in _demo_fines() if f["id_number"] == id_number] \
            if self.app.demo_appointments else []
        out = []
        with self.app._read() as conn, conn.begin():
            for f in mine:
                n = conn.execute(sa.select(notices).where(
                    notices.c.number == f["notice"])).first()
                if n is None:
                    continue
                out.append({k: f.get(k, "") for k in ("notice", "at", "place", "place_en",
                                                      "offence", "offence_en", "plate",
                                                      "plate_en")}
                           | {"points": int(f.get("points", 0)), "amount_fen": n.amount_fen,
                              "paid": n.paid_order_id is not None})
        return Response.json(200, {"fines": out})

    def verify(self, req, params, kiosk_id) -> Response:
        with self.app._read() as conn, conn.begin():
            found = self.store.verify(conn, params["code"])
        if found is None:
            return Response.error(404, Err.UNKNOWN_DOCUMENT, "no document with this code was issued")
        return Response.json(200, {**found, "valid": True})


def _demo_fines() -> list[dict]:
    import tomllib
    from pathlib import Path

    path = Path(__file__).with_name("demo_fines.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))["fines"]


def identity_routes(app) -> list[Route]:
    h = IdentityHandlers(app)
    return [
        Route("POST", P.IDENTITY_FACE_CHECKS, h.face_check, lookup=True),
        Route("POST", P.IDENTITY_FINGER_TEMPLATES, h.finger_template, lookup=True),
        # a lookup too: the answer carries the PDF, which no idempotency record may keep;
        # the store itself gives the same document again for the same key
        Route("POST", P.POLICE_DOCUMENTS, h.document, lookup=True),
        Route("POST", P.POLICE_TRAFFIC_FINES, h.traffic_fines, lookup=True),
        Route("GET", P.POLICE_VERIFY, h.verify, public=True),
    ]


__all__ = ["IdentityHandlers", "demo_template", "identity_routes"]
