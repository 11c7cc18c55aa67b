"""https: the kiosk verifies the server against its configured CA; a client certificate
(mTLS) authenticates the kiosk by its common name, without a token."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.central.server import CentralServer, server_tls_context
from kiosk.sync.client import CentralClient, NetworkError
from tests.synchelp import Central


def _cert(name: str, issuer_key, issuer_name, *, ca: bool = False, san: bool = False):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.timezone.utc)
    b = (x509.CertificateBuilder().subject_name(subject)
         .issuer_name(issuer_name or subject).public_key(key.public_key())
         .serial_number(x509.random_serial_number())
         .not_valid_before(now - dt.timedelta(minutes=5))
         .not_valid_after(now + dt.timedelta(days=1))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if san:
        import ipaddress

        b = b.add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    cert = b.sign(issuer_key or key, hashes.SHA256())
    return key, cert


def _write(path, key, cert):
    path.with_suffix(".crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    path.with_suffix(".key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return str(path.with_suffix(".crt")), str(path.with_suffix(".key"))


@pytest.fixture
def pki(tmp_path):
    ca_key, ca = _cert("Test Hall CA", None, None, ca=True)
    ca_file = tmp_path / "ca.crt"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    s_key, s_cert = _cert("central", ca_key, ca.subject, san=True)
    server = _write(tmp_path / "server", s_key, s_cert)
    c_key, c_cert = _cert("KSK-TLS-01", ca_key, ca.subject)
    client = _write(tmp_path / "kiosk", c_key, c_cert)
    other_ca_key, other_ca = _cert("Other CA", None, None, ca=True)
    other = tmp_path / "other-ca.crt"
    other.write_bytes(other_ca.public_bytes(serialization.Encoding.PEM))
    return {"ca": str(ca_file), "server": server, "client": client, "other_ca": str(other)}


@pytest.fixture
def tls_central(tmp_path, pki):
    c = Central(tmp_path)
    ctx = server_tls_context(*pki["server"], client_ca=pki["ca"])
    c.server = CentralServer(c.app, "127.0.0.1", 0, tls=ctx).start()
    yield c.server
    c.close()


def test_client_certificate_authenticates_the_kiosk(tls_central, pki):
    client = CentralClient(tls_central.url, kiosk_id="KSK-TLS-01", client_cert=pki["client"],
                           ca_file=pki["ca"])
    try:
        t = client.take_ticket({"category": "fund"}, uuid.uuid4().hex)
        assert t["number"] == "A001" and t["kiosk_id"] == "KSK-TLS-01"
    finally:
        client.close()


def test_server_not_signed_by_the_configured_ca_is_refused(tls_central, pki):
    client = CentralClient(tls_central.url, kiosk_id="KSK-TLS-01", client_cert=pki["client"],
                           ca_file=pki["other_ca"])
    try:
        with pytest.raises(NetworkError, match="not trusted"):
            client.health()
    finally:
        client.close()


def test_without_certificate_or_token_the_kiosk_is_refused(tls_central, pki):
    from kiosk.sync.client import AuthFailed

    client = CentralClient(tls_central.url, kiosk_id="KSK-TLS-01", ca_file=pki["ca"])
    try:
        assert client.health()["status"] == "ok"  # public
        with pytest.raises(AuthFailed):
            client.take_ticket({"category": "fund"}, uuid.uuid4().hex)
    finally:
        client.close()
