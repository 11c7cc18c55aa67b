"""Appointment lookup (``central.appointments``): today's appointment code for an ID number.

The citizen waits on the ID card screen for the answer, so the lookup has short timeouts of
its own. The ID number goes only into a POST body, never into a URL or a log (logs carry it
masked).
"""
from __future__ import annotations

import logging
from typing import Any

from kiosk.config import Settings
from kiosk.privacy import mask_id
from kiosk import protocol as P
from kiosk.protocol import Err
from kiosk.services import ServiceUnavailable
from kiosk.sync.client import CentralClient, CentralError, Rejected
from kiosk.sync.online import OnlineState

log = logging.getLogger(__name__)

CONNECT_S = 2.0
READ_S = 3.0


class AppointmentUnchecked(ServiceUnavailable):
    """The server could not say whether there is an appointment (offline, refused, an
    unusable answer): the citizen is told, and still gets an ordinary ticket."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            "Your appointment could not be checked right now. If you have one, tell the window.",
            "暂时查不到预约信息。如您已预约，请告诉窗口工作人员。", detail=detail)


class AppointmentNotFound(ServiceUnavailable):
    """The server has no appointment with this code (a mistyped or foreign QR code)."""

    retry = False

    def __init__(self, detail: str) -> None:
        super().__init__("No appointment was found for this code. Please check it with the "
                         "window.", "没有找到这个预约码对应的预约，请到窗口咨询。", detail=detail)


class Appointments:
    def __init__(self, settings: Settings, client: CentralClient, link: OnlineState) -> None:
        self.settings = settings
        self.kiosk_id = settings.kiosk.id
        self.client = client
        self.link = link

    def by_code(self, code: str) -> dict:
        """The appointment whose QR code was scanned: ``code``, ``category``, ``day``,
        ``slot``, ``status`` (booked | checked_in), ``ticket_number``.

        AppointmentNotFound when the server has none; ServiceUnavailable when it cannot be
        asked now (the citizen can still take an ordinary ticket)."""
        c = self.settings.central
        timeout = (min(c.connect_timeout_s, CONNECT_S), min(c.read_timeout_s, READ_S))
        try:
            data = self.client.call("GET", P.path(P.APPOINTMENT, code=code), timeout=timeout,
                                    deadline_s=sum(timeout) + 1.0).data
        except Rejected as exc:
            self.link.set(True)
            if exc.status == 404:
                raise AppointmentNotFound(f"no appointment {code}: {exc}") from None
            raise AppointmentUnchecked(f"lookup by code refused: {exc}") from None
        except CentralError as exc:
            self.link.set(False)
            raise AppointmentUnchecked(f"lookup by code failed: {exc}") from None
        self.link.set(True)
        if not isinstance(data, dict) or not isinstance(data.get("category"), str):
            raise AppointmentUnchecked("unusable answer from the queue server")
        return data

    def find(self, id_number: str, category: str = "") -> str | None:
        """Today's appointment code for this ID number (and category), or None.

        None means the server answered that there is none; when it cannot answer this raises
        :class:`AppointmentUnchecked`.
        """
        masked = mask_id(id_number)
        if not self.link.should_try():
            log.info("appointment lookup for %s skipped: queue server offline", masked)
            raise AppointmentUnchecked("queue server offline")
        c = self.settings.central
        timeout = (min(c.connect_timeout_s, CONNECT_S), min(c.read_timeout_s, READ_S))
        body: dict[str, Any] = {"id_number": id_number, "kiosk_id": self.kiosk_id}
        if category:
            body["category"] = category
        try:
            data = self.client.find_appointment(body, timeout=timeout,
                                                deadline_s=sum(timeout) + 1.0)
        except Rejected as exc:
            self.link.set(True)
            if exc.status == 404 and exc.code == Err.NO_APPOINTMENT:
                log.info("no appointment today for %s%s", masked,
                         f" in {category}" if category else "")
                return None
            log.warning("appointment lookup for %s refused: %s", masked, exc)
            raise AppointmentUnchecked(f"lookup refused: {exc}") from None
        except CentralError as exc:
            log.warning("appointment lookup for %s failed (%s): ordinary ticket", masked, exc)
            self.link.set(False)
            raise AppointmentUnchecked(f"lookup failed: {exc}") from None
        self.link.set(True)
        code = data.get("code") if isinstance(data, dict) else None
        if not isinstance(code, str) or not code:
            log.warning("appointment lookup for %s: unusable answer from the queue server",
                        masked)
            raise AppointmentUnchecked("unusable answer from the queue server")
        log.info("appointment %s found for %s", code, masked)
        return code
