"""``central.cases``, ``central.evaluations`` and ``central.health`` over the one outbox."""
from __future__ import annotations

import json

import pytest

from kiosk.services import ServiceUnavailable
from kiosk.sync.cases import CaseRefused
from kiosk.sync.evaluations import EvaluationRefused
from kiosk.sync.queue import TicketRefused


def test_case_and_attachments_arrive_in_order(facade, central):
    case_id = facade.cases.submit(
        "ssc-card-reissue", {"name": "李四", "id_number": "11010519491231002X"}, {"reason": "lost"},
        [{"kind": "portrait", "data": b"\x89PNG" + bytes(range(200)), "content_type": "image/png"},
         {"kind": "scan", "data": b"%PDF-1.4 scan", "content_type": "application/pdf"}])
    facade.evaluations.submit("case", case_id, 5, ["fast"], "很方便")
    assert facade.cases.progress(case_id)["status"] == "queued_on_kiosk"
    assert facade.relay.drain().delivered == 4
    progress = facade.cases.progress(case_id)
    assert progress["status"] == "received" and progress["attachments"] == 2
    seqs = [r[0] for r in central.rows(
        "SELECT seq FROM attachments WHERE case_id = :c ORDER BY id", c=case_id)]
    assert seqs == [0, 1]
    [row] = central.rows("SELECT subject_type, subject, score FROM evaluations")
    assert tuple(row) == ("case", case_id, 5)


def test_case_refusals_are_case_refusals_not_ticket_refusals(facade, central):
    with pytest.raises(CaseRefused) as info:
        facade.cases.submit("no-such-item", {}, {})
    assert not isinstance(info.value, TicketRefused)
    assert info.value.message_zh == "没有该办理事项" and info.value.message_en
    with pytest.raises(CaseRefused) as info:
        facade.cases.progress("0" * 32)  # the server knows no such case, nor does the kiosk
    assert info.value.message_zh == "没有找到该办件"
    assert facade.outbox.status()["pending"] == 0  # nothing was stored


def test_an_attachment_the_server_would_refuse_is_refused_before_anything_is_stored(facade):
    from kiosk.protocol import MAX_ATTACHMENT_BYTES

    too_big = {"kind": "scan", "data": b"\0" * (MAX_ATTACHMENT_BYTES + 1)}
    for bad in (too_big, {"kind": "selfie", "data": b"x"}):
        with pytest.raises(CaseRefused) as info:
            facade.cases.submit("ssc-card-reissue", {"name": "李四"}, {}, [bad])
        assert info.value.message_zh and info.value.message_en
    assert facade.outbox.status()["pending"] == 0


def test_case_progress_while_the_server_is_down(facade, central):
    case_id = facade.cases.submit("ssc-card-reissue", {"name": "李四"}, {})
    central.stop()
    assert facade.cases.progress(case_id)["status"] == "queued_on_kiosk"
    with pytest.raises(ServiceUnavailable) as info:
        facade.cases.progress("1" * 32)
    assert not isinstance(info.value, CaseRefused) and info.value.message_zh


def test_an_evaluation_the_server_would_park_is_refused_before_it_is_stored(facade):
    with pytest.raises(EvaluationRefused) as info:
        facade.evaluations.submit("kiosk", "KSK-T-01", 9)
    assert info.value.message_zh and info.value.message_en
    with pytest.raises(EvaluationRefused):
        facade.evaluations.submit("window", "A01", 5)
    assert facade.outbox.status()["pending"] == 0


def test_heartbeat_reports_backlog_and_the_extra(facade, central):
    facade.queue.take_ticket("fund")
    # (devices as the kiosk's admin reports them: a list of objects — the contract's shape)
    devices = [{"name": "printer", "kind": "receipt_printer", "state": "online", "up": True}]
    facade.health.set_extra(lambda: {"devices": devices})
    facade.health.send_heartbeat()
    body = json.loads(central.rows("SELECT body FROM kiosk_heartbeats")[0][0])
    assert body["backlog"]["pending"] == 0 and "disk_free_mb" in body
    assert body["devices"] == devices and body["kiosk_id"] == "KSK-T-01"


def test_a_failing_heartbeat_extra_does_not_stop_the_beat(facade, central):
    def broken() -> dict:
        raise RuntimeError("device manager gone")

    facade.health.set_extra(broken)
    body = facade.health.heartbeat_body()
    assert body["extra_error"] == "device manager gone" and "backlog" in body
