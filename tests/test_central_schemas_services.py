"""The contract of the central server's service operations (social-security cards, payments,
identity and police documents, printed certificates): every route has its Operation, the
models take the bodies the kiosk really sends (literal JSON, as kiosk/sync writes them) and
refuse what the handlers would refuse, and the served document and behaviour agree."""
from __future__ import annotations

import base64
import json
import logging
import typing
import uuid
from datetime import date

import pytest
import requests
from pydantic import TypeAdapter, ValidationError

from kiosk import protocol as P
from kiosk.central.documents.routes import DocumentHandlers
from kiosk.central.identity import routes as identity_routes
from kiosk.central.payments.routes import PaymentHandlers
from kiosk.central.schemas import all_operations, documents, identity, payments, ssc
from kiosk.central.ssc.routes import SscHandlers
from tests.synchelp import Central

KIOSK = "KSK-T-01"
ID = "110101198506150035"  # fictitious (the demo registry's first person)
AT = "2025-03-18T10:24:00+08:00"
CARD_ID = "110100D156300K000000000000000022"  # the shape drivers/ssc/holders.py makes


@pytest.fixture
def central(tmp_path):
    c = Central(tmp_path).start()
    yield c
    c.close()


def body(op_key, text: str):
    """The operation's body model applied to literal JSON."""
    return all_operations()[op_key].body.model_validate(json.loads(text))


def refused(op_key, text: str) -> str:
    with pytest.raises(ValidationError) as exc:
        body(op_key, text)
    return str(exc.value)


# ----------------------------------------------------------------------------- coverage
def test_every_service_route_has_its_operation(central):
    mine = (SscHandlers, PaymentHandlers, identity_routes.IdentityHandlers, DocumentHandlers)
    routes = {(r.method, r.template) for r in central.app.routes
              if isinstance(getattr(r.handler, "__self__", None), mine)}
    assert len(routes) == 22
    ops = all_operations()
    assert routes <= set(ops)
    modules = (ssc, payments, identity, documents)
    assert routes == {k for m in modules for k in m.OPERATIONS}
    ids = [ops[k].operation_id for k in routes]
    assert len(set(ids)) == len(ids)
    for key in routes:
        op = ops[key]
        assert op.summary and op.tags and op.answers, key
        assert (op.body is not None) == (key[0] == "POST"), key
        for model in [op.body, *op.answers.values()]:
            assert model is None or model.__doc__, (key, model)


def test_the_schema_limits_are_the_handlers():
    assert identity.MAX_PICTURE == identity_routes.MAX_PICTURE
    assert set(typing.get_args(identity.TemplateFormat)) == set(identity_routes.TEMPLATE_SIZES)
    assert identity.FACE_CHECK_BODY > 2 * identity_routes.MAX_PICTURE * 4 // 3


# ----------------------------------------------------------------------------- ssc
def test_ssc_lookups_take_what_the_kiosk_sends():
    assert body(("POST", P.SSC_LOOKUP), '{"id_number": "110101198506150035"}').id_number == ID
    assert body(("POST", P.SSC_LOOKUP), '{"card_number": "A00000011"}').card_number
    assert "give id_number or card_number" in refused(("POST", P.SSC_LOOKUP), "{}")
    refused(("POST", P.SSC_LOOKUP), '{"id_number": null, "card_number": null}')
    refused(("POST", P.SSC_LOOKUP), '{"id_number": 110101198506150035}')
    body(("POST", P.SSC_CODES), '{"id_number": "110101198506150035"}')
    body(("POST", P.SSC_CODE_CHECK), '{"id_number": "110101198506150035", "code": "042917"}')
    refused(("POST", P.SSC_CODE_CHECK), '{"id_number": "110101198506150035", "code": "04291"}')
    body(("POST", P.SSC_READ_AUTH),
         '{"card_id_code": "110100D156300K000000000000000022", "challenge": "0011223344556677"}')
    for challenge in ('"00112233445566"', '"00112233445566ZZ"', "null"):
        refused(("POST", P.SSC_READ_AUTH),
                f'{{"card_id_code": "{CARD_ID}", "challenge": {challenge}}}')
    # a card identification code is ASCII (the card key is derived from its bytes)
    refused(("POST", P.SSC_READ_AUTH),
            '{"card_id_code": "卡识别码", "challenge": "0011223344556677"}')


