"""好差评: ratings reach the server once through the outbox (also when an answer is lost and
the batch is sent again, or a proxy sends it twice), per journey, with reasons and preset
phrases; ``kiosk-central ratings`` lists them per journey; the rating step as a state machine
(offered by Done, sent once, skipped silently when the citizen walks away)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sqlalchemy as sa

from kiosk.central.store.evaluations import evaluations
from kiosk.demo import demo_flow
from kiosk.demo.payment_scenes import done as paid_and_printed
from kiosk.flows.state import Screen


def _deliver(facade) -> None:
    facade.relay.drain(deadline_s=30.0)  # (wake: due now, not after the backoff)


def test_a_rating_arrives_once_although_its_answer_was_lost(facade, central):
    central.faults.inject("drop_after", count=1, path="/v1/batch")  # handled, answer lost
    eid = facade.evaluations.submit("kiosk", "payments", 2, ["slow", "machine"],
                                    "需要人工帮助", journey="payments")
    _deliver(facade)  # the first try gets no answer: the entry stays pending …
    assert facade.outbox.status()["pending"] == 1
    assert central.count("evaluations") == 1  # (the server has it already)
    _deliver(facade)  # … and is sent again with its key: the server replays its answer
    assert facade.outbox.status()["pending"] == 0
    e = evaluations.c  # (a select: the comment is sealed)
    rows = central.rows(sa.select(e.evaluation_id, e.journey, e.score, e.tags, e.comment))
    assert rows == [(eid, "payments", 2, '["slow", "machine"]', "需要人工帮助")]


def test_a_duplicated_delivery_is_one_rating(facade, central):
    central.faults.inject("duplicate", count=1, path="/v1/batch")
    facade.evaluations.submit("ticket", "C023", 5, journey="ticket")
    _deliver(facade)
    assert central.count("evaluations") == 1


def test_ratings_are_listed_per_journey(facade, central, tmp_path):
    for journey, score, tags in (("payments", 5, []), ("payments", 2, ["slow"]),
                                 ("payments", 1, ["slow", "not_done"]), ("ticket", 4, [])):
        facade.evaluations.submit("kiosk", journey, score, tags, journey=journey)
    _deliver(facade)
    out = subprocess.run([sys.executable, "-m", "kiosk.central", "--data-dir",
                          str(tmp_path / "c"), "ratings", "--json", "--db", central.db_url],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    by = {r["journey"]: r for r in json.loads(out.stdout)}
    assert by["payments"]["count"] == 3
    assert by["payments"]["scores"] == {"5": 1, "4": 0, "3": 0, "2": 1, "1": 1}
    assert by["payments"]["average"] == 2.67
    assert by["payments"]["reasons"] == {"slow": 2, "not_done": 1}
    assert by["ticket"]["scores"]["4"] == 1
    table = subprocess.run([sys.executable, "-m", "kiosk.central", "--data-dir",
                            str(tmp_path / "c"), "ratings", "--db", central.db_url],
                           capture_output=True, text=True, timeout=120)
    assert "5 非常满意" in table.stdout and "1 非常不满意" in table.stdout
    assert "slow×2" in table.stdout


def test_the_server_refuses_a_rating_it_cannot_file(facade, central):
    import uuid

    import requests

    body = {"evaluation_id": uuid.uuid4().hex, "subject_type": "kiosk", "subject": "x",
            "score": 3, "tags": ["t"] * 11, "at": "2025-03-18T10:00:00+08:00"}
    r = requests.post(central.url + "/v1/evaluations", data=json.dumps(body), timeout=5,
                      headers={"Authorization": f"Bearer {central.token('KSK-T-01')}",
                               "Content-Type": "application/json",
                               "Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 400


# ---------------------------------------------------------------------- the rating step
@pytest.fixture
def rated():
    """A finished payment whose Done was tapped: the rating is on screen."""
    flow, fx, clock = demo_flow()
    paid_and_printed(flow, fx, clock)
    fx.resolve_service()  # (the receipt marked printed)
    flow.journey.finish()
    assert flow.state.screen == "payments.rate"
    return flow, fx, clock


def test_done_offers_the_rating_and_a_sent_rating_ends_the_session(rated):
    flow, fx, clock = rated
    r = flow.journey.rating
    r.submit()  # nothing chosen: nothing sent
    assert "evaluations.submit" not in fx.kinds()
    r.choose(5)
    r.toggle_phrase("quick")
    r.toggle_phrase("clear")
    r.submit()
    r.submit()  # a second tap: (the journey is gone already) nothing more
    assert flow.state.screen == Screen.HOME
    assert fx.kinds().count("evaluations.submit") == 1
    fx.resolve_service()
    assert fx.central.evaluations.submitted == [{
        "subject_type": "kiosk", "subject": "payments", "score": 5, "tags": [],
        "comment": "方便快捷；指引清楚", "journey": "payments"}]


def test_a_low_rating_needs_a_reason(rated):
    flow, fx, clock = rated
    r = flow.journey.rating
    r.choose(1)
    r.submit()
    assert r.needs_reason and flow.state.screen == "payments.rate"
    assert "evaluations.submit" not in fx.kinds()
    r.toggle_reason("slow")
    r.toggle_reason("nonsense")  # not a preset reason: ignored
    r.submit()
    fx.resolve_service()
    assert fx.central.evaluations.submitted[0]["tags"] == ["slow"]
    assert fx.central.evaluations.submitted[0]["score"] == 1


def test_a_good_rating_drops_reasons_chosen_for_a_low_one(rated):
    flow, fx, clock = rated
    r = flow.journey.rating
    r.choose(3)
    r.toggle_reason("unclear")  # 基本满意: reasons offered, not required
    r.choose(4)
    r.submit()
    fx.resolve_service()
    assert fx.central.evaluations.submitted[0]["tags"] == []


@pytest.mark.parametrize("leave", ["skip", "home", "idle"])
def test_walking_away_sends_nothing(rated, leave):
    flow, fx, clock = rated
    flow.journey.rating.choose(2)
    if leave == "skip":
        flow.journey.rating.skip()
    elif leave == "home":
        flow.go_home()
    else:  # the rating counts as a result: home after the result time, no "still there?"
        clock.advance(flow.result_timeout_s + 1)
        flow.tick()
    assert flow.state.screen == Screen.HOME and flow.state.countdown is None
    assert "evaluations.submit" not in fx.kinds()
    assert fx.central.evaluations.submitted == []


def test_a_database_from_before_gets_the_journey_column(tmp_path):
    import sqlalchemy as sa

    from kiosk.central.store import open_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = sa.create_engine(url)
    with old.begin() as conn:  # the table as it was made before evaluations named a journey
        conn.execute(sa.text(
            "CREATE TABLE evaluations (id INTEGER PRIMARY KEY, evaluation_id VARCHAR(64) NOT "
            "NULL UNIQUE, kiosk_id VARCHAR(64) NOT NULL, subject_type VARCHAR(10) NOT NULL, "
            "subject VARCHAR(64) NOT NULL, score INTEGER NOT NULL, tags TEXT NOT NULL, "
            "comment VARCHAR(500) NOT NULL, at VARCHAR(40) NOT NULL, received_at FLOAT NOT "
            "NULL)"))
        conn.execute(sa.text("INSERT INTO evaluations VALUES (1, 'e0', 'K', 'kiosk', 'x', 4, "
                             "'[]', '', '2025-03-18T10:00:00+08:00', 0)"))
    old.dispose()
    engine = open_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT journey FROM evaluations")).all() == [("",)]
    finally:
        engine.dispose()


# ---------------------------------------------------------------------- the bar under results
def _ticket_done(flow, fx):
    flow.open("ticket")
    flow.journey.choose_category("tax")
    flow.journey.confirm()
    fx.resolve_service()
    fx.resolve("printer.print")
    assert flow.state.screen == "ticket.done"
    return flow.journey


def test_a_good_rating_from_the_bar_is_sent_at_once_and_the_result_stays():
    flow, fx, clock = demo_flow()
    j = _ticket_done(flow, fx)
    j.rate_result(5)
    assert flow.state.screen == "ticket.done" and j.rated
    j.rate_result(4)  # once
    assert fx.kinds().count("evaluations.submit") == 1
    fx.resolve_service()
    assert fx.central.evaluations.submitted == [{
        "subject_type": "kiosk", "subject": "ticket", "score": 5, "tags": [], "comment": "",
        "journey": "ticket"}]
    j.finish()
    assert flow.state.screen == Screen.HOME


def test_a_low_rating_from_the_bar_asks_for_the_reasons_of_any_journey():
    flow, fx, clock = demo_flow()
    j = _ticket_done(flow, fx)
    j.rate_result(2)
    assert flow.state.screen == "ticket.rate" and j.rating.score == 2
    assert "evaluations.submit" not in fx.kinds()
    j.rating.toggle_reason("slow")
    j.rating.submit()
    assert flow.state.screen == Screen.HOME
    fx.resolve_service()
    assert fx.central.evaluations.submitted[0]["tags"] == ["slow"]


def test_no_rating_before_a_result_and_nothing_sent_when_the_citizen_walks_away():
    flow, fx, clock = demo_flow()
    flow.open("ticket")
    flow.journey.rate_result(5)  # choosing a service: nothing to rate yet
    assert "evaluations.submit" not in fx.kinds()
    flow.go_home()
    j = _ticket_done(flow, fx)
    j.rate_result(1)
    clock.advance(flow.result_timeout_s + 1)
    flow.tick()
    assert flow.state.screen == Screen.HOME
    assert "evaluations.submit" not in fx.kinds()


def test_the_bar_by_taps_under_a_result(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton

    from kiosk.ui.app import make_app
    from kiosk.ui.i18n import Translations
    from kiosk.ui.window import KioskWindow

    flow, fx, clock = demo_flow()
    w = KioskWindow(flow, Translations(make_app()))
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    try:
        assert not w.rating_bar.isVisible()  # home: nothing to rate
        _ticket_done(flow, fx)
        assert w.rating_bar.isVisible()
        qtbot.mouseClick(w.findChild(QAbstractButton, "bar_rate_5"), Qt.MouseButton.LeftButton)
        assert w.rating_bar.ask.text() == "谢谢您的评价！"
        assert not w.findChild(QAbstractButton, "bar_rate_5").isVisible()
        flow.journey.finish()
        assert not w.rating_bar.isVisible()
    finally:
        w.shutdown()
