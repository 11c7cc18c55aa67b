"""The soak's further journeys (issue 18): 办事指南, 便民缴费, 审批进度查询, 自助取件 and 证件照,
tapped on the real widgets as :mod:`kiosk.demo.soak`'s own journeys are, with the portrait
camera among the devices and its faults (unplug, no frames, a frozen picture) in the schedule.

    Soak(tmp, **soak.every_kind()).run()  # with the card journeys too

The citizen's phone is the robot too: it pays the order behind the kiosk's QR code by the
payer's page on the server (``POST /pay/{order_id}``, the form the page sends), sometimes
twice with the same payment id (a double tap on the phone), which must stay one payment.
After the day :func:`check_payments` finds each payment the kiosk showed as done on the
server exactly once.

Test tooling (``kiosk.demo``): never imported by the application.
"""
from __future__ import annotations

import random
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from kiosk.demo.soak import WAIT_S, Robot, Soak
from kiosk.journeys.case_progress.flow import CASE_DIGITS

#: the portrait camera (the card journeys' identity checks and QR codes use it too)
CAMERA = """
[camera]
driver = "uvc_camera"
mock = true
width = 640
height = 480
fps = 25.0
sim_scene = "portrait_centred"
"""
DEVICES = CAMERA

#: the demo server's own notices (kiosk/central/payments/demo_notices.toml) and, so that a
#: long day still has bills to pay, fictitious ones the soak adds to its database
DEMO_NOTICES = ("3201022611000123", "3201022611000456", "11010126000000001234",
                "11010126000000005678", "11010126000000009012")
SEEDED_NOTICES = tuple(f"32010226119{n:05d}" for n in range(300))
#: what a citizen types into the guides' search: initials and pinyin of common items
QUERIES = ("bdc", "sbk", "hj", "gjj", "shebao", "jsz", "hz", "yb")
PAYER_TIMEOUT_S = 10.0


def _state(soak: Soak) -> dict:
    """This module's record of the day, kept on the soak (one per run)."""
    st = getattr(soak, "_more_journeys", None)
    if st is None:
        st = {"paid": [], "notices": list(DEMO_NOTICES), "seeded": False}
        soak._more_journeys = st
    return st


def _lost(r: Robot, j) -> bool:
    """The shell dropped the journey (its device or server went away mid-way): the citizen
    is told on the shell's own screen, nothing more to wait for here."""
    return r.flow.journey is not j


def _server_db(soak: Soak) -> Path:
    return Path(soak.settings.data_dir) / "central" / "central.db"


# ----------------------------------------------------------------------------- 办事指南
def services(r: Robot, rnd: random.Random, soak: Soak) -> str:
    if not r.flow.function("services").available:
        return "unavailable"
    r.tap("tile_services")
    if not r.at("services.menu", "error"):
        return "no_menu"
    if r.screen() == "error":
        return "guides_unavailable"
    if rnd.random() < 0.5:
        r.tap("btn_search")
        if not r.at("services.search"):
            return "no_search"
        r.keys(rnd.choice(QUERIES))
        if not r.spin(lambda: bool(r.buttons("result_")), 5):
            return "nothing_found"
        r.tap(rnd.choice(r.buttons("result_")).objectName())
    else:
        groups = r.buttons("event_") + r.buttons("theme_") + r.buttons("zone_")
        if not groups:
            return "no_groups"
        r.tap(rnd.choice(groups).objectName())
        if not r.at("services.list") or not r.spin(lambda: bool(r.buttons("item_")), 5):
            return "empty_list"
        r.tap(rnd.choice(r.buttons("item_")).objectName())
    if not r.at("services.guide"):
        return "no_guide"
    if rnd.random() < 0.3 and r.button("btn_print") is not None:
        r.tap("btn_print")  # the material checklist on the ticket printer
        r.at("services.printed", "services.print_failed", "error", timeout=WAIT_S)
        return {"services.printed": "printed",
                "services.print_failed": "print_failed"}.get(r.screen(), r.screen())
    return "shown"


