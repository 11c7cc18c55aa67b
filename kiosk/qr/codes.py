"""What a QR code shown to the kiosk is: an appointment, an e-certificate, or neither.

The reference server issues both as links to its public pages (``kiosk.protocol``
``APPOINTMENT_PAGE`` = ``/a/{code}``, ``CERTIFICATE_PAGE`` = ``/c/{code}``), so a phone that
scans one opens a page, and the kiosk reads the code from the same link. Any host is
accepted (the hall's portal, a province's): the server decides whether the code is real, the
kiosk only reads which kind it is. Anything else — a payment code, a web address — is
"other", and the citizen is told the kiosk cannot use it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from kiosk import protocol as P

APPOINTMENT, CERTIFICATE, OTHER = "appointment", "certificate", "other"
CASE = "case"  # a case receipt's progress link (P.CASE_PAGE, 在线申报): its case number

#: what a code may look like (letters, digits, dashes), whichever kind
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{2,63}")


@dataclass(frozen=True)
class Scanned:
    kind: str  # APPOINTMENT, CERTIFICATE or OTHER
    code: str  # the appointment or certificate code ("" for OTHER)
    text: str  # what the QR code said


def _page(template: str) -> tuple[str, str]:
    prefix, _, rest = template.partition("{code}")
    return prefix, rest


def classify(text: str) -> Scanned:
    """The kind and code of a QR code's ``text``."""
    text = text.strip()
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc:
        path = unquote(parts.path).rstrip("/")
        for kind, template in ((APPOINTMENT, P.APPOINTMENT_PAGE),
                               (CERTIFICATE, P.CERTIFICATE_PAGE), (CASE, P.CASE_PAGE)):
            prefix, suffix = _page(template.replace("{case_id}", "{code}"))
            if path.startswith(prefix) and path.endswith(suffix):
                code = path[len(prefix):len(path) - len(suffix) or None]
                if _CODE.fullmatch(code) and len(code) <= (
                        P.APPOINTMENT_CODE_MAX if kind == APPOINTMENT else
                        P.CERTIFICATE_CODE_MAX):
                    return Scanned(kind, code, text)
    return Scanned(OTHER, "", text)
