"""E-certificate verification (``central.certificates``): is a scanned code genuine.

The citizen (or a clerk checking a certificate a citizen shows on their phone) waits at the
screen, so the question has short timeouts of its own. "Not genuine" is an answer, not an
error: the server said it issued no such certificate. Only a server that cannot be asked is
an error (:class:`kiosk.services.ServiceUnavailable`).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from kiosk import protocol as P
from kiosk.config import Settings
from kiosk.services import ServiceUnavailable
from kiosk.sync.client import CentralClient, CentralError, Rejected
from kiosk.sync.online import OnlineState

log = logging.getLogger(__name__)

CONNECT_S = 2.0
READ_S = 3.0


@dataclass(frozen=True)
class CertificateCheck:
    code: str
    genuine: bool
    status: str = ""  # valid | revoked | expired ("" when not genuine)
    name: str = ""
    name_en: str = ""
    holder: str = ""  # masked by the server
    issuer: str = ""
    issuer_en: str = ""
    issued: str = ""
    valid_to: str | None = None

    @property
    def valid(self) -> bool:
        return self.genuine and self.status == "valid"


class Certificates:
    def __init__(self, settings: Settings, client: CentralClient, link: OnlineState) -> None:
        self.settings = settings
        self.client = client
        self.link = link

    def verify(self, code: str) -> CertificateCheck:
        c = self.settings.central
        timeout = (min(c.connect_timeout_s, CONNECT_S), min(c.read_timeout_s, READ_S))
        try:
            data = self.client.call("GET", P.path(P.CERTIFICATE, code=code), timeout=timeout,
                                    deadline_s=sum(timeout) + 1.0).data
        except Rejected as exc:
            self.link.set(True)
            if exc.status == 404 and exc.code == P.Err.UNKNOWN_CERTIFICATE:
                log.info("certificate %s: not issued (not genuine)", code)
                return CertificateCheck(code, False)
            raise _unchecked(f"verification refused: {exc}") from None
        except CentralError as exc:
            self.link.set(False)
            raise _unchecked(f"verification failed: {exc}") from None
        self.link.set(True)
        if not isinstance(data, dict) or data.get("genuine") is not True:
            raise _unchecked("unusable answer from the certificate service")
        fields = {k: str(data.get(k) or "") for k in ("status", "name", "name_en", "holder",
                                                       "issuer", "issuer_en", "issued")}
        log.info("certificate %s: genuine, %s", code, fields["status"])
        return CertificateCheck(code, True, valid_to=data.get("valid_to") or None, **fields)


def _unchecked(detail: str) -> ServiceUnavailable:
    return ServiceUnavailable("The certificate cannot be checked right now. Please try again "
                              "or ask at a window.", "暂时无法核验电子证照，请稍后再试或到窗口咨询。",
                              detail=detail)
