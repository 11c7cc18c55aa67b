"""The soak's own server checks (kiosk.demo.soak_services, kiosk.demo.soak_cards) on
hand-made server databases: each names what a long day would have lost or done twice — a
payment counted twice or missing, a card issued twice or half-issued. (The soak itself:
tests/test_soak.py.)"""
from __future__ import annotations

import sqlite3
from types import SimpleNamespace

from kiosk.demo import soak_cards as sc
from kiosk.demo import soak_services as more


def _server(tmp_path, rows):
    db = tmp_path / "central" / "central.db"
    db.parent.mkdir(parents=True)
    con = sqlite3.connect(db)
    con.executescript("""
        CREATE TABLE payment_notices (number TEXT PRIMARY KEY, paid_order_id TEXT);
        CREATE TABLE payment_orders (order_id TEXT PRIMARY KEY, state TEXT);
        CREATE TABLE payment_events (payment_id TEXT PRIMARY KEY, order_id TEXT,
                                     outcome TEXT);""")
    for sql, values in rows:
        con.execute(sql, values)
    con.commit()
    con.close()
    return SimpleNamespace(settings=SimpleNamespace(data_dir=str(tmp_path)),
                           _more_journeys={"paid": [("o-1", "3201022611900001")]})


def test_the_payment_check_finds_a_payment_counted_twice_or_missing(tmp_path):
    notice = ("INSERT INTO payment_notices VALUES (?, ?)", ("3201022611900001", "o-1"))
    order = ("INSERT INTO payment_orders VALUES (?, ?)", ("o-1", "paid"))
    event = "INSERT INTO payment_events VALUES (?, ?, ?)"
    once = _server(tmp_path / "once", [notice, order, (event, ("p-1", "o-1", "paid")),
                                       (event, ("p-2", "o-1", "refund_requested"))])
    assert more.check_payments(once, None) == []
    twice = _server(tmp_path / "twice", [notice, order, (event, ("p-1", "o-1", "paid")),
                                         (event, ("p-2", "o-1", "paid"))])
    assert more.check_payments(twice, None) == [
        "payment o-1 (3201022611900001) counted 2 times on the server"]
    lost = _server(tmp_path / "lost", [notice])
    assert more.check_payments(lost, None) == [
        "payment o-1 (3201022611900001) shown paid, on the server missing"]


def _db(path, cards=(), attempts=(), applications=()):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE ssc_cards (card_number TEXT)")
    con.execute("CREATE TABLE ssc_attempts (card_id_code TEXT, outcome TEXT)")
    con.execute("CREATE TABLE ssc_applications (application_id TEXT, state TEXT)")
    con.executemany("INSERT INTO ssc_cards VALUES (?)", [(c,) for c in cards])
    con.executemany("INSERT INTO ssc_attempts VALUES (?, ?)", attempts)
    con.executemany("INSERT INTO ssc_applications VALUES (?, ?)", applications)
    con.commit()
    con.close()
    return path


def test_the_check_passes_a_card_issued_once(tmp_path):
    db = _db(tmp_path / "c.db", cards=["B00000001"],
             attempts=[("CID1", "bound"), ("CID1", "taken")],
             applications=[("app1", "delivered")])
    assert sc.issued_problems(db, [("app1", "B00000001", "CID1")]) == []


def test_the_check_names_a_missing_card_a_twice_taken_one_and_a_half_issued_one(tmp_path):
    db = _db(tmp_path / "c.db", cards=["B00000001"],
             attempts=[("CID1", "taken"), ("CID1", "taken")],
             applications=[("app1", "delivered"), ("app2", "written"), ("app3", "open")])
    problems = sc.issued_problems(db, [("app1", "B00000001", "CID1"),
                                       ("app3", "B00000002", "")])
    assert problems == [
        "ssc card CID1 taken 2 times on the server",
        "ssc card B00000002 on the server 0 times",
        "ssc application app3 issued but not delivered on the server",
        "ssc application app2 left written on the server",
    ]
