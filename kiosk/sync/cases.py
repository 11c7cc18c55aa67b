"""Cases (``central.cases``): an application and its attachments, delivered in order.

A case and its attachments are one stream of the outbox: the relay hands them out in order
and the server applies none after a failed one. Progress is asked of the server; a case the
kiosk still holds is ``queued_on_kiosk``.

:meth:`Cases.apply` (在线申报) takes a case with its materials of any size: each material is
a sealed blob file beside the outbox (:mod:`kiosk.sync.uploads`), the stream is the case,
one chunked upload per material and the commit that has the server accept the case once
every material is in; :meth:`Cases.track` and :meth:`Cases.mine` read its progress.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import time
import uuid

from kiosk import protocol as P
from kiosk.services import ServiceUnavailable
from kiosk.sync import schema
from kiosk.sync.catalogue import CatalogueCache
from kiosk.sync.client import CentralClient, CentralError, Rejected, now_iso
from kiosk.sync.outbox import Outbox
from kiosk.sync.relay import Relay
from kiosk.sync.uploads import UPLOAD_KIND, BlobStore, Uploader

log = logging.getLogger(__name__)

QUEUED_ON_KIOSK = "queued_on_kiosk"


class CaseRefused(ServiceUnavailable):
    """This case cannot be taken or found (unknown service item, no such case)."""

    retry = False  # the server answered no: the same request would get the same answer


class Cases:
    def __init__(self, kiosk_id: str, outbox: Outbox, relay: Relay, client: CentralClient,
                 catalogue: CatalogueCache) -> None:
        self.kiosk_id = kiosk_id
        self.outbox, self.relay, self.client = outbox, relay, client
        self.catalogue = catalogue
        self.blobs: BlobStore | None = None
        self.uploader: Uploader | None = None
        if outbox.cipher is not None:  # (an outbox out of service has no key: no uploads)
            self.blobs = BlobStore(outbox.data_dir / "sync" / "blobs", outbox.cipher)
            self.uploader = Uploader(client, self.blobs)
            relay.deliverers[UPLOAD_KIND] = self.uploader.deliver
            self._sweep_blobs()

    def submit(self, item_code: str, applicant: dict, form: dict,
               attachments: list[dict] = (), *, case_id: str | None = None) -> str:
        """Store a case and its attachments for delivery (in order); returns the case id
        (``case_id``: one the caller chose, e.g. a typeable number printed on a receipt).

        ``attachments``: dicts with ``kind`` (one of ``protocol.ATTACHMENT_KINDS``), ``name``,
        ``content_type`` and ``data`` (bytes). Returns once everything is durably stored.
        """
        if self.catalogue.item(item_code) is None and self.catalogue.document:
            raise CaseRefused("This service item is not offered at this kiosk.", "没有该办理事项",
                              detail=f"unknown service item {item_code!r}")
        for att in attachments:  # what the server would refuse is refused before it is stored
            if att["kind"] not in P.ATTACHMENT_KINDS or len(att["data"]) > P.MAX_ATTACHMENT_BYTES:
                raise CaseRefused("This document cannot be sent with the application.",
                                  "该材料无法随申请提交，请咨询工作人员",
                                  detail=f"attachment {att.get('name', att['kind'])!r}: kind "
                                         f"{att['kind']!r}, {len(att['data'])} bytes")
        case_id = case_id or uuid.uuid4().hex
        stream = f"case:{case_id}"
        submitted_at = now_iso()

        def work(tx) -> None:
            first = tx.add("case", P.CASES, {
                "case_id": case_id, "kiosk_id": self.kiosk_id, "item_code": item_code,
                "applicant": applicant, "form": form, "submitted_at": submitted_at,
            }, stream=stream, ref=case_id)
            for seq, att in enumerate(attachments):
                data = att["data"]
                tx.add("attachment", P.path(P.ATTACHMENTS, case_id=case_id), {
                    "attachment_id": uuid.uuid4().hex, "seq": seq, "kind": att["kind"],
                    "name": att.get("name", att["kind"]),
                    "content_type": att.get("content_type", "application/octet-stream"),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "data_b64": base64.b64encode(data).decode(),
                }, stream=stream, ref=case_id)
            tx.insert(schema.submissions, ref=case_id, kind="case", item_code=item_code,
                      created_at=time.time(), outbox_id=first.id)

        self.outbox.write(work)
        self.relay.kick()
        return case_id

    def progress(self, case_id: str) -> dict:
        """The case's status and events as the server has them (``queued_on_kiosk`` while the
        kiosk has not delivered it yet)."""
        queued = {"case_id": case_id, "status": QUEUED_ON_KIOSK, "events": []}
        try:
            return self.client.case(case_id)
        except Rejected as exc:
            if exc.status == 404 and self.outbox.owes(case_id):
                return queued
            raise CaseRefused("No case was found with this number.", "没有找到该办件",
                              detail=str(exc)) from None
        except CentralError as exc:
            if self.outbox.owes(case_id):
                return queued
            raise ServiceUnavailable("The case system cannot be reached now.", "办件系统暂时无法连接",
                                     detail=f"case system unreachable: {exc}") from None

    # ------------------------------------------------------------------ 在线申报
    def items(self) -> list[dict]:
        """The service items a citizen may apply for here, each with its materials as
        ``{"name", "name_en", "required", "lenient"}`` (the guide's list; a catalogue that
        lists materials as plain names, or at the item's top level, is read too)."""
        return [apply_item(i) for i in self.catalogue.items()]

    def apply(self, item_code: str, applicant: dict, form: dict, materials: list[dict], *,
              missing: list[str] = (), delivery: dict | None = None) -> dict:
        """Store a case with its materials for delivery; returns ``{"case_id",
        "submitted_at", "attachments", "track_url"}`` once everything is durably stored.

        ``materials``: ``{"name", "data" (bytes), "content_type", "kind"}`` (kind defaults
        to "scan"); ``missing``: the names the citizen brings to the window (容缺受理);
        ``delivery``: ``{"method": "pickup"|"post", "address": …}``."""
        if self.blobs is None:
            self.outbox._usable()
        if self.catalogue.item(item_code) is None and self.catalogue.document:
            raise CaseRefused("This service item is not offered at this kiosk.", "没有该办理事项",
                              detail=f"unknown service item {item_code!r}")
        for m in materials:
            if len(m["data"]) > P.MAX_UPLOAD_BYTES or m.get("kind", "scan") not in \
                    P.ATTACHMENT_KINDS:
                raise CaseRefused("This document cannot be sent with the application.",
                                  "该材料无法随申请提交，请咨询工作人员",
                                  detail=f"material {m.get('name')!r}: {len(m['data'])} bytes")
        self.outbox.check_reserve()
        from kiosk.sync.lockers import new_case_number

        case_id = new_case_number()
        stream = f"case:{case_id}"
        submitted_at = now_iso()
        delivery = dict(delivery or {"method": "pickup"})
        written: list[tuple[dict, object]] = []
        try:
            for m in materials:  # the blobs first: a committed entry always has its file
                aid = uuid.uuid4().hex
                written.append((m, self.blobs.put(aid, m["data"])))

            def work(tx) -> None:
                first = tx.add("case", P.CASES, {
                    "case_id": case_id, "kiosk_id": self.kiosk_id, "item_code": item_code,
                    "applicant": applicant, "submitted_at": submitted_at,
                    "form": {**form, "channel": "kiosk_apply", "delivery": delivery,
                             "materials": [m.get("name", "") for m in materials],
                             "missing": list(missing)},
                }, stream=stream, ref=case_id)
                for seq, (m, info) in enumerate(written):
                    aid = info.attachment_id
                    tx.add(UPLOAD_KIND, P.path(P.UPLOAD, case_id=case_id, attachment_id=aid), {
                        "case_id": case_id, "attachment_id": aid, "seq": seq,
                        "kind": m.get("kind", "scan"), "name": m.get("name", "material")[:120],
                        "content_type": m.get("content_type", "application/pdf"),
                        "size": info.size, "sha256": info.sha256,
                        "chunk_bytes": info.chunk_bytes, "chunks": list(info.chunk_sha256),
                    }, stream=stream, ref=case_id)
                tx.add("case_commit", P.path(P.CASE_COMMIT, case_id=case_id), {
                    "attachments": [info.attachment_id for _m, info in written],
                    "missing": list(missing), "delivery": delivery.get("method", "pickup"),
                }, stream=stream, ref=case_id)
                tx.insert(schema.submissions, ref=case_id, kind="case", item_code=item_code,
                          created_at=time.time(), outbox_id=first.id)

            self.outbox.write(work)
        except BaseException:
            for _m, info in written:  # never confirmed: nothing of it stays
                self.blobs.delete(info.attachment_id)
            raise
        self.relay.kick()
        return {"case_id": case_id, "submitted_at": submitted_at, "attachments": len(written),
                # the public progress page: the receipt's QR code (a phone opens it, the
                # kiosk's progress journey reads the case number from it)
                "track_url": self.client.base_url + P.path(P.CASE_PAGE, case_id=case_id)}

    def track(self, case_id: str) -> dict:
        """The case's progress (stage, events, what is missing, where to collect) as the
        server has it; ``queued_on_kiosk`` while the kiosk still holds it."""
        queued = {"case_id": case_id, "status": QUEUED_ON_KIOSK, "events": [], "missing": [],
                  "collect": None, "item_name": "", "submitted_at": ""}
        try:
            return self.client.call("GET", P.path(P.CASE_PROGRESS, case_id=case_id)).data
        except Rejected as exc:
            if exc.status == 404 and self.outbox.owes(case_id):
                return queued
            raise CaseRefused("No case was found with this number.", "没有找到该办件",
                              detail=str(exc)) from None
        except CentralError as exc:
            if self.outbox.owes(case_id):
                return queued
            raise ServiceUnavailable("The case system cannot be reached now.", "办件系统暂时无法连接",
                                     detail=f"case system unreachable: {exc}") from None

    def mine(self, id_number: str) -> list[dict]:
        """A citizen's cases, newest first (a POST: the ID number never in a URL)."""
        try:
            return list(self.client.call("POST", P.CASE_LOOKUP,
                                         body={"id_number": id_number}).data["cases"])
        except (CentralError, KeyError, TypeError) as exc:
            raise ServiceUnavailable("The case system cannot be reached now.", "办件系统暂时无法连接",
                                     detail=f"case lookup failed: {exc}") from None

    def _sweep_blobs(self) -> None:
        """Blobs no undelivered upload names (a cut before the outbox commit): deleted once
        an hour old (a blob younger than that may be another process's, about to commit)."""
        if not self.outbox.readable or not self.blobs.dir.is_dir():
            return
        try:
            wanted = {e["path"].rsplit("/", 1)[-1] for e in self._open_uploads()}
        except Exception as exc:  # noqa: BLE001 - a sweep is housekeeping
            log.debug("blob sweep skipped: %s", exc)
            return
        cutoff = time.time() - 3600
        self.blobs.sweep(lambda aid: aid in wanted or _mtime(self.blobs.path(aid)) > cutoff)

    def _open_uploads(self) -> list[dict]:
        import sqlalchemy as sa

        from kiosk.sync.schema import outbox

        with self.outbox.engine.connect() as conn:
            return [{"path": p} for (p,) in conn.execute(
                sa.select(outbox.c.path).where((outbox.c.kind == UPLOAD_KIND)
                                               & (outbox.c.status != "delivered")))]


def _mtime(path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def apply_item(item: dict) -> dict:
    """A catalogue item as the application journey needs it, whichever shape its materials
    have: ``materials`` in the item's guide or at its top level, each a table (name,
    name_en, required, lenient) or a plain name; ``lenient``/``accept_missing`` on the item
    makes every material one that may come later (容缺受理)."""
    guide = item.get("guide") if isinstance(item.get("guide"), dict) else {}
    raw = guide.get("materials") or item.get("materials") or []
    item_lenient = bool(item.get("lenient") or item.get("accept_missing")
                        or guide.get("lenient") or guide.get("accept_missing"))
    mats = []
    for m in raw:
        if isinstance(m, str):
            m = {"name": m}
        if not isinstance(m, dict) or not m.get("name"):
            continue
        mats.append({"name": str(m["name"]), "name_en": str(m.get("name_en", "")),
                     "required": bool(m.get("required", True)),
                     "lenient": bool(m.get("lenient", False)) or item_lenient,
                     "original": bool(m.get("original", False))})
    return {"code": item["code"], "name": item.get("name", ""),
            "name_en": item.get("name_en", ""), "category": item.get("category", ""),
            "zone": item.get("zone", ""), "self_service": bool(item.get("self_service", False)),
            "materials": mats}
