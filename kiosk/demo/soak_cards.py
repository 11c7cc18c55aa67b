"""The soak's card and identity journeys (issue 18): 社保卡补换卡 with the card issued on the
spot, 社保卡查询, 公安自助 and 交通违法缴款 after the identity check (人证核验), 扫码 — with the
card dispenser's jams and empty hopper and the social-security card's faults.

The social-security card reader is the real pcscd with the vpcd driver and the virtual card
(drivers/ssc/virtual.py); the CRT-591 dispenser simulator on a pty moves its blank cards
into that reader. Plugged into :class:`kiosk.demo.soak.Soak` through its parameters:

    from kiosk.demo import soak
    soak.Soak(tmp, **soak.every_kind())  # with the other journeys, the camera among devices

pcscd: :func:`pcscd_service` starts ``pcscd --foreground`` when none answers and stops only
the one it started; it holds the machine's pcscd lock file (the one tests/pcscd.py holds)
for the whole day, so a test session never shares the one vpcd port with the soak.

Test tooling (``kiosk.demo``): never imported by the application.
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

log = logging.getLogger(__name__)

# the same reader and port the tests use: the lock below makes them ours for the day (the
# camera its identity checks and QR codes need is kiosk.demo.soak_services.CAMERA)
DEVICES = """
[smartcard]
driver = "pcsc_ssc"
mock = true
timeout = 3.0