# ----------------------------------------------------------------------------- 便民缴费
def _seed_notices(soak: Soak, st: dict) -> None:
    """Fictitious bills for a long day (the demo server knows five): written once into the
    server's database, as its operator's billing system would have."""
    st["seeded"] = True
    db = _server_db(soak)
    if not db.exists():
        return
    con = sqlite3.connect(db, timeout=30)
    try:
        with con:
            con.executemany(
                "INSERT OR IGNORE INTO payment_notices (number, kind, item, item_en, "
                "amount_fen, payer) VALUES (?, 'fee', '不动产登记费', 'Property registration "
                "fee', ?, '测*')", [(n, 1000 + i) for i, n in enumerate(SEEDED_NOTICES)])
    finally:
        con.close()
    st["notices"] += SEEDED_NOTICES


def pay_from_phone(base_url: str, order_id: str, payment_id: str) -> str:
    """The payer's page's form, posted as the citizen's phone would: the outcome, or why
    not (the server down: the phone cannot pay either)."""
    url = f"{base_url.rstrip('/')}/pay/{urllib.parse.quote(order_id)}"
    body = urllib.parse.urlencode({"payment_id": payment_id}).encode()
    req = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=PAYER_TIMEOUT_S) as resp:
            return f"http_{resp.status}"
    except urllib.error.HTTPError as exc:
        return f"http_{exc.code}"
    except OSError:
        return "unreachable"


def payments(r: Robot, rnd: random.Random, soak: Soak) -> str:
    if not r.flow.function("payments").available:
        return "unavailable"
    st = _state(soak)
    if not st["seeded"]:
        _seed_notices(soak, st)
    r.tap("tile_payments")
    if not r.at("payments.notice"):
        return "no_notice_screen"
    # mostly a bill not yet paid; sometimes one that is (the kiosk must say so)
    unpaid = [n for n in st["notices"] if n not in {p[1] for p in st["paid"]}]
    number = rnd.choice(unpaid if unpaid and rnd.random() < 0.85 else st["notices"])
    j = r.flow.journey
    r.keys(number)
    if _lost(r, j):  # (the server went away as the citizen typed)
        return f"lost_{r.screen()}"
    if not r.tap("btn_next", 5):
        return "no_next"

    def answered() -> bool:
        return (r.screen() == "error" or _lost(r, j) or j.problem is not None
                or j.payment.phase not in (None, "creating"))
    if not r.spin(answered, WAIT_S):
        return "no_order"
    if _lost(r, j):
        return f"lost_{r.screen()}"
    if r.screen() == "error":
        return "order_failed"
    if j.problem is not None:
        return j.problem  # unknown_notice | notice_paid: said at the keypad
    if j.payment.phase != "waiting":
        return f"order_{j.payment.phase}"
    order_id = j.payment.order.order_id
    if rnd.random() < 0.1:
        r.tap("btn_pay_cancel")  # the citizen changes their mind
        r.spin(lambda: _lost(r, j) or j.payment.phase in ("cancelled", "expired", "paid"),
               WAIT_S)
        return f"pay_{j.payment.phase}"
    payment_id = uuid.uuid4().hex
    twice = rnd.random() < 0.2  # a double submit on the phone: still one payment
    url = soak.settings.central.url
    phone = Soak._off_thread(r, lambda: [pay_from_phone(url, order_id, payment_id)
                                         for _ in range(2 if twice else 1)])
    if not r.spin(lambda: _lost(r, j) or j.payment.phase == "paid", WAIT_S) or _lost(r, j):
        # the phone could not pay (the server is down): the citizen cancels
        r.tap("btn_pay_cancel", 2.0)
        r.spin(lambda: _lost(r, j) or j.payment.phase in ("cancelled", "expired", "paid"),
               WAIT_S)
        if j.payment.phase != "paid":
            return f"not_paid_{(phone or ['?'])[0]}"
    st["paid"].append((order_id, number))
    r.at("payments.done", "payments.print_failed", "error", timeout=WAIT_S)
    return {"payments.done": "paid", "payments.print_failed": "paid_print_failed"}.get(
        r.screen(), f"paid_{r.screen()}")


