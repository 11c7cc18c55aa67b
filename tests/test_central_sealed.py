"""Personal data at rest in the server's database (kiosk/central/store/sealed.py) and names in
its log (kiosk/central/redact.py).

The token format is pinned by literal vectors and recomputed from the primitives; a tampered
token, one moved to another column or one of another key does not open. Then each domain: a
request with a fictitious name, ID number and mobile, and the raw SQLite files (database and
WAL) hold none of them in clear, while the API answers as before (lookups by ID number find
their record). Everything here is fictitious.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import tomllib
import uuid
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from drivers.ssc.holders import blank_card
from kiosk import protocol as P
from kiosk.central import auth, db
from kiosk.central.api import CentralApp, Request
from kiosk.central.catalogue import load_catalogue
from kiosk.central.redact import mask_text
from kiosk.central.ssc.store import DEMO_FILE, people
from kiosk.central.store import CentralStore, open_engine
from kiosk.central.store.cases import cases
from kiosk.central.store.sealed import (
    Digest,
    KeyedHash,
    NoDataKey,
    Sealed,
    SealedError,
    Sealer,
    bind,
    derive_data_key,
    seal_existing,
    sealed_error,
)

KIOSK = "KSK-T-01"
NAME = "欧阳明月"  # fictitious, as the numbers below
ID_NUMBER = "11010519491231002X"
MOBILE = "13912345678"
SCAN = b"FICTITIOUS-SCAN-" + bytes(range(256)) * 8

KEY = bytes(range(32))
NONCE = bytes(12)


# ----------------------------------------------------------------------------- the format
def _hkdf(key: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(key)


def test_a_token_is_v1_nonce_ciphertext_with_the_column_as_associated_data():
    token = Sealer(KEY).seal("张三".encode(), "cases.applicant_name", nonce=NONCE)
    assert token.hex() == ("7631" "000000000000000000000000"
                           "a5eaa8f1139c"  # 6 bytes of ciphertext ("张三" in UTF-8)
                           "eeef206d1d2d22247037a66722ec3ce4")  # the GCM tag
    # the same from the primitives: AES-256-GCM under HKDF(data key, label)
    aes = AESGCM(_hkdf(KEY, b"kiosk-central/sealed-columns/aes-256-gcm"))
    assert token == b"v1" + NONCE + aes.encrypt(NONCE, "张三".encode(), b"cases.applicant_name")
    assert Sealer(KEY).open(token, "cases.applicant_name") == "张三".encode()


def test_the_data_key_and_the_keyed_hash_are_pinned():
    secret = b"test-signing-key-0123456789abcde"
    assert derive_data_key(secret) == _hkdf(secret, b"kiosk-central/data-at-rest/v1")
    assert derive_data_key(secret).hex() == (
        "b5ecf5e28b2ddb0e32bbd3542af6ff69cf44594ca477d8c20c787ded0bd3bf24")
    digest = Sealer(KEY).keyed_hash(" 11010519491231002x ")  # normalised: trimmed, upper case
    mac_key = _hkdf(KEY, b"kiosk-central/lookup-hashes/hmac-sha256")
    assert digest == hmac.new(mac_key, b"id_number\x0011010519491231002X",
                              hashlib.sha256).hexdigest()
    assert digest == "637ca72d163430b064ad554a62709bc318a6de9d68e7dc2a68ccd7c6b6909976"
    assert isinstance(digest, Digest)
    # an ID number and a mobile never hash alike, nor under another key
    assert Sealer(KEY).keyed_hash("13912345678", "mobile") != Sealer(KEY).keyed_hash(
        "13912345678", "id_number")
    assert Sealer(bytes(32)).keyed_hash(ID_NUMBER) != Sealer(KEY).keyed_hash(ID_NUMBER)


@pytest.mark.parametrize("where", [0, 1, 2, 13, 14, 20, -1])
def test_a_tampered_token_is_refused(where):
    token = bytearray(Sealer(KEY).seal(b"form", "cases.form", nonce=NONCE))
    token[where] ^= 0x01
    with pytest.raises(SealedError, match="sealed column cases.form"):
        Sealer(KEY).open(bytes(token), "cases.form")


def test_a_token_moved_to_another_column_or_key_or_cut_short_is_refused():
    token = Sealer(KEY).seal(MOBILE.encode(), "tickets.mobile")
    with pytest.raises(SealedError, match="sealed column cases.mobile: does not open"):
        Sealer(KEY).open(token, "cases.mobile")
    with pytest.raises(SealedError, match="does not open"):
        Sealer(bytes(32)).open(token, "tickets.mobile")
    for broken in (token[:20], MOBILE.encode(), b""):
        with pytest.raises(SealedError, match="not a sealed value"):
            Sealer(KEY).open(broken, "tickets.mobile")
    assert MOBILE not in str(SealedError("tickets.mobile", "x"))  # the error never quotes it


def test_columns_seal_on_write_open_on_read_and_compare_by_keyed_hash():
    md = sa.MetaData()
    t = sa.Table("t", md, sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("name", Sealed("t.name")), sa.Column("scan", Sealed("t.scan",
                                                                               binary=True)),
                 sa.Column("id_number", KeyedHash("id_number")))
    engine = sa.create_engine("sqlite://")
    md.create_all(engine)
    with pytest.raises(sa.exc.StatementError) as no_key, engine.begin() as conn:
        conn.execute(t.insert().values(name=NAME))
    assert isinstance(sealed_error(no_key.value), NoDataKey)
    bind(engine, KEY)
    with engine.begin() as conn:
        conn.execute(t.insert().values(name=NAME, scan=SCAN, id_number=ID_NUMBER.lower()))
        conn.execute(t.insert().values(name="", scan=b"", id_number=""))
        raw = conn.execute(sa.text("SELECT name, scan, id_number FROM t ORDER BY id")).all()
        assert raw[0][0][:2] == b"v1" and NAME.encode() not in raw[0][0]
        assert SCAN[:16] not in raw[0][1] and raw[0][2] == Sealer(KEY).keyed_hash(ID_NUMBER)
        assert raw[1][2] is None  # no ID number: no hash any lookup could find
        rows = conn.execute(sa.select(t).order_by(t.c.id)).all()
        assert (rows[0].name, rows[0].scan, rows[1].name, rows[1].scan) == (NAME, SCAN, "", b"")
        found = conn.execute(sa.select(t.c.id).where(t.c.id_number == ID_NUMBER)).all()
        assert found == [(1,)]
        # a hash read back compares as it is (not hashed twice)
        assert conn.execute(sa.select(t.c.id).where(t.c.id_number == rows[0].id_number)
                            ).all() == [(1,)]
        assert conn.execute(sa.select(t.c.id).where(t.c.id_number == "")).all() == []
    bind(engine, bytes(32))
    with pytest.raises(SealedError, match="sealed column t.name"), engine.connect() as conn:
        conn.execute(sa.select(t)).all()


# ----------------------------------------------------------------------------- the log
def test_free_text_is_masked_for_the_log():
    assert mask_text("print_failed:paper_out") == "print_failed:paper_out"
    assert mask_text("locker:locker:9:left_open") == "locker:locker:9:left_open"
    assert mask_text(f"{NAME} 需要帮助 {ID_NUMBER} {MOBILE}") == \
        "欧*** 需*** 1101**********002X 139****5678"
    assert mask_text("Zhang San called, +86 139 1234 5678") == \
        "Z**** S** called, +86 139 **** 5678"
    assert mask_text("help\nFORGED central: line\x1b[31m") == \
        "help\\nFORGED central: line\\x1b[31m"


# ----------------------------------------------------------------------------- the domains
def post(central, path, body, *, kiosk=KIOSK):
    h = {"Authorization": f"Bearer {central.token(kiosk)}", "Content-Type": "application/json",
         "Idempotency-Key": uuid.uuid4().hex}
    return requests.post(central.url + path, data=json.dumps(body, ensure_ascii=False)
                         .encode(), headers=h, timeout=10)


def get(central, path, kiosk=KIOSK):
    return requests.get(central.url + path,
                        headers={"Authorization": f"Bearer {central.token(kiosk)}"}, timeout=10)


def raw_bytes(central) -> bytes:
    """The SQLite database and its WAL as they are on disk."""
    db = Path(sa.engine.make_url(central.db_url).database)
    return b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal"))
                    if p.exists())


def in_clear(central, *values) -> list:
    data = raw_bytes(central)
    return [v for v in values if (v.encode() if isinstance(v, str) else v) in data]


def case_body(case_id: str) -> dict:
    return {"case_id": case_id, "item_code": "police-temp-id-proof",
            "submitted_at": "2025-01-01T09:00:00+08:00",
            "form": {"applicant": NAME, "address": "示例路1号"},
            "applicant": {"name": NAME, "id_number": ID_NUMBER, "mobile": MOBILE},
            "attachments": [{"attachment_id": uuid.uuid4().hex, "kind": "scan", "seq": 0,
                             "data_b64": base64.b64encode(SCAN).decode(),
                             "sha256": hashlib.sha256(SCAN).hexdigest()}]}


def test_cases_lockers_and_sms_keep_no_personal_data_in_clear(central):
    case_id = uuid.uuid4().hex[:12]
    r = post(central, P.CASES, case_body(case_id))
    assert r.status_code == 201, r.text
    assert get(central, P.path(P.CASE, case_id=case_id)).json()["attachments"] == 1
    # the case lookup by ID number (any letter case) still finds it
    found = post(central, P.CASE_LOOKUP, {"id_number": ID_NUMBER.lower()})
    assert [c["case_id"] for c in found.json()["cases"]] == [case_id]
    assert post(central, P.CASE_LOOKUP, {"id_number": "110105194912310038"}).json() == \
        {"cases": []}
    # loaded into a locker: the SMS to the case's mobile, the pickup by ID number
    r = post(central, P.LOCKER_EVENTS, {
        "event_id": uuid.uuid4().hex, "device": "locker", "compartment": 3, "size": "S",
        "event": "loaded", "status": "loaded", "door": "closed", "occupied": True,
        "case_id": case_id, "pickup_code": "654321", "at": "2025-03-18T10:00:00+08:00"})
    assert r.status_code == 201, r.text
    pickup = post(central, P.LOCKER_PICKUP_LOOKUP, {"id_number": ID_NUMBER})
    assert pickup.status_code == 200 and pickup.json()["compartments"][0]["compartment"] == 3
    with central.app.engine.connect() as conn:
        [sms] = central.store.lockers.sms(conn, case_id)
        stored = central.store.cases.view(conn, case_id)
    assert sms["mobile"] == MOBILE and "取件码 654321" in sms["text"]
    assert stored["status"] == "ready_for_pickup"
    assert in_clear(central, NAME, ID_NUMBER, ID_NUMBER.lower(), MOBILE, SCAN[:64],
                    "示例路1号", "654321") == []
    assert in_clear(central, case_id, "police-temp-id-proof")  # (the files read are the ones)


def test_a_chunked_upload_keeps_its_chunks_sealed(central):
    case_id = uuid.uuid4().hex[:12]
    body = case_body(case_id)
    body["attachments"] = []
    assert post(central, P.CASES, body).status_code == 201
    attachment_id = uuid.uuid4().hex
    data = SCAN * 4
    chunk = len(data) // 2
    r = post(central, P.path(P.UPLOAD, case_id=case_id, attachment_id=attachment_id), {
        "seq": 0, "kind": "scan", "name": "scan.bin", "content_type": "application/octet-stream",
        "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "chunk_bytes": chunk})
    assert r.status_code in (200, 201), r.text
    for offset in (0, chunk):
        part = data[offset:offset + chunk]
        r = post(central, P.path(P.UPLOAD_CHUNKS, case_id=case_id, attachment_id=attachment_id),
                 {"offset": offset, "data_b64": base64.b64encode(part).decode(),
                  "sha256": hashlib.sha256(part).hexdigest()})
        assert r.status_code in (200, 201), r.text
    assert central.count("case_upload_chunks") == 2 and in_clear(central, SCAN[:64]) == []
    r = post(central, P.path(P.UPLOAD_COMPLETE, case_id=case_id, attachment_id=attachment_id),
             {})
    assert r.status_code in (200, 201) and r.json()["sha256"] == hashlib.sha256(data).hexdigest()
    assert in_clear(central, SCAN[:64], NAME, ID_NUMBER, MOBILE) == []


def test_tickets_staff_calls_and_evaluations_keep_no_personal_data_in_clear(central):
    log = logging.getLogger("kiosk.central.api")
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())
    log.addHandler(handler)
    try:
        ticket = post(central, P.TICKETS, {"category": "tax", "mobile": MOBILE})
        assert ticket.status_code == 201, ticket.text
        reason = f"{NAME} {ID_NUMBER} {MOBILE}"
        call = post(central, P.STAFF_CALLS, {"call_id": uuid.uuid4().hex, "reason": reason,
                                             "at": "2025-03-18T10:00:00+08:00"})
        assert call.status_code == 201 and call.json()["reason"] == reason
    finally:
        log.removeHandler(handler)
    r = post(central, P.EVALUATIONS, {"evaluation_id": uuid.uuid4().hex, "subject_type": "kiosk",
                                      "subject": KIOSK, "score": 4, "comment": f"{NAME}很耐心",
                                      "at": "2025-03-18T10:00:00+08:00"})
    assert r.status_code == 201, r.text
    with central.app.engine.connect() as conn:
        [listed] = central.store.staff_calls.list_day(conn, "2025-03-18")
        assert listed["reason"] == reason  # the staff's own list reads it
        [mobile] = conn.execute(sa.text("SELECT COUNT(*) FROM tickets WHERE mobile IS NOT NULL")
                                ).one()
    assert mobile == 1
    [staff_line] = [line for line in lines if "STAFF CALL" in line]
    assert staff_line.endswith("欧*** 1101**********002X 139****5678")
    assert in_clear(central, NAME, ID_NUMBER, MOBILE) == []


def test_ssc_people_are_found_by_id_number_and_kept_sealed(central):
    demo = tomllib.loads(DEMO_FILE.read_text(encoding="utf-8"))["people"]
    zhang = next(p for p in demo if p["key"] == "zhangsan")
    found = post(central, P.SSC_LOOKUP, {"id_number": zhang["id_number"]})
    assert found.status_code == 200, found.text
    assert found.json()["person"]["name_masked"] == "张*"
    by_card = post(central, P.SSC_LOOKUP, {"card_number": zhang["card_number"]})
    assert by_card.json()["person"] == found.json()["person"]
    report = {"report_id": uuid.uuid4().hex, "at": "2025-03-18T10:00:00+08:00"}
    opened = post(central, P.SSC_APPLICATIONS, {
        "application_id": uuid.uuid4().hex, "kiosk_id": KIOSK, "id_number": zhang["id_number"],
        "reason": "lost", "identity": {"method": "idcard"}, "loss_report": report})
    assert opened.status_code in (200, 201), opened.text
    card = blank_card(3)
    script = post(central, P.path(P.SSC_SCRIPT, application_id=opened.json()["application_id"]),
                  {"card_id_code": card.card_id_code, "challenge": "0011223344556677",
                   "atr": card.atr.hex().upper(), "blank": True, "generation": 3})
    assert script.status_code in (200, 201), script.text
    # the card is written with the number and name in clear: the server opened them
    assert script.json()["expect"]["id_number"] == zhang["id_number"]
    assert script.json()["expect"]["name"] == zhang["name"]
    with central.app.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(people)).scalar_one() == \
            len(demo)
    secrets_ = [v for p in demo for v in (p["name"], p["id_number"], p.get("mobile"),
                                          p["birth_date"]) if v]
    assert in_clear(central, *secrets_) == []
    assert in_clear(central, zhang["card_number"])  # (not personal: kept as it is)


def test_data_another_key_cannot_open_is_one_log_line_and_no_500(central, caplog):
    case_id = uuid.uuid4().hex[:12]
    assert post(central, P.CASES, case_body(case_id)).status_code == 201
    # the same database, served with another secret (a server restored without its key)
    other = CentralApp(CentralStore(open_engine(central.db_url), load_catalogue()),
                       b"another-secret-0123456789abcdef!", demo_appointments=False)
    try:
        token = f"Bearer {auth.issue_token(other.secret, KIOSK)}"
        with caplog.at_level(logging.ERROR, logger="kiosk.central.api"):
            resp = other.handle(Request("GET", P.path(P.CASE, case_id=case_id),
                                        {"authorization": token}))
        assert resp.status == 503
        assert json.loads(resp.body)["error"]["code"] == P.Err.INTERNAL
        [record] = [r for r in caplog.records if r.name == "kiosk.central.api"]
        assert record.exc_info is None and "\n" not in record.getMessage()
        assert "sealed column cases." in record.getMessage()
        assert NAME not in record.getMessage() and MOBILE not in record.getMessage()
    finally:
        other.engine.dispose()


def test_a_database_written_in_clear_is_sealed_in_place(tmp_path):
    """A database made before sealing, its columns migrated to the new types: the clear
    values are sealed (and hashed) where they are, once; another key stops it unharmed."""
    path = tmp_path / "old.db"
    engine = open_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:  # as the type migration leaves them: text, in clear
            conn.execute(sa.text(
                "INSERT INTO cases (case_id, kiosk_id, item_code, applicant_name, "
                "applicant_id_number, mobile, form, status, submitted_at, received_at) VALUES "
                "('c1', :k, 'police-temp-id-proof', :n, :i, :m, :f, 'received', "
                "'2025-01-01T09:00:00+08:00', 0)"),
                {"k": KIOSK, "n": NAME, "i": ID_NUMBER, "m": MOBILE,
                 "f": json.dumps({"applicant": NAME}, ensure_ascii=False)})
            conn.execute(sa.text(
                "INSERT INTO staff_calls (call_id, kiosk_id, reason, at, day, received_at) "
                "VALUES ('s1', :k, :r, '2025-03-18T10:00:00+08:00', '2025-03-18', 0)"),
                {"k": KIOSK, "r": NAME})
            assert seal_existing(conn, db.metadata, KEY) == 2
            assert seal_existing(conn, db.metadata, KEY) == 0  # once
            with pytest.raises(SealedError):
                seal_existing(conn, db.metadata, bytes(32))
        engine.dispose()
        data = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("old"))
        assert NAME.encode() not in data and ID_NUMBER.encode() not in data
        assert MOBILE.encode() not in data
        store = CentralStore(engine, load_catalogue())
        store.data_key = KEY
        with engine.connect() as conn:
            row = conn.execute(sa.select(sa.text("*")).select_from(sa.table("cases"))).one()
            assert row.applicant_id_number == Sealer(KEY).keyed_hash(ID_NUMBER)
            opened = conn.execute(sa.select(cases)).one()
            assert (opened.applicant_name, opened.applicant_id_sealed, opened.mobile) == \
                (NAME, ID_NUMBER, MOBILE)
            assert json.loads(opened.form) == {"applicant": NAME}
            assert [c for (c,) in conn.execute(sa.select(cases.c.case_id).where(
                cases.c.applicant_id_number == ID_NUMBER.lower()))] == ["c1"]
            [call] = store.staff_calls.list_day(conn, "2025-03-18")
            assert call["reason"] == NAME
    finally:
        engine.dispose()
