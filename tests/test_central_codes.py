"""Scanned codes against the reference server: an appointment by its code (then checked in
with the ticket) and e-certificate verification — the server's answers over HTTP, its public
pages behind the QR codes, and the kiosk's domains (``central.appointments.by_code``,
``central.certificates.verify``) including a server that cannot be reached."""
from __future__ import annotations

import pytest
import requests

from kiosk import protocol as P
from kiosk.central.fields import today
from kiosk.services import ServiceUnavailable
from kiosk.sync.appointments import AppointmentNotFound, AppointmentUnchecked

ZHANG = "110101198506150035"  # 张三: the demo appointment "…001" (police_household)


def get(central, path, kiosk="KSK-T-01"):
    return requests.get(central.url + path,
                        headers={"Authorization": f"Bearer {central.token(kiosk)}"}, timeout=5)


def todays_code() -> str:
    return f"YY{today().replace('-', '')}001"


def test_appointment_by_code_over_http(central):
    r = get(central, P.path(P.APPOINTMENT, code=todays_code()))
    assert r.status_code == 200
    assert r.json() == {"code": todays_code(), "category": "police_household", "day": today(),
                        "slot": "09:30-10:00", "status": "booked", "ticket_number": None}
    r = get(central, P.path(P.APPOINTMENT, code="YY19990101001"))
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_appointment"
    assert requests.get(central.url + P.path(P.APPOINTMENT, code=todays_code()),
                        timeout=5).status_code == 401  # kiosks only


@pytest.mark.parametrize("code, status", [
    ("DZZZ-2024-110101-000123", "valid"),
    ("DZZZ-2023-310101-000045", "revoked"),
    ("DZZZ-2019-110101-000777", "expired"),  # valid_to 2025-09-01 has passed
])
def test_certificates_over_http(central, code, status):
    r = get(central, P.path(P.CERTIFICATE, code=code))
    assert r.status_code == 200
    body = r.json()
    assert body["genuine"] is True and body["status"] == status and body["code"] == code
    assert body["holder"].count("*") >= 1 or "个体工商户" in body["holder"]  # masked


def test_a_certificate_never_issued_is_404(central):
    r = get(central, P.path(P.CERTIFICATE, code="DZZZ-2024-110101-999999"))
    assert r.status_code == 404
    assert r.json() == {"error": {"code": "unknown_certificate",
                                  "message": "no certificate DZZZ-2024-110101-999999 was issued"}}


def test_the_pages_behind_the_qr_codes_are_public(central):
    r = requests.get(central.url + P.path(P.APPOINTMENT_PAGE, code=todays_code()), timeout=5)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert todays_code() in r.text and "09:30-10:00" in r.text
    r = requests.get(central.url + P.path(P.CERTIFICATE_PAGE, code="DZZZ-2024-110101-000123"),
                     timeout=5)
    assert r.status_code == 200 and "居民户口簿" in r.text and "valid" in r.text
    r = requests.get(central.url + P.path(P.CERTIFICATE_PAGE, code="NOPE-1"), timeout=5)
    assert r.status_code == 404 and "Not a genuine certificate" in r.text


def test_kiosk_side_finds_the_scanned_appointment_and_checks_it_in(facade, central):
    a = facade.appointments.by_code(todays_code())
    assert a["status"] == "booked" and a["category"] == "police_household"
    t = facade.queue.take_ticket(a["category"], appointment_code=a["code"])
    assert t.priority == "appointment" and not t.offline
    again = facade.appointments.by_code(todays_code())
    assert again["status"] == "checked_in" and again["ticket_number"] == t.number
    with pytest.raises(AppointmentNotFound) as err:
        facade.appointments.by_code("YY19990101001")
    assert err.value.retry is False and "预约码" in err.value.message_zh


def test_kiosk_side_verifies_certificates(facade, central):
    ok = facade.certificates.verify("DZZZ-2024-110101-000123")
    assert ok.genuine and ok.valid and ok.name == "居民户口簿" and ok.valid_to is None
    forged = facade.certificates.verify("DZZZ-2024-110101-999999")
    assert not forged.genuine and not forged.valid and forged.status == ""
    revoked = facade.certificates.verify("DZZZ-2023-310101-000045")
    assert revoked.genuine and not revoked.valid


def test_server_down_is_an_outage_not_a_verdict(facade, central):
    central.stop()
    with pytest.raises(ServiceUnavailable) as err:
        facade.certificates.verify("DZZZ-2024-110101-000123")
    assert err.value.retry is True and "核验" in err.value.message_zh
    with pytest.raises(AppointmentUnchecked):
        facade.appointments.by_code(todays_code())
    assert not facade.online()
