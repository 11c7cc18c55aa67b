"""在线申报 over the outbox: a case and its materials (sealed blob files, chunked uploads that
resume) are delivered once and in order; the server keeps partial uploads by (case,
attachment, offset); nothing personal is readable on the kiosk's disk."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from kiosk import protocol as P
from kiosk.central.store.cases import attachments
from kiosk.sync.client import NetworkError
from tests.faultfs import FaultFS, available

REPO = Path(__file__).resolve().parents[1]
ITEM = "fund-withdraw-retire"
APPLICANT = {"name": "韩梅梅", "id_number": "110101195001011234", "mobile": "13800138000"}


def material(name: str, size: int, seed: int) -> dict:
    # fictitious content, different in every chunk (a repeated block would hide a mix-up)
    block = b"".join(hashlib.sha256(f"{seed}:{i}".encode()).digest() for i in range(size // 32 + 1))
    return {"name": name, "data": block[:size], "content_type": "application/pdf"}


def drain_all(facade) -> None:
    for _ in range(20):
        facade.relay.drain(deadline_s=60)
        if facade.outbox.status()["pending"] == 0:
            return
    raise AssertionError(f"still pending: {facade.outbox.entries('pending')}")


def test_a_case_with_materials_arrives_in_order_complete_and_accepted(facade, central):
    a = material("离退休证明", 3 * P.UPLOAD_CHUNK_BYTES + 1000, 1)
    b = material("居民身份证", 5000, 2)
    receipt = facade.cases.apply(ITEM, APPLICANT, {}, [a, b], missing=["本人银行卡"],
                                 delivery={"method": "post", "address": "东城区 示例路1号"})
    case_id = receipt["case_id"]
    assert len(case_id) == 12 and case_id.isdigit() and receipt["attachments"] == 2
    assert facade.cases.track(case_id)["status"] == "queued_on_kiosk"
    assert len(facade.cases.blobs.names()) == 2
    drain_all(facade)
    a_ = attachments.c  # (a select: the stored data is sealed, store/sealed.py)
    rows = central.rows(sa.select(a_.seq, a_.name, a_.size, a_.sha256, a_.data)
                        .where(a_.case_id == case_id).order_by(a_.id))
    assert [(r[0], r[1], r[2]) for r in rows] == [(0, "离退休证明", len(a["data"])),
                                                 (1, "居民身份证", 5000)]
    assert bytes(rows[0][4]) == a["data"] and rows[0][3] == hashlib.sha256(a["data"]).hexdigest()
    assert central.count("case_upload_chunks") == 0  # joined, the parts gone
    progress = facade.cases.track(case_id)
    assert progress["status"] == "accepted" and progress["missing"] == ["本人银行卡"]
    assert progress["delivery"] == "post" and progress["item_name"] == "离退休提取住房公积金"
    assert facade.cases.blobs.names() == []  # deleted once the server confirmed
    assert [c["case_id"] for c in facade.cases.mine(APPLICANT["id_number"])] == [case_id]


def test_a_cut_in_the_middle_of_an_upload_resumes_with_the_missing_chunks_only(facade, central):
    doc = material("户口簿", 10 * P.UPLOAD_CHUNK_BYTES, 3)
    case_id = facade.cases.apply(ITEM, APPLICANT, {}, [doc])["case_id"]
    up = facade.cases.uploader

    def cut(i: int, n: int) -> None:
        if i == 3:  # the network goes after the fourth chunk
            raise NetworkError("connection reset (test)")

    up.on_chunk = cut
    report = facade.relay.drain(deadline_s=60)
    assert report.outage
    assert central.count("case_upload_chunks") == 4
    assert central.count("attachments") == 0
    up.on_chunk = None
    sent_before = up.stats.chunks_sent
    drain_all(facade)
    assert up.stats.chunks_sent - sent_before == 6 and up.stats.chunks_skipped == 4
    [(data,)] = central.rows(sa.select(attachments.c.data)
                             .where(attachments.c.case_id == case_id))
    assert bytes(data) == doc["data"]
    assert facade.cases.track(case_id)["status"] == "accepted"


def test_a_chunk_sent_twice_is_kept_once_and_a_bad_chunk_is_refused(facade, central):
    import base64

    case_id = facade.cases.apply(ITEM, APPLICANT, {}, [material("x", 10, 4)])["case_id"]
    facade.relay.deliverers.clear()  # deliver the case only, then talk to the server by hand
    facade.relay.drain_once()
    client = facade.client
    aid = "a" * 32
    up = P.path(P.UPLOAD, case_id=case_id, attachment_id=aid)
    data = b"0123456789"
    meta = {"seq": 0, "kind": "scan", "name": "x", "content_type": "application/pdf",
            "size": 20, "sha256": hashlib.sha256(data * 2).hexdigest(), "chunk_bytes": 10}
    assert client.request("POST", up, body=meta).data["offsets"] == []
    chunk = {"offset": 10, "sha256": hashlib.sha256(data).hexdigest(),
             "data_b64": base64.b64encode(data).decode()}
    url = P.path(P.UPLOAD_CHUNKS, case_id=case_id, attachment_id=aid)
    for _ in range(2):
        assert client.request("POST", url, body=chunk).status == 200
    assert client.request("GET", up).data["offsets"] == [10]
    bad = dict(chunk, offset=0, sha256="0" * 64)
    r = client.request("POST", url, body=bad)
    assert r.status == 422 and r.data["error"]["code"] == P.Err.CHECKSUM
    r = client.request("POST", P.path(P.UPLOAD_COMPLETE, case_id=case_id, attachment_id=aid),
                       body={})
    assert r.status == 409 and r.data["error"]["code"] == P.Err.UPLOAD_INCOMPLETE
    r = client.request("POST", up, body=dict(meta, size=30))
    assert r.status == 422 and r.data["error"]["code"] == P.Err.UPLOAD_MISMATCH


def test_personal_data_and_scans_are_not_readable_on_the_kiosk_disk(facade, central, tmp_path):
    marker = "机密材料内容-ZX81-示例".encode()
    doc = {"name": "离退休证明", "data": marker * 40_000, "content_type": "application/pdf"}
    facade.cases.apply(ITEM, APPLICANT, {"note": "示例"}, [doc])
    facade.outbox.engine.dispose()  # (whatever SQLite holds is on the disk now)
    secrets = [marker, APPLICANT["name"].encode(), APPLICANT["id_number"].encode(),
               APPLICANT["mobile"].encode()]
    data_dir = Path(facade.settings.data_dir)
    found = [(p, s) for p in data_dir.rglob("*") if p.is_file()
             for s in secrets if s in p.read_bytes()]
    assert found == []
    assert facade.cases.blobs.names()  # (the scan is on the disk: sealed)
    drain_all(facade)
    assert facade.cases.blobs.names() == []


CHILD = r'''
import os, signal, sys
from kiosk.config import Settings
from kiosk.sync.central import build_central
from kiosk.sync.relay import Backoff

data_dir, url, token_file, moment = sys.argv[1:5]
s = Settings()
s.kiosk.id = "KSK-T-01"
s.kiosk.data_dir = data_dir
s.kiosk.disk_reserve_mb = 0
s.central.url = url
s.central.embedded_server = False
s.central.token_file = token_file
central = build_central(s, backoff=Backoff(base_s=0.01, cap_s=0.05))
from kiosk import protocol as P
size = 4 * P.UPLOAD_CHUNK_BYTES + 7
data = bytes((i * 7919) % 251 for i in range(size))
receipt = central.cases.apply("fund-withdraw-retire",
    {"name": "韩梅梅", "id_number": "110101195001011234"}, {},
    [{"name": "离退休证明", "data": data, "content_type": "application/pdf"}])
print("applied", receipt["case_id"], flush=True)
relay = central.relay
if moment == "last_chunk":  # the server has the last chunk; the kiosk dies before "complete"
    def hook(i, n):
        if i == n - 1:
            os.kill(os.getpid(), signal.SIGKILL)
    central.cases.uploader.on_chunk = hook
else:  # "commit": the upload is recorded delivered; the kiosk dies as it sends the commit
    send = relay._send
    def _send(entries):
        if any(e.kind == "case_commit" for e in entries):
            os.kill(os.getpid(), signal.SIGKILL)
        return send(entries)
    relay._send = _send
relay.drain(deadline_s=120)
print("not killed", flush=True)
'''


@pytest.mark.parametrize("moment", ["last_chunk", "commit"])
def test_kill_9_between_the_last_chunk_and_the_commit_delivers_the_case_once(
        tmp_path, central, moment):
    from kiosk.central import auth
    from kiosk.sync.central import build_central

    with _disk(tmp_path) as (root, fs):
        data_dir = root / "kiosk"
        token = tmp_path / "token"
        auth.write_token_file(token, central.token("KSK-T-01"))
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(data_dir), central.url, str(token), moment],
            capture_output=True, text=True, cwd=REPO, timeout=300, check=False,
            env=dict(os.environ, PYTHONPATH=str(REPO)))
        assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
        case_id = proc.stdout.split()[1]
        if fs is not None:
            fs.power_cut("lose", 7)  # and the disk keeps only what was made durable
        s = central.settings(tmp_path)
        s.kiosk.data_dir = str(data_dir)
        s.central.token_file = str(token)
        again = build_central(s)
        try:
            assert central.count("cases") == 1
            assert central.count("case_events", "WHERE status = 'accepted'") == 0
            drain_all(again)
            sent = again.cases.uploader.stats
            if moment == "last_chunk":  # every chunk was there: none is sent again
                assert sent.chunks_sent == 0 and sent.chunks_skipped == 5
            assert again.cases.track(case_id)["status"] == "accepted"
        finally:
            again.close()
    assert central.count("cases") == 1 and central.count("attachments") == 1
    assert central.count("case_events", "WHERE status = 'accepted'") == 1


class _disk:
    """The power-cut disk (tests/faultfs.py) where FUSE is available; else a plain directory
    (then the kill -9 is tested, the lost page cache is not)."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.fs = None

    def __enter__(self):
        if available() is None:
            self.fs = FaultFS(self.tmp / "mnt").start()
            return self.fs.path, self.fs
        return self.tmp, None

    def __exit__(self, *exc) -> None:
        if self.fs is not None:
            self.fs.stop()