def test_ssc_records_take_the_outbox_bodies():
    loss = body(("POST", P.SSC_LOSS_REPORTS), f'''{{"report_id": "9b1c0d5e6f7a4b3c8d2e1f0a9b8c7d6e",
        "kiosk_id": "{KIOSK}", "id_number": "{ID}", "identity": {{"method": "idcard"}},
        "at": "{AT}"}}''')
    assert loss.identity.method == "idcard" and loss.card_number is None
    sms = body(("POST", P.SSC_LOSS_REPORTS), f'''{{"report_id": "r1", "id_number": "{ID}",
        "card_number": "A00000011", "identity": {{"method": "sms", "token": "1767225600.ab"}},
        "at": "2025-03-18T02:24:00Z"}}''')
    assert sms.identity.token == "1767225600.ab"
    base = f'"report_id": "r1", "id_number": "{ID}", "identity": {{"method": "idcard"}}'
    assert "token" in refused(("POST", P.SSC_LOSS_REPORTS),
                              f'{{"report_id": "r1", "id_number": "{ID}", '
                              f'"identity": {{"method": "sms"}}, "at": "{AT}"}}')
    for at in ('"x"', '"2025-02-30T10:00:00+08:00"', '"2025-03-18T10:24:00"', "null"):
        refused(("POST", P.SSC_LOSS_REPORTS), f"{{{base}, \"at\": {at}}}")
    refused(("POST", P.SSC_LOSS_REPORTS),
            f'{{{base.replace("idcard", "passport")}, "at": "{AT}"}}')

    app = body(("POST", P.SSC_APPLICATIONS), f'''{{"application_id": "a1", "kiosk_id": "{KIOSK}",
        "id_number": "{ID}", "reason": "lost", "identity": {{"method": "idcard"}},
        "loss_report": {{"report_id": "r1", "at": "{AT}"}}}}''')
    assert app.loss_report.report_id == "r1"
    refused(("POST", P.SSC_APPLICATIONS), f'''{{"application_id": "a1", "id_number": "{ID}",
        "reason": "stolen", "identity": {{"method": "idcard"}}}}''')
    # the handler reads report_id and at of a loss report it is given: both required
    refused(("POST", P.SSC_APPLICATIONS), f'''{{"application_id": "a1", "id_number": "{ID}",
        "reason": "lost", "identity": {{"method": "idcard"}}, "loss_report": {{}}}}''')

    script = f'"card_id_code": "{CARD_ID}", "challenge": "0011223344556677"'
    body(("POST", P.SSC_SCRIPT), f'{{{script}, "atr": "3B8F8001", "blank": true, '
                                 f'"generation": 3}}')
    body(("POST", P.SSC_SCRIPT), f'{{{script}, "atr": "", "blank": false, "generation": 2}}')
    for bad in ('"atr": "3B8", "blank": true, "generation": 3',
                '"blank": "yes", "generation": 3', '"blank": true, "generation": 4',
                '"blank": true, "generation": "3"', '"blank": true'):
        refused(("POST", P.SSC_SCRIPT), f"{{{script}, {bad}}}")

    report = body(("POST", P.SSC_REPORTS), f'''{{"report_id": "r2", "kiosk_id": "{KIOSK}",
        "kind": "failed", "at": "{AT}", "card_id_code": "{CARD_ID}", "reason": "eject",
        "card_at": "reject_bin"}}''')
    assert report.kind == "failed"
    refused(("POST", P.SSC_REPORTS), f'{{"report_id": "r2", "kind": "lost", "at": "{AT}"}}')
    refused(("POST", P.SSC_REPORTS), '{"report_id": "r2", "kind": "taken"}')


