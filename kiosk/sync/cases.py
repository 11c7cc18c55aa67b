"""Cases (``central.cases``): an application and its attachments, delivered in order.

A case and its attachments are one stream of the outbox: the relay hands them out in order
and the server applies none after a failed one. Progress is asked of the server; a case the
kiosk still holds is ``queued_on_kiosk``.
"""
from __future__ import annotations

import base64
import hashlib
import time
import uuid

from kiosk import protocol as P
from kiosk.services import ServiceUnavailable
from kiosk.sync import schema
from kiosk.sync.catalogue import CatalogueCache
from kiosk.sync.client import CentralClient, CentralError, Rejected, now_iso
from kiosk.sync.outbox import Outbox
from kiosk.sync.relay import Relay

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
