"""The reference server's identity service and police documents, through the kiosk's domains
(``central.identity``, ``central.police``) over HTTP: a real face comparison (dlib embeddings
from face-recognition-models' weights, offline), the forced modes (``kiosk-central identity
force``), the fingerprint template shared with the simulators' fictitious fingers, documents
as PDFs whose text is read back, and nothing biometric left on the server."""
from __future__ import annotations

import base64
import logging
from importlib.resources import files

import cv2
import pytest

from kiosk import protocol as P
from kiosk.central.identity.routes import demo_template
from kiosk.sync.client import new_key
from kiosk.sync.identity import IdentityRefused
from kiosk.sync.police import PoliceRefused

ID = "11010119800101003X"  # fictitious (GB 11643 check digit not needed by the service)
HOLDER = {"name": "赵六", "id_number": ID, "gender": "男", "birth_date": "1980-01-01",
          "address": "北京市东城区虚构胡同1号"}


def jpeg(image) -> bytes:
    return cv2.imencode(".jpg", image)[1].tobytes()


def astronaut(size: int = 400):
    image = cv2.imread(str(files("skimage.data").joinpath("astronaut.png")))
    return cv2.resize(image, (size, size))


def pdf_text(pdf: bytes) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    return "".join(page.get_textpage().get_text_range() for page in doc)


def test_the_same_face_matches_with_a_real_method(facade):
    live = jpeg(astronaut())
    answer = facade.identity.compare_face(ID, live)  # against the photo of record
    assert answer.match and answer.score >= 40 and answer.method == "dlib-resnet128"
    assert answer.verification
    # and with a card photo given: the chip's 102×126 picture of the same face
    card = cv2.resize(astronaut(512)[0:260, 120:330], (102, 126))
    given = facade.identity.compare_face(ID, live, card_photo=cv2.imencode(".bmp", card)[1].tobytes())
    assert given.match


def test_another_face_does_not_match():
    from kiosk.central.identity import faces

    # the same astronaut against a different, synthetic "person": her face flipped upside
    # down and mirrored is not found as a face at all; use the baseline on two crops instead
    a = astronaut()
    b = cv2.flip(astronaut(), 1)
    base = faces.LbpHistogramBaseline()
    assert base.compare(a, a).match and base.compare(a, a).method == "lbp-histogram-baseline"
    dlib_faces = faces.comparer()
    assert dlib_faces.compare(a, b).match  # a mirror image is still the same person
    with pytest.raises(faces.NoFace):
        dlib_faces.compare(a, cv2.flip(a, 0))


def test_no_face_in_the_live_picture_is_refused_in_words(facade):
    camera = cv2.imread(str(files("skimage.data").joinpath("camera.png")))
    with pytest.raises(IdentityRefused) as exc:
        facade.identity.compare_face(ID, jpeg(camera))
    assert exc.value.code == P.Err.IDENTITY_NO_FACE and "没有找到人脸" in exc.value.message_zh


def test_forced_modes_by_the_cli(facade, central, tmp_path, capsys):
    from kiosk.central.cli import main

    db = ["--db", central.db_url]
    assert main(["identity", "force", "no_match", *db]) == 0
    answer = facade.identity.compare_face(ID, jpeg(astronaut()))
    assert not answer.match and answer.score == 0 and answer.method == "forced"
    assert answer.verification is None
    assert main(["identity", "force", "match", *db]) == 0
    nobody = cv2.imread(str(files("skimage.data").joinpath("camera.png")))
    assert facade.identity.compare_face(ID, jpeg(nobody)).match  # forced: not compared
    assert main(["identity", "mode", *db]) == 0
    assert capsys.readouterr().out.strip().endswith("match")
    assert main(["identity", "force", "auto", *db]) == 0
    assert facade.identity.compare_face(ID, jpeg(astronaut())).method == "dlib-resnet128"


def test_the_fingerprint_template_is_the_simulators_finger():
    from drivers.core.fingers import template

    assert demo_template(ID) == template("1", "ministry")
    assert demo_template(ID, "zfm") == template("1", "zfm")
    assert demo_template(ID, "gt521f") == template("1", "gt521f")


def test_template_over_http(facade):
    t = facade.identity.fingerprint_template(ID)
    assert t[:4] == b"FMIN" and len(t) == 512


@pytest.mark.parametrize("kind,words", [
    ("temporary_id", ["临时身份证明", ID, "乘坐火车"]),
    ("no_criminal_record", ["无犯罪记录证明", "未发现其有犯罪记录", "110101********003X"]),
    ("residence", ["居住证明", "北京市东城区虚构胡同1号", "110101********003X"]),
])
def test_a_document_after_a_passed_check(facade, central, kind, words):
    from kiosk.journeys.police.flow import KINDS

    ok = facade.identity.compare_face(ID, jpeg(astronaut()))
    purpose = KINDS[kind][2][0]
    key = new_key()
    doc = facade.police.issue(kind, purpose, HOLDER, ok.verification, key=key)
    assert doc.pdf.startswith(b"%PDF") and doc.code.startswith("GA") and len(doc.code) == 14
    text = pdf_text(doc.pdf)
    for w in words + [purpose, doc.code]:
        assert w in text, w
    if kind != "temporary_id":
        assert ID not in text  # certificates show the number masked
    assert doc.holder == "赵*" and len(doc.pickup_code) == 6
    again = facade.police.issue(kind, purpose, HOLDER, ok.verification, key=key)
    assert (again.code, again.pickup_code) == (doc.code, doc.pickup_code)  # the same document
    # anyone can check the code; the answer has the holder masked
    reply = facade.client.call("GET", P.path(P.POLICE_VERIFY, code=doc.code))
    assert reply.data["valid"] and reply.data["holder"] == "赵*" and reply.data["kind"] == kind


def test_no_document_without_a_passed_check(facade):
    with pytest.raises(PoliceRefused) as exc:
        facade.police.issue("residence", "其他", HOLDER, "1.deadbeef")
    assert exc.value.code == P.Err.IDENTITY_NOT_VERIFIED and "重新办理" in exc.value.message_zh
    other = facade.identity.compare_face("11010119900101002X", jpeg(astronaut()))
    with pytest.raises(PoliceRefused):  # another person's check does not count
        facade.police.issue("residence", "其他", HOLDER, other.verification)
    finger = {"method": "fingerprint", "score": 120}  # a pad's match (the kiosk's word)
    assert facade.police.issue("residence", "其他", HOLDER, finger).kind == "residence"


def test_nothing_biometric_stays_on_the_server(facade, central, caplog):
    caplog.set_level(logging.DEBUG)
    live = jpeg(astronaut())
    ok = facade.identity.compare_face(ID, live)
    facade.identity.fingerprint_template(ID)
    facade.police.issue("temporary_id", "其他", HOLDER, ok.verification)
    db = central.db_url.removeprefix("sqlite:///")
    import glob

    from pathlib import Path

    data = b"".join(Path(f).read_bytes() for f in glob.glob(db + "*"))
    chunk = live[len(live) // 2:len(live) // 2 + 64]
    for needle in (chunk, base64.b64encode(live)[100:164], ID.encode(),
                   demo_template(ID)[8:72], base64.b64encode(demo_template(ID))[20:80]):
        assert needle not in data
        assert not any(needle.decode("latin-1") in r.getMessage() for r in caplog.records)