def check_payments(soak: Soak, kiosk) -> list[str]:
    """Each payment the kiosk showed as done is on the server exactly once: its order paid,
    one payment counted for it, its notice paid by it."""
    paid = _state(soak)["paid"]
    if not paid:
        return []
    con = sqlite3.connect(_server_db(soak), timeout=30)
    try:
        out = []
        for order_id, number in paid:
            row = con.execute("SELECT state FROM payment_orders WHERE order_id = ?",
                              (order_id,)).fetchone()
            n = con.execute("SELECT COUNT(*) FROM payment_events WHERE order_id = ? AND "
                            "outcome = 'paid'", (order_id,)).fetchone()[0]
            by = con.execute("SELECT paid_order_id FROM payment_notices WHERE number = ?",
                             (number,)).fetchone()
            if row is None or row[0] != "paid":
                out.append(f"payment {order_id} ({number}) shown paid, on the server "
                           f"{row[0] if row else 'missing'}")
            elif n != 1:
                out.append(f"payment {order_id} ({number}) counted {n} times on the server")
            elif by is None or by[0] != order_id:
                out.append(f"notice {number} not paid by order {order_id} on the server")
        return out
    finally:
        con.close()


# ----------------------------------------------------------------------------- 审批进度查询
def case_progress(r: Robot, rnd: random.Random, soak: Soak) -> str:
    if not r.flow.function("case_progress").available:
        return "unavailable"
    r.tap("tile_case_progress")
    if not r.at("case_progress.choose"):
        return "no_choose_screen"
    j = r.flow.journey
    by_card = r.button("way_idcard") is not None and rnd.random() < 0.4
    if by_card:
        r.tap("way_idcard")
        if not r.tap("btn_simulate_card", 5):
            return f"lost_{r.screen()}" if _lost(r, j) else "no_card_button"
        r.spin(lambda: _lost(r, j) or r.screen() in (
            "case_progress.list", "case_progress.detail", "error"), WAIT_S)
        if _lost(r, j):
            return f"lost_{r.screen()}"
        if r.screen() == "error":
            return "lookup_failed"
        if r.screen() != "case_progress.list":
            return f"card_{r.screen()}"
        mine = r.buttons("case_")
        if not mine:
            return "no_cases"  # said in words: nothing under this card (yet)
        r.tap(rnd.choice(mine).objectName())
    else:
        if not r.tap("way_case_no"):
            return "no_keypad"
        # a case this kiosk took in (a drop-off, a photo), or a number nobody has
        # (a photo's case has no number a citizen types: only the 12-digit case numbers)
        numbers = [c for c in soak.cases if len(c) == CASE_DIGITS and c.isdigit()]
        known = numbers and rnd.random() < 0.8
        number = rnd.choice(numbers) if known else f"9{rnd.randrange(10 ** 11):011d}"
        r.keys(number)
        if _lost(r, j) or not r.tap("btn_next", 5):
            return f"lost_{r.screen()}" if _lost(r, j) else "no_next"
        r.spin(lambda: r.screen() in ("case_progress.detail", "error")
               or _lost(r, j) or j.notice is not None, WAIT_S)
        if _lost(r, j):
            return f"lost_{r.screen()}"
        if r.screen() == "error":
            return "lookup_failed"
        if r.screen() != "case_progress.detail":
            return j.notice.code if j.notice is not None else f"number_{r.screen()}"
    if not r.at("case_progress.detail"):
        return "no_detail"
    if rnd.random() < 0.3 and r.button("btn_print") is not None:
        r.tap("btn_print")
        r.spin(lambda: _lost(r, j) or (r.screen() == "case_progress.detail" and not j.busy
               and (j.printed or j.printing.problem is not None)), WAIT_S)
        return "printed" if j.printed else "print_failed"
    return "shown"


