"""The identity check (人证核验), reusable by every journey that must know that the person at the
kiosk is the card's holder.

    self.identity = self.uses(IdentityCheck(self, on_verified=self._verified,
                                            window_category="police_household"))
    self.identity.begin()          # → the journey's steps id_card, id_consent, id_face …
    # on_verified(Verified(person, method, score, verification)) once it passed

Steps (journey step names, shown by :mod:`kiosk.ui.identity_screens`):

1. ``id_card`` — the ID card is read (:class:`IdCardStep`); the card's particulars the
   journey needs are kept as a :class:`Person` (no photo, no fingerprint), the chip photo is
   decoded by the reader when it can (``decode_photo``) and held in memory for the check.
2. ``id_consent`` — a separate consent before any biometric capture (PIPL art. 28–29: face
   and fingerprint are sensitive personal information; the purpose; that nothing is kept).
   Declining leads to ``id_window``: the way without biometrics (go to the window, which one).
3. ``id_face`` — the portrait camera's live picture; liveness by a blink
   (:mod:`kiosk.portrait.liveness`: what it stops and what not), then one picture of the face,
   sent with the chip photo to the identity service (``central.identity.compare_face``) —
   or ``id_finger`` when a fingerprint pad is fitted: the person's template from the identity
   service, then ``fingerprint.verify(template)`` on the pad. A pad that cannot match the
   service's template format says so (an error ``template_format``) and the face is used.
4. ``id_checking`` → verified (``on_verified``), or ``id_retry`` ("not matched, try again");
   the third failure ends the step at ``id_failed`` with a clear message and the window.

Biometric data — the chip photo, the live picture, the template — live only in this object's
memory, never in a log line (reprs say nothing), never in the outbox, a database or a file;
they are dropped when the check ends (passed, failed, declined) and when the session ends
(``close``). Python cannot overwrite an immutable ``bytes``: the step keeps them in
``bytearray`` buffers it zeroes, and hands the service short-lived copies.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.journeys.base import N_, Journey, Notice
from kiosk.journeys.steps.camera import CameraFeed
from kiosk.journeys.steps.idcard import IdCardStep

log = logging.getLogger(__name__)

CARD, CONSENT, FACE, FINGER = "id_card", "id_consent", "id_face", "id_finger"
CHECKING, RETRY, WINDOW, FAILED = "id_checking", "id_retry", "id_window", "id_failed"
STEPS = (CARD, CONSENT, FACE, FINGER, CHECKING, RETRY, WINDOW, FAILED)
INPUT_STEPS = frozenset({CARD, CONSENT, FACE, FINGER, RETRY})
MAX_FAILURES = 3
FINGER_KIND = "fingerprint"
#: what the identity service's templates are: the ID card's fingerprint features, which only
#: certified modules match (drivers.kinds.fingerprint.FORMAT_MINISTRY)
TEMPLATE_FORMAT = "ministry"

#: what the citizen is told on the live picture, by BlinkTracker prompt
FACE_PROMPTS = {
    "look": N_("请正对摄像头，看着屏幕"),
    "no_face": N_("请正对摄像头，把脸放进框内"),
    "one_face": N_("画面中只能有一个人，请其他人稍微让开"),
    "blink": N_("请眨一眨眼睛"),
    "hold": N_("很好，请保持不动"),
}


@dataclass(frozen=True)
class Person:
    """The card's particulars a document needs (no photo, no fingerprint). Personal data:
    the journey wipes it with the session."""

    name: str
    id_number: str
    gender: str = ""
    birth_date: str = ""
    ethnicity: str = ""
    address: str = ""

    def as_dict(self) -> dict:
        return {"name": self.name, "id_number": self.id_number, "gender": self.gender,
                "birth_date": self.birth_date, "ethnicity": self.ethnicity,
                "address": self.address}

    def __repr__(self) -> str:
        return "Person(…)"


@dataclass(frozen=True)
class Verified:
    person: Person
    method: str  # "face" | "fingerprint"
    score: int
    verification: object  # the identity service's token, or {"method": "fingerprint", …}

    def __repr__(self) -> str:
        return f"Verified({self.method}, {self.score})"


def person_of(card) -> Person:
    gender = getattr(card, "gender", "")
    gender = {"MALE": "男", "FEMALE": "女"}.get(getattr(gender, "name", str(gender)),
                                               str(getattr(gender, "value", "") or ""))
    birth = getattr(card, "birth_date", None)
    return Person(
        name=str(getattr(card, "name", "") or getattr(card, "name_en", "") or ""),
        id_number=str(getattr(card, "id_number", "") or ""),
        gender=gender if gender in ("男", "女") else "",
        birth_date=birth.isoformat() if birth is not None else "",
        ethnicity=str(getattr(card, "nation", "") or ""),
        address=str(getattr(card, "address", "") or ""))


def _zero(buf: bytearray | None) -> None:
    if buf is not None:
        buf[:] = bytes(len(buf))


class IdentityCheck:
    def __init__(self, journey: Journey, *, on_verified: Callable[[Verified], None],
                 window_category: str | None = None, max_failures: int = MAX_FAILURES) -> None:
        self.journey = journey
        self.shell = journey.shell
        self.on_verified = on_verified
        self.window_category = window_category
        self.max_failures = max_failures
        self.card = journey.uses(IdCardStep(journey, CARD, on_card=self._card_read))
        self.feed = CameraFeed(journey, FACE, None, self._face_result)
        journey.uses(self)
        self.person: Person | None = None
        self.failures = 0
        self.method: str | None = None  # "face" | "fingerprint" while checking
        self.prompt = "look"
        self.notice: Notice | None = None  # a one-line note on the current identity screen
        self.window_reason: str | None = None  # declined | no_means | failed | no_card
        #: the pad can match the identity service's templates (ministry format): asked of
        #: the pad (``capabilities``) once the card is read; False until it answered
        self.finger_capable = False
        self.last_score: int | None = None
        self._card_photo: bytearray | None = None
        self._live: bytearray | None = None
        self._template: bytearray | None = None
        self._tracker = None
        self._look = None
        self._capture = None

    # ------------------------------------------------------------------ the journey's side
    def begin(self) -> None:
        """Start at the card (or at consent, when the card was read already)."""
        self.failures = 0
        if self.person is not None:
            self.journey.go(CONSENT)
            return
        if not self.card.enter():
            self.window_reason = "no_card"
        self.journey.go(CARD)

    @property
    def finger_available(self) -> bool:
        return self.finger_capable and self.journey.kind_up(FINGER_KIND)

    @property
    def camera_available(self) -> bool:
        return self.journey.kind_up("camera")

    @property
    def tries_left(self) -> int:
        return max(0, self.max_failures - self.failures)

    def window(self) -> dict | None:
        """The hall's window for doing this without biometrics: {floor, zone, windows} in
        Chinese and English, or None when the hall does not say."""
        for c in getattr(self.shell.state, "categories", ()):
            if c.code == self.window_category:
                return {"floor": c.floor, "zone": c.zone_name, "zone_en": c.zone_name_en,
                        "windows": c.windows, "name": c.name, "name_en": c.name_en}
        return None

    # ------------------------------------------------------------------ taps
    @tap
    def agree(self) -> None:
        if not self.journey.at(CONSENT):
            return
        if self.camera_available:
            self._start_face()
        elif self.finger_available:
            self._start_finger()
        else:
            self._to_window("no_means")

    @tap
    def decline(self) -> None:
        if self.journey.at(CONSENT, FACE, FINGER, RETRY):
            self._to_window("declined")

    @tap
    def use_window(self) -> None:
        """The way without biometrics, offered on every identity screen."""
        if self.journey.at(*INPUT_STEPS):
            self._to_window("declined")

    @tap
    def use_finger(self) -> None:
        if self.journey.at(FACE, RETRY) and self.finger_available:
            self._start_finger()

    @tap
    def use_face(self) -> None:
        if self.journey.at(FINGER, RETRY) and self.camera_available:
            self._start_face()

    @tap
    def try_again(self) -> None:
        if not self.journey.at(RETRY, FINGER, FACE):
            return
        if self.method == "fingerprint" and self.finger_available:
            self._start_finger()
        elif self.camera_available:
            self._start_face()
        elif self.finger_available:
            self._start_finger()
        else:
            self._to_window("no_means")

    @tap
    def simulate_blink(self) -> None:
        """Mock mode: the camera's sitter blinks (the simulator's blinking scene)."""
        if self.journey.at(FACE):
            self.journey.mock("camera", "show_scene", scene="portrait_blinking")

    # ------------------------------------------------------------------ card
    def _card_read(self, card) -> None:
        self.person = person_of(card)
        self.journey.working = "reading"
        self.journey.device("idcard").decode_photo(card).then(self._photo, self._no_photo)

    def _photo(self, result) -> None:
        bmp = getattr(result, "bmp", None) if getattr(result, "available", False) else None
        _zero(self._card_photo)
        self._card_photo = bytearray(bmp) if bmp else None
        self._card_done()

    def _no_photo(self, exc: BaseException) -> None:
        log.info("identity: the card photo could not be decoded (%s): the photo of record "
                 "is used", type(exc).__name__)
        self._card_done()

    def _card_done(self) -> None:
        self.journey.working = None
        self.card.finish_lookup()  # the card object is wiped: we keep the Person only
        self.card.leave()
        if self.journey.kind_up(FINGER_KIND):
            self.journey.device(FINGER_KIND).capabilities().then(self._finger_caps,
                                                                 self._no_finger_caps)
        if self.journey.at(CARD):
            self.journey.go(CONSENT)

    def _finger_caps(self, caps) -> None:
        self.finger_capable = bool(getattr(caps, "can_match_ministry_templates", False))

    def _no_finger_caps(self, exc: BaseException) -> None:
        self.finger_capable = False
        log.info("identity: the fingerprint pad did not say what it matches (%s)",
                 type(exc).__name__)

    # ------------------------------------------------------------------ face
    def _start_face(self) -> None:
        from kiosk.portrait.liveness import BlinkTracker, LookAnalyser

        self.method = "face"
        self.notice = None
        self._tracker = BlinkTracker()
        self.prompt = "look"
        if self._look is None:
            self._look = LookAnalyser()
        self.feed.analyser = self._look
        self.journey.go(FACE)
        if not self.feed.start():
            self.notice = Notice("camera_unavailable")

    def _face_result(self, analysed) -> None:
        look = analysed.result
        if look is None:
            return
        if look.one_face:
            self.shell.note_activity()  # someone sits in front of the camera: not idle
        if look.jpeg is not None:
            self.feed.stop()
            _zero(self._live)
            self._live = bytearray(look.jpeg)
            self._compare_face()
            return
        if self._tracker.feed(look):
            from kiosk.portrait.liveness import CaptureAnalyser

            if self._capture is None:
                self._capture = CaptureAnalyser()
            self.feed.analyser = self._capture  # the next frame with open eyes is the picture
        self.prompt = self._tracker.prompt

    @property
    def face_notice(self) -> Notice | None:
        return self.notice or self.feed.notice

    def _compare_face(self) -> None:
        self.journey.working = "checking"
        self.journey.go(CHECKING)
        live = bytes(self._live or b"")
        photo = bytes(self._card_photo) if self._card_photo else None
        self.journey.central.identity.compare_face(self.person.id_number, live, photo).then(
            self._face_answer, self._service_failed)

    def _face_answer(self, answer) -> None:
        self._drop_live()
        self.journey.working = None
        self.last_score = int(getattr(answer, "score", 0) or 0)
        if getattr(answer, "match", False):
            self._passed("face", self.last_score, answer.verification)
        else:
            self._failed_try()

    # ------------------------------------------------------------------ fingerprint
    def _start_finger(self) -> None:
        self.feed.stop()
        self.method = "fingerprint"
        self.notice = None
        self.journey.go(FINGER)
        if self._template is not None:
            self._verify_finger()
            return
        self.journey.working = "template"
        self.journey.central.identity.fingerprint_template(
            self.person.id_number, TEMPLATE_FORMAT).then(self._template_got, self._service_failed)

    def _template_got(self, template: bytes) -> None:
        self.journey.working = None
        _zero(self._template)
        self._template = bytearray(template)
        if self.journey.at(FINGER):
            self._verify_finger()

    def _verify_finger(self) -> None:
        self.journey.device(FINGER_KIND).verify(bytes(self._template), TEMPLATE_FORMAT).then(
            self._finger_answer, self._finger_failed)

    def _finger_answer(self, score) -> None:
        if not self.journey.at(FINGER):
            return
        self.last_score = int(score or 0)
        if self.last_score > 0:
            self._passed("fingerprint", self.last_score,
                         {"method": "fingerprint", "score": self.last_score})
        else:
            self._failed_try()

    def _finger_failed(self, exc: BaseException) -> None:
        if not self.journey.at(FINGER):
            return
        code = str(getattr(exc, "code", "") or "")
        log.warning("identity: fingerprint verification failed: %s", code or type(exc).__name__)
        if code in ("unsupported_template", "bad_template"):
            # this pad cannot match the service's templates: the face, as the issue asks
            self.finger_capable = False
            if self.camera_available:
                self._start_face()
            else:
                self._to_window("no_means")
        elif code == "no_match":
            self._failed_try()
        elif code in ("no_finger", "poor_image"):
            # not a failed try: no finger, or an image the pad could not use — lift, place again
            self.notice = Notice(code)
        else:
            self.notice = Notice("device_error", FINGER_KIND,
                                 str(getattr(exc, "recovery", "") or "") or None, code or None)

    # ------------------------------------------------------------------ outcome
    def _service_failed(self, exc: BaseException) -> None:
        self._drop_live()
        self.journey.working = None
        code = str(getattr(exc, "code", "") or "")
        from kiosk.protocol import Err

        if code == Err.IDENTITY_NO_FACE:
            self.notice = Notice("no_face_found")
            self.journey.go(RETRY)  # nobody was compared: not a failed try
            return
        if code == Err.IDENTITY_NO_REFERENCE:
            self._to_window("no_reference")
            return
        self.journey.fail("identity_unavailable", (Action.RETRY, Action.STAFF, Action.HOME),
                          exc=exc, retry=self.try_again_after_error)

    def try_again_after_error(self) -> None:
        if self.method == "fingerprint":
            self._start_finger()
        else:
            self._start_face()

    def _failed_try(self) -> None:
        self.failures += 1
        log.info("identity: not matched (%d of %d)", self.failures, self.max_failures)
        if self.failures >= self.max_failures:
            self._end()
            self.window_reason = "failed"
            self.journey.go(FAILED)
            self.shell.after_work()
        else:
            self.notice = None
            self.journey.go(RETRY)

    def _passed(self, method: str, score: int, verification) -> None:
        person = self.person
        self._end()
        log.info("identity: verified by %s", method)
        self.on_verified(Verified(person, method, score, verification))

    def _to_window(self, reason: str) -> None:
        if self.journey.at(CARD):
            self.card.leave()  # no card wanted any more: the reader stops waiting
        self._end()
        self.window_reason = reason
        self.journey.go(WINDOW)

    def _drop_live(self) -> None:
        _zero(self._live)
        self._live = None

    def _end(self) -> None:
        """The check is over: no camera, no biometric data."""
        self.feed.stop()
        self._drop_live()
        _zero(self._card_photo)
        _zero(self._template)
        self._card_photo = self._template = None
        self._tracker = None
        self.notice = None

    # ------------------------------------------------------------------ shell side
    def on_health(self) -> None:
        if self.journey.at(FACE):
            self.feed.on_health()

    def close(self) -> None:
        self._end()
        self.feed.close()
        self.person = None
        self.failures = 0
        self.method = None
        self.window_reason = None

    @property
    def holds_biometrics(self) -> bool:
        """True while any biometric datum is in memory (tests)."""
        return any(b is not None for b in (self._card_photo, self._live, self._template))

    def __repr__(self) -> str:
        return f"IdentityCheck(failures={self.failures})"