[card_dispenser]
driver = "crt591"
mock = true
sim_reader = "smartcard"
sim_move_delay = 0.05
"""
WAIT_S = 30.0
ISSUE_WAIT_S = 60.0  # a whole issue: pick, write, verify, eject (a silent card times out)


# ----------------------------------------------------------------------------- journeys
def _dispenser(r):
    h = r.kiosk.manager.first("card_dispenser")
    return None if h is None else h.mock


def _staff_round(r) -> str | None:
    """A technician's round before the citizen: refill an empty hopper, empty a full reject
    bin (a real hall does both; a day of thousands of journeys would otherwise run dry)."""
    sim = _dispenser(r)
    if sim is None:
        return None
    mech = sim.mech
    done = []
    if mech.hopper_level == "empty":
        sim.perform("refill")
        done.append("refilled")
    if mech.reject_full:
        sim.perform("empty_reject_bin")
        done.append("reject_bin_emptied")
    return "+".join(done) or None


def ssc(r, rnd: random.Random, soak) -> str:
    """社保卡补换卡: 张三's ID card, report the loss (or a damaged card), the photo on record,
    the card made and taken at the gate."""
    staff = _staff_round(r)
    if staff:
        # the device comes back from "hopper empty" by its own status poll
        r.spin(lambda: r.flow.function("ssc").available, 15)
    if not r.flow.function("ssc").available:
        if _jam_latched(r):
            _state(soak)["jam_latched"] += 1
            return "unavailable_jam_latched"
        return "unavailable"
    r.tap("tile_ssc")
    if not r.at("ssc.identify"):
        return "no_identify_screen"
    if not r.tap("btn_simulate_card"):
        return "no_card_button"
    r.spin(lambda: r.screen() not in ("ssc.identify", "ssc.working"), WAIT_S)
    if r.screen() != "ssc.account":
        return f"account:{r.screen()}"
    j = r.flow.journey
    if r.button("btn_resume") is not None:
        r.tap("btn_resume")  # an earlier attempt failed (a jam): the same application
    elif r.button("btn_damaged") is not None and rnd.random() < 0.3:
        r.tap("btn_damaged")
    elif r.button("btn_lost") is not None:
        r.tap("btn_lost")
        if r.at("ssc.loss", "ssc.photo", "ssc.confirm", "error", "ssc.working",
                timeout=5) and r.screen() == "ssc.loss":
            r.tap("btn_confirm_loss")
    else:
        return "nothing_to_do"  # a card kept at the hall, say: words, no button
    r.spin(lambda: r.screen() in ("ssc.photo", "ssc.confirm", "ssc.fee", "error"), WAIT_S)
    if r.screen() == "ssc.photo":
        r.tap("btn_use_photo")
    if not r.at("ssc.confirm"):
        return f"open:{r.screen()}"
    if rnd.random() < 0.05:
        r.tap("btn_cancel")  # changed their mind: the application is cancelled
        return "cancelled"
    r.tap("btn_start_issue")
    outcome = _issue(r, j, soak)
    retries = 0
    while outcome != "issued" and r.button("btn_retry") is not None and retries < 2:
        retries += 1
        r.tap("btn_retry")  # another blank card (the failed one is in the reject bin)
        outcome = _issue(r, j, soak)
    return outcome


def _jam_latched(r) -> bool:
    """The kiosk says "card jam" though staff cleared it: the machine's channel is empty and
    no jam is pending (the function stays off, no citizen can be served)."""
    reason = getattr(r.flow.function("ssc"), "reason", None)
    sim = _dispenser(r)
    return (getattr(reason, "problem", None) == "card_jam" and sim is not None
            and not sim.mech.jammed and "jam" not in sim.active_faults)


def _issue(r, j, soak) -> str:
    r.spin(lambda: r.screen() in ("ssc.take", "ssc.failed", "ssc.done", "error"), ISSUE_WAIT_S)
    if r.screen() == "ssc.take":
        sim = _dispenser(r)
        card = sim.mech.card if sim is not None else None
        r.tap("btn_simulate_take")  # the citizen takes the card at the gate
        if not r.at("ssc.done", "ssc.failed", timeout=ISSUE_WAIT_S):
            return f"take:{r.screen()}"
        if r.screen() == "ssc.done" and j.run is not None and j.run.outcome == "taken":
            number = (j.run.expect or {}).get("card_number", "")
            code = card.card_id_code if card is not None else ""
            _issued(soak).append((j.application_id, number, code))
            taken = sim.mech.taken[-1].to_card() if sim is not None and sim.mech.taken else None
            if taken is None or taken.card_number != number:
                # the chip in the citizen's hand is not the card the server wrote
                _state(soak)["wrong_cards"].append(
                    f"{number}: the card taken says {getattr(taken, 'card_number', None)}")
            return "issued"
        return f"done:{getattr(j.run, 'outcome', None)}"
    if r.screen() == "ssc.failed":
        return f"failed:{getattr(j.run, 'failure', None)}"
    return r.screen()


def _issued(soak) -> list:
    """(application, card number, card id code) of each card the robot saw taken."""
    if not hasattr(soak, "ssc_issued"):
        soak.ssc_issued = []
    return soak.ssc_issued


def ssc_query(r, rnd: random.Random, soak) -> str:
    """社保卡查询: 李四 inserts his card (or 张三 lays his ID card), reads, takes the card back."""
    if not r.flow.function("ssc_query").available:
        return "unavailable"
    r.tap("tile_ssc_query")
    if not r.at("ssc_query.insert"):
        return "no_insert_screen"
    by_card = rnd.random() < 0.7 and r.button("btn_simulate_ssc") is not None
    r.tap("btn_simulate_ssc" if by_card else "btn_simulate_card")
    try:
        r.spin(lambda: r.screen() in ("ssc_query.result", "error"), WAIT_S)
        if r.screen() == "ssc_query.result":
            return "shown_by_card" if by_card else "shown_by_idcard"
        return r.screen()
    finally:
        if by_card:
            # the citizen takes the card back out of the reader (the next issue needs it empty)
            reader = r.kiosk.manager.first("smartcard")
            if reader is not None and reader.mock is not None:
                reader.mock.perform("remove_card")


# ----------------------------------------------------------------------------- the camera
def _camera(r):
    h = r.kiosk.manager.first("camera")
    return None if h is None else h.mock


def _sit(r, scene: str = "portrait_centred") -> None:
    """The next citizen in front of the camera (or the code they hold up to it)."""
    cam = _camera(r)
    if cam is not None:
        cam.perform("show_scene", scene=scene)


def _identify(r, prefix: str, card: str | None = None) -> str | None:
    """The identity check (人证核验) by taps: the ID card (``card``: which of the simulator's
    citizens lays theirs; else the screen's demo button's), consent, the face with a blink.
    None when verified (the journey's next screen is on), else the outcome."""
    if not r.at(f"{prefix}.id_card"):
        return f"id:{r.screen()}"
    _sit(r)
    if not r.spin(lambda: r.button("btn_simulate_card") is not None, 10):
        return "no_card_button"  # the reader is down: the window is offered instead
    reader = r.kiosk.manager.first("idcard")
    if card is not None and reader is not None and reader.mock is not None:
        reader.mock.perform("place_card", card=card)
    else:
        r.tap("btn_simulate_card")
    r.spin(lambda: r.screen() != f"{prefix}.id_card", WAIT_S)
    if r.screen() != f"{prefix}.id_consent":
        return f"card:{r.screen()}"
    r.tap("btn_agree")
    if not r.at(f"{prefix}.id_face"):
        return f"consent:{r.screen()}"  # no camera: the window (words on screen)
    j = r.flow.journey
    r.spin(lambda: getattr(j.identity, "prompt", None) == "blink"
           or r.screen() != f"{prefix}.id_face", ISSUE_WAIT_S)
    if r.screen() == f"{prefix}.id_face":
        r.tap("btn_simulate_blink", 5)  # the sitter blinks
    r.spin(lambda: r.screen() not in (f"{prefix}.id_face", f"{prefix}.id_checking"),
           ISSUE_WAIT_S)
    return None if j.verified is not None else f"face:{r.screen()}"


def police(r, rnd: random.Random, soak) -> str:
    """公安自助: a certificate of no criminal record, after the identity check."""
    if not r.flow.function("police").available:
        return "unavailable"
    r.tap("tile_police")
    kinds = r.buttons("kind_") if r.at("police.choose") else []
    if not kinds:
        return "no_kinds"
    r.tap(rnd.choice(kinds).objectName())
    failed = _identify(r, "police")
    if failed:
        return failed
    if not r.spin(lambda: bool(r.buttons("purpose_")) or r.screen() == "error", WAIT_S):
        return f"purpose:{r.screen()}"
    if r.screen() == "error":
        return "error"
    r.tap(rnd.choice(r.buttons("purpose_")).objectName())
    r.spin(lambda: r.screen() in ("police.done", "police.print_failed", "error"), ISSUE_WAIT_S)
    document = getattr(r.flow.journey, "document", None)
    if r.screen() in ("police.done", "police.print_failed") and document is not None:
        _state(soak)["documents"].append(document.code)
    return {"police.done": "issued", "police.print_failed": "print_failed"}.get(
        r.screen(), r.screen())


def traffic_fines(r, rnd: random.Random, soak) -> str:
    """交通违法缴款: the identity check, 张三's fines, one paid by QR code from the phone."""
    from kiosk.demo.soak import Soak
    from kiosk.demo.soak_services import pay_from_phone

    if not r.flow.function("traffic_fines").available:
        return "unavailable"
    r.tap("tile_traffic_fines")
    failed = _identify(r, "traffic_fines", card="resident")  # 张三: the demo's fines are his
    if failed:
        return failed
    r.spin(lambda: r.screen() != "traffic_fines.loading", WAIT_S)
    if r.screen() != "traffic_fines.fines":
        return f"fines:{r.screen()}"
    j = r.flow.journey
    unpaid = [b for b in r.buttons("fine_")]
    if not unpaid:
        return "none_unpaid"  # all paid earlier today: the screen says so
    r.tap(rnd.choice(unpaid).objectName())
    if not r.spin(lambda: r.screen() == "error" or j.payment.phase not in (None, "creating"),
                  WAIT_S):
        return "no_order"
    if r.screen() == "error" or j.payment.phase != "waiting":
        return f"order:{r.screen()}:{j.payment.phase}"
    if rnd.random() < 0.1:
        r.tap("btn_pay_cancel")  # changed their mind
        r.spin(lambda: j.payment.phase in ("cancelled", "expired", "paid"), WAIT_S)
        return f"pay_{j.payment.phase}"
    order_id = j.payment.order.order_id
    notice = j.chosen.notice
    url = soak.settings.central.url
    Soak._off_thread(r, lambda: pay_from_phone(url, order_id, uuid.uuid4().hex))
    if not r.spin(lambda: j.payment.phase == "paid", WAIT_S):
        r.tap("btn_pay_cancel", 2.0)  # the phone could not pay (the server is down)
        r.spin(lambda: j.payment.phase in ("cancelled", "expired", "paid"), WAIT_S)
        if j.payment.phase != "paid":
            return f"not_paid:{j.payment.phase}"
    _state(soak)["fines_paid"].append((order_id, notice))
    r.at("traffic_fines.done", "traffic_fines.print_failed", "error", timeout=WAIT_S)
    return {"traffic_fines.done": "paid", "traffic_fines.print_failed": "paid_print_failed"
            }.get(r.screen(), f"paid:{r.screen()}")


def scan(r, rnd: random.Random, soak) -> str:
    """扫码: an appointment's QR code checked in for a queue ticket, or an e-certificate's
    verified, held up to the camera."""
    if not r.flow.function("scan").available:
        return "unavailable"
    appointment = rnd.random() < 0.6
    _sit(r, "portrait_qr_appointment" if appointment else "portrait_qr_certificate")
    try:
        r.tap("tile_scan")
        r.spin(lambda: r.screen() in ("scan.appointment", "scan.certificate", "error"),
               WAIT_S)
        screen = r.screen()
        if screen == "scan.certificate":
            c = r.flow.journey.certificate
            return "certificate_genuine" if getattr(c, "valid", False) else "certificate_not"
        if screen != "scan.appointment":
            return f"scan:{screen}"
        problem = r.flow.journey.appointment_problem
        if problem is not None:
            # said in words, no check-in button: checked in already, or booked for another
            # day (the demo's codes are for the real today, the soak's clock is in 2025)
            return f"appointment_{problem}"
        if not r.tap("btn_check_in"):
            return "no_check_in_button"
        r.at("scan.done", "scan.print_failed", "error", timeout=WAIT_S)
        ticket = getattr(r.flow.journey, "ticket", None)
        if r.screen() in ("scan.done", "scan.print_failed") and ticket is not None:
            # the queue ticket of the check-in: the soak's own check finds it on the server
            (soak.printed if r.screen() == "scan.done" else soak.unprinted).append(
                ticket.number)
        return {"scan.done": "checked_in", "scan.print_failed": "checked_in_print_failed"
                }.get(r.screen(), r.screen())
    finally:
        _sit(r)


def _state(soak) -> dict:
    if not hasattr(soak, "cards_state"):
        soak.cards_state = {"fines_paid": [], "documents": [], "jam_latched": 0,
                            "wrong_cards": []}
    return soak.cards_state


JOURNEYS = {"ssc": (ssc, 3), "ssc_query": (ssc_query, 2), "police": (police, 2),
            "traffic_fines": (traffic_fines, 1), "scan": (scan, 2)}


#: (device kind, fault, what a technician does) — the soak clears each a few journeys later
FAULTS = [
    ("card_dispenser", "jam", "clear_jam"),  # the next move jams; staff take the card out
    ("card_dispenser", "empty_mid_job", "refill"),  # the next pick finds no card
    ("card_dispenser", "unplug", None),
    ("card_dispenser", "silent", None),
    ("card_dispenser", "nak", None),
    ("smartcard", "write_fail", None),  # the chip refuses a write: captured, another card
    ("smartcard", "mute", None),  # the card does not answer its reset
    ("smartcard", "silent", None),  # vpcd, pcscd and the driver wait: a hung card
]  # (the camera's: kiosk.demo.soak_services.FAULTS)


# ----------------------------------------------------------------------------- pcscd
PCSCD = shutil.which("pcscd") or "/usr/sbin/pcscd"
PCSCD_COMMAND = [PCSCD, "--foreground"]
VPCD_READER = "Virtual PCD 00 00"
# tests/pcscd.py takes these and readers() from here (kiosk/ never imports the tests)
PCSCD_LOCK = Path(tempfile.gettempdir()) / "kiosk-tests-pcscd.lock"
PCSCD_PID = Path(tempfile.gettempdir()) / "kiosk-tests-pcscd.pid"


def readers() -> list[str] | None:
    """The readers a running pcscd lists; None when no pcscd answers."""
    from smartcard import scard

    code, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if code != scard.SCARD_S_SUCCESS:
        return None
    try:
        code, names = scard.SCardListReaders(context, [])
        return list(names) if code == scard.SCARD_S_SUCCESS else []
    finally:
        scard.SCardReleaseContext(context)


def _until(cond, timeout: float, interval: float = 0.05) -> bool:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            return False
        time.sleep(interval)  # polling a condition, not synchronising on time
    return True


@contextlib.contextmanager
def pcscd_service(soak=None, *, lock_timeout: float = 300.0):
    """pcscd with vpcd's readers for the day: the machine's pcscd lock held throughout; the
    daemon started when none answers (and then stopped at the end), else used as it is."""
    fd = os.open(PCSCD_LOCK, os.O_RDWR | os.O_CREAT, 0o666)

    def locked() -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    proc = None
    try:
        if not _until(locked, lock_timeout):
            raise RuntimeError(f"another session held {PCSCD_LOCK} for {lock_timeout:.0f}s")
        if readers() is None:
            log_path = Path(tempfile.gettempdir()) / "kiosk-soak-pcscd.log"
            with log_path.open("ab") as out:
                proc = subprocess.Popen(PCSCD_COMMAND, stdout=out, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
            # the tests' helper recognises (and may stop) a pcscd any session started by it
            PCSCD_PID.write_text(str(proc.pid))
        if not _until(lambda: VPCD_READER in (readers() or [])
                      or (proc is not None and proc.poll() is not None), 15) \
                or VPCD_READER not in (readers() or []):
            raise RuntimeError(f"pcscd does not list {VPCD_READER!r} (lists {readers()}): "
                               "install vsmartcard-vpcd, or restart a pcscd started without it")
        yield
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGCONT)  # a frozen daemon would not act on SIGTERM
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
            _until(lambda: readers() is None, 15)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


SERVICES = (pcscd_service,)


# ----------------------------------------------------------------------------- checks
def issued_problems(db: Path, issued: list[tuple[str, str, str]]) -> list[str]:
    """Each card the robot saw taken is on the server exactly once (its card and the taken
    attempt of its blank), and no application is left half-issued (a card bound or written
    but never reported taken, retained or failed)."""
    out: list[str] = []
    con = sqlite3.connect(db)
    try:
        cards = Counter(n for (n,) in con.execute("SELECT card_number FROM ssc_cards"))
        taken = Counter(c for (c,) in con.execute(
            "SELECT card_id_code FROM ssc_attempts WHERE outcome = 'taken'"))
        delivered = {a for (a,) in con.execute(
            "SELECT application_id FROM ssc_applications WHERE state = 'delivered'")}
        half = con.execute("SELECT application_id, state FROM ssc_applications "
                           "WHERE state IN ('card_bound', 'written')").fetchall()
    finally:
        con.close()
    for app, number, code in issued:
        if cards[number] != 1:
            out.append(f"ssc card {number} on the server {cards[number]} times")
        if code and taken[code] != 1:
            out.append(f"ssc card {code} taken {taken[code]} times on the server")
        if app not in delivered:
            out.append(f"ssc application {app} issued but not delivered on the server")
    out += [f"ssc application {a} left {s} on the server" for a, s in half]
    return out


def check_ssc(soak, kiosk) -> list[str]:
    db = Path(soak.settings.data_dir) / "central" / "central.db"
    out = issued_problems(db, _issued(soak))
    out += [f"ssc card {w}" for w in _state(soak)["wrong_cards"]]
    latched = _state(soak)["jam_latched"]
    if latched:
        out.append(f"ssc off {latched} times for a card jam staff had cleared (the card "
                   "dispenser still reports jammed)")
    # the kiosk's own view: an issue it still thinks interrupted is half-issued there
    out += [f"ssc issue interrupted on the kiosk: {i}" for i in kiosk.central.ssc.interrupted()]
    out += [f"ssc report {e['status']} in the outbox: {e['path']} ({e['last_error']})"
            for status in ("pending", "parked") for e in kiosk.central.outbox.entries(status)
            if "ssc" in e["path"]]
    return out


def served_problems(db: Path, documents: list[str],
                    paid: list[tuple[str, str]]) -> list[str]:
    """Each certificate the robot saw issued is on the server exactly once; each fine it saw
    paid: its order paid by one payment, its notice paid by that order."""
    out: list[str] = []
    con = sqlite3.connect(db, timeout=30)
    try:
        codes = Counter(c for (c,) in con.execute("SELECT code FROM police_documents"))
        for code in documents:
            if codes[code] != 1:
                out.append(f"police document {code} on the server {codes[code]} times")
        for order_id, notice in paid:
            n = con.execute("SELECT COUNT(*) FROM payment_events WHERE order_id = ? AND "
                            "outcome = 'paid'", (order_id,)).fetchone()[0]
            by = con.execute("SELECT paid_order_id FROM payment_notices WHERE number = ?",
                             (notice,)).fetchone()
            if n != 1:
                out.append(f"fine {notice}: order {order_id} paid {n} times on the server")
            if by is None or by[0] != order_id:
                out.append(f"fine {notice} shown paid by {order_id}, on the server by "
                           f"{by[0] if by else None}")
    finally:
        con.close()
    return out


def check_served(soak, kiosk) -> list[str]:
    st = _state(soak)
    if not st["documents"] and not st["fines_paid"]:
        return []
    db = Path(soak.settings.data_dir) / "central" / "central.db"
    return served_problems(db, st["documents"], st["fines_paid"])


CHECKS = (check_ssc, check_served)