# ----------------------------------------------------------------------------- 自助取件
def locker_pickup(r: Robot, rnd: random.Random, soak: Soak) -> str:
    """Nothing is staged for collection on the demo server (staff load certificates through
    their own journey): each citizen here must be told so — by card, or for a code no
    compartment has."""
    if not r.flow.function("locker_pickup").available:
        return "unavailable"
    r.tap("tile_locker_pickup")
    if not r.at("locker_pickup.identify", "locker_pickup.code"):
        return "no_identify_screen"
    j = r.flow.journey
    if r.screen() == "locker_pickup.identify" and rnd.random() < 0.5 \
            and r.tap("btn_simulate_card", 5):
        if not r.spin(lambda: j.card.notice is not None or _lost(r, j)
                      or r.screen() != "locker_pickup.identify", WAIT_S):
            return "no_answer"
        return j.card.notice.code if j.card.notice is not None else r.screen()
    if r.screen() == "locker_pickup.identify" and not r.tap("btn_use_code"):
        return "no_code_button"
    if not r.at("locker_pickup.code"):
        return "no_keypad"
    r.keys(f"{rnd.randrange(10 ** 6):06d}")
    if not r.tap("btn_open", 5):
        return f"lost_{r.screen()}" if _lost(r, j) else "no_open_button"
    if not r.spin(lambda: j.notice is not None or _lost(r, j)
                  or r.screen() != "locker_pickup.code", WAIT_S):
        return "no_answer"
    return j.notice.code if j.notice is not None else r.screen()


# ----------------------------------------------------------------------------- 证件照
def portrait(r: Robot, rnd: random.Random, soak: Soak) -> str:
    from kiosk.journeys.steps.photo import PhotoState

    if not r.flow.function("portrait").available:
        return "unavailable"
    r.tap("tile_portrait")
    if not r.tap("btn_start_camera"):
        return "no_intro"
    j = r.flow.journey
    if not r.spin(lambda: r.screen() == "portrait.review" or _lost(r, j)
                  or j.camera.state is PhotoState.UNAVAILABLE, WAIT_S):
        return "no_photo"
    if _lost(r, j):
        return f"lost_{r.screen()}"
    if r.screen() != "portrait.review":
        return "camera_unavailable"  # said on the live screen; Back is the way out
    if rnd.random() < 0.2 and r.tap("btn_retake", 2.0):
        if not r.spin(lambda: r.screen() == "portrait.review" or _lost(r, j)
                      or j.camera.state is PhotoState.UNAVAILABLE, WAIT_S):
            return "no_photo"
        if _lost(r, j):
            return f"lost_{r.screen()}"
        if r.screen() != "portrait.review":
            return "camera_unavailable"
    if not r.tap("btn_use_photo"):
        return "no_use_button"
    r.spin(lambda: _lost(r, j) or r.screen() in (
        "portrait.done", "portrait.print_failed", "error"), WAIT_S)
    if j.case_id is not None:
        soak.cases.append(j.case_id)  # the photo's case: the soak checks it reached the server
    return {"portrait.done": "done", "portrait.print_failed": "print_failed", "error": "send_failed"}.get(
        r.screen(), r.screen())


JOURNEYS = {"services": (services, 4), "payments": (payments, 2),
            "case_progress": (case_progress, 2), "locker_pickup": (locker_pickup, 1),
            "portrait": (portrait, 1)}

#: (device kind, fault, clear with): the portrait camera's simulator (drivers/core/mjpeg.py)
FAULTS = [("camera", "unplug", None), ("camera", "no_frames", None),
          ("camera", "frozen", None)]

SERVICES: tuple = ()
CHECKS = (check_payments,)