# ----------------------------------------------------------------------------- payments
def test_payment_orders_are_for_a_notice_or_an_item_and_amount():
    orders = ("POST", P.PAYMENT_ORDERS)
    fine = body(orders, f'{{"order_id": "o1", "kiosk_id": "{KIOSK}", "journey": "traffic_fines",'
                        f' "notice": "3201052026000123"}}')
    assert fine.notice == "3201052026000123" and fine.amount_fen is None
    fee = body(orders, '{"order_id": "o2", "journey": "ssc", "item": "补卡工本费", '
                       '"amount_fen": 2000, "item_en": "Card fee", "payer": "张*", "ttl_s": 300}')
    assert fee.amount_fen == 2000
    assert "give notice or item and amount_fen" in refused(orders, '{"order_id": "o3"}')
    refused(orders, '{"order_id": "o3", "notice": null}')
    refused(orders, '{"order_id": "o3", "item": "x"}')
    refused(orders, '{"order_id": "", "notice": "1"}')
    for amount in ("0", "-5", "2147483648", "true", '"2000"', "20.5"):
        refused(orders, f'{{"order_id": "o3", "item": "x", "amount_fen": {amount}}}')
    for ttl in ("29", "1801"):
        refused(orders, f'{{"order_id": "o3", "notice": "1", "ttl_s": {ttl}}}')
    body(("POST", P.PAYMENT_CANCEL), f'{{"kiosk_id": "{KIOSK}"}}')
    form = payments.OPERATIONS[("POST", P.PAY_PAGE)].body
    assert form.model_validate({"payment_id": uuid.uuid4().hex})
    with pytest.raises(ValidationError):
        form.model_validate({"payment_id": ""})


# ----------------------------------------------------------------------------- identity
def test_identity_bodies_are_the_kiosks():
    picture = base64.b64encode(b"\xff\xd8\xff\xe0 a JPEG").decode()
    check = body(("POST", P.IDENTITY_FACE_CHECKS),
                 f'{{"id_number": "{ID}", "live_face": "{picture}"}}')
    assert check.card_photo is None
    body(("POST", P.IDENTITY_FACE_CHECKS), f'{{"id_number": "{ID}", "live_face": "QUI="}}')
    # empty, not base64, unpadded (base64.b64decode(validate=True) refuses it), absent
    for live in ('""', '"not base64!"', '"QUI"', "null"):
        refused(("POST", P.IDENTITY_FACE_CHECKS), f'{{"id_number": "{ID}", "live_face": {live}}}')
    assert body(("POST", P.IDENTITY_FINGER_TEMPLATES),
                f'{{"id_number": "{ID}", "format": "zfm"}}').format == "zfm"
    refused(("POST", P.IDENTITY_FINGER_TEMPLATES), f'{{"id_number": "{ID}", "format": "png"}}')

    holder = ('{"name": "赵六", "id_number": "11010119800101003X", "gender": "男", '
              '"birth_date": "1980-01-01", "ethnicity": "汉", "address": "北京市东城区虚构胡同1号"}')
    doc = body(("POST", P.POLICE_DOCUMENTS), f'''{{"kiosk_id": "{KIOSK}", "kind": "temporary_id",
        "purpose": "乘坐火车", "holder": {holder},
        "verification": {{"method": "fingerprint", "score": 87}}}}''')
    assert doc.verification.score == 87
    doc = body(("POST", P.POLICE_DOCUMENTS), f'''{{"kind": "residence", "purpose": "子女入学",
        "holder": {holder}, "verification": "1767225600.9f86d081884c7d65"}}''')
    assert isinstance(doc.verification, str)
    for bad in ('"kind": "passport", "verification": "t"',
                '"kind": "residence", "verification": {"method": "fingerprint", "score": 0}',
                '"kind": "residence", "verification": {"method": "face", "score": 80}',
                '"kind": "residence"'):
        refused(("POST", P.POLICE_DOCUMENTS), f'{{{bad}, "purpose": "其他", "holder": {holder}}}')
    body(("POST", P.POLICE_TRAFFIC_FINES),
         f'{{"id_number": "{ID}", "verification": {{"method": "fingerprint", "score": 40}}}}')
    refused(("POST", P.POLICE_TRAFFIC_FINES), f'{{"id_number": "{ID}"}}')


