"""The card-management system's records and rules (reference server).

People and their cards; loss reports (挂失); applications for a replacement (补卡/换卡) with
one state each, so a kiosk that crashed mid-issue finds out what the server knows and the
server always knows where every blank card it wrote to went:

==============  ===============================================================================
state           meaning, and what moves it on
==============  ===============================================================================
``open``        data fetched, no card in work: ``script`` binds a blank card → ``card_bound``
``card_bound``  a blank card was given its script; the ``written`` report → ``written``; the
                ``failed`` report (card captured, or lost to a jam) → ``open`` again
``written``     the new card is personalised and verified (active; the old one is replaced);
                ``taken`` → ``delivered``, ``retained`` (left at the gate, captured) →
                ``retained`` (collect at a window); ``failed`` (e.g. the gate jammed) → ``open``
``delivered``   done
``retained``    the card waits at the hall for the citizen
``cancelled``   given up before a card was written
==============  ===============================================================================

Every blank card bound to an application is an *attempt* row with its outcome, so a card is
never unaccounted for here either. Reports come through the kiosk's outbox in order (one
stream per application) and are accepted leniently — a report the server has no binding for
(the kiosk lost the network before its script request arrived) is recorded, not refused — as
a refusal would park a report the kiosk can do nothing about.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
import tomllib
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk import protocol as P
from kiosk.central.db import metadata
from kiosk.central.fields import ApiError, field, now_iso
from kiosk.central.ssc import layout
from kiosk.central.store.sealed import KeyedHash, Sealed
from kiosk.protocol import Err

log = logging.getLogger(__name__)

DEMO_FILE = Path(__file__).resolve().parents[1] / "demo_ssc.toml"
CODE_TTL_S = 300.0
CODE_RESEND_S = 60.0  # a second request within this gets the same code (no SMS storm)
CODE_TRIES = 5
TOKEN_TTL_S = 1800.0
VALIDITY_YEARS = 10
PHOTO_FROM_AGE = 7
OPEN_STATES = ("open", "card_bound", "written")

# personal data is sealed and ID numbers are keyed hashes (store/sealed.py): every table
# finds a person by the hash; the number itself, written onto a new card, is sealed here
people = sa.Table(
    "ssc_people", metadata,
    sa.Column("id_number", KeyedHash("id_number"), primary_key=True),
    sa.Column("id_number_sealed", Sealed("ssc_people.id_number_sealed", copy_of="id_number"),
              nullable=False),
    sa.Column("name", Sealed("ssc_people.name"), nullable=False),
    sa.Column("gender", sa.String(1), nullable=False),
    sa.Column("nation", sa.String(2), nullable=False),
    sa.Column("birthplace", Sealed("ssc_people.birthplace"), nullable=False),
    sa.Column("birth_date", Sealed("ssc_people.birth_date"), nullable=False),
    sa.Column("mobile", Sealed("ssc_people.mobile")),
    sa.Column("photo_on_record", sa.Boolean, nullable=False),
    sa.Column("fee_fen", sa.Integer, nullable=False, default=0),
)

cards = sa.Table(
    "ssc_cards", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("card_number", sa.String(P.SSC_CARD_NUMBER_MAX), nullable=False, unique=True),
    sa.Column("id_number", KeyedHash("id_number"), nullable=False, index=True),
    sa.Column("card_id_code", sa.String(P.SSC_CARD_ID_LEN), unique=True),
    sa.Column("generation", sa.Integer, nullable=False),
    # active | lost | replaced | at_hall (written, kept at the hall for the citizen) |
    # cancelled (a written chip that never reached its holder)
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("issue_date", sa.String(10), nullable=False),
    sa.Column("expiry_date", sa.String(10), nullable=False),
    sa.Column("application_id", sa.String(P.UUID_MAX)),
    sa.Column("updated_at", sa.String(P.TIMESTAMP_MAX), nullable=False),
)

loss_reports = sa.Table(
    "ssc_loss_reports", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.String(P.UUID_MAX), nullable=False, unique=True),
    sa.Column("kiosk_id", sa.String(P.KIOSK_ID_MAX), nullable=False),
    sa.Column("id_number", KeyedHash("id_number"), nullable=False),
    sa.Column("card_number", sa.String(P.SSC_CARD_NUMBER_MAX), nullable=False),
    sa.Column("at", sa.String(P.TIMESTAMP_MAX), nullable=False),
    sa.Column("applied", sa.Boolean, nullable=False),  # False: the card was not active
    sa.Column("received_at", sa.Float, nullable=False),
)

applications = sa.Table(
    "ssc_applications", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.String(P.UUID_MAX), nullable=False, unique=True),
    sa.Column("kiosk_id", sa.String(P.KIOSK_ID_MAX), nullable=False),
    sa.Column("id_number", KeyedHash("id_number"), nullable=False, index=True),
    sa.Column("business_type", sa.String(2), nullable=False),
    sa.Column("old_card_number", sa.String(P.SSC_CARD_NUMBER_MAX)),
    sa.Column("new_card_number", sa.String(P.SSC_CARD_NUMBER_MAX), nullable=False),
    sa.Column("issue_date", sa.String(10), nullable=False),
    sa.Column("expiry_date", sa.String(10), nullable=False),
    sa.Column("state", sa.String(12), nullable=False),
    sa.Column("fee_fen", sa.Integer, nullable=False),
    sa.Column("photo", sa.String(12), nullable=False),  # on_record | not_needed | missing
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("bound_card_id", sa.String(P.SSC_CARD_ID_LEN)),
    sa.Column("bound_generation", sa.Integer),
    sa.Column("new_card_id", sa.String(P.SSC_CARD_ID_LEN)),
    sa.Column("last_reason", sa.String(P.SSC_REASON_MAX)),
    sa.Column("created_at", sa.String(P.TIMESTAMP_MAX), nullable=False),
    sa.Column("updated_at", sa.String(P.TIMESTAMP_MAX), nullable=False),
)

attempts = sa.Table(
    "ssc_attempts", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.String(P.UUID_MAX), nullable=False, index=True),
    sa.Column("kiosk_id", sa.String(P.KIOSK_ID_MAX), nullable=False),
    sa.Column("card_id_code", sa.String(P.SSC_CARD_ID_LEN)),  # None: never identified
    sa.Column("atr", sa.String(P.SSC_ATR_MAX)),
    # bound | written | failed | taken | retained
    sa.Column("outcome", sa.String(10), nullable=False),
    sa.Column("reason", sa.String(P.SSC_REASON_MAX)),
    sa.Column("card_at", sa.String(20)),  # where the failed card ended: reject_bin, jammed …
    sa.Column("at", sa.String(P.TIMESTAMP_MAX), nullable=False),
)

reports = sa.Table(
    "ssc_reports", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.String(P.UUID_MAX), nullable=False, unique=True),
    sa.Column("application_id", sa.String(P.UUID_MAX), nullable=False, index=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("body", sa.Text, nullable=False),  # what the kiosk said (no personal data)
    sa.Column("received_at", sa.Float, nullable=False),
)

codes = sa.Table(
    "ssc_codes", metadata,
    sa.Column("id_number", KeyedHash("id_number"), primary_key=True),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("code", sa.String(P.SSC_CODE_LEN)),  # kept on a demo server only (shown there)
    sa.Column("sent_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("tries", sa.Integer, nullable=False),
)


# ----------------------------------------------------------------------------- helpers
def norm_id(id_number: str) -> str:
    return id_number.strip().upper()


def mask_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else name


def mask_number(n: str) -> str:
    return n[:1] + "*" * max(0, len(n) - 3) + n[-2:] if len(n) > 3 else "*" * len(n)


def mask_mobile(m: str) -> str:
    return m[:3] + "****" + m[-4:] if len(m) >= 11 else "****"


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _hash(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def _hex(body: dict, key: str, size: int | None = None, *, max_len: int = 200,
         optional: bool = False) -> bytes | None:
    text = field(body, key, str, max_len=max_len, optional=optional)
    if text is None:
        return None
    try:
        value = bytes.fromhex(text)
    except ValueError:
        raise ApiError(400, Err.INVALID, f"field {key!r} must be hex") from None
    if size is not None and len(value) != size:
        raise ApiError(400, Err.INVALID, f"field {key!r} must be {size} bytes")
    return value


class SscStore:
    def __init__(self, parent) -> None:
        #: the CentralStore: its ID-number key (from the server secret) signs SMS proofs
        self.parent = parent
        self.demo = True  # a reference server shows SMS codes in its answers (no SMS gateway)
        self._seed_lock = threading.Lock()
        self._seeded = False

    # ------------------------------------------------------------------ demo data
    def seed_demo(self, engine, path: Path = DEMO_FILE) -> int:
        """The demo people and their cards, into an empty database (once)."""
        with self._seed_lock:
            if self._seeded:
                return 0
            entries = tomllib.loads(path.read_text(encoding="utf-8")).get("people", [])
            added = 0
            with engine.begin() as conn:
                for e in entries:
                    if conn.execute(sa.select(people.c.id_number).where(
                            people.c.id_number == e["id_number"])).first() is not None:
                        continue
                    conn.execute(people.insert().values(
                        id_number=e["id_number"], id_number_sealed=norm_id(e["id_number"]),
                        name=e["name"], gender=e["gender"],
                        nation=e["nation"], birthplace=e["birthplace"],
                        birth_date=e["birth_date"], mobile=e.get("mobile"),
                        photo_on_record=bool(e.get("photo_on_record", True)),
                        fee_fen=int(e.get("fee_fen", 0))))
                    conn.execute(cards.insert().values(
                        card_number=e["card_number"], id_number=e["id_number"],
                        card_id_code=e["card_id_code"], generation=int(e["generation"]),
                        status="active", issue_date=e["issue_date"],
                        expiry_date=e["expiry_date"], updated_at=now_iso()))
                    added += 1
            self._seeded = True
            return added

    # ------------------------------------------------------------------ identity
    def _key(self) -> bytes:
        key = self.parent.id_key
        if key is None:
            raise RuntimeError("the store has no key (CentralApp sets it from the secret)")
        return key

    def _token(self, id_number: str, expires: int) -> str:
        return f"{expires}.{_hash(self._key(), f'ssc-identity|{norm_id(id_number)}|{expires}')}"

    def check_identity(self, body: dict, id_number: str) -> str:
        """The identity proof of a request: the kiosk read the ID card, or an SMS code was
        checked (a token from the code check). Returns the method."""
        ident = field(body, "identity", dict)
        method = field(ident, "method", str, max_len=10)
        if method not in P.SSC_IDENTITY_METHODS:
            raise ApiError(400, Err.INVALID, f"identity.method must be one of "
                                             f"{', '.join(P.SSC_IDENTITY_METHODS)}")
        if method == "sms":
            token = field(ident, "token", str, max_len=200)
            expires, _, _mac = token.partition(".")
            if not expires.isdigit() or int(expires) < time.time() or not hmac.compare_digest(
                    token, self._token(id_number, int(expires))):
                raise ApiError(403, Err.SSC_NOT_VERIFIED,
                               "the SMS verification is missing or expired: verify again")
        return method

    def send_code(self, conn: Connection, body: dict) -> dict:
        id_number = norm_id(field(body, "id_number", str, max_len=P.ID_NUMBER_MAX))
        person = self._person(conn, id_number)
        if not person.mobile:
            raise ApiError(422, Err.SSC_NO_MOBILE, "no mobile number on record for this person")
        now = time.time()
        row = conn.execute(sa.select(codes).where(codes.c.id_number == id_number)).first()
        if row is not None and now - row.sent_at < CODE_RESEND_S and row.expires_at > now:
            code = row.code  # the one just sent (None on a real server: it is not kept)
        else:
            code = f"{secrets.randbelow(10 ** P.SSC_CODE_LEN):0{P.SSC_CODE_LEN}d}"
            values = dict(code_hash=_hash(self._key(), f"ssc-code|{id_number}|{code}"),
                          code=code if self.demo else None, sent_at=now,
                          expires_at=now + CODE_TTL_S, tries=0)
            if conn.execute(codes.update().where(codes.c.id_number == id_number)
                            .values(**values)).rowcount == 0:
                conn.execute(codes.insert().values(id_number=id_number, **values))
            # the reference server has no SMS gateway: the code goes to its log (and, as a
            # demo server, into the answer, for the kiosk's demo screen)
            log.warning("central: SSC verification code for %s sent to %s",
                        mask_number(id_number), mask_mobile(person.mobile))
        out = {"sent": True, "mobile_masked": mask_mobile(person.mobile),
               "expires_in_s": int(CODE_TTL_S)}
        if self.demo and code:
            out["demo_code"] = code
        return out

    def check_code(self, conn: Connection, body: dict) -> dict:
        id_number = norm_id(field(body, "id_number", str, max_len=P.ID_NUMBER_MAX))
        code = field(body, "code", str, max_len=P.SSC_CODE_LEN)
        row = conn.execute(sa.select(codes).where(codes.c.id_number == id_number)).first()
        now = time.time()
        if row is None or row.expires_at < now or row.tries >= CODE_TRIES:
            raise ApiError(422, Err.SSC_CODE_EXPIRED, "no valid code: ask for a new one")
        if not hmac.compare_digest(row.code_hash, _hash(self._key(),
                                                        f"ssc-code|{id_number}|{code}")):
            conn.execute(codes.update().where(codes.c.id_number == id_number)
                         .values(tries=row.tries + 1))
            left = CODE_TRIES - row.tries - 1
            raise ApiError(422, Err.SSC_CODE_WRONG, f"wrong code ({left} tries left)")
        conn.execute(codes.delete().where(codes.c.id_number == id_number))
        expires = int(now + TOKEN_TTL_S)
        return {"verified": True, "token": self._token(id_number, expires),
                "expires_in_s": int(TOKEN_TTL_S)}

    # ------------------------------------------------------------------ reading
    def _person(self, conn: Connection, id_number: str):
        row = conn.execute(sa.select(people).where(people.c.id_number == id_number)).first()
        if row is None:
            raise ApiError(404, Err.SSC_UNKNOWN_PERSON, "no social-security card record for "
                                                        "this person")
        return row

    def lookup(self, conn: Connection, body: dict) -> dict:
        """A person's cards and their open (or last) application: by ID number (the ID card
        or a typed number) or by card number (a third-generation card's EF05)."""
        id_number = field(body, "id_number", str, max_len=P.ID_NUMBER_MAX, optional=True)
        number = field(body, "card_number", str, max_len=P.SSC_CARD_NUMBER_MAX, optional=True)
        if id_number is None and number is None:
            raise ApiError(400, Err.INVALID, "give id_number or card_number")
        if id_number is None:
            row = conn.execute(sa.select(cards.c.id_number).where(
                cards.c.card_number == number.strip().upper())).first()
            if row is None:
                raise ApiError(404, Err.SSC_UNKNOWN_PERSON, "no record of this card")
            id_number = row[0]  # its keyed hash: compared as it is
        person = self._person(conn, id_number)
        today = date.today()
        birth = date.fromisoformat(person.birth_date)
        age = age_on(birth, today)
        rows = conn.execute(sa.select(cards).where(cards.c.id_number == person.id_number)
                            .order_by(cards.c.id)).all()
        app = conn.execute(sa.select(applications).where(
            applications.c.id_number == person.id_number).order_by(
            applications.c.id.desc()).limit(1)).first()
        return {
            "person": {"name_masked": mask_name(person.name), "age": age,
                       "gender": person.gender, "photo_on_record": person.photo_on_record,
                       "photo_required": age >= PHOTO_FROM_AGE,
                       "mobile_masked": mask_mobile(person.mobile or ""),
                       "fee_fen": person.fee_fen},
            "cards": [{"card_number_masked": mask_number(c.card_number), "status": c.status,
                       "generation": c.generation, "issue_date": c.issue_date,
                       "expiry_date": c.expiry_date} for c in rows],
            "application": self._view(conn, app) if app is not None else None,
        }

    def _view(self, conn: Connection, a) -> dict:
        events = conn.execute(sa.select(attempts).where(
            attempts.c.application_id == a.application_id).order_by(attempts.c.id)).all()
        return {
            "application_id": a.application_id, "state": a.state,
            "business_type": a.business_type, "kiosk_id": a.kiosk_id,
            "card_number_masked": mask_number(a.new_card_number),
            "fee_fen": a.fee_fen, "photo": a.photo, "attempts": a.attempts,
            "issue_date": a.issue_date, "expiry_date": a.expiry_date,
            "last_reason": a.last_reason, "created_at": a.created_at,
            "updated_at": a.updated_at,
            "cards": [{"outcome": e.outcome, "card_at": e.card_at, "reason": e.reason,
                       "at": e.at} for e in events],
        }

    def view(self, conn: Connection, application_id: str) -> dict:
        return self._view(conn, self._application(conn, application_id))

    def _application(self, conn: Connection, application_id: str):
        a = conn.execute(sa.select(applications).where(
            applications.c.application_id == application_id)).first()
        if a is None:
            raise ApiError(404, Err.SSC_UNKNOWN_APPLICATION, f"no application {application_id}")
        return a

    # ------------------------------------------------------------------ loss report
    def _apply_loss(self, conn: Connection, kiosk_id: str, report: dict,
                    id_number: str) -> dict:
        """挂失 of the person's card (``card_number``, or else their current card: a citizen
        who lost the card does not know its number)."""
        report_id = field(report, "report_id", str, max_len=P.UUID_MAX)
        number = field(report, "card_number", str, max_len=P.SSC_CARD_NUMBER_MAX,
                       optional=True)
        at = field(report, "at", str, max_len=P.TIMESTAMP_MAX)
        existing = conn.execute(sa.select(loss_reports).where(
            loss_reports.c.report_id == report_id)).first()
        if existing is not None:
            return {"report_id": report_id, "card_number_masked":
                    mask_number(existing.card_number), "applied": existing.applied}
        query = sa.select(cards).where(cards.c.id_number == id_number)
        if number:
            query = query.where(cards.c.card_number == number.strip().upper())
        else:
            query = query.where(cards.c.status.in_(("active", "lost"))).order_by(
                cards.c.id.desc()).limit(1)
        card = conn.execute(query).first()
        if card is None:
            raise ApiError(404, Err.SSC_UNKNOWN_PERSON, "no such card of this person")
        applied = card.status == "active"
        if applied:
            conn.execute(cards.update().where(cards.c.id == card.id).values(
                status="lost", updated_at=now_iso()))
        conn.execute(loss_reports.insert().values(
            report_id=report_id, kiosk_id=kiosk_id, id_number=id_number,
            card_number=card.card_number, at=at, applied=applied, received_at=time.time()))
        return {"report_id": report_id, "card_number_masked": mask_number(card.card_number),
                "applied": applied, "status": "lost" if applied else card.status}

    def report_loss(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        id_number = norm_id(field(body, "id_number", str, max_len=P.ID_NUMBER_MAX))
        self._person(conn, id_number)
        self.check_identity(body, id_number)
        return self._apply_loss(conn, kiosk_id, body, id_number)

    # ------------------------------------------------------------------ applications
    def open_application(self, conn: Connection, kiosk_id: str, body: dict) -> dict:
        """Open (or find again) a replacement application and return its issuing data."""
        application_id = field(body, "application_id", str, max_len=P.UUID_MAX)
        id_number = norm_id(field(body, "id_number", str, max_len=P.ID_NUMBER_MAX))
        reason = field(body, "reason", str, max_len=10)
        if reason not in ("lost", "damaged"):
            raise ApiError(400, Err.INVALID, "reason must be lost or damaged")
        person = self._person(conn, id_number)
        self.check_identity(body, id_number)
        loss = body.get("loss_report")
        if loss is not None:  # applied here too: the outbox's copy may still be on its way
            self._apply_loss(conn, kiosk_id, loss if isinstance(loss, dict) else {}, id_number)
        same = conn.execute(sa.select(applications).where(
            applications.c.application_id == application_id)).first()
        if same is not None:
            return self._issuing_data(conn, same, person, resumed=False)
        current = conn.execute(sa.select(applications).where(
            (applications.c.id_number == id_number)
            & applications.c.state.in_(OPEN_STATES))).first()
        if current is not None:
            if current.state != "open" and current.kiosk_id != kiosk_id:
                raise ApiError(409, Err.SSC_APPLICATION_BUSY,
                               f"a card is being made for this person at kiosk "
                               f"{current.kiosk_id}")
            return self._issuing_data(conn, current, person, resumed=True)
        card_rows = conn.execute(sa.select(cards).where(
            cards.c.id_number == id_number).order_by(cards.c.id.desc())).all()
        old = next((c for c in card_rows if c.status in ("active", "lost")), None)
        if old is None:
            raise ApiError(409, Err.SSC_NOT_ISSUABLE, "no current card to replace here")
        if reason == "lost" and old.status != "lost":
            raise ApiError(409, Err.SSC_NOT_ISSUABLE, "report the card lost first")
        today = date.today()
        age = age_on(date.fromisoformat(person.birth_date), today)
        photo = "not_needed" if age < PHOTO_FROM_AGE else \
            "on_record" if person.photo_on_record else "missing"
        business = "03" if reason == "lost" else "07"
        stamp = now_iso()
        result = conn.execute(applications.insert().values(
            application_id=application_id, kiosk_id=kiosk_id, id_number=id_number,
            business_type=business, old_card_number=old.card_number,
            new_card_number=old.card_number if business == "07" else "",
            issue_date=today.isoformat(),
            expiry_date=add_years(today, VALIDITY_YEARS).isoformat(), state="open",
            fee_fen=person.fee_fen, photo=photo, attempts=0, created_at=stamp,
            updated_at=stamp))
        if business == "03":
            row_id = result.inserted_primary_key[0]
            # a new number: "B" and the application's row number (unique, never reused)
            conn.execute(applications.update().where(applications.c.id == row_id).values(
                new_card_number=f"B{row_id:08d}"))
        a = self._application(conn, application_id)
        return self._issuing_data(conn, a, person, resumed=False)

    def _issuing_data(self, conn: Connection, a, person, *, resumed: bool) -> dict:
        view = self._view(conn, a)
        view.update({
            "resumed": resumed,
            "holder": {"name_masked": mask_name(person.name)},
            "issuable": a.photo != "missing",
            "fee_due_fen": a.fee_fen,
        })
        return view

    def _values(self, a, person) -> dict:
        name, ext = layout.split_name(person.name)
        return {"issue_date": date.fromisoformat(a.issue_date),
                "expiry_date": date.fromisoformat(a.expiry_date),
                "card_number": a.new_card_number, "id_number": person.id_number_sealed,
                "name": name, "name_ext": ext, "gender": person.gender,
                "nation": person.nation, "birthplace": person.birthplace,
                "birth_date": date.fromisoformat(person.birth_date)}

    def script(self, conn: Connection, kiosk_id: str, application_id: str, body: dict) -> dict:
        """Bind a blank card to the application and give the script that writes it."""
        card_id = field(body, "card_id_code", str, max_len=P.SSC_CARD_ID_LEN)
        challenge = _hex(body, "challenge", 8, max_len=P.SSC_CHALLENGE_LEN)
        atr = field(body, "atr", str, max_len=P.SSC_ATR_MAX, optional=True) or ""
        generation = field(body, "generation", int)
        blank = field(body, "blank", bool)
        if generation not in (2, 3):
            raise ApiError(400, Err.INVALID, "generation must be 2 or 3")
        a = self._application(conn, application_id)
        if a.kiosk_id != kiosk_id:
            raise ApiError(409, Err.SSC_APPLICATION_BUSY, "this application is another kiosk's")
        if a.state == "card_bound" and a.bound_card_id != card_id:
            raise ApiError(409, Err.SSC_CARD_OUTSTANDING,
                           "the last card's outcome has not been reported yet")
        if a.state not in ("open", "card_bound"):
            raise ApiError(409, Err.SSC_WRONG_STATE, f"the application is {a.state}")
        if a.photo == "missing":
            raise ApiError(409, Err.SSC_NOT_ISSUABLE, "a photo is needed and none is on record")
        used = conn.execute(sa.select(cards.c.card_number).where(
            cards.c.card_id_code == card_id)).first()
        if used is not None or not blank:
            raise ApiError(409, Err.SSC_CARD_USED, "this card already carries a card number")
        person = self._person(conn, a.id_number)
        stamp = now_iso()
        if a.state == "open":
            conn.execute(attempts.insert().values(
                application_id=application_id, kiosk_id=kiosk_id, card_id_code=card_id,
                atr=atr, outcome="bound", at=stamp))
            conn.execute(applications.update().where(applications.c.id == a.id).values(
                state="card_bound", bound_card_id=card_id, bound_generation=generation,
                attempts=a.attempts + 1, updated_at=stamp))
        values = self._values(a, person)
        steps = layout.personalisation(card_id, generation, challenge, values)
        expect = {"card_number": a.new_card_number, "id_number": person.id_number_sealed,
                  "name": person.name, "issue_date": a.issue_date,
                  "expiry_date": a.expiry_date}
        return {"application_id": application_id, "card_id_code": card_id,
                "steps": [s.to_json() for s in steps], "expect": expect}

    def read_auth(self, conn: Connection, body: dict) -> dict:
        """The back-end step that lets a third-generation card's holder data be read (for a
        card this system issued)."""
        card_id = field(body, "card_id_code", str, max_len=P.SSC_CARD_ID_LEN)
        challenge = _hex(body, "challenge", 8, max_len=P.SSC_CHALLENGE_LEN)
        row = conn.execute(sa.select(cards.c.status).where(
            cards.c.card_id_code == card_id)).first()
        if row is None:
            raise ApiError(404, Err.SSC_UNKNOWN_PERSON, "this card was not issued here")
        return {"steps": [s.to_json() for s in layout.read_authentication(card_id, challenge)]}

    # ------------------------------------------------------------------ reports
    def report(self, conn: Connection, kiosk_id: str, application_id: str, body: dict) -> dict:
        """An issue's report (回盘 and after): written / failed / taken / retained /
        cancelled. Accepted leniently (see the module)."""
        report_id = field(body, "report_id", str, max_len=P.UUID_MAX)
        kind = field(body, "kind", str, max_len=10)
        if kind not in P.SSC_REPORT_KINDS:
            raise ApiError(400, Err.INVALID, f"kind must be one of {', '.join(P.SSC_REPORT_KINDS)}")
        card_id = field(body, "card_id_code", str, max_len=P.SSC_CARD_ID_LEN, optional=True)
        atr = field(body, "atr", str, max_len=P.SSC_ATR_MAX, optional=True)
        reason = (field(body, "reason", str, max_len=P.SSC_REASON_MAX, optional=True) or "")
        card_at = field(body, "card_at", str, max_len=20, optional=True)
        at = field(body, "at", str, max_len=P.TIMESTAMP_MAX)
        if conn.execute(sa.select(reports.c.id).where(reports.c.report_id == report_id)).first():
            a = self._application(conn, application_id)
            return {"report_id": report_id, "state": a.state, "replayed": True}
        a = self._application(conn, application_id)
        conn.execute(reports.insert().values(
            report_id=report_id, application_id=application_id, kind=kind,
            body=json.dumps({k: body.get(k) for k in ("kind", "card_id_code", "atr", "reason",
                                                      "card_at", "at")}, ensure_ascii=False),
            received_at=time.time()))
        handler = getattr(self, f"_report_{kind}")
        state = handler(conn, kiosk_id, a, card_id, atr, reason, card_at, at)
        log.info("central: SSC application %s: %s → %s", application_id, kind, state)
        return {"report_id": report_id, "state": state, "replayed": False}

    def _attempt(self, conn: Connection, application_id: str, card_id: str | None):
        query = sa.select(attempts).where(attempts.c.application_id == application_id)
        if card_id:
            query = query.where(attempts.c.card_id_code == card_id)
        return conn.execute(query.order_by(attempts.c.id.desc()).limit(1)).first()

    def _set_attempt(self, conn: Connection, a, kiosk_id: str, card_id, atr, outcome: str,
                     reason: str, card_at, at: str) -> None:
        row = self._attempt(conn, a.application_id, card_id) if card_id else None
        if row is None and card_id is None and a.state == "card_bound":
            row = self._attempt(conn, a.application_id, a.bound_card_id)
        if row is None:  # a card the server never bound (its script request never arrived)
            conn.execute(attempts.insert().values(
                application_id=a.application_id, kiosk_id=kiosk_id, card_id_code=card_id,
                atr=atr, outcome=outcome, reason=reason or None, card_at=card_at, at=at))
        else:
            conn.execute(attempts.update().where(attempts.c.id == row.id).values(
                outcome=outcome, reason=reason or row.reason, card_at=card_at or row.card_at,
                atr=atr or row.atr, at=at))

    def _report_written(self, conn, kiosk_id, a, card_id, atr, reason, card_at, at) -> str:
        if a.state in ("written", "delivered", "retained"):
            return a.state
        if a.state != "card_bound" or (card_id and card_id != a.bound_card_id):
            # written to a card the server did not bind for this application: record it, and
            # leave the state for staff (the report says which card)
            self._set_attempt(conn, a, kiosk_id, card_id, atr, "written",
                              reason or "written without a binding", card_at, at)
            conn.execute(applications.update().where(applications.c.id == a.id).values(
                last_reason="a card was reported written that was not bound here",
                updated_at=now_iso()))
            return a.state
        self._set_attempt(conn, a, kiosk_id, card_id or a.bound_card_id, atr, "written",
                          reason, card_at, at)
        stamp = now_iso()
        if a.old_card_number != a.new_card_number:
            conn.execute(cards.update().where(cards.c.card_number == a.old_card_number).values(
                status="replaced", updated_at=stamp))
        new = dict(id_number=a.id_number, card_id_code=a.bound_card_id,
                   generation=a.bound_generation or 3, status="active",
                   issue_date=a.issue_date, expiry_date=a.expiry_date,
                   application_id=a.application_id, updated_at=stamp)
        # 07 keeps the number (a new chip on the card's row); 03's row exists already when an
        # earlier written card of this application was voided
        if conn.execute(cards.update().where(cards.c.card_number == a.new_card_number)
                        .values(**new)).rowcount == 0:
            conn.execute(cards.insert().values(card_number=a.new_card_number, **new))
        conn.execute(applications.update().where(applications.c.id == a.id).values(
            state="written", new_card_id=a.bound_card_id, updated_at=stamp))
        return "written"

    def _report_failed(self, conn, kiosk_id, a, card_id, atr, reason, card_at, at) -> str:
        self._set_attempt(conn, a, kiosk_id, card_id, atr, "failed", reason, card_at, at)
        if a.state not in ("card_bound", "written"):
            return a.state
        stamp = now_iso()
        if a.state == "written":
            # a written card that did not reach the citizen (the gate jammed): its chip is
            # void; the application goes on with another blank card
            conn.execute(cards.update().where(cards.c.card_number == a.new_card_number).values(
                status="cancelled", updated_at=stamp))
        conn.execute(applications.update().where(applications.c.id == a.id).values(
            state="open", bound_card_id=None, last_reason=reason or "failed",
            updated_at=stamp))
        return "open"

    def _report_taken(self, conn, kiosk_id, a, card_id, atr, reason, card_at, at) -> str:
        self._set_attempt(conn, a, kiosk_id, card_id or a.new_card_id, atr, "taken", reason,
                          card_at or "citizen", at)
        if a.state != "written":
            return a.state
        conn.execute(applications.update().where(applications.c.id == a.id).values(
            state="delivered", updated_at=now_iso()))
        return "delivered"

    def _report_retained(self, conn, kiosk_id, a, card_id, atr, reason, card_at, at) -> str:
        self._set_attempt(conn, a, kiosk_id, card_id or a.new_card_id, atr, "retained", reason,
                          card_at or "reject_bin", at)
        if a.state != "written":
            return a.state
        stamp = now_iso()
        conn.execute(cards.update().where(cards.c.card_number == a.new_card_number).values(
            status="at_hall", updated_at=stamp))
        conn.execute(applications.update().where(applications.c.id == a.id).values(
            state="retained", last_reason=reason or "left at the gate", updated_at=stamp))
        return "retained"

    def _report_cancelled(self, conn, kiosk_id, a, card_id, atr, reason, card_at, at) -> str:
        if a.state != "open":
            return a.state  # a card is in work or written: its own reports settle it
        conn.execute(applications.update().where(applications.c.id == a.id).values(
            state="cancelled", last_reason=reason or "cancelled", updated_at=now_iso()))
        return "cancelled"


__all__ = ["SscStore", "applications", "attempts", "cards", "codes", "loss_reports", "people",
           "reports"]