def test_catalogue_items_are_read_in_either_shape():
    from kiosk.sync.cases import apply_item

    guide = apply_item({"code": "a", "name": "甲", "guide": {"materials": [
        {"name": "离退休证明", "name_en": "Retirement certificate", "lenient": True},
        {"name": "照片", "required": False}]}})
    flat = apply_item({"code": "b", "name": "乙", "accept_missing": True,
                       "materials": ["申请表", {"name": "户口簿"}, {"no": "name"}]})
    assert [(m["name"], m["required"], m["lenient"]) for m in guide["materials"]] == [
        ("离退休证明", True, True), ("照片", False, False)]
    assert [(m["name"], m["lenient"]) for m in flat["materials"]] == [
        ("申请表", True), ("户口簿", True)]


def test_blob_files_are_private_and_a_torn_one_is_refused(facade):
    from kiosk.sync.uploads import BlobError

    blobs = facade.cases.blobs
    info = blobs.put("ab" * 16, b"x" * 3000, chunk_bytes=1000)
    path = blobs.path(info.attachment_id)
    assert path.stat().st_mode & 0o777 == 0o600 and len(info.chunk_sha256) == 3
    assert b"".join(c for _i, c in blobs.chunks(info.attachment_id)) == b"x" * 3000
    path.write_bytes(path.read_bytes()[:-10])  # torn at the end
    with pytest.raises(BlobError):
        list(blobs.chunks(info.attachment_id))
    with pytest.raises(BlobError):
        blobs.path("../etc")