# ----------------------------------------------------------------------------- documents
def test_certificate_periods_follow_their_kind():
    gen = ("POST", P.DOCUMENTS)
    person = f'"id_number": "{ID}", "name": "张三", "kiosk_id": "{KIOSK}"'
    assert body(gen, f'{{"kind": "ssc_record", "period": "2024-01/2024-12", {person}}}').root
    assert body(gen, f'{{"kind": "tax_certificate", "period": "2025", {person}}}').root
    assert body(gen, f'{{"kind": "household_extract", "period": "current", {person}}}').root
    assert body(gen, f'{{"kind": "property_info", {person}}}').root.period is None
    for bad in ('"kind": "tax_certificate", "period": "current"',
                '"kind": "ssc_record", "period": "2025"', '"kind": "ssc_record"',
                '"kind": "ssc_record", "period": "2024-13/2025-01"',
                '"kind": "property_info", "period": "2025"', '"kind": "marriage"'):
        refused(gen, f"{{{bad}, {person}}}")
    for who in ('"id_number": "11010119850615003", "name": "张三"',
                '"id_number": "110101198506150035", "name": " \\u3000 "'):
        refused(gen, f'{{"kind": "property_info", {who}}}')
    prints = ("POST", P.DOCUMENT_PRINTS)
    body(prints, f'{{"outcome": "printed", "pages": 2, "at": "{AT}", "kiosk_id": "{KIOSK}"}}')
    body(prints, '{"outcome": "failed"}')
    refused(prints, '{"outcome": "jammed"}')


# ----------------------------------------------------------------------------- answers
def test_answer_models_take_the_handlers_answers(central):
    """A few real answers (the rest: schemathesis's response checks)."""
    h = {"Authorization": f"Bearer {central.token(KIOSK)}"}

    def post(path, data):
        return requests.post(central.url + path, json=data, timeout=10,
                             headers={**h, "Idempotency-Key": uuid.uuid4().hex})

    r = post(P.SSC_LOOKUP, {"id_number": ID})
    assert r.status_code == 200, r.text
    ssc.SscAccount.model_validate(r.json())
    r = post(P.PAYMENT_ORDERS, {"order_id": "o-1", "item": "补卡工本费", "amount_fen": 2000})
    assert r.status_code == 201, r.text
    order = payments.PaymentOrder.model_validate(r.json())
    assert order.state == "created" and order.pay_url.endswith("/pay/o-1")
    r = post(P.IDENTITY_FINGER_TEMPLATES, {"id_number": ID})
    identity.FingerprintTemplate.model_validate(r.json())
    r = post(P.DOCUMENTS, {"kind": "household_extract", "id_number": ID, "name": "张三"})
    assert r.status_code == 200, r.text
    doc = documents.GeneratedDocument.model_validate(r.json())
    r = requests.get(central.url + P.path(P.DOCUMENT, document_id=doc.document_id),
                     headers=h, timeout=10)
    documents.DocumentRecord.model_validate(r.json())
    served = requests.get(central.url + "/openapi.json", timeout=10).json()
    ids = {op["operationId"] for item in served["paths"].values() for op in item.values()}
    mine = {op.operation_id for m in (ssc, payments, identity, documents)
            for op in m.OPERATIONS.values()}
    assert mine <= ids


def test_well_formed_requests_refused_for_the_state_of_things_are_422(central):
    """A period the records do not cover yet, a picture that is not one: schema-valid, so not
    a 400, but a business refusal with its code."""
    h = {"Authorization": f"Bearer {central.token(KIOSK)}", "Idempotency-Key": "k" * 16}
    next_year = str(date.today().year + 1)
    r = requests.post(central.url + P.DOCUMENTS, headers=h, timeout=10, json={
        "kind": "tax_certificate", "period": next_year, "id_number": ID, "name": "张三"})
    assert (r.status_code, r.json()["error"]["code"]) == (422, P.Err.PERIOD_NOT_COVERED)
    r = requests.post(central.url + P.DOCUMENTS, headers=h, timeout=10, json={
        "kind": "ssc_record", "period": "2024-12/2024-01", "id_number": ID, "name": "张三"})
    assert (r.status_code, r.json()["error"]["code"]) == (422, P.Err.PERIOD_NOT_COVERED)
    r = requests.post(central.url + P.IDENTITY_FACE_CHECKS, headers=h, timeout=10, json={
        "id_number": ID, "live_face": base64.b64encode(b"not a picture").decode()})
    assert (r.status_code, r.json()["error"]["code"]) == (422, P.Err.IDENTITY_NO_FACE)


def test_documents_schema_is_a_discriminated_union_by_kind():
    schema = TypeAdapter(documents.DocumentRequest).json_schema()
    assert set(schema["discriminator"]["mapping"]) == set(P.DOCUMENT_KINDS)


def test_a_batch_item_is_held_to_its_operations_schema_as_if_posted_alone(central):
    """The outbox delivers these POSTs in batches: an item the schema refuses is that item's
    400, as the same body posted alone is."""
    h = {"Authorization": f"Bearer {central.token(KIOSK)}"}
    bodies = {
        P.path(P.SSC_REPORTS, application_id="a1"): {"report_id": "r1", "kind": "taken",
                                                      "at": "yesterday"},
        P.PAYMENT_ORDERS: {"order_id": "o-9", "item": "x", "amount_fen": 100, "ttl_s": 5},
        P.path(P.DOCUMENT_PRINTS, document_id="d1"): {"outcome": "jammed"},
        P.SSC_APPLICATIONS: {"application_id": "a/1", "id_number": ID, "reason": "lost",
                             "identity": {"method": "idcard"}},
    }
    items = [{"key": uuid.uuid4().hex, "path": path, "body": data}
             for path, data in bodies.items()]
    r = requests.post(central.url + P.BATCH, json={"items": items}, timeout=10,
                      headers={**h, "Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 200, r.text
    for item, result in zip(items, r.json()["results"]):
        alone = requests.post(central.url + item["path"], json=item["body"], timeout=10,
                              headers={**h, "Idempotency-Key": uuid.uuid4().hex})
        assert (result["status"], result["body"]["error"]["code"]) == (400, "invalid"), item
        assert alone.status_code == 400, (item, alone.text)


def test_an_integer_written_with_a_fraction_is_the_integer(central):
    """JSON Schema's integer 2000.0 is 2000: the handlers read bodies as the schema does."""
    h = {"Authorization": f"Bearer {central.token(KIOSK)}"}

    def post(path, data):
        return requests.post(central.url + path, data=data, timeout=10, headers={
            **h, "Idempotency-Key": uuid.uuid4().hex, "Content-Type": "application/json"})

    r = post(P.PAYMENT_ORDERS, '{"order_id": "o-f", "item": "x", "amount_fen": 2000.0, '
                               '"ttl_s": 300.0}')
    assert (r.status_code, r.json()["amount_fen"]) == (201, 2000), r.text
    by_finger = '{"method": "fingerprint", "score": 87.0}'
    r = post(P.POLICE_TRAFFIC_FINES, f'{{"id_number": "{ID}", "verification": {by_finger}}}')
    assert r.status_code == 200, r.text
    assert post(P.PAYMENT_ORDERS, '{"order_id": "o-g", "item": "x", "amount_fen": 20.5}'
                ).status_code == 400


def test_a_name_character_the_font_lacks_stays_out_of_the_log(central, caplog):
    """fpdf2 names each glyph its font lacks in a warning: a citizen's name is personal data
    (and could carry control characters), so that warning is not logged."""
    rare = "\U000194e9"  # a code point Noto Sans CJK has no glyph for (fictitious name)
    caplog.set_level(logging.DEBUG)
    r = requests.post(central.url + P.DOCUMENTS, timeout=30, json={
        "kind": "household_extract", "id_number": ID, "name": f"张{rare}"},
        headers={"Authorization": f"Bearer {central.token(KIOSK)}",
                 "Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 200, r.text
    assert rare not in caplog.text
